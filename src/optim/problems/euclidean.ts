/**
 * Classical test functions without a statistical model of their own, given one so that every
 * optimiser (natural gradient included) and the runner's KL measurements apply:
 *
 * - the Rosenbrock function carries the model N(x, I): Fisher = I, KL(a || b) = |a - b|^2 / 2,
 *   so the natural gradient there is the plain gradient;
 * - a quadratic L(x) = (1/2) (x - c)^T A (x - c) is the negative log-likelihood (up to a
 *   constant) of the observation c under N(x, A^{-1}); its Fisher in x is A, the Hessian, so the
 *   natural-gradient step with step size 1 is Newton's step and lands on c.
 */
import { cholesky, eighSym, gemmNT, gemv } from '../../linalg/index.js';
import { InfogeoError, checkVector } from '../../errors.js';
import { rng as makeRng } from '../../random/rng.js';
import { identityCoords } from '../reparam.js';
import type { Problem } from './problem.js';

function halfSquaredDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return 0.5 * s;
}

function allFinite(v: Float64Array, n: number): boolean {
  return v.length === n && v.every(Number.isFinite);
}

/** Options of `rosenbrock`. */
export interface RosenbrockOptions {
  /** Dimension (default 2); the chained form sums the 2-D function over consecutive pairs. */
  dim?: number;
  /** The valley's target a (default 1). */
  a?: number;
  /** The valley's steepness b (default 100). */
  b?: number;
  /** Starting point (default (-1.2, 1, -1.2, 1, ...)). */
  init?: ArrayLike<number>;
}

/**
 * The Rosenbrock function L(x) = sum_{i < n} [b (x_{i+1} - x_i^2)^2 + (a - x_i)^2]
 * (Rosenbrock 1960), minimum 0 at (a, a^2) in two dimensions and at (1, ..., 1) for a = 1.
 *
 * @example rosenbrock().loss(Float64Array.of(1, 1)) // 0
 */
export function rosenbrock(options: RosenbrockOptions = {}): Problem {
  const n = options.dim ?? 2;
  if (!Number.isInteger(n) || n < 2) throw new InfogeoError('rosenbrock', 'dim', n, 'an integer >= 2');
  const a = options.a ?? 1;
  const b = options.b ?? 100;
  if (!Number.isFinite(a)) throw new InfogeoError('rosenbrock', 'a', a, 'a finite number');
  if (!(Number.isFinite(b) && b > 0)) throw new InfogeoError('rosenbrock', 'b', b, 'a finite number > 0');
  const init = options.init === undefined ? Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1)) : checkVector('rosenbrock', 'init', options.init, n);
  let minimum: Problem['minimum'];
  if (n === 2) minimum = { source: Float64Array.of(a, a * a), loss: 0 };
  else if (a === 1) minimum = { source: new Float64Array(n).fill(1), loss: 0 };
  const names = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const loss = (x: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n - 1; i++) s += b * (x[i + 1] - x[i] * x[i]) ** 2 + (a - x[i]) ** 2;
    return s;
  };
  return {
    name: 'rosenbrock',
    dim: n,
    sourceNames: names,
    init,
    coords: { source: identityCoords(n, names) },
    minimum,
    gap: minimum === undefined ? undefined : loss,
    inDomain: (x) => allFinite(x, n),
    loss,
    grad: (x) => {
      const g = new Float64Array(n);
      for (let i = 0; i < n - 1; i++) {
        const t = x[i + 1] - x[i] * x[i];
        g[i] += -4 * b * x[i] * t - 2 * (a - x[i]);
        g[i + 1] += 2 * b * t;
      }
      return g;
    },
    fisher: () => {
      const g = new Float64Array(n * n);
      for (let i = 0; i < n; i++) g[i * n + i] = 1;
      return g;
    },
    kl: halfSquaredDistance,
  };
}

/**
 * The quadratic L(x) = (1/2) (x - c)^T A (x - c) with A symmetric positive definite, whose model
 * is N(x, A^{-1}): Fisher A, KL(a || b) = (1/2) (a - b)^T A (a - b), minimum 0 at c.
 *
 * @param a - SPD matrix, n x n row-major (n^2 finite numbers)
 * @param c - minimiser (default 0)
 * @param init - starting point (default (1, ..., 1))
 * @example quadratic([2, 0, 0, 8]).loss(Float64Array.of(1, 1)) // 5
 */
export function quadratic(a: ArrayLike<number>, c?: ArrayLike<number>, init?: ArrayLike<number>): Problem {
  const av = checkVector('quadratic', 'a', a);
  const n = Math.round(Math.sqrt(av.length));
  if (n * n !== av.length) throw new InfogeoError('quadratic', 'a', a, 'a square matrix as n^2 numbers, row-major');
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (av[i * n + j] !== av[j * n + i]) throw new InfogeoError('quadratic', `a[${i * n + j}]`, av[i * n + j], `a symmetric matrix (a[${j * n + i}] = ${av[j * n + i]})`);
    }
  }
  if (cholesky(new Float64Array(n * n), av, n) === null) throw new InfogeoError('quadratic', 'a', a, 'a symmetric positive definite matrix');
  const cv = c === undefined ? new Float64Array(n) : checkVector('quadratic', 'c', c, n);
  const x0 = init === undefined ? new Float64Array(n).fill(1) : checkVector('quadratic', 'init', init, n);
  const halfANorm = (x: Float64Array, y: Float64Array): number => {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = x[i] - y[i];
    const ad = gemv(new Float64Array(n), av, d, n, n);
    let s = 0;
    for (let i = 0; i < n; i++) s += d[i] * ad[i];
    return 0.5 * s;
  };
  const names = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const loss = (x: Float64Array): number => halfANorm(x, cv);
  return {
    name: 'quadratic',
    dim: n,
    sourceNames: names,
    init: x0,
    coords: { source: identityCoords(n, names) },
    minimum: { source: cv, loss: 0 },
    gap: loss,
    inDomain: (x) => allFinite(x, n),
    loss,
    grad: (x) => {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = x[i] - cv[i];
      return gemv(new Float64Array(n), av, d, n, n);
    },
    fisher: () => Float64Array.from(av),
    kl: halfANorm,
  };
}

/**
 * An ill-conditioned quadratic: eigenvalues spaced geometrically from 1 to `condition`, in a
 * seeded random orthonormal basis (or the coordinate axes with `rotate: false`), minimum at 0,
 * started at (1, ..., 1).
 *
 * @param dim - dimension, an integer >= 1
 * @param condition - ratio of the largest to the smallest eigenvalue, >= 1
 * @example illConditionedQuadratic(2, 100, { rotate: false }).fisher(new Float64Array(2)) // [1, 0, 0, 100]
 */
export function illConditionedQuadratic(dim: number, condition: number, options: { rotate?: boolean; seed?: number } = {}): Problem {
  if (!Number.isInteger(dim) || dim < 1) throw new InfogeoError('illConditionedQuadratic', 'dim', dim, 'an integer >= 1');
  if (!(Number.isFinite(condition) && condition >= 1)) throw new InfogeoError('illConditionedQuadratic', 'condition', condition, 'a finite number >= 1');
  const lambdas = Float64Array.from({ length: dim }, (_, i) => (dim === 1 ? 1 : condition ** (i / (dim - 1))));
  let a: Float64Array;
  if (options.rotate === false) {
    a = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) a[i * dim + i] = lambdas[i];
  } else {
    // The eigenvectors of a random symmetric matrix form a random orthonormal basis Q.
    const r = makeRng(options.seed ?? 1);
    const m = Float64Array.from({ length: dim * dim }, () => r.normal());
    const sym = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) sym[i * dim + j] = m[i * dim + j] + m[j * dim + i];
    const q = new Float64Array(dim * dim);
    eighSym(new Float64Array(dim), q, sym, dim);
    const ql = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) ql[i * dim + j] = q[i * dim + j] * lambdas[j];
    a = gemmNT(new Float64Array(dim * dim), ql, q, dim, dim, dim);
    for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) a[j * dim + i] = a[i * dim + j];
  }
  return { ...quadratic(a), name: 'ill-conditioned-quadratic' };
}
