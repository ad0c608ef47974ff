import { FULL, UPPER, gemmStrided } from './gemm-core.js';

/**
 * General matrix product: out = alpha * A B + beta * out, all row-major.
 *
 * Formula: out[i, j] = alpha * sum_p A[i, p] B[p, j] + beta * out[i, j], with A m x k, B k x n,
 * out m x n. Domain: m, n, k >= 0 integers; when beta = 0, `out` is not read (NaN in it does not
 * propagate). `out` must NOT alias `a` or `b` (it is accumulated in tiles while they are read).
 * Packed panels and a 4 x 4 register micro-kernel: about 20 GFLOP/s with the WebAssembly SIMD
 * kernel, 4.5 GFLOP/s with the JavaScript fallback (see gemm-core.ts).
 *
 * @example
 * gemm(new Float64Array(4), Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2);
 * // Float64Array [19, 22, 43, 50]
 */
export function gemm(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  alpha = 1,
  beta = 0,
): Float64Array {
  gemmStrided(m, n, k, alpha, a, 0, k, 1, b, 0, n, 1, beta, out, 0, n, FULL);
  return out;
}

/**
 * Product with the first factor transposed: out = alpha * A^T B + beta * out.
 *
 * Formula: out[i, j] = alpha * sum_p A[p, i] B[p, j] + beta * out[i, j], with A stored k x m,
 * B stored k x n, out m x n. Domain as {@link gemm}; `out` must NOT alias `a` or `b`.
 * Typical use: cross-covariances X^T Y of two data matrices with samples in rows.
 *
 * @example
 * gemmTN(new Float64Array(4), Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2);
 * // A^T = [[1, 3], [2, 4]] -> Float64Array [26, 30, 38, 44]
 */
export function gemmTN(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  alpha = 1,
  beta = 0,
): Float64Array {
  gemmStrided(m, n, k, alpha, a, 0, 1, m, b, 0, n, 1, beta, out, 0, n, FULL);
  return out;
}

/**
 * Product with the second factor transposed: out = alpha * A B^T + beta * out.
 *
 * Formula: out[i, j] = alpha * sum_p A[i, p] B[j, p] + beta * out[i, j], with A stored m x k,
 * B stored n x k, out m x n. Domain as {@link gemm}; `out` must NOT alias `a` or `b`.
 * Typical use: U diag(w) V^T reconstructions and kernel matrices between two point sets.
 *
 * @example
 * gemmNT(new Float64Array(4), Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2);
 * // B^T = [[5, 7], [6, 8]] -> Float64Array [17, 23, 39, 53]
 */
export function gemmNT(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  alpha = 1,
  beta = 0,
): Float64Array {
  gemmStrided(m, n, k, alpha, a, 0, k, 1, b, 0, 1, k, beta, out, 0, n, FULL);
  return out;
}

/**
 * Gram matrix of the columns of A: out = alpha * A^T A + beta * out (a symmetric rank-k update).
 *
 * Formula: out[i, j] = alpha * sum_p A[p, i] A[p, j] + beta * out[i, j], with A stored m x n
 * (m samples of dimension n, e.g. per-example score vectors), out n x n. Only the upper
 * triangle is computed (half the work of gemmTN) and then mirrored, so `out` is exactly
 * symmetric; with beta != 0 the upper triangle of the old `out` is the one used.
 * Domain: m, n >= 0 integers. `out` must NOT alias `a`.
 * The empirical Fisher of m score vectors g_p is gram(out, G, m, n, 1 / m).
 *
 * @example
 * gram(new Float64Array(4), Float64Array.of(1, 2, 3, 4), 2, 2);
 * // [[1*1 + 3*3, 1*2 + 3*4], [.., 2*2 + 4*4]] -> Float64Array [10, 14, 14, 20]
 */
export function gram(out: Float64Array, a: Float64Array, m: number, n: number, alpha = 1, beta = 0): Float64Array {
  gemmStrided(n, n, m, alpha, a, 0, 1, n, a, 0, n, 1, beta, out, 0, n, UPPER);
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) out[ri + j] = out[j * n + i];
  }
  return out;
}
