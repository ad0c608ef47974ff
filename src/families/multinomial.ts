/**
 * The multinomial families Multinomial(n, p) on count vectors x in N^k with sum x = n
 * (n >= 1 and k >= 2 fixed).
 *
 * T(x) = (x_1..x_{k-1}), theta_i = log(p_i / p_k), F(theta) = n log(1 + sum_i e^theta_i),
 * eta = n (p_1..p_{k-1}), Hess F = n (diag(p) - p p^T), log h(x) = log n! - sum_i log x_i!,
 * F*(eta) = n sum_{i=1..k} p_i log p_i. Source coordinates: the first k-1 probabilities, as
 * for the categorical (which is the case n = 1); Fisher in them is n (diag(1/p_i) + (1/p_k) 1 1^T).
 *
 * E[log h] = log n! - sum_i E[log X_i!] with X_i ~ Binomial(n, p_i), each an exact sum over its
 * support (asymptotic beyond variance 1e8). The entropy is assembled from the bounded quantities
 * R_i = E[log X_i! - X_i log(n p_i) + n p_i] (see `binomialLogFactorialMoments`), so it does not
 * cancel n H(p) against log n!.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { InfogeoError } from '../errors.js';
import { lgamma } from '../special/index.js';
import { sampleMultinomial } from '../random/index.js';
import {
  categoricalKl,
  categoricalLogPartition,
  categoricalProbs,
  checkOpenSimplex,
  compensatedSum,
  lastProbability,
  rememberLastProbability,
  thetaFromProbs,
  validateSimplexSource,
} from './categorical.js';
import { binomialLogFactorialMoments, binomialLogPmf } from './binomial.js';
import { minusProduct, poissonDevianceFull, stirlingError, sumUnimodal } from './poisson.js';

/** Source parameters of `multinomial(n, probs)`. */
export interface MultinomialParams {
  n: number;
  probs: number[];
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log m! - (m log m - m) = (1/2) log(2 pi m) + S(m), for m >= 1. */
function logFactorialRemainder(m: number): number {
  return HALF_LOG_2PI + 0.5 * Math.log(m) + stirlingError(m);
}

/**
 * The most probable category is merged with -R(n, 1) through Y = n - X_m when n q <= 10 and
 * q < Y_FORM_MAX_Q: there R(n, p_m) - R(n, 1) would cancel (p_m ~ 1); elsewhere the R form is
 * the more accurate.
 */
const Y_FORM_MAX_Q = 0.3;

/** q + (1 - q) log(1 - q) = sum_{j>=2} q^j / (j (j - 1)) >= 0, for 0 <= q < 1. */
function oneMinusXlogx(q: number, logp: number): number {
  if (q < 0.25) {
    let s = 0;
    let pw = q;
    for (let j = 2; j < 200; j++) {
      pw *= q;
      const t = pw / (j * (j - 1));
      s += t;
      if (t <= 1e-17 * s) break;
    }
    return s;
  }
  return q + (1 - q) * logp;
}

/**
 * [entropy, E[log h]] of Multinomial(n, p) given log-probabilities (length k).
 *
 * H = sum_i R(n, p_i) - R(n, 1) with R as in `binomialLogFactorialMoments` and
 * R(n, 1) = log n! - n log n + n. The term of the most probable category m is merged with
 * -R(n, 1) into T = -E[sum_{j<Y} log(1 - j/n)] - n (q + p log p), Y = n - X_m ~ Binomial(n, q),
 * q = 1 - p_m, when n q <= 10 and q < 0.3, so a nearly degenerate distribution keeps its tiny entropy exact;
 * likewise E[log h] = E[log(n! / (n - Y)!)] - sum_{i != m} E[log X_i!] there, instead of
 * log n! - E[log X_m!] - ..., which would cancel.
 * @param logp - the k log-probabilities (finite)
 * @example multinomialEntropyParts(10, Float64Array.of(Math.log(0.2), Math.log(0.3), Math.log(0.5))) // [3.341218516394509, 6.9553116242512285]
 */
export function multinomialEntropyParts(n: number, logp: Float64Array): [number, number] {
  const k = logp.length;
  let mIdx = 0;
  for (let i = 1; i < k; i++) if (logp[i] > logp[mIdx]) mIdx = i;
  const hTerms: number[] = [];
  const eTerms: number[] = [];
  let hm = 0;
  let elh = 0;
  for (let i = 0; i < k; i++) {
    const p = Math.exp(logp[i]);
    const q = -Math.expm1(logp[i]);
    if (i !== mIdx) {
      const [eLogFact, r] = binomialLogFactorialMoments(n, p, q, logp[i], Math.log(q));
      eTerms.push(eLogFact);
      hTerms.push(r);
    } else if (n * q <= 10 && q < Y_FORM_MAX_Q) {
      // Y = n - X_m ~ Binomial(n, q), small: sums of M(Y) = sum_{j<Y} log(1 - j/n) (for the
      // entropy) and L(Y) = log(n! / (n - Y)!) = sum_{j<Y} log(n - j) (for E[log h]).
      const logq = Math.log(q);
      const mode = Math.min(n, Math.floor((n + 1) * q));
      const sums = sumUnimodal(0, n, mode, 2, (y, v) => {
        let sm = 0;
        let sl = 0;
        for (let j = 0; j < y; j++) {
          sm += Math.log1p(-j / n);
          sl += Math.log(n - j);
        }
        v[0] = -sm;
        v[1] = sl;
        return binomialLogPmf(y, n, logq, logp[i]);
      });
      hm = sums[0] - n * oneMinusXlogx(q, logp[i]);
      elh = sums[1];
    } else {
      const [eLogFact, r] = binomialLogFactorialMoments(n, p, q, logp[i], Math.log(q));
      hm = r - logFactorialRemainder(n);
      elh = lgamma(n + 1) - eLogFact;
    }
  }
  hTerms.push(hm);
  return [compensatedSum(hTerms), elh - compensatedSum(eTerms)];
}

interface EntropyCache {
  theta: Float64Array;
  parts: [number, number];
}

const cache = new Map<string, ExponentialFamily<MultinomialParams>>();

function checkTrials(where: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > Number.MAX_SAFE_INTEGER) {
    throw new InfogeoError(where, 'n', n, 'an integer in [1, 2^53 - 1] (the number of trials)');
  }
  return n;
}

/**
 * The multinomial family with n trials over k categories (cached: one object per (n, k)).
 * @param n - an integer in [1, 2^53 - 1]
 * @param k - an integer >= 2
 * @example multinomialFamily(10, 3).id // 'multinomial(n=10,k=3)'
 */
export function multinomialFamily(n: number, k: number): ExponentialFamily<MultinomialParams> {
  checkTrials('multinomialFamily', n);
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2 || k > 2 ** 31) {
    throw new InfogeoError('multinomialFamily', 'k', k, 'an integer >= 2 (the number of categories)');
  }
  const key = `${n},${k}`;
  let f = cache.get(key);
  if (!f) {
    f = makeMultinomialFamily(n, k);
    cache.set(key, f);
  }
  return f;
}

function logProbs(theta: Float64Array): Float64Array {
  const f = categoricalLogPartition(theta);
  const lp = new Float64Array(theta.length + 1);
  for (let i = 0; i < theta.length; i++) lp[i] = theta[i] - f;
  lp[theta.length] = -f;
  return lp;
}

function makeMultinomialFamily(n: number, k: number): ExponentialFamily<MultinomialParams> {
  const m = k - 1;
  let last: EntropyCache | undefined;
  const parts = (theta: Float64Array): [number, number] => {
    if (last === undefined || last.theta.some((t, i) => t !== theta[i])) {
      last = { theta: Float64Array.from(theta), parts: multinomialEntropyParts(n, logProbs(theta)) };
    }
    return last.parts;
  };
  const logNFact = lgamma(n + 1);
  return {
    id: `multinomial(n=${n},k=${k})`,
    name: 'multinomial',
    dim: m,
    sourceNames: Array.from({ length: m }, (_, i) => `p${i + 1}`),
    discrete: true,
    sampleDim: k,

    logPartition(theta) {
      return n * categoricalLogPartition(theta);
    },
    gradLogPartition(theta, out) {
      const f = categoricalLogPartition(theta);
      for (let i = 0; i < m; i++) out[i] = n * Math.exp(theta[i] - f);
      return out;
    },
    hessLogPartition(theta, out) {
      const f = categoricalLogPartition(theta);
      const p = new Float64Array(m);
      for (let i = 0; i < m; i++) p[i] = Math.exp(theta[i] - f);
      for (let i = 0; i < m; i++) {
        // n (p_i p_j), not (n p_i) p_j: the matrix must be exactly symmetric.
        for (let j = 0; j < m; j++) out[i * m + j] = -n * (p[i] * p[j]);
        out[i * m + i] += n * p[i];
      }
      return out;
    },
    thetaFromEta(eta, out) {
      const lk = Math.log(n - compensatedSum(eta));
      for (let i = 0; i < m; i++) out[i] = Math.log(eta[i]) - lk;
      return out;
    },
    isNaturalValid(theta) {
      for (let i = 0; i < m; i++) if (!Number.isFinite(theta[i])) return false;
      return true;
    },
    isExpectationValid(eta) {
      for (let i = 0; i < m; i++) if (!(eta[i] > 0)) return false;
      return n - compensatedSum(eta) > 0;
    },

    sufficientStat(x, out) {
      const v = x as Float64Array;
      for (let i = 0; i < m; i++) out[i] = v[i];
      return out;
    },
    logBaseMeasure(x) {
      const v = x as Float64Array;
      let s = logNFact;
      for (let i = 0; i < k; i++) s -= lgamma(v[i] + 1);
      return s;
    },
    inSupport(x) {
      if (!(x instanceof Float64Array) || x.length !== k) return false;
      let s = 0;
      for (let i = 0; i < k; i++) {
        if (!Number.isInteger(x[i]) || x[i] < 0) return false;
        s += x[i];
      }
      return s === n;
    },
    expectedLogBaseMeasure(theta) {
      return parts(theta)[1];
    },

    thetaFromSource(src, out) {
      const lk = Math.log(lastProbability(src));
      for (let i = 0; i < m; i++) out[i] = Math.log(src[i]) - lk;
      return out;
    },
    sourceFromTheta(theta, out) {
      const f = categoricalLogPartition(theta);
      for (let i = 0; i < m; i++) out[i] = Math.exp(theta[i] - f);
      rememberLastProbability(out, Math.exp(-f));
      return out;
    },
    sourceJacobian(src, out) {
      const ik = 1 / lastProbability(src);
      out.fill(ik);
      for (let i = 0; i < m; i++) out[i * m + i] += 1 / src[i];
      return out;
    },
    validateSource: validateSimplexSource,
    params(src) {
      const probs = Array.from(src);
      probs.push(lastProbability(src));
      return { n, probs };
    },

    mean(theta) {
      const p = categoricalProbs(theta);
      for (let i = 0; i < k; i++) p[i] *= n;
      return p;
    },
    variance(theta) {
      const p = categoricalProbs(theta);
      const out = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) out[i * k + j] = -n * (p[i] * p[j]);
        out[i * k + i] += n * p[i];
      }
      return out;
    },
    sample(theta, count, rng) {
      const p = categoricalProbs(theta);
      const out: Float64Array[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = sampleMultinomial(rng, n, p, new Float64Array(k));
      return out;
    },

    dualPotential(eta) {
      const rest = compensatedSum(eta) / n;
      const pk = (n - compensatedSum(eta)) / n;
      let s = pk * Math.log1p(-rest);
      for (let i = 0; i < m; i++) s += (eta[i] / n) * Math.log(eta[i] / n);
      return n * s;
    },
    entropy(theta) {
      return parts(theta)[0];
    },
    kl(thetaP, thetaQ) {
      return n * categoricalKl(thetaP, thetaQ);
    },
    logDensity(theta, x) {
      // Loader's form: (1/2) log(2 pi n) + S(n) - sum_{x_i > 0} [(1/2) log(2 pi x_i) + S(x_i)]
      // - sum_i D(x_i, n p_i); the n log n, x_i log x_i and x_i log p_i terms cancel exactly.
      const v = x as Float64Array;
      const lp = logProbs(theta);
      const logn = Math.log(n);
      // The Stirling terms (which cancel exactly at x = (0, .., n, .., 0)) and the deviances
      // (which may be ~1e-16 there) are summed separately, so neither swamps the other.
      let stirling = logFactorialRemainder(n);
      const dev = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        if (v[i] > 0) stirling -= logFactorialRemainder(v[i]);
        const pi = Math.exp(lp[i]);
        dev[i] = poissonDevianceFull(v[i], n * pi, minusProduct(v[i], n, pi), logn + lp[i]);
      }
      return stirling - compensatedSum(dev);
    },
    fisherSource(src, out) {
      const ik = n / lastProbability(src);
      out.fill(ik);
      for (let i = 0; i < m; i++) out[i * m + i] += n / src[i];
      return out;
    },
  };
}

/**
 * The multinomial distribution: counts of n independent draws over k categories,
 * P(X = x) = n! / (x_1! ... x_k!) prod_i p_i^{x_i} for x with sum x = n.
 *
 * Observations are count vectors of length k summing to n. `mean()` is n p, `variance()` the
 * k x k covariance n (diag p - p p^T) (dense: avoid it for very large k).
 *
 * @param n - number of trials, an integer in [1, 2^53 - 1] (fixed: part of the family id)
 * @param probs - k >= 2 probabilities, each > 0, summing to 1 within 1e-9 max(1, sqrt(k))
 * @throws InfogeoError naming `n`, `probs` or the offending entry `probs[i]`
 * @example multinomial(10, [0.2, 0.3, 0.5]).mean() // [2, 2.999999999999999, 5]
 * @example multinomial(2, [0.5, 0.5]).logDensity([1, 1]) // -0.6931471805599452 (= log 1/2)
 */
export function multinomial(n: number, probs: readonly number[] | Float64Array): Distribution<MultinomialParams> {
  checkTrials('multinomial', n);
  const p = checkOpenSimplex('multinomial', probs);
  const family = multinomialFamily(n, p.length);
  const src = p.slice(0, p.length - 1);
  rememberLastProbability(src, p[p.length - 1]);
  return new Distribution(family, thetaFromProbs(p), src);
}
