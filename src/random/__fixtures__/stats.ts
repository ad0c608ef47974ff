// Test helpers for the samplers: moment checks with z-score bounds, Kolmogorov-Smirnov and
// chi-square statistics with their critical values, and the CDFs they need. Written
// independently of the code under test; lgamma comes from @stdlib (an independent library).
import gammaln from '@stdlib/math-base-special-gammaln';
import { expect } from 'vitest';

/** Draws n values from `draw` into a Float64Array. */
export function draws(n: number, draw: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = draw();
  return xs;
}

/** Sample mean and unbiased sample variance (two-pass). */
export function meanVar(xs: ArrayLike<number>): { mean: number; variance: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  let ss = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    ss += d * d;
    c += d;
  }
  return { mean, variance: (ss - (c * c) / n) / (n - 1) };
}

/**
 * The z-score bound used throughout: |estimate - exact| < Z * standard error. For a normal
 * estimator P(|Z| > 5) = 5.7e-7, so a correct sampler fails with negligible probability at a
 * fixed seed, while a bias of a few standard errors (e.g. a wrong constant) is caught.
 */
export const Z = 5;

/** Asserts |mean_hat - mean| < z sd / sqrt(n) (central limit theorem for the sample mean). */
export function expectMean(xs: ArrayLike<number>, mean: number, sd: number, z = Z): void {
  const m = meanVar(xs).mean;
  const se = sd / Math.sqrt(xs.length);
  expect(Math.abs(m - mean), `mean ${m} vs ${mean} (se ${se})`).toBeLessThan(z * se);
}

/**
 * Asserts |s^2 - variance| < z se with se = variance sqrt((excessKurtosis + 2) / n), the large-n
 * standard error of the sample variance.
 */
export function expectVariance(xs: ArrayLike<number>, variance: number, excessKurtosis: number, z = Z): void {
  const v = meanVar(xs).variance;
  const se = variance * Math.sqrt((excessKurtosis + 2) / xs.length);
  expect(Math.abs(v - variance), `variance ${v} vs ${variance} (se ${se})`).toBeLessThan(z * se);
}

/** Kolmogorov-Smirnov statistic sup |F_n - F| of a sample against a continuous CDF. */
export function ksStatistic(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * The 1% critical value of the one-sample KS statistic, with Stephens' (1970) finite-n
 * correction of the asymptotic Kolmogorov quantile 1.6276.
 */
export function ksCritical01(n: number): number {
  const r = Math.sqrt(n);
  return 1.6276 / (r + 0.12 + 0.11 / r);
}

export function expectKs(xs: ArrayLike<number>, cdf: (x: number) => number): void {
  const d = ksStatistic(xs, cdf);
  expect(d, 'KS statistic vs its 1% critical value').toBeLessThan(ksCritical01(xs.length));
}

/**
 * Upper alpha = 1e-3 quantile of chi-square(df) by the Wilson-Hilferty cube approximation
 * (relative error below 1% for df >= 3; z_{0.999} = 3.0902).
 */
export function chiSquareCritical(df: number): number {
  const h = 2 / (9 * df);
  return df * (1 - h + 3.0902 * Math.sqrt(h)) ** 3;
}

/**
 * Pearson chi-square test of integer draws against a pmf on [lo, hi] whose mass outside is
 * negligible (the pmf is renormalised over the range): draws outside the range count in the
 * edge cells, neighbouring cells are merged
 * until each expects >= 5, and the statistic must stay below the 0.1% critical value.
 */
export function expectChiSquare(xs: ArrayLike<number>, pmf: (k: number) => number, lo: number, hi: number): void {
  const n = xs.length;
  const width = hi - lo + 1;
  const obs = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    const j = Math.min(Math.max(xs[i] - lo, 0), width - 1);
    obs[j]++;
  }
  const p = new Float64Array(width);
  let total = 0;
  for (let k = lo; k <= hi; k++) total += p[k - lo] = pmf(k);
  // The range must hold all but a negligible mass; 1e-5 leaves room for reference pmfs built
  // from lgamma(n + 1) at n = 1e9, whose absolute error is about 2e-6 (a common factor only).
  expect(Math.abs(total - 1), 'pmf mass inside the chi-square range').toBeLessThan(1e-5);
  const cellsO: number[] = [];
  const cellsE: number[] = [];
  let o = 0;
  let e = 0;
  for (let j = 0; j < width; j++) {
    o += obs[j];
    e += (p[j] / total) * n;
    if (e >= 5) {
      cellsO.push(o);
      cellsE.push(e);
      o = 0;
      e = 0;
    }
  }
  if (cellsO.length === 0) {
    cellsO.push(0);
    cellsE.push(0);
  }
  cellsO[cellsO.length - 1] += o;
  cellsE[cellsE.length - 1] += e;
  expect(cellsO.length, 'chi-square needs at least two cells').toBeGreaterThan(1);
  let stat = 0;
  for (let j = 0; j < cellsO.length; j++) stat += (cellsO[j] - cellsE[j]) ** 2 / cellsE[j];
  const df = cellsO.length - 1;
  expect(stat, `chi-square with ${df} df`).toBeLessThan(chiSquareCritical(Math.max(df, 3)));
}

/** log Gamma(x) from @stdlib. */
export function lgamma(x: number): number {
  return gammaln(x);
}

/** erfc(x): Taylor series of erf for |x| < 3, Lentz continued fraction for erfc beyond. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = x + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Regularised lower incomplete gamma P(a, x) with x = exp(logX) given by its log (so that the
 * CDF of log-gamma draws can be evaluated where x underflows). Series for x < a + 1, Lentz's
 * continued fraction for Q = 1 - P otherwise (Numerical Recipes section 6.2, written afresh).
 */
export function gammaCdfLog(a: number, logX: number): number {
  const x = Math.exp(logX);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.exp(a * logX - x - lgamma(a) + Math.log(sum));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(a * logX - x - lgamma(a)) * h;
}

/**
 * Circular moment E[cos(j X)] of von Mises(0, kappa) = I_j(kappa) / I_0(kappa), by the
 * trapezoid rule on the periodic integrand cos(j t) exp(kappa (cos t - 1)) (exponentially
 * convergent; 40,000 nodes resolve the width 1/sqrt(kappa) of the peak up to kappa = 1e6).
 */
export function vonMisesCosMoment(kappa: number, j: number): number {
  const nodes = 40000;
  let num = 0;
  let den = 0;
  for (let i = 0; i < nodes; i++) {
    const t = -Math.PI + (2 * Math.PI * i) / nodes;
    const w = Math.exp(kappa * (Math.cos(t) - 1));
    num += Math.cos(j * t) * w;
    den += w;
  }
  return num / den;
}

/** Counts occurrences of each integer 0..k-1 in xs. */
export function histogram(xs: ArrayLike<number>, k: number): Float64Array {
  const h = new Float64Array(k);
  for (let i = 0; i < xs.length; i++) h[xs[i]]++;
  return h;
}
