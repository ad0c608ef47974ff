/**
 * The pure-JavaScript packed GEMM path (used when WebAssembly SIMD is unavailable or disabled).
 *
 * Structure (Goto / BLIS style, scaled down to what a JIT compiles well):
 *   for each KC-deep slice of the shared dimension,
 *     pack a KC x n panel of B into NR-wide column strips (each strip contiguous),
 *     for each MC-tall block of A: pack it into MR-tall row strips,
 *       for each (strip of B, strip of A): a 4 x 4 register micro-kernel.
 * The micro-kernel keeps the 16 partial sums in locals and reads both packed operands with
 * unit stride, which is what lets V8 keep them in registers; without packing the kernel is
 * bound by strided loads. About 4.5 GFLOP/s, the scalar ceiling of two FP ops per cycle.
 */

import { FULL, LOWER, UPPER, type Part } from './gemm-parts.js';

const MR = 4;
const NR = 4;
/** Depth of a packed slice: a 4 x KC strip of A plus a KC x 4 strip of B fit in L1 (16 kB). */
const KC = 256;
/** Rows of A packed at a time: MC x KC doubles = 192 kB, sized for L2. */
const MC = 96;
/** Columns of B packed at a time: the KC x NC panel (1 MB) stays in L2 across row blocks. */
const NC = 512;

const packA = new Float64Array(MC * KC);
let packB = new Float64Array(0);
const tile = new Float64Array(16);

/**
 * C += alpha * op(A) op(B) on strided views, restricted to `part` (see gemmStrided in
 * gemm-core.ts, which has already applied beta). `c` must not overlap `a` or `b`.
 *
 * @example
 * const c = new Float64Array(4);
 * gemmJs(2, 2, 2, 1, Float64Array.of(1, 2, 3, 4), 0, 2, 1, Float64Array.of(5, 6, 7, 8), 0, 2, 1, c, 0, 2, FULL);
 * // c = [19, 22, 43, 50]
 */
export function gemmJs(
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
  for (let jc = 0; jc < n; jc += NC) {
    gemmPanel(m, Math.min(NC, n - jc), k, alpha, a, ao, ars, acs, b, bo + jc * bcs, brs, bcs, c, co + jc, ldc, part, jc);
  }
}

/** gemmJs on columns [jOff, jOff + n) of the full problem; jOff only enters the triangle tests. */
function gemmPanel(
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
  jOff: number,
): void {
  const nStrips = Math.ceil(n / NR);
  const needB = nStrips * NR * Math.min(k, KC);
  if (packB.length < needB) packB = new Float64Array(needB);
  const pa = packA;
  const pb = packB;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    packPanelB(pb, kc, n, b, bo + pc * brs, brs, bcs);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = Math.min(MC, m - ic);
      // Row blocks go down: a block above the chunk's triangle may be followed by one that
      // meets it (LOWER), while past the triangle nothing further does (UPPER).
      if (part === LOWER && jOff > ic + mc - 1) continue;
      if (part === UPPER && jOff + n - 1 < ic) break;
      packPanelA(pa, kc, mc, a, ao + ic * ars + pc * acs, ars, acs);
      for (let js = 0; js < nStrips; js++) {
        const j0 = js * NR;
        const jg = jOff + j0; // global column of the strip, for the triangle tests
        const nr = Math.min(NR, n - j0);
        if (part === UPPER && jg + nr - 1 < ic) continue;
        if (part === LOWER && jg > ic + mc - 1) break;
        const bOff = js * NR * kc;
        for (let ir = 0; ir < mc; ir += MR) {
          const i0 = ic + ir;
          const mr = Math.min(MR, mc - ir);
          if (part === UPPER && jg + nr - 1 < i0) break;
          if (part === LOWER && jg > i0 + mr - 1) continue;
          const full =
            mr === MR &&
            nr === NR &&
            (part === FULL ||
              (part === UPPER && jg >= i0 + MR - 1) ||
              (part === LOWER && jg + NR - 1 <= i0));
          kernel4x4(pa, ir * kc, pb, bOff, kc, alpha, c, co + i0 * ldc + j0, ldc, full, mr, nr, i0, jg, part);
        }
      }
    }
  }
}

/**
 * Packs the kc x n panel B(p, j) = b[bo + p * brs + j * bcs] into NR-wide strips: strip s holds
 * B(p, s*NR + jj) at dst[s * NR * kc + p * NR + jj], zero-padded past column n.
 */
function packPanelB(dst: Float64Array, kc: number, n: number, b: Float64Array, bo: number, brs: number, bcs: number): void {
  let d = 0;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const nr = Math.min(NR, n - j0);
    const base = bo + j0 * bcs;
    if (nr === NR && bcs === 1) {
      for (let p = 0; p < kc; p++) {
        const s = base + p * brs;
        dst[d] = b[s];
        dst[d + 1] = b[s + 1];
        dst[d + 2] = b[s + 2];
        dst[d + 3] = b[s + 3];
        d += NR;
      }
    } else if (nr === NR) {
      for (let p = 0; p < kc; p++) {
        const s = base + p * brs;
        dst[d] = b[s];
        dst[d + 1] = b[s + bcs];
        dst[d + 2] = b[s + 2 * bcs];
        dst[d + 3] = b[s + 3 * bcs];
        d += NR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = base + p * brs;
        for (let jj = 0; jj < NR; jj++) dst[d + jj] = jj < nr ? b[s + jj * bcs] : 0;
        d += NR;
      }
    }
  }
}

/**
 * Packs the mc x kc block A(i, p) = a[ao + i * ars + p * acs] into MR-tall strips: strip s holds
 * A(s*MR + ii, p) at dst[s * MR * kc + p * MR + ii], zero-padded past row mc.
 */
function packPanelA(dst: Float64Array, kc: number, mc: number, a: Float64Array, ao: number, ars: number, acs: number): void {
  let d = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const mr = Math.min(MR, mc - i0);
    const base = ao + i0 * ars;
    if (mr === MR) {
      const r0 = base;
      const r1 = base + ars;
      const r2 = base + 2 * ars;
      const r3 = base + 3 * ars;
      for (let p = 0; p < kc; p++) {
        const q = p * acs;
        dst[d] = a[r0 + q];
        dst[d + 1] = a[r1 + q];
        dst[d + 2] = a[r2 + q];
        dst[d + 3] = a[r3 + q];
        d += MR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) dst[d + ii] = ii < mr ? a[base + ii * ars + p * acs] : 0;
        d += MR;
      }
    }
  }
}

/**
 * The 4 x 4 micro-kernel: C tile += alpha * (packed A strip) (packed B strip). When `full` is
 * false the tile is clipped to mr x nr and, for a triangular part, to the triangle.
 */
function kernel4x4(
  pa: Float64Array,
  ai: number,
  pb: Float64Array,
  bi: number,
  kc: number,
  alpha: number,
  c: Float64Array,
  ci: number,
  ldc: number,
  full: boolean,
  mr: number,
  nr: number,
  i0: number,
  j0: number,
  part: Part,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = ai + 4 * kc;
  for (; ai < end; ai += 4, bi += 4) {
    const a0 = pa[ai];
    const a1 = pa[ai + 1];
    const a2 = pa[ai + 2];
    const a3 = pa[ai + 3];
    const b0 = pb[bi];
    const b1 = pb[bi + 1];
    const b2 = pb[bi + 2];
    const b3 = pb[bi + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (full) {
    let r = ci;
    c[r] += alpha * c00; c[r + 1] += alpha * c01; c[r + 2] += alpha * c02; c[r + 3] += alpha * c03;
    r += ldc;
    c[r] += alpha * c10; c[r + 1] += alpha * c11; c[r + 2] += alpha * c12; c[r + 3] += alpha * c13;
    r += ldc;
    c[r] += alpha * c20; c[r + 1] += alpha * c21; c[r + 2] += alpha * c22; c[r + 3] += alpha * c23;
    r += ldc;
    c[r] += alpha * c30; c[r + 1] += alpha * c31; c[r + 2] += alpha * c32; c[r + 3] += alpha * c33;
    return;
  }
  const t = tile;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
  t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
  t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  for (let ii = 0; ii < mr; ii++) {
    const i = i0 + ii;
    for (let jj = 0; jj < nr; jj++) {
      const j = j0 + jj;
      if (part === UPPER && j < i) continue;
      if (part === LOWER && j > i) continue;
      c[ci + ii * ldc + jj] += alpha * t[ii * 4 + jj];
    }
  }
}
