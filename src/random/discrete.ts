import type { Rng } from './rng.js';

// Bernoulli, categorical (linear search and Walker/Vose alias table) and geometric samplers.
// Internal kernels: parameters are assumed validated.

/**
 * One draw from Bernoulli(p): 1 with probability p, else 0. Domain: p in [0, 1].
 * @example sampleBernoulli(rng(1), 0.3) // 0 or 1; mean 0.3
 */
export function sampleBernoulli(rng: Rng, p: number): number {
  return rng.next() < p ? 1 : 0;
}

/**
 * One draw from Categorical(probs): index i with probability probs[i] / sum(probs), by a linear
 * search of the cumulative sums (O(k) per draw; for many draws use `categoricalSampler`).
 * An index with probability 0 is never returned, even when the cumulative sum rounds below the
 * uniform. Domain: probs non-negative with a positive, finite sum (normally 1), length k >= 1.
 * @example sampleCategorical(rng(1), new Float64Array([0.2, 0.8])) // 0 or 1
 */
export function sampleCategorical(rng: Rng, probs: Float64Array): number {
  const k = probs.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += probs[i];
  const u = rng.next() * total;
  let cum = 0;
  let last = 0;
  for (let i = 0; i < k; i++) {
    const p = probs[i];
    if (p > 0) {
      cum += p;
      last = i;
      if (u < cum) return i;
    }
  }
  return last;
}

/**
 * A sampler for Categorical(probs) with O(1) cost per draw after O(k) set-up: Walker's alias
 * method with Vose's (1991) stable construction. Each of the k columns holds a threshold and an
 * alias; a draw picks a column i and a fraction f from one uniform u k = i + f, and returns i if
 * f < threshold[i], else alias[i]. The probabilities are copied, so `probs` may change later.
 *
 * Domain: probs non-negative with a positive, finite sum (normalised here), length k >= 1
 * (tested at k = 10,000).
 * @example const draw = categoricalSampler(new Float64Array([0.5, 0.25, 0.25])); draw(rng(1)) // 0, 1 or 2
 */
export function categoricalSampler(probs: Float64Array): (rng: Rng) => number {
  const k = probs.length;
  const threshold = new Float64Array(k);
  const alias = new Int32Array(k);
  const scaled = new Float64Array(k);
  const small = new Int32Array(k);
  const large = new Int32Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) total += probs[i];
  const scale = k / total;
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < k; i++) {
    scaled[i] = probs[i] * scale;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    threshold[s] = scaled[s];
    alias[s] = l;
    // Vose: (p_l + p_s) - 1 rather than p_l - (1 - p_s), which loses p_s when it is tiny.
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // What remains has scaled mass 1 up to rounding.
  while (nl > 0) {
    const l = large[--nl];
    threshold[l] = 1;
    alias[l] = l;
  }
  while (ns > 0) {
    const s = small[--ns];
    threshold[s] = 1;
    alias[s] = s;
  }
  return (rng: Rng): number => {
    const u = rng.next() * k;
    const i = Math.floor(u);
    return u - i < threshold[i] ? i : alias[i];
  };
}

/**
 * One draw from Geometric(p) on {1, 2, ...}, the number of trials up to and including the first
 * success: P(X = k) = (1 - p)^(k-1) p, mean 1/p. Inversion, X = 1 + floor(E / -log1p(-p)) with
 * E standard exponential, since P(X > k) = (1 - p)^k; log1p keeps tiny p (1e-12 and below)
 * exact. Domain: p in (0, 1]; p = 1 returns 1.
 * @example sampleGeometric(rng(1), 0.25) // an integer >= 1; mean 4
 */
export function sampleGeometric(rng: Rng, p: number): number {
  if (p >= 1) return 1;
  return 1 + Math.floor(rng.exponential() / -Math.log1p(-p));
}
