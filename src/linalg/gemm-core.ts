/**
 * The one general matrix-multiply engine behind gemm, gemmTN, gemmNT, gram and the blocked
 * Cholesky. Operands are addressed through (offset, row stride, column stride), so transposes
 * and sub-blocks cost nothing but a different stride in the packing loops.
 *
 * Three paths, chosen by size: a plain triple loop for tiny products; the WebAssembly SIMD
 * micro-kernel (wasm-kernel.ts, about 20 GFLOP/s) on operands packed into its linear memory;
 * the JavaScript packed kernel (gemm-js.ts, about 4.5 GFLOP/s) when wasm SIMD is unavailable.
 * The wasm path: B is packed once per column chunk (4-column strips, the full depth unless that
 * exceeds B_CAP), A per MC x KC block (4-row strips); the kernel accumulates an MC x nc block
 * of C inside wasm memory over all KC slices, and JavaScript adds alpha times that block into C
 * once per depth pass.
 *
 * Not re-exported from the package: callers use gemm.ts.
 */

import { FULL, LOWER, UPPER, type Part } from './gemm-parts.js';
import { gemmJs } from './gemm-js.js';
import { getWasmKernel, type WasmMemory } from './wasm-kernel.js';

export { FULL, LOWER, UPPER, type Part } from './gemm-parts.js';
export { setWasmEnabled } from './wasm-kernel.js';

/** Up to this many multiply-adds the packing overhead outweighs its benefit. */
const SMALL = 8 * 8 * 8;
/** From this many multiply-adds on, the wasm kernel beats the JS one despite its glue. */
const WASM_MIN = 16 * 16 * 16;
/** Rows of A per wasm block, and depth of a packed slice (4 x KC_W strip = 8 kB). */
const MC_W = 128;
const KC_W = 256;
/** Columns of B per packed chunk: a KC_W x NC_W slice (1 MB) stays in L2 across row blocks. */
const NC_W = 512;
/** Cap on the packed B chunk (doubles): 8 MB, so wasm memory stays below ~10 MB for any shape. */
const B_CAP = 1 << 20;

let heap = new Float64Array(0);

/**
 * C = alpha * op(A) op(B) + beta * C on strided views (internal engine; no argument checks).
 *
 * Formula: C[i, j] = alpha * sum_p A(i, p) B(p, j) + beta * C[i, j] for 0 <= i < m, 0 <= j < n,
 * where A(i, p) = a[ao + i * ars + p * acs], B(p, j) = b[bo + p * brs + j * bcs] and
 * C[i, j] = c[co + i * ldc + j]. With `part` = UPPER (LOWER) only entries with j >= i (j <= i)
 * are read or written. beta = 0 means C is not read (NaN in C does not propagate).
 * The region of `c` written must not overlap the regions of `a` and `b` read.
 *
 * @example
 * const c = new Float64Array(4);
 * gemmStrided(2, 2, 2, 1, Float64Array.of(1, 2, 3, 4), 0, 2, 1, Float64Array.of(5, 6, 7, 8), 0, 2, 1,
 *   0, c, 0, 2, FULL); // c = [19, 22, 43, 50]
 */
export function gemmStrided(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  b: Float64Array,
  bo: number,
  brs: number,
  bcs: number,
  beta: number,
  c: Float64Array,
  co: number,
  ldc: number,
  part: Part,
): void {
  if (m <= 0 || n <= 0) return;
  scaleC(m, n, beta, c, co, ldc, part);
  if (k <= 0 || alpha === 0) return;
  const work = m * n * k;
  if (work <= SMALL) {
    naive(m, n, k, alpha, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, part);
  } else if (work >= WASM_MIN && getWasmKernel() !== null) {
    gemmWasm(m, n, k, alpha, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, part);
  } else {
    gemmJs(m, n, k, alpha, a, ao, ars, acs, b, bo, brs, bcs, c, co, ldc, part);
  }
}

/** C <- beta * C over the selected part (beta = 0 writes zeros without reading C). */
function scaleC(m: number, n: number, beta: number, c: Float64Array, co: number, ldc: number, part: Part): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const lo = part === UPPER ? Math.min(i, n) : 0;
    const hi = part === LOWER ? Math.min(i + 1, n) : n;
    const r = co + i * ldc;
    if (beta === 0) c.fill(0, r + lo, r + hi);
    else for (let j = lo; j < hi; j++) c[r + j] *= beta;
  }
}

/** Plain triple loop for tiny products, in i-p-j order so the innermost loop is contiguous in C. */
function naive(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  b: Float64Array,
  bo: number,
  brs: number,
  bcs: number,
  c: Float64Array,
  co: number,
  ldc: number,
  part: Part,
): void {
  for (let i = 0; i < m; i++) {
    const lo = part === UPPER ? Math.min(i, n) : 0;
    const hi = part === LOWER ? Math.min(i + 1, n) : n;
    const r = co + i * ldc;
    for (let p = 0; p < k; p++) {
      const aip = alpha * a[ao + i * ars + p * acs];
      const bp = bo + p * brs;
      for (let j = lo; j < hi; j++) c[r + j] += aip * b[bp + j * bcs];
    }
  }
}

/** A Float64Array view of the wasm memory with at least `doubles` entries. */
function wasmHeap(memory: WasmMemory, doubles: number): Float64Array {
  const bytes = doubles * 8;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  if (heap.buffer !== memory.buffer) heap = new Float64Array(memory.buffer);
  return heap;
}

function gemmWasm(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  b: Float64Array,
  bo: number,
  brs: number,
  bcs: number,
  c: Float64Array,
  co: number,
  ldc: number,
  part: Part,
): void {
  const wk = getWasmKernel()!;
  for (let jc = 0; jc < n; jc += NC_W) {
    const nc = Math.min(NC_W, n - jc);
    const nt = (nc + 3) >> 2;
    const ncp = nt * 4;
    // The packed B chunk holds kb x ncp doubles; a very deep product (k samples of a Gram
    // matrix, say) is split into several depth passes, each adding its share into C.
    const kbMax = Math.max(KC_W, Math.floor(B_CAP / ncp / KC_W) * KC_W);
    for (let p0 = 0; p0 < k; p0 += kbMax) {
      const kb = Math.min(kbMax, k - p0);
      // Layout in doubles: [A block MC_W x KC_W | B chunk kb x ncp | C block MC_W x ncp].
      const paD = 0;
      const pbD = MC_W * KC_W;
      const pcD = pbD + kb * ncp;
      const h = wasmHeap(wk.memory, pcD + MC_W * ncp);
      packB(h, pbD, kb, nc, b, bo + p0 * brs + jc * bcs, brs, bcs);
      for (let ic = 0; ic < m; ic += MC_W) {
        const mc = Math.min(MC_W, m - ic);
        // Row blocks go down: a block above the chunk's triangle may be followed by one that
        // meets it (LOWER), while past the triangle nothing further does (UPPER).
        if (part === LOWER && jc > ic + mc - 1) continue;
        if (part === UPPER && jc + nc - 1 < ic) break;
        const ms = (mc + 3) >> 2;
        for (let pc = 0; pc < kb; pc += KC_W) {
          const kc = Math.min(KC_W, kb - pc);
          packA(h, paD, kc, mc, a, ao + ic * ars + (p0 + pc) * acs, ars, acs);
          for (let s = 0; s < ms; s++) {
            // Tiles of this 4-row strip that meet the requested triangle.
            const i0 = ic + 4 * s - jc; // first row, relative to the chunk's first column
            let t0 = 0;
            let t1 = nt;
            if (part === LOWER) t1 = Math.min(nt, ((i0 + 3) >> 2) + 1);
            else if (part === UPPER) t0 = Math.max(0, Math.ceil((i0 - 3) / 4));
            if (t0 >= t1) continue;
            wk.k(kc, 8 * (paD + s * 4 * kc), 8 * (pbD + pc * 4), 32 * kb, t0, t1, 8 * (pcD + s * 4 * ncp), 8 * ncp, pc > 0 ? 1 : 0);
          }
        }
        for (let ii = 0; ii < mc; ii++) {
          const i = ic + ii;
          const lo = part === UPPER ? Math.max(0, i - jc) : 0;
          const hi = part === LOWER ? Math.min(nc, i - jc + 1) : nc;
          const cr = co + i * ldc + jc;
          const hr = pcD + ii * ncp;
          for (let j = lo; j < hi; j++) c[cr + j] += alpha * h[hr + j];
        }
      }
    }
  }
}

/** Packs B(p, j) for p < k, j < nc into 4-column strips of depth k: strip t, row p at dst + t*4k + 4p. */
function packB(h: Float64Array, dst: number, k: number, nc: number, b: Float64Array, bo: number, brs: number, bcs: number): void {
  for (let j0 = 0; j0 < nc; j0 += 4) {
    let d = dst + j0 * k;
    const base = bo + j0 * bcs;
    const w = Math.min(4, nc - j0);
    if (w === 4) {
      for (let p = 0; p < k; p++, d += 4) {
        const s = base + p * brs;
        h[d] = b[s];
        h[d + 1] = b[s + bcs];
        h[d + 2] = b[s + 2 * bcs];
        h[d + 3] = b[s + 3 * bcs];
      }
    } else {
      for (let p = 0; p < k; p++, d += 4) {
        const s = base + p * brs;
        for (let jj = 0; jj < 4; jj++) h[d + jj] = jj < w ? b[s + jj * bcs] : 0;
      }
    }
  }
}

/** Packs A(i, p) for i < mc, p < kc into 4-row strips: strip s, column p at dst + s*4kc + 4p. */
function packA(h: Float64Array, dst: number, kc: number, mc: number, a: Float64Array, ao: number, ars: number, acs: number): void {
  let d = dst;
  for (let i0 = 0; i0 < mc; i0 += 4) {
    const base = ao + i0 * ars;
    const r = Math.min(4, mc - i0);
    if (r === 4) {
      const r1 = base + ars;
      const r2 = base + 2 * ars;
      const r3 = base + 3 * ars;
      for (let p = 0; p < kc; p++, d += 4) {
        const q = p * acs;
        h[d] = a[base + q];
        h[d + 1] = a[r1 + q];
        h[d + 2] = a[r2 + q];
        h[d + 3] = a[r3 + q];
      }
    } else {
      for (let p = 0; p < kc; p++, d += 4) {
        for (let ii = 0; ii < 4; ii++) h[d + ii] = ii < r ? a[base + ii * ars + p * acs] : 0;
      }
    }
  }
}
