/**
 * Functions of symmetric matrices through the eigendecomposition:
 * f(A) = V diag(f(w)) V^T for A = V diag(w) V^T (Higham, Functions of Matrices, 2008, ch. 1).
 * Used for whitening (A^{-1/2}), the affine-invariant SPD geometry (log, exp, powers) and the
 * Fisher-Rao distance between Gaussians.
 */

import { eighSym } from './eigh.js';
import { gemmNT } from './gemm.js';
import { symmetrize } from './matrix.js';

let w = new Float64Array(0);
let fw = new Float64Array(0);
let vs = new Float64Array(0);
let us = new Float64Array(0);

/**
 * f(A) for a symmetric matrix A and a scalar function f applied to its eigenvalues.
 *
 * Formula: f(A) = V diag(f(w_1), ..., f(w_n)) V^T where A = V diag(w) V^T ({@link eighSym}).
 * Domain: A symmetric n x n (lower triangle read), f defined at every eigenvalue. The result is
 * exactly symmetric. `out` may alias `a`. Returns `out`, or null if the eigendecomposition fails
 * or f returns a non-finite value at some eigenvalue (e.g. Math.log at a non-positive one).
 * f must not itself call the functions of this module (they share scratch buffers).
 *
 * @example spdFunction(new Float64Array(4), Float64Array.of(2, 1, 1, 2), 2, (x) => x * x)
 * // A^2 = Float64Array [5, 4, 4, 5] (to rounding)
 */
export function spdFunction(
  out: Float64Array,
  a: Float64Array,
  n: number,
  f: (lambda: number) => number,
): Float64Array | null {
  if (!decompose(a, n)) return null;
  for (let k = 0; k < n; k++) {
    const y = f(w[k]);
    if (!Number.isFinite(y)) return null;
    fw[k] = y;
  }
  return reconstruct(out, n);
}

/**
 * Principal square root of a symmetric positive definite matrix: the SPD S with S S = A.
 *
 * Formula: A^{1/2} = V diag(sqrt(w)) V^T. Domain: A SPD. `out` may alias `a`. Returns `out`,
 * or null if some computed eigenvalue is <= 0 (for a positive semidefinite A use
 * spdFunction(out, a, n, (x) => Math.sqrt(Math.max(x, 0)))).
 *
 * @example spdSqrt(new Float64Array(4), Float64Array.of(4, 0, 0, 9), 2) // Float64Array [2, 0, 0, 3]
 */
export function spdSqrt(out: Float64Array, a: Float64Array, n: number): Float64Array | null {
  return positiveFunction(out, a, n, Math.sqrt);
}

/**
 * Inverse principal square root A^{-1/2} of a symmetric positive definite matrix (the
 * whitening transform: A^{-1/2} A A^{-1/2} = I).
 *
 * Formula: A^{-1/2} = V diag(1 / sqrt(w)) V^T. Domain: A SPD. `out` may alias `a`. Returns
 * `out`, or null if some computed eigenvalue is <= 0.
 *
 * @example spdInvSqrt(new Float64Array(4), Float64Array.of(4, 0, 0, 16), 2)
 * // Float64Array [0.5, 0, 0, 0.25]
 */
export function spdInvSqrt(out: Float64Array, a: Float64Array, n: number): Float64Array | null {
  return positiveFunction(out, a, n, invSqrt);
}

/**
 * Principal matrix logarithm of a symmetric positive definite matrix: the symmetric L with
 * exp(L) = A.
 *
 * Formula: log A = V diag(log w) V^T. Domain: A SPD. `out` may alias `a`. Returns `out`, or
 * null if some computed eigenvalue is <= 0.
 *
 * @example spdLog(new Float64Array(4), Float64Array.of(Math.E, 0, 0, 1), 2) // Float64Array [1, 0, 0, 0]
 */
export function spdLog(out: Float64Array, a: Float64Array, n: number): Float64Array | null {
  return positiveFunction(out, a, n, Math.log);
}

/**
 * Matrix exponential of a symmetric (not necessarily definite) matrix; the result is SPD.
 *
 * Formula: exp(A) = V diag(exp w) V^T = sum_k A^k / k!. Domain: A symmetric with eigenvalues
 * below log(Number.MAX_VALUE) ~ 709.78. `out` may alias `a`. Returns `out`, or null if
 * exp overflows at some eigenvalue or the eigendecomposition fails.
 *
 * @example spdExp(new Float64Array(4), Float64Array.of(0, 0, 0, 1), 2)
 * // Float64Array [1, 0, 0, 2.718281828459045]
 */
export function spdExp(out: Float64Array, a: Float64Array, n: number): Float64Array | null {
  return spdFunction(out, a, n, Math.exp);
}

/**
 * Real power A^p of a symmetric matrix.
 *
 * Formula: A^p = V diag(w^p) V^T. Domain: for an integer p >= 0, any symmetric A (A^0 = I);
 * for an integer p < 0, A nonsingular; for a non-integer p, A SPD (the principal power).
 * `out` may alias `a`. Returns `out`, or null outside that domain (a computed eigenvalue
 * <= 0 for non-integer p, = 0 for negative integer p) or on overflow.
 *
 * @example spdPower(new Float64Array(4), Float64Array.of(4, 0, 0, 9), 2, -0.5)
 * // Float64Array [0.5, 0, 0, 0.3333333333333333]
 */
export function spdPower(out: Float64Array, a: Float64Array, n: number, p: number): Float64Array | null {
  if (Number.isInteger(p)) return spdFunction(out, a, n, (x) => Math.pow(x, p));
  return positiveFunction(out, a, n, (x) => Math.pow(x, p));
}

function invSqrt(x: number): number {
  return 1 / Math.sqrt(x);
}

/** f(A) after checking that every computed eigenvalue is strictly positive. */
function positiveFunction(out: Float64Array, a: Float64Array, n: number, f: (x: number) => number): Float64Array | null {
  if (!decompose(a, n)) return null;
  for (let k = 0; k < n; k++) {
    if (!(w[k] > 0)) return null;
    const y = f(w[k]);
    if (!Number.isFinite(y)) return null;
    fw[k] = y;
  }
  return reconstruct(out, n);
}

/** Eigendecomposition of A into the module scratch (w, vs). */
function decompose(a: Float64Array, n: number): boolean {
  if (w.length < n) {
    w = new Float64Array(n);
    fw = new Float64Array(n);
  }
  if (vs.length < n * n) {
    vs = new Float64Array(n * n);
    us = new Float64Array(n * n);
  }
  return eighSym(w, vs, a, n);
}

/** out = V diag(fw) V^T, made exactly symmetric. */
function reconstruct(out: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < n; k++) us[ri + k] = vs[ri + k] * fw[k];
  }
  gemmNT(out, us, vs, n, n, n);
  return symmetrize(out, out, n);
}
