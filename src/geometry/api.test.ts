import { describe, expect, it } from 'vitest';
import * as F from '../families/index.js';
import { InfogeoError } from '../errors.js';
import { expMap, fisherRaoDistance, fisherRaoDistanceBounds, fisherRaoDistanceDetailed, fisherRaoGeodesic, logMap } from './api.js';

/** One pair per family with a closed form. */
const closedPairs = (): [F.Distribution<unknown>, F.Distribution<unknown>][] => [
  [F.normal(0, 1), F.normal(2, 3)],
  [F.lognormal(0, 1), F.lognormal(2, 3)],
  [F.diagNormal([0, 1], [1, 2]), F.diagNormal([1, 1], [3, 0.5])],
  [F.mvNormal([0, 0], [[1, 0.2], [0.2, 1]]), F.mvNormal([0, 0], [[2, 0], [0, 0.5]])],
  [F.inverseGaussian(1, 2), F.inverseGaussian(3, 0.5)],
  [F.bernoulli(0.2), F.bernoulli(0.7)],
  [F.binomial(5, 0.2), F.binomial(5, 0.7)],
  [F.categorical([0.2, 0.3, 0.5]), F.categorical([0.5, 0.3, 0.2])],
  [F.multinomial(4, [0.2, 0.3, 0.5]), F.multinomial(4, [0.5, 0.3, 0.2])],
  [F.poisson(1), F.poisson(6)],
  [F.exponential(1), F.exponential(6)],
  [F.geometric(0.2), F.geometric(0.7)],
  [F.negativeBinomial(3, 0.2), F.negativeBinomial(3, 0.7)],
  [F.rayleigh(1), F.rayleigh(6)],
  [F.laplace(0, 1), F.laplace(0, 6)],
];

describe('fisherRaoDistance and friends: the public API', () => {
  it('uses the closed form for the closed-form families, with exact bounds', () => {
    for (const [p, q] of closedPairs()) {
      const r = fisherRaoDistanceDetailed(p, q);
      expect(r.method).toBe('closed-form');
      expect(r).toEqual({ distance: fisherRaoDistance(p, q), lower: r.distance, upper: r.distance, residual: 0, iterations: 0, converged: true, method: 'closed-form' });
    }
  });

  it('the cheap bounds bracket every closed-form distance (2 arccos BC below, e/m-geodesic lengths above)', () => {
    for (const [p, q] of closedPairs()) {
      const d = fisherRaoDistance(p, q);
      const b = fisherRaoDistanceBounds(p, q);
      expect(b.lower).toBeLessThanOrEqual(d * (1 + 1e-12));
      expect(b.upper).toBeGreaterThanOrEqual(d * (1 - 1e-12));
    }
  });

  it('the documented examples', () => {
    expect(fisherRaoDistance(F.normal(0, 1), F.normal(1, 1))).toBeCloseTo(0.9802581434685472, 15);
    expect(fisherRaoDistance(F.poisson(1), F.poisson(4))).toBe(2);
    expect(fisherRaoGeodesic(F.normal(0, 1), F.normal(0, 4))(0.5).params).toEqual({ mu: 0, sigma: 2 });
    const v = logMap(F.normal(0, 1), F.normal(0, Math.E));
    expect(v[0]).toBe(0);
    expect(v[1]).toBeCloseTo(1, 15);
    expect((expMap(F.normal(0, 1), [0, 1]).params as { sigma: number }).sigma).toBeCloseTo(Math.E, 15);
  });

  it('rejects non-distributions, naming p or q', () => {
    expect(() => fisherRaoDistance({} as never, F.normal(0, 1))).toThrow(/fisherRaoDistance: p = /);
    expect(() => fisherRaoDistance(F.normal(0, 1), [0, 1] as never)).toThrow(/fisherRaoDistance: q = /);
    expect(() => logMap(F.normal(0, 1), null as never)).toThrow(InfogeoError);
    expect(() => expMap('normal(0, 1)' as never, [0, 0])).toThrow(/expMap: p = /);
  });

  it('rejects mismatched families with an InfogeoError naming q', () => {
    const calls = [
      () => fisherRaoDistance(F.normal(0, 1), F.lognormal(0, 1)),
      () => fisherRaoDistanceDetailed(F.gamma(1, 1), F.beta(1, 1)),
      () => fisherRaoDistanceBounds(F.categorical([0.5, 0.5]), F.categorical([0.2, 0.3, 0.5])),
      () => fisherRaoGeodesic(F.mvNormal([0], [[1]]), F.mvNormal([0, 0], [[1, 0], [0, 1]])),
      () => logMap(F.binomial(3, 0.5), F.binomial(4, 0.5)),
    ];
    for (const call of calls) {
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InfogeoError);
      expect((err as InfogeoError).param).toBe('q');
      expect((err as InfogeoError).message).toMatch(/the same family as p/);
    }
  });

  it('rejects bad options and geodesic times outside [0, 1]', () => {
    const [p, q] = [F.gamma(2, 1), F.gamma(3, 2)];
    expect(() => fisherRaoDistance(p, q, { tol: 0 })).toThrow(/opts.tol/);
    expect(() => fisherRaoDistance(p, q, { maxIter: 1.5 })).toThrow(/opts.maxIter/);
    expect(() => fisherRaoDistance(p, q, { method: 'fast' as never })).toThrow(/opts.method/);
    const g = fisherRaoGeodesic(F.normal(0, 1), F.normal(1, 2));
    for (const t of [-0.1, 1.5, Number.NaN, '0.5' as never]) expect(() => g(t)).toThrow(/fisherRaoGeodesic: t = /);
  });

  it('rejects tangent vectors of the wrong length, with non-finite entries, or leaving the manifold (naming v)', () => {
    const p = F.normal(0, 1);
    expect(() => expMap(p, [1])).toThrow(/expMap: v = \[1\] is invalid; expected a tangent vector of 2 finite numbers/);
    expect(() => expMap(p, [1, Number.NaN])).toThrow(/expMap: v\[1\] = NaN/);
    expect(() => expMap(p, 'x' as never)).toThrow(/expMap: v = /);
    expect(() => expMap(F.poisson(1), [-3])).toThrow(/expMap: v = \[-3\] is invalid; expected a tangent vector whose geodesic stays inside the poisson manifold/);
    // Numerically integrated geodesics that leave the domain are reported the same way.
    expect(() => expMap(F.gamma(1, 1), [-50, 0])).toThrow(/expMap: v = .*stays inside the gamma manifold/);
    // Simplex tangents have k entries summing to 0, also on the numerical path.
    expect(() => expMap(F.categorical([0.2, 0.3, 0.5]), [0.1, 0.1, 0.1], { method: 'numerical' })).toThrow(/summing to 0/);
  });

  it('never returns NaN: a distance that overflows is an InfogeoError', () => {
    const [p, q] = [F.normal(-1e308, 1), F.normal(1e308, 1)];
    expect(() => fisherRaoDistance(p, q)).toThrow(/fisherRaoDistance: d\(p, q\) = Infinity is invalid; expected a finite result/);
  });
});
