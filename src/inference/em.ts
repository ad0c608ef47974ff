/**
 * EM for finite mixtures of any exponential family, written as alternating projections
 * (Bregman soft clustering).
 *
 * Model: p(x) = sum_h w_h p_{theta_h}(x). With T(x) the sufficient statistic and F the
 * log-partition, log p_h(x) = log h(x) + <theta_h, T(x)> - F(theta_h)
 *                          = log h(x) + F*(T(x)) - d_{F*}(T(x), eta_h),
 * so the posterior responsibilities r_nh ∝ w_h exp(-d_{F*}(T(x_n), eta_h)) are soft
 * assignments by the Bregman divergence of the dual potential (Banerjee, Merugu, Dhillon and
 * Ghosh 2005, "Clustering with Bregman divergences", JMLR 6, section 5).
 * - E-step (e-projection of the current model onto the data manifold): r_nh as above;
 * - M-step (m-projection onto the family, component by component): w_h = R_h / N and
 *   eta_h = sum_n r_nh T(x_n) / R_h (the weighted mean of sufficient statistics, R_h = sum_n r_nh),
 *   then theta_h = (grad F)^{-1}(eta_h).
 * Each iteration maximises a lower bound that touches the log-likelihood at the current
 * parameters, so the log-likelihood never decreases (Dempster, Laird and Rubin 1977); the test
 * checks it at every iteration.
 *
 * Degenerate components. Maximum likelihood for mixtures is unbounded: a component can collapse
 * onto one point (a normal with variance -> 0), and eta_h then approaches the boundary of the
 * expectation space. Two safeguards, both keeping the monotonicity exact:
 * - `prior` = nu > 0 adds the conjugate (Diaconis-Ylvisaker) prior
 *   exp(nu (<theta_h, eta_0> - F(theta_h))) with eta_0 the pooled mean statistic of all data:
 *   the M-step becomes eta_h = (sum_n r_nh T(x_n) + nu eta_0) / (R_h + nu), a strict convex
 *   combination with an interior point, so components never degenerate; the monotone quantity
 *   is then the penalised log-likelihood `objective` = log-likelihood + nu sum_h (<theta_h, eta_0> - F(theta_h));
 * - with nu = 0 (the default, plain maximum likelihood), a component whose eta_h leaves the
 *   interior (numerically: no finite theta, or R_h = 0) keeps its previous parameters for that
 *   M-step. This is a generalised EM step (the bound still does not decrease), so the
 *   log-likelihood stays monotone; `frozen` counts such steps per component.
 */
import type { ExponentialFamily, Sample } from '../families/family.js';
import { Distribution } from '../families/distribution.js';
import { logDensityNatural } from '../families/derive.js';
import type { Rng } from '../random/rng.js';
import { logsumexp } from '../special/index.js';
import { checkData, meanStatistic } from '../geometry/projection.js';
import { InfogeoError } from '../errors.js';

type Family = ExponentialFamily<unknown>;
type Dist = Distribution<unknown>;

/** Progress of one EM iteration, passed to `onIteration`. */
export interface EmIteration {
  iteration: number;
  logLikelihood: number;
  /** The monotone quantity: the log-likelihood plus the log-prior (equal to it when prior = 0). */
  objective: number;
  /** objective - previous objective (>= 0 up to rounding). */
  change: number;
  weights: number[];
}

/** Options of `em`. */
export interface EmOptions {
  /** The component family, e.g. normalFamily, poissonFamily, mvNormalFamily(2). */
  family: Family;
  /** Number of components, an integer in [1, number of observations]. */
  k: number;
  /** Starting point; default: k-means++ seeds (needs `rng`). */
  init?: { components: readonly Dist[]; weights?: ArrayLike<number> };
  /** Seeded generator for the default initialisation. */
  rng?: Rng;
  /** Maximum iterations (default 500). */
  maxIter?: number;
  /** Stop when the objective changes by at most tol * max(1, |objective|) (default 1e-10). */
  tol?: number;
  /** Conjugate-prior strength nu >= 0 in pseudo-observations per component (default 0). */
  prior?: number;
  /** Called after every iteration (e.g. a progress line). */
  onIteration?: (info: EmIteration) => void;
}

/** A fitted mixture with its history. */
export interface EmResult {
  weights: number[];
  components: Dist[];
  /** Final log-likelihood sum_n log p(x_n). */
  logLikelihood: number;
  /** Final objective (log-likelihood plus log-prior). */
  objective: number;
  /** Log-likelihood at the start and after every iteration. */
  trace: number[];
  /** Objective at the start and after every iteration (non-decreasing). */
  objectiveTrace: number[];
  iterations: number;
  converged: boolean;
  /** M-steps in which each component kept its parameters (degenerate eta). */
  frozen: number[];
  /** Posterior responsibilities at the final parameters, row-major N x k. */
  responsibilities: Float64Array;
}

/** @internal Data prepared once: observations, their sufficient statistics (N x dim) and the pooled mean statistic. */
export interface Prepared {
  xs: Sample[];
  t: Float64Array;
  pooled: Float64Array;
}

/** @internal Validates data against the family and precomputes T(x_n). */
export function prepareData(where: string, f: Family, data: unknown): Prepared {
  const xs = checkData(where, f, data);
  const n = f.dim;
  const t = new Float64Array(xs.length * n);
  xs.forEach((x, i) => f.sufficientStat(x, t.subarray(i * n, (i + 1) * n)));
  return { xs, t, pooled: meanStatistic(f, xs) };
}

/** @internal theta from eta if eta is an interior point with finite theta and F; else null (never throws). */
export function thetaOrNull(f: Family, eta: Float64Array): Float64Array | null {
  for (let i = 0; i < eta.length; i++) if (!Number.isFinite(eta[i])) return null;
  if (!f.isExpectationValid(eta)) return null;
  try {
    const th = f.thetaFromEta(eta, new Float64Array(f.dim));
    for (let i = 0; i < th.length; i++) if (!Number.isFinite(th[i])) return null;
    if (!f.isNaturalValid(th) || !Number.isFinite(f.logPartition(th))) return null;
    return th;
  } catch (e) {
    if (e instanceof InfogeoError) return null;
    throw e;
  }
}

/** Squared Euclidean distance between two observations. */
function dist2(a: Sample, b: Sample): number {
  if (typeof a === 'number') return (a - (b as number)) ** 2;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - (b as Float64Array)[i]) ** 2;
  return s;
}

/**
 * @internal k-means++ seeding on the observations (Arthur and Vassilvitskii 2007), a hard
 * assignment to the nearest seed, and one M-step with a single pseudo-observation of the pooled statistic so that
 * singleton clusters give valid parameters. Returns theta per cluster and the cluster sizes.
 */
export function seedClusters(where: string, f: Family, prep: Prepared, k: number, rng: Rng): { thetas: Float64Array[]; sizes: number[] } {
  if (rng === undefined || rng === null || typeof (rng as Rng).next !== 'function') {
    throw new InfogeoError(where, 'opts.rng', rng, 'a seeded generator from rng(seed) (or an explicit init)');
  }
  const { xs } = prep;
  const nObs = xs.length;
  const seeds: number[] = [rng.nextInt(nObs)];
  const d2 = xs.map((x) => dist2(x, xs[seeds[0]]));
  while (seeds.length < k) {
    let total = 0;
    for (const v of d2) total += v;
    let pick = 0;
    if (total > 0) {
      let u = rng.next() * total;
      while (pick < nObs - 1 && (u >= d2[pick] || d2[pick] === 0)) u -= d2[pick++];
    } else {
      pick = rng.nextInt(nObs);
    }
    seeds.push(pick);
    xs.forEach((x, i) => (d2[i] = Math.min(d2[i], dist2(x, xs[pick]))));
  }
  const assign = new Int32Array(nObs);
  xs.forEach((x, i) => {
    let best = 0;
    for (let h = 1; h < k; h++) if (dist2(x, xs[seeds[h]]) < dist2(x, xs[seeds[best]])) best = h;
    assign[i] = best;
  });
  const r = new Float64Array(nObs * k);
  assign.forEach((h, i) => (r[i * k + h] = 1));
  const { sums, mass } = weightedStats(f, prep, r, k);
  const thetas: Float64Array[] = [];
  for (let h = 0; h < k; h++) {
    const eta = mStepEta(f, sums[h], mass[h], prep.pooled, 1);
    const th = thetaOrNull(f, eta) ?? thetaOrNull(f, prep.pooled);
    if (th === null) throw new InfogeoError(where, 'data', `${nObs} observations`, `data whose pooled mean statistic is an interior point of ${f.id}`, 'all observations may be equal');
    thetas.push(th);
  }
  return { thetas, sizes: Array.from(mass) };
}

/** @internal R_h = sum_n r_nh and S_h = sum_n r_nh T(x_n), with compensated sums. */
export function weightedStats(f: Family, prep: Prepared, r: Float64Array, k: number): { sums: Float64Array[]; mass: Float64Array } {
  const n = f.dim;
  const nObs = prep.xs.length;
  const sums = Array.from({ length: k }, () => new Float64Array(n));
  const comp = Array.from({ length: k }, () => new Float64Array(n));
  const mass = new Float64Array(k);
  const massC = new Float64Array(k);
  const add = (s: Float64Array, c: Float64Array, i: number, v: number): void => {
    const y = s[i] + v;
    c[i] += Math.abs(s[i]) >= Math.abs(v) ? s[i] - y + v : v - y + s[i];
    s[i] = y;
  };
  for (let i = 0; i < nObs; i++) {
    for (let h = 0; h < k; h++) {
      const w = r[i * k + h];
      if (w === 0) continue;
      add(mass, massC, h, w);
      for (let j = 0; j < n; j++) add(sums[h], comp[h], j, w * prep.t[i * n + j]);
    }
  }
  for (let h = 0; h < k; h++) {
    mass[h] += massC[h];
    for (let j = 0; j < n; j++) sums[h][j] += comp[h][j];
  }
  return { sums, mass };
}

/** @internal eta = (S + nu eta_0) / (R + nu). */
export function mStepEta(f: Family, sum: Float64Array, mass: number, pooled: Float64Array, nu: number): Float64Array {
  const eta = new Float64Array(f.dim);
  const denom = mass + nu;
  for (let j = 0; j < f.dim; j++) eta[j] = (sum[j] + nu * pooled[j]) / denom;
  return eta;
}

/** @internal nu sum_h (<theta_h, eta_0> - F(theta_h)), the log conjugate prior up to a constant. */
export function logPrior(f: Family, thetas: Float64Array[], pooled: Float64Array, nu: number): number {
  if (nu === 0) return 0;
  let s = 0;
  for (const th of thetas) {
    let d = 0;
    for (let j = 0; j < f.dim; j++) d += th[j] * pooled[j];
    s += d - f.logPartition(th);
  }
  return nu * s;
}

function checkFamily(where: string, family: unknown): Family {
  const f = family as Family;
  if (f === null || typeof f !== 'object' || typeof f.logPartition !== 'function' || typeof f.thetaFromEta !== 'function') {
    throw new InfogeoError(where, 'opts.family', family, 'an exponential family such as normalFamily or mvNormalFamily(2)');
  }
  return f;
}

/** @internal Common option checks of `em` and `bregmanClustering`. */
export function checkClusteringOptions(where: string, opts: unknown, nObs: number, dfltIter: number): { f: Family; k: number; maxIter: number; nu: number } {
  if (opts === null || typeof opts !== 'object') throw new InfogeoError(where, 'opts', opts, 'an options object { family, k, rng, ... }');
  const o = opts as { family: unknown; k: unknown; maxIter?: unknown; prior?: unknown };
  const f = checkFamily(where, o.family);
  const k = o.k;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > nObs) throw new InfogeoError(where, 'opts.k', k, `an integer in [1, ${nObs}] (at most the number of observations)`);
  const maxIter = o.maxIter ?? dfltIter;
  if (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter < 1) throw new InfogeoError(where, 'opts.maxIter', maxIter, 'an integer >= 1');
  const nu = o.prior ?? 0;
  if (typeof nu !== 'number' || !Number.isFinite(nu) || nu < 0) throw new InfogeoError(where, 'opts.prior', nu, 'a finite number >= 0 (pseudo-observations)');
  return { f, k, maxIter, nu };
}

/**
 * Fits a k-component mixture of an exponential family by EM (alternating e- and m-projections).
 *
 * @param data - observations: numbers for scalar families, arrays for vector families (mvNormal)
 * @throws InfogeoError for bad options, observations outside the support, or an init of another family
 * @example
 * // 3000 draws from 0.3 N(-4, 1) + 0.5 N(0, 0.7) + 0.2 N(5, 1.5) (seeded):
 * const r = em(data, { family: normalFamily, k: 3, rng: rng(1) });
 * r.weights   // about [0.48, 0.21, 0.31] (component order is arbitrary)
 * r.components.map((c) => c.params) // about { mu: 0.005, sigma: 0.67 }, { mu: 4.96, sigma: 1.51 }, { mu: -3.99, sigma: 0.98 }
 * r.trace     // log-likelihoods, non-decreasing, ending at -6969.359...
 */
export function em(data: readonly (Sample | readonly number[])[], opts: EmOptions): EmResult {
  const where = 'em';
  const f0 = checkFamily(where, (opts as EmOptions | undefined)?.family);
  const prep = prepareData(where, f0, data);
  const nObs = prep.xs.length;
  const { f, k, maxIter, nu } = checkClusteringOptions(where, opts, nObs, 500);
  const tol = opts.tol ?? 1e-10;
  if (typeof tol !== 'number' || !(tol >= 0 && tol < 1)) throw new InfogeoError(where, 'opts.tol', tol, 'a number in [0, 1)');
  if (opts.onIteration !== undefined && typeof opts.onIteration !== 'function') throw new InfogeoError(where, 'opts.onIteration', opts.onIteration, 'a function');
  if (nu > 0 && thetaOrNull(f, prep.pooled) === null) {
    throw new InfogeoError(where, 'opts.prior', nu, '0 for these data', `the pooled mean statistic of the data is not an interior point of ${f.id}`);
  }
  let thetas: Float64Array[];
  let weights: Float64Array;
  if (opts.init !== undefined) {
    ({ thetas, weights } = checkInit(where, f, k, opts.init));
  } else {
    const seeded = seedClusters(where, f, prep, k, opts.rng as Rng);
    thetas = seeded.thetas;
    weights = Float64Array.from(seeded.sizes, (s) => (s + 1) / (nObs + k));
  }

  const r = new Float64Array(nObs * k);
  const lp = new Float64Array(k);
  const eStep = (): number => {
    let ll = 0;
    const lw = Array.from(weights, (w) => (w > 0 ? Math.log(w) : -Infinity));
    for (let i = 0; i < nObs; i++) {
      for (let h = 0; h < k; h++) lp[h] = lw[h] === -Infinity ? -Infinity : lw[h] + logDensityNatural(f, thetas[h], prep.xs[i]);
      const lse = logsumexp(lp);
      if (!Number.isFinite(lse)) throw new InfogeoError(where, `data[${i}]`, prep.xs[i], 'an observation with positive density under some component');
      ll += lse;
      for (let h = 0; h < k; h++) r[i * k + h] = Math.exp(lp[h] - lse);
    }
    return ll;
  };

  const frozen = new Array<number>(k).fill(0);
  let ll = eStep();
  let obj = ll + logPrior(f, thetas, prep.pooled, nu);
  const trace = [ll];
  const objectiveTrace = [obj];
  let converged = false;
  let it = 0;
  while (it < maxIter) {
    it++;
    // M-step: m-projection of each responsibility-weighted empirical law onto the family.
    const { sums, mass } = weightedStats(f, prep, r, k);
    let total = 0;
    for (let h = 0; h < k; h++) total += mass[h];
    weights = Float64Array.from(mass, (m) => m / total);
    for (let h = 0; h < k; h++) {
      const th = mass[h] + nu > 0 ? thetaOrNull(f, mStepEta(f, sums[h], mass[h], prep.pooled, nu)) : null;
      if (th === null) frozen[h]++;
      else thetas[h] = th;
    }
    // E-step: responsibilities and the log-likelihood at the new parameters.
    ll = eStep();
    const next = ll + logPrior(f, thetas, prep.pooled, nu);
    const change = next - obj;
    obj = next;
    trace.push(ll);
    objectiveTrace.push(obj);
    opts.onIteration?.({ iteration: it, logLikelihood: ll, objective: obj, change, weights: Array.from(weights) });
    if (Math.abs(change) <= tol * Math.max(1, Math.abs(obj))) {
      converged = true;
      break;
    }
  }
  return {
    weights: Array.from(weights),
    components: thetas.map((th) => new Distribution(f, th)),
    logLikelihood: ll,
    objective: obj,
    trace,
    objectiveTrace,
    iterations: it,
    converged,
    frozen,
    responsibilities: r,
  };
}

function checkInit(where: string, f: Family, k: number, init: unknown): { thetas: Float64Array[]; weights: Float64Array } {
  const ini = init as { components?: unknown; weights?: unknown };
  if (ini === null || typeof ini !== 'object' || !Array.isArray(ini.components) || ini.components.length !== k) {
    throw new InfogeoError(where, 'opts.init', init, `{ components: ${k} distributions of ${f.id}, weights? }`);
  }
  const thetas = ini.components.map((c, h) => {
    if (!(c instanceof Distribution) || c.family.id !== f.id) throw new InfogeoError(where, `opts.init.components[${h}]`, c, `a ${f.id} distribution`);
    return Float64Array.from(c.theta);
  });
  let weights: Float64Array;
  if (ini.weights === undefined) weights = new Float64Array(k).fill(1 / k);
  else {
    const w = ini.weights as ArrayLike<unknown>;
    if (!(Array.isArray(w) || w instanceof Float64Array) || w.length !== k) throw new InfogeoError(where, 'opts.init.weights', w, `${k} weights > 0`);
    weights = new Float64Array(k);
    let s = 0;
    for (let h = 0; h < k; h++) {
      const v = w[h];
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new InfogeoError(where, `opts.init.weights[${h}]`, v, 'a finite weight > 0');
      weights[h] = v;
      s += v;
    }
    for (let h = 0; h < k; h++) weights[h] /= s;
  }
  return { thetas, weights };
}
