/**
 * Logistic regression: y_i ~ Bernoulli(sigmoid(x_i . w)), loss the mean negative log-likelihood
 * L(w) = (1/n) sum_i [log(1 + e^{z_i}) - y_i z_i] with z = X w.
 *
 * grad L = X^T (p - y) / n with p_i = sigmoid(z_i); the Fisher information of the conditional
 * model (per example, averaged over the observed inputs) is X^T W X / n with
 * W = diag(p_i (1 - p_i)). With the canonical link it equals the Hessian of L, so natural
 * gradient with step 1 is Newton's method, i.e. iteratively reweighted least squares.
 */
import { bernoulliFamily } from '../../families/bernoulli.js';
import { gemv, gemvT, gram, solveSPD } from '../../linalg/index.js';
import { log1pexp, sigmoid } from '../../special/index.js';
import { InfogeoError, checkVector } from '../../errors.js';
import type { Rng } from '../../random/rng.js';
import { identityCoords } from '../reparam.js';
import type { Problem } from './problem.js';

/** Validates a design matrix given as rows; returns it flat (n x d, row-major). */
export function checkDesign(where: string, x: unknown): { flat: Float64Array; n: number; d: number } {
  if (!Array.isArray(x) || x.length === 0) throw new InfogeoError(where, 'x', x, 'a non-empty array of feature rows');
  const first = checkVector(where, 'x[0]', x[0]);
  const d = first.length;
  const flat = new Float64Array(x.length * d);
  x.forEach((row, i) => flat.set(checkVector(where, `x[${i}]`, row, d), i * d));
  return { flat, n: x.length, d };
}

/**
 * Newton's method from w = 0 on a convex loss whose Hessian is `hess`: the minimiser, or
 * undefined if it does not converge (separable data: the infimum is not attained).
 */
function newtonMinimum(dim: number, grad: (w: Float64Array) => Float64Array, hess: (w: Float64Array) => Float64Array): Float64Array | undefined {
  const w = new Float64Array(dim);
  for (let it = 0; it < 100; it++) {
    const step = solveSPD(new Float64Array(dim), hess(w), grad(w), dim);
    if (step === null) return undefined;
    let size = 0;
    let scale = 1;
    for (let k = 0; k < dim; k++) {
      w[k] -= step[k];
      size = Math.max(size, Math.abs(step[k]));
      scale = Math.max(scale, Math.abs(w[k]));
    }
    if (!w.every(Number.isFinite) || scale > 1e8) return undefined;
    if (size <= 1e-14 * scale) return w;
  }
  return undefined;
}

/**
 * The logistic-regression problem on data (x_i, y_i).
 *
 * @param x - n rows of d finite features (add a column of ones for an intercept)
 * @param y - n labels, each 0 or 1
 * @param init - starting weights (default 0)
 * @throws InfogeoError for ragged or non-finite features or labels other than 0 and 1
 * @example logisticRegression([[1, 0], [1, 1], [1, 2], [1, 3]], [0, 1, 0, 1]).fisher(Float64Array.of(0, 0)) // X^T X / (4 n): [0.25, 0.375, 0.375, 0.875]
 */
export function logisticRegression(x: ReadonlyArray<ArrayLike<number>>, y: ArrayLike<number>, init?: ArrayLike<number>): Problem {
  const { flat, n, d } = checkDesign('logisticRegression', x);
  const yv = checkVector('logisticRegression', 'y', y, n);
  yv.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new InfogeoError('logisticRegression', `y[${i}]`, v, 'a label 0 or 1');
  });
  const w0 = init === undefined ? new Float64Array(d) : checkVector('logisticRegression', 'init', init, d);
  const z = (w: Float64Array): Float64Array => gemv(new Float64Array(n), flat, w, n, d);
  const loss = (w: Float64Array): number => {
    const zs = z(w);
    let s = 0;
    for (let i = 0; i < n; i++) s += log1pexp(zs[i]) - yv[i] * zs[i];
    return s / n;
  };
  const grad = (w: Float64Array): Float64Array => {
    const r = z(w);
    for (let i = 0; i < n; i++) r[i] = sigmoid(r[i]) - yv[i];
    return gemvT(new Float64Array(d), flat, r, n, d, 1 / n);
  };
  const fisher = (w: Float64Array): Float64Array => {
    // X^T W X = (W^{1/2} X)^T (W^{1/2} X), with p (1 - p) as sigmoid(z) sigmoid(-z) (no cancellation).
    const zs = z(w);
    const sx = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const s = Math.sqrt(sigmoid(zs[i]) * sigmoid(-zs[i]));
      for (let k = 0; k < d; k++) sx[i * d + k] = s * flat[i * d + k];
    }
    return gram(new Float64Array(d * d), sx, n, d, 1 / n);
  };
  const wStar = newtonMinimum(d, grad, fisher);
  const names = Array.from({ length: d }, (_, k) => `w${k + 1}`);
  return {
    name: 'logistic',
    dim: d,
    sourceNames: names,
    init: w0,
    coords: { source: identityCoords(d, names) },
    minimum: wStar === undefined ? undefined : { source: wStar, loss: loss(wStar) },
    inDomain: (w) => w.length === d && w.every(Number.isFinite),
    loss,
    grad,
    fisher,
    kl: (a, b) => {
      // The mean over observed inputs of KL(Bernoulli(sigmoid(z_a)) || Bernoulli(sigmoid(z_b))).
      const za = z(a);
      const zb = z(b);
      let s = 0;
      for (let i = 0; i < n; i++) s += bernoulliFamily.kl!(Float64Array.of(za[i]), Float64Array.of(zb[i]));
      return s / n;
    },
    perExampleGrads: (w) => {
      const zs = z(w);
      const out: Float64Array[] = [];
      for (let i = 0; i < n; i++) {
        const r = sigmoid(zs[i]) - yv[i];
        out.push(flat.slice(i * d, (i + 1) * d).map((v) => r * v));
      }
      return out;
    },
  };
}

/**
 * Synthetic logistic-regression data: x_i ~ N(0, I_d) with d = w.length, y_i ~ Bernoulli(sigmoid(x_i . w)).
 * @example logisticData(200, [2, -1], rng(1)).x.length // 200
 */
export function logisticData(n: number, w: ArrayLike<number>, r: Rng): { x: number[][]; y: number[] } {
  if (!Number.isInteger(n) || n < 1) throw new InfogeoError('logisticData', 'n', n, 'an integer >= 1');
  const wv = checkVector('logisticData', 'w', w);
  if (r === null || typeof r !== 'object' || typeof r.normal !== 'function') throw new InfogeoError('logisticData', 'rng', r, 'a seeded generator from rng(seed)');
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(wv, () => r.normal());
    let zi = 0;
    for (let k = 0; k < wv.length; k++) zi += row[k] * wv[k];
    x.push(row);
    y.push(r.next() < sigmoid(zi) ? 1 : 0);
  }
  return { x, y };
}
