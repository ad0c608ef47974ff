import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { laplace, laplaceFamily } from './laplace.js';
import { familyBattery } from './battery.testutil.js';
import { entropyGeneric, etaFromTheta, klBregman, thetaFromEta } from './derive.js';
import { checkSameFamily } from './distribution.js';
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
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).laplace as {
  cases: RefCase[];
  kl: RefPair[];
};

const EPS = 2.220446049250313e-16;
// mpmath (40 digits) reference rounded once; measured worst 1.9e-16.
const REF_TOL = 2e-15;
/** theta = -1/b rounds the source once: eps / delta relative in KL at relative distance delta. */
const klTol = (p: number[], q: number[]): number => Math.max(REF_TOL, (8 * EPS) / (Math.abs(q[1] - p[1]) / p[1]));
const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('laplace', {
  // Cases of equal location are compared by KL. b = 1e-100 and 1e100 keep Var = 2 b^2 and the
  // Fisher information 1/b^2 normal doubles (b = 1e-300 is tested below). A tiny scale sits at
  // mu = 0, where doubles are dense: next to mu = -5 (spacing 8.9e-16) no double could sample it.
  cases: () => [laplace(0, 1), laplace(0, 3), laplace(1, 2), laplace(1, 0.01), laplace(-5, 1e-10), laplace(0, 1e-100), laplace(0, 4e-100), laplace(3, 1e100)],
  support: { kind: 'continuous', lo: -Infinity, hi: Infinity },
});

describe('laplace', () => {
  it('has theta = -1/b, eta = E|X - mu| = b, params { mu, b }, and one family per location', () => {
    const p = laplace(1, 2);
    expect(Array.from(p.theta)).toEqual([-0.5]);
    expect(Array.from(p.eta)).toEqual([2]);
    expect(p.params).toEqual({ mu: 1, b: 2 });
    expect(p.mean()).toBe(1);
    expect(p.variance()).toBe(8);
    expect(p.family.id).toBe('laplace(mu=1)');
    expect(laplaceFamily(1)).toBe(p.family);
    expect(laplaceFamily(-0)).toBe(laplaceFamily(0));
    expect(laplace(0, 1).family.id).toBe('laplace(mu=0)');
    expect(p.logDensity(1)).toBe(-Math.log(4));
    expect(p.logDensity(3)).toBe(-Math.log(4) - 1);
  });

  it('KL is defined only between laws of the same location', () => {
    expect(() => checkSameFamily('kl', laplace(0, 1), laplace(1, 1))).toThrow(InfogeoError);
    expect(() => checkSameFamily('kl', laplace(2, 1), laplace(2, 3))).not.toThrow();
  });

  it('matches the mpmath/scipy reference values (log-density, mean, variance, entropy)', () => {
    for (const c of REF.cases) {
      const p = laplace(c.params[0], c.params[1]);
      for (const [x, v] of c.logpdf) expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(REF_TOL);
      expect(p.mean()).toBe(c.mean);
      if (c.variance !== null) expect(rel(p.variance() as number, c.variance)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, including a nearby pair and b = 1e-300', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = laplaceFamily(p[0]).kl!(laplace(p[0], p[1]).theta, laplace(q[0], q[1]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(klTol(p, q));
    }
  });

  it('closed forms agree with the generic derivation, and nearby KL keeps its accuracy', () => {
    const f = laplaceFamily(0);
    for (const b of [1e-300, 1e-5, 1, 3e7, 1e300]) {
      const p = laplace(0, b);
      expect(rel(p.entropy(), entropyGeneric(f, p.theta), Math.max(1, Math.abs(p.entropy())))).toBeLessThanOrEqual(4 * EPS);
    }
    expect(f.dualPotential!(Float64Array.of(2))).toBe(-1 - Math.log(4));
    const e = 2 ** -22; // exact thetas -3 and -3 (1 + e): KL = e - log(1 + e)
    const series = e * e * (0.5 - e / 3 + (e * e) / 4);
    expect(rel(f.kl!(Float64Array.of(-3), Float64Array.of(-3 * (1 + e))), series)).toBeLessThanOrEqual(2e-15);
    // F ~ -0.4 against KL ~ 1e-13: the Bregman form keeps at most 9 digits or so.
    expect(rel(klBregman(f, Float64Array.of(-3), Float64Array.of(-3 * (1 + e))), series)).toBeGreaterThan(1e-9);
  });

  it('rejects invalid arguments with an InfogeoError naming the parameter, value and domain', () => {
    const bad: [number, number, string, RegExp][] = [
      [Number.NaN, 1, 'mu', /expected a finite number/],
      [-Infinity, 1, 'mu', /expected a finite number/],
      [0, 0, 'b', /expected a finite number > 0/],
      [0, -2, 'b', /expected a finite number > 0/],
      [0, Number.NaN, 'b', /expected a finite number > 0/],
      [0, Infinity, 'b', /expected a finite number > 0/],
      [0, 5e-324, 'b', /1\/b is finite/],
    ];
    for (const [mu, b, param, domain] of bad) {
      try {
        laplace(mu, b);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe(param);
        expect((e as Error).message).toContain(`${param} = ${String(param === 'mu' ? mu : b)}`);
        expect((e as Error).message).toMatch(domain);
      }
    }
    expect(() => laplaceFamily(Number.NaN)).toThrow(InfogeoError);
  });

  it('is valid, finite and round-trips over b from 1e-300 to 1e300 and any location (property)', () => {
    const logB = fc.double({ min: -300, max: 300, noNaN: true });
    fc.assert(
      fc.property(fc.double({ min: -1e300, max: 1e300, noNaN: true }), logB, logB, (mu, l1, l2) => {
        const p = laplace(mu, 10 ** l1);
        const q = laplace(mu, 10 ** l2);
        const eta = etaFromTheta(p.family, p.theta);
        expect(Number.isFinite(p.theta[0]) && Number.isFinite(eta[0])).toBe(true);
        expect(rel(thetaFromEta(p.family, eta)[0], p.theta[0])).toBeLessThanOrEqual(2 * EPS);
        expect(rel(p.family.sourceFromTheta(p.theta, new Float64Array(1))[0], 10 ** l1)).toBeLessThanOrEqual(2 * EPS);
        expect(p.params.mu).toBe(mu === 0 ? 0 : mu);
        expect(Number.isFinite(p.entropy())).toBe(true);
        const d = p.family.kl!(p.theta, q.theta);
        expect(d).toBeGreaterThanOrEqual(0);
        // KL ~ b_p / b_q, beyond float64 when that ratio is.
        if (l1 - l2 < 300) expect(Number.isFinite(d)).toBe(true);
        expect(Number.isFinite(p.logDensity(mu))).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
