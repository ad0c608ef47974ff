import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solve } from 'ml-matrix';
import { lstsq } from './lstsq.js';
import { EPS, frobenius, fromMl, makeRng, maxAbsDiff, randomMatrix, refMul, refT, relErr, toMl } from './linalg.testutil.js';

/**
 * Householder least squares is backward stable; for random m x n matrices with m >= n + 3 the
 * condition number stays below ~50, and the solution's relative error is O(cond (m + n) eps)
 * (Golub & Van Loan, 5.3.7). 64 (m + n) eps bounds that with margin at these sizes; the normal
 * equation residual A^T (A x - b), a backward-error measure, is checked relative to
 * ||A|| (||A|| ||x|| + ||b||) (Frobenius norms).
 */
const tol = (m: number, n: number): number => 64 * (m + n) * EPS;

describe('lstsq', () => {
  it('documented example: straight-line fit', () => {
    const x = lstsq(new Float64Array(2), Float64Array.of(1, 0, 1, 1, 1, 2), Float64Array.of(1, 2, 4), 3, 2)!;
    expect(maxAbsDiff(x, [5 / 6, 3 / 2])).toBeLessThanOrEqual(8 * EPS);
  });

  it('property: normal equations hold and the result matches ml-matrix solve (QR), m in n+3..40, nrhs 1..3', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 3, max: 10 }), fc.integer({ min: 1, max: 3 }), fc.integer(), (n, extra, nrhs, seed) => {
        const m = n + extra;
        const rng = makeRng(seed);
        const a = randomMatrix(rng, m, n);
        const b = randomMatrix(rng, m, nrhs);
        const a0 = a.slice();
        const b0 = b.slice();
        const x = lstsq(new Float64Array(n * nrhs), a, b, m, n, nrhs)!;
        expect(x).not.toBeNull();
        expect(a).toEqual(a0);
        expect(b).toEqual(b0);
        const r = refMul(a, x, m, n, nrhs).map((v, i) => v - b[i]);
        const atr = refMul(refT(a, m, n), r, n, m, nrhs);
        const na = frobenius(a);
        expect(frobenius(atr) / (na * (na * frobenius(x) + frobenius(b)))).toBeLessThanOrEqual(tol(m, n));
        const ml = fromMl(solve(toMl(a, m, n), toMl(b, m, nrhs)));
        expect(relErr(x, ml)).toBeLessThanOrEqual(tol(m, n));
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('square systems are solved; consistent systems are fitted exactly; out may alias a or b', () => {
    const n = 12;
    const rng = makeRng(3);
    const a = randomMatrix(rng, n, n);
    const xTrue = randomMatrix(rng, n, 1);
    const b = refMul(a, xTrue, n, n, 1);
    expect(relErr(lstsq(new Float64Array(n), a, b, n, n)!, xTrue)).toBeLessThanOrEqual(1e-12);
    const m = 40;
    const tall = randomMatrix(rng, m, n);
    const bt = refMul(tall, xTrue, m, n, 1);
    const x1 = lstsq(new Float64Array(n), tall, bt, m, n)!;
    expect(relErr(x1, xTrue)).toBeLessThanOrEqual(tol(m, n));
    const alias = bt.slice();
    expect(lstsq(alias, tall, alias, m, n)).toBe(alias);
    expect(maxAbsDiff(alias.subarray(0, n), x1)).toBe(0);
    const aliasA = tall.slice();
    expect(lstsq(aliasA, aliasA, bt, m, n)).toBe(aliasA);
    expect(maxAbsDiff(aliasA.subarray(0, n), x1)).toBe(0);
  });

  it('n = 1: the mean of b for a column of ones', () => {
    const x = lstsq(new Float64Array(1), Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 2, 3, 6), 4, 1)!;
    expect(x[0]).toBe(3);
  });

  it('rank deficient, m < n, zero column or non-finite entries: null', () => {
    expect(lstsq(new Float64Array(2), Float64Array.of(1, 2, 2, 4, 3, 6), Float64Array.of(1, 2, 3), 3, 2)).toBeNull();
    expect(lstsq(new Float64Array(2), Float64Array.of(1, 0, 1, 0, 1, 0), Float64Array.of(1, 2, 3), 3, 2)).toBeNull();
    expect(lstsq(new Float64Array(3), Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(1, 2), 2, 3)).toBeNull();
    expect(lstsq(new Float64Array(1), Float64Array.of(1, NaN), Float64Array.of(1, 2), 2, 1)).toBeNull();
  });
});
