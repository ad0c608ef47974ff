/**
 * The Bernoulli family on {0, 1}.
 *
 * T(x) = x, theta = logit p = log(p / (1 - p)), F(theta) = log(1 + e^theta), eta = p,
 * Hess F = p (1 - p), h = 1. Source coordinate p; Fisher in p is 1 / (p (1 - p)).
 * Probabilities are recovered as sigmoid(theta) and sigmoid(-theta) separately, so p = 1e-300
 * and 1 - p = 1e-300 are both represented without cancellation.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { InfogeoError } from '../errors.js';
import { log1pexp, sigmoid } from '../special/index.js';
import { sampleBernoulli } from '../random/index.js';

export interface BernoulliParams {
  p: number;
}

/** logit p = log p - log(1 - p), accurate at both ends of (0, 1). */
export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

/** x log(x / y) with the conventions 0 log 0 = 0. */
function xlogxy(x: number, logx: number, logy: number): number {
  return x === 0 ? 0 : x * (logx - logy);
}

export const bernoulliFamily: ExponentialFamily<BernoulliParams> = {
  id: 'bernoulli',
  name: 'bernoulli',
  dim: 1,
  sourceNames: ['p'],
  discrete: true,
  sampleDim: 0,

  logPartition(theta) {
    return log1pexp(theta[0]);
  },
  gradLogPartition(theta, out) {
    out[0] = sigmoid(theta[0]);
    return out;
  },
  hessLogPartition(theta, out) {
    out[0] = sigmoid(theta[0]) * sigmoid(-theta[0]);
    return out;
  },
  thetaFromEta(eta, out) {
    out[0] = logit(eta[0]);
    return out;
  },
  isNaturalValid(theta) {
    return Number.isFinite(theta[0]);
  },
  isExpectationValid(eta) {
    return eta[0] > 0 && eta[0] < 1;
  },

  sufficientStat(x, out) {
    out[0] = x as number;
    return out;
  },
  logBaseMeasure() {
    return 0;
  },
  inSupport(x) {
    return x === 0 || x === 1;
  },
  expectedLogBaseMeasure() {
    return 0;
  },

  thetaFromSource(src, out) {
    out[0] = logit(src[0]);
    return out;
  },
  sourceFromTheta(theta, out) {
    out[0] = sigmoid(theta[0]);
    return out;
  },
  sourceJacobian(src, out) {
    out[0] = 1 / (src[0] * (1 - src[0]));
    return out;
  },
  validateSource(src, where) {
    const p = src[0];
    if (!(p > 0 && p < 1)) throw new InfogeoError(where, 'p', p, 'a probability in the open interval (0, 1)');
  },
  params(src) {
    return { p: src[0] };
  },

  mean(theta) {
    return sigmoid(theta[0]);
  },
  variance(theta) {
    return sigmoid(theta[0]) * sigmoid(-theta[0]);
  },
  sample(theta, n, rng) {
    const p = sigmoid(theta[0]);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleBernoulli(rng, p);
    return out;
  },

  dualPotential(eta) {
    const p = eta[0];
    return p * Math.log(p) + (1 - p) * Math.log1p(-p);
  },
  entropy(theta) {
    // H = log(1 + e^t) - t sigmoid(t), symmetric in t; written for t <= 0 to avoid overflow.
    const t = -Math.abs(theta[0]);
    return log1pexp(t) - t * sigmoid(t);
  },
  kl(thetaP, thetaQ) {
    // log p = -log(1 + e^-t), log(1 - p) = -log(1 + e^t): exact at both ends.
    const [tp, tq] = [thetaP[0], thetaQ[0]];
    const p = sigmoid(tp);
    const pc = sigmoid(-tp);
    const d = xlogxy(p, -log1pexp(-tp), -log1pexp(-tq)) + xlogxy(pc, -log1pexp(tp), -log1pexp(tq));
    return d < 0 ? 0 : d;
  },
};

/**
 * The Bernoulli distribution: P(X = 1) = p, P(X = 0) = 1 - p.
 *
 * @param p - success probability in the open interval (0, 1) (the boundary is not part of the
 *   exponential family: its natural parameter would be infinite)
 * @example bernoulli(0.25).theta // Float64Array [-1.0986122886681098] (= log(1/3))
 */
export function bernoulli(p: number): Distribution<BernoulliParams> {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) {
    throw new InfogeoError('bernoulli', 'p', p, 'a probability in the open interval (0, 1)');
  }
  const src = Float64Array.of(p);
  return new Distribution(bernoulliFamily, bernoulliFamily.thetaFromSource(src, new Float64Array(1)), src);
}
