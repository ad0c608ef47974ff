import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InfogeoError } from '../errors.js';
import { BESSEL_SERIES_MAX } from './bessel.js';
import { besselI1OverI0, besselI1OverI0Derivative, inverseBesselI1OverI0 } from './besselRatio.js';
import { TAIL_TOL, TYPICAL_TOL, fixtures, worstScaledError } from './__fixtures__/fixtures.js';

/**
 * A(inverse(a)) = a: the inverse is accurate to ~1e-15 relative in kappa, and A damps that by
 * kappa A'(kappa) / A <= 1, so the round trip is within a few ulps of a; 8 ulps.
 */
const ROUND_TRIP_TOL = 8 * Number.EPSILON;
/**
 * inverse(A(kappa)) = kappa: A(kappa) is rounded to the nearest double, and kappa moves by
 * that rounding times the condition number a / (kappa A') <= 2 kappa + 1; 8 ulps of each.
 */
const INVERSE_TOL = 8 * Number.EPSILON;

describe('A = I1/I0, A\' and the inverse of A against mpmath (80 digits)', () => {
  const cases = [
    ['besselI1OverI0', besselI1OverI0],
    ['besselI1OverI0Derivative', besselI1OverI0Derivative],
    ['inverseBesselI1OverI0', inverseBesselI1OverI0],
  ] as const;
  for (const [name, fn] of cases) {
    it(`${name}: typical arguments within ${TYPICAL_TOL}`, () => {
      const w = worstScaledError(fixtures(name).typical, fn);
      expect(w.error, `worst at ${JSON.stringify(w.row)}: got ${w.computed}`).toBeLessThanOrEqual(TYPICAL_TOL);
    });
    it(`${name}: tails within ${TAIL_TOL}`, () => {
      const w = worstScaledError(fixtures(name).tail, fn);
      expect(w.error, `worst at ${JSON.stringify(w.row)}: got ${w.computed}`).toBeLessThanOrEqual(TAIL_TOL);
    });
  }
});

describe('limits', () => {
  it('A(0) = 0, A\'(0) = 1/2, inverse(0) = 0, A(Infinity) = 1, A\'(Infinity) = 0', () => {
    expect(besselI1OverI0(0)).toBe(0);
    expect(besselI1OverI0Derivative(0)).toBe(0.5);
    expect(inverseBesselI1OverI0(0)).toBe(0);
    expect(besselI1OverI0(Infinity)).toBe(1);
    expect(besselI1OverI0Derivative(Infinity)).toBe(0);
  });
  it('small x: A = x/2 - x^3/16 + ..., A\' = 1/2 - 3x^2/16 + ...; inverse(a) = 2a + a^3 + ...', () => {
    for (const x of [1e-300, 1e-20, 1e-6]) {
      const a = x / 2 - (x * x * x) / 16;
      expect(Math.abs(besselI1OverI0(x) - a)).toBeLessThanOrEqual(Number.EPSILON * a);
      const d = 0.5 - (3 * x * x) / 16;
      expect(Math.abs(besselI1OverI0Derivative(x) - d)).toBeLessThanOrEqual(Number.EPSILON * d);
      const k = 2 * x + x * x * x;
      expect(Math.abs(inverseBesselI1OverI0(x) - k)).toBeLessThanOrEqual(2 * Number.EPSILON * k);
    }
  });
  it('large x: 1 - A ~ 1/(2x) + 1/(8x^2), A\' ~ 1/(2x^2) + 1/(4x^3); inverse ~ 1/(2(1 - a))', () => {
    for (const x of [1e6, 1e10, 1e100]) {
      expect(besselI1OverI0(x)).toBe(1 - 1 / (2 * x) - 1 / (8 * x * x));
      const d = 1 / (2 * x * x) + 1 / (4 * x * x * x);
      expect(Math.abs(besselI1OverI0Derivative(x) - d)).toBeLessThanOrEqual(1e-15 * d + 1 / x ** 4);
    }
    // a = 1 - 2^-52: the residual is formed from 1 - A, so kappa is still relatively exact.
    const u = 2 ** -52;
    const kappa = inverseBesselI1OverI0(1 - u);
    // 1 - a = 1/(2k) + 1/(8k^2) + ...  =>  k = 1/(2u) - 1/4 + O(u)
    expect(Math.abs(kappa - (1 / (2 * u) - 0.25))).toBeLessThanOrEqual(4 * Number.EPSILON * kappa);
  });
  it('A and A\' are continuous across the series/asymptotic crossover', () => {
    const x = BESSEL_SERIES_MAX;
    const y = x * (1 + Number.EPSILON);
    const rel = (p: number, q: number) => Math.abs(p - q) / Math.abs(q);
    expect(rel(besselI1OverI0(y), besselI1OverI0(x))).toBeLessThanOrEqual(8 * Number.EPSILON);
    expect(rel(besselI1OverI0Derivative(y), besselI1OverI0Derivative(x))).toBeLessThanOrEqual(32 * Number.EPSILON);
  });
});

describe('properties (seeded)', () => {
  it('A(inverse(a)) = a for a in [0, 1)', () => {
    const a = fc.oneof(
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      fc.double({ min: 1e-16, max: 1e-2, noNaN: true }).map((e) => 1 - e),
    );
    fc.assert(
      fc.property(a, (v) => Math.abs(besselI1OverI0(inverseBesselI1OverI0(v)) - v) <= ROUND_TRIP_TOL * v),
      { seed: 1234, numRuns: 500 },
    );
  });
  it('inverse(A(kappa)) = kappa for kappa in {0} and [1e-300, 1e6], up to the conditioning 2 kappa + 1', () => {
    // Subnormal kappa is left out: A(kappa) ~ kappa/2 then has fewer than 53 significant bits.
    const kappa = fc.oneof(fc.constant(0), fc.double({ min: 1e-300, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(kappa, (k) => {
        const back = inverseBesselI1OverI0(besselI1OverI0(k));
        return Math.abs(back - k) <= INVERSE_TOL * (2 * k + 1) * k;
      }),
      { seed: 5678, numRuns: 500 },
    );
  });
  it('A\'(x) = 1 - A/x - A^2 where that formula is well conditioned (x <= 3)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 3, noNaN: true }), (x) => {
        const a = besselI1OverI0(x);
        const formula = 1 - a / x - a * a;
        // Absolute rounding of the formula ~ eps (1 + A/x + A^2) <= 3 eps; A' >= 0.2 here.
        return Math.abs(besselI1OverI0Derivative(x) - formula) <= 8 * Number.EPSILON;
      }),
      { seed: 91011, numRuns: 300 },
    );
  });
  it('A\' matches a central difference of A, and A is increasing and concave', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x) => {
        const h = 1e-4 * x;
        const fd = (besselI1OverI0(x + h) - besselI1OverI0(x - h)) / (2 * h);
        const d = besselI1OverI0Derivative(x);
        // O(h^2) truncation is 1e-8 relative; rounding eps / h relative to A' ~ 1/(2x^2).
        const ok = Math.abs(fd - d) <= 1e-7 * d + (4 * Number.EPSILON) / h;
        const increasing = besselI1OverI0(x * 1.01) > besselI1OverI0(x);
        const concave = besselI1OverI0Derivative(x * 1.01) < d;
        return ok && increasing && concave;
      }),
      { seed: 121314, numRuns: 300 },
    );
  });
});

describe('domain errors', () => {
  it('x < 0 or NaN throws for A and A\'', () => {
    for (const fn of [besselI1OverI0, besselI1OverI0Derivative]) {
      expect(() => fn(-0.5)).toThrow(InfogeoError);
      expect(() => fn(NaN)).toThrow(InfogeoError);
    }
  });
  it('the inverse needs a in [0, 1)', () => {
    for (const a of [1, 1.5, -1e-300, NaN, Infinity]) {
      expect(() => inverseBesselI1OverI0(a)).toThrow(InfogeoError);
    }
    expect(() => inverseBesselI1OverI0(1)).toThrow(/\[0, 1\)/);
  });
});
