/**
 * Whole-matrix helpers on row-major Float64Array: transpose, identity, symmetric part.
 */

/** Tile edge for the cache-blocked transpose (32 x 32 doubles = 8 kB per tile). */
const TILE = 32;

let scratch = new Float64Array(0);

/**
 * out = A^T, where A is m x n (row-major) and out is n x m.
 *
 * Formula: out[j, i] = A[i, j]. Domain: m, n >= 0. `out` may alias `a`: a square matrix is
 * transposed in place by swaps, a rectangular one through a module scratch copy.
 * Cache-blocked in 32 x 32 tiles so that both the reads and the writes stay in cache.
 *
 * @example transpose(new Float64Array(6), Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3)
 * // 3 x 2: Float64Array [1, 4, 2, 5, 3, 6]
 */
export function transpose(out: Float64Array, a: Float64Array, m: number, n: number): Float64Array {
  if (out === a) {
    if (m === n) {
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const t = a[i * n + j];
          a[i * n + j] = a[j * n + i];
          a[j * n + i] = t;
        }
      }
      return out;
    }
    if (scratch.length < m * n) scratch = new Float64Array(m * n);
    scratch.set(a.subarray(0, m * n));
    a = scratch;
  }
  for (let i0 = 0; i0 < m; i0 += TILE) {
    const i1 = Math.min(m, i0 + TILE);
    for (let j0 = 0; j0 < n; j0 += TILE) {
      const j1 = Math.min(n, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const ri = i * n;
        for (let j = j0; j < j1; j++) out[j * m + i] = a[ri + j];
      }
    }
  }
  return out;
}

/**
 * out = I_n, the n x n identity.
 *
 * @example identity(new Float64Array(4), 2) // Float64Array [1, 0, 0, 1]
 */
export function identity(out: Float64Array, n: number): Float64Array {
  out.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) out[i * (n + 1)] = 1;
  return out;
}

/**
 * out = (A + A^T) / 2, the symmetric part of the n x n matrix A; the result is exactly
 * symmetric (each pair is averaged once). `out` may alias `a`.
 *
 * @example symmetrize(new Float64Array(4), Float64Array.of(1, 2, 4, 3), 2)
 * // Float64Array [1, 3, 3, 3]
 */
export function symmetrize(out: Float64Array, a: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    out[i * n + i] = a[i * n + i];
    for (let j = i + 1; j < n; j++) {
      const s = 0.5 * (a[i * n + j] + a[j * n + i]);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}
