import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draws, expectChiSquare, expectKs, expectMean, expectVariance } from './__fixtures__/stats.js';
import { categoricalSampler, sampleBernoulli, sampleCategorical, sampleGeometric } from './discrete.js';
import { rng } from './rng.js';

const N = 100_000;

describe('sampleBernoulli', () => {
  it('Bernoulli(0.3): proportion within 5 sd; p = 0 and p = 1 are deterministic', () => {
    const r = rng(300);
    const xs = draws(N, () => sampleBernoulli(r, 0.3));
    expect(xs.every((x) => x === 0 || x === 1)).toBe(true);
    expectMean(xs, 0.3, Math.sqrt(0.21));
    expect(draws(1000, () => sampleBernoulli(r, 0)).every((x) => x === 0)).toBe(true);
    expect(draws(1000, () => sampleBernoulli(r, 1)).every((x) => x === 1)).toBe(true);
  });
});

describe('sampleCategorical and categoricalSampler', () => {
  const probs = new Float64Array([0.1, 0, 0.25, 0.05, 0.6, 0]);

  it('linear search: chi-square against probs, never a zero-probability index', () => {
    const r = rng(301);
    const xs = draws(N, () => sampleCategorical(r, probs));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 6 && probs[x] > 0)).toBe(true);
    expectChiSquare(xs, (k) => probs[k], 0, 5);
  });

  it('linear search normalises unnormalised weights', () => {
    const r = rng(302);
    const w = new Float64Array([2, 6, 0, 2]);
    const xs = draws(N, () => sampleCategorical(r, w));
    expectChiSquare(xs, (k) => w[k] / 10, 0, 3);
  });

  it('alias method: chi-square against probs, never a zero-probability index', () => {
    const r = rng(303);
    const draw = categoricalSampler(probs);
    const xs = draws(N, () => draw(r));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 6 && probs[x] > 0)).toBe(true);
    expectChiSquare(xs, (k) => probs[k], 0, 5);
  });

  it('alias method with k = 10,000 uneven weights (chi-square over 1e6 draws, about 100 per cell)', () => {
    const r = rng(304);
    const k = 10_000;
    const w = new Float64Array(k);
    let total = 0;
    for (let i = 0; i < k; i++) {
      w[i] = i % 97 === 0 ? 0 : r.exponential() * (1 + (i % 3)); // zeros and a spread of sizes
      total += w[i];
    }
    const draw = categoricalSampler(w);
    const xs = draws(1_000_000, () => draw(r));
    let zeroHits = 0;
    for (const x of xs) if (w[x] === 0) zeroHits++;
    expect(zeroHits).toBe(0);
    expectChiSquare(xs, (i) => w[i] / total, 0, k - 1);
  });

  it('alias method: a small weight (1e-3 next to 1) gets its exact share; k = 1 and a 1e-12 weight work', () => {
    const r = rng(305);
    const draw = categoricalSampler(new Float64Array([1, 1e-3]));
    const xs = draws(N, () => draw(r));
    const p = 1e-3 / (1 + 1e-3);
    expectMean(xs, p, Math.sqrt(p * (1 - p)));
    const one = categoricalSampler(new Float64Array([0.7]));
    expect(draws(100, () => one(r)).every((x) => x === 0)).toBe(true);
    const tiny = categoricalSampler(new Float64Array([1, 1e-12]));
    expect(draws(1000, () => tiny(r)).every((x) => x === 0 || x === 1)).toBe(true);
  });
});

describe('sampleGeometric', () => {
  it('Geometric(0.3) on {1, 2, ...}: chi-square against (1-p)^(k-1) p; moments', () => {
    const r = rng(306);
    const p = 0.3;
    const xs = draws(N, () => sampleGeometric(r, p));
    expect(xs.every((x) => Number.isInteger(x) && x >= 1)).toBe(true);
    expectChiSquare(xs, (k) => (k < 1 ? 0 : (1 - p) ** (k - 1) * p), 1, 80);
    expectMean(xs, 1 / p, Math.sqrt(1 - p) / p);
    // Excess kurtosis 6 + p^2 / (1 - p).
    expectVariance(xs, (1 - p) / (p * p), 6 + (p * p) / (1 - p));
  });

  for (const p of [1e-9, 1e-12]) {
    it(`Geometric(${p}): mean 1/p, variance (1-p)/p^2 and KS against the exact CDF`, () => {
      const r = rng(307 + Math.round(-Math.log10(p)));
      const xs = draws(N, () => sampleGeometric(r, p));
      expect(xs.every((x) => Number.isInteger(x) && x >= 1)).toBe(true);
      expectMean(xs, 1 / p, Math.sqrt(1 - p) / p);
      expectVariance(xs, (1 - p) / (p * p), 6);
      // Steps of height ~p are invisible to KS at n = 1e5: F(x) = 1 - (1 - p)^floor(x).
      expectKs(xs, (x) => -Math.expm1(Math.floor(x) * Math.log1p(-p)));
    });
  }

  it('p = 1 always gives 1; p = 0.5 gives P(X = 1) = 1/2', () => {
    const r = rng(309);
    expect(draws(1000, () => sampleGeometric(r, 1)).every((x) => x === 1)).toBe(true);
    const ones = draws(N, () => (sampleGeometric(r, 0.5) === 1 ? 1 : 0));
    expectMean(ones, 0.5, 0.5);
  });
});

describe('discrete samplers: every draw is in the support', () => {
  it('over random parameters (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 1e-15, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (seed, p, w) => {
          w[0] += 1e-3; // a positive total
          const probs = Float64Array.from(w);
          const r = rng(seed);
          const draw = categoricalSampler(probs);
          for (let i = 0; i < 20; i++) {
            const b = sampleBernoulli(r, p);
            expect(b === 0 || b === 1).toBe(true);
            const g = sampleGeometric(r, p);
            expect(Number.isInteger(g) && g >= 1).toBe(true);
            const c = sampleCategorical(r, probs);
            expect(probs[c] > 0).toBe(true);
            expect(probs[draw(r)] > 0).toBe(true);
          }
        },
      ),
      { seed: 31337, numRuns: 300 },
    );
  });
});
