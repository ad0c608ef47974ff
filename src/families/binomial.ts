/**
 * The binomial families Binomial(n, p), n >= 1 fixed, on {0, ..., n}.
 *
 * T(x) = x, theta = logit p, F(theta) = n log(1 + e^theta), eta = n p, Hess F = n p (1 - p),
 * log h(x) = log C(n, x), F*(eta) = n (p log p + (1 - p) log(1 - p)).
 * Source coordinate: p; Fisher in p is n / (p (1 - p)).
 *
 * p and 1 - p are recovered as sigmoid(theta) and sigmoid(-theta) separately, so both ends of
 * (0, 1) (p = 1e-300, 1 - p = 1e-16) are exact. Log-probabilities, the entropy and E[log h]
 * use Loader's saddle-point form (see poisson.ts) and exact sums over the support up to
 * variance n p (1 - p) = 1e8 (about 4e5 terms), and an asymptotic expansion beyond.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkOpenInterval, InfogeoError } from '../errors.js';
import { lbeta, lgamma, log1pexp, sigmoid } from '../special/index.js';
import { sampleBinomial } from '../random/index.js';
import { minusProduct, poissonDevianceFull, stirlingError, sumUnimodal, weightedExpm1mx } from './poisson.js';

/** Source parameters of `binomial(n, p)`. */
export interface BinomialParams {
  n: number;
  p: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Above this variance n p q, entropy-type expectations use asymptotic expansions. */
export const BINOMIAL_SUM_MAX_VARIANCE = 1e8;

/** logit p = log p - log(1 - p), accurate at both ends of (0, 1). */
function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

/**
 * log C(n, x) = -log(n + 1) - log B(n - x + 1, x + 1), accurate to ~1e-15 relative for any n.
 * @example logChoose(10, 3) // 4.787491742782046 (= log 120)
 */
export function logChoose(n: number, x: number): number {
  if (x === 0 || x === n) return 0;
  return -Math.log1p(n) - lbeta(n - x + 1, x + 1);
}

/** softplus(b) - softplus(a) = log((1 + e^b) / (1 + e^a)) without cancellation when a ~ b. */
function softplusDiff(a: number, b: number): number {
  const d = b - a;
  if (Math.abs(d) < 1) return Math.log1p(sigmoid(a) * Math.expm1(d));
  return log1pexp(b) - log1pexp(a);
}

/**
 * KL(Bernoulli(p1) || Bernoulli(p2)) from the logits t1, t2, free of cancellation:
 * p1 phi(u1) + q1 phi(u2), phi(u) = e^u - 1 - u >= 0, u1 = log(p2/p1), u2 = log(q2/q1), each log
 * ratio formed as a difference of softplus values without cancellation. Keeps ~1e-15 relative
 * accuracy for KL down to 1e-30 and at p = 1e-300.
 * @example bernoulliKlLogit(0, Math.log(3)) // 0.14384103622589045 (= KL(1/2 || 3/4))
 */
export function bernoulliKlLogit(t1: number, t2: number): number {
  const u1 = -softplusDiff(-t1, -t2);
  const u2 = -softplusDiff(t1, t2);
  const d = weightedExpm1mx(-log1pexp(-t1), u1, -log1pexp(-t2)) + weightedExpm1mx(-log1pexp(t1), u2, -log1pexp(t2));
  return d > 0 ? d : 0;
}

/**
 * log P(X = x) for X ~ Binomial(n, p) given log p and log(1 - p), in Loader's form
 * S(n) - S(x) - S(n-x) - D(x, np) - D(n-x, nq) + (1/2) log(n / (2 pi x (n - x))).
 * n may be real (> x) for the negative binomial.
 * @example binomialLogPmf(3, 10, Math.log(0.3), Math.log(0.7)) // -1.3211512777668883
 */
export function binomialLogPmf(x: number, n: number, logp: number, logq: number): number {
  if (x === 0) return n * logq;
  if (x === n) return n * logp;
  const p = Math.exp(logp);
  const q = Math.exp(logq);
  // x - n p = -((n - x) - n q) with n p formed exactly: the deviance needs this difference to
  // full relative accuracy (a rounded n p would cost eps n p, i.e. 1e-13 in the tails at n = 1e6).
  const d = minusProduct(x, n, p);
  const logn = Math.log(n);
  const prefactor = stirlingError(n) - stirlingError(x) - stirlingError(n - x) + 0.5 * (logn - Math.log(x) - Math.log(n - x)) - HALF_LOG_2PI;
  return prefactor - (poissonDevianceFull(x, n * p, d, logn + logp) + poissonDevianceFull(n - x, n * q, -d, logn + logq));
}

/** Mode of Binomial(n, p). */
function binomialMode(n: number, p: number): number {
  return Math.min(n, Math.floor((n + 1) * p));
}

/**
 * [entropy, E[log C(n, X)]] of Binomial(n, sigmoid(theta)).
 *
 * Exact sums (Loader's log-pmf, positive terms) when n p q <= 1e8. Beyond,
 * H = (1/2) log(2 pi e n p q) - 1/(12 n p q) + 1/(3n) + O((n p q)^-2), error < 1e-16 there,
 * and E[log C(n, X)] = n H(p) - H with H(p) = -p log p - q log q.
 * @example binomialEntropyParts(10, 0) // [1.8759536052468007, 5.055518200352654]
 */
export function binomialEntropyParts(n: number, theta: number): [number, number] {
  const p = sigmoid(theta);
  const q = sigmoid(-theta);
  const logp = -log1pexp(-theta);
  const logq = -log1pexp(theta);
  const v = n * p * q;
  if (v <= BINOMIAL_SUM_MAX_VARIANCE) {
    const s = sumUnimodal(0, n, binomialMode(n, p), 2, (x, vals) => {
      const lp = binomialLogPmf(x, n, logp, logq);
      vals[0] = -lp;
      vals[1] = logChoose(n, x);
      return lp;
    });
    return [s[0], s[1]];
  }
  const h = 0.5 * Math.log(2 * Math.PI * Math.E * v) - 1 / (12 * v) + 1 / (3 * n);
  return [h, -n * (p * logp + q * logq) - h];
}

/**
 * For X ~ Binomial(n, p), a = n p: [E[log X!], R] with R = E[log X! - X log a + a]
 * (= E[-log Poisson(X; a)], a sum of non-negative terms, O(log a) where E[log X!] is O(a log a)).
 * The multinomial entropy is sum_i R(n, p_i) - R(n, 1) without cancellation.
 *
 * Exact sums when n p q <= 1e8; beyond, R = (1/2) log(2 pi a) + q/2 + (1 - q - q^2)/(12 a)
 * + O(a^-2) and E[log X!] = R + a log a - a.
 * @param logp - log p; `p` and `q` = 1 - p are passed separately to keep both ends exact
 * @example binomialLogFactorialMoments(10, 0.3, 0.7, Math.log(0.3), Math.log(0.7)) // [2.104412825670921, 1.8085759596665916]
 */
export function binomialLogFactorialMoments(n: number, p: number, q: number, logp: number, logq: number): [number, number] {
  const a = n * p;
  const loga = Math.log(n) + logp;
  const v = a * q;
  if (v <= BINOMIAL_SUM_MAX_VARIANCE) {
    const s = sumUnimodal(0, n, binomialMode(n, p), 2, (x, vals) => {
      vals[0] = lgamma(x + 1);
      vals[1] = x === 0 ? a : HALF_LOG_2PI + 0.5 * Math.log(x) + stirlingError(x) + poissonDevianceFull(x, a, minusProduct(x, n, p), loga);
      return binomialLogPmf(x, n, logp, logq);
    });
    return [s[0], s[1]];
  }
  const r = 0.5 * Math.log(2 * Math.PI * a) + q / 2 + (1 - q - q * q) / (12 * a);
  return [r + a * (loga - 1), r];
}

/** One cached entropy evaluation per family: the battery and users call it repeatedly at one point. */
interface EntropyCache {
  theta: number;
  parts: [number, number];
}

const cache = new Map<number, ExponentialFamily<BinomialParams>>();

/**
 * The binomial family for a fixed number of trials n (cached: one object per n).
 * @param n - an integer in [1, 2^53 - 1]
 * @example binomialFamily(10).id // 'binomial(n=10)'
 */
export function binomialFamily(n: number): ExponentialFamily<BinomialParams> {
  checkTrials('binomialFamily', n);
  let f = cache.get(n);
  if (!f) {
    f = makeBinomialFamily(n);
    cache.set(n, f);
  }
  return f;
}

function checkTrials(where: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > Number.MAX_SAFE_INTEGER) {
    throw new InfogeoError(where, 'n', n, 'an integer in [1, 2^53 - 1] (the number of trials)');
  }
  return n;
}

function makeBinomialFamily(n: number): ExponentialFamily<BinomialParams> {
  let last: EntropyCache | undefined;
  const parts = (theta: number): [number, number] => {
    if (last === undefined || last.theta !== theta) last = { theta, parts: binomialEntropyParts(n, theta) };
    return last.parts;
  };
  return {
    id: `binomial(n=${n})`,
    name: 'binomial',
    dim: 1,
    sourceNames: ['p'],
    discrete: true,
    sampleDim: 0,

    logPartition(theta) {
      return n * log1pexp(theta[0]);
    },
    gradLogPartition(theta, out) {
      out[0] = n * sigmoid(theta[0]);
      return out;
    },
    hessLogPartition(theta, out) {
      out[0] = n * sigmoid(theta[0]) * sigmoid(-theta[0]);
      return out;
    },
    thetaFromEta(eta, out) {
      // log eta - log(n - eta): n - eta is exact when eta > n / 2.
      out[0] = Math.log(eta[0]) - Math.log(n - eta[0]);
      return out;
    },
    isNaturalValid(theta) {
      return Number.isFinite(theta[0]);
    },
    isExpectationValid(eta) {
      return eta[0] > 0 && eta[0] < n;
    },

    sufficientStat(x, out) {
      out[0] = x as number;
      return out;
    },
    logBaseMeasure(x) {
      return logChoose(n, x as number);
    },
    inSupport(x) {
      return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= n;
    },
    expectedLogBaseMeasure(theta) {
      return parts(theta[0])[1];
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
      checkOpenInterval(where, 'p', src[0], 0, 1);
    },
    params(src) {
      return { n, p: src[0] };
    },

    mean(theta) {
      return n * sigmoid(theta[0]);
    },
    variance(theta) {
      return n * sigmoid(theta[0]) * sigmoid(-theta[0]);
    },
    sample(theta, count, rng) {
      const p = sigmoid(theta[0]);
      const out: number[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = sampleBinomial(rng, n, p);
      return out;
    },

    dualPotential(eta) {
      const p = eta[0] / n;
      const q = (n - eta[0]) / n;
      // log of the larger of p, q by log1p of the smaller, which is the accurate one.
      const logp = p < 0.5 ? Math.log(p) : Math.log1p(-q);
      const logq = q < 0.5 ? Math.log(q) : Math.log1p(-p);
      return n * (p * logp + q * logq);
    },
    entropy(theta) {
      return parts(theta[0])[0];
    },
    kl(thetaP, thetaQ) {
      return n * bernoulliKlLogit(thetaP[0], thetaQ[0]);
    },
    logDensity(theta, x) {
      return binomialLogPmf(x as number, n, -log1pexp(-theta[0]), -log1pexp(theta[0]));
    },
    fisherSource(src, out) {
      out[0] = n / (src[0] * (1 - src[0]));
      return out;
    },
  };
}

/**
 * The binomial distribution: the number of successes in n independent trials of probability p,
 * P(X = x) = C(n, x) p^x (1 - p)^(n - x), x = 0..n.
 *
 * @param n - number of trials, an integer in [1, 2^53 - 1] (fixed: part of the family id)
 * @param p - success probability in the open interval (0, 1)
 * @throws InfogeoError naming `n` or `p`
 * @example binomial(10, 0.25).theta // Float64Array [-1.0986122886681096]; binomial(10, 0.25).mean() // 2.5
 */
export function binomial(n: number, p: number): Distribution<BinomialParams> {
  checkTrials('binomial', n);
  checkOpenInterval('binomial', 'p', p, 0, 1);
  const family = binomialFamily(n);
  const src = Float64Array.of(p);
  return new Distribution(family, family.thetaFromSource(src, new Float64Array(1)), src);
}
