import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normal } from '../../families/normal.js';
import { lognormal } from '../../families/lognormal.js';
import { fisherRaoDistance, fisherRaoGeodesic, logMap, expMap } from '../api.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { normalDistance } from './normal.js';

const mu = fc.double({ min: -100, max: 100, noNaN: true });
const sigma = fc.double({ min: -6, max: 6, noNaN: true }).map(Math.exp);

geometryBattery('normal', {
  pairs: () => [
    [normal(0, 1), normal(3, 0.5)],
    [normal(1, 2), normal(1, 7)],
    [normal(-2, 0.3), normal(5, 4)],
    [normal(1e3, 1e-3), normal(1e3 + 1e-9, 1e-3)],
  ],
  arb: fc.tuple(mu, sigma).map(([m, s]) => normal(m, s)),
  numericalPairs: 3,
});

geometryBattery('lognormal', {
  pairs: () => [
    [lognormal(0.5, 0.2), lognormal(-1, 1.5)],
    [lognormal(0, 1), lognormal(2, 1)],
  ],
  arb: fc.tuple(mu, sigma).map(([m, s]) => lognormal(m, s)),
});

describe('normal: closed forms', () => {
  it('d(N(0, 1), N(1, 1)) = sqrt(2) arccosh(5/4) (Atkinson and Mitchell 1981)', () => {
    const exact = Math.SQRT2 * Math.acosh(1.25);
    expect(Math.abs(fisherRaoDistance(normal(0, 1), normal(1, 1)) - exact)).toBeLessThanOrEqual(CLOSED * exact);
  });

  it('equal means: d = sqrt(2) |log(sigma2 / sigma1)|, and the geodesic is sigma1^(1-t) sigma2^t', () => {
    expect(Math.abs(normalDistance(0, 1, 0, Math.E) - Math.SQRT2)).toBeLessThanOrEqual(CLOSED);
    const g = fisherRaoGeodesic(normal(2, 1), normal(2, 9));
    const mid = g(0.5).params as { mu: number; sigma: number };
    expect(mid.mu).toBe(2);
    expect(Math.abs(mid.sigma - 3)).toBeLessThanOrEqual(4e-16 * 3);
  });

  it('keeps its relative accuracy for nearby sigmas and means (reference: mpmath, 40 digits)', () => {
    // mpmath: sqrt(2) acosh(1 + ((m1-m2)^2/2 + (s1-s2)^2)/(2 s1 s2)) at the float64 inputs, 40 digits.
    const a = fisherRaoDistance(normal(1, 2), normal(1, 2.000001));
    expect(Math.abs(a - 7.071066045087490522e-7)).toBeLessThanOrEqual(CLOSED * a);
    const b = fisherRaoDistance(normal(1e3, 1e-3), normal(1e3 + 1e-9, 1e-3));
    expect(Math.abs(b - 9.999894245993137441e-7)).toBeLessThanOrEqual(CLOSED * b);
    // The textbook arccosh form keeps only about half of the digits here.
    const naive = Math.SQRT2 * Math.acosh(1 + (2.000001 - 2) ** 2 / (2 * 2 * 2.000001));
    expect(Math.abs(naive - a)).toBeGreaterThan(1e-6 * a);
  });

  it('log of equal means moves only sigma, at speed sqrt(2) log(sigma2 / sigma1)', () => {
    const v = logMap(normal(0, 1), normal(0, Math.E));
    expect(v[0]).toBe(0);
    expect(Math.abs(v[1] - 1)).toBeLessThanOrEqual(CLOSED);
    expect(Math.abs((expMap(normal(0, 1), [0, 1]).params as { sigma: number }).sigma - Math.E)).toBeLessThanOrEqual(4e-16 * Math.E);
  });

  it('the mean moves along a half-ellipse mu^2 / 2 + sigma^2 = const about the centre', () => {
    const g = fisherRaoGeodesic(normal(-1, 1), normal(1, 1));
    const mid = g(0.5).params as { mu: number; sigma: number };
    expect(Math.abs(mid.mu)).toBeLessThanOrEqual(1e-15);
    // Centre 0, radius^2 = 1/2 + 1: the top of the ellipse is sigma = sqrt(3/2).
    expect(Math.abs(mid.sigma - Math.sqrt(1.5))).toBeLessThanOrEqual(1e-15);
  });
});
