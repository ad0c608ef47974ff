import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clipByNorm } from './clipByNorm.js';
import { norm2 } from '../linalg/index.js';

describe('clipByNorm', () => {
  it('documented example: (3, 4) clipped to norm 1 is (0.6, 0.8)', () => {
    const u = clipByNorm(1).update(Float64Array.of(3, 4), null, Float64Array.of(0, 0))[0];
    expect(Math.abs(u[0] - 0.6)).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(Math.abs(u[1] - 0.8)).toBeLessThanOrEqual(2 * Number.EPSILON);
  });

  it('property: the norm is min(|g|, maxNorm), the direction is kept, short gradients pass unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (gs, c) => {
          const g = Float64Array.from(gs);
          const u = clipByNorm(c).update(g, null, new Float64Array(g.length))[0];
          const n = norm2(g, g.length);
          if (n <= c) {
            expect(Array.from(u)).toEqual(Array.from(g));
          } else {
            expect(Math.abs(norm2(u, u.length) - c)).toBeLessThanOrEqual(1e-14 * c);
            for (let i = 0; i < g.length; i++) expect(Math.abs(u[i] - (g[i] * c) / n)).toBeLessThanOrEqual(1e-14 * c);
          }
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('rejects a non-positive bound', () => {
    expect(() => clipByNorm(0)).toThrow(/maxNorm/);
  });
});
