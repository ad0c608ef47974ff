import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inverseGaussian } from '../../families/inverseGaussian.js';
import { fisherSource } from '../../families/derive.js';
import { expMap, fisherRaoDistance } from '../api.js';
import { InfogeoError } from '../../errors.js';
import { geometryBattery, CLOSED } from './battery.testutil.js';

const pos = fc.double({ min: -4, max: 4, noNaN: true }).map(Math.exp);

geometryBattery('inverseGaussian', {
  pairs: () => [
    [inverseGaussian(1, 2), inverseGaussian(3, 0.5)],
    [inverseGaussian(0.2, 5), inverseGaussian(0.5, 5)],
    [inverseGaussian(1, 1), inverseGaussian(1, 1 + 1e-9)],
  ],
  arb: fc.tuple(pos, pos).map(([m, l]) => inverseGaussian(m, l)),
});

describe('inverseGaussian: the half-plane chart', () => {
  it('the chart x = sqrt(2 / mu), y = 1 / sqrt(lambda) pulls 2 (dx^2 + dy^2) / y^2 back to the Fisher metric', () => {
    for (const [mu, lambda] of [[1, 2], [0.3, 7], [5, 0.1]]) {
      const g = fisherSource(inverseGaussian(mu, lambda).family, Float64Array.of(mu, lambda));
      // dx/dmu = -x / (2 mu), dy/dlambda = -y / (2 lambda).
      const [x, y] = [Math.sqrt(2 / mu), 1 / Math.sqrt(lambda)];
      const gmm = (2 * (x / (2 * mu)) ** 2) / (y * y);
      const gll = (2 * (y / (2 * lambda)) ** 2) / (y * y);
      expect(Math.abs(gmm - g[0])).toBeLessThanOrEqual(CLOSED * g[0]);
      expect(Math.abs(gll - g[3])).toBeLessThanOrEqual(CLOSED * g[3]);
      expect(g[1]).toBe(0);
    }
  });

  it('equal means: d = sqrt(2) |log(y1 / y2)| = |log(lambda2 / lambda1)| / sqrt(2)', () => {
    const d = fisherRaoDistance(inverseGaussian(2, 1), inverseGaussian(2, Math.E ** 2));
    expect(Math.abs(d - Math.SQRT2)).toBeLessThanOrEqual(CLOSED);
  });

  it('a geodesic that would cross x = 0 (mu = infinity) leaves the manifold', () => {
    // dmu large and positive moves x = sqrt(2 / mu) towards 0 along a circle that reaches it.
    expect(() => expMap(inverseGaussian(1, 1), [1e6, 0])).toThrow(InfogeoError);
  });
});
