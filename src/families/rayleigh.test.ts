import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rayleigh, rayleighFamily } from './rayleigh.js';
import { familyBattery } from './battery.testutil.js';
import { entropyGeneric, etaFromTheta, fisherSource, klBregman, thetaFromEta } from './derive.js';
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
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).rayleigh as {
  cases: RefCase[];
  kl: RefPair[];
};

const EPS = 2.220446049250313e-16;
// mpmath (40 digits) reference rounded once; measured worst 2.5e-16.
const REF_TOL = 2e-15;
/** theta = -1 / (2 sigma^2) rounds the source once: eps / delta relative in KL at distance delta. */
const klTol = (p: number[], q: number[]): number => Math.max(REF_TOL, (8 * EPS) / (Math.abs(q[0] - p[0]) / p[0]));
const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('rayleigh', {
  // sigma = 1e-70 and 1e70 keep Var[X^2] = 4 sigma^4 and its inverse normal doubles (the
  // Fisher information in theta); sigma = 1e-150, 1e150 are tested below for what stays finite.
  cases: () => [rayleigh(1), rayleigh(2.5), rayleigh(0.3), rayleigh(1e-70), rayleigh(1e70)],
  support: { kind: 'continuous', lo: 0, hi: Infinity },
});

describe('rayleigh', () => {
  it('has theta = -1 / (2 sigma^2), eta = E[X^2] = 2 sigma^2, params { sigma }', () => {
    const p = rayleigh(2);
    expect(Array.from(p.theta)).toEqual([-0.125]);
    expect(Array.from(p.eta)).toEqual([8]);
    expect(p.params).toEqual({ sigma: 2 });
    expect(rel(p.mean() as number, 2 * Math.sqrt(Math.PI / 2))).toBeLessThanOrEqual(2 * EPS);
    expect(rel(p.variance() as number, 2 * (4 - Math.PI))).toBeLessThanOrEqual(4 * EPS);
  });

  it('matches the mpmath/scipy reference values (log-density, mean, variance, entropy)', () => {
    for (const c of REF.cases) {
      const p = rayleigh(c.params[0]);
      for (const [x, v] of c.logpdf) expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.mean() as number, c.mean!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.variance() as number, c.variance!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, including a nearby pair', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = rayleighFamily.kl!(rayleigh(p[0]).theta, rayleigh(q[0]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(klTol(p, q));
    }
  });

  it('KL(sigma_p || sigma_q) = r - 1 - log r with r = sigma_p^2 / sigma_q^2, also for nearby scales', () => {
    const p = rayleigh(Math.SQRT2); // theta_p ~ -1/4
    const q = rayleigh(1); // theta_q = -1/2
    // Math.SQRT2^2 = 2 (1 + 2.2e-16), so theta_p is -1/4 only to an ulp.
    expect(rel(rayleighFamily.kl!(p.theta, q.theta), 1 - Math.log(2))).toBeLessThanOrEqual(8 * EPS);
    // Exact thetas -1/2 and -1/2 (1 + 2^-20): KL = e - log(1 + e), e = 2^-20.
    const e = 2 ** -20;
    const series = e * e * (0.5 - e / 3 + (e * e) / 4);
    const d = rayleighFamily.kl!(Float64Array.of(-0.5), Float64Array.of(-0.5 * (1 + e)));
    expect(rel(d, series)).toBeLessThanOrEqual(2e-15);
    expect(rel(klBregman(rayleighFamily, Float64Array.of(-0.75), Float64Array.of(-0.75 * (1 + e))), series)).toBeGreaterThan(1e-8);
  });

  it('closed-form entropy and F* agree with the generic derivation; Fisher in sigma is 4 / sigma^2', () => {
    for (const s of [1e-150, 1e-3, 1, 7, 1e150]) {
      const p = rayleigh(s);
      expect(rel(p.entropy(), entropyGeneric(rayleighFamily, p.theta), Math.max(1, Math.abs(p.entropy())))).toBeLessThanOrEqual(4 * EPS);
    }
    expect(rel(fisherSource(rayleighFamily, Float64Array.of(3))[0], 4 / 9)).toBeLessThanOrEqual(4 * EPS);
    expect(rayleighFamily.dualPotential!(Float64Array.of(8))).toBe(-1 - Math.log(4));
  });

  it('rejects invalid sigma with an InfogeoError naming the parameter, value and domain', () => {
    for (const sigma of [0, -1, Number.NaN, Infinity, 1e-160, 1e160]) {
      try {
        rayleigh(sigma);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe('sigma');
        expect((e as Error).message).toContain(`sigma = ${String(sigma)}`);
        expect((e as Error).message).toMatch(/expected a finite number > 0/);
      }
    }
  });

  it('is valid, finite and round-trips over sigma from 1e-150 to 1e150 (property)', () => {
    const logSigma = fc.double({ min: -150, max: 150, noNaN: true });
    fc.assert(
      fc.property(logSigma, logSigma, (l1, l2) => {
        const p = rayleigh(10 ** l1);
        const q = rayleigh(10 ** l2);
        const eta = etaFromTheta(rayleighFamily, p.theta);
        expect(Number.isFinite(p.theta[0]) && Number.isFinite(eta[0])).toBe(true);
        expect(rel(thetaFromEta(rayleighFamily, eta)[0], p.theta[0])).toBeLessThanOrEqual(2 * EPS);
        expect(p.params.sigma).toBe(10 ** l1);
        expect(rel(rayleighFamily.sourceFromTheta(p.theta, new Float64Array(1))[0], 10 ** l1)).toBeLessThanOrEqual(2 * EPS);
        expect(Number.isFinite(p.entropy())).toBe(true);
        const d = rayleighFamily.kl!(p.theta, q.theta);
        expect(d).toBeGreaterThanOrEqual(0);
        // KL ~ sigma_p^2 / sigma_q^2, beyond float64 when that ratio is.
        if (l1 - l2 < 150) expect(Number.isFinite(d)).toBe(true);
        else expect(d).toBe(Infinity);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
