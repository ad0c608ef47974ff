import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { geometric } from '../../families/geometric.js';
import { negativeBinomial } from '../../families/negativeBinomial.js';
import { fisherSource } from '../../families/derive.js';
import { integrate } from '../../numeric/quadrature.js';
import { expMap, fisherRaoDistance } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { geometricDistance } from './geometric.js';

const prob = fc.double({ min: -9, max: Math.log10(0.999999), noNaN: true }).map((l) => 10 ** l);

geometryBattery('geometric', {
  pairs: () => [
    [geometric(0.1), geometric(0.9)],
    [geometric(1e-4), geometric(0.5)],
    [geometric(0.3), geometric(0.3 + 1e-10)],
  ],
  arb: prob.map((p) => geometric(p)),
  // p spans four decades on [0, 1]: the Richardson velocities of the length integral lose a digit.
  lengthTol: 1e-8,
});
geometryBattery('negativeBinomial', {
  pairs: () => [[negativeBinomial(2.5, 0.3), negativeBinomial(2.5, 0.75)]],
  arb: prob.map((p) => negativeBinomial(2.5, p)),
});

describe('geometric: d = 2 |atanh(sqrt(1 - p1)) - atanh(sqrt(1 - p2))|', () => {
  it('equals the integral of sqrt(Fisher) = 1 / (p sqrt(1 - p)) (the derivation checked by quadrature)', () => {
    for (const [a, b] of [[0.1, 0.9], [1e-3, 0.2], [0.5, 0.99]]) {
      const ref = integrate((p) => Math.sqrt(fisherSource(geometric(0.5).family, Float64Array.of(p))[0]), a, b, { relTol: 1e-14 }).value;
      expect(Math.abs(geometricDistance(a, b) - ref)).toBeLessThanOrEqual(CLOSED * ref);
    }
  });

  it('is accurate for nearby p and for p near 0 and 1', () => {
    const [p, q] = [0.3, 0.3 + 1e-10];
    const first = (q - p) / (p * Math.sqrt(1 - p));
    expect(Math.abs(geometricDistance(p, q) - first)).toBeLessThanOrEqual(1e-9 * first);
    // p -> 0: atanh(sqrt(1 - p)) = log(2 / sqrt(p)) + O(p): d(1e-300, 1e-200) = 50 log 10 + O(1e-200).
    expect(Math.abs(geometricDistance(1e-300, 1e-200) - 100 * Math.LN10)).toBeLessThanOrEqual(CLOSED * 230);
  });

  it('negative binomial is sqrt(r) times the geometric distance', () => {
    const d = fisherRaoDistance(negativeBinomial(4, 0.3), negativeBinomial(4, 0.75));
    expect(Math.abs(d - 2 * geometricDistance(0.3, 0.75))).toBeLessThanOrEqual(CLOSED * d);
  });

  it('the manifold ends at p = 1: the exponential map cannot pass it', () => {
    expect(() => expMap(geometric(0.5), [1])).toThrow(InfogeoError);
    expect((expMap(geometric(0.5), [0.3]).params as { p: number }).p).toBeLessThan(1);
  });
});
