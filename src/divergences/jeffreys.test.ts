import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normal, poisson } from '../families/index.js';
import { InfogeoError } from '../errors.js';
import { jeffreys, kl } from './index.js';
import { allPairs } from './pairs.testutil.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('jeffreys', () => {
  for (const { name, p, q } of allPairs()) {
    it(`${name}: = KL + reverse KL = <theta_p - theta_q, eta_p - eta_q>, symmetric, 0 at p = q`, () => {
      const j = jeffreys(p, q);
      expect(Math.abs(j - (kl(p, q) + kl(q, p)))).toBeLessThanOrEqual(1e-12 * j);
      let inner = 0;
      for (let i = 0; i < p.theta.length; i++) inner += (p.theta[i] - q.theta[i]) * (p.eta[i] - q.eta[i]);
      // the inner product cancels when p ~ q: allow its rounding, eps |theta| |eta|
      let scale = 0;
      for (let i = 0; i < p.theta.length; i++) scale += Math.abs(p.theta[i] - q.theta[i]) * (Math.abs(p.eta[i]) + Math.abs(q.eta[i]));
      expect(Math.abs(j - inner)).toBeLessThanOrEqual(1e-11 * j + 1e-15 * scale);
      expect(jeffreys(q, p)).toBe(j);
      expect(jeffreys(p, p)).toBe(0);
      expect(j).toBeGreaterThan(0);
    });
  }

  it('normal closed form ((s1^2 - s2^2)^2 + (s1^2 + s2^2) d^2) / (2 s1^2 s2^2) (seeded property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (m1, s1, m2, s2) => {
          const [v1, v2] = [s1 * s1, s2 * s2];
          const exact = ((v1 - v2) ** 2 + (v1 + v2) * (m1 - m2) ** 2) / (2 * v1 * v2);
          return Math.abs(jeffreys(normal(m1, s1), normal(m2, s2)) - exact) <= 1e-12 * Math.max(exact, 1e-300) + 1e-14;
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('poisson closed form (l1 - l2) log(l1 / l2)', () => {
    for (const [a, b] of [[3, 5], [1e-3, 50], [1e6, 1e6 + 1]]) {
      expect(rel(jeffreys(poisson(a), poisson(b)), (a - b) * Math.log(a / b))).toBeLessThan(1e-9);
    }
  });

  it('rejects different families, naming q', () => {
    expect(() => jeffreys(normal(0, 1), poisson(2))).toThrow(InfogeoError);
    try {
      jeffreys(normal(0, 1), poisson(2));
    } catch (e) {
      expect((e as InfogeoError).param).toBe('q');
    }
  });
});
