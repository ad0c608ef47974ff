import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gemm, gemmNT, gemmTN, gram } from './gemm.js';
import { FULL, LOWER, UPPER, gemmStrided, setWasmEnabled } from './gemm-core.js';
import { getWasmKernel } from './wasm-kernel.js';
import { EPS, fromMl, makeRng, randomMatrix, refT, toMl } from './linalg.testutil.js';

/**
 * Per-entry error bound for C = alpha A B + beta C0 computed in any summation order:
 * |C - exact| <= (k + 2) eps (|alpha| sum_p |A_ip B_pj| + |beta C0_ij|) (Higham, Accuracy and
 * Stability, eq. 3.5, plus one rounding each for alpha, beta and the final add). The reference
 * is itself a float computation with the same bound, hence the factor 2. A wrong index or a
 * missed tile is off by O(1) and cannot hide under it.
 */
function expectProduct(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  alpha: number,
  beta: number,
  c0: Float64Array,
): void {
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const t = a[i * k + p] * b[p * n + j];
        s += t;
        abs += Math.abs(t);
      }
      const ref = beta === 0 ? alpha * s : alpha * s + beta * c0[i * n + j];
      const bound = 2 * (k + 2) * EPS * (Math.abs(alpha) * abs + (beta === 0 ? 0 : Math.abs(beta * c0[i * n + j])));
      const err = Math.abs(out[i * n + j] - ref);
      if (!(err <= bound)) worst = Math.max(worst, err / Math.max(bound, Number.MIN_VALUE));
      if (Number.isNaN(out[i * n + j])) worst = Infinity;
    }
  }
  expect(worst, 'largest error / bound among violating entries').toBe(0);
}

const sizes = fc.record({
  m: fc.integer({ min: 1, max: 40 }),
  k: fc.integer({ min: 1, max: 40 }),
  n: fc.integer({ min: 1, max: 40 }),
  seed: fc.integer(),
  alpha: fc.constantFrom(1, -1, 0.5, 3),
  beta: fc.constantFrom(0, 1, -2, 0.25),
});

it('the WebAssembly SIMD kernel is available in Node 20 (else only the JS path is tested)', () => {
  expect(getWasmKernel()).not.toBeNull();
});

for (const [path, wasm] of [
  ['wasm', true],
  ['js', false],
] as const) {
  describe(`gemm family (${path} path)`, () => {
    beforeAll(() => {
      setWasmEnabled(wasm);
    });
    afterAll(() => {
      setWasmEnabled(true);
    });

    it('documented 2 x 2 examples, exactly', () => {
      const a = Float64Array.of(1, 2, 3, 4);
      const b = Float64Array.of(5, 6, 7, 8);
      expect(Array.from(gemm(new Float64Array(4), a, b, 2, 2, 2))).toEqual([19, 22, 43, 50]);
      expect(Array.from(gemmTN(new Float64Array(4), a, b, 2, 2, 2))).toEqual([26, 30, 38, 44]);
      expect(Array.from(gemmNT(new Float64Array(4), a, b, 2, 2, 2))).toEqual([17, 23, 39, 53]);
      expect(Array.from(gram(new Float64Array(4), a, 2, 2))).toEqual([10, 14, 14, 20]);
    });

    it('beta = 0 never reads out (NaN does not propagate); k = 0 gives beta * out', () => {
      const a = randomMatrix(makeRng(1), 20, 30);
      const b = randomMatrix(makeRng(2), 30, 25);
      const out = new Float64Array(20 * 25).fill(NaN);
      gemm(out, a, b, 20, 30, 25);
      expectProduct(out, a, b, 20, 30, 25, 1, 0, out);
      const c = Float64Array.of(1, 2, 3, 4);
      expect(Array.from(gemm(c, new Float64Array(0), new Float64Array(0), 2, 0, 2, 1, 3))).toEqual([3, 6, 9, 12]);
      expect(Array.from(gemm(Float64Array.of(NaN, NaN), new Float64Array(0), new Float64Array(0), 1, 0, 2))).toEqual([0, 0]);
      // m = 0 or n = 0: nothing is written.
      const untouched = Float64Array.of(7);
      gemm(untouched, a, b, 0, 30, 25);
      expect(untouched[0]).toBe(7);
    });

    it('property: gemm = alpha A B + beta C, sizes 1..40, inputs untouched', () => {
      fc.assert(
        fc.property(sizes, ({ m, k, n, seed, alpha, beta }) => {
          const rng = makeRng(seed);
          const a = randomMatrix(rng, m, k);
          const b = randomMatrix(rng, k, n);
          const c0 = randomMatrix(rng, m, n);
          const a0 = a.slice();
          const b0 = b.slice();
          const out = c0.slice();
          expect(gemm(out, a, b, m, k, n, alpha, beta)).toBe(out);
          expectProduct(out, a, b, m, k, n, alpha, beta, c0);
          expect(a).toEqual(a0);
          expect(b).toEqual(b0);
        }),
        { seed: 42, numRuns: 120 },
      );
    });

    it('property: gemmTN and gemmNT equal gemm on explicit transposes, sizes 1..40', () => {
      fc.assert(
        fc.property(sizes, ({ m, k, n, seed, alpha, beta }) => {
          const rng = makeRng(seed);
          const at = randomMatrix(rng, k, m); // A stored k x m
          const bt = randomMatrix(rng, n, k); // B stored n x k
          const b = randomMatrix(rng, k, n);
          const c0 = randomMatrix(rng, m, n);
          const a2 = randomMatrix(rng, m, k);
          const copies = [at, bt, b, a2].map((x) => x.slice());
          const a = refT(at, k, m);
          const out1 = gemmTN(c0.slice(), at, b, m, k, n, alpha, beta);
          expectProduct(out1, a, b, m, k, n, alpha, beta, c0);
          const out2 = gemmNT(c0.slice(), a2, bt, m, k, n, alpha, beta);
          expectProduct(out2, a2, refT(bt, n, k), m, k, n, alpha, beta, c0);
          [at, bt, b, a2].forEach((x, i) => expect(x).toEqual(copies[i]));
        }),
        { seed: 42, numRuns: 120 },
      );
    });

    it('property: gram(A) = A^T A, exactly symmetric, sizes 1..40; beta uses the upper triangle', () => {
      fc.assert(
        fc.property(sizes, ({ m, n, seed, alpha, beta }) => {
          const rng = makeRng(seed);
          const a = randomMatrix(rng, m, n);
          const a0 = a.slice();
          const c0 = randomMatrix(rng, n, n);
          // gram reads only the upper triangle of the old out: make c0 symmetric for the reference.
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c0[i * n + j] = c0[j * n + i];
          const out = c0.slice();
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = NaN;
          gram(out, a, m, n, alpha, beta);
          expectProduct(out, refT(a, m, n), a, n, m, n, alpha, beta, c0);
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(out[i * n + j]).toBe(out[j * n + i]);
          expect(a).toEqual(a0);
        }),
        { seed: 42, numRuns: 120 },
      );
    });

    it('large shapes crossing every block boundary (m 130 > MC, k 300 > KC, n 530 > NC) vs ml-matrix', () => {
      const [m, k, n] = [130, 300, 530];
      const rng = makeRng(3);
      const a = randomMatrix(rng, m, k);
      const b = randomMatrix(rng, k, n);
      const out = gemm(new Float64Array(m * n), a, b, m, k, n);
      expectProduct(out, a, b, m, k, n, 1, 0, out);
      const ml = fromMl(toMl(a, m, k).mmul(toMl(b, k, n)));
      expectProduct(ml, a, b, m, k, n, 1, 0, ml);
      const g = gram(new Float64Array(n * n), b, k, n);
      expectProduct(g, refT(b, k, n), b, n, k, n, 1, 0, g);
    });

    it('a very deep Gram matrix (m = 100000 samples of dimension 12) is split into depth passes', () => {
      const [m, n] = [100_000, 12];
      const a = randomMatrix(makeRng(4), m, n);
      const g = gram(new Float64Array(n * n), a, m, n, 1 / m);
      expectProduct(g, refT(a, m, n), a, n, m, n, 1 / m, 0, g);
    });

    it('gemmStrided writes only the requested triangle (LOWER, UPPER) and leaves the rest', () => {
      for (const [m, n, k] of [
        [37, 37, 21],
        [150, 150, 40],
        [9, 14, 5],
        [600, 600, 4], // more columns than one packed chunk (512)
      ]) {
        const rng = makeRng(m + n + k);
        const a = randomMatrix(rng, m, k);
        const b = randomMatrix(rng, k, n);
        for (const part of [LOWER, UPPER, FULL]) {
          const c = new Float64Array(m * n).fill(-7);
          gemmStrided(m, n, k, 1, a, 0, k, 1, b, 0, n, 1, 0, c, 0, n, part);
          const full = gemm(new Float64Array(m * n), a, b, m, k, n);
          let worst = 0;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              const inside = part === FULL || (part === LOWER ? j <= i : j >= i);
              // Inside: the same products in the same kernel order as gemm, hence bitwise equal.
              worst = Math.max(worst, Math.abs(c[i * n + j] - (inside ? full[i * n + j] : -7)));
            }
          }
          expect(worst).toBe(0);
        }
      }
    });
  });
}
