import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normal, normalFamily } from '../families/normal.js';
import { bernoulli, bernoulliFamily } from '../families/bernoulli.js';
import { inverseGaussian } from '../families/inverseGaussian.js';
import { klNatural } from '../families/derive.js';
import type { ExponentialFamily } from '../families/family.js';
import { integrate } from '../numeric/quadrature.js';
import { klAccurate, logSkew, mixTheta, skewParts, skewSlope } from './skew.js';
import { alphaDivergence, renyi } from './alpha.js';
import {
  dist,
  gammaDist,
  gammaTest,
  geometricDist,
  geometricTest,
  restricted,
  withoutClosedForms,
} from './testFamilies.testutil.js';

type Fam = ExponentialFamily<unknown>;

/** The textbook form F(theta_w) - wP F(theta_p) - wQ F(theta_q), for comparison. */
function skewDirect(f: Fam, tp: Float64Array, tq: Float64Array, wP: number): number {
  const t = new Float64Array(f.dim);
  for (let i = 0; i < f.dim; i++) t[i] = wP * tp[i] + (1 - wP) * tq[i];
  return f.logPartition(t) - wP * f.logPartition(tp) - (1 - wP) * f.logPartition(tq);
}

/** log int p^w q^(1-w) for normals by quadrature of the densities (independent of F). */
function skewNormalQuadrature(m1: number, s1: number, m2: number, s2: number, w: number): number {
  const lp = (x: number): number => -0.5 * ((x - m1) / s1) ** 2 - Math.log(s1) - 0.5 * Math.log(2 * Math.PI);
  const lq = (x: number): number => -0.5 * ((x - m2) / s2) ** 2 - Math.log(s2) - 0.5 * Math.log(2 * Math.PI);
  const r = integrate((x) => Math.exp(w * lp(x) + (1 - w) * lq(x)), -Infinity, Infinity, {
    center: 0.5 * (m1 + m2),
    scale: Math.max(s1, s2),
    breakpoints: [m1, m2],
  });
  return Math.log(r.value);
}

describe('mixTheta', () => {
  it('returns theta_p exactly at wQ = 0 and theta_q exactly at wP = 0', () => {
    const tp = Float64Array.of(0.1, -0.7);
    const tq = Float64Array.of(-3.3, -0.2);
    expect(Array.from(mixTheta(tp, tq, 1, 0, new Float64Array(2)))).toEqual(Array.from(tp));
    expect(Array.from(mixTheta(tp, tq, 0, 1, new Float64Array(2)))).toEqual(Array.from(tq));
  });
});

describe('log int p^w q^(1-w): the KL form equals the F form and quadrature', () => {
  const cases: [number, number, number, number][] = [
    [0, 1, 1, 2],
    [0.3, 0.7, -0.2, 0.9],
    [5, 0.1, 5.2, 0.3],
  ];
  for (const [m1, s1, m2, s2] of cases) {
    for (const w of [0.1, 0.5, 0.9, -0.5, 1.5]) {
      it(`normal(${m1}, ${s1}) vs normal(${m2}, ${s2}) at w = ${w}`, () => {
        const p = normal(m1, s1);
        const q = normal(m2, s2);
        const j = logSkew(normalFamily, p.theta, q.theta, w, 1 - w, 'test', q);
        if (j.divergent) {
          // divergent exactly when the mixed precision w / s1^2 + (1 - w) / s2^2 <= 0
          expect(w / s1 ** 2 + (1 - w) / s2 ** 2).toBeLessThanOrEqual(0);
          return;
        }
        expect(j.value).toBeCloseTo(skewDirect(normalFamily, p.theta, q.theta, w), 12);
        const quad = skewNormalQuadrature(m1, s1, m2, s2, w);
        expect(Math.abs(j.value - quad)).toBeLessThan(1e-11 * Math.max(1, Math.abs(quad)));
      });
    }
  }

  it('bernoulli: equals log(p^w q^(1-w) + (1-p)^w (1-q)^(1-w)) (seeded property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.double({ min: -2, max: 3, noNaN: true }), (a, b, w) => {
        const p = bernoulli(a);
        const q = bernoulli(b);
        const j = logSkew(bernoulliFamily, p.theta, q.theta, w, 1 - w, 'test', q).value;
        const exact = Math.log(Math.exp(w * Math.log(a) + (1 - w) * Math.log(b)) + Math.exp(w * Math.log1p(-a) + (1 - w) * Math.log1p(-b)));
        return Math.abs(j - exact) <= 1e-12 * Math.max(1, Math.abs(exact));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('is 0 at w = 0, w = 1 and p = q, and <= 0 on [0, 1], >= 0 outside', () => {
    const p = normal(0.4, 1.3);
    const q = normal(-1, 0.8);
    expect(logSkew(normalFamily, p.theta, q.theta, 0, 1, 't', q).value).toBe(0);
    expect(logSkew(normalFamily, p.theta, q.theta, 1, 0, 't', q).value).toBe(0);
    expect(logSkew(normalFamily, p.theta, p.theta, 0.3, 0.7, 't', p).value).toBe(0);
    expect(logSkew(normalFamily, p.theta, q.theta, 0.3, 0.7, 't', q).value).toBeLessThan(0);
    expect(logSkew(normalFamily, p.theta, q.theta, 1.2, -0.2, 't', q).value).toBeGreaterThan(0);
  });
});

describe('klAccurate: the Hessian-integral form of KL for families without a closed form', () => {
  const bare = withoutClosedForms(normalFamily, 'normalBare');
  it('is accurate to 1e-14 relative for steps of 1e-3 .. 1e-9, with or without a closed form', () => {
    // KL between these exact theta points from mpmath at 50 digits (Bregman form of F).
    const reference = [2.9943415725465833501e-6, 2.9999433342316796506e-10, 2.9999994377156648689e-14, 3.0000005017755811996e-18];
    const p = normal(3, 0.5);
    [1e-3, 1e-5, 1e-7, 1e-9].forEach((h, i) => {
      const q = normal(3 + h, 0.5 * (1 + h));
      expect(Math.abs(klAccurate(bare, p.theta, q.theta) / reference[i] - 1)).toBeLessThan(1e-14);
      expect(Math.abs(klAccurate(normalFamily, p.theta, q.theta) / reference[i] - 1)).toBeLessThan(1e-14);
    });
  });
  it('falls back to the Bregman form for large steps', () => {
    const p = normal(0, 1);
    const q = normal(2, 3);
    expect(klAccurate(bare, p.theta, q.theta)).toBeCloseTo(klNatural(normalFamily, p.theta, q.theta), 13);
  });
});

describe('skewSlope: derivative and curvature of J', () => {
  it('matches central differences of J', () => {
    const p = normal(0.5, 1.2);
    const q = normal(-0.3, 0.7);
    for (const w of [0.2, 0.5, 0.8]) {
      const parts = skewParts(normalFamily, p.theta, q.theta, w, 1 - w)!;
      const [g, g2] = skewSlope(normalFamily, p.theta, q.theta, parts);
      const h = 1e-5;
      const j = (x: number): number => logSkew(normalFamily, p.theta, q.theta, x, 1 - x, 't', q).value;
      expect(g).toBeCloseTo((j(w + h) - j(w - h)) / (2 * h), 8);
      expect(g2).toBeCloseTo((j(w + h) - 2 * j(w) + j(w - h)) / (h * h), 4);
    }
  });
});

describe('outside the natural parameter space: numerical fallback', () => {
  it('continuous: a restricted normal reproduces the closed form by quadrature', () => {
    // theta_2 > -0.3 is rejected, though valid: the fallback must integrate instead.
    const f = restricted(normalFamily, 'normalRestricted', (t) => t[1] < -0.3);
    const p = normal(0.2, 1); // theta_2 = -0.5
    const q = normal(-0.4, 0.9); // theta_2 = -0.617
    const pr = dist(f, Array.from(p.theta));
    const qr = dist(f, Array.from(q.theta));
    // w = 3: theta_2 = 3 (-0.5) - 2 (-0.617) = -0.265, valid for normals, rejected by f.
    const j = logSkew(f, pr.theta, qr.theta, 3, -2, 't', qr);
    const exact = logSkew(normalFamily, p.theta, q.theta, 3, -2, 't', q);
    expect(j.divergent).toBe(false);
    expect(Math.abs(j.value - exact.value)).toBeLessThan(1e-10 * Math.abs(exact.value));
    expect(renyi(pr, qr, 3)).toBeCloseTo(renyi(p, q, 3), 10);
  });

  it('continuous: +Infinity when the tails do not decay (normal, alpha = 3, sigma_q >= sqrt 2 sigma_p)', () => {
    expect(alphaDivergence(normal(0, 1), normal(0, 2), 3)).toBe(Infinity);
    expect(alphaDivergence(normal(0, 1), normal(3, Math.SQRT2), 3)).toBe(Infinity); // boundary: flat exponent
    expect(renyi(normal(0, 2), normal(1, 1), 2)).toBe(Infinity); // 2/4 - 1 < 0
    expect(Number.isFinite(alphaDivergence(normal(0, 1), normal(0, 1.4), 3))).toBe(true);
  });

  it('continuous: +Infinity for a non-integrable singularity at a finite end (gamma)', () => {
    const p = gammaDist(3, 1);
    const q = gammaDist(1.5, 1);
    // w = 2: shape - 1 = 2 (2) - 0.5 = 3.5 fine; w = -1: -2 + 2 (0.5) = -1: x^-1 at 0 diverges.
    expect(renyi(p, q, 2)).toBeGreaterThan(0);
    expect(alphaDivergence(p, q, 3)).toBe(Infinity);
    // rate combination <= 0: divergence at infinity
    // w = 2 between rates 3 and 1: 2 (3) - 1 > 0, finite, equal to the F form.
    const a = gammaDist(2, 3);
    const b = gammaDist(2, 1);
    expect(alphaDivergence(a, b, -3)).toBeCloseTo(0.5 * Math.expm1(skewDirect(gammaTest, a.theta, b.theta, 2)), 10);
    expect(renyi(gammaDist(2, 1), gammaDist(2, 3), 2)).toBe(Infinity); // 2 - 3 < 0
  });

  it('continuous: a restricted gamma reproduces the closed form, with a singular but integrable end', () => {
    const f = restricted(gammaTest, 'gammaRestricted', (t) => t[0] > -0.2);
    const p = gammaDist(1.5, 1);
    const q = gammaDist(2.2, 1.5);
    const pr = dist(f, Array.from(p.theta));
    const qr = dist(f, Array.from(q.theta));
    // w = 1.6: theta_1 = 1.6 (0.5) - 0.6 (1.2) = 0.08; w = -0.5: -0.25 + 1.5 (1.2) = 1.55;
    // w = 2.5: 1.25 - 1.5 (1.2) = -0.55 (x^-0.55 at 0: integrable, rejected by f).
    for (const w of [2.5]) {
      const j = logSkew(f, pr.theta, qr.theta, w, 1 - w, 't', qr);
      const exact = logSkew(gammaTest, p.theta, q.theta, w, 1 - w, 't', q);
      expect(j.divergent).toBe(false);
      expect(Math.abs(j.value - exact.value)).toBeLessThan(1e-9 * Math.max(1, Math.abs(exact.value)));
    }
  });

  it('non-regular boundary: the inverse Gaussian at theta_1 = 0 (a Levy density) is integrable', () => {
    // theta = (-lambda / (2 mu^2), -lambda / 2); 2 theta_p - theta_q has theta_1 = 0 exactly,
    // which isNaturalValid rejects although int x^(-3/2) e^(theta_2 / x) dx is finite; there
    // F extends continuously to -(1/2) log(-2 theta_2).
    const p = inverseGaussian(1, 2); // theta (-1, -1)
    const q = inverseGaussian(0.5, 1); // theta (-2, -0.5)
    expect(p.family.isNaturalValid(Float64Array.of(0, -1.5))).toBe(false);
    const F = (t: Float64Array): number => p.family.logPartition(t);
    const exact = -0.5 * Math.log(3) - 2 * F(p.theta) + F(q.theta);
    expect(Math.abs(renyi(p, q, 2) - exact)).toBeLessThan(1e-13 * exact);
  });

  it('discrete: a restricted bernoulli sums the two terms', () => {
    const f = restricted(bernoulliFamily, 'bernoulliRestricted', (t) => Math.abs(t[0]) < 1);
    const p = bernoulli(0.4);
    const q = bernoulli(0.6);
    const pr = dist(f, Array.from(p.theta));
    const qr = dist(f, Array.from(q.theta));
    for (const alpha of [-5, 4]) {
      expect(alphaDivergence(pr, qr, alpha)).toBeCloseTo(alphaDivergence(p, q, alpha), 12);
    }
  });

  it('discrete: geometric series diverge when (1-p)^w (1-q)^(1-w) >= 1, converge otherwise', () => {
    const p = geometricDist(0.5);
    const q = geometricDist(0.2);
    // w = 2: theta = 2 log 0.5 - log 0.8 < 0: converges; exact sum sum_x p(x)^2 / q(x).
    const exact = (() => {
      let s = 0;
      for (let x = 1; x < 2000; x++) s += (0.5 ** (x - 1) * 0.5) ** 2 / (0.8 ** (x - 1) * 0.2);
      return Math.log(s);
    })();
    expect(renyi(p, q, 2)).toBeCloseTo(exact, 12);
    // w = -1: theta = -log 0.5 + 2 log 0.8 = log(1.28) > 0: diverges.
    expect(alphaDivergence(p, q, 3)).toBe(Infinity);
    expect(renyi(q, p, 2)).toBe(Infinity);
    // theta exactly 0: terms constant: diverges (w = 2 with (1-p)^2 = 1-q).
    const t = Math.log(0.9);
    expect(renyi(dist(geometricTest, [t]), dist(geometricTest, [2 * t]), 2)).toBe(Infinity);
  });
});
