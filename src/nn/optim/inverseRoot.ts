/**
 * Inverse p-th roots of symmetric PSD statistics, in float64 through the eigendecomposition
 * (src/linalg), as Shampoo needs them: (L + eps lambda_max(L) I)^(-1/p).
 */
import { InfogeoError } from '../../errors.js';
import { eighSym } from '../../linalg/eigh.js';
import { gemmNT } from '../../linalg/gemm.js';
import { symmetrize } from '../../linalg/matrix.js';

/**
 * out = (A + eps max(lambda_max(A), tiny) I)^(-1/p) for a symmetric PSD n x n matrix A.
 *
 * Formula: Q diag((w_i + eps w_max)^(-1/p)) Q^T with A = Q diag(w) Q^T; eigenvalues below 0
 * from round-off are clipped to 0; the regulariser is relative to the largest eigenvalue
 * (Anil et al. 2020, "Scalable second order optimization for deep learning") so that it does not
 * depend on the gradients' scale. A = 0 gives the identity. Domain: A symmetric with finite
 * entries; p > 0; eps > 0. `out` may alias `a`. Returns `out`, or null if the
 * eigendecomposition fails (non-finite entries).
 *
 * @example inverseRoot(new Float64Array(4), Float64Array.of(16, 0, 0, 1), 2, 4, 1e-12) // ~[0.5, 0, 0, 1]
 */
export function inverseRoot(out: Float64Array, a: Float64Array, n: number, p: number, eps: number): Float64Array | null {
  if (!(p > 0) || !Number.isFinite(p)) throw new InfogeoError('inverseRoot', 'p', p, 'a finite number > 0');
  if (!(eps > 0) || !Number.isFinite(eps)) throw new InfogeoError('inverseRoot', 'eps', eps, 'a finite number > 0');
  const w = new Float64Array(n);
  const q = new Float64Array(n * n);
  if (!eighSym(w, q, a, n)) return null;
  let wmax = 0;
  for (let i = 0; i < n; i++) wmax = Math.max(wmax, w[i]);
  if (!(wmax > 0)) {
    out.fill(0);
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
    return out;
  }
  const shift = eps * wmax;
  const qs = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const f = Math.pow(Math.max(w[k], 0) + shift, -1 / p);
    for (let i = 0; i < n; i++) qs[i * n + k] = q[i * n + k] * f;
  }
  gemmNT(out, qs, q, n, n, n);
  return symmetrize(out, out, n);
}
