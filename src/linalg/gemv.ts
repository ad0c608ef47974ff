/**
 * Matrix-vector products with a row-major m x n matrix.
 */

/**
 * out = alpha * A x + beta * out, A m x n row-major, x of length n, out of length m.
 *
 * Formula: out[i] = alpha * sum_j A[i, j] x[j] + beta * out[i]. Domain: m, n >= 0; with
 * beta = 0 (the default) `out` is not read. `out` must NOT alias `x` (every out[i] needs all of
 * x); it may be any other array. Rows are processed in pairs so each load of x[j] serves two
 * rows, with the inner loop contiguous in A.
 *
 * @example gemv(new Float64Array(2), Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 1), 2, 2)
 * // Float64Array [3, 7]
 */
export function gemv(
  out: Float64Array,
  a: Float64Array,
  x: Float64Array,
  m: number,
  n: number,
  alpha = 1,
  beta = 0,
): Float64Array {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    let s0 = 0;
    let s1 = 0;
    let t0 = 0;
    let t1 = 0;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const x0 = x[j];
      const x1 = x[j + 1];
      s0 += a[r0 + j] * x0;
      t0 += a[r0 + j + 1] * x1;
      s1 += a[r1 + j] * x0;
      t1 += a[r1 + j + 1] * x1;
    }
    if (j < n) {
      s0 += a[r0 + j] * x[j];
      s1 += a[r1 + j] * x[j];
    }
    out[i] = beta === 0 ? alpha * (s0 + t0) : alpha * (s0 + t0) + beta * out[i];
    out[i + 1] = beta === 0 ? alpha * (s1 + t1) : alpha * (s1 + t1) + beta * out[i + 1];
  }
  if (i < m) {
    const r0 = i * n;
    let s0 = 0;
    for (let j = 0; j < n; j++) s0 += a[r0 + j] * x[j];
    out[i] = beta === 0 ? alpha * s0 : alpha * s0 + beta * out[i];
  }
  return out;
}

/**
 * out = alpha * A^T x + beta * out, A m x n row-major (not transposed in memory), x of length m,
 * out of length n.
 *
 * Formula: out[j] = alpha * sum_i A[i, j] x[i] + beta * out[j]. Domain: m, n >= 0; with
 * beta = 0 (the default) `out` is not read. `out` must NOT alias `x`. Computed as a sum of
 * scaled rows (out += (alpha x[i]) A[i, :]) so that A is read row by row.
 *
 * @example gemvT(new Float64Array(2), Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 1), 2, 2)
 * // Float64Array [4, 6]
 */
export function gemvT(
  out: Float64Array,
  a: Float64Array,
  x: Float64Array,
  m: number,
  n: number,
  alpha = 1,
  beta = 0,
): Float64Array {
  if (beta === 0) out.fill(0, 0, n);
  else if (beta !== 1) for (let j = 0; j < n; j++) out[j] *= beta;
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    const x0 = alpha * x[i];
    const x1 = alpha * x[i + 1];
    for (let j = 0; j < n; j++) out[j] += x0 * a[r0 + j] + x1 * a[r1 + j];
  }
  if (i < m) {
    const r0 = i * n;
    const x0 = alpha * x[i];
    for (let j = 0; j < n; j++) out[j] += x0 * a[r0 + j];
  }
  return out;
}
