import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomial } from '../../families/binomial.js';
import { fisherRaoDistance } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { bernoulliDistance } from './bernoulli.js';

const prob = fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true });

geometryBattery('binomial', {
  pairs: () => [
    [binomial(10, 0.2), binomial(10, 0.6)],
    [binomial(10, 0.01), binomial(10, 0.011)],
  ],
  arb: prob.map((p) => binomial(7, p)),
});

describe('binomial', () => {
  it('is sqrt(n) times the Bernoulli distance', () => {
    const d = fisherRaoDistance(binomial(25, 0.2), binomial(25, 0.6));
    expect(Math.abs(d - 5 * bernoulliDistance(0.2, 0.6))).toBeLessThanOrEqual(CLOSED * d);
  });

  it('distributions with different n are different families (the error names q)', () => {
    expect(() => fisherRaoDistance(binomial(10, 0.2), binomial(11, 0.2))).toThrow(InfogeoError);
    expect(() => fisherRaoDistance(binomial(10, 0.2), binomial(11, 0.2))).toThrow(/fisherRaoDistance: q = .*binomial\(n=11\)/);
  });
});
