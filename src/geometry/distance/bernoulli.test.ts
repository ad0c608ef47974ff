import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulli } from '../../families/bernoulli.js';
import { fromTheta } from '../../families/distribution.js';
import { expMap, fisherRaoDistance, fisherRaoGeodesic, logMap } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { bernoulliDistance } from './bernoulli.js';

const prob = fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true });

geometryBattery('bernoulli', {
  pairs: () => [
    [bernoulli(0.1), bernoulli(0.8)],
    [bernoulli(0.3), bernoulli(0.6)],
    [bernoulli(1e-12), bernoulli(0.999999)],
  ],
  arb: prob.map((p) => bernoulli(p)),
});

describe('bernoulli: closed forms', () => {
  it('d = 2 arccos(sqrt(p q) + sqrt((1-p)(1-q))): the ends of (0, 1) are pi apart', () => {
    expect(Math.abs(bernoulliDistance(0.5, 0.5) - 0)).toBe(0);
    expect(Math.abs(fisherRaoDistance(bernoulli(1e-300), bernoulli(1 - 2 ** -53)) - Math.PI)).toBeLessThanOrEqual(3e-8);
    // p = sin^2(pi/8) and sin^2(3 pi/8): angles pi/8 apart on each side of 1/2 -> d = pi/2.
    const a = Math.sin(Math.PI / 8) ** 2;
    expect(Math.abs(bernoulliDistance(a, 1 - a) - Math.PI / 2)).toBeLessThanOrEqual(CLOSED);
  });

  it('keeps its relative accuracy for nearby p (where the arccos form loses half the digits)', () => {
    const [p, q] = [0.3, 0.3000001];
    // First order: |dp| / sqrt(p (1 - p)) with dp exact; the next term is O(dp^2) relative 1e-7.
    const d = bernoulliDistance(p, q);
    const first = (q - p) / Math.sqrt(p * (1 - p));
    expect(Math.abs(d - first)).toBeLessThanOrEqual(1e-6 * first);
    const naive = 2 * Math.acos(Math.sqrt(p * q) + Math.sqrt((1 - p) * (1 - q)));
    expect(Math.abs(naive - d)).toBeGreaterThan(1e-9 * d);
    // mpmath (gen_distances.py) at the float64 inputs:
    expect(Math.abs(d - 2.18217879850942e-7)).toBeLessThanOrEqual(CLOSED * d);
  });

  it('uses theta for the complement when p rounds to 1 (fromTheta with theta = 60)', () => {
    const far = fromTheta(bernoulli(0.5).family, [60]);
    const d = fisherRaoDistance(bernoulli(0.5), far);
    // pi/2 - 2 arcsin(sqrt(1 - p)) ... = 2 (arcsin(sqrt p) - pi/4), 1 - p = e^-60 / (1 + e^-60).
    const exact = 2 * (Math.PI / 2 - Math.asin(Math.sqrt(Math.exp(-60) / (1 + Math.exp(-60)))) - Math.PI / 4);
    expect(Math.abs(d - exact)).toBeLessThanOrEqual(CLOSED);
  });

  it('geodesics run at constant angle speed, p(t) = sin^2((1 - t) phi1 + t phi2)', () => {
    const g = fisherRaoGeodesic(bernoulli(0.25), bernoulli(0.75));
    // phi = pi/6 to pi/3: midpoint pi/4, p = 1/2.
    expect(Math.abs((g(0.5).params as { p: number }).p - 0.5)).toBeLessThanOrEqual(2.3e-16);
    const v = logMap(bernoulli(0.25), bernoulli(0.75));
    expect(Math.abs(v[0] - 2 * Math.sqrt(0.25 * 0.75) * (Math.PI / 6))).toBeLessThanOrEqual(CLOSED);
  });

  it('an exponential map past p = 0 or p = 1 leaves the manifold (it has length pi)', () => {
    expect(() => expMap(bernoulli(0.5), [2])).toThrow(InfogeoError);
    expect(() => expMap(bernoulli(0.5), [-2])).toThrow(/stays inside the bernoulli manifold/);
    // From p = 1/2 (phi = pi/4) the end p = 1 is at dphi = pi/4, i.e. v = 2 sqrt(p (1 - p)) pi/4 = pi/4.
    expect((expMap(bernoulli(0.5), [0.78]).params as { p: number }).p).toBeLessThan(1);
    expect(() => expMap(bernoulli(0.5), [0.79])).toThrow(InfogeoError);
  });
});
