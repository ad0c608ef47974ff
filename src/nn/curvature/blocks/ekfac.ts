/**
 * The eigenvalue-corrected Kronecker-factored block (EKFAC; George, Laurent, Bouthillier, Ballas
 * and Vincent 2018): keep K-FAC's eigenbasis Q_A (x) Q_G but replace the Kronecker product of
 * eigenvalues by the exact second moments of the per-example gradients in that basis,
 *   C = (Q_A (x) Q_G) diag(s) (Q_A (x) Q_G)^T,  s_ij = E[((Q_A^T a)_i (Q_G^T g)_j)^2],
 * the best diagonal approximation in the Kronecker eigenbasis (Frobenius norm). On a layer
 * matrix: C V = Q_A ((Q_A^T V Q_G) * S) Q_G^T.
 */
import { tf } from '../../backend.js';
import { matmul } from '../../matmul.js';
import { InfogeoError } from '../../../errors.js';
import { checkMultiply, dampedPower, type CurvatureBlock } from './block.js';

/**
 * An EKFAC block from orthogonal bases (float64 rows x rows and cols x cols, eigenvectors as
 * columns) and the scaling s ([rows, cols] float64, entries >= 0).
 *
 * Formula: (C + lambda I)^p V = Q_A ((Q_A^T V Q_G) * (s + lambda)^p) Q_G^T. Domain: Q_A, Q_G
 * orthogonal; s >= 0 finite; lambda >= 0, with s + lambda > 0 for p < 0.
 *
 * @example ekfacBlock(Float64Array.of(1, 0, 0, 1), Float64Array.of(1), Float64Array.of(4, 1), 2, 1).multiply(tf.tensor2d([[1], [1]]), 0, -1) // [[0.25], [1]]
 */
export function ekfacBlock(qa: Float64Array, qg: Float64Array, s: Float64Array, rows: number, cols: number, name = 'layer'): CurvatureBlock {
  const where = `ekfacBlock(${name})`;
  if (qa.length !== rows * rows) throw new InfogeoError(where, 'qa', qa.length, `${rows * rows} entries`);
  if (qg.length !== cols * cols) throw new InfogeoError(where, 'qg', qg.length, `${cols * cols} entries`);
  if (s.length !== rows * cols) throw new InfogeoError(where, 's', s.length, `${rows * cols} entries`);
  for (let i = 0; i < s.length; i++) if (!(s[i] >= 0) || !Number.isFinite(s[i])) throw new InfogeoError(where, `s[${i}]`, s[i], 'a finite number >= 0');
  const qaT = tf.keep(tf.tensor2d(Float32Array.from(qa), [rows, rows]));
  const qgT = tf.keep(tf.tensor2d(Float32Array.from(qg), [cols, cols]));
  return {
    kind: 'ekfac',
    rows,
    cols,
    multiply(v, damping, power) {
      checkMultiply(`${where}.multiply`, rows, cols, v, damping, power);
      if (power === 0) return v.clone();
      const sc = new Float32Array(s.length);
      for (let i = 0; i < s.length; i++) sc[i] = dampedPower(`${where}.multiply`, s[i] + damping, power);
      return tf.tidy(() => {
        const t = tf.matMul(matmul(qaT, v, true, false), qgT);
        return matmul(tf.matMul(qaT, tf.mul(t, tf.tensor2d(sc, [rows, cols]))), qgT, false, true);
      });
    },
    toMatrix() {
      // C = K diag(s) K^T with K = Q_A (x) Q_G: K[(i,j),(k,l)] = qa[i,k] qg[j,l].
      const d = rows * cols;
      const k = new Float64Array(d * d);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
          for (let a = 0; a < rows; a++) for (let b = 0; b < cols; b++) k[(i * cols + j) * d + a * cols + b] = qa[i * rows + a] * qg[j * cols + b];
      const m = new Float64Array(d * d);
      for (let r = 0; r < d; r++)
        for (let c = 0; c <= r; c++) {
          let t = 0;
          for (let e = 0; e < d; e++) t += k[r * d + e] * s[e] * k[c * d + e];
          m[r * d + c] = t;
          m[c * d + r] = t;
        }
      return m;
    },
    dispose: () => tf.dispose([qaT, qgT]),
  };
}
