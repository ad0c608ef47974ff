/**
 * The univariate normal family N(mu, sigma^2) as an exponential family.
 *
 * T(x) = (x, x^2), theta = (mu / sigma^2, -1 / (2 sigma^2)), theta_2 < 0,
 * F(theta) = -theta_1^2 / (4 theta_2) - (1/2) log(-2 theta_2), with log h(x) = -(1/2) log 2 pi,
 * eta = (mu, mu^2 + sigma^2). Source coordinates (mu, sigma), sigma the standard
 * deviation. Fisher in source coordinates diag(1 / sigma^2, 2 / sigma^2).
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkFinite, checkPositive, InfogeoError } from '../errors.js';
import { sampleNormal } from '../random/index.js';

export interface NormalParams {
  mu: number;
  sigma: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Variance and mean from natural parameters. */
function moments(theta: Float64Array): [number, number] {
  const s2 = -0.5 / theta[1];
  return [theta[0] * s2, s2];
}

export const normalFamily: ExponentialFamily<NormalParams> = {
  id: 'normal',
  name: 'normal',
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
    out[3] = 2 * s2 * s2 + 4 * mu * mu * s2;
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
    const v = x as number;
    out[0] = v;
    out[1] = v * v;
    return out;
  },
  logBaseMeasure() {
    return -0.5 * LOG_2PI;
  },
  inSupport(x) {
    return Number.isFinite(x as number);
  },
  expectedLogBaseMeasure() {
    return -0.5 * LOG_2PI;
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
    const s2 = s * s;
    out[0] = 1 / s2;
    out[1] = (-2 * mu) / (s2 * s);
    out[2] = 0;
    out[3] = 1 / (s2 * s);
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
    return moments(theta)[0];
  },
  variance(theta) {
    return moments(theta)[1];
  },
  sample(theta, n, rng) {
    const [mu, s2] = moments(theta);
    const s = Math.sqrt(s2);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleNormal(rng, mu, s);
    return out;
  },

  logDensity(theta, x) {
    const [mu, s2] = moments(theta);
    const z = (x as number) - mu;
    return -0.5 * ((z * z) / s2 + Math.log(s2) + LOG_2PI);
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
    return 0.5 * (1 + LOG_2PI + Math.log(moments(theta)[1]));
  },
  kl(thetaP, thetaQ) {
    const [m1, v1] = moments(thetaP);
    const [m2, v2] = moments(thetaQ);
    const r = v1 / v2;
    const d = m1 - m2;
    // (r - 1 - log r) / 2 evaluated without cancellation when r ~ 1.
    const x = r - 1;
    const rTerm = Math.abs(x) < 1e-4 ? x * x * (0.5 - x / 3 + (x * x) / 4 - (x * x * x) / 5) : x - Math.log(r);
    return 0.5 * (rTerm + (d * d) / v2);
  },
};

/**
 * The normal distribution N(mu, sigma^2) with mean mu and standard deviation sigma.
 *
 * @param mu - mean, any finite number
 * @param sigma - standard deviation, a finite number > 0
 * @throws InfogeoError for a non-finite mu or a sigma that is not > 0
 * @example normal(1, 2).theta // Float64Array [0.25, -0.125]
 */
export function normal(mu: number, sigma: number): Distribution<NormalParams> {
  checkFinite('normal', 'mu', mu);
  checkPositive('normal', 'sigma', sigma);
  const src = Float64Array.of(mu, sigma);
  const theta = normalFamily.thetaFromSource(src, new Float64Array(2));
  if (!Number.isFinite(theta[0]) || !Number.isFinite(theta[1]) || theta[1] === 0) {
    throw new InfogeoError('normal', 'sigma', sigma, 'a standard deviation whose natural parameters are finite (about 1e-150 < sigma < 1e150 for this mu)');
  }
  return new Distribution(normalFamily, theta, src);
}
