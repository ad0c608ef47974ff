import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { axpy, dot, norm2, scale } from './vector.js';
import { EPS, makeRng, randomMatrix } from './linalg.testutil.js';

/**
 * dot with 4 interleaved partial sums differs from a left-to-right sum only by reassociation:
 * |error| <= n eps sum |a_i b_i| for either order, so comparing the two within 2 n eps times
 * sum |a_i b_i| cannot fail spuriously.
 */
const dotTol = (n: number, absSum: number): number => 2 * n * EPS * absSum;
/** norm2: sqrt of a sum of n squares has relative error <= (n / 2 + 1) eps; we allow n + 2. */
const normTol = (n: number): number => (n + 2) * EPS;

describe('dot', () => {
  it('exact small values', () => {
    expect(dot(Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6), 3)).toBe(32);
    expect(dot(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(1, 1, 1, 1, 1), 5)).toBe(15);
    expect(dot(new Float64Array(0), new Float64Array(0), 0)).toBe(0);
  });
  it('uses only the first n entries and leaves inputs untouched', () => {
    const a = Float64Array.of(1, 2, 3, 100);
    const b = Float64Array.of(1, 1, 1, 100);
    const a0 = a.slice();
    const b0 = b.slice();
    expect(dot(a, b, 3)).toBe(6);
    expect(a).toEqual(a0);
    expect(b).toEqual(b0);
  });
  it('dot(a, a) of a vector with itself (aliased inputs) is the squared norm', () => {
    const a = Float64Array.of(3, 4, 12);
    expect(dot(a, a, 3)).toBe(169);
  });
  it('property: agrees with a left-to-right sum, sizes 0..40', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer(), (n, seed) => {
        const rng = makeRng(seed);
        const a = randomMatrix(rng, n, 1);
        const b = randomMatrix(rng, n, 1);
        let s = 0;
        let abs = 0;
        for (let i = 0; i < n; i++) {
          s += a[i] * b[i];
          abs += Math.abs(a[i] * b[i]);
        }
        expect(Math.abs(dot(a, b, n) - s)).toBeLessThanOrEqual(dotTol(n, abs));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('axpy', () => {
  it('separate output, exact values, inputs untouched', () => {
    const x = Float64Array.of(1, 2);
    const y = Float64Array.of(10, 20);
    const out = new Float64Array(2);
    expect(axpy(out, 2, x, y, 2)).toBe(out);
    expect(Array.from(out)).toEqual([12, 24]);
    expect(Array.from(x)).toEqual([1, 2]);
    expect(Array.from(y)).toEqual([10, 20]);
  });
  it('out aliased to x, to y, and x = y = out', () => {
    const x = Float64Array.of(1, 2, 3);
    const y = Float64Array.of(10, 20, 30);
    axpy(x, 2, x, y, 3);
    expect(Array.from(x)).toEqual([12, 24, 36]);
    const x2 = Float64Array.of(1, 2, 3);
    const y2 = Float64Array.of(10, 20, 30);
    axpy(y2, -1, x2, y2, 3);
    expect(Array.from(y2)).toEqual([9, 18, 27]);
    const z = Float64Array.of(1, 2, 3);
    axpy(z, 3, z, z, 3);
    expect(Array.from(z)).toEqual([4, 8, 12]);
  });
  it('touches only the first n entries', () => {
    const out = Float64Array.of(7, 7, 7);
    axpy(out, 1, Float64Array.of(1, 1, 1), Float64Array.of(1, 1, 1), 2);
    expect(Array.from(out)).toEqual([2, 2, 7]);
  });
});

describe('scale', () => {
  it('separate output and aliased output', () => {
    const x = Float64Array.of(1, -2);
    const out = new Float64Array(2);
    scale(out, 3, x, 2);
    expect(Array.from(out)).toEqual([3, -6]);
    expect(Array.from(x)).toEqual([1, -2]);
    expect(scale(x, -0.5, x, 2)).toBe(x);
    expect(Array.from(x)).toEqual([-0.5, 1]);
  });
});

describe('norm2', () => {
  it('exact small values and edge cases', () => {
    expect(norm2(Float64Array.of(3, 4), 2)).toBe(5);
    expect(norm2(new Float64Array(0), 0)).toBe(0);
    expect(norm2(new Float64Array(5), 5)).toBe(0);
    expect(norm2(Float64Array.of(-2), 1)).toBe(2);
    expect(norm2(Float64Array.of(1, NaN), 2)).toBeNaN();
    expect(norm2(Float64Array.of(1, Infinity), 2)).toBe(Infinity);
    expect(norm2(Float64Array.of(-Infinity, Infinity), 2)).toBe(Infinity);
  });
  it('no overflow or underflow in the squares', () => {
    expect(Math.abs(norm2(Float64Array.of(3e200, 4e200), 2) / 5e200 - 1)).toBeLessThanOrEqual(normTol(2));
    expect(Math.abs(norm2(Float64Array.of(3e-200, 4e-200), 2) / 5e-200 - 1)).toBeLessThanOrEqual(normTol(2));
    expect(norm2(Float64Array.of(5e-324, 0), 2)).toBe(5e-324);
    expect(Math.abs(norm2(Float64Array.of(1e308, 1e308), 2) / (Math.SQRT2 * 1e308) - 1)).toBeLessThanOrEqual(normTol(2));
  });
  it('input untouched', () => {
    const x = Float64Array.of(1e200, 2, 3);
    const x0 = x.slice();
    norm2(x, 3);
    expect(x).toEqual(x0);
  });
  it('property: equals sqrt(dot(x, x)) for moderate entries, and is scale-equivariant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        const x = randomMatrix(makeRng(seed), n, 1);
        const r = norm2(x, n);
        expect(Math.abs(r - Math.sqrt(dot(x, x, n)))).toBeLessThanOrEqual(normTol(n) * r);
        // Scaling by 2^600 is exact, so the scaled path must agree to rounding.
        const big = x.map((v) => v * 2 ** 600);
        expect(Math.abs(norm2(big, n) / 2 ** 600 - r)).toBeLessThanOrEqual(normTol(n) * r);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
