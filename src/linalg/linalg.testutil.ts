/**
 * Shared helpers for the linalg tests: a seeded generator of test matrices, conversion to and
 * from ml-matrix (the oracle), straightforward reference loops and error measures.
 */
import { Matrix } from 'ml-matrix';

const EPS = Number.EPSILON;
export { EPS };

/** mulberry32: small, seeded, good enough to fill test matrices reproducibly. */
export function makeRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** m x n matrix with entries uniform in [-1, 1). */
export function randomMatrix(rng: () => number, m: number, n: number): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = 2 * rng() - 1;
  return a;
}

/** Symmetric n x n matrix with entries uniform in [-1, 1). */
export function randomSymmetric(rng: () => number, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = 2 * rng() - 1;
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

/** SPD matrix B B^T + n I (condition number O(1)), built with a plain loop, exactly symmetric. */
export function randomSPD(rng: () => number, n: number, shift = n): Float64Array {
  const b = randomMatrix(rng, n, n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += b[i * n + p] * b[j * n + p];
      if (i === j) s += shift;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** Q diag(w) Q^T with Q a random orthogonal matrix (product of Householder reflections). */
export function withSpectrum(rng: () => number, w: ArrayLike<number>): Float64Array {
  const n = w.length;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let r = 0; r < 3; r++) {
    const v = randomMatrix(rng, n, 1);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    // q <- (I - 2 v v^T / v^T v) q
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[i] * q[i * n + j];
      const f = (2 * s) / vv;
      for (let i = 0; i < n; i++) q[i * n + j] -= f * v[i];
    }
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * w[k] * q[j * n + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

export function toMl(a: Float64Array, m: number, n: number): Matrix {
  const out = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.set(i, j, a[i * n + j]);
  return out;
}

export function fromMl(a: Matrix): Float64Array {
  const out = new Float64Array(a.rows * a.columns);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.columns; j++) out[i * a.columns + j] = a.get(i, j);
  return out;
}

/** Reference product C = A B (m x k times k x n) by the textbook triple loop. */
export function refMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  }
  return c;
}

/** Reference transpose of an m x n matrix. */
export function refT(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

export function frobenius(a: ArrayLike<number>, len = a.length): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** ||x - y||_F / max(||y||_F, floor): the relative error measure used throughout. */
export function relErr(x: ArrayLike<number>, y: ArrayLike<number>, len = y.length, floor = 1e-300): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < len; i++) {
    d += (x[i] - y[i]) ** 2;
    s += y[i] * y[i];
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(s), floor);
}

export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>, len = y.length): number {
  let d = 0;
  for (let i = 0; i < len; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
}

/** || V^T V - I ||_max for an n x n matrix with the vectors as columns. */
export function orthogonalityError(v: Float64Array, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[k * n + i] * v[k * n + j];
      e = Math.max(e, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return e;
}
