/**
 * The inverse Gaussian (Wald) distributions IG(mu, lambda) on (0, inf) as an exponential family.
 *
 * p(x) = sqrt(lambda / (2 pi x^3)) exp(-lambda (x - mu)^2 / (2 mu^2 x)); T(x) = (x, 1/x),
 * theta = (-lambda / (2 mu^2), -lambda / 2), both < 0, log h(x) = -(1/2) log(2 pi) - (3/2) log x,
 * F(theta) = -2 sqrt(theta_1 theta_2) - (1/2) log(-2 theta_2) (= -lambda/mu - (1/2) log lambda),
 * eta = (mu, 1/mu + 1/lambda), Hess F = [[mu^3/lambda, -mu/lambda], [-mu/lambda, 1/(mu lambda) + 2/lambda^2]],
 * F*(eta) = (1/2) log lambda - 1/2 with lambda = 1 / (eta_2 - 1/eta_1),
 * E[log X] = log mu - e^{2 phi} E1(2 phi) with phi = lambda / mu (E1 the exponential integral),
 * H = (1/2) log(2 pi e mu^3 / lambda) - (3/2) e^{2 phi} E1(2 phi),
 * KL(p || q) = (1/2)(r - 1 - log r) + lambda_q (mu_p - mu_q)^2 / (2 mu_p mu_q^2), r = lambda_q / lambda_p.
 * Source coordinates (mu, lambda). scipy's equivalent is invgauss(mu / lambda, scale = lambda).
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkPositive, InfogeoError } from '../errors.js';
import { sampleInverseGaussian } from '../random/index.js';
import { diffOfProducts, itakuraSaito } from './exponential.js';

/** Source parameters of `inverseGaussian(mu, lambda)`: mean and shape. */
export interface InverseGaussianParams {
  mu: number;
  lambda: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
const EULER = 0.5772156649015329;
/** At or below this the power series of E1 is used (cancellation < 2x there), above it the
 *  continued fraction evaluated backwards from depth 20 + 200/x (converged at twice that). */
const SERIES_MAX = 0.5;

/**
 * e^x E1(x) for x > 0, where E1(x) = int_x^inf e^{-t} / t dt is the exponential integral:
 * the power series -gamma - log x + sum_k (-1)^{k+1} x^k / (k k!) for x <= 1/2, else the
 * continued fraction 1 / (x + 1 - 1 / (x + 3 - 4 / (x + 5 - ...))) evaluated backwards. Relative
 * error below 5e-16 against mpmath for x from 1e-8 to 1e7; e^x E1(x) ~ 1/x for large x, never overflows.
 *
 * @param x - a number > 0
 * @example expE1(1) // 0.5963473623231941
 */
export function expE1(x: number): number {
  if (x <= SERIES_MAX) {
    let term = 1;
    let s = 0;
    for (let k = 1; k < 60; k++) {
      term *= -x / k;
      const t = -term / k;
      s += t;
      if (Math.abs(t) < 1e-17 * Math.abs(s)) break;
    }
    return Math.exp(x) * (-EULER - Math.log(x) + s);
  }
  // Evaluated backwards from a fixed depth (stable: no product of many rounded factors as in
  // Lentz's forward method); the depth reaches float64 convergence for every x > SERIES_MAX.
  const depth = Math.ceil(20 + 200 / x);
  let t = 0;
  for (let n = depth; n >= 1; n--) t = (n * n) / (x + 2 * n + 1 - t);
  return 1 / (x + 1 - t);
}

/** [mu, lambda] from theta. */
function source(theta: Float64Array): [number, number] {
  return [Math.sqrt(theta[1] / theta[0]), -2 * theta[1]];
}

/**
 * The exponential family object of `inverseGaussian(mu, lambda)`: theta = (-lambda/(2 mu^2), -lambda/2),
 * T(x) = (x, 1/x), log h(x) = -(log(2 pi) + 3 log x)/2, F = -2 sqrt(theta_1 theta_2) - log(-2 theta_2)/2.
 * @example inverseGaussianFamily.logPartition(Float64Array.of(-1, -1)) // -2.3465735902799727 (= -2 - log(2)/2)
 */
export const inverseGaussianFamily: ExponentialFamily<InverseGaussianParams> = {
  id: 'inverseGaussian',
  name: 'inverseGaussian',
  dim: 2,
  sourceNames: ['mu', 'lambda'],
  discrete: false,
  sampleDim: 0,

  logPartition(theta) {
    return -2 * Math.sqrt(-theta[0]) * Math.sqrt(-theta[1]) - 0.5 * Math.log(-2 * theta[1]);
  },
  gradLogPartition(theta, out) {
    const [mu, lambda] = source(theta);
    out[0] = mu;
    out[1] = 1 / mu + 1 / lambda;
    return out;
  },
  hessLogPartition(theta, out) {
    const [mu, lambda] = source(theta);
    const r = mu / lambda;
    out[0] = mu * mu * r;
    out[1] = -r;
    out[2] = -r;
    out[3] = 1 / (mu * lambda) + 2 / (lambda * lambda);
    return out;
  },
  thetaFromEta(eta, out) {
    const mu = eta[0];
    const lambda = 1 / (eta[1] - 1 / mu);
    out[0] = -lambda / (2 * mu) / mu;
    out[1] = -0.5 * lambda;
    return out;
  },
  isNaturalValid(theta) {
    return theta[0] < 0 && theta[1] < 0 && Number.isFinite(theta[0]) && Number.isFinite(theta[1]);
  },
  isExpectationValid(eta) {
    return eta[0] > 0 && Number.isFinite(eta[0]) && Number.isFinite(eta[1]) && eta[1] - 1 / eta[0] > 0;
  },

  sufficientStat(x, out) {
    const v = x as number;
    out[0] = v;
    out[1] = 1 / v;
    return out;
  },
  logBaseMeasure(x) {
    return -0.5 * LOG_2PI - 1.5 * Math.log(x as number);
  },
  inSupport(x) {
    const v = x as number;
    return v > 0 && v < Infinity;
  },
  expectedLogBaseMeasure(theta) {
    const [mu, lambda] = source(theta);
    return -0.5 * LOG_2PI - 1.5 * (Math.log(mu) - expE1((2 * lambda) / mu));
  },

  thetaFromSource(src, out) {
    const [mu, lambda] = [src[0], src[1]];
    out[0] = -lambda / (2 * mu) / mu;
    out[1] = -0.5 * lambda;
    return out;
  },
  sourceFromTheta(theta, out) {
    const [mu, lambda] = source(theta);
    out[0] = mu;
    out[1] = lambda;
    return out;
  },
  sourceJacobian(src, out) {
    const [mu, lambda] = [src[0], src[1]];
    out[0] = lambda / mu / mu / mu;
    out[1] = -0.5 / mu / mu;
    out[2] = 0;
    out[3] = -0.5;
    return out;
  },
  validateSource(src, where) {
    checkMuLambda(where, src[0], src[1]);
  },
  params(src) {
    return { mu: src[0], lambda: src[1] };
  },

  mean(theta) {
    return source(theta)[0];
  },
  variance(theta) {
    const [mu, lambda] = source(theta);
    return mu * mu * (mu / lambda);
  },
  sample(theta, n, rng) {
    const [mu, lambda] = source(theta);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleInverseGaussian(rng, mu, lambda);
    return out;
  },

  logDensity(theta, x) {
    // Direct form: <theta, T> - F cancels when lambda >> mu.
    const [mu, lambda] = source(theta);
    const v = x as number;
    const z = (v - mu) / mu;
    return 0.5 * (Math.log(lambda) - LOG_2PI - 3 * Math.log(v)) - (lambda / (2 * v)) * z * z;
  },
  fisherSource(src, out) {
    // diag(lambda / mu^3, 1 / (2 lambda^2)); the pullback cancels when lambda >> mu.
    const [mu, lambda] = [src[0], src[1]];
    out[0] = lambda / mu / mu / mu;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0.5 / lambda / lambda;
    return out;
  },
  dualPotential(eta) {
    return -0.5 * Math.log(eta[1] - 1 / eta[0]) - 0.5;
  },
  entropy(theta) {
    const [mu, lambda] = source(theta);
    return 0.5 * (LOG_2PI + 1 + 3 * Math.log(mu) - Math.log(lambda)) - 1.5 * expE1((2 * lambda) / mu);
  },
  kl(thetaP, thetaQ) {
    const muP = source(thetaP)[0];
    const [muQ, lamQ] = source(thetaQ);
    // mu_p^2 - mu_q^2 = (theta2_p theta1_q - theta2_q theta1_p) / (theta1_p theta1_q), formed exactly.
    const dmu =
      Math.abs(muP - muQ) > 0.5 * Math.max(muP, muQ)
        ? muP - muQ
        : diffOfProducts(thetaP[1], thetaQ[0], thetaQ[1], thetaP[0]) / thetaP[0] / thetaQ[0] / (muP + muQ);
    const rel = dmu / muQ;
    const d = 0.5 * itakuraSaito(thetaQ[1], thetaP[1]) + ((lamQ / (2 * muP)) * rel) * rel; // r = lambda_q / lambda_p
    return d < 0 ? 0 : d;
  },
};

function checkMuLambda(where: string, mu: unknown, lambda: unknown): void {
  checkPositive(where, 'mu', mu);
  checkPositive(where, 'lambda', lambda);
  const [m, l] = [mu as number, lambda as number];
  const t1 = -l / (2 * m) / m;
  const e2 = 1 / m + 1 / l;
  if (!(t1 < 0 && Number.isFinite(t1) && Number.isFinite(e2) && Number.isFinite(2 / l))) {
    throw new InfogeoError(where, 'mu', mu, `a finite number > 0 such that the natural parameters -lambda/(2 mu^2), -lambda/2 and 1/mu + 1/lambda are finite and nonzero (lambda = ${l})`);
  }
}

/**
 * The inverse Gaussian (Wald) distribution with mean mu and shape lambda: density
 * sqrt(lambda / (2 pi x^3)) exp(-lambda (x - mu)^2 / (2 mu^2 x)) on (0, inf), variance mu^3 / lambda.
 *
 * Natural parameters theta = (-lambda / (2 mu^2), -lambda / 2) for T(x) = (x, 1/x); expectation
 * parameters eta = (mu, 1/mu + 1/lambda). In scipy: invgauss(mu / lambda, scale = lambda).
 *
 * @param mu - mean, a finite number > 0
 * @param lambda - shape, a finite number > 0
 * @throws InfogeoError naming `mu` or `lambda`, also when theta or eta over- or underflows
 * @example inverseGaussian(1, 2).theta // Float64Array [-1, -1]
 */
export function inverseGaussian(mu: number, lambda: number): Distribution<InverseGaussianParams> {
  checkMuLambda('inverseGaussian', mu, lambda);
  const src = Float64Array.of(mu, lambda);
  return new Distribution(inverseGaussianFamily, inverseGaussianFamily.thetaFromSource(src, new Float64Array(2)), src);
}
