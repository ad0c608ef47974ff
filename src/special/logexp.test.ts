import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InfogeoError } from '../errors.js';
import { log1mexp, log1pexp, logsumexp, sigmoid } from './logexp.js';

/** Identities between correctly rounded elementary functions: a few ulps of the largest term. */
const ULPS = 4 * Number.EPSILON;

describe('exact values', () => {
  it('log1pexp', () => {
    expect(log1pexp(0)).toBe(Math.LN2);
    expect(log1pexp(800)).toBe(800);
    expect(log1pexp(-800)).toBe(Math.exp(-800));
    expect(log1pexp(-40)).toBe(Math.exp(-40)); // log(1 + e^-40) = e^-40 (1 - e^-40/2) rounds to e^-40
    expect(log1pexp(-Infinity)).toBe(0);
    expect(log1pexp(Infinity)).toBe(Infinity);
  });
  it('log1mexp', () => {
    expect(log1mexp(0)).toBe(-Infinity);
    expect(Math.abs(log1mexp(-Infinity))).toBe(0); // -0 from log1p(-0)
    const tiny = log1mexp(-1e-20); // log(1e-20) to full precision, where log(1 - exp(x)) gives -Infinity
    expect(Math.abs(tiny - Math.log(1e-20))).toBeLessThanOrEqual(ULPS * 46.06);
    expect(Math.abs(log1mexp(-50) + Math.exp(-50))).toBeLessThanOrEqual(ULPS * Math.exp(-50));
  });
  it('sigmoid', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
  });
  it('logsumexp', () => {
    expect(logsumexp([1000, 1000])).toBe(1000 + Math.LN2);
    expect(logsumexp([3])).toBe(3);
    expect(logsumexp([])).toBe(-Infinity);
    expect(logsumexp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logsumexp([1, Infinity])).toBe(Infinity);
    expect(logsumexp(new Float64Array([0, 0, 0, 0]))).toBe(2 * Math.LN2);
  });
});

describe('identities (seeded properties)', () => {
  const real = fc.double({ min: -700, max: 700, noNaN: true });
  it('log1pexp(x) - log1pexp(-x) = x', () => {
    fc.assert(
      fc.property(real, (x) => Math.abs(log1pexp(x) - log1pexp(-x) - x) <= ULPS * (Math.abs(x) + 1)),
      { seed: 1, numRuns: 1000 },
    );
  });
  it('log sigmoid(x) = -log1pexp(-x) and sigmoid(x) + sigmoid(-x) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        const l = Math.log(sigmoid(x));
        return (
          Math.abs(l + log1pexp(-x)) <= ULPS * (Math.abs(l) + 1) && Math.abs(sigmoid(x) + sigmoid(-x) - 1) <= ULPS
        );
      }),
      { seed: 2, numRuns: 1000 },
    );
  });
  it('log1mexp(x) + log1pexp(x) = log1mexp(2x) for x < 0', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: -1e-300, noNaN: true }), (x) => {
        const lhs = log1mexp(x) + log1pexp(x);
        const rhs = log1mexp(2 * x);
        return Math.abs(lhs - rhs) <= ULPS * (Math.abs(log1mexp(x)) + Math.abs(log1pexp(x)));
      }),
      { seed: 3, numRuns: 1000 },
    );
  });
  it('logsumexp(x + c) = logsumexp(x) + c (shift invariance)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (x, c) => {
          const base = logsumexp(x);
          const shifted = logsumexp(x.map((v) => v + c));
          // Each x_i + c rounds by ulp(|x_i| + |c|) / 2, which moves the result by as much.
          const tol = ULPS * (Math.abs(base) + Math.abs(c) + 50 + Math.log(x.length));
          return Math.abs(shifted - (base + c)) <= tol;
        },
      ),
      { seed: 4, numRuns: 500 },
    );
  });
  it('logsumexp of n equal values is v + log n, and it bounds the maximum', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e300, max: 1e300, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (v, n) => {
        const r = logsumexp(new Array<number>(n).fill(v));
        const m = v + Math.log(n);
        return Math.abs(r - m) <= ULPS * (Math.abs(v) + Math.log(n) + 1) && r >= v;
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});

describe('domain errors', () => {
  it('NaN throws InfogeoError everywhere', () => {
    expect(() => log1pexp(NaN)).toThrow(InfogeoError);
    expect(() => log1mexp(NaN)).toThrow(InfogeoError);
    expect(() => sigmoid(NaN)).toThrow(InfogeoError);
    expect(() => logsumexp([0, NaN, 1])).toThrow(/x\[1\] = NaN/);
    expect(() => logsumexp([NaN])).toThrow(InfogeoError);
  });
  it('log1mexp needs x <= 0', () => {
    expect(() => log1mexp(1e-300)).toThrow(InfogeoError);
    expect(() => log1mexp(Infinity)).toThrow(/<= 0/);
  });
});
