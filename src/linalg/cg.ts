/**
 * (Preconditioned) conjugate gradient for A x = b with A symmetric positive definite, given only
 * as an operator v -> A v. This is the solver behind matrix-free natural gradient: A is the
 * (damped) Fisher matrix applied through Fisher-vector products, never formed.
 * Reference: Hestenes & Stiefel (1952); Saad, Iterative Methods for Sparse Linear Systems,
 * 2nd ed., algorithm 9.1 (preconditioned CG).
 */

import { dot, norm2 } from './vector.js';

/** Options of {@link conjugateGradient}. */
export interface CGOptions {
  /** Initial guess (copied, never modified). Default: the zero vector. */
  x0?: Float64Array;
  /** Stop when ||b - A x||_2 <= tol * ||b||_2. Default 1e-10. */
  tol?: number;
  /** Maximum number of iterations (operator applications after the first). Default 10 n. */
  maxIter?: number;
  /**
   * Applies an SPD approximation of A^{-1}: writes M^{-1} r into `out` (must not keep `out`
   * or `r`). Default: the identity (plain CG).
   */
  preconditioner?: (out: Float64Array, r: Float64Array) => void;
}

/** Result of {@link conjugateGradient}. */
export interface CGResult {
  /** The approximate solution (a new array). */
  x: Float64Array;
  /** Number of iterations performed (each costs one application of A). */
  iterations: number;
  /** ||r||_2 of the last residual r = b - A x, as updated by the CG recurrence. */
  residualNorm: number;
  /** True iff residualNorm <= tol * ||b||_2 was reached. */
  converged: boolean;
}

/**
 * Solves A x = b for symmetric positive definite A given as an operator, by (preconditioned)
 * conjugate gradient.
 *
 * Formula: x_{k+1} = x_k + alpha_k p_k, r_{k+1} = r_k - alpha_k A p_k, z = M^{-1} r,
 * alpha_k = (r_k . z_k) / (p_k . A p_k), p_{k+1} = z_{k+1} + ((r_{k+1} . z_{k+1}) / (r_k . z_k)) p_k.
 * In exact arithmetic it converges in at most n steps; the error in the A-norm shrinks at least
 * like 2 ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^k. Domain: `apply(out, v)` must write A v into
 * `out` (length n = b.length) without keeping either array, and A must be SPD.
 * Stops early with converged = false if p . A p <= 0 or r . z <= 0 (A or M not positive
 * definite) or a value becomes NaN; x is then the last iterate. b = 0 returns x = 0.
 *
 * @example
 * // A = [[4, 1], [1, 3]]
 * conjugateGradient((out, v) => { out[0] = 4 * v[0] + v[1]; out[1] = v[0] + 3 * v[1]; },
 *   Float64Array.of(1, 2));
 * // { x: [0.0909..., 0.6363...] (= [1/11, 7/11]), iterations: 2, converged: true, ... }
 */
export function conjugateGradient(
  apply: (out: Float64Array, v: Float64Array) => void,
  b: Float64Array,
  options: CGOptions = {},
): CGResult {
  const n = b.length;
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 10 * n;
  const precondition = options.preconditioner;
  const x = new Float64Array(n);
  const r = new Float64Array(n);
  const ap = new Float64Array(n);
  const bnorm = norm2(b, n);
  if (bnorm === 0) return { x, iterations: 0, residualNorm: 0, converged: true };

  if (options.x0 !== undefined) {
    x.set(options.x0.subarray(0, n));
    apply(ap, x);
    for (let i = 0; i < n; i++) r[i] = b[i] - ap[i];
  } else {
    r.set(b);
  }
  const target = tol * bnorm;
  let rnorm = norm2(r, n);
  if (rnorm <= target) return { x, iterations: 0, residualNorm: rnorm, converged: true };

  const z = precondition ? new Float64Array(n) : r;
  if (precondition) precondition(z, r);
  const p = Float64Array.from(z);
  let rz = dot(r, z, n);
  let iterations = 0;
  while (iterations < maxIter) {
    if (!(rz > 0)) break;
    apply(ap, p);
    iterations++;
    const pap = dot(p, ap, n);
    if (!(pap > 0)) break;
    const alpha = rz / pap;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * ap[i];
    }
    rnorm = norm2(r, n);
    if (rnorm <= target) return { x, iterations, residualNorm: rnorm, converged: true };
    if (precondition) precondition(z, r);
    const rzNext = dot(r, z, n);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
  return { x, iterations, residualNorm: rnorm, converged: false };
}
