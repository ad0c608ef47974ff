import { describe, expect, it } from 'vitest';
import { mvNormal } from '../../families/mvNormal.js';
import { normal } from '../../families/normal.js';
import { familyMetric } from '../metric.js';
import { expMap, logMap } from '../api.js';
import { relDiff } from './battery.testutil.js';
import { mvNormalChristoffel, mvNormalExp } from './mvNormalConnection.js';
import { normalExp } from './normal.js';

const S1 = [[1, 0.3], [0.3, 2]];
const S2 = [[3, -0.5], [-0.5, 0.7]];

describe('mvNormal: the geodesic equation in closed form', () => {
  it('the closed-form Christoffel symbols equal the generic Koszul ones (finite differences of the metric)', () => {
    for (const p of [mvNormal([0], [[2]]), mvNormal([1, 2], S1), mvNormal([1, -2, 0.5], [[2, 0.3, -0.2], [0.3, 1, 0.1], [-0.2, 0.1, 0.5]])]) {
      const n = p.family.dim;
      const a = mvNormalChristoffel(p.source, new Float64Array(n ** 3));
      const b = familyMetric(p.family, 'source').christoffel(p.source, new Float64Array(n ** 3));
      const scale = Math.max(...b.map(Math.abs));
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-10 * scale);
    }
  });

  it("Eriksen's closed-form exponential map: the univariate case is the half-plane one", () => {
    // N(0, 1) with velocity (dmu, dvar) = (1, 0.5): in (mu, sigma), dsigma = dvar / (2 sigma).
    const e = mvNormalExp(Float64Array.of(0, 1), Float64Array.of(1, 0.5)) as Float64Array;
    const h = normalExp(0, 1, 1, 0.25, new Float64Array(2));
    expect(Math.abs(e[0] - h[0])).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(e[1] - h[1] * h[1])).toBeLessThanOrEqual(1e-14);
    const n = expMap(normal(0, 1), [1, 0.25]).params as { mu: number; sigma: number };
    expect(Math.abs(n.mu - e[0])).toBeLessThanOrEqual(1e-14);
  });

  it("Eriksen's exponential map inverts the numerical logarithm of a general pair to 1e-8", () => {
    const p = mvNormal([1, 2], S1);
    const q = mvNormal([-1, 3], S2);
    const v = logMap(p, q); // boundary-value problem: neither mean nor covariance shared
    expect(relDiff(expMap(p, v).source, q.source, 1)).toBeLessThanOrEqual(1e-8);
  });

});
