/**
 * The negative binomial families NB(r, p), r > 0 real and fixed, on {0, 1, 2, ...}: X is the
 * number of failures before the r-th success, P(X = x) = Gamma(x + r) / (Gamma(r) x!) p^r (1-p)^x
 * (the convention of scipy.stats.nbinom(n=r, p)).
 *
 * T(x) = x, theta = log(1 - p) < 0, F(theta) = -r log(1 - e^theta), eta = r (1-p)/p
 * = r / expm1(-theta), Hess F = r (1-p)/p^2 = eta / p, log h(x) = log Gamma(x + r) - log Gamma(r)
 * - log x!, F*(eta) = -eta log(1 + r/eta) - r log(1 + eta/r), KL = r KL_Bernoulli(p1 || p2) / p1.
 * Source coordinate: p; Fisher in p is r / (p^2 (1 - p)).
 *
 * Entropy and E[log h] (three regimes, see `negativeBinomialEntropyParts`): exact sums of
 * Loader-form log-probabilities when the support needs at most 2e5 terms; for r (1-p) >= 1e4 an
 * expansion of E[g(X)] in central moments (error O((r(1-p))^-4)); otherwise a one-dimensional
 * integral for E[log Gamma(X + r) - log Gamma(X + 1)] by the trapezoidal rule in log t.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkOpenInterval, checkPositive, InfogeoError } from '../errors.js';
import { lbeta, lgamma, log1mexp } from '../special/index.js';
import { sampleNegativeBinomial } from '../random/index.js';
import { poissonDevianceFull, stirlingError, sumUnimodal, twoProduct } from './poisson.js';
import { geometricKlTheta, logOneMinus } from './geometric.js';

/** Source parameters of `negativeBinomial(r, p)`. */
export interface NegativeBinomialParams {
  r: number;
  p: number;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** The exact sum is used when mean + 20 sd + 50 is at most this many terms. */
const NB_SUM_MAX_TERMS = 2e5;
/** The moment expansion is used (beyond the sum) when r (1 - p) is at least this. */
const NB_ASYMPTOTIC_MIN_RQ = 1e4;

/**
 * log P(X = x) for X ~ NB(r, p) given log p and log(1 - p), in Loader's form:
 * log(r / (x + r)) + S(x + r) - S(r) - S(x) - D(r, (x + r) p) - D(x, (x + r)(1 - p))
 * + (1/2) log((x + r) / (2 pi r x)), no two large terms cancelling.
 * @example negativeBinomialLogPmf(2, 3, Math.log(0.4), Math.log(0.6)) // -1.9787639739263916 (= log 0.13824)
 */
export function negativeBinomialLogPmf(x: number, r: number, logp: number, logq: number): number {
  if (x === 0) return r * logp;
  const n = x + r;
  const logn = Math.log(n);
  const p = Math.exp(logp);
  const q = Math.exp(logq);
  // x - n q = x p - r q = -(r - n p): from exact products, accurate even at x = 1e299 where
  // n q is not (and near the mode, where x p ~ r q).
  const [xp, xpe] = twoProduct(x, p);
  const [rq, rqe] = twoProduct(r, q);
  const d = xp - rq + (xpe - rqe);
  const prefactor = Math.log(r / n) + stirlingError(n) - stirlingError(r) - stirlingError(x) + 0.5 * (Math.log1p(r / x) - Math.log(r)) - HALF_LOG_2PI;
  return prefactor - (poissonDevianceFull(r, n * p, -d, logn + logp) + poissonDevianceFull(x, n * q, d, logn + logq));
}

/** log h(x) = log(Gamma(x + r) / (Gamma(r) x!)) = -log x - log B(x, r) for x >= 1. */
function logBase(x: number, r: number): number {
  return x === 0 ? 0 : -Math.log(x) - lbeta(x, r);
}

/** Eulerian numbers A(n, m), n = 0..7: the cumulants of NB are r q A_{j-1}(q) / p^j. */
const EULERIAN: number[][] = (() => {
  const rows: number[][] = [[1], [1]];
  for (let n = 2; n <= 7; n++) {
    const prev = rows[n - 1];
    const row = new Array<number>(n).fill(0);
    for (let m = 0; m < n; m++) row[m] = (m + 1) * (prev[m] ?? 0) + (n - m) * (prev[m - 1] ?? 0);
    rows.push(row);
  }
  return rows;
})();

const BERNOULLI_2K = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66];

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * Entropy of NB(r, p) by the central-moment expansion of E[g(X)], g(x) = log Gamma(x + r)
 * - log Gamma(x + 1), around the mean mu, valid when r q is large:
 * H = (1/2) log(2 pi sigma^2) + S(r) + S(mu) - S(mu + r) - sum_{k=2..8} g^(k)(mu) m_k / k!,
 * with g^(k)(mu) = psi_{k-1}(mu + r) - psi_{k-1}(mu + 1) from the asymptotic series of the
 * polygamma functions, each term's difference formed with expm1 (the arguments differ by
 * r - 1 only), and m_k the exact central moments. Truncation error O((r q)^-4): ~3e-15 at
 * r q = 1e4, where `negativeBinomialEntropyParts` starts to use it.
 * @param r - a number > 0, large (r (1 - p) >= 1e4 for full accuracy)
 * @param theta - log(1 - p) < 0
 * @example negativeBinomialEntropyAsymptotic(1e6, Math.log(0.5)) // 8.673267027466606
 */
export function negativeBinomialEntropyAsymptotic(r: number, theta: number): number {
  const q = Math.exp(theta);
  const logp = log1mexp(theta);
  const mu = r / Math.expm1(-theta);
  const nq = r * q;
  const logSigma = 0.5 * (Math.log(mu) - logp);
  const logz = Math.log(mu + 1);
  const lshift = Math.log1p((r - 1) / (mu + 1));
  // Standardised cumulants kt[j] = A_{j-1}(q) (r q)^{1 - j/2} and central moments mt[k].
  const kt = new Float64Array(9);
  for (let j = 2; j <= 8; j++) {
    const a = EULERIAN[j - 1];
    let poly = 0;
    for (let m = a.length - 1; m >= 0; m--) poly = poly * q + a[m];
    kt[j] = poly * Math.pow(nq, 1 - j / 2);
  }
  const mt = new Float64Array(9);
  mt[0] = 1;
  for (let n = 2; n <= 8; n++) {
    let s = 0;
    let binom = 1; // C(n-1, j)
    for (let j = 0; j <= n - 1; j++) {
      if (j + 1 >= 2) s += binom * kt[j + 1] * mt[n - 1 - j];
      binom = (binom * (n - 1 - j)) / (j + 1);
    }
    mt[n] = s;
  }
  let sum = 0;
  for (let k = 2; k <= 8; k++) {
    const n = k - 1;
    const sign = n % 2 === 1 ? 1 : -1; // (-1)^{n+1}
    // psi_n(z) ~ (-1)^{n+1} [ (n-1)!/z^n + n!/(2 z^{n+1}) + sum_j B_2j (2j+n-1)! / ((2j)! z^{2j+n}) ]
    const coefs: Array<[number, number]> = [
      [factorial(n - 1), n],
      [factorial(n) / 2, n + 1],
    ];
    for (let j = 1; j <= BERNOULLI_2K.length; j++) coefs.push([(BERNOULLI_2K[j - 1] * factorial(2 * j + n - 1)) / factorial(2 * j), 2 * j + n]);
    let d = 0;
    for (const [c, pw] of coefs) d += c * Math.exp(k * logSigma - pw * logz) * Math.expm1(-pw * lshift);
    sum += (sign * d * mt[k]) / factorial(k);
  }
  return HALF_LOG_2PI + logSigma + stirlingError(r) + stirlingError(mu) - stirlingError(mu + r) - sum;
}

/**
 * E[log Gamma(X + r) - log Gamma(X + 1)] for X ~ NB(r, p), from Binet's integral for log Gamma:
 * integral over t > 0 of [(r - 1) e^{-t} - M(t) K(t)] dt / t, with M(t) = E[e^{-tX}]
 * = (1 + c (1 - e^{-t}))^{-r}, c = q/p, and K(t) = (e^{-t} - e^{-rt}) / (1 - e^{-t}).
 * Written as (r-1) e^{-t} (1 - M) + M ((r-1) e^{-t} - K) to avoid cancellation, and integrated by
 * the trapezoidal rule in s = log t (step 0.2: the integrand is analytic in a strip of half-width
 * about pi/2, so the error is ~e^{-40}). About 4000 evaluations at worst (p = 1e-300).
 * @param r - a number > 0
 * @param theta - log(1 - p) < 0
 * @example negativeBinomialExpectedLogGammaRatio(3, Math.log(0.6)) // 3.252697436077408
 */
export function negativeBinomialExpectedLogGammaRatio(r: number, theta: number): number {
  const c = 1 / Math.expm1(-theta);
  const mu = r * c;
  const a = r - 1;
  const tmin = 1e-20 / (mu + Math.abs(a) + 1);
  const tmax = 50 / Math.min(r, 1) + 50;
  const h = 0.2;
  const s0 = Math.log(tmin);
  const nodes = Math.ceil((Math.log(tmax) - s0) / h);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i <= nodes; i++) {
    const t = Math.exp(s0 + i * h);
    const et = Math.exp(-t);
    const l = r * Math.log1p(-c * Math.expm1(-t));
    const oneMinusM = -Math.expm1(-l);
    const m = Math.exp(-l);
    let e1: number; // (r - 1) e^{-t} - K(t)
    const at = Math.abs(a) * t;
    if (Math.max(1, Math.abs(a)) * t < 1e-5) e1 = et * ((a * (a - 1) * t) / 2 - (a * (a - 1) * (2 * a - 1) * t * t) / 12);
    else if (at < 50) e1 = et * (a - Math.expm1(-a * t) / Math.expm1(-t));
    else e1 = a * et - (et - Math.exp(-r * t)) / -Math.expm1(-t);
    const g = a * et * oneMinusM + m * e1;
    const y = sum + g;
    comp += Math.abs(sum) >= Math.abs(g) ? sum - y + g : g - y + sum;
    sum = y;
  }
  return (sum + comp) * h;
}

/**
 * [entropy, E[log h(X)]] of NB(r, p), theta = log(1 - p).
 *
 * - mean + 20 sd + 50 <= 2e5: exact sums over the support (Loader-form log-pmf; all terms of one sign);
 * - else r (1 - p) >= 1e4: `negativeBinomialEntropyAsymptotic`, E[log h] = F - theta eta - H;
 * - else: E[log h] = `negativeBinomialExpectedLogGammaRatio` - log Gamma(r), H = F - theta eta - E[log h]
 *   (relative error ~1e-16 r |log p| / H, at worst ~1e-12).
 * @param r - a number > 0
 * @param theta - log(1 - p) < 0
 * @example negativeBinomialEntropyParts(3, Math.log(0.6)) // [2.488037247051961, 2.5595502555174625]
 */
export function negativeBinomialEntropyParts(r: number, theta: number): [number, number] {
  const logp = log1mexp(theta);
  const mu = r / Math.expm1(-theta);
  const sd = Math.exp(0.5 * (Math.log(mu) - logp));
  const fMinusThetaEta = -r * logp - theta * mu;
  if (mu + 20 * sd + 50 <= NB_SUM_MAX_TERMS) {
    const p = -Math.expm1(theta);
    const mode = r > 1 ? Math.floor(((r - 1) * Math.exp(theta)) / p) : 0;
    const s = sumUnimodal(0, Infinity, mode, 2, (x, v) => {
      const lp = negativeBinomialLogPmf(x, r, logp, theta);
      v[0] = -lp;
      v[1] = logBase(x, r);
      return lp;
    });
    return [s[0], s[1]];
  }
  if (r * Math.exp(theta) >= NB_ASYMPTOTIC_MIN_RQ) {
    const h = negativeBinomialEntropyAsymptotic(r, theta);
    return [h, fMinusThetaEta - h];
  }
  const elh = negativeBinomialExpectedLogGammaRatio(r, theta) - lgamma(r);
  return [fMinusThetaEta - elh, elh];
}

const cache = new Map<number, ExponentialFamily<NegativeBinomialParams>>();

/**
 * The negative binomial family for a fixed r (cached: one object per r).
 * @param r - the number of successes, a finite real number > 0
 * @example negativeBinomialFamily(3).id // 'negativeBinomial(r=3)'
 */
export function negativeBinomialFamily(r: number): ExponentialFamily<NegativeBinomialParams> {
  checkPositive('negativeBinomialFamily', 'r', r);
  let f = cache.get(r);
  if (!f) {
    f = makeFamily(r);
    cache.set(r, f);
  }
  return f;
}

function makeFamily(r: number): ExponentialFamily<NegativeBinomialParams> {
  let last: { theta: number; parts: [number, number] } | undefined;
  const parts = (theta: number): [number, number] => {
    if (last === undefined || last.theta !== theta) last = { theta, parts: negativeBinomialEntropyParts(r, theta) };
    return last.parts;
  };
  const meanOf = (theta: number): number => r / Math.expm1(-theta);
  return {
    id: `negativeBinomial(r=${r})`,
    name: 'negativeBinomial',
    dim: 1,
    sourceNames: ['p'],
    discrete: true,
    sampleDim: 0,

    logPartition(theta) {
      return -r * log1mexp(theta[0]);
    },
    gradLogPartition(theta, out) {
      out[0] = meanOf(theta[0]);
      return out;
    },
    hessLogPartition(theta, out) {
      out[0] = meanOf(theta[0]) / -Math.expm1(theta[0]);
      return out;
    },
    thetaFromEta(eta, out) {
      out[0] = -Math.log1p(r / eta[0]);
      return out;
    },
    isNaturalValid(theta) {
      return theta[0] < 0 && Number.isFinite(theta[0]) && Number.isFinite(meanOf(theta[0]));
    },
    isExpectationValid(eta) {
      return eta[0] > 0 && eta[0] < Infinity;
    },

    sufficientStat(x, out) {
      out[0] = x as number;
      return out;
    },
    logBaseMeasure(x) {
      return logBase(x as number, r);
    },
    inSupport(x) {
      return typeof x === 'number' && Number.isInteger(x) && x >= 0;
    },
    expectedLogBaseMeasure(theta) {
      return parts(theta[0])[1];
    },

    thetaFromSource(src, out) {
      out[0] = logOneMinus(src[0]);
      return out;
    },
    sourceFromTheta(theta, out) {
      out[0] = -Math.expm1(theta[0]);
      return out;
    },
    sourceJacobian(src, out) {
      out[0] = -1 / (1 - src[0]);
      return out;
    },
    validateSource(src, where) {
      checkOpenInterval(where, 'p', src[0], 0, 1);
    },
    params(src) {
      return { r, p: src[0] };
    },

    mean(theta) {
      return meanOf(theta[0]);
    },
    variance(theta) {
      return meanOf(theta[0]) / -Math.expm1(theta[0]);
    },
    sample(theta, n, rng) {
      const p = -Math.expm1(theta[0]);
      const out: number[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = sampleNegativeBinomial(rng, r, p);
      return out;
    },

    dualPotential(eta) {
      const e = eta[0];
      return -e * Math.log1p(r / e) - r * Math.log1p(e / r);
    },
    entropy(theta) {
      return parts(theta[0])[0];
    },
    kl(thetaP, thetaQ) {
      return r * geometricKlTheta(thetaP[0], thetaQ[0]);
    },
    logDensity(theta, x) {
      return negativeBinomialLogPmf(x as number, r, log1mexp(theta[0]), theta[0]);
    },
    fisherSource(src, out) {
      const p = src[0];
      out[0] = r / (p * p * (1 - p));
      return out;
    },
  };
}

/**
 * The negative binomial distribution: the number of failures before the r-th success in
 * independent trials of success probability p, P(X = x) = C(x + r - 1, x) p^r (1 - p)^x,
 * mean r (1 - p) / p (scipy.stats.nbinom(r, p)).
 *
 * @param r - number of successes, a finite real number > 0 (fixed: part of the family id)
 * @param p - success probability in the open interval (0, 1), with r (1 - p) / p finite
 * @throws InfogeoError naming `r` or `p`
 * @example negativeBinomial(3, 0.25).mean() // 9
 * @example negativeBinomial(3, 0.25).theta // Float64Array [-0.2876820724517809]
 */
export function negativeBinomial(r: number, p: number): Distribution<NegativeBinomialParams> {
  checkPositive('negativeBinomial', 'r', r);
  checkOpenInterval('negativeBinomial', 'p', p, 0, 1);
  const family = negativeBinomialFamily(r);
  const src = Float64Array.of(p);
  const theta = family.thetaFromSource(src, new Float64Array(1));
  if (!family.isNaturalValid(theta)) {
    throw new InfogeoError('negativeBinomial', 'p', p, `a probability in (0, 1) with a finite mean r (1 - p) / p (r = ${r})`);
  }
  return new Distribution(family, theta, src);
}
