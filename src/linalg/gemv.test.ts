import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gemv, gemvT } from './gemv.js';
import { EPS, makeRng, randomMatrix, refMul, refT, relErr, toMl } from './linalg.testutil.js';

/**
 * Each output entry is a dot product of length n with |entries| <= 1; any summation order is
 * within n eps sum|a_ij x_j| of the exact value, so relative to the output norm of random data
 * 4 n eps (plus the alpha/beta roundings) is a bound that does not fail by chance.
 */
const tol = (n: number): number => (4 * n + 4) * EPS;

describe('gemv', () => {
  it('exact small example, separate output, inputs untouched', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const x = Float64Array.of(1, 0, -1);
    const out = new Float64Array(2);
    expect(gemv(out, a, x, 2, 3)).toBe(out);
    expect(Array.from(out)).toEqual([-2, -2]);
    expect(Array.from(a)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(x)).toEqual([1, 0, -1]);
  });
  it('alpha and beta; beta = 0 ignores NaN in out', () => {
    const a = Float64Array.of(1, 2, 3, 4);
    const x = Float64Array.of(1, 1);
    expect(Array.from(gemv(Float64Array.of(10, 20), a, x, 2, 2, 2, 1))).toEqual([16, 34]);
    expect(Array.from(gemv(Float64Array.of(NaN, NaN), a, x, 2, 2))).toEqual([3, 7]);
    expect(Array.from(gemv(Float64Array.of(NaN, 1, 1), Float64Array.of(1, 2, 3), Float64Array.of(1), 3, 1))).toEqual([1, 2, 3]);
  });
  it('property: matches ml-matrix mmul, sizes 1..40 (odd sizes exercise the row-pair remainder)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (m, n, seed) => {
        const rng = makeRng(seed);
        const a = randomMatrix(rng, m, n);
        const x = randomMatrix(rng, n, 1);
        const ref = toMl(a, m, n).mmul(toMl(x, n, 1)).to1DArray();
        const a0 = a.slice();
        const x0 = x.slice();
        const out = gemv(new Float64Array(m), a, x, m, n);
        expect(relErr(out, ref)).toBeLessThanOrEqual(tol(n));
        expect(a).toEqual(a0);
        expect(x).toEqual(x0);
      }),
      { seed: 42, numRuns: 150 },
    );
  });
});

describe('gemvT', () => {
  it('exact small example, separate output, inputs untouched', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const x = Float64Array.of(1, -1);
    const out = new Float64Array(3);
    expect(gemvT(out, a, x, 2, 3)).toBe(out);
    expect(Array.from(out)).toEqual([-3, -3, -3]);
    expect(Array.from(a)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(x)).toEqual([1, -1]);
  });
  it('alpha and beta; beta = 0 ignores NaN in out', () => {
    const a = Float64Array.of(1, 2, 3, 4);
    const x = Float64Array.of(1, 1);
    expect(Array.from(gemvT(Float64Array.of(10, 20), a, x, 2, 2, 2, 1))).toEqual([18, 32]);
    expect(Array.from(gemvT(Float64Array.of(10, 20), a, x, 2, 2, 1, 0.5))).toEqual([9, 16]);
    expect(Array.from(gemvT(Float64Array.of(NaN, NaN), a, x, 2, 2))).toEqual([4, 6]);
  });
  it('property: equals gemv on the explicit transpose and the reference loop, sizes 1..40', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (m, n, seed) => {
        const rng = makeRng(seed);
        const a = randomMatrix(rng, m, n);
        const x = randomMatrix(rng, m, 1);
        const ref = refMul(refT(a, m, n), x, n, m, 1);
        const a0 = a.slice();
        const x0 = x.slice();
        const out = gemvT(new Float64Array(n), a, x, m, n);
        expect(relErr(out, ref)).toBeLessThanOrEqual(tol(m));
        expect(relErr(gemv(new Float64Array(n), refT(a, m, n), x, n, m), ref)).toBeLessThanOrEqual(tol(m));
        expect(a).toEqual(a0);
        expect(x).toEqual(x0);
      }),
      { seed: 42, numRuns: 150 },
    );
  });
});
