import type { Rng } from './rng.js';

// Gamma, log-gamma and beta samplers. Internal kernels: parameters are assumed validated.

/** The largest double below 1, 1 - 2^-53. */
const ONE_BELOW = 1 - 2 ** -53;

/**
 * Gamma(shape, 1) for shape >= 1 by Marsaglia and Tsang (2000), "A simple method for generating
 * gamma variables": d = shape - 1/3, c = 1/sqrt(9d), V = (1 + cZ)^3, accept dV when
 * log U < Z^2/2 + d (1 - V + log V), with the squeeze U < 1 - 0.0331 Z^4 first. The acceptance
 * rate is above 0.95 for every shape >= 1 and tends to 1; at shape 1e8, d (1 - V + log V)
 * carries an absolute rounding error near 1e-12, far below any observable effect.
 */
function marsagliaTsang(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextOpen();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * log X for one draw X from Gamma(shape, 1), accurate for every shape in [1e-300, 1e8].
 *
 * Shape >= 1: the log of a Marsaglia-Tsang draw. Shape < 1: the boost
 * X = G(shape + 1) U^(1/shape) (Marsaglia and Tsang 2000, section 6), taken in logs,
 * log X = log G(shape + 1) + log(U) / shape, so that shapes such as 1e-3 (where X < 1e-308 about
 * half the time) or 1e-300 (where log X is about -1e300) keep a finite, exact log; X itself
 * would underflow. Used by beta and Dirichlet with small parameters.
 *
 * Domain: shape > 0 (finite; shapes below 1e-300 may give -Infinity).
 * @example sampleLogGamma(rng(1), 1e-3) // typically near -1000; E = digamma(1e-3) = -1000.58
 */
export function sampleLogGamma(rng: Rng, shape: number): number {
  if (shape >= 1) return Math.log(marsagliaTsang(rng, shape));
  return Math.log(marsagliaTsang(rng, shape + 1)) + Math.log(rng.nextOpen()) / shape;
}

/**
 * One draw from Gamma(shape, rate), density rate^shape x^(shape-1) e^(-rate x) / Gamma(shape);
 * mean shape/rate, variance shape/rate^2. Marsaglia-Tsang for shape >= 1; for shape < 1 the
 * boost of `sampleLogGamma`, exponentiated after subtracting log(rate).
 *
 * Draws below the smallest positive double (frequent for shape below about 1e-2) are returned
 * as Number.MIN_VALUE (5e-324) instead of 0, so the result stays in the support (0, Infinity);
 * when the size of such values matters, use `sampleLogGamma`.
 *
 * Domain: shape in (0, 1e8] or beyond (any finite shape > 0 works; tested from 1e-300 to 1e8),
 * rate > 0.
 * @example sampleGamma(rng(1), 2, 0.5) // > 0; mean 4, variance 8
 */
export function sampleGamma(rng: Rng, shape: number, rate: number): number {
  if (shape >= 1) return marsagliaTsang(rng, shape) / rate;
  const x = Math.exp(sampleLogGamma(rng, shape) - Math.log(rate));
  return x > 0 ? x : Number.MIN_VALUE;
}

/**
 * One draw from Beta(a, b), density x^(a-1) (1-x)^(b-1) / B(a, b) on (0, 1); mean a/(a+b).
 * X = G_a / (G_a + G_b) with independent Gamma(a, 1) and Gamma(b, 1) draws; when a or b is
 * below 1 the ratio is formed from their logs, X = 1 / (1 + exp(log G_b - log G_a)), so that
 * Beta(1e-3, 1e-3), whose draws sit within 1e-300 of 0 or 1 about half the time, is still
 * sampled exactly up to rounding.
 *
 * The result is clamped to the open interval: values that round to 0 become Number.MIN_VALUE,
 * values that round to 1 become 1 - 2^-53 (the largest double below 1).
 *
 * Domain: a > 0, b > 0 (tested from 1e-3 to 1e6).
 * @example sampleBeta(rng(1), 2, 3) // in (0, 1); mean 0.4
 */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  let x: number;
  if (a >= 1 && b >= 1) {
    const ga = marsagliaTsang(rng, a);
    const gb = marsagliaTsang(rng, b);
    x = ga / (ga + gb);
  } else {
    const la = sampleLogGamma(rng, a);
    const lb = sampleLogGamma(rng, b);
    x = 1 / (1 + Math.exp(lb - la));
  }
  return x <= 0 ? Number.MIN_VALUE : x >= 1 ? ONE_BELOW : x;
}
