/**
 * The geometric family on {1, 2, ...}: X is the number of trials up to and including the first
 * success, P(X = x) = p (1 - p)^(x - 1).
 *
 * We take T(x) = x (so eta is the mean): theta = log(1 - p) < 0,
 * F(theta) = log((1 - p) / p) = theta - log(1 - e^theta), eta = 1/p = -1/expm1(theta),
 * Hess F = (1 - p) / p^2 = Var[X], h = 1, F*(eta) = (eta - 1) log(1 - 1/eta) - log eta,
 * H = (-p log p - (1 - p) log(1 - p)) / p, KL(p1 || p2) = KL_Bernoulli(p1 || p2) / p1.
 * Source coordinate: p; Fisher in p is 1 / (p^2 (1 - p)).
 *
 * p is recovered as -expm1(theta) and log p as log1mexp(theta), so p = 1e-12 or 1e-300 keeps
 * every digit. Var[X] and the Fisher information overflow to Infinity for p < ~1e-154.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkOpenInterval, InfogeoError } from '../errors.js';
import { log1mexp } from '../special/index.js';
import { sampleGeometric } from '../random/index.js';
import { expm1mx, weightedExpm1mx } from './poisson.js';

/** Source parameters of `geometric(p)`. */
export interface GeometricParams {
  p: number;
}

/**
 * log(1 - p) for p in (0, 1): log1p for small p, the exact difference 1 - p for p > 1/2.
 * @example logOneMinus(1e-20) // -1e-20; logOneMinus(0.75) // -1.3862943611198906
 */
export function logOneMinus(p: number): number {
  return p > 0.5 ? Math.log(1 - p) : Math.log1p(-p);
}

/**
 * The KL divergence of the success-count families in theta = log(1 - p):
 * KL_Bernoulli(p1 || p2) / p1 = phi(u1) + (q1 / p1) phi(theta2 - theta1), phi(u) = e^u - 1 - u,
 * u1 = log(p2 / p1). Both terms are >= 0, so KL between nearby points keeps its relative
 * accuracy. Multiply by r for the negative binomial.
 * @example geometricKlTheta(Math.log(0.5), Math.log(0.75)) // 0.287682072451781 (= KL(Geom(1/2) || Geom(1/4)))
 */
export function geometricKlTheta(t1: number, t2: number): number {
  const d = t2 - t1;
  // x = p2/p1 - 1 = -(q1/p1) expm1(d), exact relative to itself; log1p(x) unless p2 << p1.
  const x = -Math.expm1(d) / Math.expm1(-t1);
  let phi1: number; // e^u1 - 1 - u1 = x - log1p(x)
  if (Number.isFinite(x) && x > -0.5) {
    const u1 = Math.log1p(x);
    phi1 = Math.abs(u1) < 1 ? expm1mx(u1) : x - u1;
  } else {
    phi1 = expm1mx(log1mexp(t2) - log1mexp(t1));
  }
  const kl = phi1 + weightedExpm1mx(t1 - log1mexp(t1), d, t2 - log1mexp(t1));
  return kl > 0 ? kl : 0;
}

/**
 * The geometric family object (theta = log(1 - p), T(x) = x; see the module comment).
 * @example geometricFamily.gradLogPartition(Float64Array.of(Math.log(0.75)), new Float64Array(1)) // Float64Array [4.000000000000001] (= 1/p)
 */
export const geometricFamily: ExponentialFamily<GeometricParams> = {
  id: 'geometric',
  name: 'geometric',
  dim: 1,
  sourceNames: ['p'],
  discrete: true,
  sampleDim: 0,

  logPartition(theta) {
    return theta[0] - log1mexp(theta[0]);
  },
  gradLogPartition(theta, out) {
    out[0] = -1 / Math.expm1(theta[0]);
    return out;
  },
  hessLogPartition(theta, out) {
    const eta = -1 / Math.expm1(theta[0]);
    out[0] = eta * eta * Math.exp(theta[0]);
    return out;
  },
  thetaFromEta(eta, out) {
    const e = eta[0];
    out[0] = e < 2 ? Math.log(e - 1) - Math.log(e) : Math.log1p(-1 / e);
    return out;
  },
  isNaturalValid(theta) {
    return theta[0] < 0 && Number.isFinite(theta[0]) && Number.isFinite(-1 / Math.expm1(theta[0]));
  },
  isExpectationValid(eta) {
    return eta[0] > 1 && eta[0] < Infinity;
  },

  sufficientStat(x, out) {
    out[0] = x as number;
    return out;
  },
  logBaseMeasure() {
    return 0;
  },
  inSupport(x) {
    return typeof x === 'number' && Number.isInteger(x) && x >= 1;
  },
  expectedLogBaseMeasure() {
    return 0;
  },

  thetaFromSource(src, out) {
    out[0] = logOneMinus(src[0]);
    return out;
  },
  sourceFromTheta(theta, out) {
    out[0] = -Math.expm1(theta[0]);
    return out;
  },
  sourceJacobian(src, out) {
    out[0] = -1 / (1 - src[0]);
    return out;
  },
  validateSource(src, where) {
    checkOpenInterval(where, 'p', src[0], 0, 1);
  },
  params(src) {
    return { p: src[0] };
  },

  mean(theta) {
    return -1 / Math.expm1(theta[0]);
  },
  variance(theta) {
    const eta = -1 / Math.expm1(theta[0]);
    return eta * eta * Math.exp(theta[0]);
  },
  sample(theta, n, rng) {
    const p = -Math.expm1(theta[0]);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleGeometric(rng, p);
    return out;
  },

  dualPotential(eta) {
    const e = eta[0];
    const logq = e < 2 ? Math.log(e - 1) - Math.log(e) : Math.log1p(-1 / e);
    return (e - 1) * logq - Math.log(e);
  },
  entropy(theta) {
    // -log p - (q / p) log q, q / p = 1 / expm1(-theta): both terms >= 0.
    const t = theta[0];
    return -log1mexp(t) - t / Math.expm1(-t);
  },
  kl(thetaP, thetaQ) {
    return geometricKlTheta(thetaP[0], thetaQ[0]);
  },
  logDensity(theta, x) {
    return log1mexp(theta[0]) + ((x as number) - 1) * theta[0];
  },
  fisherSource(src, out) {
    const p = src[0];
    out[0] = 1 / (p * p * (1 - p));
    return out;
  },
};

/**
 * The geometric distribution on {1, 2, ...}: the number of trials up to and including the first
 * success, P(X = x) = p (1 - p)^(x - 1), mean 1/p.
 *
 * @param p - success probability in the open interval (0, 1); p = 1 is degenerate (its natural
 *   parameter log(1 - p) is -Infinity), and below ~5.6e-309 the mean 1/p overflows. (For
 *   p < ~1e-305 a draw can exceed the largest double, P(X > 1.8e308) = (1 - p)^1.8e308, and is
 *   then returned as Infinity.)
 * @throws InfogeoError naming `p`
 * @example geometric(0.25).mean() // 4.000000000000001; geometric(0.25).theta // Float64Array [-0.2876820724517809]
 */
export function geometric(p: number): Distribution<GeometricParams> {
  checkOpenInterval('geometric', 'p', p, 0, 1);
  const src = Float64Array.of(p);
  const theta = geometricFamily.thetaFromSource(src, new Float64Array(1));
  if (!geometricFamily.isNaturalValid(theta)) {
    throw new InfogeoError('geometric', 'p', p, 'a probability in (5.6e-309, 1): the mean 1/p must be finite');
  }
  return new Distribution(geometricFamily, theta, src);
}
