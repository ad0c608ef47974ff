import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { identity, symmetrize, transpose } from './matrix.js';
import { makeRng, maxAbsDiff, randomMatrix, refT } from './linalg.testutil.js';

describe('transpose', () => {
  it('rectangular, separate output, exact', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const out = new Float64Array(6);
    expect(transpose(out, a, 2, 3)).toBe(out);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(a)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('square in place (out = a)', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    expect(transpose(a, a, 3, 3)).toBe(a);
    expect(Array.from(a)).toEqual([1, 4, 7, 2, 5, 8, 3, 6, 9]);
  });
  it('rectangular in place (out = a) goes through scratch', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    transpose(a, a, 3, 2);
    expect(Array.from(a)).toEqual([1, 3, 5, 2, 4, 6]);
  });
  it('n = 1 and empty', () => {
    expect(Array.from(transpose(new Float64Array(1), Float64Array.of(7), 1, 1))).toEqual([7]);
    expect(transpose(new Float64Array(0), new Float64Array(0), 0, 5).length).toBe(0);
  });
  it('property: equals the reference loop (sizes 1..80, crossing the 32-wide tiles), in place too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 80 }), fc.integer(), (m, n, seed) => {
        const a = randomMatrix(makeRng(seed), m, n);
        const a0 = a.slice();
        const ref = refT(a, m, n);
        expect(maxAbsDiff(transpose(new Float64Array(m * n), a, m, n), ref)).toBe(0);
        expect(maxAbsDiff(a, a0)).toBe(0);
        expect(maxAbsDiff(transpose(a, a, m, n), ref)).toBe(0);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('identity', () => {
  it('writes I_n over any previous content', () => {
    const out = Float64Array.of(5, 5, 5, 5, 5, 5, 5, 5, 5);
    expect(Array.from(identity(out, 3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(identity(new Float64Array(1), 1))).toEqual([1]);
  });
});

describe('symmetrize', () => {
  it('separate output, exact, input untouched', () => {
    const a = Float64Array.of(1, 2, 4, 3);
    const out = new Float64Array(4);
    expect(Array.from(symmetrize(out, a, 2))).toEqual([1, 3, 3, 3]);
    expect(Array.from(a)).toEqual([1, 2, 4, 3]);
  });
  it('in place (out = a), result exactly symmetric', () => {
    const a = randomMatrix(makeRng(7), 9, 9);
    const ref = new Float64Array(81);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) ref[i * 9 + j] = 0.5 * (a[i * 9 + j] + a[j * 9 + i]);
    symmetrize(a, a, 9);
    expect(a).toEqual(ref);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(a[i * 9 + j]).toBe(a[j * 9 + i]);
  });
});
