import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulli, normal } from '../families/index.js';
import type { Distribution } from '../families/distribution.js';
import { InfogeoError } from '../errors.js';
import { bhattacharyya, chernoff, kl, renyi } from './index.js';
import { allPairs } from './pairs.testutil.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** J(l) = log int p^l q^(1-l) = (l - 1) D_l(p || q), through the public Renyi divergence. */
function skew(p: Distribution<unknown>, q: Distribution<unknown>, l: number): number {
  return (l - 1) * renyi(p, q, l);
}

/** Golden-section maximisation of -J on (0, 1), independent of chernoff's Newton iteration. */
function goldenSection(p: Distribution<unknown>, q: Distribution<unknown>): [number, number] {
  const g = (Math.sqrt(5) - 1) / 2;
  let [a, b] = [0, 1];
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc_ = -skew(p, q, c);
  let fd = -skew(p, q, d);
  while (b - a > 1e-10) {
    if (fc_ > fd) {
      [b, d, fd] = [d, c, fc_];
      c = b - g * (b - a);
      fc_ = -skew(p, q, c);
    } else {
      [a, c, fc_] = [c, d, fd];
      d = a + g * (b - a);
      fd = -skew(p, q, d);
    }
  }
  const l = (a + b) / 2;
  return [l, -skew(p, q, l)];
}

describe('chernoff', () => {
  it('normals with equal variances: exponent 1/2, information (mu1 - mu2)^2 / (8 sigma^2)', () => {
    for (const [m1, m2, s] of [[0, 1, 1], [3, -2, 0.5], [0, 1e-4, 2]]) {
      const c = chernoff(normal(m1, s), normal(m2, s));
      expect(Math.abs(c.exponent - 0.5)).toBeLessThan(1e-12);
      expect(rel(c.information, (m1 - m2) ** 2 / (8 * s * s))).toBeLessThan(1e-12);
    }
  });

  for (const { name, p, q } of allPairs()) {
    it(`${name}: optimality, bounds, symmetry`, () => {
      const { information: c, exponent: l } = chernoff(p, q);
      expect(l).toBeGreaterThan(0);
      expect(l).toBeLessThan(1);
      // C = -J(l*) and J'(l*) = 0 (central difference), and l* beats its neighbours
      expect(rel(c, -skew(p, q, l))).toBeLessThan(1e-11);
      const [k1, k2] = [kl(p, q), kl(q, p)];
      const h = 1e-4;
      const slope = (skew(p, q, l + h) - skew(p, q, l - h)) / (2 * h);
      expect(Math.abs(slope)).toBeLessThan(1e-7 * (k1 + k2));
      expect(c).toBeGreaterThanOrEqual(-skew(p, q, l + 1e-3));
      expect(c).toBeGreaterThanOrEqual(-skew(p, q, l - 1e-3));
      // B = -J(1/2) <= C <= min(KL(p||q), KL(q||p)) (convexity of J)
      expect(c).toBeGreaterThanOrEqual(bhattacharyya(p, q) * (1 - 1e-13));
      expect(c).toBeLessThanOrEqual(Math.min(k1, k2) * (1 + 1e-13));
      // C(q, p) = C(p, q) at exponent 1 - l*
      const r = chernoff(q, p);
      expect(rel(r.information, c)).toBeLessThan(1e-12);
      expect(Math.abs(r.exponent - (1 - l))).toBeLessThan(1e-9);
    });
  }

  it('agrees with an independent golden-section search', () => {
    for (const [p, q] of [
      [normal(0, 1), normal(1, 3)],
      [bernoulli(1e-6), bernoulli(0.7)],
      [normal(0.3, 0.7), normal(-0.2, 0.9)],
    ]) {
      const c = chernoff(p, q);
      const [l, v] = goldenSection(p, q);
      expect(Math.abs(c.exponent - l)).toBeLessThan(1e-6); // the flat maximum limits the search to ~sqrt(eps)
      expect(rel(c.information, v)).toBeLessThan(1e-12);
    }
  });

  it('bounds hold on random normals (seeded property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (m1, s1, m2, s2) => {
          const [p, q] = [normal(m1, s1), normal(m2, s2)];
          const c = chernoff(p, q);
          return (
            c.exponent > 0 &&
            c.exponent < 1 &&
            c.information >= bhattacharyya(p, q) * (1 - 1e-12) &&
            c.information <= Math.min(kl(p, q), kl(q, p)) * (1 + 1e-12)
          );
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('p = q: information 0, exponent 1/2 by convention', () => {
    expect(chernoff(normal(1, 2), normal(1, 2))).toEqual({ information: 0, exponent: 0.5 });
  });

  it('rejects different families, naming q', () => {
    try {
      chernoff(normal(0, 1), bernoulli(0.5));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InfogeoError);
      expect((e as InfogeoError).param).toBe('q');
    }
  });
});
