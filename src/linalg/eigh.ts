/**
 * Symmetric eigendecomposition A = V diag(w) V^T by Householder tridiagonalisation followed by
 * the implicit QL algorithm with Wilkinson shifts (the method of EISPACK tred2/tql2; see
 * Golub & Van Loan, Matrix Computations, 4th ed., sections 8.3.1 and 8.3.3), reorganised for
 * row-major storage so that every O(n^3) loop runs along contiguous rows:
 *
 * - the reduction keeps the active trailing matrix in the UPPER triangle, so the Householder
 *   vector of step k is row k and the symmetric matrix-vector product reads rows only;
 * - the transformations are accumulated into Z = Q^T, whose rows are the eigenvectors while
 *   the QL sweeps run; a plane rotation of eigenvector columns i, i+1 is then a rotation of
 *   two contiguous rows of Z;
 * - each QL sweep first computes its rotations, then applies them all to Z in one call of the
 *   WebAssembly SIMD kernel (wasm-kernel.ts; Z lives in that kernel's memory, rows padded to
 *   an even length), or of the equivalent JavaScript loop where wasm SIMD is unavailable;
 * - the output (eigenvectors as columns) is one permuted transpose at the end.
 */

import { getWasmKernel, type WasmKernel } from './wasm-kernel.js';

const EPS = 2 ** -52;
/** Total QL iteration budget is MAX_SWEEPS * n (LAPACK's dsteqr uses the same 30). */
const MAX_SWEEPS = 30;

let work = new Float64Array(0);
/** Z (n rows of stride ld) followed by the (c, s) pairs of one sweep; JS fallback storage. */
let zjs = new Float64Array(0);
let zheap = new Float64Array(0);
let es = new Float64Array(0);
let taus = new Float64Array(0);
let vs = new Float64Array(0);
let ps = new Float64Array(0);
let order = new Int32Array(0);

function ensure(n: number): void {
  if (work.length < n * n) work = new Float64Array(n * n);
  if (es.length < n) {
    es = new Float64Array(n);
    taus = new Float64Array(n);
    vs = new Float64Array(n);
    ps = new Float64Array(n);
    order = new Int32Array(n);
  }
}

/**
 * Eigenvalues and orthonormal eigenvectors of a real symmetric n x n matrix.
 *
 * Formula: A = V diag(w) V^T with V^T V = I, w[0] <= w[1] <= ... <= w[n-1]. Writes w into
 * `values` (length n) and V into `vectors` (n x n row-major, eigenvector j is COLUMN j:
 * vectors[i * n + j]). Domain: A symmetric (only its lower triangle is read); finite entries.
 * `a` is untouched; `vectors` may alias `a` (A is read before anything is written), `values`
 * must not. Returns true, or false if A has a non-finite entry or the QL iteration does not
 * converge within 30 n sweeps (never observed on finite input). Backward stable:
 * ||A V - V diag(w)|| and ||V^T V - I|| are O(n eps ||A||) and O(n eps).
 * Eigenvector signs are not normalised (each column is defined up to sign).
 *
 * @example
 * const w = new Float64Array(2), v = new Float64Array(4);
 * eighSym(w, v, Float64Array.of(2, 1, 1, 2), 2);
 * // w = [1, 3]; columns of v are +-[1, -1] / sqrt(2) and +-[1, 1] / sqrt(2)
 */
export function eighSym(values: Float64Array, vectors: Float64Array, a: Float64Array, n: number): boolean {
  if (n === 0) return true;
  ensure(n);
  const w = work;
  const ld = n + (n & 1);
  const csOff = ld * n;
  const kernel = getWasmKernel('eigh');
  const z = zStorage(kernel, csOff + 2 * n);
  const d = values;
  const e = es;
  const tau = taus;
  const v = vs;
  const p = ps;

  // Upper triangle of the working matrix from the lower triangle of A, scaled by a power of two
  // (exact) so that the largest entry is about 1: no overflow in squares, and the absolute
  // deflation floor in tridiagonalQL is meaningful.
  let amax = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = Math.abs(a[i * n + j]);
      if (x > amax) amax = x;
      else if (x !== x) return false;
    }
  }
  if (!Number.isFinite(amax)) return false;
  const sc = amax === 0 ? 1 : 2 ** Math.min(1023, Math.max(-1022, -Math.round(Math.log2(amax))));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) w[j * n + i] = a[i * n + j] * sc;
  }

  tridiagonalize(w, n, d, e, tau, v, p);
  accumulate(w, n, tau, z, ld, p);
  if (!tridiagonalQL(d, e, z, ld, n, csOff, kernel)) return false;

  // Ascending order (insertion sort on indices: n is small next to the O(n^3) above).
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 1; i < n; i++) {
    const oi = order[i];
    const di = d[oi];
    let j = i - 1;
    while (j >= 0 && d[order[j]] > di) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = oi;
  }
  for (let c = 0; c < n; c++) p[c] = d[order[c]] / sc;
  for (let c = 0; c < n; c++) values[c] = p[c];
  for (let c = 0; c < n; c++) {
    const zr = order[c] * ld;
    for (let r = 0; r < n; r++) vectors[r * n + c] = z[zr + r];
  }
  return true;
}

/** Storage for Z and the rotation pairs: the eigh kernel's wasm memory, or a JS array. */
function zStorage(kernel: WasmKernel | null, doubles: number): Float64Array {
  if (kernel === null) {
    if (zjs.length < doubles) zjs = new Float64Array(doubles);
    return zjs;
  }
  const mem = kernel.memory;
  const bytes = doubles * 8;
  if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
  if (zheap.buffer !== mem.buffer) zheap = new Float64Array(mem.buffer);
  return zheap;
}

/**
 * Householder reduction Q^T A Q = T on the upper-stored matrix w. On return d, e hold the
 * diagonal and superdiagonal of T (e[n-1] = 0), and row k of w holds, from column k+1 on,
 * the Householder vector v_k (v_k[k+1] = 1) of H_k = I - tau[k] v_k v_k^T; Q = H_0 ... H_{n-3}.
 */
function tridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  v: Float64Array,
  p: Float64Array,
): void {
  for (let k = 0; k < n - 2; k++) {
    const rk = k * n;
    d[k] = w[rk + k];
    const x0 = w[rk + k + 1];
    let ss = 0;
    for (let j = k + 2; j < n; j++) ss += w[rk + j] * w[rk + j];
    if (ss === 0) {
      // Already tridiagonal in this row (ss underflowing to 0 is harmless after scaling).
      tau[k] = 0;
      e[k] = x0;
      continue;
    }
    // H x = beta e_1 with beta = -sign(x0) ||x||: the sign avoids cancellation in x0 - beta.
    const beta = x0 >= 0 ? -Math.sqrt(x0 * x0 + ss) : Math.sqrt(x0 * x0 + ss);
    const t = (beta - x0) / beta;
    const inv = 1 / (x0 - beta);
    tau[k] = t;
    e[k] = beta;
    v[k + 1] = 1;
    w[rk + k + 1] = 1;
    for (let j = k + 2; j < n; j++) {
      const vj = w[rk + j] * inv;
      w[rk + j] = vj;
      v[j] = vj;
    }
    // p = t * A22 v using only the upper triangle of A22 (rows k+1..n-1): row i contributes a
    // dot product to p[i] and an axpy to p[i+1..], both contiguous.
    p.fill(0, k + 1, n);
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const vi = v[i];
      let s = w[ri + i] * vi;
      for (let j = i + 1; j < n; j++) {
        const aij = w[ri + j];
        s += aij * v[j];
        p[j] += aij * vi;
      }
      p[i] += s;
    }
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] *= t;
      pv += p[i] * v[i];
    }
    // q = p - (t/2)(p.v) v; then A22 <- A22 - v q^T - q v^T (upper triangle only).
    const half = 0.5 * t * pv;
    for (let i = k + 1; i < n; i++) p[i] -= half * v[i];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const vi = v[i];
      const qi = p[i];
      for (let j = i; j < n; j++) w[ri + j] -= vi * p[j] + qi * v[j];
    }
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2];
    e[n - 2] = w[(n - 2) * n + n - 1];
    tau[n - 2] = 0;
  }
  d[n - 1] = w[n * n - 1];
  e[n - 1] = 0;
}

/**
 * Z = Q^T = H_{n-3} ... H_0, built backwards so each step touches only the trailing block:
 * Z_sub <- Z_sub H_k = Z_sub - tau_k (Z_sub v_k) v_k^T, with rows of Z_sub read contiguously.
 */
function accumulate(w: Float64Array, n: number, tau: Float64Array, z: Float64Array, ld: number, y: Float64Array): void {
  z.fill(0, 0, ld * n);
  for (let i = 0; i < n; i++) z[i * ld + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    const vo = k * n; // v_k[j] = w[vo + j] for j = k+1..n-1
    const j0 = k + 1;
    // y = tau Z_sub v: two rows per pass, two partial sums per row (breaks the add chain).
    let i = j0;
    for (; i + 1 < n; i += 2) {
      const r0 = i * ld;
      const r1 = r0 + ld;
      let s0 = 0;
      let s1 = 0;
      let u0 = 0;
      let u1 = 0;
      let j = j0;
      for (; j + 1 < n; j += 2) {
        const v0 = w[vo + j];
        const v1 = w[vo + j + 1];
        s0 += z[r0 + j] * v0;
        u0 += z[r0 + j + 1] * v1;
        s1 += z[r1 + j] * v0;
        u1 += z[r1 + j + 1] * v1;
      }
      if (j < n) {
        s0 += z[r0 + j] * w[vo + j];
        s1 += z[r1 + j] * w[vo + j];
      }
      y[i] = t * (s0 + u0);
      y[i + 1] = t * (s1 + u1);
    }
    if (i < n) {
      const r0 = i * ld;
      let s0 = 0;
      for (let j = j0; j < n; j++) s0 += z[r0 + j] * w[vo + j];
      y[i] = t * s0;
    }
    for (let i = j0; i < n; i++) {
      const ri = i * ld;
      const yi = y[i];
      if (yi === 0) continue;
      for (let j = j0; j < n; j++) z[ri + j] -= yi * w[vo + j];
    }
  }
}

/**
 * Implicit QL with Wilkinson shifts on the symmetric tridiagonal (d, e), e[i] = T[i, i+1].
 * The plane rotation of T at index i is applied to rows i, i+1 of z (row stride ld); a sweep's
 * rotations are recorded at z[csOff + 2 i], z[csOff + 2 i + 1] and applied together after it.
 * On return d holds the eigenvalues (unsorted) and row j of z the eigenvector of d[j]. False if
 * the iteration budget runs out.
 */
function tridiagonalQL(
  d: Float64Array,
  e: Float64Array,
  z: Float64Array,
  ld: number,
  n: number,
  csOff: number,
  kernel: WasmKernel | null,
): boolean {
  let budget = MAX_SWEEPS * n;
  for (let l = 0; l < n; l++) {
    for (;;) {
      // Find the first negligible off-diagonal at or after l: T splits there. The test is
      // relative to the neighbouring diagonal (keeps small eigenvalues accurate), with an
      // absolute floor far below eps because the matrix was scaled to norm ~ 1.
      let m = l;
      for (; m < n - 1; m++) {
        const em = Math.abs(e[m]);
        if (em <= EPS * (Math.abs(d[m]) + Math.abs(d[m + 1])) || em < 1e-300) break;
      }
      if (m === l) break;
      if (--budget < 0) return false;
      // Wilkinson shift: the eigenvalue of the leading 2 x 2 block of rows l, l+1 closer to d[l].
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The bulge vanished: T already splits at i; restart with the deflated block.
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        z[csOff + 2 * i] = c;
        z[csOff + 2 * i + 1] = s;
      }
      // Rotations i + 1 .. m - 1 of this sweep (all of l .. m - 1 unless it stopped early).
      if (kernel !== null) kernel.rot(0, 8 * ld, i + 1, m, 8 * csOff);
      else rotateRows(z, ld, i + 1, m, csOff);
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return true;
}

/**
 * JavaScript twin of the wasm `rot` kernel: for i = m-1 down to lo, rows i and i+1 of z
 * (stride ld) become (c z_i - s z_{i+1}, s z_i + c z_{i+1}) with (c, s) = z[csOff + 2i ..].
 */
function rotateRows(z: Float64Array, ld: number, lo: number, m: number, csOff: number): void {
  for (let i = m - 1; i >= lo; i--) {
    const c = z[csOff + 2 * i];
    const s = z[csOff + 2 * i + 1];
    const zi = i * ld;
    const zj = zi + ld;
    for (let k = 0; k < ld; k++) {
      const zik = z[zi + k];
      const zjk = z[zj + k];
      z[zj + k] = s * zik + c * zjk;
      z[zi + k] = c * zik - s * zjk;
    }
  }
}
