/**
 * Test problems for the optimiser tests: an ill-conditioned least-squares quadratic with
 * per-example gradients, and the Rosenbrock function with its Gauss-Newton metric. Built from
 * the library's kernels with a fixed seed, so every run sees the same problem.
 */
import { eighSym, gemm, gemmTN, gemv, gemvT } from '../linalg/index.js';
import { rng } from '../random/rng.js';
import { applyUpdate, type GradientTransformation } from './transform.js';

/** A smooth unconstrained problem. */
export interface Problem {
  dim: number;
  x0: Float64Array;
  xStar: Float64Array;
  f(x: Float64Array): number;
  grad(x: Float64Array): Float64Array;
  /** A positive definite metric (Hessian or Gauss-Newton) at x, row-major. */
  metric(x: Float64Array): Float64Array;
  /** Per-example gradients (of per-example losses whose mean is f) whose mean is grad(x). */
  perExampleGrads(x: Float64Array): Float64Array[];
}

/** A random n x n orthogonal matrix: the eigenvectors of a seeded random symmetric matrix. */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = r.normal();
  const v = new Float64Array(n * n);
  eighSym(new Float64Array(n), v, a, n);
  return v;
}

/**
 * f(w) = (1 / 2N) ||X w - y||^2 with N = 20 examples in d = 5 dimensions, Hessian
 * H = X^T X / N = V diag(lambda) V^T, lambda log-spaced over [1, cond]; y has a residual
 * orthogonal to range(X) (so the fit is not exact and the empirical Fisher stays invertible at
 * the minimiser w* = (1, -1, 2, 0.5, -2)).
 */
export function leastSquares(cond = 100, d = 5, count = 20): Problem & { hessian: Float64Array; x: Float64Array; y: Float64Array; count: number } {
  const u = randomOrthogonal(count, 11); // columns 0..d-1 span range(X); column d is the residual direction
  const v = randomOrthogonal(d, 12);
  const x = new Float64Array(count * d);
  const us = new Float64Array(count * d);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < d; k++) us[i * d + k] = u[i * count + k] * Math.sqrt(count * Math.pow(cond, k / (d - 1)));
  }
  // X = U_d diag(s) V^T.
  const vt = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) vt[i * d + j] = v[j * d + i];
  gemm(x, us, vt, count, d, d);
  const xStar = Float64Array.of(1, -1, 2, 0.5, -2).subarray(0, d);
  const y = gemv(new Float64Array(count), x, xStar, count, d);
  for (let i = 0; i < count; i++) y[i] += 0.7 * u[i * count + d];
  const hessian = gemmTN(new Float64Array(d * d), x, x, d, count, d, 1 / count);
  const residual = (w: Float64Array): Float64Array => {
    const r = gemv(new Float64Array(count), x, w, count, d);
    for (let i = 0; i < count; i++) r[i] -= y[i];
    return r;
  };
  return {
    dim: d,
    x0: new Float64Array(d),
    xStar: Float64Array.from(xStar),
    hessian,
    x,
    y,
    count,
    f: (w) => {
      const r = residual(w);
      let s = 0;
      for (let i = 0; i < count; i++) s += r[i] * r[i];
      return s / (2 * count);
    },
    grad: (w) => gemvT(new Float64Array(d), x, residual(w), count, d, 1 / count),
    metric: () => hessian,
    perExampleGrads: (w) => {
      const r = residual(w);
      const out: Float64Array[] = [];
      for (let i = 0; i < count; i++) {
        const g = new Float64Array(d);
        for (let k = 0; k < d; k++) g[k] = r[i] * x[i * d + k];
        out.push(g);
      }
      return out;
    },
  };
}

/**
 * Rosenbrock's function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 = r1^2 + r2^2 with residuals
 * r1 = 1 - x, r2 = 10 (y - x^2); minimum at (1, 1), start (-1.2, 1). The metric is the
 * Gauss-Newton matrix 2 J^T J (J the residuals' Jacobian), positive definite everywhere.
 * As a mean of two per-example losses l_n = 2 r_n^2, the per-example gradients are 4 r_n grad r_n.
 */
export function rosenbrock(): Problem {
  return {
    dim: 2,
    x0: Float64Array.of(-1.2, 1),
    xStar: Float64Array.of(1, 1),
    f: ([a, b]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2,
    grad: ([a, b]) => Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
    metric: ([a]) => {
      // J = [[-1, 0], [-20 a, 10]]; 2 J^T J.
      return Float64Array.of(2 * (1 + 400 * a * a), -400 * a, -400 * a, 200);
    },
    perExampleGrads: ([a, b]) => [Float64Array.of(-4 * (1 - a), 0), Float64Array.of(-800 * a * (b - a * a), 400 * (b - a * a))],
  };
}

/** Runs `steps` updates (or until |x - x*| <= tol); returns the last point and the steps taken. */
export function minimise(opt: GradientTransformation<any>, p: Problem, steps: number, tol = 0): { x: Float64Array; steps: number; error: number } {
  let x: Float64Array = Float64Array.from(p.x0);
  let state = opt.init(x);
  for (let t = 0; t < steps; t++) {
    const [u, s] = opt.update(p.grad(x), state, x);
    x = applyUpdate(x, u);
    state = s;
    if (tol > 0 && distance(x, p.xStar) <= tol) return { x, steps: t + 1, error: distance(x, p.xStar) };
  }
  return { x, steps, error: distance(x, p.xStar) };
}

export function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}
