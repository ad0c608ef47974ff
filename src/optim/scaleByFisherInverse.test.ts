import { describe, expect, it } from 'vitest';
import { scaleByFisherInverse, solveFisherSystem, trustRegionScale } from './scaleByFisherInverse.js';
import { InfogeoError } from '../errors.js';

describe('scaleByFisherInverse', () => {
  it('documented example: diag(4, 1)^{-1} (2, 2) = (0.5, 2)', () => {
    const t = scaleByFisherInverse({ fisher: () => Float64Array.of(4, 0, 0, 1) });
    const x = Float64Array.of(0, 0);
    const [u, s] = t.update(Float64Array.of(2, 2), t.init(x), x);
    expect(Array.from(u)).toEqual([0.5, 2]);
    expect(s).toEqual({ count: 1, cgIterations: 0, cgRelativeResidual: 0 });
  });

  it('records CG diagnostics in its state, and does not mutate the previous state', () => {
    const t = scaleByFisherInverse({ fisherVectorProduct: (_p, v) => Float64Array.of(4 * v[0] + v[1], v[0] + 3 * v[1]) });
    const x = Float64Array.of(0, 0);
    const s0 = t.init(x);
    const [u, s1] = t.update(Float64Array.of(1, 2), s0, x);
    expect(Math.abs(u[0] - 1 / 11)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(u[1] - 7 / 11)).toBeLessThanOrEqual(1e-15);
    expect(s1.cgIterations).toBe(2);
    expect(s1.count).toBe(1);
    expect(s0.count).toBe(0);
  });

  it('a truncated CG solve (maxIter reached) is returned, not rejected: a descent direction', () => {
    const n = 10;
    const apply = (_p: Float64Array, v: Float64Array) => v.map((vi, i) => (i + 1) ** 2 * vi);
    const t = scaleByFisherInverse({ fisherVectorProduct: apply, cg: { maxIter: 2 } });
    const g = new Float64Array(n).fill(1);
    const [u, s] = t.update(g, t.init(g), g);
    expect(s.cgIterations).toBe(2);
    expect(s.cgRelativeResidual).toBeGreaterThan(1e-3);
    expect(u.reduce((a, ui, i) => a + ui * g[i], 0)).toBeGreaterThan(0);
  });

  it('a Fisher-vector product of the wrong length or with NaN is rejected', () => {
    const x = Float64Array.of(0, 0);
    const bad = scaleByFisherInverse({ fisherVectorProduct: () => Float64Array.of(1) });
    expect(() => bad.update(Float64Array.of(1, 1), bad.init(x), x)).toThrow(/fisherVectorProduct/);
    const nan = scaleByFisherInverse({ fisherVectorProduct: () => Float64Array.of(1, NaN) });
    expect(() => nan.update(Float64Array.of(1, 1), nan.init(x), x)).toThrow(InfogeoError);
  });

  it('solveFisherSystem and trustRegionScale', () => {
    const sys = { matrix: Float64Array.of(4, 0, 0, 16), damping: 0, solver: 'cholesky' as const, tol: 1e-10 };
    const { direction } = solveFisherSystem('test', Float64Array.of(4, 16), sys);
    expect(Array.from(direction)).toEqual([1, 1]);
    // g^T d = 20: alpha = sqrt(2 * 0.1 / 20) = 0.1.
    const s = trustRegionScale('test', Float64Array.of(4, 16), direction, 0.1);
    expect(Math.abs(s[0] - 0.1)).toBeLessThanOrEqual(1e-16);
    expect(() => trustRegionScale('test', Float64Array.of(1, 0), Float64Array.of(-1, 0), 0.1)).toThrow(/fisher/);
  });
});
