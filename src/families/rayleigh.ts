/**
 * The Rayleigh distributions on [0, inf) as an exponential family.
 *
 * p(x) = (x / sigma^2) exp(-x^2 / (2 sigma^2)); T(x) = x^2, theta = -1 / (2 sigma^2) < 0,
 * h(x) = x, F(theta) = -log(-2 theta) (= log sigma^2), eta = E[X^2] = -1/theta = 2 sigma^2,
 * Hess F = 1/theta^2 = Var[X^2] = 4 sigma^4, E[log h] = E[log X] = (log(2 sigma^2) - gamma) / 2
 * (X^2 is exponential with mean 2 sigma^2), F*(eta) = -1 - log(eta / 2),
 * H = 1 + log(sigma / sqrt 2) + gamma / 2, KL(sigma_p || sigma_q) = r - 1 - log r with
 * r = sigma_p^2 / sigma_q^2 (the KL of the exponential laws of X^2).
 * Source coordinate sigma; d theta / d sigma = 1 / sigma^3, Fisher in sigma 4 / sigma^2.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkPositive, InfogeoError } from '../errors.js';
import { sampleRayleigh } from '../random/index.js';
import { itakuraSaito } from './exponential.js';

/** Source parameters of `rayleigh(sigma)`. */
export interface RayleighParams {
  sigma: number;
}

const EULER = 0.5772156649015329;

/**
 * The exponential family object of `rayleigh(sigma)`: theta = -1/(2 sigma^2), T(x) = x^2,
 * h(x) = x, F(theta) = -log(-2 theta); source coordinate sigma.
 * @example rayleighFamily.logPartition(Float64Array.of(-0.5)) // -0 (sigma = 1: log sigma^2 = 0)
 */
export const rayleighFamily: ExponentialFamily<RayleighParams> = {
  id: 'rayleigh',
  name: 'rayleigh',
  dim: 1,
  sourceNames: ['sigma'],
  discrete: false,
  sampleDim: 0,

  logPartition(theta) {
    return -Math.log(-2 * theta[0]);
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
    const v = x as number;
    out[0] = v * v;
    return out;
  },
  logBaseMeasure(x) {
    return Math.log(x as number);
  },
  inSupport(x) {
    const v = x as number;
    return v > 0 && v < Infinity;
  },
  expectedLogBaseMeasure(theta) {
    // E[log X] = (E[log X^2]) / 2 = (log(-1/theta) - gamma) / 2.
    return 0.5 * (-Math.log(-theta[0]) - EULER);
  },

  thetaFromSource(src, out) {
    const s = src[0];
    out[0] = -0.5 / (s * s);
    return out;
  },
  sourceFromTheta(theta, out) {
    out[0] = Math.sqrt(-0.5 / theta[0]);
    return out;
  },
  sourceJacobian(src, out) {
    const s = src[0];
    out[0] = 1 / (s * s * s);
    return out;
  },
  validateSource(src, where) {
    checkSigma(where, src[0]);
  },
  params(src) {
    return { sigma: src[0] };
  },

  mean(theta) {
    return Math.sqrt(-0.5 / theta[0]) * Math.sqrt(Math.PI / 2);
  },
  variance(theta) {
    return ((4 - Math.PI) / 2) * (-0.5 / theta[0]);
  },
  sample(theta, n, rng) {
    const s = Math.sqrt(-0.5 / theta[0]);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleRayleigh(rng, s);
    return out;
  },

  dualPotential(eta) {
    return -1 - Math.log(0.5 * eta[0]);
  },
  entropy(theta) {
    // 1 + log(sigma / sqrt 2) + gamma/2 with sigma^2 = -1 / (2 theta).
    return 1 + 0.5 * (EULER - Math.log(-4 * theta[0]));
  },
  kl(thetaP, thetaQ) {
    const d = itakuraSaito(thetaQ[0], thetaP[0]); // r = theta_q / theta_p = sigma_p^2 / sigma_q^2
    return d < 0 ? 0 : d;
  },
};

function checkSigma(where: string, sigma: unknown): number {
  checkPositive(where, 'sigma', sigma);
  const s = sigma as number;
  const theta = -0.5 / (s * s);
  if (!(theta < 0 && Number.isFinite(theta) && Number.isFinite(1 / theta))) {
    throw new InfogeoError(where, 'sigma', sigma, 'a finite number > 0 whose natural parameter -1/(2 sigma^2) is finite and nonzero (about 1e-154 < sigma < 1e154)');
  }
  return s;
}

/**
 * The Rayleigh distribution with scale sigma: density (x / sigma^2) exp(-x^2 / (2 sigma^2)) on
 * [0, inf), mean sigma sqrt(pi/2), variance (4 - pi) sigma^2 / 2.
 *
 * Natural parameter theta = -1 / (2 sigma^2) for T(x) = x^2 and h(x) = x.
 *
 * @param sigma - scale, a finite number > 0 with theta finite and nonzero (about 1e-154 < sigma < 1e154)
 * @throws InfogeoError naming `sigma` otherwise
 * @example rayleigh(2).eta // Float64Array [8] (= E[X^2] = 2 sigma^2)
 */
export function rayleigh(sigma: number): Distribution<RayleighParams> {
  checkSigma('rayleigh', sigma);
  const src = Float64Array.of(sigma);
  return new Distribution(rayleighFamily, rayleighFamily.thetaFromSource(src, new Float64Array(1)), src);
}
