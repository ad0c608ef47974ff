/**
 * The beta distributions Beta(a, b) on (0, 1) as an exponential family.
 *
 * p(x) = x^(a-1) (1-x)^(b-1) / B(a, b). We take T(x) = (log x, log(1 - x)), theta = (a, b) and
 * the base measure h(x) = 1 / (x (1 - x)), so the parameters are stored exactly (no a - 1).
 * F(theta) = log B(a, b), eta = (psi(a) - psi(a+b), psi(b) - psi(a+b)),
 * Hess F = [[psi'(a) - psi'(a+b), -psi'(a+b)], [-psi'(a+b), psi'(b) - psi'(a+b)]],
 * E[log h] = -eta_1 - eta_2, H = log B(a, b) - (a-1) eta_1 - (b-1) eta_2.
 * The differences psi(a) - psi(a+b) and psi'(a) - psi'(a+b) are evaluated without cancellation
 * (asymptotic series with expm1/log1p, after shifting small arguments up by recurrence), so
 * eta and the Fisher matrix stay accurate for beta(1e6, 2).
 * Inverse map eta -> theta: a safeguarded one-dimensional root search on the total a + b
 * (a = psi^{-1}(psi(a+b) + eta_1), b likewise; cf. Minka (2000), "Estimating a Dirichlet
 * distribution"), then Newton steps on (a, b) with the trigamma Jacobian to float64 precision.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkPositive, InfogeoError } from '../errors.js';
import { digamma, lbeta, lgamma, trigamma } from '../special/index.js';
import { sampleBeta } from '../random/index.js';
import { diffOfProducts, log1pmx } from './exponential.js';
import { bregmanGammaShape, logMinusDigamma, stirlingRemainder } from './gamma.js';

/** Source parameters of `beta(a, b)`. */
export interface BetaParams {
  a: number;
  b: number;
}

/** Bernoulli numbers B_2, ..., B_16. */
const B2K = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];
const ASYM = 10;
const EULER = 0.5772156649015329;
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * psi(a) - psi(a + c) for a > 0, c > 0 (psi the digamma function), accurate to a few ulps also
 * when c << a, where the plain difference cancels: small a is shifted
 * with psi(x) = psi(x + 1) - 1/x, then psi(x) - psi(x + c) = -log1p(c/x) - c / (2x(x + c))
 * - sum_k B_2k / (2k) (x^-2k - (x + c)^-2k), each power difference as -x^-n expm1(-n log1p(c/x)).
 *
 * @param a,c - numbers > 0
 * @example digammaDiff(1e6, 2) // -0.000001999999000001 (the plain difference keeps 9 digits)
 */
export function digammaDiff(a: number, c: number): number {
  const n = a < ASYM ? Math.ceil(ASYM - a) : 0;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const y = a + k;
    s -= c / (y + c) / y; // in this order: c / y may overflow
  }
  const x = a + n;
  const l = Math.log1p(c / x);
  let t = -l - c / (2 * x) / (x + c);
  const ix2 = 1 / (x * x);
  let p = ix2;
  for (let k = 0; k < B2K.length; k++) {
    const m = 2 * k + 2;
    t += (B2K[k] / m) * p * Math.expm1(-m * l);
    p *= ix2;
  }
  return s + t;
}

/**
 * psi'(a) - psi'(a + c) > 0 for a > 0, c > 0 (psi' the trigamma function), without cancellation
 * (same scheme as digammaDiff).
 *
 * @param a,c - numbers > 0
 * @example trigammaDiff(1e6, 2) // 1.999998000003e-12
 */
export function trigammaDiff(a: number, c: number): number {
  const n = a < ASYM ? Math.ceil(ASYM - a) : 0;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const y = a + k;
    const w = c / (y + c); // 1/y^2 - 1/(y+c)^2 = w (1 + y/(y+c)) / y^2, without overflow
    s += (w * (1 + y / (y + c))) / y / y;
  }
  const x = a + n;
  const xc = x + c;
  const l = Math.log1p(c / x);
  // psi'(x) = 1/x + 1/(2x^2) + sum_k B_2k x^-(2k+1)
  const w = c / xc;
  let t = w / x + (w * (1 + x / xc)) / (2 * x * x);
  const ix2 = 1 / (x * x);
  let p = ix2 / x;
  for (let k = 0; k < B2K.length; k++) {
    const m = 2 * k + 3;
    t -= B2K[k] * p * Math.expm1(-m * l);
    p *= ix2;
  }
  return s + t;
}

/**
 * The inverse digamma function: the x > 0 with psi(x) = y. Newton's method from Minka's
 * starting point (exp(y) + 1/2 for y >= -2.22, else -1/(y + gamma)); psi is concave, so once an
 * iterate lies left of the root the iteration increases monotonically to it.
 *
 * @param y - any number below about 709.8 (psi(x) ~ log x)
 * @example inverseDigamma(digamma(3)) // 3
 */
export function inverseDigamma(y: number): number {
  if (y < -1e10) return -1 / (y + EULER); // psi(x) = -1/x - gamma + O(x), exact to float64 here
  let x = y >= -2.22 ? Math.exp(y) + 0.5 : -1 / (y + EULER);
  for (let it = 0; it < 100; it++) {
    const step = (digamma(x) - y) / trigamma(x);
    let next = x - step;
    if (!(next > 0)) next = x / 16;
    const done = Math.abs(next - x) <= 1e-11 * x; // quadratic convergence: the step just taken is final
    x = next;
    if (done) break;
  }
  return x;
}

/** log(x / m) given u = x/m - 1 (accurate near 1) and log x (used when x/m is far from 1). */
function log1pRatio(u: number, logX: number, m: number): number {
  return Math.abs(u) < 0.5 ? Math.log1p(u) : logX - Math.log(m);
}

/** log(x / m) - (x/m - 1), as log1pRatio. */
function log1pmxRatio(u: number, logX: number, m: number): number {
  return Math.abs(u) < 0.5 ? log1pmx(u) : logX - Math.log(m) - u;
}

/** The (a, b) of Beta with the given eta; [NaN, NaN] if none. */
function betaFromEta(e1: number, e2: number): [number, number] {
  // Stage 1: h(S) = psi^{-1}(psi(S) + e1) + psi^{-1}(psi(S) + e2) - S has a unique root (the
  // unique solution of the moment equations); h > 0 left of it and < 0 right of it.
  const ab = (s: number): [number, number] => {
    const ps = digamma(s);
    return [inverseDigamma(ps + e1), inverseDigamma(ps + e2)];
  };
  const m = Math.max(e1, e2);
  const q = -Math.expm1(m + Math.log1p(Math.exp(Math.min(e1, e2) - m))); // 1 - e^e1 - e^e2
  if (!(q > 0) || !(e1 < 0) || !(e2 < 0)) return [Number.NaN, Number.NaN];
  let s = q < 0.1 ? 0.5 / q : 1 / Math.sqrt(e1 * e2);
  let lo = 0;
  let hi = Infinity;
  let a = 0;
  let b = 0;
  for (let it = 0; it < 400; it++) {
    [a, b] = ab(s);
    const h = a + b - s;
    if (h > 0) lo = s;
    else if (h < 0) hi = s;
    else break;
    let next: number;
    if (lo === 0) next = s / 8;
    else if (hi === Infinity) next = s * 8;
    else {
      // Newton in log S: dh/dS = psi'(S) (1/psi'(a) + 1/psi'(b)) - 1.
      const ts = trigamma(s);
      const dh = ts / trigamma(a) + ts / trigamma(b) - 1;
      next = s - h / dh;
      if (!(next > lo && next < hi) || !Number.isFinite(next)) next = Math.sqrt(lo * hi);
    }
    if (lo > 0 && hi < Infinity && hi - lo <= 1e-10 * lo) break;
    if (Math.abs(next - s) <= 1e-12 * s) break;
    s = next;
  }
  // Stage 2: Newton on (a, b) with accurate residuals; stop when the Newton decrement stalls.
  let best = Infinity;
  for (let it = 0; it < 30; it++) {
    const r1 = digammaDiff(a, b) - e1;
    const r2 = digammaDiff(b, a) - e2;
    const h11 = trigammaDiff(a, b);
    const h22 = trigammaDiff(b, a);
    const t = trigamma(a + b);
    const det = h11 * h22 - t * t;
    const da = (h22 * r1 + t * r2) / det;
    const db = (t * r1 + h11 * r2) / det;
    const dec = Math.abs(r1 * da + r2 * db);
    if (!(dec < best)) break;
    best = dec;
    let lambda = 1;
    while (!(a - lambda * da > 0 && b - lambda * db > 0) && lambda > 1e-3) lambda /= 4;
    const na = a - lambda * da;
    const nb = b - lambda * db;
    if (!(na > 0 && nb > 0)) break;
    const done = Math.abs(na - a) <= 2e-16 * a && Math.abs(nb - b) <= 2e-16 * b;
    a = na;
    b = nb;
    if (done || dec === 0) break;
  }
  return [a, b];
}

/**
 * The exponential family object of `beta(a, b)`: theta = (a, b), T(x) = (log x, log(1 - x)),
 * h(x) = 1/(x(1-x)), F(theta) = log B(theta_1, theta_2); source coordinates (a, b).
 * @example betaFamily.logPartition(Float64Array.of(2, 3)) // -2.4849066497880004 (= log(1/12))
 */
export const betaFamily: ExponentialFamily<BetaParams> = {
  id: 'beta',
  name: 'beta',
  dim: 2,
  sourceNames: ['a', 'b'],
  discrete: false,
  sampleDim: 0,

  logPartition(theta) {
    return lbeta(theta[0], theta[1]);
  },
  gradLogPartition(theta, out) {
    out[0] = digammaDiff(theta[0], theta[1]);
    out[1] = digammaDiff(theta[1], theta[0]);
    return out;
  },
  hessLogPartition(theta, out) {
    const [a, b] = [theta[0], theta[1]];
    out[0] = trigammaDiff(a, b);
    out[1] = -trigamma(a + b);
    out[2] = out[1];
    out[3] = trigammaDiff(b, a);
    return out;
  },
  thetaFromEta(eta, out) {
    const [a, b] = betaFromEta(eta[0], eta[1]);
    out[0] = a;
    out[1] = b;
    return out;
  },
  isNaturalValid(theta) {
    return theta[0] > 0 && theta[1] > 0 && Number.isFinite(theta[0]) && Number.isFinite(theta[1]);
  },
  isExpectationValid(eta) {
    const [e1, e2] = [eta[0], eta[1]];
    if (!(e1 < 0 && e2 < 0 && Number.isFinite(e1) && Number.isFinite(e2))) return false;
    const m = Math.max(e1, e2);
    return m + Math.log1p(Math.exp(Math.min(e1, e2) - m)) < 0; // e^e1 + e^e2 < 1 (Jensen)
  },

  sufficientStat(x, out) {
    const v = x as number;
    out[0] = Math.log(v);
    out[1] = Math.log1p(-v);
    return out;
  },
  logBaseMeasure(x) {
    const v = x as number;
    return -Math.log(v) - Math.log1p(-v);
  },
  inSupport(x) {
    const v = x as number;
    return v > 0 && v < 1;
  },
  expectedLogBaseMeasure(theta) {
    return -digammaDiff(theta[0], theta[1]) - digammaDiff(theta[1], theta[0]);
  },

  thetaFromSource(src, out) {
    out[0] = src[0];
    out[1] = src[1];
    return out;
  },
  sourceFromTheta(theta, out) {
    out[0] = theta[0];
    out[1] = theta[1];
    return out;
  },
  sourceJacobian(_src, out) {
    out[0] = 1;
    out[1] = 0;
    out[2] = 0;
    out[3] = 1;
    return out;
  },
  validateSource(src, where) {
    checkPositive(where, 'a', src[0]);
    checkPositive(where, 'b', src[1]);
  },
  params(src) {
    return { a: src[0], b: src[1] };
  },

  mean(theta) {
    return theta[0] / (theta[0] + theta[1]);
  },
  variance(theta) {
    const s = theta[0] + theta[1];
    return ((theta[0] / s) * (theta[1] / s)) / (s + 1);
  },
  sample(theta, n, rng) {
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleBeta(rng, theta[0], theta[1]);
    return out;
  },

  entropy(theta) {
    // log B(a, b) - (a-1) psi(a) - (b-1) psi(b) + (a+b-2) psi(a+b). For large parameters with
    // psi(x) = log x - g(x) (g = log x - psi(x) from its series) and Stirling's log Gamma, so that
    // the terms of size (a+b) log(a+b) cancel analytically (beta(1e6, 1e6) keeps full accuracy).
    const [a, b] = [theta[0], theta[1]];
    const s = a + b;
    if (a < ASYM && b < ASYM) return lbeta(a, b) - (a - 1) * digammaDiff(a, b) - (b - 1) * digammaDiff(b, a);
    const ga = logMinusDigamma(a);
    const gb = logMinusDigamma(b);
    const gs = logMinusDigamma(s);
    if (a >= ASYM && b >= ASYM) {
      return (
        0.5 * (Math.log(a) + Math.log(b) - 3 * Math.log(s) + LOG_2PI) + stirlingRemainder(a) + stirlingRemainder(b) -
        stirlingRemainder(s) + (a - 1) * ga + (b - 1) * gb - (s - 2) * gs
      );
    }
    const [big, small, gBig] = a >= ASYM ? [a, b, ga] : [b, a, gb];
    return (
      -Math.log(s) - 0.5 * Math.log1p(small / big) + small + stirlingRemainder(big) - stirlingRemainder(s) +
      (big - 1) * gBig - (s - 2) * gs + lgamma(small) - (small - 1) * digamma(small)
    );
  },
  logDensity(theta, x) {
    const v = x as number;
    const [a, b] = [theta[0], theta[1]];
    const lx = Math.log(v);
    const l1x = Math.log1p(-v);
    if (a < ASYM && b < ASYM) return (a - 1) * lx + (b - 1) * l1x - lbeta(a, b);
    // With Stirling's formula for the large parameters, so that the terms of size
    // (a+b) log(a+b) cancel analytically instead of in floating point (beta(1e6, 1e6)).
    const s = a + b;
    if (a >= ASYM && b >= ASYM) {
      // a log(x/m) + b log((1-x)/(1-m)) = a log1pmx(u) + b log1pmx(v): a u + b v = 0.
      // d = x - m, formed on the side of 1/2 where it does not cancel against rounding of m.
      const m = a / s;
      const d = m <= 0.5 ? v - m : b / s - (1 - v);
      return (
        a * log1pmxRatio(d / m, lx, m) + b * log1pmxRatio(-d / (b / s), l1x, b / s) + 0.5 * (Math.log(a) + Math.log(b) - Math.log(s) - LOG_2PI) -
        stirlingRemainder(a) - stirlingRemainder(b) + stirlingRemainder(s) - lx - l1x
      );
    }
    // One large parameter (say a): log Gamma(a) - log Gamma(a+b) by Stirling, the other exact.
    // x_big - m_big = m_small - x_small: formed from the small side, without the rounding of 1 - x.
    const [big, small, xSmall, lBig, lSmall] = a >= ASYM ? [a, b, 1 - v, lx, l1x] : [b, a, v, l1x, lx];
    const m = big / s;
    return (
      big * log1pRatio((small / s - xSmall) / m, lBig, m) + small * Math.log(s) + (small - 1) * lSmall - small - lgamma(small) -
      lBig - stirlingRemainder(big) + stirlingRemainder(s) - 0.5 * Math.log1p(small / big)
    );
  },
  kl(thetaP, thetaQ) {
    const [a1, b1, a2, b2] = [thetaP[0], thetaP[1], thetaQ[0], thetaQ[1]];
    const da = a2 - a1;
    const db = b2 - b1;
    const s1 = a1 + b1;
    const s2 = a2 + b2;
    // log B = G(a) + G(b) - G(a+b) + f(a, b), G(x) = log Gamma(x) - x log x + x,
    // f(a, b) = a log a + b log b - (a+b) log(a+b) (1-homogeneous): the Bregman divergence is
    // linear in the generator, and B_f = (a2 + b2) KL(Bernoulli(m2) || Bernoulli(m1)), m = a/(a+b).
    const shape = bregmanGammaShape(a2, a1, da) + bregmanGammaShape(b2, b1, db) - bregmanGammaShape(s2, s1, da + db);
    const dd = diffOfProducts(a2, b1, a1, b2); // (a2 b1 - a1 b2)
    const u = dd / a1 / s2; // m2/m1 - 1
    const v = -dd / b1 / s2; // (1-m2)/(1-m1) - 1
    let mix: number;
    if (Math.abs(u) < 0.5 && Math.abs(v) < 0.5) {
      mix = a2 * log1pmx(u) + b2 * log1pmx(v) + u * (dd / b1);
    } else {
      // log(m2/m1) and log((1-m2)/(1-m1)) directly: 1 + u may be far below 1 (or overflow).
      const ls = Math.log(s2) - Math.log(s1);
      mix = a2 * (Math.log(a2) - Math.log(a1) - ls) + b2 * (Math.log(b2) - Math.log(b1) - ls);
    }
    let d = shape + mix;
    if (Number.isNaN(d)) {
      // Only for pairs so far apart that partial terms overflow (Infinity - Infinity); there the
      // textbook form has no cancellation to fear.
      d = lbeta(a2, b2) - lbeta(a1, b1) - da * digammaDiff(a1, b1) - db * digammaDiff(b1, a1);
      if (Number.isNaN(d)) d = Infinity;
    }
    return d < 0 ? 0 : d;
  },
};

/**
 * The beta distribution with density x^(a-1) (1-x)^(b-1) / B(a, b) on (0, 1), mean a/(a+b).
 *
 * Natural parameters theta = (a, b) for T(x) = (log x, log(1-x)) and h(x) = 1/(x(1-x));
 * expectation parameters eta = (E[log X], E[log(1-X)]). Accurate (eta, Fisher, KL, and the
 * inverse map eta -> theta) for a, b from 1e-3 to 1e6 and beyond. The log-density is
 * -Infinity at 0, at 1 and outside (0, 1).
 *
 * @param a - first shape, a finite number > 0
 * @param b - second shape, a finite number > 0
 * @throws InfogeoError naming `a` or `b`
 * @example beta(2, 3).eta // Float64Array [-1.0833333333333333, -0.5833333333333334]
 */
export function beta(a: number, b: number): Distribution<BetaParams> {
  checkPositive('beta', 'a', a);
  checkPositive('beta', 'b', b);
  if (!Number.isFinite(lbeta(a, b))) {
    throw new InfogeoError('beta', 'a', a, `a finite number > 0 such that log B(a, b) is finite (b = ${b})`);
  }
  const src = Float64Array.of(a, b);
  return new Distribution(betaFamily, betaFamily.thetaFromSource(src, new Float64Array(2)), src);
}
