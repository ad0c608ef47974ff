/**
 * Level-1 kernels on the first n entries of Float64Array vectors.
 */

/**
 * Inner product of the first n entries: sum_i a[i] b[i].
 *
 * Domain: n >= 0 (0 gives 0). Four interleaved partial sums break the add-latency chain
 * (about 2x faster than a single accumulator in V8); the result can therefore differ from
 * left-to-right summation in the last bits.
 *
 * @example dot(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6), 3) // 32
 */
export function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + (s2 + s3);
}

/**
 * out = alpha * x + y (entrywise, first n entries). `out` may alias `x` and/or `y`.
 *
 * @example axpy(new Float64Array(2), 2, Float64Array.of(1, 2), Float64Array.of(10, 20), 2)
 * // Float64Array [12, 24]
 */
export function axpy(out: Float64Array, alpha: number, x: Float64Array, y: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) out[i] = alpha * x[i] + y[i];
  return out;
}

/**
 * out = alpha * x (entrywise, first n entries). `out` may alias `x`.
 *
 * @example scale(new Float64Array(2), 3, Float64Array.of(1, -2), 2) // Float64Array [3, -6]
 */
export function scale(out: Float64Array, alpha: number, x: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) out[i] = alpha * x[i];
  return out;
}

/** Squares below this (or above BIG) may have under- or overflowed: rescale. */
const TINY = 1e-280;
const BIG = 1e280;

/**
 * Euclidean norm sqrt(sum_i x[i]^2) of the first n entries, without spurious overflow or
 * underflow: a plain sum of squares is used when it is safely in range, otherwise the sum is
 * recomputed on x / max|x_i| (so norm2([1e200, 1e200]) = 1.414e200, not Infinity).
 * NaN in x gives NaN; an infinite entry (and no NaN) gives Infinity.
 *
 * @example norm2(Float64Array.of(3, 4), 2) // 5
 */
export function norm2(x: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  if (s > TINY && s < BIG) return Math.sqrt(s);
  if (Number.isNaN(s)) return s;
  let amax = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(x[i]);
    if (v > amax) amax = v;
  }
  if (amax === 0 || amax === Infinity) return amax;
  // Divide rather than multiply by 1 / amax: the reciprocal of a subnormal overflows.
  s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] / amax;
    s += v * v;
  }
  return amax * Math.sqrt(s);
}
