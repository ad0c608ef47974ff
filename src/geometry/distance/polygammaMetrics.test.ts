import { describe, expect, it } from 'vitest';
import { gamma } from '../../families/gamma.js';
import { beta } from '../../families/beta.js';
import { dirichlet } from '../../families/dirichlet.js';
import { familyMetric } from '../metric.js';
import { betaMetric, dirichletMetric, gammaMetric } from './polygammaMetrics.js';

// The generic connection differentiates the metric by Richardson differences (about 1e-12).
const GENERIC = 1e-9;

describe('closed-form metric derivatives (gamma, beta, Dirichlet) against the generic Fisher metric', () => {
  const cases = [
    ['gamma', gammaMetric, [gamma(2, 3), gamma(0.01, 1e-3), gamma(1e4, 50)]],
    ['beta', betaMetric, [beta(2, 3), beta(0.05, 7), beta(1e3, 2)]],
    ['dirichlet', dirichletMetric, [dirichlet([1, 2, 3]), dirichlet([0.1, 5, 40, 2])]],
  ] as const;
  for (const [name, make, points] of cases) {
    it(`${name}: the same metric and Christoffel symbols`, () => {
      for (const p of points) {
        const n = p.family.dim;
        const mine = make(p.family);
        const generic = familyMetric(p.family, 'source');
        const x = p.source;
        const g1 = mine.metric(x, new Float64Array(n * n));
        const g2 = generic.metric(x, new Float64Array(n * n));
        for (let i = 0; i < n * n; i++) expect(Math.abs(g1[i] - g2[i])).toBeLessThanOrEqual(1e-14 * Math.abs(g2[i]));
        const c1 = mine.christoffel(x, new Float64Array(n ** 3));
        const c2 = generic.christoffel(x, new Float64Array(n ** 3));
        const scale = Math.max(...c2.map(Math.abs));
        for (let i = 0; i < n ** 3; i++) expect(Math.abs(c1[i] - c2[i])).toBeLessThanOrEqual(GENERIC * scale);
      }
    });
  }
});
