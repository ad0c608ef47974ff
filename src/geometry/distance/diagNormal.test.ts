import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diagNormal } from '../../families/diagNormal.js';
import { fisherRaoDistance, fisherRaoGeodesic } from '../api.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { normalDistance } from './normal.js';

const mu = fc.double({ min: -100, max: 100, noNaN: true });
const sigma = fc.double({ min: -5, max: 5, noNaN: true }).map(Math.exp);

geometryBattery('diagNormal', {
  pairs: () => [
    [diagNormal([0, 0], [1, 1]), diagNormal([1, -1], [2, 0.5])],
    [diagNormal([0, 1, -1], [1, 2, 0.5]), diagNormal([2, 1, 0], [0.5, 2, 3])],
  ],
  arb: fc.tuple(mu, mu, sigma, sigma).map(([a, b, s, t]) => diagNormal([a, b], [s, t])),
  numericalPairs: 1,
});

describe('diagNormal: product geometry', () => {
  it('is the root sum of squares of the coordinate distances (the product metric)', () => {
    const d = fisherRaoDistance(diagNormal([0, 1], [1, 2]), diagNormal([3, 1], [0.5, 6]));
    const exact = Math.hypot(normalDistance(0, 1, 3, 0.5), normalDistance(1, 2, 1, 6));
    expect(Math.abs(d - exact)).toBeLessThanOrEqual(CLOSED * exact);
  });

  it('in one dimension equals the normal distance, and coordinates that agree stay fixed along the geodesic', () => {
    expect(fisherRaoDistance(diagNormal([0], [1]), diagNormal([1], [1]))).toBe(normalDistance(0, 1, 1, 1));
    const mid = fisherRaoGeodesic(diagNormal([0, 5], [1, 2]), diagNormal([2, 5], [3, 2]))(0.5).params as { mean: number[]; sigmas: number[] };
    expect(mid.mean[1]).toBe(5);
    expect(mid.sigmas[1]).toBe(2);
  });
});
