/**
 * The gamma distributions Gamma(shape a, rate b) on (0, inf) as an exponential family.
 *
 * p(x) = b^a x^{a-1} e^{-b x} / Gamma(a). We take T(x) = (log x, x), theta = (a, -b) and the
 * base measure h(x) = 1/x (log h = -log x), rather than theta = (a - 1, -b) with h = 1: then
 * the shape is theta_1 itself, stored exactly, so a = 1e-6 does not lose digits to a - 1.
 * F(theta) = log Gamma(a) - a log b, eta = (psi(a) - log b, a / b),
 * Hess F = [[psi'(a), 1/b], [1/b, a/b^2]], E[log h] = -eta_1,
 * F*(eta) = a psi(a) - a - log Gamma(a) (a function of the shape alone),
 * H = a - log b + log Gamma(a) + (1 - a) psi(a).
 * Inverse map: a solves log a - psi(a) = log eta_2 - eta_1 (Newton on log a from Minka's
 * (2002) "Estimating a Gamma distribution" starting point), then b = a / eta_2.
 * KL is evaluated as the Bregman divergence of G(a) = log Gamma(a) - a log a + a (a KL between
 * gammas of equal mean) plus a_q (r - 1 - log r) with r = mean_p / mean_q, each written without
 * cancellation, so nearby pairs keep their relative accuracy also for a = 1e8.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkPositive, InfogeoError } from '../errors.js';
import { digamma, lgamma, trigamma } from '../special/index.js';
import { sampleGamma } from '../random/index.js';
import { diffOfProducts, itakuraSaito, log1pmx } from './exponential.js';

/** Source parameters of `gamma(shape, rate)`. */
export interface GammaParams {
  shape: number;
  rate: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
/** Bernoulli numbers B_2, B_4, ..., B_16. */
const B2K = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];
/** Arguments at or above this use the asymptotic (Stirling) series; its error there is < 1e-17. */
const ASYM = 10;

/**
 * log a - psi(a) > 0, accurate for every a > 0 (for a >= 10 through the asymptotic series
 * 1/(2a) + sum_k B_2k / (2k a^2k), which avoids the cancellation of log a against psi(a)).
 *
 * @param a - a number > 0
 * @example logMinusDigamma(1e8) // 5.0000000083333336e-9
 */
export function logMinusDigamma(a: number): number {
  if (a < ASYM) return Math.log(a) - digamma(a);
  const ia2 = 1 / (a * a);
  let p = ia2;
  let s = 0;
  for (let k = 0; k < B2K.length; k++) {
    s += (B2K[k] / (2 * k + 2)) * p;
    p *= ia2;
  }
  return 0.5 / a + s;
}

/** d/da (log a - psi(a)) = 1/a - psi'(a) < 0, without cancellation for large a. */
function logMinusDigammaDeriv(a: number): number {
  if (a < ASYM) return 1 / a - trigamma(a);
  const ia2 = 1 / (a * a);
  let p = ia2 / a;
  let s = 0;
  for (let k = 0; k < B2K.length; k++) {
    s += B2K[k] * p;
    p *= ia2;
  }
  return -0.5 * ia2 - s;
}

/**
 * Stirling's remainder R(a) = log Gamma(a) - (a - 1/2) log a + a - log(2 pi)/2 by its asymptotic
 * series sum_k B_2k / (2k (2k-1) a^(2k-1)), accurate to float64 for a >= 10 (not meant below).
 *
 * @param a - a number >= 10
 * @example stirlingRemainder(10) // 0.008330563433362869 (~ 1/(12 a))
 */
export function stirlingRemainder(a: number): number {
  const ia2 = 1 / (a * a);
  let p = 1 / a;
  let s = 0;
  for (let k = 0; k < B2K.length; k++) {
    s += (B2K[k] / ((2 * k + 2) * (2 * k + 1))) * p;
    p *= ia2;
  }
  return s;
}

/** Stirling remainder's Bregman divergence B(x, y) = R(x) - R(y) - R'(y)(x - y), x, y >= 10,
 *  with R(a) = sum_k B_2k / (2k (2k-1) a^(2k-1)). Each power a^-n has
 *  B(x, y) = u^2 sum_{m<n} (m+1) x^(m-n) y^(-m), u = (x - y) / y: a sum of positive terms. */
function bregmanStirlingRemainder(x: number, y: number, d: number): number {
  const u = d / y;
  const ix = 1 / x;
  const iy = 1 / y;
  let total = 0;
  for (let k = 0; k < B2K.length; k++) {
    const n = 2 * k + 1;
    let inner = 0;
    let py = 1; // y^-m
    for (let m = 0; m < n; m++) {
      inner += (m + 1) * Math.pow(ix, n - m) * py;
      py *= iy;
    }
    total += (B2K[k] / ((2 * k + 2) * (2 * k + 1))) * inner;
  }
  return u * (u * total); // in this order: u^2 alone may overflow when x >> y

}

/** y rho(x / y) = x log(x / y) - (x - y) >= 0, accurate when x ~ y (d = x - y). */
function xLogRatioMinusDiff(x: number, y: number, d: number): number {
  const u = d / y;
  if (Math.abs(u) < 0.5) return x * log1pmx(u) + d * u;
  return x * (Math.log(x) - Math.log(y)) - d;
}

/**
 * The Bregman divergence B_G(x, y) = G(x) - G(y) - G'(y)(x - y) of the convex function
 * G(a) = log Gamma(a) - a log a + a (G'(a) = psi(a) - log a), written as a sum of non-negative
 * terms so that it keeps full relative accuracy when x ~ y: for arguments >= 10 as
 * (1/2)(r - 1 - log r), r = x/y, plus the Bregman divergence of the Stirling remainder; smaller
 * arguments are first shifted up with log Gamma(a) = log Gamma(a + N) - sum_k log(a + k).
 * It is the KL divergence between two gamma distributions of equal mean and shapes y (p) and
 * x (q), and the shape part of the beta KL.
 *
 * @param x,y - numbers > 0
 * @param d - x - y, if known more accurately than by subtracting (e.g. a sum of exact differences)
 * @example bregmanGammaShape(1e8 + 1, 1e8) // 2.4999999916666672e-17 (~ (x - y)^2 / (4 y^2))
 */
export function bregmanGammaShape(x: number, y: number, d: number = x - y): number {
  const lo = Math.min(x, y);
  if (lo >= ASYM) return 0.5 * itakuraSaito(x, y, d) + bregmanStirlingRemainder(x, y, d);
  const n = Math.ceil(ASYM - lo);
  const [bigX, bigY] = [x + n, y + n];
  let s = 0.5 * itakuraSaito(bigX, bigY, d) + bregmanStirlingRemainder(bigX, bigY, d) + xLogRatioMinusDiff(bigX, bigY, d);
  for (let k = 0; k < n; k++) s += itakuraSaito(x + k, y + k, d);
  s -= xLogRatioMinusDiff(x, y, d);
  return s < 0 ? 0 : s;
}

/**
 * The shape a > 0 solving log a - psi(a) = s, for s > 0: Newton's method on log a (on which
 * log(log a - psi(a)) is nearly linear), started from Minka's (2002) approximation
 * a0 = (3 - s + sqrt((s - 3)^2 + 24 s)) / (12 s) and kept inside a bracket. Converges to float64
 * precision in a handful of steps for a from 1e-300 to 1e300. NaN for s <= 0 or NaN.
 *
 * @param s - log E[X] - E[log X] of the gamma distribution, a number > 0
 * @example gammaShapeFromGap(logMinusDigamma(2.5)) // 2.5 (to float64 precision)
 */
export function gammaShapeFromGap(s: number): number {
  if (!(s > 0)) return Number.NaN;
  if (s === Infinity) return 0;
  let a = s > 1e8 ? 1 / s : (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
  const logS = Math.log(s);
  let lo = 0;
  let hi = Infinity;
  for (let it = 0; it < 100; it++) {
    const g = logMinusDigamma(a);
    const h = Math.log(g) - logS; // decreasing in a
    if (h > 0) lo = a;
    else if (h < 0) hi = a;
    else return a;
    let slope = (a * logMinusDigammaDeriv(a)) / g; // d h / d log a, about -1
    if (!(slope < 0) || !Number.isFinite(slope)) slope = -1;
    let step = -h / slope;
    if (step > 2) step = 2;
    else if (step < -2) step = -2;
    let next = a * Math.exp(step);
    if (!(next > lo && next < hi)) {
      // Newton left the bracket: bisect it geometrically (or halve/double towards the open end).
      next = lo > 0 && hi < Infinity ? Math.sqrt(lo * hi) : lo > 0 ? 2 * lo : 0.5 * hi;
    }
    const done = Math.abs(step) < 1e-10; // quadratic convergence: the step just taken is final
    a = next;
    if (done) break;
  }
  return a;
}

/** log(a / b) without overflow or underflow of the ratio. */
function logRatio(a: number, b: number): number {
  const q = a / b;
  return q > 1e-300 && q < 1e300 ? Math.log(q) : Math.log(a) - Math.log(b);
}

/** log(a b) without overflow or underflow of the product. */
function logProduct(a: number, b: number): number {
  const q = a * b;
  return q > 1e-300 && q < 1e300 ? Math.log(q) : Math.log(a) + Math.log(b);
}

/** F*(a) = a psi(a) - a - log Gamma(a), for a >= 10 from the asymptotic series (no cancellation). */
function dualOfShape(a: number): number {
  if (a < ASYM) return a * digamma(a) - a - lgamma(a);
  // = (1/2) log(a / 2pi) - 1/2 - sum_k B_2k / ((2k - 1) a^(2k-1))
  const ia2 = 1 / (a * a);
  let p = 1 / a;
  let s = 0;
  for (let k = 0; k < B2K.length; k++) {
    s += (B2K[k] / (2 * k + 1)) * p;
    p *= ia2;
  }
  return 0.5 * (Math.log(a) - LOG_2PI) - 0.5 - s;
}

/**
 * The exponential family object of `gamma(shape, rate)`: theta = (shape, -rate), T(x) = (log x, x),
 * h(x) = 1/x, F(theta) = log Gamma(theta_1) - theta_1 log(-theta_2); source coordinates (shape, rate).
 * @example gammaFamily.logPartition(Float64Array.of(2, -3)) // -2.197224577336219 (= -2 log 3)
 */
export const gammaFamily: ExponentialFamily<GammaParams> = {
  id: 'gamma',
  name: 'gamma',
  dim: 2,
  sourceNames: ['shape', 'rate'],
  discrete: false,
  sampleDim: 0,

  logPartition(theta) {
    const a = theta[0];
    return lgamma(a) - a * Math.log(-theta[1]);
  },
  gradLogPartition(theta, out) {
    const a = theta[0];
    const b = -theta[1];
    out[0] = logRatio(a, b) - logMinusDigamma(a);
    out[1] = a / b;
    return out;
  },
  hessLogPartition(theta, out) {
    const a = theta[0];
    const b = -theta[1];
    out[0] = trigamma(a);
    out[1] = 1 / b;
    out[2] = out[1];
    out[3] = a / b / b;
    return out;
  },
  thetaFromEta(eta, out) {
    const a = gammaShapeFromGap(Math.log(eta[1]) - eta[0]);
    out[0] = a;
    out[1] = -a / eta[1];
    return out;
  },
  isNaturalValid(theta) {
    return theta[0] > 0 && theta[1] < 0 && Number.isFinite(theta[0]) && Number.isFinite(theta[1]);
  },
  isExpectationValid(eta) {
    return Number.isFinite(eta[0]) && eta[1] > 0 && Number.isFinite(eta[1]) && eta[0] < Math.log(eta[1]);
  },

  sufficientStat(x, out) {
    const v = x as number;
    out[0] = Math.log(v);
    out[1] = v;
    return out;
  },
  logBaseMeasure(x) {
    return -Math.log(x as number);
  },
  inSupport(x) {
    const v = x as number;
    return v > 0 && v < Infinity;
  },
  expectedLogBaseMeasure(theta) {
    return logMinusDigamma(theta[0]) - logRatio(theta[0], -theta[1]);
  },

  thetaFromSource(src, out) {
    out[0] = src[0];
    out[1] = -src[1];
    return out;
  },
  sourceFromTheta(theta, out) {
    out[0] = theta[0];
    out[1] = -theta[1];
    return out;
  },
  sourceJacobian(_src, out) {
    out[0] = 1;
    out[1] = 0;
    out[2] = 0;
    out[3] = -1;
    return out;
  },
  validateSource(src, where) {
    checkPositive(where, 'shape', src[0]);
    checkPositive(where, 'rate', src[1]);
  },
  params(src) {
    return { shape: src[0], rate: src[1] };
  },

  mean(theta) {
    return -theta[0] / theta[1];
  },
  variance(theta) {
    return theta[0] / theta[1] / theta[1];
  },
  sample(theta, n, rng) {
    const a = theta[0];
    const b = -theta[1];
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleGamma(rng, a, b);
    return out;
  },

  logDensity(theta, x) {
    // a log(b x) - b x - log Gamma(a) - log x; for a >= 10 with Stirling's formula as
    // a (log r - r + 1) + (1/2) log(a / 2 pi) - R(a) - log x, r = b x / a, so that the terms of
    // size a log a do not cancel (gamma(1e8, 1e8) keeps full relative accuracy).
    const a = theta[0];
    const b = -theta[1];
    const v = x as number;
    if (a < ASYM) return a * logProduct(b, v) - b * v - lgamma(a) - Math.log(v);
    const u = diffOfProducts(b, v, a, 1) / a; // r - 1
    const core = Math.abs(u) < 0.5 ? log1pmx(u) : logProduct(b, v) - Math.log(a) - u;
    return a * core + 0.5 * (Math.log(a) - LOG_2PI) - stirlingRemainder(a) - Math.log(v);
  },
  dualPotential(eta) {
    return dualOfShape(gammaShapeFromGap(Math.log(eta[1]) - eta[0]));
  },
  entropy(theta) {
    // H = -F*(a) - E[log h] = -F*(a) + E[log X].
    const a = theta[0];
    return -dualOfShape(a) + logRatio(a, -theta[1]) - logMinusDigamma(a);
  },
  kl(thetaP, thetaQ) {
    const [a1, b1] = [thetaP[0], -thetaP[1]];
    const [a2, b2] = [thetaQ[0], -thetaQ[1]];
    // r = mean_p / mean_q = (a1 b2) / (a2 b1); near 1, r - 1 = (a1 b2 - a2 b1) / (a2 b1) is
    // formed without cancellation.
    const r = (a1 / a2) * (b2 / b1);
    const meanPart =
      Math.abs(r - 1) < 0.5 ? -log1pmx(diffOfProducts(a1, b2, a2, b1) / a2 / b1) : r - 1 - (logRatio(a1, a2) + logRatio(b2, b1));
    let d = bregmanGammaShape(a2, a1) + a2 * meanPart;
    if (Number.isNaN(d)) {
      // Only for pairs so far apart that partial terms overflow (Infinity - Infinity); there the
      // textbook form has no cancellation to fear.
      d = (a1 - a2) * digamma(a1) - lgamma(a1) + lgamma(a2) + a2 * logRatio(b1, b2) + a1 * ((b2 - b1) / b1);
      if (Number.isNaN(d)) d = Infinity;
    }
    return d < 0 ? 0 : d;
  },
};

function checkShapeRate(where: string, shape: unknown, rate: unknown): void {
  checkPositive(where, 'shape', shape);
  checkPositive(where, 'rate', rate);
  const a = shape as number;
  const b = rate as number;
  const m = a / b;
  if (!(m > 0 && m < Infinity)) {
    throw new InfogeoError(where, 'rate', rate, `a finite number > 0 such that the mean shape/rate is a finite positive double (shape = ${a})`);
  }
  if (!Number.isFinite(lgamma(a) - a * Math.log(b))) {
    throw new InfogeoError(where, 'shape', shape, `a finite number > 0 such that log Gamma(shape) - shape log(rate) is finite (rate = ${b})`);
  }
}

/**
 * The gamma distribution with shape a and rate b: density b^a x^(a-1) e^(-b x) / Gamma(a) on
 * (0, inf), mean a/b, variance a/b^2.
 *
 * Natural parameters theta = (a, -b) for T(x) = (log x, x) and h(x) = 1/x; expectation
 * parameters eta = (psi(a) - log b, a/b). Accepted for every positive shape and rate whose mean
 * a/b is a positive finite double; theta, eta, entropy and KL are then finite. The Fisher
 * entry psi'(a) overflows for shape < 1e-154. The log-density is evaluated at x > 0 (it is
 * -Infinity at x = 0 and outside the support).
 *
 * @param shape - a finite number > 0
 * @param rate - a finite number > 0 (inverse scale)
 * @throws InfogeoError naming `shape` or `rate` when invalid or when the mean over- or underflows
 * @example gamma(2, 3).eta // Float64Array [-0.6758279535696425, 0.6666666666666666]
 */
export function gamma(shape: number, rate: number): Distribution<GammaParams> {
  checkShapeRate('gamma', shape, rate);
  const src = Float64Array.of(shape, rate);
  return new Distribution(gammaFamily, gammaFamily.thetaFromSource(src, new Float64Array(2)), src);
}
