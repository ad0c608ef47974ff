import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mvNormal } from '../../families/mvNormal.js';
import { fisherRaoDistance, fisherRaoDistanceDetailed } from '../api.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { calvoOllerLowerBound, productPathUpperBound } from './mvNormal.js';
import { normalDistance } from './normal.js';

const S1 = [[1, 0.3], [0.3, 2]];
const S2 = [[3, -0.5], [-0.5, 0.7]];

/** 2 x 2 SPD matrices with eigenvalues in [e^-2, e^2] and any orientation. */
const spd = fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0, max: Math.PI, noNaN: true })).map(([a, b, t]) => {
  const [c, s, l1, l2] = [Math.cos(t), Math.sin(t), Math.exp(a), Math.exp(b)];
  const off = (l1 - l2) * c * s;
  return [[l1 * c * c + l2 * s * s, off], [off, l1 * s * s + l2 * c * c]];
});
const vec = fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }));

// Pairs sharing the mean (affine-invariant SPD distance) or the covariance (Mahalanobis).
geometryBattery('mvNormal, shared mean', {
  pairs: () => [[mvNormal([1, 2], S1), mvNormal([1, 2], S2)], [mvNormal([0, 0], [[1, 0], [0, 1]]), mvNormal([0, 0], [[4, 1], [1, 1]])]],
  arb: spd.map((s) => mvNormal([1, -1], s)),
  numericalPairs: 1,
});
geometryBattery('mvNormal, shared covariance', {
  pairs: () => [[mvNormal([1, 2], S1), mvNormal([-1, 3], S1)], [mvNormal([0, 0], S2), mvNormal([0.1, 0], S2)]],
  arb: vec.map((m) => mvNormal(m, S1)),
  numericalPairs: 1,
  // The covariance changes along the geodesic: d(p, g(t)) is a boundary-value problem (tol 1e-10).
  speedTol: 1e-9,
});

describe('mvNormal: closed forms', () => {
  it('in one dimension both closed forms are the univariate normal distance (variance coordinate)', () => {
    expect(Math.abs(fisherRaoDistance(mvNormal([0], [[1]]), mvNormal([0], [[9]])) - normalDistance(0, 1, 0, 3))).toBeLessThanOrEqual(CLOSED);
    expect(Math.abs(fisherRaoDistance(mvNormal([0], [[4]]), mvNormal([3], [[4]])) - normalDistance(0, 2, 3, 2))).toBeLessThanOrEqual(CLOSED);
  });

  it('shared mean: sqrt((1/2) sum log^2 lambda_i(S1^{-1} S2)), accurate for nearby covariances', () => {
    // S2 = S1 diag-scaled: lambda = (e, e^2) for diagonal S.
    const d = fisherRaoDistance(mvNormal([0, 0], [[1, 0], [0, 2]]), mvNormal([0, 0], [[Math.E, 0], [0, 2 * Math.E ** 2]]));
    expect(Math.abs(d - Math.sqrt(2.5))).toBeLessThanOrEqual(CLOSED);
    const eps = 1e-9;
    const near = fisherRaoDistance(mvNormal([0, 0], [[1, 0], [0, 1]]), mvNormal([0, 0], [[1 + eps, 0], [0, 1]]));
    expect(Math.abs(near - Math.log1p(1 + eps - 1) / Math.SQRT2)).toBeLessThanOrEqual(1e-15 * near);
  });

  it('shared covariance: sqrt(2) arccosh(1 + D^2 / 4) with the Mahalanobis distance D, below D itself', () => {
    const p = mvNormal([1, 2], S1);
    const q = mvNormal([-1, 3], S1);
    // D^2 = dm^T S^{-1} dm with dm = (-2, 1), S^{-1} = [[2, -0.3], [-0.3, 1]] / 1.91.
    const D2 = (2 * 4 + 2 * 0.3 * 2 + 1) / 1.91;
    const exact = Math.SQRT2 * Math.acosh(1 + D2 / 4);
    expect(Math.abs(fisherRaoDistance(p, q) - exact)).toBeLessThanOrEqual(CLOSED * exact);
    expect(fisherRaoDistance(p, q)).toBeLessThan(Math.sqrt(D2));
  });

  it('the Calvo-Oller bound is below and the two-leg path above the numerical distance', () => {
    const p = mvNormal([0, 0], [[1, 0], [0, 1]]);
    const q = mvNormal([0.5, -0.5], [[2, 0.5], [0.5, 1]]);
    const r = fisherRaoDistanceDetailed(p, q);
    expect(r.converged).toBe(true);
    expect(calvoOllerLowerBound(p.source, q.source)).toBeLessThan(r.distance);
    expect(productPathUpperBound(p.source, q.source)).toBeGreaterThan(r.distance);
    expect(r.lower).toBeGreaterThanOrEqual(calvoOllerLowerBound(p.source, q.source));
    expect(r.upper).toBeLessThanOrEqual(productPathUpperBound(p.source, q.source));
    // Calvo-Oller is exact for a shared mean.
    const s = [mvNormal([1, 1], S1), mvNormal([1, 1], S2)];
    expect(Math.abs(calvoOllerLowerBound(s[0].source, s[1].source) - fisherRaoDistance(s[0], s[1]))).toBeLessThanOrEqual(1e-12);
  });
});
