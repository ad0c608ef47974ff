import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pythagorean } from './pythagorean.js';
import { eProjection, mProjection } from './projection.js';
import {
  eFlatSubmanifold,
  fixedNaturalSubmanifold,
  independenceSubmanifold,
  mFlatSubmanifold,
  submanifoldResidual,
  thetaOnSubmanifold,
  type EFlatSubmanifold,
} from './submanifold.js';
import { normal, normalFamily } from '../families/normal.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { mvNormal, mvNormalFamily } from '../families/mvNormal.js';
import { categorical, categoricalFamily } from '../families/categorical.js';
import { poisson } from '../families/poisson.js';
import { Distribution, fromTheta } from '../families/distribution.js';
import { rng } from '../random/rng.js';

// The identity KL(p||r) = KL(p||q*) + KL(q*||r) at a projection, to 1e-10 (absolute, or
// relative to KL(p||r) when that exceeds 1): the target. Each KL carries a few ulps
// and q* is converged to a Newton decrement of 1e-12, so the observed defects are near 1e-15.
const PYTHAGORAS = 1e-10;
// Away from the projection the defect <theta_r - theta_q, eta_q - eta_p> is of the order of the
// displacement; the points below are chosen with displacements of order 0.1 to 1.
const AWAY = 1e-3;

/** Asserts the identity; returns whether both legs are present (the check is not trivial). */
const holds = (c: ReturnType<typeof pythagorean>): boolean => {
  expect(Math.abs(c.defect)).toBeLessThan(PYTHAGORAS * Math.max(1, c.klPR));
  expect(Math.abs(c.orthogonality)).toBeLessThan(PYTHAGORAS * Math.max(1, c.klPR));
  return c.klPQ > 1e-3 && c.klQR > 1e-3;
};

/** Runs a seeded property and requires that at least 90% of its cases were non-trivial. */
const assertMostlyNontrivial = (arbs: fc.Arbitrary<unknown>[], body: (...args: never[]) => boolean): void => {
  let runs = 0;
  let nontrivial = 0;
  fc.assert(
    fc.property(...(arbs as [fc.Arbitrary<unknown>]), (...args: unknown[]) => {
      runs++;
      if ((body as (...a: unknown[]) => boolean)(...args)) nontrivial++;
    }),
    { seed: 7, numRuns: 100 },
  );
  expect(nontrivial).toBeGreaterThanOrEqual(0.9 * runs);
};

/** A point of an e-flat submanifold from coordinates u. */
const onSub = (sub: EFlatSubmanifold, u: number[]): Distribution<unknown> => fromTheta(sub.family, thetaOnSubmanifold(sub, u));

// fast-check's doubles favour 0 and the bounds (diagonal matrices, p already on the
// submanifold); Gaussian entries from a seeded generator give generic points instead.
const gaussianEntries = (n: number, scale: number): fc.Arbitrary<number[]> =>
  fc.integer({ min: 1, max: 2 ** 31 }).map((seed) => {
    const g = rng(seed);
    return Array.from({ length: n }, () => scale * g.normal());
  });
const spd3 = fc.tuple(gaussianEntries(9, 0.7), fc.double({ min: 0.2, max: 3, noNaN: true })).map(([b, s]) =>
  // B B^T + s I: symmetric positive definite, well conditioned.
  [0, 1, 2].map((i) => [0, 1, 2].map((j) => b[3 * i] * b[3 * j] + b[3 * i + 1] * b[3 * j + 1] + b[3 * i + 2] * b[3 * j + 2] + (i === j ? s : 0))),
);
const vec3 = gaussianEntries(3, 1.5);
const pos3 = gaussianEntries(3, 1).map((v) => v.map((x) => Math.exp(x)));
const prob = fc.double({ min: 0.02, max: 0.98, noNaN: true });

describe('Pythagorean identity at the m-projection onto an e-flat submanifold: KL(p||r) = KL(p||q*) + KL(q*||r)', () => {
  it('mvNormal(3), mean field (diagonal covariance), for random p and r', () => {
    const sub = independenceSubmanifold(mvNormalFamily(3));
    assertMostlyNontrivial([vec3, spd3, vec3, pos3], (m: number[], cov: number[][], mr: number[], vr: number[]) => {
      const p = mvNormal(m, cov);
      const q = mProjection(p, sub).projection;
      const r = mvNormal(mr, [[vr[0], 0, 0], [0, vr[1], 0], [0, 0, vr[2]]]);
      expect(submanifoldResidual(sub, r)).toBe(0);
      return holds(pythagorean(p, q, r));
    });
  });

  it('categorical on a 2x2 table, product distributions', () => {
    const sub = independenceSubmanifold(categoricalFamily(4), [2, 2]);
    const simplex4 = fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }).map((v) => {
      const s = v.reduce((a, b) => a + b, 0);
      return v.map((x) => x / s);
    });
    assertMostlyNontrivial([simplex4, prob, prob], (pp: number[], a: number, b: number) => {
      const p = categorical(pp);
      const q = mProjection(p, sub).projection;
      const r = categorical([(1 - a) * (1 - b), (1 - a) * b, a * (1 - b), a * b]);
      return holds(pythagorean(p, q, r));
    });
  });

  it('normal, the subfamily of fixed sigma (a line in theta)', () => {
    const sub = fixedNaturalSubmanifold(normalFamily, [1], [-1 / (2 * 0.8 * 0.8)]);
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), (mu, sigma, mr) => {
        const p = normal(mu, sigma);
        const q = mProjection(p, sub).projection;
        fc.pre(Math.abs(mr - mu) > 1e-3);
        holds(pythagorean(p, q, normal(mr, 0.8)));
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('gamma, an oblique line theta = (1, -1) + u (1, -0.5)', () => {
    const sub = eFlatSubmanifold(gammaFamily, [1, -1], [[1, -0.5]]);
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 20, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: -0.9, max: 1.9, noNaN: true }), (shape, rate, ur) => {
        const p = gamma(shape, rate);
        const proj = mProjection(p, sub);
        fc.pre(Math.abs(ur - proj.coordinates[0]) > 1e-3);
        holds(pythagorean(p, proj.projection, onSub(sub, [ur])));
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});

describe('Pythagorean identity at the e-projection onto an m-flat submanifold: KL(r||p) = KL(r||q*) + KL(q*||p)', () => {
  it('normal, the normals of mean 2', () => {
    const sub = mFlatSubmanifold(normalFamily, [[1, 0]], [2]);
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), (mu, sigma, sr) => {
        const p = normal(mu, sigma);
        const q = eProjection(p, sub).projection;
        fc.pre(Math.abs(sr - sigma) > 1e-3 && Math.abs(mu - 2) > 1e-3);
        holds(pythagorean(normal(2, sr), q, p));
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('gamma, the gammas of mean 5', () => {
    const sub = mFlatSubmanifold(gammaFamily, [[0, 1]], [5]);
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 20, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0.2, max: 20, noNaN: true }), (shape, rate, sr) => {
        const p = gamma(shape, rate);
        const q = eProjection(p, sub).projection;
        fc.pre(Math.abs(sr - shape) > 1e-3 && Math.abs(shape / rate - 5) > 1e-3);
        holds(pythagorean(gamma(sr, sr / 5), q, p));
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('categorical 2x2, the laws with marginals P(X = 0) = 0.5, P(Y = 0) = 0.6', () => {
    const sub = mFlatSubmanifold(categoricalFamily(4), [[1, 1, 0], [1, 0, 1]], [0.5, 0.6]);
    const p = categorical([0.1, 0.2, 0.3, 0.4]);
    const q = eProjection(p, sub).projection;
    const qs = (q.params as { probs: number[] }).probs;
    const [lo, hi] = [-Math.min(qs[0], qs[3]), Math.min(qs[1], qs[2])];
    for (const t of [0.9 * lo, 0.3 * lo, 0.2 * hi, 0.9 * hi]) {
      const r = categorical([qs[0] + t, qs[1] - t, qs[2] - t, qs[3] + t]);
      expect(submanifoldResidual(sub, r)).toBeLessThan(1e-15);
      holds(pythagorean(r, q, p));
    }
  });

  it('mvNormal(2) with prescribed second moments E[x1^2] = 2, E[x2^2] = 0.5', () => {
    const fam = mvNormalFamily(2);
    const sub = mFlatSubmanifold(fam, [[0, 0, 1, 0, 0], [0, 0, 0, 0, 1]], [2, 0.5]);
    const p = mvNormal([0.3, -0.2], [[1, 0.6], [0.6, 1]]);
    const q = eProjection(p, sub).projection;
    // Points with those second moments: E x_i^2 = Sigma_ii + m_i^2.
    for (const [m1, m2, c] of [[0, 0, 0], [1, 0.5, 0.3], [-0.5, 0.2, -0.4]]) {
      const r = mvNormal([m1, m2], [[2 - m1 * m1, c], [c, 0.5 - m2 * m2]]);
      expect(submanifoldResidual(sub, r)).toBeLessThan(1e-15);
      holds(pythagorean(r, q, p));
    }
  });
});

describe('the identity fails away from the projection', () => {
  it('m-side: replacing q* by another point of the submanifold leaves a defect of order the displacement', () => {
    const sub = independenceSubmanifold(mvNormalFamily(3));
    const p = mvNormal([1, -1, 2], [[2, 0.8, 0.3], [0.8, 1.5, -0.4], [0.3, -0.4, 1]]);
    const r = mvNormal([0, 0, 0], [[1, 0, 0], [0, 3, 0], [0, 0, 0.5]]);
    const notQ = mvNormal([1.2, -1, 2], [[2.5, 0, 0], [0, 1.5, 0], [0, 0, 1]]);
    const c = pythagorean(p, notQ, r);
    expect(Math.abs(c.defect)).toBeGreaterThan(AWAY);
    expect(Math.abs(c.defect - c.orthogonality)).toBeLessThan(1e-12 * Math.max(1, c.klPR));
    holds(pythagorean(p, mProjection(p, sub).projection, r));
  });

  it('e-side: another point of the constraint set in place of q* leaves a defect', () => {
    const sub = mFlatSubmanifold(gammaFamily, [[0, 1]], [5]);
    const p = gamma(2, 3);
    const r = gamma(7, 7 / 5);
    const c = pythagorean(r, gamma(4, 4 / 5), p);
    expect(Math.abs(c.defect)).toBeGreaterThan(AWAY);
    holds(pythagorean(r, eProjection(p, sub).projection, p));
  });

  it('the defect grows continuously from 0 as q leaves q* along the submanifold (categorical 2x2)', () => {
    const sub = independenceSubmanifold(categoricalFamily(4), [2, 2]);
    const p = categorical([0.1, 0.2, 0.3, 0.4]);
    const proj = mProjection(p, sub);
    const r = categorical([0.25, 0.25, 0.25, 0.25]);
    const defects = [0, 0.05, 0.2, 0.5].map((d) => Math.abs(pythagorean(p, onSub(sub, [proj.coordinates[0] + d, proj.coordinates[1]]), r).defect));
    expect(defects[0]).toBeLessThan(PYTHAGORAS);
    for (let i = 1; i < defects.length; i++) expect(defects[i]).toBeGreaterThan(defects[i - 1]);
    expect(defects[3]).toBeGreaterThan(AWAY);
  });
});

describe('pythagorean: bad input', () => {
  it('rejects mixed families and non-distributions', () => {
    expect(() => pythagorean(normal(0, 1), poisson(1) as never, normal(1, 1))).toThrow(/qStar/);
    expect(() => pythagorean(normal(0, 1), normal(1, 1), gamma(1, 1) as never)).toThrow(/ r = /);
    expect(() => pythagorean({} as never, normal(1, 1), normal(0, 2))).toThrow(/distribution/);
  });
  it('at p = q = r every term is 0', () => {
    const c = pythagorean(normal(1, 2), normal(1, 2), normal(1, 2));
    expect([c.klPR, c.klPQ, c.klQR, c.defect]).toEqual([0, 0, 0, 0]);
  });
});
