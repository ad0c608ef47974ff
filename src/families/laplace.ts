/**
 * The Laplace distributions with a FIXED location mu and free scale b, as an exponential family
 * (with mu free the Laplace law is not an exponential family).
 *
 * p(x) = exp(-|x - mu| / b) / (2 b); T(x) = |x - mu|, theta = -1/b < 0, h(x) = 1,
 * F(theta) = log(-2 / theta) (= log 2b), eta = E|X - mu| = -1/theta = b,
 * Hess F = 1/theta^2 = b^2, F*(eta) = -1 - log(2 eta), H = 1 + log(2b),
 * KL(b_p || b_q) = r - 1 - log r with r = b_p / b_q. Mean mu, variance 2 b^2.
 * Source coordinate b; d theta / d b = 1/b^2, Fisher in b is 1/b^2.
 * One family object per location, from `laplaceFamily(mu)`, with id `laplace(mu=M)`: KL and the
 * other divergences are defined only between Laplace laws of the same location.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkFinite, checkPositive, InfogeoError } from '../errors.js';
import { sampleLaplace } from '../random/index.js';
import { itakuraSaito } from './exponential.js';

/** Source parameters of `laplace(mu, b)`: the fixed location and the scale. */
export interface LaplaceParams {
  mu: number;
  b: number;
}

const LN2 = Math.LN2;
const cache = new Map<number, ExponentialFamily<LaplaceParams>>();

function makeFamily(mu: number): ExponentialFamily<LaplaceParams> {
  return {
    id: `laplace(mu=${mu})`,
    name: 'laplace',
    dim: 1,
    sourceNames: ['b'],
    discrete: false,
    sampleDim: 0,

    logPartition(theta) {
      return LN2 - Math.log(-theta[0]);
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
      out[0] = Math.abs((x as number) - mu);
      return out;
    },
    logBaseMeasure() {
      return 0;
    },
    inSupport(x) {
      return Number.isFinite(x as number);
    },
    expectedLogBaseMeasure() {
      return 0;
    },

    thetaFromSource(src, out) {
      out[0] = -1 / src[0];
      return out;
    },
    sourceFromTheta(theta, out) {
      out[0] = -1 / theta[0];
      return out;
    },
    sourceJacobian(src, out) {
      out[0] = 1 / (src[0] * src[0]);
      return out;
    },
    validateSource(src, where) {
      checkScale(where, src[0]);
    },
    params(src) {
      return { mu, b: src[0] };
    },

    mean() {
      return mu;
    },
    variance(theta) {
      const b = -1 / theta[0];
      return 2 * b * b;
    },
    sample(theta, n, rng) {
      const b = -1 / theta[0];
      const out: number[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = sampleLaplace(rng, mu, b);
      return out;
    },

    dualPotential(eta) {
      return -1 - Math.log(2 * eta[0]);
    },
    entropy(theta) {
      return 1 + LN2 - Math.log(-theta[0]);
    },
    kl(thetaP, thetaQ) {
      const d = itakuraSaito(thetaQ[0], thetaP[0]); // r = theta_q / theta_p = b_p / b_q
      return d < 0 ? 0 : d;
    },
  };
}

/**
 * The Laplace family with the given fixed location, one cached object per location
 * (-0 is the same location as 0). Its id is `laplace(mu=M)`.
 *
 * @param mu - the location, any finite number
 * @throws InfogeoError naming `mu` if it is not finite
 * @example laplaceFamily(0).id // 'laplace(mu=0)'
 */
export function laplaceFamily(mu: number): ExponentialFamily<LaplaceParams> {
  checkFinite('laplaceFamily', 'mu', mu);
  const key = mu === 0 ? 0 : mu;
  let f = cache.get(key);
  if (f === undefined) {
    f = makeFamily(key);
    cache.set(key, f);
  }
  return f;
}

function checkScale(where: string, b: unknown): number {
  checkPositive(where, 'b', b);
  if (!Number.isFinite(1 / (b as number))) {
    throw new InfogeoError(where, 'b', b, 'a finite number > 0 whose inverse 1/b is finite (b >= about 5.6e-309)');
  }
  return b as number;
}

/**
 * The Laplace distribution with location mu (held fixed: a hyper-parameter of the family) and
 * scale b: density exp(-|x - mu| / b) / (2b) on the real line, mean mu, variance 2 b^2.
 *
 * Natural parameter theta = -1/b for T(x) = |x - mu|; expectation parameter eta = b. The family
 * is `laplaceFamily(mu)`; the Fisher information 1/b^2 overflows for b < 7.5e-155.
 *
 * @param mu - location, any finite number (fixed: it is not a coordinate of the manifold)
 * @param b - scale, a finite number > 0
 * @throws InfogeoError naming `mu` or `b`
 * @example laplace(1, 2).eta // Float64Array [2]; laplace(1, 2).entropy() // 2.386294361119891
 */
export function laplace(mu: number, b: number): Distribution<LaplaceParams> {
  checkFinite('laplace', 'mu', mu);
  checkScale('laplace', b);
  const family = laplaceFamily(mu);
  const src = Float64Array.of(b);
  return new Distribution(family, family.thetaFromSource(src, new Float64Array(1)), src);
}
