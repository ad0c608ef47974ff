import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CholeskyDecomposition, determinant, inverse } from 'ml-matrix';
import { cholesky, invSPD, logdetSPD, solveLower, solveLowerT, solveSPD, solveSPDMulti } from './cholesky.js';
import { setWasmEnabled } from './gemm-core.js';
import { EPS, fromMl, makeRng, maxAbsDiff, randomMatrix, randomSPD, refMul, refT, relErr, toMl } from './linalg.testutil.js';

/**
 * The test matrices B B^T + n I have condition number below ~10, so every quantity here is
 * computed to a few n eps relative (Cholesky is backward stable with ||dA|| <= c n eps ||A||;
 * Higham, Accuracy and Stability, thm 10.3). 8 n eps leaves room for the summation orders of
 * the blocked algorithm against the oracle's, while an indexing bug gives O(1) errors.
 */
const tol = (n: number): number => 8 * (n + 1) * EPS;

const spdSizes = fc.record({ n: fc.integer({ min: 1, max: 40 }), seed: fc.integer() });

/** ||L L^T - A||_F / ||A||_F with L read from the lower triangle of l. */
function reconstructionError(l: Float64Array, a: Float64Array, n: number): number {
  return relErr(refMul(l, refT(l, n, n), n, n, n), a);
}

/** n I + B B^T with B n x 20: SPD, cond ~ 1.5, and cheap to build at n = 1100. */
let big: Float64Array | undefined;
function bigSPD(n: number): Float64Array {
  if (big !== undefined) return big;
  const r = 20;
  const b = randomMatrix(makeRng(99), n, r);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = i === j ? n : 0;
      for (let p = 0; p < r; p++) s += b[i * r + p] * b[j * r + p];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  big = a;
  return a;
}

for (const [path, wasm] of [
  ['wasm', true],
  ['js', false],
] as const) {
  describe(`cholesky (${path} gemm)`, () => {
    beforeAll(() => {
      setWasmEnabled(wasm);
    });
    afterAll(() => {
      setWasmEnabled(true);
    });

    it('documented 2 x 2 example', () => {
      const l = cholesky(new Float64Array(4), Float64Array.of(4, 2, 2, 3), 2)!;
      expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
    });

    it('property: L L^T = A, L lower with positive diagonal, matches ml-matrix; a untouched', () => {
      fc.assert(
        fc.property(spdSizes, ({ n, seed }) => {
          const a = randomSPD(makeRng(seed), n);
          const a0 = a.slice();
          const l = cholesky(new Float64Array(n * n), a, n)!;
          expect(l).not.toBeNull();
          expect(a).toEqual(a0);
          for (let i = 0; i < n; i++) {
            expect(l[i * n + i]).toBeGreaterThan(0);
            for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
          }
          expect(reconstructionError(l, a, n)).toBeLessThanOrEqual(tol(n));
          const ml = fromMl(new CholeskyDecomposition(toMl(a, n, n)).lowerTriangularMatrix);
          expect(relErr(l, ml)).toBeLessThanOrEqual(tol(n));
        }),
        { seed: 42, numRuns: 100 },
      );
    });

    it('sizes that exercise the recursion and the gemm updates (n = 49, 100, 203)', () => {
      for (const n of [49, 100, 203]) {
        const a = randomSPD(makeRng(n), n);
        const l = cholesky(new Float64Array(n * n), a, n)!;
        expect(reconstructionError(l, a, n)).toBeLessThanOrEqual(tol(n));
        const ml = fromMl(new CholeskyDecomposition(toMl(a, n, n)).lowerTriangularMatrix);
        expect(relErr(l, ml)).toBeLessThanOrEqual(tol(n));
      }
    });

    it('n = 1100: updates span several packed column chunks; L L^T = A on 4000 sampled entries', () => {
      const n = 1100;
      const a = bigSPD(n);
      const l = cholesky(new Float64Array(n * n), a, n)!;
      expect(l).not.toBeNull();
      const rng = makeRng(77);
      let worst = 0;
      for (let s = 0; s < 4000; s++) {
        const i = Math.floor(rng() * n);
        const j = Math.floor(rng() * (i + 1));
        let sum = 0;
        for (let p = 0; p <= j; p++) sum += l[i * n + p] * l[j * n + p];
        worst = Math.max(worst, Math.abs(sum - a[i * n + j]) / n); // ||A|| ~ n
      }
      expect(worst).toBeLessThanOrEqual(tol(n));
    });

    it('out aliased to a factors in place', () => {
      const n = 60;
      const a = randomSPD(makeRng(5), n);
      const expected = cholesky(new Float64Array(n * n), a, n)!;
      const b = a.slice();
      expect(cholesky(b, b, n)).toBe(b);
      expect(maxAbsDiff(b, expected)).toBe(0);
    });

    it('reads only the lower triangle (NaN above the diagonal is ignored)', () => {
      const n = 70;
      const a = randomSPD(makeRng(6), n);
      const junk = a.slice();
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) junk[i * n + j] = NaN;
      const l1 = cholesky(new Float64Array(n * n), a, n)!;
      const l2 = cholesky(new Float64Array(n * n), junk, n)!;
      expect(maxAbsDiff(l1, l2)).toBe(0);
    });
  });
}

describe('cholesky: edge cases', () => {
  it('n = 1', () => {
    expect(Array.from(cholesky(new Float64Array(1), Float64Array.of(9), 1)!)).toEqual([3]);
    expect(cholesky(new Float64Array(1), Float64Array.of(0), 1)).toBeNull();
    expect(cholesky(new Float64Array(1), Float64Array.of(-1), 1)).toBeNull();
  });
  it('diagonal matrix: L = sqrt of the diagonal, exactly', () => {
    const l = cholesky(new Float64Array(9), Float64Array.of(4, 0, 0, 0, 9, 0, 0, 0, 2.25), 3)!;
    expect(Array.from(l)).toEqual([2, 0, 0, 0, 3, 0, 0, 0, 1.5]);
  });
  it('not positive definite: null (zero matrix, indefinite, singular PSD, NaN, Infinity), also at n = 100', () => {
    expect(cholesky(new Float64Array(9), new Float64Array(9), 3)).toBeNull();
    expect(cholesky(new Float64Array(4), Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
    expect(cholesky(new Float64Array(4), Float64Array.of(1, 1, 1, 1), 2)).toBeNull();
    expect(cholesky(new Float64Array(4), Float64Array.of(1, 0, NaN, 1), 2)).toBeNull();
    expect(cholesky(new Float64Array(4), Float64Array.of(Infinity, 0, 0, 1), 2)).toBeNull();
    const n = 100;
    const a = randomSPD(makeRng(8), n);
    a[90 * n + 90] = -1e6; // fails late, inside the recursion
    expect(cholesky(new Float64Array(n * n), a, n)).toBeNull();
  });
});

describe('solveLower, solveLowerT', () => {
  it('documented examples, exactly', () => {
    const l = Float64Array.of(2, 0, 1, 1);
    expect(Array.from(solveLower(new Float64Array(2), l, Float64Array.of(4, 5), 2))).toEqual([2, 3]);
    expect(Array.from(solveLowerT(new Float64Array(2), l, Float64Array.of(4, 5), 2))).toEqual([-0.5, 5]);
  });
  it('property: L (L^{-1} b) = b and L^T (L^{-T} b) = b, separate and aliased outputs; inputs untouched', () => {
    fc.assert(
      fc.property(spdSizes, ({ n, seed }) => {
        const rng = makeRng(seed);
        const l = cholesky(new Float64Array(n * n), randomSPD(rng, n), n)!;
        const b = randomMatrix(rng, n, 1);
        const l0 = l.slice();
        const b0 = b.slice();
        const y = solveLower(new Float64Array(n), l, b, n);
        expect(relErr(refMul(l, y, n, n, 1), b)).toBeLessThanOrEqual(tol(n));
        const x = solveLowerT(new Float64Array(n), l, b, n);
        expect(relErr(refMul(refT(l, n, n), x, n, n, 1), b)).toBeLessThanOrEqual(tol(n));
        expect(l).toEqual(l0);
        expect(b).toEqual(b0);
        const y2 = b.slice();
        expect(solveLower(y2, l, y2, n)).toBe(y2);
        expect(maxAbsDiff(y2, y)).toBe(0);
        const x2 = b.slice();
        expect(solveLowerT(x2, l, x2, n)).toBe(x2);
        expect(maxAbsDiff(x2, x)).toBe(0);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('solveSPD, solveSPDMulti', () => {
  it('documented examples', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    expect(Array.from(solveSPD(new Float64Array(2), a, Float64Array.of(2, 1), 2)!)).toEqual([0.5, 0]);
    expect(Array.from(solveSPDMulti(new Float64Array(4), a, Float64Array.of(2, 4, 1, 2), 2, 2)!)).toEqual([0.5, 1, 0, 0]);
  });
  it('property: A x = b against ml-matrix solve; aliased out; inputs untouched', () => {
    fc.assert(
      fc.property(spdSizes, fc.integer({ min: 1, max: 6 }), ({ n, seed }, nrhs) => {
        const rng = makeRng(seed);
        const a = randomSPD(rng, n);
        const b = randomMatrix(rng, n, nrhs);
        const a0 = a.slice();
        const b0 = b.slice();
        const x = solveSPDMulti(new Float64Array(n * nrhs), a, b, n, nrhs)!;
        expect(relErr(refMul(a, x, n, n, nrhs), b)).toBeLessThanOrEqual(tol(n));
        const ml = fromMl(new CholeskyDecomposition(toMl(a, n, n)).solve(toMl(b, n, nrhs)));
        expect(relErr(x, ml)).toBeLessThanOrEqual(tol(n));
        const x2 = b.slice();
        expect(solveSPDMulti(x2, a, x2, n, nrhs)).toBe(x2);
        expect(maxAbsDiff(x2, x)).toBe(0);
        // Column 0 through the single right-hand-side solver.
        const b1 = new Float64Array(n);
        for (let i = 0; i < n; i++) b1[i] = b[i * nrhs];
        const x1 = solveSPD(new Float64Array(n), a, b1, n)!;
        for (let i = 0; i < n; i++) expect(Math.abs(x1[i] - x[i * nrhs])).toBeLessThanOrEqual(tol(n) * (1 + Math.abs(x1[i])));
        const x3 = b1.slice();
        expect(solveSPD(x3, a, x3, n)).toBe(x3);
        expect(maxAbsDiff(x3, x1)).toBe(0);
        expect(a).toEqual(a0);
        expect(b).toEqual(b0);
      }),
      { seed: 42, numRuns: 80 },
    );
  });
  it('non-SPD: null, and the right-hand side is left as it was', () => {
    const b = Float64Array.of(1, 2);
    expect(solveSPD(new Float64Array(2), Float64Array.of(1, 2, 2, 1), b, 2)).toBeNull();
    expect(solveSPDMulti(b, Float64Array.of(1, 2, 2, 1), b, 2, 1)).toBeNull();
    expect(Array.from(b)).toEqual([1, 2]);
  });
  it('nrhs = 0 and n = 1', () => {
    expect(solveSPDMulti(new Float64Array(0), Float64Array.of(4), new Float64Array(0), 1, 0)!.length).toBe(0);
    expect(Array.from(solveSPD(new Float64Array(1), Float64Array.of(4), Float64Array.of(2), 1)!)).toEqual([0.5]);
  });
});

describe('invSPD', () => {
  it('documented example, to rounding (L has sqrt 2 in it)', () => {
    const inv = invSPD(new Float64Array(4), Float64Array.of(4, 2, 2, 3), 2)!;
    expect(maxAbsDiff(inv, [0.375, -0.25, -0.25, 0.5])).toBeLessThanOrEqual(4 * EPS);
  });
  it('property: A A^{-1} = I, exactly symmetric, matches ml-matrix inverse; aliased out', () => {
    fc.assert(
      fc.property(spdSizes, ({ n, seed }) => {
        const a = randomSPD(makeRng(seed), n);
        const a0 = a.slice();
        const inv = invSPD(new Float64Array(n * n), a, n)!;
        expect(a).toEqual(a0);
        const eye = new Float64Array(n * n);
        for (let i = 0; i < n; i++) eye[i * n + i] = 1;
        expect(relErr(refMul(a, inv, n, n, n), eye)).toBeLessThanOrEqual(tol(n));
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
        expect(relErr(inv, fromMl(inverse(toMl(a, n, n))))).toBeLessThanOrEqual(tol(n));
        const b = a.slice();
        expect(invSPD(b, b, n)).toBe(b);
        expect(maxAbsDiff(b, inv)).toBe(0);
      }),
      { seed: 42, numRuns: 80 },
    );
  });
  it('recursive sizes (n = 97, 160): A A^{-1} = I', () => {
    for (const n of [97, 160]) {
      const a = randomSPD(makeRng(n), n);
      const inv = invSPD(new Float64Array(n * n), a, n)!;
      const eye = new Float64Array(n * n);
      for (let i = 0; i < n; i++) eye[i * n + i] = 1;
      expect(relErr(refMul(a, inv, n, n, n), eye)).toBeLessThanOrEqual(tol(n));
    }
  });
  it('non-SPD: null', () => {
    expect(invSPD(new Float64Array(4), Float64Array.of(0, 0, 0, 0), 2)).toBeNull();
  });
});

describe('logdetSPD', () => {
  it('documented example and n = 1', () => {
    expect(Math.abs(logdetSPD(Float64Array.of(4, 2, 2, 3), 2)! - Math.log(8))).toBeLessThanOrEqual(4 * EPS);
    expect(logdetSPD(Float64Array.of(Math.E), 1)).toBe(1);
  });
  it('property: equals log of the ml-matrix determinant; a untouched', () => {
    fc.assert(
      fc.property(fc.record({ n: fc.integer({ min: 1, max: 25 }), seed: fc.integer() }), ({ n, seed }) => {
        const a = randomSPD(makeRng(seed), n);
        const a0 = a.slice();
        const ld = logdetSPD(a, n)!;
        const ref = Math.log(determinant(toMl(a, n, n)));
        // log det has absolute error ~ n eps (sum of n logs of diagonal entries each ~ eps relative).
        expect(Math.abs(ld - ref)).toBeLessThanOrEqual(tol(n) * Math.max(1, Math.abs(ref)));
        expect(a).toEqual(a0);
      }),
      { seed: 42, numRuns: 80 },
    );
  });
  it('no overflow where det A itself overflows: 1e200 I (n = 4) has log det = 4 log 1e200', () => {
    const a = new Float64Array(16);
    for (let i = 0; i < 4; i++) a[i * 5] = 1e200;
    expect(Math.abs(logdetSPD(a, 4)! - 4 * Math.log(1e200)) / (4 * Math.log(1e200))).toBeLessThanOrEqual(4 * EPS);
  });
  it('non-SPD: null', () => {
    expect(logdetSPD(Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
  });
});
