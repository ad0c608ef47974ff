import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InfogeoError } from '../errors.js';
import { digamma, trigamma } from './gamma.js';
import { polygamma } from './polygamma.js';
import { TAIL_TOL, TYPICAL_TOL, fixtures, worstScaledError } from './__fixtures__/fixtures.js';

const ZETA3 = 1.2020569031595942;
const ZETA5 = 1.0369277551433699;
/** Exact identities at representable points: a few ulps. */
const ULPS = 8 * Number.EPSILON;
/**
 * The recurrence compares psi^(n)(x + 1) with psi^(n)(x) + (-1)^n n!/x^(n+1); the two right
 * terms nearly cancel for small x, so the error is measured against the larger of them. 64 ulps
 * allow for n! / x^(n+1) (n + 1 roundings) and for the rounding of x + 1.
 */
const RECURRENCE_TOL = 64 * Number.EPSILON;

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

describe('polygamma against mpmath (80 digits), n in {0..6, 8, 10, 15}', () => {
  it(`typical arguments (0.01..100 and negative non-integers) within ${TYPICAL_TOL}`, () => {
    const w = worstScaledError(fixtures('polygamma').typical, polygamma);
    expect(w.error, `worst at ${JSON.stringify(w.row)}: got ${w.computed}`).toBeLessThanOrEqual(TYPICAL_TOL);
  });
  it(`tails (1e-10..1e-3, 1e3..1e12, 1e50) within ${TAIL_TOL}`, () => {
    const w = worstScaledError(fixtures('polygamma').tail, polygamma);
    expect(w.error, `worst at ${JSON.stringify(w.row)}: got ${w.computed}`).toBeLessThanOrEqual(TAIL_TOL);
  });
});

describe('exact values', () => {
  it('orders 0 and 1 are digamma and trigamma', () => {
    for (const x of [1e-8, 0.3, 1, 2.5, 40, 1e8, -0.5, -7.25]) {
      expect(polygamma(0, x)).toBe(digamma(x));
      expect(polygamma(1, x)).toBe(trigamma(x));
    }
  });
  it('polygamma(n, 1) = (-1)^(n+1) n! zeta(n+1) for n = 2, 4', () => {
    expect(Math.abs(polygamma(2, 1) + 2 * ZETA3)).toBeLessThanOrEqual(ULPS * 2 * ZETA3);
    expect(Math.abs(polygamma(4, 1) + 24 * ZETA5)).toBeLessThanOrEqual(ULPS * 24 * ZETA5);
  });
  it('polygamma(3, 1/2) = pi^4 and polygamma(2, 1/2) = -14 zeta(3)', () => {
    expect(Math.abs(polygamma(3, 0.5) - Math.PI ** 4)).toBeLessThanOrEqual(ULPS * Math.PI ** 4);
    expect(Math.abs(polygamma(2, 0.5) + 14 * ZETA3)).toBeLessThanOrEqual(ULPS * 14 * ZETA3);
  });
  it('large order through the logarithmic path: psi^(30)(2) = 30! sum_{k>=2} k^-31', () => {
    let s = 0;
    for (let k = 40; k >= 2; k--) s += Math.pow(k, -31);
    const expected = -factorial(30) * s;
    // n > 22 uses exp(lgamma(n+1) - (n+1) log x): error about eps * |log result| ~ 50 eps.
    expect(Math.abs(polygamma(30, 2) - expected)).toBeLessThanOrEqual(200 * Number.EPSILON * Math.abs(expected));
  });
  it('tails: leading behaviour n!/x^(n+1) at tiny x, (n-1)!/x^n at huge x, sign (-1)^(n+1)', () => {
    for (const n of [2, 3, 7]) {
      const sign = n % 2 === 1 ? 1 : -1;
      const tiny = polygamma(n, 1e-9);
      expect(Math.abs(tiny / (sign * factorial(n) * 1e9 ** (n + 1)) - 1)).toBeLessThan(1e-8);
      const huge = polygamma(n, 1e9);
      expect(Math.abs(huge / ((sign * factorial(n - 1)) / 1e9 ** n) - 1)).toBeLessThan(1e-8);
    }
  });
  it('overflow gives a signed infinity, +Infinity gives 0, never NaN', () => {
    expect(polygamma(40, 1e-8)).toBe(-Infinity);
    expect(polygamma(41, 1e-8)).toBe(Infinity);
    expect(polygamma(3, Infinity)).toBe(0);
    expect(polygamma(8, 1e300)).toBe(-0);
  });
});

// A&S 6.4.6: psi^(n)(x + 1) = psi^(n)(x) + (-1)^n n! / x^(n+1) (n = 0: psi(x + 1) = psi(x) + 1/x).
describe('recurrence polygamma(n, x+1) = polygamma(n, x) + (-1)^n n!/x^(n+1) (seeded)', () => {
  const order = fc.integer({ min: 0, max: 10 });
  it('for x > 0', () => {
    fc.assert(
      fc.property(order, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (n, x) => {
        const step = ((n % 2 === 0 ? 1 : -1) * factorial(n)) / Math.pow(x, n + 1);
        const lhs = polygamma(n, x + 1);
        const here = polygamma(n, x);
        const scale = Math.abs(here) + Math.abs(step) + Math.abs(polygamma(n + 1, x + 1)) * (x + 1);
        return Math.abs(lhs - (here + step)) <= RECURRENCE_TOL * scale;
      }),
      { seed: 424242, numRuns: 400 },
    );
  });
  it('for negative non-integer x and odd n (reflection, no cancellation)', () => {
    const negative = fc
      .double({ min: -30, max: -0.01, noNaN: true })
      .filter((x) => Math.abs(x - Math.round(x)) > 0.01);
    fc.assert(
      fc.property(fc.constantFrom(1, 3, 5, 7), negative, (n, x) => {
        const step = -factorial(n) / Math.pow(x, n + 1); // n odd: (-1)^n = -1
        const lhs = polygamma(n, x + 1);
        const here = polygamma(n, x);
        const scale = Math.abs(here) + Math.abs(step) + Math.abs(polygamma(n + 1, x + 1)) * Math.abs(x + 1);
        return Math.abs(lhs - (here + step)) <= RECURRENCE_TOL * scale;
      }),
      { seed: 737373, numRuns: 300 },
    );
  });
  it('psi^(n) has sign (-1)^(n+1) and |psi^(n)| decreases on x > 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (n, x) => {
        const sign = n % 2 === 1 ? 1 : -1;
        const a = polygamma(n, x);
        const b = polygamma(n, x * 1.01);
        return Math.sign(a) === sign && Math.abs(b) < Math.abs(a);
      }),
      { seed: 99, numRuns: 300 },
    );
  });
});

describe('domain errors', () => {
  it('n must be an integer >= 0', () => {
    expect(() => polygamma(-1, 1)).toThrow(InfogeoError);
    expect(() => polygamma(1.5, 1)).toThrow(/n = 1.5/);
    expect(() => polygamma(NaN, 1)).toThrow(InfogeoError);
  });
  it('x = NaN, -Infinity or a pole 0, -1, -2, ... throws', () => {
    for (const n of [0, 1, 2, 5]) {
      for (const x of [NaN, -Infinity, 0, -0, -1, -3, -1e17]) {
        expect(() => polygamma(n, x)).toThrow(InfogeoError);
      }
    }
  });
});
