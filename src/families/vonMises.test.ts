import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reduceAngle, vonMises, vonMisesFamily } from './vonMises.js';
import { familyBattery } from './battery.testutil.js';
import { entropyGeneric, etaFromTheta, fisherNatural, fisherSource, klBregman, thetaFromEta } from './derive.js';
import { besselI1OverI0, besselI1OverI0Derivative } from '../special/index.js';
import { rng } from '../random/rng.js';
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
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).vonMises as {
  cases: RefCase[];
  kl: RefPair[];
};

const EPS = 2.220446049250313e-16;
// mpmath (40 digits) reference rounded once; measured worst 5.3e-15 (log-density at kappa = 50,
// where kappa cos(x - mu) ~ 50 is summed with log I0).
const REF_TOL = 2e-14;
/** theta = kappa (cos mu, sin mu) rounds the source once: eps / delta relative in KL for a pair at
 *  distance delta (angles absolute, kappa relative). */
const klTol = (p: number[], q: number[]): number => {
  const delta = Math.max(Math.abs(q[0] - p[0]), Math.abs(q[1] - p[1]) / p[1]);
  return Math.max(REF_TOL, (8 * EPS) / delta);
};
const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('vonMises (mean direction 0)', {
  // With mu = 0 the window (-pi, pi] is centred on the mean direction, so E[X] = mu and
  // E[X^2] = variance() are the plain integrals over the support checked by the battery.
  cases: () => [vonMises(0, 1), vonMises(0, 2), vonMises(0, 1e-8), vonMises(0, 0.3), vonMises(0, 50)],
  support: { kind: 'continuous', lo: -Math.PI, hi: Math.PI },
});

familyBattery('vonMises (mean direction 0, large kappa: narrow peaks)', {
  cases: () => [vonMises(0, 700), vonMises(0, 1e6), vonMises(0, 3e4)],
  // On the finite interval the battery's Gauss-Legendre panels miss a peak of width 1e-3 at 0;
  // the two-sided map centres on the mean with the standard deviation as scale. The log-density
  // is -Infinity (weight 0) outside [-pi, pi], so the integrals are the same.
  support: { kind: 'continuous', lo: -Infinity, hi: Infinity },
});

familyBattery('vonMises (other mean directions, Monte Carlo)', {
  cases: () => [vonMises(1, 2), vonMises(3, 50), vonMises(Math.PI, 0.3), vonMises(-2, 1e-8), vonMises(-2, 1.5)],
  // mean() is the mean direction and variance() is E[(X - mu)^2] over the window around it
  // (scipy's convention); the linear moments of X over (-pi, pi] differ for mu != 0, so the
  // expectations are taken by Monte Carlo (which only checks mean/variance for finiteness) and
  // the linear sampling z-test is replaced by the circular one in the tests below.
  skipSampling: () => true,
});

describe('vonMises', () => {
  it('has theta = kappa (cos mu, sin mu), eta = A(kappa) (cos mu, sin mu), params { mu, kappa }', () => {
    const p = vonMises(0, 2);
    expect(Array.from(p.theta)).toEqual([2, 0]);
    expect(rel(p.eta[0], besselI1OverI0(2))).toBeLessThanOrEqual(2 * EPS);
    expect(p.eta[1]).toBe(0);
    expect(p.params).toEqual({ mu: 0, kappa: 2 });
    const q = vonMises(Math.PI / 2, 3);
    expect(rel(q.theta[1], 3)).toBeLessThanOrEqual(EPS);
    expect(Math.abs(q.theta[0])).toBeLessThanOrEqual(3 * EPS * 3);
  });

  it('reduces mu into (-pi, pi]', () => {
    expect(vonMises(4, 1).params.mu).toBe(4 - 2 * Math.PI);
    expect(vonMises(-Math.PI, 1).params.mu).toBe(Math.PI);
    expect(vonMises(Math.PI, 1).params.mu).toBe(Math.PI);
    expect(rel(vonMises(7 * Math.PI, 1).params.mu, Math.PI)).toBeLessThanOrEqual(8 * EPS);
    expect(reduceAngle(-4)).toBe(-4 + 2 * Math.PI);
    // The direction is the same either way.
    const [a, b] = [vonMises(4, 1.5), vonMises(4 - 2 * Math.PI, 1.5)];
    expect(Math.abs(a.theta[0] - b.theta[0]) + Math.abs(a.theta[1] - b.theta[1])).toBeLessThanOrEqual(4 * EPS);
    expect(vonMisesFamily.sourceFromTheta(Float64Array.of(-1, -0), new Float64Array(2))[0]).toBe(Math.PI);
  });

  it('matches the mpmath/scipy reference values (log-density, mean direction, window variance, entropy)', () => {
    for (const c of REF.cases) {
      const p = vonMises(c.params[0], c.params[1]);
      for (const [x, v] of c.logpdf) expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.mean() as number, c.mean!, Math.max(1, Math.abs(c.mean!)))).toBeLessThanOrEqual(4 * EPS);
      expect(rel(p.variance() as number, c.variance!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, including nearby pairs at kappa = 1e6', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = vonMisesFamily.kl!(vonMises(p[0], p[1]).theta, vonMises(q[0], q[1]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(klTol(p, q));
    }
    const near = REF.kl.find((r) => r.p[1] === 1e6 && r.q[1] !== 1e6)!;
    const [p, q] = [vonMises(near.p[0], near.p[1]), vonMises(near.q[0], near.q[1])];
    // F = log(2 pi I0(1e6)) ~ 1e6 against KL ~ 1e-13: the Bregman form is meaningless here.
    expect(rel(klBregman(vonMisesFamily, p.theta, q.theta), near.kl)).toBeGreaterThan(1e-2);
  });

  it('the Hessian of F tends smoothly to I/2 as kappa -> 0, and Fisher in (mu, kappa) is diag(kappa A, A\')', () => {
    expect(Array.from(fisherNatural(vonMisesFamily, Float64Array.of(0, 0)))).toEqual([0.5, 0, 0, 0.5]);
    for (const k of [1e-12, 1e-8, 1e-6, 1e-4]) {
      const h = fisherNatural(vonMisesFamily, vonMises(0.7, k).theta);
      // A/kappa = 1/2 - kappa^2/16, A' = 1/2 - 3 kappa^2/16.
      expect(Math.abs(h[0] - 0.5) + Math.abs(h[1]) + Math.abs(h[3] - 0.5)).toBeLessThanOrEqual((k * k) / 2 + 4 * EPS);
    }
    for (const [mu, k] of [[0.3, 2], [-2, 40], [3, 1e3], [1, 1e6]]) {
      const g = fisherSource(vonMisesFamily, Float64Array.of(mu, k));
      expect(rel(g[0], k * besselI1OverI0(k))).toBeLessThanOrEqual(4 * EPS);
      expect(rel(g[3], besselI1OverI0Derivative(k))).toBeLessThanOrEqual(1e-14);
      expect(g[1]).toBe(0);
    }
  });

  it('closed-form entropy and KL agree with the generic derivation where that is accurate', () => {
    for (const [mu, k] of [[0, 1e-8], [1, 0.5], [-2, 3], [2, 49.9], [0.5, 50.1], [3, 300]]) {
      const p = vonMises(mu, k);
      const h = p.entropy();
      expect(rel(h, entropyGeneric(vonMisesFamily, p.theta), Math.max(1, Math.abs(h)))).toBeLessThanOrEqual(1e-13);
      const q = vonMises(mu + 1, 2 * k);
      const d = vonMisesFamily.kl!(p.theta, q.theta);
      // The Bregman form is only good to ~eps |F| absolute (F ~ log 2 pi + kappa).
      const bound = 1e-12 * d + 8 * EPS * (Math.abs(vonMisesFamily.logPartition(p.theta)) + Math.abs(vonMisesFamily.logPartition(q.theta)));
      expect(Math.abs(d - klBregman(vonMisesFamily, p.theta, q.theta))).toBeLessThanOrEqual(bound);
    }
  });

  it('samples have the circular mean A(kappa) e^{i mu} (z-test on cos and sin)', () => {
    for (const [mu, k] of [[1, 2], [3, 50], [Math.PI, 0.3], [-2, 1e-8]]) {
      const p = vonMises(mu, k);
      const xs = p.sample(20000, rng(11)) as number[];
      let [c, s] = [0, 0];
      for (const x of xs) {
        expect(vonMisesFamily.inSupport(x)).toBe(true);
        c += Math.cos(x);
        s += Math.sin(x);
      }
      const n = xs.length;
      // Var[cos X], Var[sin X] <= 1: 6 standard errors.
      expect(Math.abs(c / n - p.eta[0])).toBeLessThanOrEqual(6 / Math.sqrt(n));
      expect(Math.abs(s / n - p.eta[1])).toBeLessThanOrEqual(6 / Math.sqrt(n));
    }
  });

  it('is finite at kappa = 1e10 and 1e300 (entropy from 1 - A by its asymptotic series)', () => {
    for (const k of [1e10, 1e300]) {
      const p = vonMises(0.5, k);
      expect(Number.isFinite(p.entropy())).toBe(true);
      // H = log(2 pi I0) - k A ~ (1/2) log(2 pi e / k) for large k.
      expect(Math.abs(p.entropy() - 0.5 * Math.log((2 * Math.PI * Math.E) / k))).toBeLessThanOrEqual(1 / k);
      expect(Number.isFinite(p.logDensity(0.5))).toBe(true);
    }
  });

  it('rejects invalid arguments with an InfogeoError naming the parameter, value and domain', () => {
    const bad: [number, number, string, RegExp][] = [
      [Number.NaN, 1, 'mu', /expected a finite number/],
      [Infinity, 1, 'mu', /expected a finite number/],
      [0, 0, 'kappa', /expected a finite number > 0/],
      [0, -1, 'kappa', /expected a finite number > 0/],
      [0, Number.NaN, 'kappa', /expected a finite number > 0/],
      [0, Infinity, 'kappa', /expected a finite number > 0/],
    ];
    for (const [mu, k, param, domain] of bad) {
      try {
        vonMises(mu, k);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe(param);
        expect((e as Error).message).toContain(`${param} = ${String(param === 'mu' ? mu : k)}`);
        expect((e as Error).message).toMatch(domain);
      }
    }
    expect(vonMises(0.2, 1).logDensity(4)).toBe(-Infinity); // outside (-pi, pi]
  });

  it('is valid, finite and round-trips over mu in [-1e3, 1e3] and kappa from 1e-300 to 1e300 (property)', () => {
    const logK = fc.double({ min: -300, max: 300, noNaN: true });
    const angle = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(angle, logK, angle, logK, (mu, lk, mu2, lk2) => {
        const k = 10 ** lk;
        const p = vonMises(mu, k);
        const q = vonMises(mu2, 10 ** lk2);
        const eta = etaFromTheta(vonMisesFamily, p.theta);
        expect(Number.isFinite(eta[0]) && Number.isFinite(eta[1])).toBe(true);
        const src = vonMisesFamily.sourceFromTheta(p.theta, new Float64Array(2));
        expect(rel(src[1], k)).toBeLessThanOrEqual(2 * EPS);
        const dmu = Math.abs(reduceAngle(src[0] - p.params.mu));
        expect(dmu).toBeLessThanOrEqual(8 * EPS);
        // eta -> theta: |eta| = A(kappa) = 1 - 1/(2 kappa) + ... carries kappa to ~2 kappa eps.
        if (k < 1e12) {
          const back = thetaFromEta(vonMisesFamily, eta);
          const err = Math.hypot(back[0] - p.theta[0], back[1] - p.theta[1]) / k;
          expect(err).toBeLessThanOrEqual(Math.max(2e-14, 16 * EPS * (1 + 2 * k)));
        }
        expect(Number.isFinite(p.entropy())).toBe(true);
        const d = vonMisesFamily.kl!(p.theta, q.theta);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(d)).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
