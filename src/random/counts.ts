import { sampleGamma } from './gamma.js';
import { logFactorialRatio, poissonLogPmfAtFloor } from './logfactorial.js';
import type { Rng } from './rng.js';

// Binomial, Poisson and negative-binomial samplers, exact (up to float64 rounding) for any
// parameters. Internal kernels: parameters are assumed validated.

/** Inversion gives up (and restarts) past this count; P(X > 110) < 1e-50 when the mean is < 10. */
const INVERSION_CAP = 110;

/**
 * One draw from Binomial(n, p): the number of successes in n independent trials.
 *
 * With q = min(p, 1 - p) (and n - X returned when p > 1/2): sequential inversion from 0 when
 * n q < 10 (expected cost n q + 1 steps, pmf recurrence f(x) / f(x-1) = ((n + 1)/x - 1) q/(1-q),
 * f(0) = exp(n log1p(-q))); otherwise Hormann's BTRS, transformed rejection with squeeze
 * (W. Hormann 1993, "The generation of binomial random variates", J. Statist. Comput. Simul.
 * 46, 101-110), whose acceptance test uses log f(k)/f(m) = log(m!/k!) + log((n-m)!/(n-k)!)
 * + (k - m) log(q/(1-q)) formed with Stirling differences (`logFactorialRatio`), so it keeps an
 * absolute accuracy near 1e-10 at n = 1e9 instead of the 1e-6 of subtracting lgamma values.
 *
 * Domain: n a non-negative integer up to 2^53 (tested to 1e9), p in [0, 1].
 * @example sampleBinomial(rng(1), 20, 0.7) // an integer in 0..20; mean 14
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  return p > 0.5 ? n - binomialSmallP(rng, n, 1 - p) : binomialSmallP(rng, n, p);
}

function binomialSmallP(rng: Rng, n: number, p: number): number {
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}

function binomialInversion(rng: Rng, n: number, p: number): number {
  const s = p / (1 - p);
  const a = (n + 1) * s;
  const f0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = rng.next();
    let f = f0;
    let x = 0;
    while (u >= f && x <= INVERSION_CAP) {
      u -= f;
      x++;
      f *= a / x - s;
    }
    // Past the cap only when rounding left u above the remaining mass: draw again.
    if (x <= INVERSION_CAP) return x;
  }
}

function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spq;
  const vr = 0.92 - 4.2 / b;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lhs = Math.log((v * alpha) / (a / (us * us) + b));
    const rhs = logFactorialRatio(m, k) + logFactorialRatio(n - m, n - k) + (k - m) * lpq;
    if (lhs <= rhs) return k;
  }
}

/**
 * One draw from Poisson(rate), P(X = k) = e^-rate rate^k / k!.
 *
 * Sequential inversion from 0 for rate < 10 (expected rate + 1 steps); otherwise Hormann's
 * PTRS, transformed rejection with squeeze (W. Hormann 1993, "The transformed rejection method
 * for generating Poisson random variables", Insurance: Mathematics and Economics 12, 39-45).
 * Its acceptance test needs -rate + k log(rate) - log k!, formed here as the log-pmf at
 * floor(rate) plus a Stirling difference, so it stays accurate to about 1e-10 at rate = 1e8
 * (the three raw terms are each near 2e9 there).
 *
 * Domain: rate >= 0 finite (tested to 1e8; fine up to about 1e15); rate = 0 returns 0.
 * @example samplePoisson(rng(1), 5) // an integer >= 0; mean 5
 */
export function samplePoisson(rng: Rng, rate: number): number {
  if (!(rate > 0)) return 0;
  return rate < 10 ? poissonInversion(rng, rate) : poissonPtrs(rng, rate);
}

function poissonInversion(rng: Rng, rate: number): number {
  const f0 = Math.exp(-rate);
  for (;;) {
    let u = rng.next();
    let f = f0;
    let x = 0;
    while (u >= f && x <= INVERSION_CAP) {
      u -= f;
      x++;
      f *= rate / x;
    }
    if (x <= INVERSION_CAP) return x;
  }
}

function poissonPtrs(rng: Rng, lambda: number): number {
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * Math.sqrt(lambda);
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  const m = Math.floor(lambda);
  const logPmfM = poissonLogPmfAtFloor(lambda, m);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr && k >= 0) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v * invAlpha) - Math.log(a / (us * us) + b);
    const rhs = logPmfM + (k - m) * logLambda - logFactorialRatio(k, m);
    if (lhs <= rhs) return k;
  }
}

/**
 * One draw from NegativeBinomial(r, p): the number of failures before the r-th success in
 * trials with success probability p, P(X = k) = Gamma(k + r) / (Gamma(r) k!) p^r (1 - p)^k;
 * mean r (1 - p) / p, variance r (1 - p) / p^2. As the gamma-Poisson mixture
 * X | L ~ Poisson(L), L ~ Gamma(r, rate p / (1 - p)), which holds for real r > 0.
 *
 * Domain: r > 0 real, p in (0, 1] (p = 1 returns 0); the Poisson mean L should stay below about
 * 1e15 (r (1 - p) / p up to 1e8 is tested).
 * @example sampleNegativeBinomial(rng(1), 3, 0.25) // an integer >= 0; mean 9
 */
export function sampleNegativeBinomial(rng: Rng, r: number, p: number): number {
  if (p >= 1) return 0;
  return samplePoisson(rng, sampleGamma(rng, r, p / (1 - p)));
}
