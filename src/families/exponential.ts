/**
 * The exponential distributions Exp(rate) on [0, inf) as an exponential family.
 *
 * p(x) = rate e^{-rate x}; T(x) = x, theta = -rate < 0, F(theta) = -log(-theta), h(x) = 1,
 * eta = E[X] = -1/theta = 1/rate, Hess F = 1/theta^2 = Var[X], F*(eta) = -1 - log(eta),
 * H = 1 - log(rate), KL(rate1 || rate2) = r - 1 - log r with r = rate2 / rate1.
 * Source coordinate: rate; Fisher in rate is 1 / rate^2.
 *
 * Also home of two small cancellation-free helpers shared by the continuous families
 * (`log1pmx`, `diffOfProducts`).
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkPositive, InfogeoError } from '../errors.js';
import { sampleExponential } from '../random/index.js';

/** Source parameters of `exponential(rate)`. */
export interface ExponentialParams {
  rate: number;
}

/**
 * log(1 + x) - x for x > -1, accurate to a few ulps also for small |x| where the direct
 * difference loses all digits. Uses log1p(x) = 2 atanh(y), y = x / (2 + x), so that
 * log(1 + x) - x = -x^2 / (2 + x) + 2 (y^3/3 + y^5/5 + ...) for |x| < 1/2.
 * (r - 1 - log r = -log1pmx(r - 1) is the building block of every scale-family KL.)
 *
 * @param x - a number > -1 (returns -Infinity at -1, NaN below)
 * @example log1pmx(1e-8) // -4.9999999666666676e-17 (log1p(x) - x gives -4.999999918875795e-17)
 */
export function log1pmx(x: number): number {
  if (!(Math.abs(x) < 0.5)) return Math.log1p(x) - x;
  const y = x / (2 + x);
  const y2 = y * y;
  let term = y * y2;
  let s = 0;
  for (let k = 3; k < 80; k += 2) {
    const t = term / k;
    s += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(s)) break;
    term *= y2;
  }
  return 2 * s - (x * x) / (2 + x);
}

/**
 * The Itakura-Saito (Burg) divergence of a ratio: r - 1 - log r >= 0 with r = x / y, accurate to a
 * few ulps also when r ~ 1 (then through log1pmx of the exact difference (x - y) / y) and when r
 * over- or underflows (then through log x - log y). It is the KL divergence of every scale family
 * (exponential, Rayleigh, Laplace, ...) between scales with ratio r.
 *
 * @param x,y - numbers of the same sign, nonzero and finite
 * @param d - x - y if known more accurately than by subtracting (defaults to x - y, exact when x ~ y)
 * @example itakuraSaito(2, 1) // 0.3068528194400547 (= 1 - log 2)
 */
export function itakuraSaito(x: number, y: number, d: number = x - y): number {
  const u = d / y;
  if (Math.abs(u) < 0.5) return -log1pmx(u);
  const r = x / y;
  const logR = r > 1e-300 && r < 1e300 ? Math.log(r) : Math.log(Math.abs(x)) - Math.log(Math.abs(y));
  return r - 1 - logR;
}

/** Veltkamp split constant 2^27 + 1. */
const SPLITTER = 134217729;

/** a*b = p + e exactly (Dekker); e is 0 when the split would overflow. */
function twoProduct(a: number, b: number): [number, number] {
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
 * a*b - c*d without cancellation: the two products are formed exactly (Dekker's algorithm)
 * before subtracting, so the result has a relative error of a few ulps even when a*b ~ c*d.
 * Used for differences of ratios such as mean1 - mean2 = (a1 b2 - a2 b1) / (b1 b2).
 *
 * @param a,b,c,d - finite numbers (products beyond 1e300 are scaled by a power of 2 first)
 * @example diffOfProducts(1 + 2 ** -30, 1 - 2 ** -30, 1, 1) // -8.673617379884035e-19 (= -2^-60)
 */
export function diffOfProducts(a: number, b: number, c: number, d: number): number {
  if (!(Math.abs(a * b) < 1e300 && Math.abs(c * d) < 1e300)) {
    // Scale the larger factor of each product by 2^-600 (exact) so that nothing overflows.
    const s = 2 ** -600;
    const [a2, b2] = Math.abs(a) >= Math.abs(b) ? [a * s, b] : [a, b * s];
    const [c2, d2] = Math.abs(c) >= Math.abs(d) ? [c * s, d] : [c, d * s];
    return diffOfProducts(a2, b2, c2, d2) * 2 ** 600;
  }
  const [p1, e1] = twoProduct(a, b);
  const [p2, e2] = twoProduct(c, d);
  const s = p1 - p2;
  const bb = s - p1;
  const es = p1 - (s - bb) + (-p2 - bb);
  return s + (es + e1 - e2);
}

/**
 * The exponential family object of `exponential(rate)`: theta = -rate, T(x) = x, h = 1,
 * F(theta) = -log(-theta) on theta < 0; source coordinate rate.
 * @example exponentialFamily.logPartition(Float64Array.of(-2)) // -0.6931471805599453
 */
export const exponentialFamily: ExponentialFamily<ExponentialParams> = {
  id: 'exponential',
  name: 'exponential',
  dim: 1,
  sourceNames: ['rate'],
  discrete: false,
  sampleDim: 0,

  logPartition(theta) {
    return -Math.log(-theta[0]);
  },
  gradLogPartition(theta, out) {
    out[0] = -1 / theta[0];
    return out;
  },
  hessLogPartition(theta, out) {
    const m = 1 / theta[0];
    out[0] = m * m;
    return out;
  },
  thetaFromEta(eta, out) {
    out[0] = -1 / eta[0];
    return out;
  },
  isNaturalValid(theta) {
    return theta[0] < 0 && Number.isFinite(theta[0]) && Number.isFinite(1 / theta[0]);
  },
  isExpectationValid(eta) {
    return eta[0] > 0 && Number.isFinite(eta[0]) && Number.isFinite(1 / eta[0]);
  },

  sufficientStat(x, out) {
    out[0] = x as number;
    return out;
  },
  logBaseMeasure() {
    return 0;
  },
  inSupport(x) {
    const v = x as number;
    return v >= 0 && v < Infinity;
  },
  expectedLogBaseMeasure() {
    return 0;
  },

  thetaFromSource(src, out) {
    out[0] = -src[0];
    return out;
  },
  sourceFromTheta(theta, out) {
    out[0] = -theta[0];
    return out;
  },
  sourceJacobian(_src, out) {
    out[0] = -1;
    return out;
  },
  validateSource(src, where) {
    checkRate(where, src[0]);
  },
  params(src) {
    return { rate: src[0] };
  },

  mean(theta) {
    return -1 / theta[0];
  },
  variance(theta) {
    const m = 1 / theta[0];
    return m * m;
  },
  sample(theta, n, rng) {
    const rate = -theta[0];
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleExponential(rng, rate);
    return out;
  },

  dualPotential(eta) {
    return -1 - Math.log(eta[0]);
  },
  entropy(theta) {
    return 1 - Math.log(-theta[0]);
  },
  kl(thetaP, thetaQ) {
    // r - 1 - log r with r = rate_q / rate_p.
    const d = itakuraSaito(thetaQ[0], thetaP[0]);
    return d < 0 ? 0 : d;
  },
};

function checkRate(where: string, rate: unknown): number {
  checkPositive(where, 'rate', rate);
  if (!Number.isFinite(1 / (rate as number))) {
    throw new InfogeoError(where, 'rate', rate, 'a finite number > 0 whose mean 1/rate is finite (rate >= about 5.6e-309)');
  }
  return rate as number;
}

/**
 * The exponential distribution with density rate e^{-rate x} on [0, inf).
 *
 * Natural parameter theta = -rate, expectation parameter eta = 1/rate. Every rate from about
 * 5.6e-309 to 1.8e308 is accepted and gives finite theta, eta, log-density, entropy and KL;
 * the variance and the Fisher information 1/rate^2 overflow to Infinity for rate < 7.5e-155
 * (and the Fisher information underflows to 0 for rate > 1.3e154).
 *
 * @param rate - a finite number > 0 (with 1/rate finite)
 * @throws InfogeoError naming `rate` otherwise
 * @example exponential(2).eta // Float64Array [0.5]; exponential(2).entropy() // 0.3068528194400547
 */
export function exponential(rate: number): Distribution<ExponentialParams> {
  checkRate('exponential', rate);
  const src = Float64Array.of(rate);
  return new Distribution(exponentialFamily, exponentialFamily.thetaFromSource(src, new Float64Array(1)), src);
}
