/**
 * Linear regression with the model y ~ N(x . w, 1): a fixed unit noise variance, whatever the
 * data's noise is. Loss the mean negative log-likelihood
 * L(w) = (1/(2n)) sum_i (y_i - x_i . w)^2 + (1/2) log(2 pi).
 *
 * The Fisher information of the model is X^T X / n, independent of w and of y. The empirical
 * Fisher (1/n) sum_i r_i^2 x_i x_i^T (r the residuals) depends on both: under misspecification
 * (noise that is heteroscedastic, heavy-tailed, or simply not of unit variance) it differs from
 * the Fisher even at the optimum, and far from the optimum it is dominated by the residuals, so
 * that preconditioning by it distorts the step (Kunstner, Hennig and Balles 2019, "Limitations of
 * the empirical Fisher approximation for natural gradient descent", NeurIPS).
 */
import { gemv, gemvT, gram, lstsq } from '../../linalg/index.js';
import { InfogeoError, checkVector } from '../../errors.js';
import { rng as makeRng, type Rng } from '../../random/rng.js';
import { sampleGamma } from '../../random/index.js';
import { identityCoords } from '../reparam.js';
import { checkDesign } from './logistic.js';
import type { Problem } from './problem.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Linear regression under the unit-variance Gaussian model, on data (x_i, y_i).
 *
 * @param x - n rows of d finite features, with X of full column rank
 * @param y - n finite responses
 * @param init - starting weights (default 0)
 * @throws InfogeoError for bad data or a rank-deficient design
 * @example linearRegression([[1, 0], [1, 1], [1, 2]], [1, 2, 4]).minimum?.source // Float64Array [0.833333333333333, 1.5000000000000002] (= [5/6, 3/2])
 */
export function linearRegression(x: ReadonlyArray<ArrayLike<number>>, y: ArrayLike<number>, init?: ArrayLike<number>): Problem & { gap(w: Float64Array): number } {
  const { flat, n, d } = checkDesign('linearRegression', x);
  const yv = checkVector('linearRegression', 'y', y, n);
  if (n < d) throw new InfogeoError('linearRegression', 'x', x, `at least d = ${d} rows`);
  const w0 = init === undefined ? new Float64Array(d) : checkVector('linearRegression', 'init', init, d);
  const fisherMatrix = gram(new Float64Array(d * d), flat, n, d, 1 / n);
  const wStar = lstsq(new Float64Array(d), flat, yv, n, d);
  if (wStar === null) throw new InfogeoError('linearRegression', 'x', x, 'a design matrix of full column rank');
  const residuals = (w: Float64Array): Float64Array => {
    const r = gemv(new Float64Array(n), flat, w, n, d);
    for (let i = 0; i < n; i++) r[i] = yv[i] - r[i];
    return r;
  };
  const loss = (w: Float64Array): number => {
    const r = residuals(w);
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i] * r[i];
    return s / (2 * n) + HALF_LOG_2PI;
  };
  // KL(N(x.a, 1) || N(x.b, 1)) averaged over the inputs is (a - b)^T F (a - b) / 2; so is the
  // optimality gap L(w) - L(w*) with a = w, b = w*, because the loss is quadratic.
  const halfFisherNorm = (a: Float64Array, b: Float64Array): number => {
    const diff = new Float64Array(d);
    for (let k = 0; k < d; k++) diff[k] = a[k] - b[k];
    const fd = gemv(new Float64Array(d), fisherMatrix, diff, d, d);
    let s = 0;
    for (let k = 0; k < d; k++) s += diff[k] * fd[k];
    return 0.5 * s;
  };
  const names = Array.from({ length: d }, (_, k) => `w${k + 1}`);
  return {
    name: 'linear-regression',
    dim: d,
    sourceNames: names,
    init: w0,
    coords: { source: identityCoords(d, names) },
    minimum: { source: wStar, loss: loss(wStar) },
    inDomain: (w) => w.length === d && w.every(Number.isFinite),
    loss,
    gap: (w) => halfFisherNorm(w, wStar),
    grad: (w) => gemvT(new Float64Array(d), flat, residuals(w), n, d, -1 / n),
    fisher: () => Float64Array.from(fisherMatrix),
    kl: halfFisherNorm,
    perExampleGrads: (w) => {
      const r = residuals(w);
      const out: Float64Array[] = [];
      for (let i = 0; i < n; i++) out.push(flat.slice(i * d, (i + 1) * d).map((v) => -r[i] * v));
      return out;
    },
  };
}

/** Noise models for `regressionData`. */
export type RegressionNoise = 'gaussian' | 'heteroscedastic' | 'student-t';

/**
 * Synthetic regression data y_i = x_i . w + eps_i with correlated 2-D-style inputs
 * x_i = (z1, 0.6 z1 + 0.8 z2, ...) (each feature after the first mixes in the previous one) and
 * noise:
 * - `'gaussian'`: eps ~ N(0, 1), the model is well specified;
 * - `'heteroscedastic'`: eps ~ N(0, s(x)^2) with s(x) = 0.25 + 1.5 |x_1|: the noise grows along
 *   the first feature, so the empirical Fisher at the optimum, E[s(x)^2 x x^T], is not a
 *   multiple of the Fisher E[x x^T];
 * - `'student-t'`: eps ~ Student t with 3 degrees of freedom (variance 3, heavy tails).
 *
 * @example regressionData(100, [1, -1], 'heteroscedastic', rng(1)).y.length // 100
 */
export function regressionData(n: number, w: ArrayLike<number>, noise: RegressionNoise, r: Rng): { x: number[][]; y: number[] } {
  if (!Number.isInteger(n) || n < 1) throw new InfogeoError('regressionData', 'n', n, 'an integer >= 1');
  const wv = checkVector('regressionData', 'w', w);
  if (noise !== 'gaussian' && noise !== 'heteroscedastic' && noise !== 'student-t') {
    throw new InfogeoError('regressionData', 'noise', noise, "'gaussian', 'heteroscedastic' or 'student-t'");
  }
  if (r === null || typeof r !== 'object' || typeof r.normal !== 'function') throw new InfogeoError('regressionData', 'rng', r, 'a seeded generator from rng(seed)');
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let k = 0; k < wv.length; k++) row.push(k === 0 ? r.normal() : 0.6 * row[k - 1] + 0.8 * r.normal());
    let mean = 0;
    for (let k = 0; k < wv.length; k++) mean += row[k] * wv[k];
    let eps: number;
    if (noise === 'gaussian') eps = r.normal();
    else if (noise === 'heteroscedastic') eps = (0.25 + 1.5 * Math.abs(row[0])) * r.normal();
    else eps = r.normal() / Math.sqrt(sampleGamma(r, 1.5, 0.5) / 3);
    x.push(row);
    y.push(mean + eps);
  }
  return { x, y };
}

/** Options of `misspecifiedRegression`. */
export interface MisspecifiedOptions {
  /** Number of observations (default 500). */
  n?: number;
  /** Noise model (default `'heteroscedastic'`). */
  noise?: RegressionNoise;
  /** Seed of the data generator (default 1). */
  seed?: number;
  /** True weights (default [1, -1]). */
  w?: ArrayLike<number>;
  /** Starting weights (default: w + (3, 2, 0, ...), away from the optimum). */
  init?: ArrayLike<number>;
}

/**
 * The misspecified regression of Kunstner et al. (2019): seeded synthetic data with
 * heteroscedastic (or heavy-tailed) noise, fitted by the unit-variance Gaussian model.
 *
 * @example misspecifiedRegression().name // 'misspecified'
 */
export function misspecifiedRegression(options: MisspecifiedOptions = {}): Problem & { gap(w: Float64Array): number } {
  const n = options.n ?? 500;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new InfogeoError('misspecifiedRegression', 'seed', seed, 'an integer');
  const w = checkVector('misspecifiedRegression', 'w', options.w ?? [1, -1]);
  const init = options.init ?? Array.from(w, (v, k) => v + (k === 0 ? 3 : k === 1 ? 2 : 0));
  const data = regressionData(n, w, options.noise ?? 'heteroscedastic', makeRng(seed));
  return { ...linearRegression(data.x, data.y, init), name: 'misspecified' };
}
