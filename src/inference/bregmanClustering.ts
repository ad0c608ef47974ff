/**
 * Bregman hard clustering (k-means with any exponential family), Banerjee et al. (2005),
 * "Clustering with Bregman divergences", JMLR 6, algorithm 1.
 *
 * Each observation x is represented by its sufficient statistic T(x), a point of the closure of
 * the expectation space; each cluster by a centroid eta_h. The divergence is the Bregman
 * divergence of the dual potential F*,
 *   d_{F*}(T(x), eta_h) = F*(T(x)) + F(theta_h) - <T(x), theta_h> = F*(T(x)) + log h(x) - log p_h(x),
 * so assigning x to the nearest centroid is assigning it to the component of largest density;
 * the F*(T(x)) term (which may be infinite, e.g. for a normal and a single point) does not
 * depend on the cluster. The best centroid of a cluster is the mean of its T(x) (the right-sided
 * Bregman centroid, whatever F). Both steps lower
 *   objective = sum_n -log p_{c(n)}(x_n) (+ the prior term below)
 * which differs from sum_n d_{F*}(T(x_n), eta_{c(n)}) by a constant of the data, so the
 * objective never increases; clustering stops when no assignment changes.
 *
 * Degenerate clusters (empty, or whose mean statistic is on the boundary, e.g. a normal
 * cluster of one point) keep their previous centroid, which keeps the objective monotone; or set
 * `prior` nu > 0 to use eta_h = (sum T + nu eta_0) / (n_h + nu) with eta_0 the pooled mean
 * statistic, adding nu sum_h (F(theta_h) - <theta_h, eta_0>) to the objective.
 */
import type { ExponentialFamily, Sample } from '../families/family.js';
import { Distribution } from '../families/distribution.js';
import { logDensityNatural } from '../families/derive.js';
import type { Rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';
import { checkClusteringOptions, logPrior, mStepEta, prepareData, seedClusters, thetaOrNull, weightedStats } from './em.js';

type Dist = Distribution<unknown>;

/** Options of `bregmanClustering`. */
export interface BregmanClusteringOptions {
  /** The family whose Bregman divergence (KL) is used, e.g. poissonFamily, normalFamily. */
  family: ExponentialFamily<unknown>;
  /** Number of clusters, an integer in [1, number of observations]. */
  k: number;
  /** Starting centroids; default: k-means++ seeds (needs `rng`). */
  init?: readonly Dist[];
  /** Seeded generator for the default initialisation. */
  rng?: Rng;
  /** Maximum iterations (default 100). */
  maxIter?: number;
  /** Conjugate-prior strength nu >= 0 in pseudo-observations (default 0: centroids are the plain means). */
  prior?: number;
  /** Called after every iteration with the objective and the number of reassigned points. */
  onIteration?: (info: { iteration: number; objective: number; changed: number }) => void;
}

/** A hard clustering with its history. */
export interface BregmanClusteringResult {
  /** Cluster index of each observation. */
  assignments: Int32Array;
  /** One distribution per cluster: eta = the mean sufficient statistic of its members. */
  centroids: Dist[];
  /** Number of observations in each cluster. */
  sizes: number[];
  /** Final objective sum_n -log p_{c(n)}(x_n) (+ prior term). */
  objective: number;
  /** Objective at the start and after every centroid update (non-increasing). */
  trace: number[];
  iterations: number;
  /** Whether an assignment step changed nothing. */
  converged: boolean;
  /** Centroid updates skipped per cluster (empty or degenerate cluster). */
  frozen: number[];
}

/**
 * k-means-style hard clustering with the Bregman divergence of an exponential family.
 *
 * @param data - observations: numbers for scalar families, arrays for vector families
 * @throws InfogeoError for bad options, observations outside the support, or init of another family
 * @example
 * bregmanClustering([0, 1, 0, 2, 30, 28, 33, 31], { family: poissonFamily, k: 2, rng: rng(1) }).assignments
 * // Int32Array [0, 0, 0, 0, 1, 1, 1, 1] (up to relabelling)
 */
export function bregmanClustering(data: readonly (Sample | readonly number[])[], opts: BregmanClusteringOptions): BregmanClusteringResult {
  const where = 'bregmanClustering';
  const fam = (opts as BregmanClusteringOptions | undefined)?.family;
  if (fam === null || typeof fam !== 'object' || typeof fam.logPartition !== 'function') {
    throw new InfogeoError(where, 'opts.family', fam, 'an exponential family such as poissonFamily or normalFamily');
  }
  const prep = prepareData(where, fam, data);
  const nObs = prep.xs.length;
  const { f, k, maxIter, nu } = checkClusteringOptions(where, opts, nObs, 100);
  if (opts.onIteration !== undefined && typeof opts.onIteration !== 'function') throw new InfogeoError(where, 'opts.onIteration', opts.onIteration, 'a function');
  if (nu > 0 && thetaOrNull(f, prep.pooled) === null) {
    throw new InfogeoError(where, 'opts.prior', nu, '0 for these data', `the pooled mean statistic of the data is not an interior point of ${f.id}`);
  }
  let thetas: Float64Array[];
  if (opts.init !== undefined) {
    if (!Array.isArray(opts.init) || opts.init.length !== k) throw new InfogeoError(where, 'opts.init', opts.init, `an array of ${k} ${f.id} distributions`);
    thetas = opts.init.map((c, h) => {
      if (!(c instanceof Distribution) || c.family.id !== f.id) throw new InfogeoError(where, `opts.init[${h}]`, c, `a ${f.id} distribution`);
      return Float64Array.from(c.theta);
    });
  } else {
    thetas = seedClusters(where, f, prep, k, opts.rng as Rng).thetas;
  }

  const assignments = new Int32Array(nObs).fill(-1);
  const logp = new Float64Array(nObs);
  // Assignment step: nearest centroid in d_{F*}, i.e. largest log-density; ties keep the current cluster.
  const assign = (): number => {
    let changed = 0;
    for (let i = 0; i < nObs; i++) {
      const cur = assignments[i];
      let best = cur;
      let bestLp = cur >= 0 ? logDensityNatural(f, thetas[cur], prep.xs[i]) : -Infinity;
      for (let h = 0; h < k; h++) {
        if (h === cur) continue;
        const lp = logDensityNatural(f, thetas[h], prep.xs[i]);
        if (lp > bestLp) [best, bestLp] = [h, lp];
      }
      if (best < 0) throw new InfogeoError(where, `data[${i}]`, prep.xs[i], 'an observation with positive density under some centroid');
      if (best !== cur) changed++;
      assignments[i] = best;
      logp[i] = bestLp;
    }
    return changed;
  };
  const objective = (): number => {
    let s = 0;
    for (let i = 0; i < nObs; i++) s -= logp[i];
    return s - logPrior(f, thetas, prep.pooled, nu);
  };
  const refreshLogp = (): void => {
    for (let i = 0; i < nObs; i++) logp[i] = logDensityNatural(f, thetas[assignments[i]], prep.xs[i]);
  };

  const frozen = new Array<number>(k).fill(0);
  assign();
  const trace = [objective()];
  let converged = false;
  let it = 0;
  const r = new Float64Array(nObs * k);
  while (it < maxIter) {
    it++;
    // Centroid step: the mean sufficient statistic of each cluster (its m-projection).
    r.fill(0);
    for (let i = 0; i < nObs; i++) r[i * k + assignments[i]] = 1;
    const { sums, mass } = weightedStats(f, prep, r, k);
    for (let h = 0; h < k; h++) {
      const th = mass[h] + nu > 0 ? thetaOrNull(f, mStepEta(f, sums[h], mass[h], prep.pooled, nu)) : null;
      if (th === null) frozen[h]++;
      else thetas[h] = th;
    }
    refreshLogp();
    const obj = objective();
    trace.push(obj);
    const changed = assign();
    opts.onIteration?.({ iteration: it, objective: obj, changed });
    if (changed === 0) {
      converged = true;
      break;
    }
  }
  refreshLogp();
  const sizes = new Array<number>(k).fill(0);
  assignments.forEach((h) => sizes[h]++);
  return { assignments, centroids: thetas.map((th) => new Distribution(f, th)), sizes, objective: objective(), trace, iterations: it, converged, frozen };
}
