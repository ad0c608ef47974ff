import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffOfProducts, exponential, exponentialFamily, log1pmx } from './exponential.js';
import { familyBattery } from './battery.testutil.js';
import { entropyGeneric, klBregman, logDensityNatural } from './derive.js';
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
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).exponential as {
  cases: RefCase[];
  kl: RefPair[];
};

// mpmath (40 digits) reference rounded once; our closed forms are a few ulps.
const REF_TOL = 1e-14;

const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('exponential', {
  // Near the extremes where Var[X] = 1/rate^2 is still a normal double: rate 1e-150 (Var 1e300) and
  // 1e140 (Var 1e-280; at 1e150 the battery's quadrature absolute tolerance 1e-300 equals Var itself).
  cases: () => [exponential(2), exponential(0.5), exponential(1), exponential(1e-150), exponential(1e140), exponential(37)],
  support: { kind: 'continuous', lo: 0, hi: Infinity },
});

describe('exponential', () => {
  it('has theta = -rate, eta = 1/rate, params { rate }', () => {
    const p = exponential(2);
    expect(Array.from(p.theta)).toEqual([-2]);
    expect(Array.from(p.eta)).toEqual([0.5]);
    expect(p.params).toEqual({ rate: 2 });
    expect(p.mean()).toBe(0.5);
    expect(p.variance()).toBe(0.25);
  });

  it('matches the mpmath/scipy reference values (log-density, mean, variance, entropy)', () => {
    for (const c of REF.cases) {
      const p = exponential(c.params[0]);
      for (const [x, v] of c.logpdf) expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(REF_TOL);
      if (c.mean !== null) expect(rel(p.mean() as number, c.mean)).toBeLessThanOrEqual(REF_TOL);
      if (c.variance !== null) expect(rel(p.variance() as number, c.variance)).toBeLessThanOrEqual(REF_TOL);
      else expect(p.variance()).toBe(Infinity); // 1/rate^2 beyond float64: overflow, never NaN
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, also for nearby pairs', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = exponentialFamily.kl!(exponential(p[0]).theta, exponential(q[0]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('KL between nearby rates keeps its relative accuracy where the Bregman form loses it', () => {
    const p = exponential(3);
    const q = exponential(3 * (1 + 1e-7));
    const e = (q.params.rate - 3) / 3; // exact difference (Sterbenz), one rounding in the division
    const series = e * e * (0.5 - e / 3 + (e * e) / 4 - (e * e * e) / 5); // r - 1 - log r, r = 1 + e
    expect(rel(exponentialFamily.kl!(p.theta, q.theta), series)).toBeLessThanOrEqual(1e-14);
    // F = -log(rate) ~ 1.1 against KL ~ 5e-15: the Bregman form keeps only ~2 digits.
    expect(rel(klBregman(exponentialFamily, p.theta, q.theta), series)).toBeGreaterThan(1e-4);
  });

  it('entropy, dual potential and KL closed forms agree with the generic derivation', () => {
    for (const rate of [1e-300, 1e-5, 0.3, 7, 1e12, 1e300]) {
      const p = exponential(rate);
      expect(rel(p.entropy(), entropyGeneric(exponentialFamily, p.theta), Math.max(1, Math.abs(p.entropy())))).toBeLessThanOrEqual(1e-15);
      expect(p.entropy()).toBe(1 - Math.log(rate));
    }
    expect(exponentialFamily.dualPotential!(Float64Array.of(2))).toBe(-1 - Math.log(2));
  });

  it('has finite log-density, entropy and KL at rate = 1e-300 and 1e300', () => {
    const lo = exponential(1e-300);
    const hi = exponential(1e300);
    expect(lo.logDensity(1e300)).toBeCloseTo(Math.log(1e-300) - 1, 12);
    expect(hi.logDensity(0)).toBe(Math.log(1e300));
    expect(hi.logDensity(-1)).toBe(-Infinity);
    expect(Number.isFinite(lo.entropy()) && Number.isFinite(hi.entropy())).toBe(true);
    expect(Number.isFinite(exponentialFamily.kl!(lo.theta, exponential(3e-300).theta))).toBe(true);
  });

  it('rejects bad rates with an InfogeoError naming the parameter, value and domain', () => {
    for (const rate of [0, -1, Number.NaN, Infinity, -Infinity, 5e-324, '1' as unknown as number]) {
      try {
        exponential(rate);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe('rate');
        expect((e as Error).message).toContain(`rate = ${typeof rate === 'string' ? '"1"' : String(rate)}`);
        expect((e as Error).message).toMatch(/expected a finite number > 0/);
      }
    }
  });

  it('is valid, finite and round-trips over rates from 1e-300 to 1e300 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: -300, max: 300, noNaN: true }), (l1, l2) => {
        const [r1, r2] = [10 ** l1, 10 ** l2];
        const p = exponential(r1);
        const q = exponential(r2);
        expect(Number.isFinite(p.theta[0]) && Number.isFinite(p.eta[0])).toBe(true);
        const back = exponentialFamily.thetaFromEta(p.eta, new Float64Array(1));
        expect(rel(back[0], p.theta[0])).toBeLessThanOrEqual(4e-16);
        expect(p.params.rate).toBe(r1);
        expect(Number.isFinite(p.entropy())).toBe(true);
        const d = exponentialFamily.kl!(p.theta, q.theta);
        expect(d).toBeGreaterThanOrEqual(0);
        // KL ~ rate_q / rate_p overflows only if that ratio exceeds float64.
        if (Math.abs(l2 - l1) < 300) expect(Number.isFinite(d)).toBe(true);
        expect(Number.isFinite(logDensityNatural(exponentialFamily, p.theta, 1 / r1))).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('log1pmx and diffOfProducts', () => {
  it('log1pmx(x) = log(1 + x) - x to a few ulps, including tiny x', () => {
    // Series: -x^2/2 + x^3/3 - x^4/4 + ...
    for (const x of [1e-300, -1e-12, 3e-9, 1e-4, -0.01, 0.2, -0.3, 0.49]) {
      let series = 0;
      let pw = x;
      for (let k = 2; k < 70; k++) {
        pw *= x;
        series += ((k % 2 === 0 ? -1 : 1) * pw) / k;
      }
      expect(rel(log1pmx(x), series)).toBeLessThanOrEqual(1e-15);
    }
    expect(log1pmx(1)).toBe(Math.log(2) - 1);
    expect(log1pmx(-1)).toBe(-Infinity);
  });

  it('diffOfProducts is exact for products of 26-bit numbers and accurate under cancellation', () => {
    expect(diffOfProducts(1 + 2 ** -30, 1 - 2 ** -30, 1, 1)).toBe(-(2 ** -60));
    expect(diffOfProducts(3, 5, 2, 7)).toBe(1);
    const a = 0.1;
    const b = 0.30000000000000004;
    // a*b - (a*b rounded) is the rounding error of the product, recovered exactly.
    const r = a * b;
    expect(diffOfProducts(a, b, r, 1)).not.toBe(0);
    expect(Math.abs(diffOfProducts(a, b, r, 1))).toBeLessThanOrEqual(Math.abs(r) * 2 ** -53);
  });
});
