import digamma from '@stdlib/math-base-special-digamma';
import trigamma from '@stdlib/math-base-special-trigamma';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draws, expectKs, expectMean, expectVariance, gammaCdfLog, lgamma, normalCdf } from './__fixtures__/stats.js';
import { sampleBeta, sampleGamma, sampleLogGamma } from './gamma.js';
import { rng } from './rng.js';

const N = 100_000;

function countIf(xs: Float64Array, pred: (x: number) => boolean): number {
  let c = 0;
  for (const x of xs) if (pred(x)) c++;
  return c;
}

describe('sampleLogGamma', () => {
  for (const shape of [1e-3, 0.02, 0.5, 1, 3.7, 150]) {
    it(`log Gamma(${shape}, 1): KS against the exact CDF, E = digamma, Var = trigamma`, () => {
      const r = rng(200 + Math.round(100 * Math.log(shape)));
      const ls = draws(N, () => sampleLogGamma(r, shape));
      expect(countIf(ls, (l) => !Number.isFinite(l))).toBe(0);
      expectKs(ls, (l) => gammaCdfLog(shape, l));
      // Excess kurtosis of log G is psi'''(a)/psi'(a)^2, at most 6 (its limit as a -> 0).
      expectMean(ls, digamma(shape), Math.sqrt(trigamma(shape)));
      expectVariance(ls, trigamma(shape), 6);
    });
  }

  it('keeps a finite, exact log at shape 1e-300: shape * log X = -E + O(1e-300), E ~ Exponential(1)', () => {
    const r = rng(201);
    const a = 1e-300;
    const ls = draws(N, () => sampleLogGamma(r, a));
    expect(countIf(ls, (l) => !Number.isFinite(l) || l >= 0)).toBe(0);
    const e = ls.map((l) => -a * l);
    expectKs(e, (x) => -Math.expm1(-x));
    expectMean(e, 1, 1);
  });
});

describe('sampleGamma', () => {
  it('Gamma(3.7, 2.5) by KS against the regularised incomplete gamma; moments', () => {
    const r = rng(202);
    const xs = draws(N, () => sampleGamma(r, 3.7, 2.5));
    expect(countIf(xs, (x) => !(x > 0 && x < Infinity))).toBe(0);
    expectKs(xs, (x) => gammaCdfLog(3.7, Math.log(2.5 * x)));
    expectMean(xs, 3.7 / 2.5, Math.sqrt(3.7) / 2.5);
    expectVariance(xs, 3.7 / 6.25, 6 / 3.7);
  });

  it('Gamma(0.3, 1e3) (boost branch) by KS and moments', () => {
    const r = rng(203);
    const xs = draws(N, () => sampleGamma(r, 0.3, 1e3));
    expect(countIf(xs, (x) => !(x > 0 && x < Infinity))).toBe(0);
    expectKs(xs, (x) => gammaCdfLog(0.3, Math.log(1e3 * x)));
    expectMean(xs, 0.3e-3, Math.sqrt(0.3) * 1e-3);
  });

  it('shape 1e-3: mean a, stays positive (underflow clamped to MIN_VALUE), P(X <= 1e-300) exact', () => {
    const r = rng(204);
    const a = 1e-3;
    const xs = draws(N, () => sampleGamma(r, a, 1));
    expect(countIf(xs, (x) => !(x > 0 && x < Infinity))).toBe(0);
    // Skewness 2/sqrt(a) = 63 makes the sample mean skewed (0.2 at n = 1e5); 5 sd still holds.
    expectMean(xs, a, Math.sqrt(a));
    // P(X <= x) = P(a, x) ~ x^a / Gamma(a + 1) for tiny x: about 0.50 at 1e-300.
    const p = gammaCdfLog(a, Math.log(1e-300));
    const frac = countIf(xs, (x) => x <= 1e-300) / N;
    expect(Math.abs(frac - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
  });

  it('shape 1e-300 returns positive finite draws', () => {
    const r = rng(205);
    const xs = draws(1000, () => sampleGamma(r, 1e-300, 3));
    expect(countIf(xs, (x) => !(x > 0 && x < Infinity))).toBe(0);
  });

  it('shape 1e8: mean, variance and Wilson-Hilferty normality of (X/a)^(1/3)', () => {
    const r = rng(206);
    const a = 1e8;
    const xs = draws(N, () => sampleGamma(r, a, 0.5));
    expectMean(xs, 2 * a, 2 * Math.sqrt(a));
    expectVariance(xs, 4 * a, 6 / a);
    // (X/a)^(1/3) ~ N(1 - 1/(9a), 1/(9a)) with an error of order 1/a, invisible at n = 1e5.
    const s = Math.sqrt(1 / (9 * a));
    expectKs(
      xs.map((x) => (Math.cbrt(x / (2 * a)) - (1 - 1 / (9 * a))) / s),
      normalCdf,
    );
  });

  it('is continuous across the shape = 1 switch (KS at 1 - 1e-9, 1 and 1 + 1e-9)', () => {
    const r = rng(207);
    for (const shape of [1 - 1e-9, 1, 1 + 1e-9]) {
      expectKs(
        draws(50_000, () => sampleGamma(r, shape, 1)),
        (x) => -Math.expm1(-x),
      );
    }
  });
});

describe('sampleBeta', () => {
  const inOpenUnit = (x: number): boolean => x > 0 && x < 1;

  it('Beta(2, 3): moments', () => {
    const r = rng(210);
    const xs = draws(N, () => sampleBeta(r, 2, 3));
    expect(countIf(xs, (x) => !inOpenUnit(x))).toBe(0);
    // Var = ab / ((a+b)^2 (a+b+1)) = 0.04; excess kurtosis -6/7 from the closed form.
    expectMean(xs, 0.4, 0.2);
    expectVariance(xs, 0.04, -6 / 7);
  });

  it('closed-form CDFs by KS: Beta(1/2, 1/2) arcsine, Beta(1, 3), Beta(0.01, 1)', () => {
    const r = rng(211);
    expectKs(
      draws(N, () => sampleBeta(r, 0.5, 0.5)),
      (x) => (2 / Math.PI) * Math.asin(Math.sqrt(x)),
    );
    expectKs(
      draws(N, () => sampleBeta(r, 1, 3)),
      (x) => -Math.expm1(3 * Math.log1p(-x)),
    );
    expectKs(
      draws(N, () => sampleBeta(r, 0.01, 1)),
      (x) => x ** 0.01,
    );
  });

  it('Beta(1e-3, 1e-3): half the draws within 1e-10 of 0, half within 1e-10 of 1, exactly as predicted', () => {
    const r = rng(212);
    const a = 1e-3;
    const xs = draws(N, () => sampleBeta(r, a, a));
    expect(countIf(xs, (x) => !inOpenUnit(x))).toBe(0);
    expectMean(xs, 0.5, Math.sqrt(1 / (4 * (2 * a + 1))));
    // P(X < e) = e^a / (a B(a, a)) (1 + O(e)); the same mass sits above 1 - e by symmetry.
    const eps = 1e-10;
    const p = Math.exp(a * Math.log(eps) - Math.log(a) - (2 * lgamma(a) - lgamma(2 * a)));
    const tol = 5 * Math.sqrt((p * (1 - p)) / N);
    expect(Math.abs(countIf(xs, (x) => x < eps) / N - p)).toBeLessThan(tol);
    expect(Math.abs(countIf(xs, (x) => x > 1 - eps) / N - p)).toBeLessThan(tol);
  });

  it('Beta(1e6, 1e6) and the lopsided Beta(1e-3, 1e6), Beta(1e6, 1e-3): moments, open interval', () => {
    const r = rng(213);
    const big = draws(N, () => sampleBeta(r, 1e6, 1e6));
    const vBig = 1 / (4 * (2e6 + 1));
    expectMean(big, 0.5, Math.sqrt(vBig));
    expectVariance(big, vBig, 0);
    const a = 1e-3;
    const b = 1e6;
    const vSmall = (a * b) / ((a + b) ** 2 * (a + b + 1));
    const lo = draws(N, () => sampleBeta(r, a, b));
    expect(countIf(lo, (x) => !inOpenUnit(x))).toBe(0);
    expectMean(lo, a / (a + b), Math.sqrt(vSmall));
    const hi = draws(N, () => sampleBeta(r, b, a));
    expect(countIf(hi, (x) => !inOpenUnit(x))).toBe(0);
    expectMean(hi, b / (a + b), Math.sqrt(vSmall));
  });
});

describe('gamma and beta: every draw is finite and in the support', () => {
  it('over shapes from 1e-300 to 1e8 (fast-check)', () => {
    const shape = fc.oneof(
      fc.double({ min: 1e-300, max: 1, noNaN: true }),
      fc.double({ min: 1, max: 1e8, noNaN: true }),
      fc.constantFrom(1e-300, 1e-3, 1, 1e8),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), shape, shape, (seed, a, b) => {
        const r = rng(seed);
        for (let i = 0; i < 10; i++) {
          const g = sampleGamma(r, a, b);
          expect(g > 0 && g < Infinity).toBe(true);
          expect(Number.isFinite(sampleLogGamma(r, a))).toBe(true);
          const x = sampleBeta(r, Math.max(a, 1e-3), Math.min(Math.max(b, 1e-3), 1e6));
          expect(x > 0 && x < 1).toBe(true);
        }
      }),
      { seed: 777, numRuns: 300 },
    );
  });
});
