/**
 * The log-normal distributions (X = exp(Y), Y ~ N(mu, sigma^2)) as an exponential family.
 *
 * T(x) = (log x, (log x)^2), theta = (mu / sigma^2, -1 / (2 sigma^2)), theta_2 < 0,
 * F(theta) = -theta_1^2 / (4 theta_2) - (1/2) log(-2 theta_2) (the normal's),
 * log h(x) = -log x - (1/2) log(2 pi), E[log h] = -mu - (1/2) log(2 pi),
 * eta = (mu, mu^2 + sigma^2), H = mu + 1/2 + (1/2) log(2 pi sigma^2),
 * KL = (1/2) (r - 1 - log r) + (mu_p - mu_q)^2 / (2 sigma_q^2) with r = sigma_p^2 / sigma_q^2.
 * Source coordinates (mu, sigma) as for the normal: Fisher diag(1 / sigma^2, 2 / sigma^2).
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkFinite, checkPositive, InfogeoError } from '../errors.js';
import { sampleLognormal } from '../random/index.js';
import { diffOfProducts, itakuraSaito } from './exponential.js';

/** Source parameters of `lognormal(mu, sigma)` (those of log X). */
export interface LognormalParams {
  mu: number;
  sigma: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** [mu, sigma^2] of log X from theta. */
function moments(theta: Float64Array): [number, number] {
  const s2 = -0.5 / theta[1];
  return [theta[0] * s2, s2];
}

/**
 * The exponential family object of `lognormal(mu, sigma)`: theta = (mu/sigma^2, -1/(2 sigma^2)),
 * T(x) = (log x, (log x)^2), log h(x) = -log x - log(2 pi)/2; source coordinates (mu, sigma).
 * @example lognormalFamily.logPartition(Float64Array.of(0, -0.5)) // 0
 */
export const lognormalFamily: ExponentialFamily<LognormalParams> = {
  id: 'lognormal',
  name: 'lognormal',
  dim: 2,
  sourceNames: ['mu', 'sigma'],
  discrete: false,
  sampleDim: 0,

  logPartition(theta) {
    return (-theta[0] * theta[0]) / (4 * theta[1]) - 0.5 * Math.log(-2 * theta[1]);
  },
  gradLogPartition(theta, out) {
    const [mu, s2] = moments(theta);
    out[0] = mu;
    out[1] = mu * mu + s2;
    return out;
  },
  hessLogPartition(theta, out) {
    const [mu, s2] = moments(theta);
    out[0] = s2;
    out[1] = 2 * mu * s2;
    out[2] = out[1];
    out[3] = 2 * s2 * (s2 + 2 * mu * mu);
    return out;
  },
  thetaFromEta(eta, out) {
    const s2 = eta[1] - eta[0] * eta[0];
    out[0] = eta[0] / s2;
    out[1] = -0.5 / s2;
    return out;
  },
  isNaturalValid(theta) {
    return Number.isFinite(theta[0]) && theta[1] < 0 && Number.isFinite(theta[1]);
  },
  isExpectationValid(eta) {
    return Number.isFinite(eta[0]) && Number.isFinite(eta[1]) && eta[1] - eta[0] * eta[0] > 0;
  },

  sufficientStat(x, out) {
    const l = Math.log(x as number);
    out[0] = l;
    out[1] = l * l;
    return out;
  },
  logBaseMeasure(x) {
    return -Math.log(x as number) - 0.5 * LOG_2PI;
  },
  inSupport(x) {
    const v = x as number;
    return v > 0 && v < Infinity;
  },
  expectedLogBaseMeasure(theta) {
    return -moments(theta)[0] - 0.5 * LOG_2PI;
  },

  thetaFromSource(src, out) {
    const s2 = src[1] * src[1];
    out[0] = src[0] / s2;
    out[1] = -0.5 / s2;
    return out;
  },
  sourceFromTheta(theta, out) {
    const [mu, s2] = moments(theta);
    out[0] = mu;
    out[1] = Math.sqrt(s2);
    return out;
  },
  sourceJacobian(src, out) {
    const [mu, s] = [src[0], src[1]];
    const s3 = s * s * s;
    out[0] = 1 / (s * s);
    out[1] = (-2 * mu) / s3;
    out[2] = 0;
    out[3] = 1 / s3;
    return out;
  },
  validateSource(src, where) {
    checkFinite(where, 'mu', src[0]);
    checkPositive(where, 'sigma', src[1]);
  },
  params(src) {
    return { mu: src[0], sigma: src[1] };
  },

  mean(theta) {
    const [mu, s2] = moments(theta);
    return Math.exp(mu + 0.5 * s2);
  },
  variance(theta) {
    const [mu, s2] = moments(theta);
    // (e^{s2} - 1) e^{2 mu + s2}, in logs so that the product does not overflow early.
    return Math.exp(Math.log(Math.expm1(s2)) + 2 * mu + s2);
  },
  sample(theta, n, rng) {
    const [mu, s2] = moments(theta);
    const s = Math.sqrt(s2);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleLognormal(rng, mu, s);
    return out;
  },

  logDensity(theta, x) {
    // Direct form: <theta, T> - F would cancel when |mu| >> sigma.
    const [mu, s2] = moments(theta);
    const l = Math.log(x as number);
    const z = l - mu;
    return -l - 0.5 * ((z * z) / s2 + Math.log(s2) + LOG_2PI);
  },
  fisherSource(src, out) {
    const s2 = src[1] * src[1];
    out[0] = 1 / s2;
    out[1] = 0;
    out[2] = 0;
    out[3] = 2 / s2;
    return out;
  },
  dualPotential(eta) {
    return -0.5 * (1 + Math.log(eta[1] - eta[0] * eta[0]));
  },
  entropy(theta) {
    const [mu, s2] = moments(theta);
    return mu + 0.5 * (1 + LOG_2PI + Math.log(s2));
  },
  kl(thetaP, thetaQ) {
    // mu_p - mu_q; when they are close, as (theta1_q theta2_p - theta1_p theta2_q) / (2 theta2_p theta2_q)
    // with the products formed exactly.
    const [muP, muQ] = [moments(thetaP)[0], moments(thetaQ)[0]];
    const dmu =
      Math.abs(muP - muQ) > 0.5 * Math.max(Math.abs(muP), Math.abs(muQ))
        ? muP - muQ
        : diffOfProducts(thetaQ[0], thetaP[1], thetaP[0], thetaQ[1]) / (2 * thetaP[1]) / thetaQ[1];
    // r = sigma_p^2 / sigma_q^2 = theta2_q / theta2_p.
    const d = 0.5 * itakuraSaito(thetaQ[1], thetaP[1]) - dmu * dmu * thetaQ[1];
    return d < 0 ? 0 : d;
  },
};

/**
 * The log-normal distribution of X = exp(Y), Y ~ N(mu, sigma^2): density
 * exp(-(log x - mu)^2 / (2 sigma^2)) / (x sigma sqrt(2 pi)) on (0, inf).
 *
 * Natural parameters theta = (mu / sigma^2, -1 / (2 sigma^2)) for T(x) = (log x, (log x)^2).
 * The mean exp(mu + sigma^2/2) and variance overflow to Infinity when they exceed 1.8e308
 * (theta, eta, entropy and KL stay finite).
 *
 * @param mu - mean of log X, any finite number
 * @param sigma - standard deviation of log X, a finite number > 0
 * @throws InfogeoError naming `mu` or `sigma`, also when theta over- or underflows
 * @example lognormal(0, 1).mean() // 1.6487212707001282 (= e^{1/2})
 */
export function lognormal(mu: number, sigma: number): Distribution<LognormalParams> {
  checkFinite('lognormal', 'mu', mu);
  checkPositive('lognormal', 'sigma', sigma);
  const src = Float64Array.of(mu, sigma);
  const theta = lognormalFamily.thetaFromSource(src, new Float64Array(2));
  if (!Number.isFinite(theta[0]) || !Number.isFinite(theta[1]) || theta[1] === 0 || !Number.isFinite(mu * mu + sigma * sigma)) {
    throw new InfogeoError('lognormal', 'sigma', sigma, `a standard deviation whose natural parameters are finite and nonzero (about 1e-150 < sigma < 1e150 for mu = ${mu})`);
  }
  return new Distribution(lognormalFamily, theta, src);
}
