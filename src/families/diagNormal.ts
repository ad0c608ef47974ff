/**
 * The product of d independent univariate normals N(mean_i, sigmas_i^2), as one exponential
 * family of dimension 2d.
 *
 * Coordinates are BLOCKED (all first components, then all second ones), like the source:
 * T(x) = (x_1..x_d, x_1^2..x_d^2), theta = (mean_i / sigma_i^2 for i < d, then
 * -1 / (2 sigma_i^2)), F(theta) = sum_i [-theta_i^2 / (4 theta_{d+i}) - (1/2) log(-2 theta_{d+i})],
 * log h(x) = -(d/2) log 2 pi, eta = (mean_i, then mean_i^2 + sigma_i^2).
 * Source coordinates (mean_1..mean_d, sigmas_1..sigmas_d); Fisher in source coordinates is
 * diag(1 / sigma_i^2, then 2 / sigma_i^2). Each coordinate is the univariate `normal` family,
 * whose cancellation-free KL it reuses.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkInteger, checkVector, InfogeoError } from '../errors.js';
import { sampleNormal } from '../random/index.js';
import { normalFamily } from './normal.js';

/** Source parameters of a diagonal normal: the means and the standard deviations. */
export interface DiagNormalParams {
  mean: number[];
  sigmas: number[];
}

const LOG_2PI = Math.log(2 * Math.PI);

function buildFamily(d: number): ExponentialFamily<DiagNormalParams> {
  const id = `diagNormal(d=${d})`;
  const n = 2 * d;
  const names: string[] = [];
  for (let i = 0; i < d; i++) names.push(`mean[${i}]`);
  for (let i = 0; i < d; i++) names.push(`sigmas[${i}]`);
  /** Variance of coordinate i. */
  const v = (theta: Float64Array, i: number): number => -0.5 / theta[d + i];
  /** (theta_i, theta_{d+i}) as a univariate-normal theta. */
  const pair = (theta: Float64Array, i: number, out: Float64Array): Float64Array => {
    out[0] = theta[i];
    out[1] = theta[d + i];
    return out;
  };

  const family: ExponentialFamily<DiagNormalParams> = {
    id,
    name: 'diagNormal',
    dim: n,
    sourceNames: names,
    discrete: false,
    sampleDim: d,

    logPartition(theta) {
      let s = 0;
      for (let i = 0; i < d; i++) s += (-theta[i] * theta[i]) / (4 * theta[d + i]) - 0.5 * Math.log(-2 * theta[d + i]);
      return s;
    },
    gradLogPartition(theta, out) {
      for (let i = 0; i < d; i++) {
        const s2 = v(theta, i);
        const mu = theta[i] * s2;
        out[i] = mu;
        out[d + i] = mu * mu + s2;
      }
      return out;
    },
    hessLogPartition(theta, out) {
      out.fill(0);
      for (let i = 0; i < d; i++) {
        const s2 = v(theta, i);
        const mu = theta[i] * s2;
        const c = 2 * mu * s2;
        out[i * n + i] = s2;
        out[i * n + d + i] = c;
        out[(d + i) * n + i] = c;
        out[(d + i) * n + d + i] = 2 * s2 * s2 + 4 * mu * mu * s2;
      }
      return out;
    },
    thetaFromEta(eta, out) {
      for (let i = 0; i < d; i++) {
        const s2 = eta[d + i] - eta[i] * eta[i];
        out[i] = eta[i] / s2;
        out[d + i] = -0.5 / s2;
      }
      return out;
    },
    isNaturalValid(theta) {
      if (theta.length !== n) return false;
      for (let i = 0; i < d; i++) if (!(Number.isFinite(theta[i]) && theta[d + i] < 0 && theta[d + i] > -Infinity)) return false;
      return true;
    },
    isExpectationValid(eta) {
      if (eta.length !== n) return false;
      for (let i = 0; i < d; i++) {
        if (!(Number.isFinite(eta[i]) && Number.isFinite(eta[d + i]) && eta[d + i] - eta[i] * eta[i] > 0)) return false;
      }
      return true;
    },

    sufficientStat(x, out) {
      const y = x as Float64Array;
      for (let i = 0; i < d; i++) {
        out[i] = y[i];
        out[d + i] = y[i] * y[i];
      }
      return out;
    },
    logBaseMeasure() {
      return -0.5 * d * LOG_2PI;
    },
    inSupport(x) {
      if (typeof x === 'number' || x.length !== d) return false;
      for (let i = 0; i < d; i++) if (!Number.isFinite(x[i])) return false;
      return true;
    },
    expectedLogBaseMeasure() {
      return -0.5 * d * LOG_2PI;
    },

    thetaFromSource(src, out) {
      for (let i = 0; i < d; i++) {
        const s2 = src[d + i] * src[d + i];
        out[i] = src[i] / s2;
        out[d + i] = -0.5 / s2;
      }
      return out;
    },
    sourceFromTheta(theta, out) {
      for (let i = 0; i < d; i++) {
        const s2 = v(theta, i);
        out[i] = theta[i] * s2;
        out[d + i] = Math.sqrt(s2);
      }
      return out;
    },
    sourceJacobian(src, out) {
      out.fill(0);
      for (let i = 0; i < d; i++) {
        const [mu, s] = [src[i], src[d + i]];
        const s3 = s * s * s;
        out[i * n + i] = 1 / (s * s);
        out[i * n + d + i] = (-2 * mu) / s3;
        out[(d + i) * n + d + i] = 1 / s3;
      }
      return out;
    },
    validateSource(src, where) {
      checkedTheta(src, d, where);
    },
    params(src) {
      return { mean: Array.from(src.subarray(0, d)), sigmas: Array.from(src.subarray(d, n)) };
    },

    mean(theta) {
      return Float64Array.from({ length: d }, (_, i) => theta[i] * v(theta, i));
    },
    variance(theta) {
      const out = new Float64Array(d * d);
      for (let i = 0; i < d; i++) out[i * d + i] = v(theta, i);
      return out;
    },
    sample(theta, count, rng) {
      const mu = new Float64Array(d);
      const sd = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        const s2 = v(theta, i);
        mu[i] = theta[i] * s2;
        sd[i] = Math.sqrt(s2);
      }
      const out: Float64Array[] = new Array(count);
      for (let s = 0; s < count; s++) {
        const x = new Float64Array(d);
        for (let i = 0; i < d; i++) x[i] = sampleNormal(rng, mu[i], sd[i]);
        out[s] = x;
      }
      return out;
    },

    dualPotential(eta) {
      let s = 0;
      for (let i = 0; i < d; i++) s -= 0.5 * (1 + Math.log(eta[d + i] - eta[i] * eta[i]));
      return s;
    },
    entropy(theta) {
      let s = 0;
      for (let i = 0; i < d; i++) s += 0.5 * (1 + LOG_2PI + Math.log(v(theta, i)));
      return s;
    },
    kl(thetaP, thetaQ) {
      const [a, b] = [new Float64Array(2), new Float64Array(2)];
      let s = 0;
      for (let i = 0; i < d; i++) s += normalFamily.kl!(pair(thetaP, i, a), pair(thetaQ, i, b));
      return s;
    },
    logDensity(theta, x) {
      // sum_i [-(1/2) log(2 pi s2_i) - (x_i - mu_i)^2 / (2 s2_i)]: no cancellation for |mu| >> sigma.
      const y = x as Float64Array;
      let s = -0.5 * d * LOG_2PI;
      for (let i = 0; i < d; i++) {
        const s2 = v(theta, i);
        const r = y[i] - theta[i] * s2;
        s -= 0.5 * Math.log(s2) + (r * r) / (2 * s2);
      }
      return s;
    },
    fisherSource(src, out) {
      out.fill(0);
      for (let i = 0; i < d; i++) {
        const s2 = src[d + i] * src[d + i];
        out[i * n + i] = 1 / s2;
        out[(d + i) * n + d + i] = 2 / s2;
      }
      return out;
    },
  };
  return family;
}

const families = new Map<number, ExponentialFamily<DiagNormalParams>>();

/**
 * The family of d-dimensional normals with independent coordinates (one cached object per d),
 * id `diagNormal(d=D)`; parameter vectors have length 2d, observations are Float64Arrays of length d.
 * @param d - dimension, an integer >= 1
 * @example diagNormalFamily(3).sourceNames // ['mean[0]', 'mean[1]', 'mean[2]', 'sigmas[0]', 'sigmas[1]', 'sigmas[2]']
 */
export function diagNormalFamily(d: number): ExponentialFamily<DiagNormalParams> {
  checkInteger('diagNormalFamily', 'd', d, 1);
  let f = families.get(d);
  if (f === undefined) {
    f = buildFamily(d);
    families.set(d, f);
  }
  return f;
}

/** Validates a flat source vector and returns theta; throws naming `mean[i]` or `sigmas[i]`. */
function checkedTheta(src: Float64Array, d: number, where: string): Float64Array {
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(src[i])) throw new InfogeoError(where, `mean[${i}]`, src[i], 'a finite number');
    const s = src[d + i];
    if (!(s > 0 && s < Infinity)) throw new InfogeoError(where, `sigmas[${i}]`, s, 'a finite number > 0');
  }
  const f = diagNormalFamily(d);
  const theta = f.thetaFromSource(src, new Float64Array(2 * d));
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(theta[d + i]) || theta[d + i] === 0) {
      throw new InfogeoError(where, `sigmas[${i}]`, src[d + i], 'a standard deviation whose natural parameter -1/(2 sigma^2) is finite and non-zero (about 1e-154 < sigma < 1e154)');
    }
  }
  const eta = f.gradLogPartition(theta, new Float64Array(2 * d));
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(theta[i]) || !Number.isFinite(eta[d + i])) {
      throw new InfogeoError(where, `mean[${i}]`, src[i], 'a mean whose natural and expectation parameters (mean / sigma^2, mean^2 + sigma^2) are finite for this sigma');
    }
  }
  if (!Number.isFinite(f.logPartition(theta))) {
    throw new InfogeoError(where, 'mean', Array.from(src.subarray(0, d)), 'means whose log-partition sum mean_i^2 / (2 sigma_i^2) is finite');
  }
  return theta;
}

/**
 * The d-dimensional normal with independent coordinates: the product of N(mean[i], sigmas[i]^2).
 *
 * Density prod_i (2 pi sigmas_i^2)^{-1/2} exp(-(x_i - mean_i)^2 / (2 sigmas_i^2)).
 * Source coordinates (the order of `fisher(p, 'source')`): mean[0..d-1], then sigmas[0..d-1].
 *
 * @param mean - d >= 1 finite numbers (number[] or Float64Array)
 * @param sigmas - d standard deviations, finite numbers > 0
 * @throws InfogeoError naming `mean`, `mean[i]`, `sigmas` or `sigmas[i]` for a wrong length, a
 *   non-finite entry, a sigma that is not > 0, or parameters whose natural parameters overflow
 * @example diagNormal([1, 0], [2, 1]).theta // Float64Array [0.25, 0, -0.125, -0.5]
 */
export function diagNormal(mean: readonly number[] | Float64Array, sigmas: readonly number[] | Float64Array): Distribution<DiagNormalParams> {
  const where = 'diagNormal';
  const mu = checkVector(where, 'mean', mean);
  const d = mu.length;
  const sd = checkVector(where, 'sigmas', sigmas, d);
  const src = new Float64Array(2 * d);
  src.set(mu);
  src.set(sd, d);
  const theta = checkedTheta(src, d, where);
  return new Distribution(diagNormalFamily(d), theta, src);
}
