import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { multinomial } from '../../families/multinomial.js';
import { fisherRaoDistance, logMap } from '../api.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';
import { categoricalDistance } from './categorical.js';

const simplex = fc
  .array(fc.double({ min: -5, max: 0, noNaN: true }), { minLength: 3, maxLength: 3 })
  .map((ls) => {
    const w = ls.map((l) => 10 ** l);
    const s = w.reduce((a, b) => a + b, 0);
    return multinomial(7, w.map((x) => x / s));
  });

geometryBattery('multinomial', {
  pairs: () => [
    [multinomial(7, [0.1, 0.2, 0.7]), multinomial(7, [0.5, 0.25, 0.25])],
    [multinomial(7, [0.3, 0.3, 0.4]), multinomial(7, [0.2, 0.5, 0.3])],
  ],
  arb: simplex,
});

describe('multinomial', () => {
  it('is sqrt(n) times the categorical distance, with the same tangent vectors', () => {
    const [a, b] = [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]];
    const d = fisherRaoDistance(multinomial(16, a), multinomial(16, b));
    expect(Math.abs(d - 4 * categoricalDistance(a, b))).toBeLessThanOrEqual(CLOSED * d);
    expect(Array.from(logMap(multinomial(16, a), multinomial(16, b)))).toEqual(Array.from(logMap(multinomial(3, a), multinomial(3, b))));
  });
});
