import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categorical } from '../../families/categorical.js';
import { expMap, fisherRaoDistance, fisherRaoGeodesic, logMap } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { categoricalDistance } from './categorical.js';

/** k = 4 probability vectors with entries down to about 1e-6. */
const simplex = fc
  .array(fc.double({ min: -6, max: 0, noNaN: true }), { minLength: 4, maxLength: 4 })
  .map((ls) => {
    const w = ls.map((l) => 10 ** l);
    const s = w.reduce((a, b) => a + b, 0);
    return categorical(w.map((x) => x / s));
  });

geometryBattery('categorical', {
  pairs: () => [
    [categorical([0.2, 0.3, 0.5]), categorical([0.6, 0.1, 0.3])],
    [categorical([0.7, 0.2, 0.1]), categorical([0.1, 0.1, 0.8])],
    [categorical([0.25, 0.25, 0.25, 0.25]), categorical([0.25000001, 0.24999999, 0.25, 0.25])],
  ],
  arb: simplex,
});

describe('categorical: the sphere of radius 2', () => {
  it('vertices of the simplex are pi apart; the centre is 2 arccos(1/sqrt(k)) from each vertex', () => {
    expect(Math.abs(categoricalDistance([1, 0, 0], [0, 1, 0]) - Math.PI)).toBeLessThanOrEqual(CLOSED);
    expect(Math.abs(categoricalDistance([1 / 3, 1 / 3, 1 / 3], [1, 0, 0]) - 2 * Math.acos(1 / Math.sqrt(3)))).toBeLessThanOrEqual(CLOSED);
  });

  it('keeps its relative accuracy for nearby points (the arccos form returns 0 or noise)', () => {
    const p = [0.25, 0.25, 0.25, 0.25];
    const q = [0.25000001, 0.24999999, 0.25, 0.25];
    // First order: sqrt(sum dp_i^2 / p_i) with the float64 differences.
    const first = Math.sqrt(((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2) / 0.25);
    const d = categoricalDistance(p, q);
    expect(Math.abs(d - first)).toBeLessThanOrEqual(1e-7 * first);
    const naive = 2 * Math.acos(p.reduce((s, x, i) => s + Math.sqrt(x * q[i]), 0));
    expect(Math.abs(naive - d)).toBeGreaterThan(1e-3 * d);
  });

  it('works for 10,000 categories and probabilities of 1e-300 in O(k)', () => {
    const k = 10000;
    const a = new Array(k).fill(1 / k);
    const b = a.map((x, i) => (i === 0 ? x * 2 : x));
    const s = b.reduce((x, y) => x + y, 0);
    const d = fisherRaoDistance(categorical(a), categorical(b.map((x) => x / s)));
    expect(d).toBeGreaterThan(0);
    expect(Number.isFinite(fisherRaoDistance(categorical([1e-300, 1 - 1e-300]), categorical([0.5, 0.5])))).toBe(true);
  });

  it('tangent vectors are full probability vectors summing to zero', () => {
    const p = categorical([0.2, 0.3, 0.5]);
    const v = logMap(p, categorical([0.6, 0.1, 0.3]));
    expect(v.length).toBe(3);
    expect(Math.abs(v[0] + v[1] + v[2])).toBeLessThanOrEqual(1e-15);
    expect(() => expMap(p, [0.1, 0.1, 0.1])).toThrow(/summing to 0/);
    expect(() => expMap(p, [0.1, -0.1])).toThrow(InfogeoError);
    // A great circle that leaves the positive orthant before t = 1 leaves the simplex.
    expect(() => expMap(p, [-0.9, 0.45, 0.45])).toThrow(/leaves the open simplex/);
  });

  it('the geodesic is the great circle of sqrt(p): its midpoint is the normalised sum of the roots', () => {
    const [a, b] = [[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]];
    const m = a.map((x, i) => Math.sqrt(x) + Math.sqrt(b[i]));
    const n2 = m.reduce((s, x) => s + x * x, 0);
    const mid = (fisherRaoGeodesic(categorical(a), categorical(b))(0.5).params as { probs: number[] }).probs;
    for (let i = 0; i < 3; i++) expect(Math.abs(mid[i] - (m[i] * m[i]) / n2)).toBeLessThanOrEqual(1e-15);
  });
});
