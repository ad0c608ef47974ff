/**
 * The Kronecker-factored block of K-FAC (Martens and Grosse 2015): a dense layer's Fisher block
 * E[(a a^T) (x) (g g^T)] approximated by A (x) G with A = E[a a^T] (inputs, with the homogeneous 1)
 * and G = E[g g^T] (gradients of the loss with respect to the layer's pre-activations). On the
 * layer matrix V ([in + 1, out], row-major vec), (A (x) G) vec(V) = vec(A V G).
 *
 * Damping (section 6.3 of the paper):
 *   'factored' (default): (A + pi sqrt(lambda) I) (x) (G + sqrt(lambda) / pi I),
 *                         pi = sqrt((tr A / (in + 1)) / (tr G / out)); powers act factor-wise,
 *                         and power -1 uses two float64 Cholesky inverses;
 *   'exact':              A (x) G + lambda I through the eigenbases of A and G.
 * Factor inverses and eigenbases are computed in float64 with src/linalg, then uploaded as
 * float32 tensors and cached per (damping, power).
 */
import { tf } from '../../backend.js';
import { matmul } from '../../matmul.js';
import { InfogeoError } from '../../../errors.js';
import { eighSym } from '../../../linalg/eigh.js';
import { invSPD } from '../../../linalg/cholesky.js';
import { checkMultiply, dampedPower, type CurvatureBlock } from './block.js';

/** Options of {@link kroneckerBlock}. */
export interface KroneckerOptions {
  /** How damping enters (see the module comment). Default 'factored'. */
  damping?: 'factored' | 'exact';
  /** The layer's name, for error messages. */
  name?: string;
}

/** The eigendecompositions A = Q_A diag(wA) Q_A^T, G = Q_G diag(wG) Q_G^T (float64, eigenvectors as columns). */
export interface KroneckerEigen {
  qa: Float64Array;
  wa: Float64Array;
  qg: Float64Array;
  wg: Float64Array;
}

/** A Kronecker-factored block, which also exposes its factors' eigenbases (for EKFAC) and pi. */
export interface KroneckerBlock extends CurvatureBlock {
  readonly kind: 'kronecker';
  /** The factored-damping ratio pi. */
  readonly pi: number;
  /** The factors' eigendecompositions (computed on first use, then cached). */
  eigen(): KroneckerEigen;
}

/** Eigendecomposition with round-off negatives clipped to 0; throws a typed error naming the factor. */
export function eighPsd(where: string, param: string, a: Float64Array, n: number): [Float64Array, Float64Array] {
  const w = new Float64Array(n);
  const q = new Float64Array(n * n);
  if (!eighSym(w, q, a, n)) throw new InfogeoError(where, param, 'a matrix with non-finite entries', 'a finite symmetric PSD factor', 'the factor statistics contain NaN or Infinity');
  for (let i = 0; i < n; i++) if (w[i] < 0) w[i] = 0;
  return [w, q];
}

function trace(a: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i];
  return t;
}

function shifted(a: Float64Array, n: number, s: number): Float64Array {
  const out = Float64Array.from(a);
  for (let i = 0; i < n; i++) out[i * n + i] += s;
  return out;
}

/**
 * A Kronecker-factored curvature block A (x) G from its factors (float64, row-major; A is
 * rows x rows, G cols x cols; the block copies neither, so do not modify them afterwards).
 *
 * Formula: see the module comment. Domain: A, G symmetric PSD with finite entries; damping >= 0.
 * A factor that fails to invert (not positive definite after damping, or non-finite) raises an
 * InfogeoError naming the layer and the factor.
 *
 * @example
 * kroneckerBlock(Float64Array.of(2, 0, 0, 1), Float64Array.of(4), 2, 1, { damping: 'exact' })
 *   .multiply(tf.tensor2d([[1], [1]]), 0, -1) // [[0.125], [0.25]]  (= V / (A_ii G))
 */
export function kroneckerBlock(a: Float64Array, g: Float64Array, rows: number, cols: number, options: KroneckerOptions = {}): KroneckerBlock {
  const name = options.name ?? 'layer';
  const where = `kroneckerBlock(${name})`;
  const mode = options.damping ?? 'factored';
  if (mode !== 'factored' && mode !== 'exact') throw new InfogeoError(where, 'options.damping', mode, "'factored' or 'exact'");
  if (!(a instanceof Float64Array) || a.length !== rows * rows) throw new InfogeoError(where, 'A', a?.length, `a Float64Array of ${rows * rows} entries`);
  if (!(g instanceof Float64Array) || g.length !== cols * cols) throw new InfogeoError(where, 'G', g?.length, `a Float64Array of ${cols * cols} entries`);
  const ta = trace(a, rows) / rows;
  const tg = trace(g, cols) / cols;
  const pi = ta > 0 && tg > 0 && Number.isFinite(ta) && Number.isFinite(tg) ? Math.sqrt(ta / tg) : 1;

  let eig: KroneckerEigen | null = null;
  const eigen = (): KroneckerEigen => {
    if (!eig) {
      const [wa, qa] = eighPsd(where, 'A', a, rows);
      const [wg, qg] = eighPsd(where, 'G', g, cols);
      eig = { qa, wa, qg, wg };
    }
    return eig;
  };
  let eigT: { qa: tf.Tensor2D; qg: tf.Tensor2D } | null = null;
  let cache: { key: string; left: tf.Tensor2D; right: tf.Tensor2D } | null = null;

  const factorPair = (damping: number, power: number): { left: tf.Tensor2D; right: tf.Tensor2D } => {
    const key = `${damping}|${power}`;
    if (cache && cache.key === key) return cache;
    const sa = pi * Math.sqrt(damping);
    const sg = Math.sqrt(damping) / pi;
    let left: Float64Array;
    let right: Float64Array;
    if (power === 1) {
      left = shifted(a, rows, sa);
      right = shifted(g, cols, sg);
    } else {
      const la = invSPD(new Float64Array(rows * rows), shifted(a, rows, sa), rows);
      if (!la) throw new InfogeoError(where, 'A', `A + ${sa} I`, 'a factor that is positive definite after damping', 'Cholesky failed: increase the damping');
      const lg = invSPD(new Float64Array(cols * cols), shifted(g, cols, sg), cols);
      if (!lg) throw new InfogeoError(where, 'G', `G + ${sg} I`, 'a factor that is positive definite after damping', 'Cholesky failed: increase the damping');
      left = la;
      right = lg;
    }
    if (cache) tf.dispose([cache.left, cache.right]);
    cache = { key, left: tf.keep(tf.tensor2d(Float32Array.from(left), [rows, rows])), right: tf.keep(tf.tensor2d(Float32Array.from(right), [cols, cols])) };
    return cache;
  };

  return {
    kind: 'kronecker',
    rows,
    cols,
    pi,
    eigen,
    multiply(v, damping, power) {
      checkMultiply(`${where}.multiply`, rows, cols, v, damping, power);
      if (power === 0) return v.clone();
      if (mode === 'factored' && (power === 1 || power === -1)) {
        const { left, right } = factorPair(damping, power);
        return tf.tidy(() => tf.matMul(tf.matMul(left, v), right));
      }
      const e = eigen();
      if (!eigT) eigT = { qa: tf.keep(tf.tensor2d(Float32Array.from(e.qa), [rows, rows])), qg: tf.keep(tf.tensor2d(Float32Array.from(e.qg), [cols, cols])) };
      const s = new Float32Array(rows * cols);
      const sa = pi * Math.sqrt(damping);
      const sg = Math.sqrt(damping) / pi;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = mode === 'factored' ? (e.wa[i] + sa) * (e.wg[j] + sg) : e.wa[i] * e.wg[j] + damping;
          s[i * cols + j] = dampedPower(`${where}.multiply`, x, power);
        }
      }
      const { qa, qg } = eigT;
      return tf.tidy(() => {
        const t = tf.matMul(matmul(qa, v, true, false), qg);
        return matmul(tf.matMul(qa, tf.mul(t, tf.tensor2d(s, [rows, cols]))), qg, false, true);
      });
    },
    toMatrix() {
      const d = rows * cols;
      const m = new Float64Array(d * d);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
          for (let k = 0; k < rows; k++) for (let l = 0; l < cols; l++) m[(i * cols + j) * d + k * cols + l] = a[i * rows + k] * g[j * cols + l];
      return m;
    },
    dispose() {
      if (cache) tf.dispose([cache.left, cache.right]);
      if (eigT) tf.dispose([eigT.qa, eigT.qg]);
      cache = null;
      eigT = null;
    },
  };
}
