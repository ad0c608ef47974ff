/**
 * The categorical families on k >= 2 categories, observations being the indices 0..k-1.
 *
 * T(x) = one-hot of x in the first k-1 categories, theta_i = log(p_i / p_k) (i = 1..k-1),
 * F(theta) = log(1 + sum_i e^theta_i) (a log-sum-exp), eta = (p_1..p_{k-1}),
 * Hess F = diag(p) - p p^T, h = 1, F*(eta) = sum_{i=1..k} p_i log p_i.
 * Source coordinates: the first k-1 probabilities (p_k = 1 - sum); Fisher in them is
 * diag(1/p_i) + (1/p_k) 1 1^T.
 *
 * Every probability is carried as log p_i = theta_i - F, so p_i = 1e-300 and k = 10,000 are
 * exact. Since p_k is not a source coordinate, 1 - sum(p_1..p_{k-1}) would lose a tiny last
 * probability; the constructor and `sourceFromTheta` therefore remember the exact p_k of each
 * source array they produce (checked against a snapshot, so a mutated array falls back to
 * 1 - sum).
 *
 * Dense matrices (Hessian, Fisher, Jacobian) are (k-1)^2: 800 MB at k = 10,000, so use them
 * for k up to a few hundred; KL, entropy, log-density and sampling are O(k).
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkProbabilityVector, InfogeoError } from '../errors.js';
import { categoricalSampler } from '../random/index.js';
import { weightedExpm1mx } from './poisson.js';

/** Source parameters of `categorical(probs)`: the full probability vector. */
export interface CategoricalParams {
  probs: number[];
}

/**
 * sum_i a_i with Neumaier's compensation (error ~eps |sum| instead of ~k eps max |a_i|).
 * @example compensatedSum([1, 1e-17, -1]) // 1e-17
 */
export function compensatedSum(a: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

interface LastProb {
  snapshot: Float64Array;
  last: number;
}

const lastProbs = new WeakMap<Float64Array, LastProb>();

/**
 * Remembers the exact last probability p_k of a source array of k-1 probabilities (see the module
 * comment); `lastProbability` returns it while the array is unchanged.
 * @example const s = Float64Array.of(0.3, 0.7); rememberLastProbability(s, 1e-300); lastProbability(s) // 1e-300
 */
export function rememberLastProbability(src: Float64Array, last: number): void {
  lastProbs.set(src, { snapshot: Float64Array.from(src), last });
}

/**
 * p_k of a source array of k-1 probabilities: the remembered exact value, else 1 - sum (compensated).
 * @example lastProbability(Float64Array.of(0.3, 0.6)) // 0.10000000000000009
 */
export function lastProbability(src: Float64Array): number {
  const hit = lastProbs.get(src);
  if (hit && hit.snapshot.length === src.length) {
    let same = true;
    for (let i = 0; i < src.length && same; i++) same = hit.snapshot[i] === src[i];
    if (same) return hit.last;
  }
  return 1 - compensatedSum(src);
}

/**
 * F(theta) = log(1 + sum e^theta_i) (theta_k = 0 implicit) as m + log1p(sum_{i != argmax} e^{theta_i - m}),
 * m the largest of 0 and the theta_i: with the dominant term taken out exactly, F keeps its
 * relative accuracy also when it is tiny (theta = (-39, -39): F = 2e-17, not 0), so that
 * 1 - p_max = -expm1(-F) stays exact. Compensated summation for k = 10,000.
 * @example categoricalLogPartition(Float64Array.of(0, 0)) // 1.0986122886681096 (= log 3)
 */
export function categoricalLogPartition(theta: Float64Array): number {
  let m = 0;
  let arg = -1; // -1: the implicit theta_k = 0
  for (let i = 0; i < theta.length; i++) {
    if (theta[i] > m) {
      m = theta[i];
      arg = i;
    }
  }
  let s = arg === -1 ? 0 : Math.exp(-m);
  let c = 0;
  for (let i = 0; i < theta.length; i++) {
    if (i === arg) continue;
    const x = Math.exp(theta[i] - m);
    const t = s + x;
    c += s >= x ? s - t + x : x - t + s;
    s = t;
  }
  return m + Math.log1p(s + c);
}

/**
 * KL(p || q) between categoricals from natural parameters, free of cancellation:
 * sum_i p_i (e^{u_i} - 1 - u_i), u_i = log(q_i / p_i) = (thetaQ_i - thetaP_i) - D,
 * D = F(thetaQ) - F(thetaP) = log(sum_i p_i e^{thetaQ_i - thetaP_i}). Every term is >= 0, and an
 * error in D shifts all u_i alike, which changes the sum only at second order because
 * sum_i p_i (e^{u_i} - 1) = 0. O(k).
 * @example categoricalKl(Float64Array.of(0), Float64Array.of(Math.log(3))) // 0.14384103622589042 (= KL(1/2 || 3/4))
 */
export function categoricalKl(thetaP: Float64Array, thetaQ: Float64Array): number {
  const m = thetaP.length;
  const fp = categoricalLogPartition(thetaP);
  let maxDelta = 0;
  for (let i = 0; i < m; i++) maxDelta = Math.max(maxDelta, Math.abs(thetaQ[i] - thetaP[i]));
  let d: number;
  if (maxDelta < 1) {
    const terms = new Float64Array(m);
    for (let i = 0; i < m; i++) terms[i] = Math.exp(thetaP[i] - fp) * Math.expm1(thetaQ[i] - thetaP[i]);
    d = Math.log1p(compensatedSum(terms));
  } else {
    d = categoricalLogPartition(thetaQ) - fp;
  }
  // log q_i = thetaQ_i - F(thetaQ), for the terms with |u_i| >= 1.
  const fq = fp + d;
  let s = weightedExpm1mx(-fp, -d, -fq);
  let c = 0;
  for (let i = 0; i < m; i++) {
    const t = weightedExpm1mx(thetaP[i] - fp, thetaQ[i] - thetaP[i] - d, thetaQ[i] - fq);
    const u = s + t;
    c += s >= t ? s - u + t : t - u + s;
    s = u;
  }
  const kl = s + c;
  return kl > 0 ? kl : 0;
}

/**
 * Entropy H = -sum p_i log p_i = sum_i p_i (F - theta_i) (theta_k = 0): a sum of non-negative
 * terms, exact for k = 10,000 and p_i = 1e-300. theta: any k-1 finite numbers.
 * @example categoricalEntropy(Float64Array.of(0, 0)) // 1.0986122886681096 (= log 3)
 */
export function categoricalEntropy(theta: Float64Array): number {
  const f = categoricalLogPartition(theta);
  let s = Math.exp(-f) * f;
  let c = 0;
  for (let i = 0; i < theta.length; i++) {
    const lp = theta[i] - f;
    const t = -Math.exp(lp) * lp;
    const u = s + t;
    c += s >= t ? s - u + t : t - u + s;
    s = u;
  }
  return s + c;
}

/**
 * The full probability vector p_i = e^{theta_i - F} (length k, p_k = e^{-F}) from natural parameters.
 * @example categoricalProbs(Float64Array.of(0, Math.log(2))) // Float64Array [0.25, 0.5, 0.25]
 */
export function categoricalProbs(theta: Float64Array): Float64Array {
  const f = categoricalLogPartition(theta);
  const p = new Float64Array(theta.length + 1);
  for (let i = 0; i < theta.length; i++) p[i] = Math.exp(theta[i] - f);
  p[theta.length] = Math.exp(-f);
  return p;
}

/**
 * Validates a full probability vector for the categorical/multinomial constructors: at least
 * two entries, each finite and > 0, summing to 1 within 1e-9 max(1, sqrt(k)) (see
 * `checkProbabilityVector`). Returns the normalised vector; throws InfogeoError naming `probs`
 * or the entry `probs[i]`.
 * @example checkOpenSimplex('categorical', [0.25, 0.25, 0.5]) // Float64Array [0.25, 0.25, 0.5]
 */
export function checkOpenSimplex(where: string, probs: unknown): Float64Array {
  const p = checkProbabilityVector(where, 'probs', probs);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] > 0)) {
      throw new InfogeoError(where, `probs[${i}]`, p[i], 'a probability > 0 (a zero probability lies outside the open simplex: its natural parameter is -Infinity)');
    }
  }
  const s = compensatedSum(p);
  for (let i = 0; i < p.length; i++) p[i] /= s;
  return p;
}

/**
 * theta_i = log p_i - log p_k (i < k) from a full probability vector with entries > 0.
 * @example thetaFromProbs(Float64Array.of(0.25, 0.25, 0.5)) // Float64Array [-0.6931471805599453, -0.6931471805599453]
 */
export function thetaFromProbs(p: Float64Array): Float64Array {
  const k = p.length;
  const lk = Math.log(p[k - 1]);
  const theta = new Float64Array(k - 1);
  for (let i = 0; i < k - 1; i++) theta[i] = Math.log(p[i]) - lk;
  return theta;
}

/**
 * Throws InfogeoError unless src holds k-1 probabilities in (0, 1) whose complement p_k (the
 * remembered one, else 1 - sum) is > 0; names `probs[i]` or `probs`.
 * @example validateSimplexSource(Float64Array.of(0.6, 0.6), 'fromSource') // throws: probs = [0.6, 0.6] is invalid ...
 */
export function validateSimplexSource(src: Float64Array, where: string): void {
  for (let i = 0; i < src.length; i++) {
    if (!(src[i] > 0 && src[i] < 1)) throw new InfogeoError(where, `probs[${i}]`, src[i], 'a probability in the open interval (0, 1)');
  }
  const last = lastProbability(src);
  if (!(last > 0)) {
    throw new InfogeoError(where, 'probs', Array.from(src), `${src.length} probabilities summing to less than 1 (the last probability is 1 minus their sum)`, `the last probability would be ${last}`);
  }
}

const cache = new Map<number, ExponentialFamily<CategoricalParams>>();

/**
 * The categorical family on k categories (cached: one object per k).
 * @param k - an integer >= 2
 * @example categoricalFamily(3).id // 'categorical(k=3)'
 */
export function categoricalFamily(k: number): ExponentialFamily<CategoricalParams> {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2 || k > 2 ** 31) {
    throw new InfogeoError('categoricalFamily', 'k', k, 'an integer >= 2 (the number of categories)');
  }
  let f = cache.get(k);
  if (!f) {
    f = makeCategoricalFamily(k);
    cache.set(k, f);
  }
  return f;
}

function makeCategoricalFamily(k: number): ExponentialFamily<CategoricalParams> {
  const m = k - 1;
  return {
    id: `categorical(k=${k})`,
    name: 'categorical',
    dim: m,
    sourceNames: Array.from({ length: m }, (_, i) => `p${i + 1}`),
    discrete: true,
    sampleDim: 0,

    logPartition: categoricalLogPartition,
    gradLogPartition(theta, out) {
      const f = categoricalLogPartition(theta);
      for (let i = 0; i < m; i++) out[i] = Math.exp(theta[i] - f);
      return out;
    },
    hessLogPartition(theta, out) {
      const f = categoricalLogPartition(theta);
      const p = new Float64Array(m);
      for (let i = 0; i < m; i++) p[i] = Math.exp(theta[i] - f);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) out[i * m + j] = -p[i] * p[j];
        out[i * m + i] += p[i];
      }
      return out;
    },
    thetaFromEta(eta, out) {
      const lk = Math.log(1 - compensatedSum(eta));
      for (let i = 0; i < m; i++) out[i] = Math.log(eta[i]) - lk;
      return out;
    },
    isNaturalValid(theta) {
      for (let i = 0; i < m; i++) if (!Number.isFinite(theta[i])) return false;
      return true;
    },
    isExpectationValid(eta) {
      for (let i = 0; i < m; i++) if (!(eta[i] > 0)) return false;
      return 1 - compensatedSum(eta) > 0;
    },

    sufficientStat(x, out) {
      out.fill(0);
      if ((x as number) < m) out[x as number] = 1;
      return out;
    },
    logBaseMeasure() {
      return 0;
    },
    inSupport(x) {
      return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < k;
    },
    expectedLogBaseMeasure() {
      return 0;
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
      return { probs };
    },

    mean(theta) {
      const p = categoricalProbs(theta);
      let s = 0;
      for (let i = 1; i < k; i++) s += i * p[i];
      return s;
    },
    variance(theta) {
      const p = categoricalProbs(theta);
      let mu = 0;
      for (let i = 1; i < k; i++) mu += i * p[i];
      let v = 0;
      for (let i = 0; i < k; i++) v += p[i] * (i - mu) * (i - mu);
      return v;
    },
    sample(theta, n, rng) {
      const draw = categoricalSampler(categoricalProbs(theta));
      const out: number[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = draw(rng);
      return out;
    },

    dualPotential(eta) {
      const rest = compensatedSum(eta);
      const pk = 1 - rest;
      let s = pk * Math.log1p(-rest);
      for (let i = 0; i < m; i++) s += eta[i] * Math.log(eta[i]);
      return s;
    },
    entropy: categoricalEntropy,
    kl: categoricalKl,
    logDensity(theta, x) {
      const i = x as number;
      return (i < m ? theta[i] : 0) - categoricalLogPartition(theta);
    },
    fisherSource(src, out) {
      const ik = 1 / lastProbability(src);
      out.fill(ik);
      for (let i = 0; i < m; i++) out[i * m + i] += 1 / src[i];
      return out;
    },
  };
}

/**
 * The categorical distribution on the indices 0..k-1 with P(X = i) = probs[i].
 *
 * `mean()` and `variance()` are those of the index X (sum_i i p_i, ...); the probabilities are
 * `params.probs`. Observations for `logDensity` are integer indices.
 *
 * @param probs - k >= 2 probabilities, each > 0, summing to 1 within 1e-9 max(1, sqrt(k))
 *   (the vector is then normalised exactly)
 * @throws InfogeoError naming `probs` or the offending entry `probs[i]`
 * @example categorical([0.2, 0.3, 0.5]).theta // Float64Array [-0.916290731874155, -0.5108256237659908]
 * @example categorical([0.2, 0.3, 0.5]).entropy() // 1.0296530140645734
 */
export function categorical(probs: readonly number[] | Float64Array): Distribution<CategoricalParams> {
  const p = checkOpenSimplex('categorical', probs);
  const family = categoricalFamily(p.length);
  const theta = thetaFromProbs(p);
  const src = p.slice(0, p.length - 1);
  rememberLastProbability(src, p[p.length - 1]);
  return new Distribution(family, theta, src);
}
