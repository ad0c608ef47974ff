/**
 * The full block: the layer's exact (or estimated) Fisher block C as a dense matrix, applied
 * through its eigendecomposition in float64. For small layers and as the reference the
 * structured blocks are tested against.
 */
import { tf } from '../../backend.js';
import { InfogeoError } from '../../../errors.js';
import { eighSym } from '../../../linalg/eigh.js';
import { gemv, gemvT } from '../../../linalg/gemv.js';
import { checkMultiply, dampedPower, type CurvatureBlock } from './block.js';

/**
 * A full curvature block from a dense symmetric PSD matrix C of size (rows cols)^2.
 *
 * Formula: (C + lambda I)^p v = Q diag((w_i + lambda)^p) Q^T v with C = Q diag(w) Q^T (computed
 * once, lazily; eigenvalues below 0 from round-off are clipped to 0). Domain: C symmetric PSD,
 * finite; lambda >= 0; for p < 0 or non-integer p, C + lambda I positive definite.
 *
 * @example fullBlock(Float64Array.of(2, 0, 0, 8), 2, 1).multiply(tf.tensor2d([[1], [1]]), 0, -0.5) // [[0.7071], [0.3536]]
 */
export function fullBlock(c: Float64Array, rows: number, cols: number): CurvatureBlock {
  const d = rows * cols;
  if (!(c instanceof Float64Array) || c.length !== d * d) throw new InfogeoError('fullBlock', 'c', c?.length, `a Float64Array of ${d * d} entries`);
  let w: Float64Array | null = null;
  let q: Float64Array | null = null;
  const decompose = (): void => {
    if (w) return;
    w = new Float64Array(d);
    q = new Float64Array(d * d);
    if (!eighSym(w, q, c, d)) throw new InfogeoError('fullBlock', 'c', 'non-finite', 'a finite symmetric matrix');
    for (let i = 0; i < d; i++) if (w[i] < 0) w[i] = 0;
  };
  return {
    kind: 'full',
    rows,
    cols,
    multiply(v, damping, power) {
      checkMultiply('fullBlock.multiply', rows, cols, v, damping, power);
      decompose();
      const x = Float64Array.from(v.dataSync());
      const t = gemvT(new Float64Array(d), q!, x, d, d);
      for (let i = 0; i < d; i++) t[i] *= dampedPower('fullBlock.multiply', w![i] + damping, power);
      return tf.tensor2d(Float32Array.from(gemv(x, q!, t, d, d)), [rows, cols]);
    },
    toMatrix: () => Float64Array.from(c),
    dispose() {},
  };
}
