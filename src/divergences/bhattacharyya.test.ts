import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulli, categorical, mvNormal, normal, poisson } from '../families/index.js';
import { InfogeoError } from '../errors.js';
import { bhattacharyya, bhattacharyyaCoefficient, hellinger } from './index.js';
import { allPairs } from './pairs.testutil.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('closed forms', () => {
  it('normal: B = (mu1 - mu2)^2 / (4 (s1^2 + s2^2)) + log((s1^2 + s2^2) / (2 s1 s2)) / 2', () => {
    for (const [m1, s1, m2, s2] of [[0, 1, 1, 1], [0, 1, 1, 2], [3, 0.1, -2, 7], [0, 1e-3, 1e-3, 2e-3]]) {
      const exact = (m1 - m2) ** 2 / (4 * (s1 * s1 + s2 * s2)) + 0.5 * Math.log((s1 * s1 + s2 * s2) / (2 * s1 * s2));
      expect(rel(bhattacharyya(normal(m1, s1), normal(m2, s2)), exact)).toBeLessThan(1e-13);
    }
    expect(bhattacharyya(normal(0, 1), normal(1, 1))).toBeCloseTo(0.125, 15);
  });

  it('bernoulli and categorical: BC = sum_x sqrt(p(x) q(x)), H^2 = (1/2) sum (sqrt p - sqrt q)^2', () => {
    const probs: [number[], number[]][] = [
      [[0.3, 0.7], [0.6, 0.4]],
      [[0.2, 0.3, 0.5], [0.5, 0.25, 0.25]],
      [[1e-9, 0.5, 0.5 - 1e-9], [0.25, 0.25, 0.5]],
    ];
    for (const [a, b] of probs) {
      const bc = a.reduce((s, x, i) => s + Math.sqrt(x * b[i]), 0);
      const h2 = 0.5 * a.reduce((s, x, i) => s + (Math.sqrt(x) - Math.sqrt(b[i])) ** 2, 0);
      const [p, q] = a.length === 2 ? [bernoulli(a[1]), bernoulli(b[1])] : [categorical(a), categorical(b)];
      expect(rel(bhattacharyyaCoefficient(p, q), bc)).toBeLessThan(1e-14);
      expect(rel(hellinger(p, q) ** 2, h2)).toBeLessThan(1e-12);
    }
  });

  it('poisson: B = (sqrt l1 - sqrt l2)^2 / 2', () => {
    for (const [l1, l2] of [[3, 5], [1e-3, 50], [1e4, 1.01e4]]) {
      expect(rel(bhattacharyya(poisson(l1), poisson(l2)), (Math.sqrt(l1) - Math.sqrt(l2)) ** 2 / 2)).toBeLessThan(1e-11);
    }
  });

  it('mvNormal: B = d' + "'" + 'S^-1 d / 8 + log(det S / sqrt(det S1 det S2)) / 2, S = (S1 + S2) / 2', () => {
    const m1 = [0, 0];
    const m2 = [0.5, -1];
    const c1 = [[1, 0.3], [0.3, 2]];
    const c2 = [[1.5, -0.2], [-0.2, 1]];
    const s = [[1.25, 0.05], [0.05, 1.5]];
    const det = (m: number[][]): number => m[0][0] * m[1][1] - m[0][1] * m[1][0];
    const d = [m1[0] - m2[0], m1[1] - m2[1]];
    const ds = det(s);
    const quad = (s[1][1] * d[0] * d[0] - 2 * s[0][1] * d[0] * d[1] + s[0][0] * d[1] * d[1]) / ds;
    const exact = quad / 8 + 0.5 * Math.log(ds / Math.sqrt(det(c1) * det(c2)));
    expect(rel(bhattacharyya(mvNormal(m1, c1), mvNormal(m2, c2)), exact)).toBeLessThan(1e-13);
  });
});

describe('accuracy when p ~ q', () => {
  it('hellinger(bernoulli(1/2), bernoulli(1/2 + d)) = d / sqrt 2 (1 + O(d^2)), no cancellation', () => {
    for (const step of [1e-4, 1e-7, 1e-10]) {
      const d = 0.5 + step - 0.5; // the step actually represented (exact by Sterbenz)
      // H^2 = 1 - sqrt(p q) - sqrt((1-p)(1-q)) = d^2 / 2 + 5 d^4 / 8 + O(d^6)
      const exact = Math.sqrt((d * d) / 2 + (5 * d ** 4) / 8);
      expect(rel(hellinger(bernoulli(0.5), bernoulli(0.5 + d)), exact)).toBeLessThan(1e-12);
    }
  });
  it('bhattacharyya(normal(0, 1), normal(d, 1)) = d^2 / 8 down to d = 1e-9', () => {
    for (const d of [1e-3, 1e-6, 1e-9]) expect(rel(bhattacharyya(normal(0, 1), normal(d, 1)), (d * d) / 8)).toBeLessThan(1e-12);
  });
});

describe('properties on every family', () => {
  for (const { name, p, q } of allPairs()) {
    it(`${name}: symmetric, in range, zero at p = q`, () => {
      const b = bhattacharyya(p, q);
      expect(rel(bhattacharyya(q, p), b)).toBeLessThan(1e-13);
      expect(rel(hellinger(q, p), hellinger(p, q))).toBeLessThan(1e-13);
      const bc = bhattacharyyaCoefficient(p, q);
      expect(bc).toBeGreaterThan(0);
      expect(bc).toBeLessThanOrEqual(1);
      expect(rel(bc, Math.exp(-b))).toBeLessThan(1e-14);
      const h = hellinger(p, q);
      expect(h).toBeGreaterThan(0);
      expect(h).toBeLessThanOrEqual(1);
      expect(bhattacharyya(p, p)).toBe(0);
      expect(hellinger(p, p)).toBe(0);
      expect(bhattacharyyaCoefficient(p, p)).toBe(1);
    });
  }

  it('hellinger is a metric: triangle inequality on normals (seeded property)', () => {
    const nrm = fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true }));
    fc.assert(
      fc.property(nrm, nrm, nrm, ([a, b], [c, d], [e, f]) => {
        const [x, y, z] = [normal(a, b), normal(c, d), normal(e, f)];
        return hellinger(x, z) <= hellinger(x, y) + hellinger(y, z) + 1e-15;
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('validation', () => {
  it('rejects different families, naming q', () => {
    for (const f of [bhattacharyya, hellinger, bhattacharyyaCoefficient]) {
      try {
        f(normal(0, 1), poisson(1));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe('q');
      }
    }
  });
});
