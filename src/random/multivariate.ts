import { sampleBinomial } from './counts.js';
import { sampleLogGamma } from './gamma.js';
import type { Rng } from './rng.js';

// Vector-valued samplers writing into `out`. Internal kernels: parameters are assumed validated.

/** The largest double below 1, 1 - 2^-53. */
const ONE_BELOW = 1 - 2 ** -53;

/**
 * One draw from Dirichlet(alpha) written into `out` (length k = alpha.length), returned.
 * X_i = G_i / sum_j G_j with independent G_i ~ Gamma(alpha_i, 1), normalised in log space:
 * x_i = exp(log G_i - max_j log G_j) / sum, so alphas as small as 1e-300 (whose gammas underflow)
 * still give the right vertex-heavy draws. Components that round to 0 are returned as
 * Number.MIN_VALUE and those that round to 1 as 1 - 2^-53, keeping every x_i in the support
 * (0, 1) when k >= 2 (k = 1 gives [1]); the sum is 1 to rounding.
 *
 * Domain: every alpha_i > 0 finite, k >= 1. `out` may alias `alpha`.
 * @example sampleDirichlet(rng(1), new Float64Array([1, 2, 3]), new Float64Array(3)) // sums to 1; mean [1/6, 1/3, 1/2]
 */
export function sampleDirichlet(rng: Rng, alpha: Float64Array, out: Float64Array): Float64Array {
  const k = alpha.length;
  let max = -Infinity;
  for (let i = 0; i < k; i++) {
    const l = sampleLogGamma(rng, alpha[i]);
    out[i] = l;
    if (l > max) max = l;
  }
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const e = Math.exp(out[i] - max);
    out[i] = e;
    sum += e;
  }
  if (k === 1) {
    out[0] = 1; // the one-point simplex
    return out;
  }
  for (let i = 0; i < k; i++) {
    const x = out[i] / sum;
    out[i] = x <= 0 ? Number.MIN_VALUE : x >= 1 ? ONE_BELOW : x;
  }
  return out;
}

/**
 * One draw from Multinomial(n, probs) written into `out` as counts (float64), returned.
 * Sequential conditional binomials: X_i | X_<i ~ Binomial(n - sum_{j<i} X_j, p_i / sum_{j>=i} p_j);
 * the tail sums are formed from the end (in `out`, before it is overwritten), so no mass is lost
 * to cancellation and a zero tail gives an exact ratio of 1. Cost O(k) binomial draws, each O(1)
 * expected, whatever n.
 *
 * Domain: n a non-negative integer (tested to 1e9), probs non-negative with a positive sum
 * (normally 1), k >= 1. `out` must not alias `probs`.
 * @example sampleMultinomial(rng(1), 10, new Float64Array([0.2, 0.8]), new Float64Array(2)) // counts summing to 10
 */
export function sampleMultinomial(rng: Rng, n: number, probs: Float64Array, out: Float64Array): Float64Array {
  const k = probs.length;
  let acc = 0;
  for (let i = k - 1; i >= 0; i--) {
    acc += probs[i];
    out[i] = acc;
  }
  let left = n;
  for (let i = 0; i < k - 1; i++) {
    const tail = out[i];
    if (left === 0 || !(tail > 0)) {
      out[i] = 0;
      continue;
    }
    const x = sampleBinomial(rng, left, Math.min(1, probs[i] / tail));
    out[i] = x;
    left -= x;
  }
  if (k > 0) out[k - 1] = left;
  return out;
}

/**
 * One draw from the d-variate Normal(mean, L L^T) written into `out`, returned: x = mean + L z
 * with z standard normal, L the lower-triangular Cholesky factor of the covariance, row-major
 * d x d (entries above the diagonal are ignored). Computed in place from the last row up, so no
 * scratch vector is needed.
 *
 * Domain: mean length d, cholL length d*d with a finite lower triangle (a positive diagonal for a
 * non-degenerate covariance). `out` (length d) must not alias `mean` or `cholL`.
 * @example sampleMvNormal(rng(1), new Float64Array([0, 0]), new Float64Array([1, 0, 0.5, 1]), 2, new Float64Array(2))
 * // a point with covariance [[1, 0.5], [0.5, 1.25]]
 */
export function sampleMvNormal(
  rng: Rng,
  mean: Float64Array,
  cholL: Float64Array,
  d: number,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < d; i++) out[i] = rng.normal();
  for (let i = d - 1; i >= 0; i--) {
    const row = i * d;
    let s = 0;
    for (let j = 0; j <= i; j++) s += cholL[row + j] * out[j];
    out[i] = mean[i] + s;
  }
  return out;
}
