/**
 * Cholesky factorisation A = L L^T of symmetric positive definite matrices and everything
 * built on it: triangular solves, SPD solves with one or many right-hand sides, the inverse
 * and the log-determinant. Row-major n x n Float64Array throughout.
 */

import { FULL, LOWER, gemmStrided } from './gemm-core.js';
import { gram } from './gemm.js';

/**
 * Sizes below which the recursion stops: a diagonal block of at most FACTOR_BASE rows is
 * factored by the scalar Crout loop, a triangular solve with at most SOLVE_BASE columns by
 * row substitution. Chosen by timing n = 100..500 on the development machine.
 */
const FACTOR_BASE = 48;
const SOLVE_BASE = 16;

let lScratch = new Float64Array(0);
let rowScratch = new Float64Array(0);
let tScratch = new Float64Array(0);

/** out[0..len) = src[0..len), without creating a subarray view when src has exactly len entries. */
function copyPrefix(out: Float64Array, src: Float64Array, len: number): void {
  if (src.length === len) out.set(src);
  else if (len < 64) for (let i = 0; i < len; i++) out[i] = src[i];
  else out.set(src.subarray(0, len));
}

function scratchL(n: number): Float64Array {
  if (lScratch.length < n * n) lScratch = new Float64Array(n * n);
  return lScratch;
}

/**
 * Cholesky factor L (lower triangular, positive diagonal) of a symmetric positive definite
 * matrix: A = L L^T.
 *
 * Formula: L[j, j] = sqrt(A[j, j] - sum_{p<j} L[j, p]^2), L[i, j] = (A[i, j] - sum_{p<j} L[i, p]
 * L[j, p]) / L[j, j] for i > j. Domain: A n x n, only its lower triangle is read (the upper is
 * assumed to mirror it). Writes L into the lower triangle of `out` and zeros above the diagonal.
 * `out` may alias `a`. Returns `out`, or null if A is not numerically positive definite (a pivot
 * <= 0, infinite or NaN); `out` then holds a partial factorisation.
 * Recursive (Gustavson): factor A11, solve L21 L11^T = A21, update A22 -= L21 L21^T, recurse on
 * A22; the solve recurses the same way, so all but O(n^2) of the n^3 / 3 flops run in gemm.
 *
 * @example cholesky(new Float64Array(4), Float64Array.of(4, 2, 2, 3), 2)
 * // Float64Array [2, 0, 1, 1.4142135623730951]
 */
export function cholesky(out: Float64Array, a: Float64Array, n: number): Float64Array | null {
  if (out !== a) copyPrefix(out, a, n * n);
  if (!factorRecursive(out, n, 0, n)) return null;
  for (let i = 0; i < n - 1; i++) out.fill(0, i * n + i + 1, i * n + n);
  return out;
}

/** Half of sz, rounded down to a multiple of 4 (the gemm tile) and at least 4. */
function split(sz: number): number {
  return Math.max(4, (sz >> 1) & ~3);
}

/** Factors the sz x sz diagonal block at (o, o) in place; false if it is not PD. */
function factorRecursive(l: Float64Array, n: number, o: number, sz: number): boolean {
  if (sz <= FACTOR_BASE) return factorDiagonalBlock(l, n, o, o + sz);
  const n1 = split(sz);
  const n2 = sz - n1;
  if (!factorRecursive(l, n, o, n1)) return false;
  solveRightLT(l, n, o + n1, n2, o, n1);
  // A22 -= L21 L21^T on the lower triangle; L21 is read through swapped strides as its own
  // transpose, so no copy is made. The regions read and written are disjoint.
  const l21 = (o + n1) * n + o;
  gemmStrided(n2, n2, n1, -1, l, l21, n, 1, l, l21, 1, n, 1, l, l21 + n1, n, LOWER);
  return factorRecursive(l, n, o + n1, n2);
}

/**
 * X L^T = B in place for the rows r0..r0+rows-1 and columns c0..c0+w-1 of l, where L is the
 * (already factored) w x w diagonal block at (c0, c0). Recursive on the columns:
 * X1 = B1 L_a^{-T}, B2 -= X1 L_b^T (gemm), X2 = B2 L_c^{-T}.
 */
function solveRightLT(l: Float64Array, n: number, r0: number, rows: number, c0: number, w: number): void {
  if (w <= SOLVE_BASE) {
    solvePanel(l, n, r0, r0 + rows, c0, c0 + w);
    return;
  }
  const w1 = split(w);
  solveRightLT(l, n, r0, rows, c0, w1);
  gemmStrided(rows, w - w1, w1, -1, l, r0 * n + c0, n, 1, l, (c0 + w1) * n + c0, 1, n, 1, l, r0 * n + c0 + w1, n, FULL);
  solveRightLT(l, n, r0, rows, c0 + w1, w - w1);
}

/** Unblocked Crout factorisation of the diagonal block rows/cols k0..k1-1; false if not PD. */
function factorDiagonalBlock(l: Float64Array, n: number, k0: number, k1: number): boolean {
  for (let j = k0; j < k1; j++) {
    const rj = j * n;
    let d = l[rj + j];
    for (let p = k0; p < j; p++) d -= l[rj + p] * l[rj + p];
    if (!(d > 0 && d < Infinity)) return false;
    const ljj = Math.sqrt(d);
    l[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < k1; i++) {
      const ri = i * n;
      let s = l[ri + j];
      for (let p = k0; p < j; p++) s -= l[ri + p] * l[rj + p];
      l[ri + j] = s * inv;
    }
  }
  return true;
}

/**
 * X = B L^{-T} for rows r0..r1-1 and columns k0..k1-1 (L the diagonal block at (k0, k0)): a
 * forward substitution along each row (contiguous), two rows at a time so each load of L
 * serves both.
 */
function solvePanel(l: Float64Array, n: number, r0: number, r1: number, k0: number, k1: number): void {
  let i = r0;
  for (; i + 1 < r1; i += 2) {
    const q0 = i * n;
    const q1 = q0 + n;
    for (let j = k0; j < k1; j++) {
      const rj = j * n;
      let s0 = l[q0 + j];
      let s1 = l[q1 + j];
      for (let p = k0; p < j; p++) {
        const ljp = l[rj + p];
        s0 -= l[q0 + p] * ljp;
        s1 -= l[q1 + p] * ljp;
      }
      const inv = 1 / l[rj + j];
      l[q0 + j] = s0 * inv;
      l[q1 + j] = s1 * inv;
    }
  }
  if (i < r1) {
    const ri = i * n;
    for (let j = k0; j < k1; j++) {
      const rj = j * n;
      let s0 = l[ri + j];
      for (let p = k0; p < j; p++) s0 -= l[ri + p] * l[rj + p];
      l[ri + j] = s0 / l[rj + j];
    }
  }
}

/**
 * Forward substitution: solves L y = b for lower-triangular L (n x n; entries above the
 * diagonal are not read).
 *
 * Formula: y[i] = (b[i] - sum_{p<i} L[i, p] y[p]) / L[i, i]. Domain: L[i, i] != 0 (a zero
 * pivot gives Infinity/NaN; use the output of {@link cholesky}). `out` may alias `b`.
 * Returns `out`.
 *
 * @example solveLower(new Float64Array(2), Float64Array.of(2, 0, 1, 1), Float64Array.of(4, 5), 2)
 * // Float64Array [2, 3]
 */
export function solveLower(out: Float64Array, l: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[ri + p] * out[p];
    out[i] = s / l[ri + i];
  }
  return out;
}

/**
 * Back substitution with the transpose: solves L^T x = y for lower-triangular L (n x n).
 *
 * Formula: x[i] = (y[i] - sum_{p>i} L[p, i] x[p]) / L[i, i]. Domain as {@link solveLower}.
 * `out` may alias `y`. Row-oriented: once x[i] is known, row i of L updates all earlier
 * entries (a contiguous axpy) instead of walking down column i. Returns `out`.
 *
 * @example solveLowerT(new Float64Array(2), Float64Array.of(2, 0, 1, 1), Float64Array.of(4, 5), 2)
 * // L^T = [[2, 1], [0, 1]] -> Float64Array [-0.5, 5]
 */
export function solveLowerT(out: Float64Array, l: Float64Array, y: Float64Array, n: number): Float64Array {
  if (out !== y) copyPrefix(out, y, n);
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = out[i] / l[ri + i];
    out[i] = xi;
    for (let p = 0; p < i; p++) out[p] -= l[ri + p] * xi;
  }
  return out;
}

/**
 * Solves A x = b for symmetric positive definite A (n x n) through its Cholesky factor.
 *
 * Formula: x = L^{-T} L^{-1} b with A = L L^T. Domain: A SPD (lower triangle read). `out` may
 * alias `b`; `a` is untouched (the factor lives in a module scratch buffer). Returns `out`, or
 * null if A is not positive definite.
 *
 * @example solveSPD(new Float64Array(2), Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2)
 * // Float64Array [0.5, 0]
 */
export function solveSPD(out: Float64Array, a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = cholesky(scratchL(n), a, n);
  if (l === null) return null;
  solveLower(out, l, b, n);
  return solveLowerT(out, l, out, n);
}

/**
 * Solves A X = B for symmetric positive definite A (n x n) and nrhs right-hand sides at once:
 * B and X are n x nrhs row-major (column c of B is one right-hand side).
 *
 * Formula: X = L^{-T} L^{-1} B with A = L L^T; one factorisation, then both substitutions run
 * row-wise over all right-hand sides (inner loops contiguous, length nrhs). Domain: A SPD,
 * nrhs >= 0. `out` may alias `b`; `a` is untouched. Returns `out`, or null if A is not PD.
 *
 * @example solveSPDMulti(new Float64Array(4), Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 4, 1, 2), 2, 2)
 * // X = [[0.5, 1], [0, 0]] -> Float64Array [0.5, 1, 0, 0]
 */
export function solveSPDMulti(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  n: number,
  nrhs: number,
): Float64Array | null {
  const l = cholesky(scratchL(n), a, n);
  if (l === null) return null;
  if (out !== b) copyPrefix(out, b, n * nrhs);
  // Forward: X[i, :] = (B[i, :] - sum_{p<i} L[i, p] X[p, :]) / L[i, i].
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * nrhs;
    for (let p = 0; p < i; p++) {
      const lip = l[ri + p];
      if (lip === 0) continue;
      const xp = p * nrhs;
      for (let c = 0; c < nrhs; c++) out[xi + c] -= lip * out[xp + c];
    }
    const inv = 1 / l[ri + i];
    for (let c = 0; c < nrhs; c++) out[xi + c] *= inv;
  }
  // Backward: X[i, :] = (Y[i, :] - sum_{p>i} L[p, i] X[p, :]) / L[i, i], applied by rows of L.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = i * nrhs;
    const inv = 1 / l[ri + i];
    for (let c = 0; c < nrhs; c++) out[xi + c] *= inv;
    for (let p = 0; p < i; p++) {
      const lip = l[ri + p];
      if (lip === 0) continue;
      const xp = p * nrhs;
      for (let c = 0; c < nrhs; c++) out[xp + c] -= lip * out[xi + c];
    }
  }
  return out;
}

/**
 * Inverse of a symmetric positive definite matrix.
 *
 * Formula: A^{-1} = L^{-T} L^{-1} = W^T W with W = L^{-1} (lower triangular), so the result is
 * formed by {@link gram} and is exactly symmetric. Domain: A SPD (lower triangle read).
 * `out` may alias `a`. Returns `out`, or null if A is not positive definite. Prefer
 * {@link solveSPD} / {@link solveSPDMulti} when only products with A^{-1} are needed.
 *
 * @example invSPD(new Float64Array(4), Float64Array.of(4, 2, 2, 3), 2)
 * // [[3, -2], [-2, 4]] / 8 to rounding: Float64Array [0.375, -0.24999999999999994, -0.24999999999999994, 0.4999999999999999]
 */
export function invSPD(out: Float64Array, a: Float64Array, n: number): Float64Array | null {
  const w = cholesky(scratchL(n), a, n);
  if (w === null) return null;
  invertLowerRecursive(w, n, 0, n);
  return gram(out, w, n, n);
}

/**
 * In-place inverse of the lower-triangular sz x sz diagonal block at (o, o):
 * [L11 0; L21 L22]^{-1} = [W11 0; -W22 L21 W11  W22], with both products in gemm.
 */
function invertLowerRecursive(l: Float64Array, n: number, o: number, sz: number): void {
  if (sz <= FACTOR_BASE) {
    invertLowerBlock(l, n, o, sz);
    return;
  }
  const n1 = split(sz);
  const n2 = sz - n1;
  invertLowerRecursive(l, n, o, n1);
  invertLowerRecursive(l, n, o + n1, n2);
  if (tScratch.length < n2 * n1) tScratch = new Float64Array(n2 * n1);
  const t = tScratch;
  const l21 = (o + n1) * n + o;
  // T = L21 W11 (W11 lower triangular: its zero upper part is stored, so a plain gemm is right).
  gemmStrided(n2, n1, n1, 1, l, l21, n, 1, l, o * n + o, n, 1, 0, t, 0, n1, FULL);
  // W21 = -W22 T.
  gemmStrided(n2, n1, n2, -1, l, l21 + n1, n, 1, t, 0, n1, 1, 0, l, l21, n, FULL);
}

/**
 * Unblocked in-place inverse of a small lower-triangular block, row by row: L W = I gives
 * W[i, :] = (e_i - sum_{p<i} L[i, p] W[p, :]) / L[i, i]. Row i of L is still needed while row
 * i of W accumulates, hence the row buffer.
 */
function invertLowerBlock(l: Float64Array, n: number, o: number, sz: number): void {
  if (rowScratch.length < sz) rowScratch = new Float64Array(sz);
  const row = rowScratch;
  for (let i = 0; i < sz; i++) {
    const ri = (o + i) * n + o;
    row.fill(0, 0, i + 1);
    row[i] = 1;
    for (let p = 0; p < i; p++) {
      const lip = l[ri + p];
      const rp = (o + p) * n + o;
      for (let c = 0; c <= p; c++) row[c] -= lip * l[rp + c];
    }
    const inv = 1 / l[ri + i];
    for (let c = 0; c <= i; c++) l[ri + c] = row[c] * inv;
  }
}

/**
 * Natural log of the determinant of a symmetric positive definite matrix.
 *
 * Formula: log det A = 2 sum_i log L[i, i] with A = L L^T (no overflow even when det A would
 * overflow). Domain: A SPD (lower triangle read); `a` is untouched. Returns null if A is not
 * positive definite.
 *
 * @example logdetSPD(Float64Array.of(4, 2, 2, 3), 2) // log 8 = 2.0794415416798357
 */
export function logdetSPD(a: Float64Array, n: number): number | null {
  const l = cholesky(scratchL(n), a, n);
  if (l === null) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return 2 * s;
}
