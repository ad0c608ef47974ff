import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { poisson } from '../../families/poisson.js';
import { expMap, fisherRaoDistance, fisherRaoGeodesic } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';

geometryBattery('poisson', {
  pairs: () => [
    [poisson(2), poisson(9)],
    [poisson(1e-3), poisson(1e4)],
    [poisson(5), poisson(5 + 1e-9)],
  ],
  arb: fc.double({ min: -8, max: 8, noNaN: true }).map((l) => poisson(Math.exp(l))),
});

describe('poisson', () => {
  it('d = 2 |sqrt(l1) - sqrt(l2)|, accurate for nearby rates', () => {
    expect(fisherRaoDistance(poisson(1), poisson(4))).toBe(2);
    const d = fisherRaoDistance(poisson(5), poisson(5 + 1e-9));
    const first = (5 + 1e-9 - 5) / Math.sqrt(5);
    expect(Math.abs(d - first)).toBeLessThanOrEqual(1e-9 * first);
    expect(Math.abs(fisherRaoDistance(poisson(2), poisson(9)) - 3.1715728752538097)).toBeLessThanOrEqual(CLOSED * 3.2);
  });

  it('geodesics are straight in sqrt(rate); the exponential map stops at rate 0', () => {
    expect((fisherRaoGeodesic(poisson(1), poisson(9))(0.5).params as { rate: number }).rate).toBe(4);
    expect(() => expMap(poisson(1), [-2])).toThrow(InfogeoError);
    expect((expMap(poisson(1), [-1.9]).params as { rate: number }).rate).toBeCloseTo(0.0025, 15);
  });
});
