import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eProjection, maximumLikelihood, mProjection } from './projection.js';
import {
  eFlatSubmanifold,
  fixedNaturalSubmanifold,
  independenceSubmanifold,
  mFlatSubmanifold,
  submanifoldResidual,
  thetaOnSubmanifold,
} from './submanifold.js';
import { normal, normalFamily } from '../families/normal.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { mvNormal, mvNormalFamily } from '../families/mvNormal.js';
import { categorical, categoricalFamily } from '../families/categorical.js';
import { poisson, poissonFamily } from '../families/poisson.js';
import { Distribution, fromTheta, sample } from '../families/distribution.js';
import { kl } from '../divergences/kl.js';
import { digamma } from '../special/index.js';
import { rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';

// Newton is run to a decrement of 1e-12 (then one polishing step): coordinates agree with
// closed forms to a few ulps of their size.
const CLOSED_FORM = 1e-13;
// First-order optimality of the projection, checked by central differences of KL with step H:
// the O(H^2 |phi'''|) truncation and the O(eps |F| / H) rounding (|F| up to about 1e2 here)
// stay below SLOPE, while a point 1e-4 away already has a slope of order 1e-4.
const H = 1e-5;
const SLOPE = 1e-7;

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('m-projection onto an e-flat submanifold', () => {
  it('onto the mean-field Gaussians it is the product of the marginals (same means and variances)', () => {
    const p = mvNormal([1, -1, 2], [[2, 0.8, 0.3], [0.8, 1.5, -0.4], [0.3, -0.4, 1]]);
    const r = mProjection(p, independenceSubmanifold(mvNormalFamily(3)));
    const { mean, cov } = r.projection.params as { mean: number[]; cov: number[][] };
    [1, -1, 2].forEach((m, i) => expect(rel(mean[i], m)).toBeLessThan(CLOSED_FORM));
    [2, 1.5, 1].forEach((v, i) => expect(rel(cov[i][i], v)).toBeLessThan(CLOSED_FORM));
    expect(cov[0][1]).toBe(0);
    expect(r.decrement).toBeLessThanOrEqual(1e-12);
    // KL(p || prod of marginals) is the total correlation (1/2) log(prod Sigma_ii / det Sigma).
    const det = 2 * (1.5 - 0.16) - 0.8 * (0.8 + 0.12) + 0.3 * (-0.32 - 0.45);
    expect(rel(r.divergence, 0.5 * Math.log(3 / det))).toBeLessThan(1e-13);
  });

  it('onto the 2x2 product distributions it is the product of the marginals', () => {
    const r = mProjection(categorical([0.1, 0.2, 0.3, 0.4]), independenceSubmanifold(categoricalFamily(4), [2, 2]));
    const probs = (r.projection.params as { probs: number[] }).probs;
    // Row marginals (0.3, 0.7), column marginals (0.4, 0.6).
    [0.12, 0.18, 0.28, 0.42].forEach((v, i) => expect(Math.abs(probs[i] - v)).toBeLessThan(CLOSED_FORM));
  });

  it('onto normals of fixed variance it keeps the mean (E[x] is matched along the subspace)', () => {
    const sub = fixedNaturalSubmanifold(normalFamily, [1], [-0.5]); // sigma = 1
    const r = mProjection(normal(3, 0.2), sub);
    expect(rel((r.projection.params as { mu: number }).mu, 3)).toBeLessThan(CLOSED_FORM);
  });

  it('onto gammas of fixed rate it matches E[log x]: psi(a*) - log b = psi(a) - log b', () => {
    const sub = fixedNaturalSubmanifold(gammaFamily, [1], [-2]);
    const r = mProjection(gamma(3, 0.5), sub);
    const a = (r.projection.params as { shape: number }).shape;
    expect(Math.abs(digamma(a) - Math.log(2) - (digamma(3) - Math.log(0.5)))).toBeLessThan(1e-13);
  });

  it('is optimal: KL(p || q) has zero slope at q* along every direction of the submanifold (property)', () => {
    const sub = eFlatSubmanifold(gammaFamily, [1, -1], [[1, -0.5]]);
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 20, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (shape, rate) => {
        const p = gamma(shape, rate);
        const r = mProjection(p, sub);
        const u = r.coordinates[0];
        const at = (v: number): number => kl(p, fromTheta(gammaFamily, thetaOnSubmanifold(sub, [v])));
        // Measure u in its natural unit sigma = 1 / sqrt(d2 KL / du2), so the slope is dimensionless.
        const c = Math.max(1, Math.abs(u)) * 1e-3;
        const sigma = c / Math.sqrt(at(u + c) - 2 * r.divergence + at(u - c));
        const h = H * sigma;
        expect((Math.abs(at(u + h) - at(u - h)) / (2 * h)) * sigma).toBeLessThan(SLOPE * Math.max(1, r.divergence));
        expect(at(u + 1e-2 * sigma)).toBeGreaterThan(r.divergence);
        expect(at(u - 1e-2 * sigma)).toBeGreaterThan(r.divergence);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('starts from opts.start and rejects a start off the submanifold', () => {
    const sub = independenceSubmanifold(mvNormalFamily(2));
    const p = mvNormal([0, 0], [[1, 0.5], [0.5, 2]]);
    const r = mProjection(p, sub, { start: mvNormal([5, 5], [[9, 0], [0, 0.1]]) });
    expect(rel((r.projection.params as { cov: number[][] }).cov[1][1], 2)).toBeLessThan(CLOSED_FORM);
    expect(() => mProjection(p, sub, { start: p })).toThrow(/opts\.start/);
  });

  it('rejects a distribution of another family and the wrong kind of submanifold', () => {
    const sub = independenceSubmanifold(mvNormalFamily(2));
    expect(() => mProjection(normal(0, 1), sub)).toThrow(/mvNormal\(d=2\) distribution/);
    expect(() => mProjection(normal(0, 1), mFlatSubmanifold(normalFamily, [[1, 0]], [1]) as never)).toThrow(/e-flat/);
    expect(() => mProjection(mvNormal([0, 0], [[1, 0], [0, 1]]), sub, { tol: 0 })).toThrow(/opts\.tol/);
  });
});

describe('e-projection onto an m-flat submanifold', () => {
  it('normals with a prescribed mean: the tilt shifts the mean and keeps sigma', () => {
    const r = eProjection(normal(0, 1.5), mFlatSubmanifold(normalFamily, [[1, 0]], [2]));
    const { mu, sigma } = r.projection.params as { mu: number; sigma: number };
    expect(rel(mu, 2)).toBeLessThan(CLOSED_FORM);
    expect(rel(sigma, 1.5)).toBeLessThan(CLOSED_FORM);
    expect(rel(r.divergence, 4 / (2 * 2.25))).toBeLessThan(CLOSED_FORM);
  });

  it('gammas with a prescribed mean: the tilt keeps the shape and sets rate = shape / mean', () => {
    const r = eProjection(gamma(2, 3), mFlatSubmanifold(gammaFamily, [[0, 1]], [5]));
    const { shape, rate } = r.projection.params as { shape: number; rate: number };
    expect(rel(shape, 2)).toBeLessThan(CLOSED_FORM);
    expect(rel(rate, 0.4)).toBeLessThan(CLOSED_FORM);
  });

  it('maximum entropy with fixed marginals of a 2x2 table is the product of the marginals', () => {
    // e-projection of the uniform law onto { P(X = 0) = 0.3, P(Y = 0) = 0.4 }.
    const a = [
      [1, 1, 0],
      [1, 0, 1],
    ];
    const r = eProjection(categorical([0.25, 0.25, 0.25, 0.25]), mFlatSubmanifold(categoricalFamily(4), a, [0.3, 0.4]));
    const probs = (r.projection.params as { probs: number[] }).probs;
    [0.12, 0.18, 0.28, 0.42].forEach((v, i) => expect(Math.abs(probs[i] - v)).toBeLessThan(CLOSED_FORM));
    expect(submanifoldResidual(mFlatSubmanifold(categoricalFamily(4), a, [0.3, 0.4]), r.projection)).toBeLessThan(1e-15);
  });

  it('mvNormal with prescribed variances E[x_i^2] (zero means): matches them and keeps the precision off-diagonal', () => {
    const fam = mvNormalFamily(2);
    // eta = (m1, m2, E x1^2, E x1x2, E x2^2); constrain E x1^2 = 2 and E x2^2 = 0.5.
    const sub = mFlatSubmanifold(fam, [[0, 0, 1, 0, 0], [0, 0, 0, 0, 1]], [2, 0.5]);
    const p = mvNormal([0.3, -0.2], [[1, 0.6], [0.6, 1]]);
    const r = eProjection(p, sub);
    expect(submanifoldResidual(sub, r.projection)).toBeLessThan(1e-14);
    // The tilt moves only theta_11 and theta_22: theta_12 (= -P_12) and the mean part theta_1, theta_2 stay.
    [0, 1, 3].forEach((i) => expect(Math.abs(r.projection.theta[i] - p.theta[i])).toBeLessThan(1e-15 * (1 + Math.abs(p.theta[i]))));
  });

  it('is optimal: any other point of the constraint set is farther (property, categorical 2x2)', () => {
    const a = [
      [1, 1, 0],
      [1, 0, 1],
    ];
    const sub = mFlatSubmanifold(categoricalFamily(4), a, [0.5, 0.6]);
    const p = categorical([0.1, 0.2, 0.3, 0.4]);
    const r = eProjection(p, sub);
    expect(r.divergence).toBeGreaterThan(0.01);
    const q = (r.projection.params as { probs: number[] }).probs;
    // The constraint set is the open segment q + t (1, -1, -1, 1) inside the simplex.
    const [lo, hi] = [-Math.min(q[0], q[3]), Math.min(q[1], q[2])];
    fc.assert(
      fc.property(fc.double({ min: 0.999 * lo, max: 0.999 * hi, noNaN: true }).filter((t) => Math.abs(t) > 1e-6), (t) => {
        const other = categorical([q[0] + t, q[1] - t, q[2] - t, q[3] + t]);
        expect(kl(other, p)).toBeGreaterThan(r.divergence);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('reports infeasible constraints instead of returning a number', () => {
    // E[x^2] = 1 with E[x] = 2 would need a negative variance.
    const sub = mFlatSubmanifold(normalFamily, [[1, 0], [0, 1]], [2, 1]);
    expect(() => eProjection(normal(0, 1), sub)).toThrow(/decrement/);
    expect(() => eProjection(normal(0, 1), independenceSubmanifold(mvNormalFamily(2)) as never)).toThrow(InfogeoError);
  });
});

describe('maximum likelihood as the m-projection of the empirical distribution', () => {
  it('in the whole normal family: the sample mean and the (1/N) variance', () => {
    const data = [1, 2, 3, 4];
    const r = maximumLikelihood(normalFamily, data);
    expect(r.projection.params).toEqual({ mu: 2.5, sigma: Math.sqrt(1.25) });
    expect(Array.from(r.empiricalEta)).toEqual([2.5, 7.5]);
  });

  it('in the gamma family: the shape solves log a - psi(a) = log mean - mean log', () => {
    const xs = sample(gamma(2.5, 1.5), 500, rng(7)) as number[];
    const r = maximumLikelihood(gammaFamily, xs);
    const a = (r.projection.params as { shape: number }).shape;
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const ml = xs.reduce((s, x) => s + Math.log(x), 0) / xs.length;
    expect(Math.abs(Math.log(a) - digamma(a) - (Math.log(m) - ml))).toBeLessThan(1e-12);
  });

  it('on a subfamily (normals with sigma = 1) it is the sample mean, and it maximises the likelihood', () => {
    const sub = fixedNaturalSubmanifold(normalFamily, [1], [-0.5]);
    const data = sample(normal(0.7, 2), 200, rng(3)) as number[];
    const r = maximumLikelihood(normalFamily, data, sub);
    const mean = data.reduce((s, x) => s + x, 0) / data.length;
    expect(rel((r.projection.params as { mu: number }).mu, mean)).toBeLessThan(CLOSED_FORM);
    const avgLogLik = (mu: number): number => data.reduce((s, x) => s + normal(mu, 1).logDensity(x), 0) / data.length;
    expect(rel(r.meanLogLikelihood, avgLogLik(mean))).toBeLessThan(1e-13);
    expect(avgLogLik(mean + 1e-3)).toBeLessThan(r.meanLogLikelihood);
    expect(avgLogLik(mean - 1e-3)).toBeLessThan(r.meanLogLikelihood);
  });

  it('for discrete data (Poisson): the sample mean', () => {
    const r = maximumLikelihood(poissonFamily, [0, 1, 1, 2, 6]);
    expect(rel((r.projection.params as { rate: number }).rate, 2)).toBeLessThan(1e-15);
    expect(r.projection).toBeInstanceOf(Distribution);
    expect(poisson(2).family.id).toBe(r.projection.family.id);
  });

  it('reports data whose maximum does not exist and data outside the support', () => {
    expect(() => maximumLikelihood(normalFamily, [3, 3, 3])).toThrow(/does not exist/);
    expect(() => maximumLikelihood(gammaFamily, [1, -2])).toThrow(/data\[1\]/);
    expect(() => maximumLikelihood(normalFamily, [])).toThrow(/non-empty/);
    expect(() => maximumLikelihood(normalFamily, [1, 2], independenceSubmanifold(mvNormalFamily(2)))).toThrow(/submanifold/);
  });
});
