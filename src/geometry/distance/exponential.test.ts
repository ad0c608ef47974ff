import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exponential } from '../../families/exponential.js';
import { rayleigh } from '../../families/rayleigh.js';
import { laplace } from '../../families/laplace.js';
import { fisherRaoDistance, fisherRaoGeodesic, expMap } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';

const scale = fc.double({ min: -20, max: 20, noNaN: true }).map(Math.exp);

geometryBattery('exponential', {
  pairs: () => [[exponential(0.5), exponential(7)], [exponential(1), exponential(1 + 1e-12)]],
  arb: scale.map((r) => exponential(r)),
});
geometryBattery('rayleigh', {
  pairs: () => [[rayleigh(0.2), rayleigh(3)]],
  arb: scale.map((s) => rayleigh(s)),
});
geometryBattery('laplace', {
  pairs: () => [[laplace(1, 0.5), laplace(1, 4)]],
  arb: scale.map((b) => laplace(1, b)),
});

describe('one-parameter scale families', () => {
  it('d = c |log(s2 / s1)| with c = 1 (exponential rate, Laplace scale) or 2 (Rayleigh sigma)', () => {
    expect(Math.abs(fisherRaoDistance(exponential(1), exponential(Math.E)) - 1)).toBeLessThanOrEqual(CLOSED);
    expect(Math.abs(fisherRaoDistance(rayleigh(1), rayleigh(Math.E)) - 2)).toBeLessThanOrEqual(CLOSED);
    expect(Math.abs(fisherRaoDistance(laplace(0, 2), laplace(0, 2 * Math.E)) - 1)).toBeLessThanOrEqual(CLOSED);
  });

  it('keeps its relative accuracy for nearby scales and does not overflow for distant ones', () => {
    const s = 1 + 1e-12;
    expect(Math.abs(fisherRaoDistance(exponential(1), exponential(s)) - Math.log1p(s - 1))).toBeLessThanOrEqual(1e-16 * 1e-12);
    expect(Math.abs(fisherRaoDistance(exponential(1e-300), exponential(1e300)) - 600 * Math.LN10)).toBeLessThanOrEqual(CLOSED * 1400);
  });

  it('geodesics are geometric interpolations of the scale', () => {
    expect(Math.abs((fisherRaoGeodesic(rayleigh(1), rayleigh(4))(0.5).params as { sigma: number }).sigma - 2)).toBeLessThanOrEqual(4e-16);
    expect(() => expMap(exponential(1), [1e4])).toThrow(InfogeoError);
  });

  it('Laplace laws with different locations are different families (the error names q)', () => {
    expect(() => fisherRaoDistance(laplace(0, 1), laplace(1, 1))).toThrow(/fisherRaoDistance: q = /);
  });
});
