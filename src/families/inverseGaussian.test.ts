import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expE1, inverseGaussian, inverseGaussianFamily } from './inverseGaussian.js';
import { familyBattery } from './battery.testutil.js';
import { entropyGeneric, etaFromTheta, fisherSource, fisherSourcePullback, klBregman, thetaFromEta } from './derive.js';
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
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).inverseGaussian as {
  cases: RefCase[];
  kl: RefPair[];
};

const EPS = 2.220446049250313e-16;
// mpmath (40 digits) reference rounded once; measured worst 3.7e-16.
const REF_TOL = 4e-15;
/** theta = (-lambda / (2 mu^2), -lambda / 2) rounds the source once: eps / delta relative in KL
 *  for a pair at relative distance delta. */
const klTol = (p: number[], q: number[]): number => {
  const delta = Math.max(...p.map((v, i) => Math.abs(q[i] - v) / v));
  return Math.max(REF_TOL, (8 * EPS) / delta);
};
const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('inverseGaussian', {
  cases: () => [inverseGaussian(1, 1), inverseGaussian(2, 0.5), inverseGaussian(1e-3, 5), inverseGaussian(1e3, 1e3), inverseGaussian(5, 30), inverseGaussian(1, 1e-6), inverseGaussian(2, 1e-5)],
  support: { kind: 'continuous', lo: 0, hi: Infinity },
});

familyBattery('inverseGaussian (mu / lambda = 1e-6: a narrow peak)', {
  cases: () => [inverseGaussian(1, 1e6), inverseGaussian(3, 3e5)],
  // The battery maps (0, inf) with the mean at t = 1/2 and cannot find a peak of relative width
  // 1e-3; the two-sided map centres on the mean with the standard deviation as scale. The
  // log-density is -Infinity (weight 0) for x <= 0, so the integrals are the same.
  support: { kind: 'continuous', lo: -Infinity, hi: Infinity },
});

describe('inverseGaussian', () => {
  it('has theta = (-lambda / (2 mu^2), -lambda / 2), eta = (mu, 1/mu + 1/lambda), params { mu, lambda }', () => {
    const p = inverseGaussian(1, 2);
    expect(Array.from(p.theta)).toEqual([-1, -1]);
    expect(Array.from(p.eta)).toEqual([1, 1.5]);
    expect(p.params).toEqual({ mu: 1, lambda: 2 });
    expect(p.mean()).toBe(1);
    expect(p.variance()).toBe(0.5);
    const q = inverseGaussian(2, 0.5);
    expect(Array.from(inverseGaussianFamily.sourceFromTheta(q.theta, new Float64Array(2)))).toEqual([2, 0.5]);
  });

  it('matches the mpmath/scipy reference values (log-density, mean, variance, entropy), mu/lambda from 1e-6 to 1e6', () => {
    for (const c of REF.cases) {
      const p = inverseGaussian(c.params[0], c.params[1]);
      for (const [x, v] of c.logpdf) expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.mean() as number, c.mean!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.variance() as number, c.variance!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, including nearby pairs', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = inverseGaussianFamily.kl!(inverseGaussian(p[0], p[1]).theta, inverseGaussian(q[0], q[1]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(klTol(p, q));
    }
    const near = REF.kl.find((r) => r.p[1] === 1e6)!;
    const [p, q] = [inverseGaussian(near.p[0], near.p[1]), inverseGaussian(near.q[0], near.q[1])];
    // F = -lambda/mu - log(lambda)/2 ~ -1e6 against KL ~ 5e-7: the Bregman form keeps ~4 digits.
    expect(rel(klBregman(inverseGaussianFamily, p.theta, q.theta), near.kl)).toBeGreaterThan(1e-7);
  });

  it('e^x E1(x) matches mpmath to a few ulps from 1e-8 to 1e6', () => {
    const ref: [number, number][] = [
      [1e-8, 17.843465267485484369],
      [0.3, 1.2225356050805855565],
      [0.5, 0.92291063248373046883],
      [1, 0.5963473623231940743],
      [2, 0.3613286168882225847],
      [50, 0.019615109930114870365],
      [1e6, 9.99999000001999994e-7],
    ];
    for (const [x, v] of ref) expect(rel(expE1(x), v)).toBeLessThanOrEqual(8 * EPS);
  });

  it('closed-form entropy and Fisher(source) agree with the generic forms; Fisher is diag(lambda/mu^3, 1/(2 lambda^2))', () => {
    for (const [mu, lam] of [[1, 1], [0.2, 3], [4, 0.1], [1, 1e-6]]) {
      const p = inverseGaussian(mu, lam);
      const h = p.entropy();
      expect(rel(h, entropyGeneric(inverseGaussianFamily, p.theta), Math.max(1, Math.abs(h)))).toBeLessThanOrEqual(1e-14);
      const g = fisherSource(inverseGaussianFamily, p.source);
      const pull = fisherSourcePullback(inverseGaussianFamily, p.source);
      expect(rel(g[0], lam / mu ** 3)).toBeLessThanOrEqual(4 * EPS);
      expect(rel(g[3], 0.5 / lam ** 2)).toBeLessThanOrEqual(4 * EPS);
      expect(rel(pull[0], g[0])).toBeLessThanOrEqual(1e-12);
      expect(rel(pull[3], g[3])).toBeLessThanOrEqual(1e-12);
    }
    // lambda >> mu: the pullback's (2,2) entry loses its digits to cancellation; the closed form does not.
    const s = Float64Array.of(1, 1e8);
    expect(rel(fisherSource(inverseGaussianFamily, s)[3], 0.5e-16)).toBeLessThanOrEqual(4 * EPS);
    expect(rel(fisherSourcePullback(inverseGaussianFamily, s)[3], 0.5e-16)).toBeGreaterThan(1e-10);
  });

  it('rejects invalid arguments with an InfogeoError naming the parameter, value and domain', () => {
    const bad: [number, number, string, RegExp][] = [
      [0, 1, 'mu', /expected a finite number > 0/],
      [-1, 1, 'mu', /expected a finite number > 0/],
      [Number.NaN, 1, 'mu', /expected a finite number > 0/],
      [Infinity, 1, 'mu', /expected a finite number > 0/],
      [1, 0, 'lambda', /expected a finite number > 0/],
      [1, -3, 'lambda', /expected a finite number > 0/],
      [1, Number.NaN, 'lambda', /expected a finite number > 0/],
      [1, Infinity, 'lambda', /expected a finite number > 0/],
      [1e-200, 1, 'mu', /natural parameters .* finite and nonzero/], // lambda / (2 mu^2) overflows
      [1e200, 1, 'mu', /natural parameters .* finite and nonzero/], // and underflows
    ];
    for (const [mu, lam, param, domain] of bad) {
      try {
        inverseGaussian(mu, lam);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe(param);
        expect((e as Error).message).toContain(`${param} = ${String(param === 'mu' ? mu : lam)}`);
        expect((e as Error).message).toMatch(domain);
      }
    }
  });

  it('is valid, finite and round-trips over mu, lambda from 1e-100 to 1e100 (property)', () => {
    const logParam = fc.double({ min: -100, max: 100, noNaN: true });
    fc.assert(
      fc.property(logParam, logParam, logParam, logParam, (lm, ll, lm2, ll2) => {
        const [mu, lam] = [10 ** lm, 10 ** ll];
        // theta_1 = -lambda / (2 mu^2) must be a finite nonzero double.
        fc.pre(Math.abs(ll - 2 * lm) < 300 && Math.abs(ll2 - 2 * lm2) < 300);
        const p = inverseGaussian(mu, lam);
        const q = inverseGaussian(10 ** lm2, 10 ** ll2);
        const eta = etaFromTheta(inverseGaussianFamily, p.theta);
        expect(Number.isFinite(eta[0]) && Number.isFinite(eta[1])).toBe(true);
        const src = inverseGaussianFamily.sourceFromTheta(p.theta, new Float64Array(2));
        expect(rel(src[0], mu)).toBeLessThanOrEqual(4 * EPS);
        expect(rel(src[1], lam)).toBeLessThanOrEqual(2 * EPS);
        // eta -> theta: 1/lambda = eta_2 - 1/eta_1 cancels when lambda >> mu (condition lambda/mu).
        const cond = 1 + lam / mu;
        if (cond * EPS < 1e-3) {
          const back = thetaFromEta(inverseGaussianFamily, eta);
          expect(rel(back[1], p.theta[1])).toBeLessThanOrEqual(8 * EPS * cond);
          expect(rel(back[0], p.theta[0])).toBeLessThanOrEqual(8 * EPS * cond);
        }
        expect(Number.isFinite(p.entropy())).toBe(true);
        const d = inverseGaussianFamily.kl!(p.theta, q.theta);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(d)).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
