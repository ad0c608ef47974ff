import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gamma } from '../../families/gamma.js';
import { beta } from '../../families/beta.js';
import { dirichlet } from '../../families/dirichlet.js';
import { vonMises } from '../../families/vonMises.js';
import { mvNormal } from '../../families/mvNormal.js';
import { familyMetric } from '../metric.js';
import { geodesicLength } from '../geodesic.js';
import { expMap, fisherRaoDistance, fisherRaoDistanceBounds, fisherRaoDistanceDetailed, fisherRaoGeodesic, logMap } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { fisherNorm, relDiff } from './battery.testutil.js';
import { eGeodesicLength, mGeodesicLength, sphereLowerBound } from './numerical.js';

/** Target accuracy of numerical distances and of exp(log(q)) = q. */
const NUMERICAL = 1e-8;

// Built once: the solver remembers recent solves by identity, so the tests below share them.
const PAIRS = [
    [gamma(2, 3), gamma(5, 0.5)],
    [beta(2, 3), beta(0.5, 4)],
    [dirichlet([1, 2, 3]), dirichlet([4, 0.5, 2])],
    [vonMises(0, 1), vonMises(2, 3)],
    [vonMises(3, 0.5), vonMises(-3, 2)],
  [mvNormal([1, 2], [[1, 0.3], [0.3, 2]]), mvNormal([-1, 3], [[3, -0.5], [-0.5, 0.7]])],
] as const;
const pairs = () => PAIRS;

describe('numerical Fisher-Rao geometry (geodesic boundary-value problem)', () => {
  it('converges, lies between its bounds, and is symmetric to 1e-8', () => {
    for (const [p, q] of pairs()) {
      const r = fisherRaoDistanceDetailed(p, q);
      expect(r.method).toBe('geodesic-bvp');
      expect(r.converged).toBe(true);
      expect(r.residual).toBeLessThanOrEqual(1e-10);
      expect(r.lower).toBeLessThanOrEqual(r.distance);
      expect(r.distance).toBeLessThanOrEqual(r.upper);
    }
    for (const [p, q] of pairs().slice(1, 4)) {
      expect(Math.abs(fisherRaoDistance(q, p) - fisherRaoDistance(p, q))).toBeLessThanOrEqual(NUMERICAL * fisherRaoDistance(p, q));
    }
  });

  it('is accurate to 1e-8: the distance at tol 1e-10 agrees with a tighter solve at 1e-12', () => {
    for (const [p, q] of pairs().slice(0, 4)) {
      const d = fisherRaoDistance(p, q);
      const fine = fisherRaoDistance(p, q, { tol: 1e-12 });
      expect(Math.abs(d - fine)).toBeLessThanOrEqual(NUMERICAL * fine);
    }
  });

  it('the geodesic has the distance as its Fisher length, at constant speed', () => {
    for (const [p, q] of pairs().slice(0, 4)) {
      const d = fisherRaoDistance(p, q);
      const g = fisherRaoGeodesic(p, q);
      const len = geodesicLength(familyMetric(p.family, 'source'), (t) => g(t).source, { tol: 1e-10 });
      expect(Math.abs(len - d)).toBeLessThanOrEqual(NUMERICAL * d);
      expect(Math.abs(fisherRaoDistance(p, g(0.5)) - d / 2)).toBeLessThanOrEqual(NUMERICAL * d);
      expect(g(0)).toBe(p);
      expect(g(1)).toBe(q);
    }
  });

  it('exp(p, log(p, q)) = q to 1e-8, and |log(p, q)| = d(p, q)', () => {
    for (const [p, q] of pairs()) {
      const v = logMap(p, q);
      expect(Math.abs(fisherNorm(p, v) - fisherRaoDistance(p, q))).toBeLessThanOrEqual(NUMERICAL * fisherRaoDistance(p, q));
      expect(relDiff(expMap(p, v).source, q.source, 1)).toBeLessThanOrEqual(NUMERICAL);
    }
  });

  it('satisfies the triangle inequality (gamma and beta, seeded)', () => {
    const pos = fc.double({ min: -2, max: 2, noNaN: true }).map(Math.exp);
    for (const make of [(a: number, b: number) => gamma(a, b), (a: number, b: number) => beta(a, b)]) {
      const arb = fc.tuple(pos, pos).map(([a, b]) => make(a, b));
      fc.assert(
        fc.property(arb, arb, arb, (p, q, r) => {
          expect(fisherRaoDistance(p, r)).toBeLessThanOrEqual((fisherRaoDistance(p, q) + fisherRaoDistance(q, r)) * (1 + NUMERICAL));
        }),
        { seed: 7, numRuns: 6 },
      );
    }
  });

  it('bounds: 2 arccos(BC) below, the e- and m-geodesic lengths above', () => {
    const [p, q] = [gamma(2, 3), gamma(5, 0.5)];
    const d = fisherRaoDistance(p, q);
    const b = fisherRaoDistanceBounds(p, q);
    expect(b.lower).toBe(sphereLowerBound(p, q));
    expect(b.upper).toBe(Math.min(eGeodesicLength(p, q), mGeodesicLength(p, q)));
    expect(sphereLowerBound(p, q)).toBeLessThan(d);
    expect(eGeodesicLength(p, q)).toBeGreaterThan(d);
    expect(mGeodesicLength(p, q)).toBeGreaterThan(d);
  });

  it('nearby points: the bounds agree to the tolerance and give the distance without shooting', () => {
    const p = gamma(2, 3);
    const q = gamma(2 + 1e-7, 3);
    const r = fisherRaoDistanceDetailed(p, q);
    expect(r.method).toBe('bounds');
    // First order: |da| sqrt(psi'(a)) with psi'(2) = pi^2/6 - 1.
    const first = (2 + 1e-7 - 2) * Math.sqrt(Math.PI ** 2 / 6 - 1);
    expect(Math.abs(r.distance - first)).toBeLessThanOrEqual(1e-6 * first);
    expect(fisherRaoDistance(p, p)).toBe(0);
  });

  it('von Mises geodesics run in natural coordinates, across the angle -pi = pi', () => {
    // mu = 3 and -3 are 2 pi - 6 = 0.28 apart through pi, not 6 apart through 0.
    const g = fisherRaoGeodesic(vonMises(3, 0.5), vonMises(-3, 2));
    const mid = g(0.5).params as { mu: number };
    expect(Math.abs(Math.abs(mid.mu) - Math.PI)).toBeLessThan(0.3);
  });

  it('a boundary-value problem that does not converge is an InfogeoError with the best residual', () => {
    const [p, q] = [gamma(2, 3), gamma(5, 0.5)];
    const r = fisherRaoDistanceDetailed(p, q, { maxIter: 0 });
    expect(r.converged).toBe(false);
    expect(r.residual).toBeGreaterThan(1e-10);
    expect(r.lower).toBeLessThanOrEqual(r.upper);
    expect(() => fisherRaoDistance(p, q, { maxIter: 0 })).toThrow(InfogeoError);
    expect(() => fisherRaoDistance(p, q, { maxIter: 0 })).toThrow(/did not converge: best relative residual [0-9.e-]+ after 0 Newton iterations; the distance lies in \[/);
    expect(() => fisherRaoGeodesic(p, q, { maxIter: 0 })).toThrow(/did not converge/);
    expect(() => logMap(p, q, { maxIter: 0 })).toThrow(/did not converge/);
  });
});
