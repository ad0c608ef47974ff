import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diagonalFisherNG, scaleByDiagonalFisherInverse } from './diagonalFisherNG.js';
import { naturalGradient } from './naturalGradient.js';
import { normal, normalFamily } from '../families/normal.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { fisherSource } from '../families/derive.js';
import { InfogeoError } from '../errors.js';

const diag = (m: Float64Array, n: number) => Float64Array.from({ length: n }, (_, i) => m[i * n + i]);

describe('diagonalFisherNG', () => {
  it('equals the exact natural gradient when the Fisher is diagonal: normal in (mu, sigma), property', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (mu, sigma, g0, g1) => {
          const x = normal(mu, sigma).source;
          const g = Float64Array.of(g0, g1);
          const fisher = (s: Float64Array) => fisherSource(normalFamily, s);
          const d = diagonalFisherNG({ lr: 0.1, diagFisher: (s) => diag(fisher(s), 2) });
          const e = naturalGradient({ lr: 0.1, fisher });
          const [ud] = d.update(g, d.init(x), x);
          const [ue] = e.update(g, e.init(x), x);
          for (let i = 0; i < 2; i++) expect(Math.abs(ud[i] - ue[i])).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(ue[i]) + 1e-300);
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('differs from it when the Fisher is not diagonal: gamma in (shape, rate), by the measured amount', () => {
    const x = gamma(2, 3).source;
    const fisher = fisherSource(gammaFamily, x);
    const g = Float64Array.of(1, 1);
    const d = diagonalFisherNG({ lr: 1, diagFisher: () => diag(fisher, 2) });
    const e = naturalGradient({ lr: 1, fisher: () => fisher });
    const [ud] = d.update(g, d.init(x), x);
    const [ue] = e.update(g, e.init(x), x);
    // Closed form: F = [[psi'(a), -1/b], [-1/b, a/b^2]]; the diagonal step ignores the coupling.
    expect(Math.abs(ud[0] + 1 / fisher[0])).toBeLessThanOrEqual(1e-15);
    const rel = Math.hypot(ud[0] - ue[0], ud[1] - ue[1]) / Math.hypot(ue[0], ue[1]);
    expect(rel).toBeGreaterThan(0.5);
  });

  it('damping adds lambda to every entry (documented example)', () => {
    const t = scaleByDiagonalFisherInverse({ diagFisher: () => Float64Array.of(4, 0), damping: 1 });
    const x = Float64Array.of(0, 0);
    expect(Array.from(t.update(Float64Array.of(10, 3), t.init(x), x)[0])).toEqual([2, 3]);
  });

  it('rejects a zero entry without damping (suggesting damping), negative or non-finite entries, a wrong length', () => {
    const x = Float64Array.of(0, 0);
    const make = (d: Float64Array) => {
      const t = diagonalFisherNG({ lr: 0.1, diagFisher: () => d });
      return () => t.update(Float64Array.of(1, 1), t.init(x), x);
    };
    expect(make(Float64Array.of(1, 0))).toThrow(/damping/);
    expect(make(Float64Array.of(1, -1))).toThrow(/diagFisher\[1\]/);
    expect(make(Float64Array.of(NaN, 1))).toThrow(/diagFisher\[0\]/);
    expect(make(Float64Array.of(1))).toThrow(/length 2/);
    const t = diagonalFisherNG({ lr: 0.1, diagFisher: () => Float64Array.of(1, 1) });
    expect(() => t.update(Float64Array.of(Infinity, 1), t.init(x), x)).toThrow(InfogeoError);
    expect(() => diagonalFisherNG({ lr: 0.1, diagFisher: 3 as never })).toThrow(/diagFisher/);
  });
});
