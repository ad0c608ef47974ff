/**
 * The Poisson family on {0, 1, 2, ...}, and the cancellation-free building blocks shared by the
 * discrete families (Loader's Stirling error and deviance, e^u - 1 - u, unimodal exact sums).
 *
 * p(x) = rate^x e^{-rate} / x!; T(x) = x, theta = log rate, F(theta) = e^theta, eta = rate,
 * Hess F = rate, log h(x) = -log x!, F*(eta) = eta log eta - eta,
 * KL(rate1 || rate2) = rate1 (e^u - 1 - u) with u = theta2 - theta1 = log(rate2 / rate1).
 * Source coordinate: rate; Fisher in rate is 1 / rate.
 *
 * Log-probabilities use Loader's saddle-point form
 * log p(x) = -(1/2) log(2 pi x) - S(x) - D(x, rate), with S the Stirling error and
 * D(x, a) = x log(x / a) + a - x the Poisson deviance, so no two large terms cancel
 * (C. Loader (2000), "Fast and accurate computation of binomial probabilities").
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkPositive, InfogeoError } from '../errors.js';
import { lgamma } from '../special/index.js';
import { samplePoisson } from '../random/index.js';

/** Source parameters of `poisson(rate)`. */
export interface PoissonParams {
  rate: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** S(n) for n = 1..15, computed with mpmath at 40 digits (S(n) = log n! - log(sqrt(2 pi n) (n/e)^n)). */
const STIRLING_ERROR_TABLE = [
  Number.NaN,
  0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
  0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
  0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
  0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

/**
 * The Stirling error S(z) = log Gamma(z + 1) - [(z + 1/2) log z - z + (1/2) log(2 pi)], the
 * small remainder of Stirling's formula, accurate to ~1e-16 absolute.
 *
 * For z >= 15 the asymptotic series 1/(12z) - 1/(360z^3) + ... (7 terms); exact table values for
 * the integers 1..15; otherwise the defining difference (absolute error ~1e-15).
 * @param z - a finite number > 0
 * @example stirlingError(1) // 0.08106146679532726; stirlingError(1e6) // 8.333333333333056e-8
 */
export function stirlingError(z: number): number {
  if (z >= 15) {
    const w = 1 / (z * z);
    return (1 / 12 - w * (1 / 360 - w * (1 / 1260 - w * (1 / 1680 - w * (1 / 1188 - w * (691 / 360360 - w / 156)))))) / z;
  }
  if (Number.isInteger(z) && z >= 1) return STIRLING_ERROR_TABLE[z];
  return lgamma(z + 1) - (z + 0.5) * Math.log(z) + z - HALF_LOG_2PI;
}

/**
 * The Poisson deviance D(x, a) = x log(x / a) + a - x >= 0, without cancellation when x ~ a
 * (Loader's bd0: with v = (x - a)/(x + a), D = v (x - a) + 2x (v^3/3 + v^5/5 + ...)).
 * `d` = x - a may be passed when the caller can form it more accurately than by subtraction
 * (e.g. x p - r q for the negative binomial at x = 1e299, where a itself is only known to an ulp).
 * @param x - a number >= 0 (D(0, a) = a)
 * @param a - a number > 0
 * @example poissonDeviance(1, 1) // 0; poissonDeviance(1e8 + 1, 1e8) // 4.999999983333334e-9
 */
export function poissonDeviance(x: number, a: number, d: number = x - a): number {
  if (x === 0) return a;
  if (Math.abs(d) < 0.1 * (x + a)) {
    const v = d / (2 * x - d);
    const v2 = v * v;
    let s = d * v;
    let ej = 2 * x * v;
    for (let j = 1; j < 200; j++) {
      ej *= v2;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * (Math.log(x) - Math.log(a)) - d;
}

/** Veltkamp split constant 2^27 + 1. */
const SPLITTER = 134217729;

/**
 * [a b, err] with a b = hi + err exactly (Dekker's two-product); err = 0 if the split overflows.
 * @example twoProduct(0.1, 3) // [0.30000000000000004, -2.7755575615628914e-17]
 */
export function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, Number.isFinite(e) ? e : 0];
}

/**
 * x - a b with the product formed exactly: the deviation of a count x from its mean n p keeps
 * full relative accuracy even when x ~ n p ~ 1e9 (a rounded n p would cost eps n p absolutely).
 * @example minusProduct(3, 10, 0.3) // 1.1102230246251565e-16 (= 3 - 10 x 0.299999999999999988898)
 */
export function minusProduct(x: number, a: number, b: number): number {
  const [p, e] = twoProduct(a, b);
  return x - p - e;
}

/**
 * D(x, a) from log a: as `poissonDeviance`, but exact also when a underflows (a < 1e-280),
 * where x log(x / a) = x (log x - log a) no longer needs a itself.
 * @example poissonDevianceLog(1, -800) // 799
 */
export function poissonDevianceLog(x: number, loga: number): number {
  const a = Math.exp(loga);
  if (a > 1e-280) return poissonDeviance(x, a);
  return x === 0 ? a : x * (Math.log(x) - loga) + a - x;
}

/**
 * D(x, a) given a, the accurately formed difference d = x - a and log a: the difference form
 * while a is representable, the logarithmic one when it underflows (a < 1e-280).
 * @example poissonDevianceFull(3, 2, 1, Math.log(2)) // 0.21639532432449293 (= 3 log 1.5 - 1)
 */
export function poissonDevianceFull(x: number, a: number, d: number, loga: number): number {
  return a > 1e-280 && a < Infinity ? poissonDeviance(x, a, d) : poissonDevianceLog(x, loga);
}

/**
 * e^u - 1 - u >= 0 to full relative precision: the Taylor series u^2/2 + u^3/6 + ... for |u| < 1,
 * expm1(u) - u beyond. The building block of cancellation-free KL divergences: for weights w_i
 * with sum_i w_i (e^{u_i} - 1) = 0, sum_i w_i (-u_i) = sum_i w_i (e^{u_i} - 1 - u_i), a sum of
 * non-negative terms.
 * @param u - a finite number
 * @example expm1mx(1e-8) // 5.000000016666667e-17
 */
export function expm1mx(u: number): number {
  if (Math.abs(u) < 1) {
    let term = (u * u) / 2;
    let s = term;
    for (let k = 3; k < 40; k++) {
      term *= u / k;
      s += term;
      if (Math.abs(term) <= 1e-17 * s) break;
    }
    return s;
  }
  return Math.expm1(u) - u;
}

/**
 * w (e^u - 1 - u) for w = e^{logw}, computed as w e^u - w (1 + u) for |u| >= 1 so that neither a
 * tiny w nor a large u loses the term. `logwu`, if given, is log(w e^u) evaluated directly (e.g.
 * log q_i when w = p_i and u = log(q_i / p_i)), which avoids the rounding of logw + u.
 * @example weightedExpm1mx(Math.log(2), 0) // 0
 */
export function weightedExpm1mx(logw: number, u: number, logwu: number = logw + u): number {
  if (Math.abs(u) < 1) return Math.exp(logw) * expm1mx(u);
  return Math.exp(logwu) - Math.exp(logw) * (1 + u);
}

/**
 * Exact sums sum_x e^{lw(x)} v_j(x), j = 0..m-1, over the integers lo <= x <= hi for unimodal
 * weights e^{lw(x)} (a pmf) and non-negative (or single-signed) v_j, walking outwards from
 * `mode`. A direction stops once lw(x) < max lw - 50 (a factor e^-50 ~ 2e-22) and every new term
 * is below 1e-17 of its running sum. Sums are compensated (Neumaier).
 *
 * `term(x, vals)` writes v_j(x) into vals and returns lw(x).
 * @example sumUnimodal(0, Infinity, 3, 1, (x, v) => { v[0] = 1; return poissonLogPmf(x, 3.5); })[0] // 1.0000000000000002
 */
export function sumUnimodal(lo: number, hi: number, mode: number, m: number, term: (x: number, vals: Float64Array) => number): Float64Array {
  const sum = new Float64Array(m);
  const comp = new Float64Array(m);
  const vals = new Float64Array(m);
  let lwMax = -Infinity;
  const visit = (x: number): boolean => {
    const lw = term(x, vals);
    if (lw > lwMax) lwMax = lw;
    const w = Math.exp(lw);
    let negligible = lw < lwMax - 50;
    for (let j = 0; j < m; j++) {
      const t = w * vals[j];
      const s = sum[j] + t;
      comp[j] += Math.abs(sum[j]) >= Math.abs(t) ? sum[j] - s + t : t - s + sum[j];
      sum[j] = s;
      if (negligible && Math.abs(t) > 1e-17 * Math.abs(s)) negligible = false;
    }
    return negligible;
  };
  const start = Math.min(Math.max(mode, lo), hi);
  for (let x = start; x <= hi; x++) if (visit(x) && x > start) break;
  for (let x = start - 1; x >= lo; x--) if (visit(x)) break;
  for (let j = 0; j < m; j++) sum[j] += comp[j];
  return sum;
}

/**
 * log P(X = x) for X ~ Poisson(rate), in Loader's form (relative accuracy ~1e-15 also at
 * rate = 1e8, where the textbook x log rate - rate - log x! loses 7 digits).
 * @param x - a non-negative integer
 * @param rate - a number > 0
 * @example poissonLogPmf(3, 2) // -1.7123179275482188
 */
export function poissonLogPmf(x: number, rate: number): number {
  if (x === 0) return -rate;
  return -HALF_LOG_2PI - 0.5 * Math.log(x) - stirlingError(x) - poissonDeviance(x, rate);
}

/** Above this rate the entropy uses its asymptotic expansion instead of an exact sum. */
const POISSON_SUM_MAX_RATE = 1e5;

/**
 * [entropy, E[log X!]] of Poisson(rate).
 *
 * For rate <= 1e5, exact sums over the support (about 20 sqrt(rate) + 50 terms, all positive).
 * Beyond, the asymptotic expansion H = (1/2) log(2 pi e rate) - 1/(12 rate) - 1/(24 rate^2)
 * - 19/(360 rate^3) + O(rate^-4) (error below 1e-20 there) and E[log X!] = H + rate (log rate - 1).
 * @example poissonEntropyParts(1) // [1.3048422422562516, 0.30484224225625156]
 */
export function poissonEntropyParts(rate: number): [number, number] {
  if (rate <= POISSON_SUM_MAX_RATE) {
    const s = sumUnimodal(0, Infinity, Math.floor(rate), 2, (x, v) => {
      const lp = poissonLogPmf(x, rate);
      v[0] = -lp;
      v[1] = lgamma(x + 1);
      return lp;
    });
    return [s[0], s[1]];
  }
  const w = 1 / rate;
  const h = 0.5 * (Math.log(2 * Math.PI * Math.E) + Math.log(rate)) - w * (1 / 12 + w * (1 / 24 + (w * 19) / 360));
  return [h, h + rate * (Math.log(rate) - 1)];
}

/**
 * The Poisson family object (theta = log rate; see the module comment for every formula).
 * @example poissonFamily.logPartition(Float64Array.of(Math.log(3))) // 2.9999999999999996 (= e^theta)
 */
export const poissonFamily: ExponentialFamily<PoissonParams> = {
  id: 'poisson',
  name: 'poisson',
  dim: 1,
  sourceNames: ['rate'],
  discrete: true,
  sampleDim: 0,

  logPartition(theta) {
    return Math.exp(theta[0]);
  },
  gradLogPartition(theta, out) {
    out[0] = Math.exp(theta[0]);
    return out;
  },
  hessLogPartition(theta, out) {
    out[0] = Math.exp(theta[0]);
    return out;
  },
  thetaFromEta(eta, out) {
    out[0] = Math.log(eta[0]);
    return out;
  },
  isNaturalValid(theta) {
    const rate = Math.exp(theta[0]);
    return Number.isFinite(theta[0]) && rate > 0 && rate < Infinity;
  },
  isExpectationValid(eta) {
    return eta[0] > 0 && eta[0] < Infinity;
  },

  sufficientStat(x, out) {
    out[0] = x as number;
    return out;
  },
  logBaseMeasure(x) {
    return -lgamma((x as number) + 1);
  },
  inSupport(x) {
    return typeof x === 'number' && Number.isInteger(x) && x >= 0;
  },
  expectedLogBaseMeasure(theta) {
    return -poissonEntropyParts(Math.exp(theta[0]))[1];
  },

  thetaFromSource(src, out) {
    out[0] = Math.log(src[0]);
    return out;
  },
  sourceFromTheta(theta, out) {
    out[0] = Math.exp(theta[0]);
    return out;
  },
  sourceJacobian(src, out) {
    out[0] = 1 / src[0];
    return out;
  },
  validateSource(src, where) {
    checkPositive(where, 'rate', src[0]);
  },
  params(src) {
    return { rate: src[0] };
  },

  mean(theta) {
    return Math.exp(theta[0]);
  },
  variance(theta) {
    return Math.exp(theta[0]);
  },
  sample(theta, n, rng) {
    const rate = Math.exp(theta[0]);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = samplePoisson(rng, rate);
    return out;
  },

  dualPotential(eta) {
    return eta[0] * (Math.log(eta[0]) - 1);
  },
  entropy(theta) {
    return poissonEntropyParts(Math.exp(theta[0]))[0];
  },
  kl(thetaP, thetaQ) {
    // rate1 (e^u - 1 - u), u = log(rate2 / rate1) = theta2 - theta1: every digit of a small KL kept.
    return weightedExpm1mx(thetaP[0], thetaQ[0] - thetaP[0], thetaQ[0]);
  },
  logDensity(theta, x) {
    return poissonLogPmf(x as number, Math.exp(theta[0]));
  },
  fisherSource(src, out) {
    out[0] = 1 / src[0];
    return out;
  },
};

/**
 * The Poisson distribution: P(X = x) = rate^x e^{-rate} / x! on x = 0, 1, 2, ...
 *
 * theta = log rate, eta = rate. The entropy is an exact sum up to rate = 1e5 and an asymptotic
 * expansion beyond (see `poissonEntropyParts`); E[log h] = -E[log X!] overflows above rate ~ 2e305.
 *
 * @param rate - the mean, a finite number > 0 (down to the smallest subnormal)
 * @throws InfogeoError if rate is not a finite number > 0
 * @example poisson(2).theta // Float64Array [0.6931471805599453]; poisson(2).entropy() // 1.7048826439329838
 */
export function poisson(rate: number): Distribution<PoissonParams> {
  checkPositive('poisson', 'rate', rate);
  const src = Float64Array.of(rate);
  const theta = Float64Array.of(Math.log(rate));
  if (!poissonFamily.isNaturalValid(theta)) {
    throw new InfogeoError('poisson', 'rate', rate, 'a finite number > 0 whose logarithm is representable');
  }
  return new Distribution(poissonFamily, theta, src);
}
