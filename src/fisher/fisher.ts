/**
 * Fisher information of an exponential-family distribution in three coordinate systems, and
 * two sample-based estimators of it.
 *
 * g_ij(xi) = E[d_i log p(X; xi) d_j log p(X; xi)]. In natural coordinates it is Hess F(theta)
 * = Cov[T(X)]; in expectation coordinates its inverse; in the source coordinates people write
 * (mu, sigma; shape, rate; ...) the pullback J^T Hess F J with J = d theta / d source.
 */
import { checkDistribution, toSample, type Distribution } from '../families/distribution.js';
import {
  fisherExpectation,
  fisherNatural,
  fisherSource,
  scoreExpectation,
  scoreNatural,
  scoreSource,
} from '../families/derive.js';
import type { Sample } from '../families/family.js';
import type { Rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';

/** The coordinate systems in which Fisher information and scores are expressed. */
export type Coords = 'source' | 'natural' | 'expectation';

const COORDS: readonly Coords[] = ['source', 'natural', 'expectation'];

function checkCoords(where: string, coords: unknown): Coords {
  if (!COORDS.includes(coords as Coords)) {
    throw new InfogeoError(where, 'coords', coords, "one of 'source', 'natural', 'expectation'");
  }
  return coords as Coords;
}

/** Rows of a row-major n x n matrix. */
export function toRows(a: Float64Array, n: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
  return rows;
}

/**
 * The Fisher information matrix as a flat row-major Float64Array (dim x dim).
 * See `fisher` for the coordinate conventions.
 */
export function fisherMatrix(p: Distribution<unknown>, coords: Coords = 'source'): Float64Array {
  const d = checkDistribution('fisher', 'p', p);
  const c = checkCoords('fisher', coords);
  const f = d.family;
  const g = c === 'natural' ? fisherNatural(f, d.theta) : c === 'expectation' ? fisherExpectation(f, d.theta) : fisherSource(f, d.source);
  for (let i = 0; i < g.length; i++) {
    if (!Number.isFinite(g[i])) {
      throw new InfogeoError('fisher', 'p', p, `a distribution whose Fisher information in ${c} coordinates is finite`);
    }
  }
  return g;
}

/**
 * The Fisher information matrix of p, as rows.
 *
 * - `'source'`: the constructor's parameters in order (normal: mu, sigma; gamma: shape, rate;
 *   categorical and multinomial: the first k-1 probabilities; mvNormal: the mean entries, then
 *   cov[i][j] for i <= j row by row), obtained by pullback through the Jacobian;
 * - `'natural'`: theta, where it is the Hessian of the log-partition F;
 * - `'expectation'`: eta, where it is the inverse of the natural one.
 *
 * @example fisher(bernoulli(0.25)) // [[5.333333333333333]] (= 1 / (p (1 - p)))
 * @example fisher(normal(0, 2)) // [[0.25, 0], [0, 0.5]]
 */
export function fisher(p: Distribution<unknown>, coords: Coords = 'source'): number[][] {
  return toRows(fisherMatrix(p, coords), checkDistribution('fisher', 'p', p).family.dim);
}

/** The score d/dxi log p(x; xi) in the requested coordinates (a fresh array). */
export function score(p: Distribution<unknown>, x: Sample | readonly number[], coords: Coords = 'source'): Float64Array {
  const d = checkDistribution('score', 'p', p);
  const c = checkCoords('score', coords);
  const xs = toSample('score', d, x);
  if (!d.family.inSupport(xs)) throw new InfogeoError('score', 'x', x, `a point in the support of ${d.family.id}`);
  return scoreAt(d, xs, c);
}

function scoreAt(d: Distribution<unknown>, x: Sample, c: Coords): Float64Array {
  const out = new Float64Array(d.family.dim);
  if (c === 'natural') return scoreNatural(d.family, d.theta, x, out);
  if (c === 'expectation') return scoreExpectation(d.family, d.theta, x, out);
  return scoreSource(d.family, d.source, x, out);
}

/** A sample-based Fisher estimate with the standard error of every entry. */
export interface FisherEstimate {
  /** The estimate, as rows. */
  estimate: number[][];
  /** Standard error of each entry: sd of the per-sample outer products / sqrt(n). */
  stdError: number[][];
  /** Number of samples used. */
  n: number;
}

function outerProductMean(scores: Float64Array[], dim: number): FisherEstimate {
  const n = scores.length;
  const mean = new Float64Array(dim * dim);
  const m2 = new Float64Array(dim * dim);
  // Welford's running mean and sum of squared deviations of each outer-product entry.
  for (let s = 0; s < n; s++) {
    const v = scores[s];
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        const k = i * dim + j;
        const x = v[i] * v[j];
        const delta = x - mean[k];
        mean[k] += delta / (s + 1);
        m2[k] += delta * (x - mean[k]);
      }
    }
  }
  const se = new Float64Array(dim * dim);
  for (let k = 0; k < dim * dim; k++) se[k] = n > 1 ? Math.sqrt(m2[k] / (n - 1) / n) : Infinity;
  return { estimate: toRows(mean, dim), stdError: toRows(se, dim), n };
}

/**
 * Monte Carlo Fisher: the mean outer product of the score at n draws from the model itself,
 * E_{x ~ p}[s(x) s(x)^T]. Unbiased for the Fisher information; error O(1/sqrt(n)).
 *
 * @example monteCarloFisher(bernoulli(0.25), 10000, rng(1)).estimate // about [[5.33]]
 */
export function monteCarloFisher(p: Distribution<unknown>, n: number, rng: Rng, coords: Coords = 'source'): FisherEstimate {
  const d = checkDistribution('monteCarloFisher', 'p', p);
  const c = checkCoords('monteCarloFisher', coords);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2) throw new InfogeoError('monteCarloFisher', 'n', n, 'an integer >= 2');
  const xs = d.family.sample(d.theta, n, rng);
  return outerProductMean(xs.map((x) => scoreAt(d, x, c)), d.family.dim);
}

/**
 * The empirical Fisher: the mean outer product of the score at OBSERVED data,
 * (1/n) sum_i s(x_i) s(x_i)^T, with the score taken at p's parameters. It equals the Fisher
 * information only when the data come from p itself; under misspecification, or away from the
 * optimum, it is a different matrix (Kunstner, Hennig and Balles 2019).
 *
 * @example empiricalFisher(bernoulli(0.5), [1, 1, 1, 0]).estimate // [[4]]
 */
export function empiricalFisher(p: Distribution<unknown>, data: ReadonlyArray<Sample | readonly number[]>, coords: Coords = 'source'): FisherEstimate {
  const d = checkDistribution('empiricalFisher', 'p', p);
  const c = checkCoords('empiricalFisher', coords);
  if (!Array.isArray(data) || data.length < 2) throw new InfogeoError('empiricalFisher', 'data', data, 'an array of at least 2 observations');
  const scores = data.map((x, i) => {
    const xs = toSample('empiricalFisher', d, x);
    if (!d.family.inSupport(xs)) throw new InfogeoError('empiricalFisher', `data[${i}]`, x, `a point in the support of ${d.family.id}`);
    return scoreAt(d, xs, c);
  });
  return outerProductMean(scores, d.family.dim);
}
