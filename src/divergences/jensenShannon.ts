/**
 * Jensen-Shannon divergence of two members of an exponential family.
 *
 * JS(p, q) = (1/2) KL(p || m) + (1/2) KL(q || m), m = (p + q) / 2 (Lin 1991, "Divergence
 * measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37(1)). The mixture m is not
 * in the family, so there is no closed form: it is summed exactly over discrete supports,
 * integrated by adaptive quadrature for scalar continuous families, and estimated by seeded
 * Monte Carlo with a standard error for vector continuous families.
 *
 * Pointwise, with d = log q - log p and r = (q - p) / (q + p) = tanh(d / 2), the integrand is
 *   (1/2) p log(2p / (p + q)) + (1/2) q log(2q / (p + q)) = (m / 2) phi(r),
 *   phi(r) = (1 - r) log(1 - r) + (1 + r) log(1 + r) = sum_k r^(2k) / (k (2k - 1)) >= 0,
 * a sum of non-negative terms with no cancellation (the two halves cancel to first order when
 * p ~ q if written separately). d is formed as <theta_q - theta_p, T(x)> - (F(theta_q) - F(theta_p)),
 * so log h cancels exactly.
 */
import { checkSameFamily, type Distribution } from '../families/distribution.js';
import type { ExponentialFamily, Sample } from '../families/family.js';
import { klNatural, logDensityNatural } from '../families/derive.js';
import { checkInteger, InfogeoError } from '../errors.js';
import { integrate } from '../numeric/quadrature.js';
import { Rng, rng as makeRng } from '../random/rng.js';
import { log1pexp, sigmoid } from '../special/index.js';
import { bulkBreakpoints, integerInSupport, logAddExp, MAX_TERMS, meanAndSd, Summation, supportInterval, walkIntegers } from './support.js';
import { sameTheta } from './skew.js';

type Family = ExponentialFamily<unknown>;

/** Options for the Monte Carlo estimate (used only for vector continuous families). */
export interface JensenShannonOptions {
  /** Seeded generator (default: rng(20240601), so results are reproducible). */
  rng?: Rng;
  /** Draws from each of p and q (default 100000). */
  samples?: number;
}

/** A Jensen-Shannon value with its accuracy and the method that produced it. */
export interface JensenShannonEstimate {
  /** JS(p, q) in nats, in [0, log 2]. */
  value: number;
  /**
   * Accuracy: the Monte Carlo standard error; for 'exact' a bound on the neglected tail
   * (log 2 times the mass not summed); for 'quadrature' the integrator's error estimate plus
   * log 2 times the deviation of the mixture's computed mass from 1 (which measures the
   * accuracy of the log-densities at large natural parameters).
   */
  stdError: number;
  method: 'exact' | 'quadrature' | 'monte-carlo';
}

const LN2 = Math.LN2;
const DEFAULT_SEED = 20240601;
const DEFAULT_SAMPLES = 100_000;
/** Largest number of count vectors enumerated exactly for vector discrete families. */
const MAX_ENUMERATION = 2_000_000;

/** phi(r) = (1 - r) log(1 - r) + (1 + r) log(1 + r) at r = tanh(u), u = d / 2. */
function phiOfHalfLogRatio(u: number): number {
  if (!Number.isFinite(u)) return 2 * LN2;
  const r = Math.tanh(u);
  if (Math.abs(r) < 0.1) {
    // sum_k r^(2k) / (k (2k - 1)); the k = 10 term is below 1e-21 of the first.
    const r2 = r * r;
    let s = 0;
    for (let k = 10; k >= 1; k--) s = r2 * (1 / (k * (2 * k - 1)) + s);
    return s;
  }
  // 1 -+ r = 2 sigmoid(-+2u), log(1 -+ r) = log 2 - log(1 + e^(+-2u)): no loss as |r| -> 1.
  return 2 * sigmoid(-2 * u) * (LN2 - log1pexp(2 * u)) + 2 * sigmoid(2 * u) * (LN2 - log1pexp(-2 * u));
}

/** Pointwise pieces: log m(x) and the JS integrand (m / 2) phi(r); zero outside the support. */
class Integrand {
  private readonly t: Float64Array;
  private readonly dTheta: Float64Array;
  private readonly dF: number;
  constructor(
    private readonly f: Family,
    private readonly thetaP: Float64Array,
    thetaQ: Float64Array,
  ) {
    this.t = new Float64Array(f.dim);
    this.dTheta = new Float64Array(f.dim);
    for (let i = 0; i < f.dim; i++) this.dTheta[i] = thetaQ[i] - thetaP[i];
    this.dF = f.logPartition(thetaQ) - f.logPartition(thetaP);
  }
  /** d(x) = log q(x) - log p(x). */
  logRatio(x: Sample): number {
    this.f.sufficientStat(x, this.t);
    let s = -this.dF;
    for (let i = 0; i < this.dTheta.length; i++) if (this.dTheta[i] !== 0) s += this.dTheta[i] * this.t[i];
    return s;
  }
  /** [log m(x), JS integrand at x]. */
  at(x: Sample): [number, number] {
    const lp = logDensityNatural(this.f, this.thetaP, x);
    if (lp === -Infinity) return [-Infinity, 0];
    const d = this.logRatio(x);
    const logM = logAddExp(lp, lp + d) - LN2;
    return [logM, 0.5 * Math.exp(logM) * phiOfHalfLogRatio(0.5 * d)];
  }
}

/**
 * JS(p, q) = (1/2) KL(p || m) + (1/2) KL(q || m), m = (p + q) / 2, in nats: symmetric, in
 * [0, log 2], 0 iff p = q, and its square root is a metric. Exact sums for discrete families
 * (count vectors enumerated for multinomials when there are at most 2e6 of them), adaptive
 * quadrature for scalar continuous families, seeded Monte Carlo (default rng(20240601),
 * 1e5 draws from each) for vector continuous families: use `jensenShannonEstimate` to see
 * the error bar.
 *
 * @throws InfogeoError if p and q are not of the same family (naming q), or for invalid options
 * @example jensenShannon(bernoulli(0.1), bernoulli(0.9)) // 0.3681... (= log 2 - H(0.1) where H is the binary entropy)
 */
export function jensenShannon(p: Distribution<unknown>, q: Distribution<unknown>, options: JensenShannonOptions = {}): number {
  return estimate('jensenShannon', p, q, options).value;
}

/**
 * JS(p, q) with its accuracy and method: 'exact' (sums over the support), 'quadrature'
 * (scalar continuous), or 'monte-carlo' (vector continuous families, integer supports too wide
 * to sum, or multinomials with too many outcomes). The Monte Carlo estimator draws
 * `samples` points from each of p and q, averages log(2p / (p + q)) and log(2q / (p + q)),
 * and uses d = log q/p as a control variate with its known means -KL(p || q) and KL(q || p)
 * (regression coefficient estimated from the same draws), which removes the first-order noise
 * that otherwise swamps JS when p ~ q. The value is clamped to [0, log 2].
 *
 * @throws InfogeoError if p and q are not of the same family (naming q), or for invalid options
 * @example jensenShannonEstimate(bernoulli(0.1), bernoulli(0.9)) // { value: 0.3681..., stdError: ~2e-16, method: 'exact' }
 */
export function jensenShannonEstimate(p: Distribution<unknown>, q: Distribution<unknown>, options: JensenShannonOptions = {}): JensenShannonEstimate {
  return estimate('jensenShannonEstimate', p, q, options);
}

function estimate(where: string, p: Distribution<unknown>, q: Distribution<unknown>, options: JensenShannonOptions): JensenShannonEstimate {
  const [a, b] = checkSameFamily(where, p, q);
  const opts = checkOptions(where, options);
  const f = a.family;
  if (sameTheta(a.theta, b.theta)) return { value: 0, stdError: 0, method: 'exact' };
  const integrand = new Integrand(f, a.theta, b.theta);
  let result: JensenShannonEstimate | null = null;
  if (f.sampleDim === 0 && f.discrete) result = scalarDiscrete(where, f, a.theta, b.theta, integrand);
  else if (f.sampleDim === 0) result = scalarContinuous(where, f, a.theta, b.theta, integrand);
  else if (f.discrete) result = vectorDiscrete(where, f, a.params, integrand);
  if (result === null) result = monteCarlo(f, a.theta, b.theta, integrand, opts);
  const v = result.value;
  if (Number.isNaN(v)) throw new InfogeoError(where, 'q', q, 'a distribution for which JS(p, q) can be evaluated', 'the computation gave NaN');
  return { ...result, value: Math.min(Math.max(v, 0), LN2) };
}

function checkOptions(where: string, options: JensenShannonOptions): Required<JensenShannonOptions> {
  if (options === null || typeof options !== 'object') {
    throw new InfogeoError(where, 'options', options, 'an object { rng?, samples? }');
  }
  const r = options.rng ?? makeRng(DEFAULT_SEED);
  if (r === null || typeof r !== 'object' || typeof (r as Rng).next !== 'function') {
    throw new InfogeoError(where, 'options.rng', r, 'a seeded generator from rng(seed)');
  }
  const samples = options.samples ?? DEFAULT_SAMPLES;
  checkInteger(where, 'options.samples', samples, 2);
  return { rng: r, samples };
}

/** Mass of m not summed must be below this for an exact sum to be accepted. */
const MASS_TOL = 1e-10;

function scalarDiscrete(where: string, f: Family, thetaP: Float64Array, thetaQ: Float64Array, g: Integrand): JensenShannonEstimate | null {
  const [mp, sp] = meanAndSd(f, thetaP);
  const [mq, sq] = meanAndSd(f, thetaQ);
  // The sum covers the span of both means and ~40 standard deviations beyond: too wide, sample.
  if (Math.abs(mp - mq) + 80 * Math.max(sp, sq) > MAX_TERMS) return null;
  const lo = integerInSupport(f, Math.min(mp, mq));
  const hi = integerInSupport(f, Math.max(mp, mq));
  const js = new Summation();
  const mass = new Summation();
  const status = walkIntegers(
    f,
    lo,
    (x) => {
      const [logM, term] = g.at(x);
      js.add(term);
      mass.add(Math.exp(logM));
      return logM;
    },
    [lo, hi],
  );
  if (status !== 'converged') return null; // support too wide to sum: Monte Carlo
  const missing = Math.abs(1 - mass.value);
  if (!(missing < MASS_TOL)) {
    throw new InfogeoError(where, 'p', f.id, 'a family whose probabilities sum to 1 over its integer support', `the sum found ${mass.value}`);
  }
  return { value: js.value, stdError: missing * LN2, method: 'exact' };
}

function scalarContinuous(where: string, f: Family, thetaP: Float64Array, thetaQ: Float64Array, g: Integrand): JensenShannonEstimate {
  const [mp, sp] = meanAndSd(f, thetaP);
  const [mq, sq] = meanAndSd(f, thetaQ);
  const inside = f.inSupport(mp) ? mp : mq;
  const [lo, hi] = supportInterval(f, inside);
  const center = f.inSupport(0.5 * (mp + mq)) ? 0.5 * (mp + mq) : inside;
  const scale = Math.max(sp, sq, Number.MIN_VALUE);
  const breakpoints = bulkBreakpoints([[mp, sp], [mq, sq]], lo, hi);
  const opts = { center, scale, breakpoints, relTol: 1e-12, maxPanels: 6000 };
  const res = integrate((x) => g.at(x)[1], lo, hi, opts);
  // The mixture's mass checks the support found from inSupport (a wrong one is off by O(1)) and
  // measures the accuracy of the log-densities themselves: <theta, T(x)> - F(theta) cancels
  // when |theta| is large (normal(1e6, 1): terms of 1e12, log-density errors of 1e-4), which no
  // quadrature can undo; that error is reported in stdError.
  const norm = integrate((x) => Math.exp(g.at(x)[0]), lo, hi, opts);
  const massError = Math.abs(norm.value - 1);
  if (!(massError < 1e-3)) {
    throw new InfogeoError(where, 'p', f.id, 'a family whose density integrates to 1 over the support located from inSupport', `the mixture integrated to ${norm.value} over [${lo}, ${hi}]`);
  }
  return { value: res.value, stdError: res.error + massError * LN2, method: 'quadrature' };
}

/** Count vectors of length k with entries summing to n (or at most n), in lexicographic order. */
function* compositions(k: number, n: number, exact: boolean): Generator<Float64Array> {
  const x = new Float64Array(k);
  function* rec(i: number, left: number): Generator<Float64Array> {
    if (i === k - 1) {
      if (exact) {
        x[i] = left;
        yield x;
      } else {
        for (let v = 0; v <= left; v++) {
          x[i] = v;
          yield x;
        }
      }
      return;
    }
    for (let v = 0; v <= left; v++) {
      x[i] = v;
      yield* rec(i + 1, left - v);
    }
  }
  yield* rec(0, n);
}

/** log C(n + k - 1, k - 1): the number of count vectors of length k summing to n. */
function logCount(k: number, n: number): number {
  let s = 0;
  for (let i = 1; i < k; i++) s += Math.log((n + i) / i);
  return s;
}

/**
 * Enumeration for vector discrete families (multinomial count vectors, one-hot categorical):
 * vectors of length sampleDim with entries summing to n (params.n, else 1), then, if the
 * family's observations are reduced vectors, with entries summing to at most n; accepted only
 * if the probabilities of p found sum to 1. Null (Monte Carlo) when there are too many.
 */
function vectorDiscrete(where: string, f: Family, params: unknown, g: Integrand): JensenShannonEstimate | null {
  const k = f.sampleDim;
  const pn = (params as { n?: unknown }).n;
  const n = typeof pn === 'number' && Number.isInteger(pn) && pn >= 0 ? pn : 1;
  for (const exact of [true, false]) {
    const count = logCount(exact ? k : k + 1, n);
    if (count > Math.log(MAX_ENUMERATION)) return null;
    const js = new Summation();
    const mass = new Summation();
    for (const x of compositions(k, n, exact)) {
      if (!f.inSupport(x)) continue;
      const [logM, term] = g.at(x);
      js.add(term);
      mass.add(Math.exp(logM));
    }
    const missing = Math.abs(1 - mass.value);
    if (missing < MASS_TOL) return { value: js.value, stdError: missing * LN2, method: 'exact' };
  }
  throw new InfogeoError(where, 'p', f.id, 'a discrete vector family whose outcomes are count vectors summing to n (or to at most n)', 'enumerating them did not find probability 1');
}

/** Control-variate mean of y with control z of known mean mu: [estimate, standard error]. */
function controlVariateMean(y: Float64Array, z: Float64Array, mu: number): [number, number] {
  const n = y.length;
  let my = 0;
  let mz = 0;
  for (let i = 0; i < n; i++) {
    my += y[i];
    mz += z[i];
  }
  my /= n;
  mz /= n;
  let syz = 0;
  let szz = 0;
  for (let i = 0; i < n; i++) {
    syz += (y[i] - my) * (z[i] - mz);
    szz += (z[i] - mz) * (z[i] - mz);
  }
  const c = szz > 0 ? syz / szz : 0;
  const est = my - c * (mz - mu);
  let sr = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - my - c * (z[i] - mz);
    sr += r * r;
  }
  return [est, Math.sqrt(sr / (n - 2) / n)];
}

function monteCarlo(f: Family, thetaP: Float64Array, thetaQ: Float64Array, g: Integrand, opts: Required<JensenShannonOptions>): JensenShannonEstimate {
  const n = opts.samples;
  const half = (theta: Float64Array, sign: 1 | -1, mu: number): [number, number] => {
    const y = new Float64Array(n);
    const z = new Float64Array(n);
    const chunk = 10000;
    for (let start = 0; start < n; start += chunk) {
      const xs = f.sample(theta, Math.min(chunk, n - start), opts.rng);
      for (let i = 0; i < xs.length; i++) {
        const d = g.logRatio(xs[i]);
        // log(2p / (p + q)) = log 2 - log(1 + e^d) under p; log(2q / (p + q)) = log 2 - log(1 + e^-d) under q.
        y[start + i] = LN2 - log1pexp(sign * d);
        z[start + i] = d;
      }
    }
    return controlVariateMean(y, z, mu);
  };
  const [ep, sep] = half(thetaP, 1, -klNatural(f, thetaP, thetaQ));
  const [eq, seq] = half(thetaQ, -1, klNatural(f, thetaQ, thetaP));
  return { value: 0.5 * (ep + eq), stdError: 0.5 * Math.hypot(sep, seq), method: 'monte-carlo' };
}
