import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lognormal, lognormalFamily } from './lognormal.js';
import { familyBattery } from './battery.testutil.js';
import { etaFromTheta, fisherSource, klBregman, thetaFromEta } from './derive.js';
import { InfogeoError } from '../errors.js';

interface RefCase {
  params: number[];
  logpdf: [number, number][];
  mean: number | null;
  variance: number | null;
  entropy: number;
}
interface RefPair {
  p: number[];
  q: number[];
  kl: number;
}
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).lognormal as {
  cases: RefCase[];
  kl: RefPair[];
};

const EPS = 2.220446049250313e-16;
// mpmath (40 digits) reference rounded once; measured worst 3.5e-15 (variance, through expm1 and exp).
const REF_TOL = 1e-14;
/** theta = (mu / sigma^2, -1 / (2 sigma^2)) rounds the source once; for a pair at relative
 *  distance delta that moves KL ~ delta^2 by ~eps delta, i.e. eps / delta relative. */
const klTol = (p: number[], q: number[]): number => {
  const delta = Math.max(...p.map((v, i) => Math.abs(q[i] - v) / Math.max(Math.abs(v), i === 0 ? p[1] : 0)));
  return Math.max(REF_TOL, (8 * EPS) / delta);
};
const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('lognormal', {
  // sigma = 30 or mu = 500 are tested below: their variance e^{1800} or e^{1004} is not a double.
  cases: () => [lognormal(0, 1), lognormal(1, 0.5), lognormal(-2, 1.5), lognormal(0, 3), lognormal(40, 0.2)],
  support: { kind: 'continuous', lo: 0, hi: Infinity },
});

familyBattery('lognormal (small sigma: narrow peaks)', {
  cases: () => [lognormal(-3, 1e-3), lognormal(2, 1e-6), lognormal(0.5, 1e-5)],
  // The battery maps (0, inf) with the mean at t = 1/2 and cannot find a peak of relative width
  // 1e-6; the two-sided map centres on the mean with the standard deviation as scale. The
  // log-density is -Infinity (weight 0) for x <= 0, so the integrals are the same. (sigma = 1e-8
  // with mu = 2 is in the reference values below; here its eta = (mu, mu^2 + sigma^2) would sit on
  // the boundary eta_2 = eta_1^2 to float64 precision, as for a normal with mu / sigma = 2e8.)
  support: { kind: 'continuous', lo: -Infinity, hi: Infinity },
});

describe('lognormal', () => {
  it('has theta = (mu / sigma^2, -1 / (2 sigma^2)), eta = (mu, mu^2 + sigma^2), params { mu, sigma }', () => {
    const p = lognormal(1, 2);
    expect(Array.from(p.theta)).toEqual([0.25, -0.125]);
    expect(Array.from(p.eta)).toEqual([1, 5]);
    expect(p.params).toEqual({ mu: 1, sigma: 2 });
    expect(rel(p.mean() as number, Math.exp(3))).toBeLessThanOrEqual(2 * EPS);
    expect(rel(p.variance() as number, Math.expm1(4) * Math.exp(6))).toBeLessThanOrEqual(4 * EPS);
  });

  it('matches the mpmath/scipy reference values (log-density, mean, variance, entropy)', () => {
    for (const c of REF.cases) {
      const [mu, sigma] = c.params;
      const p = lognormal(mu, sigma);
      for (const [x, v] of c.logpdf) {
        // Math.log(x) is within an ulp of log x, and (log x - mu) / sigma magnifies that by 1/sigma:
        // at sigma = 1e-8 the reference point's z-score is ~1 and its log-density moves by ~1e-8.
        const z = Math.abs(Math.log(x) - mu) / sigma;
        const tol = REF_TOL + (2 * EPS * Math.abs(Math.log(x)) * (z + 1)) / sigma;
        expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(tol);
      }
      if (c.mean !== null) expect(rel(p.mean() as number, c.mean)).toBeLessThanOrEqual(REF_TOL);
      if (c.variance !== null) expect(rel(p.variance() as number, c.variance)).toBeLessThanOrEqual(REF_TOL);
      else expect(p.variance()).toBe(Infinity);
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, including nearby pairs', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = lognormalFamily.kl!(lognormal(p[0], p[1]).theta, lognormal(q[0], q[1]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(klTol(p, q));
    }
  });

  it('KL between nearby laws with |mu| >> sigma keeps its accuracy where the Bregman form loses it', () => {
    const p = lognormal(3, 1e-3);
    const q = lognormal(3 + 1e-9, 1e-3);
    const dmu = q.params.mu - 3; // exact (Sterbenz)
    const exact = (dmu * dmu) / (2 * 1e-6);
    // theta_1 = mu / sigma^2 is rounded once: relative error ~ 2 eps mu / dmu in dmu.
    expect(rel(lognormalFamily.kl!(p.theta, q.theta), exact)).toBeLessThanOrEqual((8 * EPS * 3) / dmu);
    expect(rel(klBregman(lognormalFamily, p.theta, q.theta), exact)).toBeGreaterThan(1e-2);
  });

  it('Fisher in (mu, sigma) is diag(1/sigma^2, 2/sigma^2) (the closed form avoids the pullback cancellation)', () => {
    const g = fisherSource(lognormalFamily, Float64Array.of(50, 1e-3));
    expect(Array.from(g)).toEqual([1e6, 0, 0, 2e6]);
  });

  it('has finite theta, eta, entropy and KL where mean and variance overflow', () => {
    const wide = lognormal(0, 30);
    expect(wide.variance()).toBe(Infinity);
    expect(Number.isFinite(wide.mean() as number)).toBe(true);
    const far = lognormal(800, 1);
    expect(far.mean()).toBe(Infinity); // e^{800.5} is not a double; never NaN
    expect(Number.isFinite(far.entropy()) && Number.isFinite(far.eta[1])).toBe(true);
    expect(Number.isFinite(lognormalFamily.kl!(wide.theta, far.theta))).toBe(true);
  });

  it('rejects invalid arguments with an InfogeoError naming the parameter, value and domain', () => {
    const bad: [number, number, string, RegExp][] = [
      [Number.NaN, 1, 'mu', /expected a finite number/],
      [Infinity, 1, 'mu', /expected a finite number/],
      [0, 0, 'sigma', /expected a finite number > 0/],
      [0, -1, 'sigma', /expected a finite number > 0/],
      [0, Number.NaN, 'sigma', /expected a finite number > 0/],
      [0, Infinity, 'sigma', /expected a finite number > 0/],
      [0, 1e-200, 'sigma', /natural parameters are finite/], // -1 / (2 sigma^2) overflows
      [1, 1e200, 'sigma', /natural parameters are finite/], // 1 / sigma^2 underflows to 0
    ];
    for (const [mu, sigma, param, domain] of bad) {
      try {
        lognormal(mu, sigma);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe(param);
        expect((e as Error).message).toContain(`${param} = ${String(param === 'mu' ? mu : sigma)}`);
        expect((e as Error).message).toMatch(domain);
      }
    }
  });

  it('is valid and finite, with round trips, over mu in [-1e100, 1e100], sigma in [1e-100, 1e100] (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.boolean(),
        (lm, ls, neg) => {
          const mu = (neg ? -1 : 1) * 10 ** lm;
          const sigma = 10 ** ls;
          fc.pre(Number.isFinite(mu / sigma ** 2) && Number.isFinite(mu * mu + sigma * sigma));
          const p = lognormal(mu, sigma);
          const eta = etaFromTheta(lognormalFamily, p.theta);
          expect(Number.isFinite(eta[0]) && Number.isFinite(eta[1])).toBe(true);
          const src = lognormalFamily.sourceFromTheta(p.theta, new Float64Array(2));
          expect(rel(src[0], mu)).toBeLessThanOrEqual(4 * EPS);
          expect(rel(src[1], sigma)).toBeLessThanOrEqual(4 * EPS);
          // eta -> theta: sigma^2 = eta_2 - eta_1^2 cancels when |mu| >> sigma (condition (mu/sigma)^2).
          const cond = 1 + (mu / sigma) ** 2;
          if (cond * EPS < 1e-3) {
            const back = thetaFromEta(lognormalFamily, eta);
            expect(rel(back[1], p.theta[1])).toBeLessThanOrEqual(8 * EPS * cond);
          }
          expect(Number.isFinite(p.entropy())).toBe(true);
          const q = lognormal(-mu / 3, sigma * 1.7);
          const d = lognormalFamily.kl!(p.theta, q.theta);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(d)).toBe(true);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
