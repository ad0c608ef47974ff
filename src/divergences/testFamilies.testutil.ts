/**
 * Small exponential families declared only for the divergence tests, so that the numerical
 * paths (series summation, quadrature and tail tests outside the natural parameter space,
 * enumeration of count vectors, Monte Carlo for vector observations, the Hessian form of KL)
 * are exercised whatever families the library has at the time, with closed-form answers.
 */
import type { ExponentialFamily, Sample } from '../families/family.js';
import { Distribution } from '../families/distribution.js';
import { digamma, lgamma, trigamma } from '../special/index.js';
import type { Rng } from '../random/rng.js';

type Partial_ = Pick<
  ExponentialFamily<unknown>,
  'id' | 'dim' | 'discrete' | 'sampleDim' | 'logPartition' | 'gradLogPartition' | 'hessLogPartition' | 'isNaturalValid' | 'sufficientStat' | 'logBaseMeasure' | 'inSupport' | 'mean' | 'variance'
> &
  Partial<ExponentialFamily<unknown>>;

function notUsed(name: string): never {
  throw new Error(`test family: ${name} is not implemented`);
}

/** Completes a partial family with members the divergences never call. */
export function makeFamily(spec: Partial_): ExponentialFamily<unknown> {
  return {
    name: spec.id,
    sourceNames: Array.from({ length: spec.dim }, (_, i) => `s${i}`),
    thetaFromEta: () => notUsed('thetaFromEta'),
    isExpectationValid: () => true,
    expectedLogBaseMeasure: () => notUsed('expectedLogBaseMeasure'),
    thetaFromSource: (s: Float64Array, out: Float64Array) => {
      out.set(s);
      return out;
    },
    sourceFromTheta: (t: Float64Array, out: Float64Array) => {
      out.set(t);
      return out;
    },
    sourceJacobian: () => notUsed('sourceJacobian'),
    validateSource: () => undefined,
    params: (s: Float64Array) => ({ theta: Array.from(s) }),
    sample: () => notUsed('sample'),
    ...spec,
  };
}

/** A copy of a family with its closed forms (kl, entropy, dualPotential) removed. */
export function withoutClosedForms(f: ExponentialFamily<unknown>, id: string): ExponentialFamily<unknown> {
  const { kl: _kl, entropy: _entropy, dualPotential: _dual, ...rest } = f;
  return { ...rest, id, name: id };
}

/**
 * A copy of a family whose `isNaturalValid` also demands `extra(theta)`: points of the true
 * natural parameter space that it rejects send the divergences to their numerical fallbacks,
 * where the closed form of the original family is the exact answer.
 */
export function restricted(f: ExponentialFamily<unknown>, id: string, extra: (theta: Float64Array) => boolean): ExponentialFamily<unknown> {
  return { ...f, id, name: id, isNaturalValid: (t: Float64Array) => f.isNaturalValid(t) && extra(t) };
}

export function dist(f: ExponentialFamily<unknown>, theta: number[]): Distribution<unknown> {
  return new Distribution(f, Float64Array.from(theta));
}

/**
 * Geometric on {1, 2, ...}: p(x) = (1 - p)^(x-1) p = exp(theta x - F), theta = log(1 - p) < 0,
 * F(theta) = theta - log(1 - e^theta), mean 1/p, variance (1 - p)/p^2.
 */
export const geometricTest = makeFamily({
  id: 'geometricTest',
  dim: 1,
  discrete: true,
  sampleDim: 0,
  logPartition: (t) => t[0] - Math.log(-Math.expm1(t[0])),
  gradLogPartition: (t, out) => {
    out[0] = -1 / Math.expm1(t[0]);
    return out;
  },
  hessLogPartition: (t, out) => {
    const e = Math.expm1(t[0]);
    out[0] = (e + 1) / (e * e);
    return out;
  },
  isNaturalValid: (t) => t[0] < 0,
  sufficientStat: (x, out) => {
    out[0] = x as number;
    return out;
  },
  logBaseMeasure: () => 0,
  inSupport: (x) => Number.isInteger(x) && (x as number) >= 1,
  mean: (t) => -1 / Math.expm1(t[0]),
  variance: (t) => {
    const e = Math.expm1(t[0]);
    return (e + 1) / (e * e);
  },
});

/** Geometric with success probability p. */
export const geometricDist = (p: number): Distribution<unknown> => dist(geometricTest, [Math.log1p(-p)]);

/**
 * Gamma(shape a, rate r) on (0, Infinity): T = (log x, x), theta = (a - 1, -r), h = 1,
 * F = lgamma(theta_1 + 1) - (theta_1 + 1) log(-theta_2); natural space theta_1 > -1, theta_2 < 0.
 */
export const gammaTest = makeFamily({
  id: 'gammaTest',
  dim: 2,
  discrete: false,
  sampleDim: 0,
  logPartition: (t) => lgamma(t[0] + 1) - (t[0] + 1) * Math.log(-t[1]),
  gradLogPartition: (t, out) => {
    out[0] = digamma(t[0] + 1) - Math.log(-t[1]);
    out[1] = -(t[0] + 1) / t[1];
    return out;
  },
  hessLogPartition: (t, out) => {
    out[0] = trigamma(t[0] + 1);
    out[1] = -1 / t[1];
    out[2] = out[1];
    out[3] = (t[0] + 1) / (t[1] * t[1]);
    return out;
  },
  isNaturalValid: (t) => t[0] > -1 && t[1] < 0 && Number.isFinite(t[0]) && Number.isFinite(t[1]),
  sufficientStat: (x, out) => {
    out[0] = Math.log(x as number);
    out[1] = x as number;
    return out;
  },
  logBaseMeasure: () => 0,
  inSupport: (x) => (x as number) > 0 && Number.isFinite(x as number),
  mean: (t) => -(t[0] + 1) / t[1],
  variance: (t) => (t[0] + 1) / (t[1] * t[1]),
});

/** Gamma with shape and rate. */
export const gammaDist = (shape: number, rate: number): Distribution<unknown> => dist(gammaTest, [shape - 1, -rate]);

/**
 * Two independent normals observed as a 2-vector: theta = (m1/v1, -1/(2 v1), m2/v2, -1/(2 v2)),
 * T(x) = (x1, x1^2, x2, x2^2). For the Monte Carlo path of Jensen-Shannon.
 */
export const pairNormalTest = makeFamily({
  id: 'pairNormalTest',
  dim: 4,
  discrete: false,
  sampleDim: 2,
  logPartition: (t) => -(t[0] * t[0]) / (4 * t[1]) - 0.5 * Math.log(-2 * t[1]) - (t[2] * t[2]) / (4 * t[3]) - 0.5 * Math.log(-2 * t[3]),
  gradLogPartition: (t, out) => {
    for (const k of [0, 2]) {
      const v = -0.5 / t[k + 1];
      const m = t[k] * v;
      out[k] = m;
      out[k + 1] = m * m + v;
    }
    return out;
  },
  hessLogPartition: (t, out) => {
    out.fill(0);
    for (const k of [0, 2]) {
      const v = -0.5 / t[k + 1];
      const m = t[k] * v;
      out[k * 4 + k] = v;
      out[k * 4 + k + 1] = 2 * m * v;
      out[(k + 1) * 4 + k] = 2 * m * v;
      out[(k + 1) * 4 + k + 1] = 2 * v * v + 4 * m * m * v;
    }
    return out;
  },
  isNaturalValid: (t) => t.every((x) => Number.isFinite(x)) && t[1] < 0 && t[3] < 0,
  sufficientStat: (x, out) => {
    const v = x as Float64Array;
    out[0] = v[0];
    out[1] = v[0] * v[0];
    out[2] = v[1];
    out[3] = v[1] * v[1];
    return out;
  },
  logBaseMeasure: () => -Math.log(2 * Math.PI),
  inSupport: (x) => (x as Float64Array).length === 2 && Number.isFinite((x as Float64Array)[0]) && Number.isFinite((x as Float64Array)[1]),
  mean: (t) => Float64Array.of((-0.5 * t[0]) / t[1], (-0.5 * t[2]) / t[3]),
  variance: (t) => Float64Array.of(-0.5 / t[1], 0, 0, -0.5 / t[3]),
  sample: (t: Float64Array, n: number, r: Rng): Sample[] => {
    const out: Sample[] = [];
    const s1 = Math.sqrt(-0.5 / t[1]);
    const s2 = Math.sqrt(-0.5 / t[3]);
    const m1 = (-0.5 * t[0]) / t[1];
    const m2 = (-0.5 * t[2]) / t[3];
    for (let i = 0; i < n; i++) out.push(Float64Array.of(m1 + s1 * r.normal(), m2 + s2 * r.normal()));
    return out;
  },
});

/** Independent N(m1, s1^2) x N(m2, s2^2). */
export const pairNormalDist = (m1: number, s1: number, m2: number, s2: number): Distribution<unknown> =>
  dist(pairNormalTest, [m1 / (s1 * s1), -0.5 / (s1 * s1), m2 / (s2 * s2), -0.5 / (s2 * s2)]);

/**
 * Multinomial(n = 3) over 3 categories, observations full count vectors (x1, x2, x3):
 * theta = (log(p1/p3), log(p2/p3)), T(x) = (x1, x2), F = n log(1 + e^theta1 + e^theta2),
 * log h = log(n! / (x1! x2! x3!)). For the enumeration path of Jensen-Shannon.
 */
const N_TRIALS = 3;
function logFact(k: number): number {
  return lgamma(k + 1);
}
export const multinomial3Test = makeFamily({
  id: 'multinomial3Test',
  dim: 2,
  discrete: true,
  sampleDim: 3,
  logPartition: (t) => N_TRIALS * Math.log(1 + Math.exp(t[0]) + Math.exp(t[1])),
  gradLogPartition: (t, out) => {
    const z = 1 + Math.exp(t[0]) + Math.exp(t[1]);
    out[0] = (N_TRIALS * Math.exp(t[0])) / z;
    out[1] = (N_TRIALS * Math.exp(t[1])) / z;
    return out;
  },
  hessLogPartition: (t, out) => {
    const z = 1 + Math.exp(t[0]) + Math.exp(t[1]);
    const p1 = Math.exp(t[0]) / z;
    const p2 = Math.exp(t[1]) / z;
    out[0] = N_TRIALS * p1 * (1 - p1);
    out[1] = -N_TRIALS * p1 * p2;
    out[2] = out[1];
    out[3] = N_TRIALS * p2 * (1 - p2);
    return out;
  },
  isNaturalValid: (t) => Number.isFinite(t[0]) && Number.isFinite(t[1]),
  sufficientStat: (x, out) => {
    const v = x as Float64Array;
    out[0] = v[0];
    out[1] = v[1];
    return out;
  },
  logBaseMeasure: (x) => {
    const v = x as Float64Array;
    return logFact(N_TRIALS) - logFact(v[0]) - logFact(v[1]) - logFact(v[2]);
  },
  inSupport: (x) => {
    const v = x as Float64Array;
    return v.length === 3 && v.every((c) => Number.isInteger(c) && c >= 0) && v[0] + v[1] + v[2] === N_TRIALS;
  },
  mean: () => notUsed('mean'),
  variance: () => notUsed('variance'),
  params: () => ({ n: N_TRIALS }),
});

/** Multinomial(3, probs) for a 3-vector of probabilities. */
export const multinomial3Dist = (probs: [number, number, number]): Distribution<unknown> =>
  dist(multinomial3Test, [Math.log(probs[0] / probs[2]), Math.log(probs[1] / probs[2])]);
