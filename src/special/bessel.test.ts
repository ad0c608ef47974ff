import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InfogeoError } from '../errors.js';
import {
  ASYMPTOTIC_I0,
  ASYMPTOTIC_I1,
  BESSEL_SERIES_MAX,
  asymptoticSum,
  logBesselI0,
  logBesselI1,
  seriesI0Minus1,
  seriesI1Minus1,
} from './bessel.js';
import { besselI1OverI0 } from './besselRatio.js';
import { TAIL_TOL, TYPICAL_TOL, fixtures, worstScaledError } from './__fixtures__/fixtures.js';

/**
 * The two methods must agree to 20 ulps: measured at most 12, from the series' accumulated
 * rounding at x ~ 35 (beyond where it is used) plus exp and sqrt in the normalisation.
 */
const CROSSOVER_TOL = 20 * Number.EPSILON;

describe('logBesselI0, logBesselI1 against mpmath (80 digits)', () => {
  const cases = [
    ['logBesselI0', logBesselI0],
    ['logBesselI1', logBesselI1],
  ] as const;
  for (const [name, fn] of cases) {
    it(`${name}: typical arguments (1e-3..700) within ${TYPICAL_TOL}`, () => {
      const w = worstScaledError(fixtures(name).typical, fn);
      expect(w.error, `worst at ${JSON.stringify(w.row)}: got ${w.computed}`).toBeLessThanOrEqual(TYPICAL_TOL);
    });
    it(`${name}: tails (1e-300..1e-3, 1e3..1e300) within ${TAIL_TOL}`, () => {
      const w = worstScaledError(fixtures(name).tail, fn);
      expect(w.error, `worst at ${JSON.stringify(w.row)}: got ${w.computed}`).toBeLessThanOrEqual(TAIL_TOL);
    });
  }
});

describe('limits and exact values', () => {
  it('at 0: log I0 = 0 and log I1 = -Infinity (I1(0) = 0)', () => {
    expect(logBesselI0(0)).toBe(0);
    expect(logBesselI1(0)).toBe(-Infinity);
  });
  it('near 0: log I0(x) ~ x^2/4 and log I1(x) ~ log(x/2), relatively', () => {
    for (const x of [1e-300, 1e-100, 1e-10]) {
      expect(Math.abs(logBesselI0(x) - (x * x) / 4)).toBeLessThanOrEqual(Number.EPSILON * ((x * x) / 4));
      const l = Math.log(x) - Math.LN2;
      expect(Math.abs(logBesselI1(x) - l)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(l));
    }
  });
  it('huge x stays finite: log I(x) = x - log(2 pi x)/2 + O(1/x)', () => {
    for (const x of [1e10, 1e100, 1e300, Number.MAX_VALUE]) {
      const lead = x - 0.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(x);
      expect(Number.isFinite(logBesselI0(x))).toBe(true);
      expect(Math.abs(logBesselI0(x) - lead)).toBeLessThanOrEqual(Number.EPSILON * x + 1 / x);
      expect(Math.abs(logBesselI1(x) - lead)).toBeLessThanOrEqual(Number.EPSILON * x + 1 / x);
    }
    expect(logBesselI0(Infinity)).toBe(Infinity);
    expect(logBesselI1(Infinity)).toBe(Infinity);
  });
});

describe('the series and the asymptotic expansion agree where they meet', () => {
  it(`both give the same e^-x sqrt(2 pi x) I0(x) and I1(x) on [${BESSEL_SERIES_MAX}, ${BESSEL_SERIES_MAX + 15}]`, () => {
    // The series is valid for every x, the expansion from the crossover on: they must overlap.
    fc.assert(
      fc.property(fc.double({ min: BESSEL_SERIES_MAX, max: BESSEL_SERIES_MAX + 15, noNaN: true }), (x) => {
        const q = 0.25 * x * x;
        const norm = Math.exp(-x) * Math.sqrt(2 * Math.PI * x); // exp and sqrt: ~1 ulp each
        const s0 = (1 + seriesI0Minus1(q)) * norm;
        const s1 = 0.5 * x * (1 + seriesI1Minus1(q)) * norm;
        const a0 = 1 + asymptoticSum(ASYMPTOTIC_I0, x);
        const a1 = 1 + asymptoticSum(ASYMPTOTIC_I1, x);
        return Math.abs(s0 - a0) <= CROSSOVER_TOL * a0 && Math.abs(s1 - a1) <= CROSSOVER_TOL * a1;
      }),
      { seed: 2020, numRuns: 300 },
    );
  });
  it('logBesselI0 is continuous and increasing across the crossover', () => {
    const below = logBesselI0(BESSEL_SERIES_MAX);
    const above = logBesselI0(BESSEL_SERIES_MAX * (1 + Number.EPSILON));
    expect(above).toBeGreaterThanOrEqual(below);
    expect(above - below).toBeLessThanOrEqual(CROSSOVER_TOL * below);
  });
});

describe('properties (seeded)', () => {
  const x = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
  it('log I1(x) - log I0(x) = log A(x)', () => {
    fc.assert(
      fc.property(x, (v) => {
        const d = logBesselI1(v) - logBesselI0(v);
        // The difference of two values of size ~v loses eps * v absolutely.
        const tol = 8 * Number.EPSILON * (Math.abs(logBesselI1(v)) + Math.abs(logBesselI0(v)) + 1);
        return Math.abs(d - Math.log(besselI1OverI0(v))) <= tol;
      }),
      { seed: 31415, numRuns: 300 },
    );
  });
  it('d/dx log I0(x) = A(x) (central difference, step 1e-5 x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 100, noNaN: true }), (v) => {
        const h = 1e-5 * v;
        const fd = (logBesselI0(v + h) - logBesselI0(v - h)) / (2 * h);
        // O(h^2) truncation plus eps * |log I0| / h cancellation.
        return Math.abs(fd - besselI1OverI0(v)) <= 1e-8;
      }),
      { seed: 27182, numRuns: 200 },
    );
  });
});

describe('domain errors', () => {
  it('negative x and NaN throw InfogeoError', () => {
    for (const fn of [logBesselI0, logBesselI1]) {
      expect(() => fn(-1)).toThrow(InfogeoError);
      expect(() => fn(-1e-300)).toThrow(/x = -1e-300/);
      expect(() => fn(NaN)).toThrow(InfogeoError);
      expect(() => fn(-Infinity)).toThrow(InfogeoError);
    }
  });
});
