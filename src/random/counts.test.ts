import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draws, expectChiSquare, expectMean, expectVariance, lgamma } from './__fixtures__/stats.js';
import { sampleBinomial, sampleNegativeBinomial, samplePoisson } from './counts.js';
import { logFactorial, logFactorialRatio, poissonLogPmfAtFloor } from './logfactorial.js';
import { rng } from './rng.js';

const N = 100_000;

const isCount = (x: number): boolean => Number.isInteger(x) && x >= 0;

function binomialPmf(n: number, p: number): (k: number) => number {
  const c = lgamma(n + 1);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  return (k) => (k < 0 || k > n ? 0 : Math.exp(c - lgamma(k + 1) - lgamma(n - k + 1) + k * lp + (n - k) * lq));
}

function poissonPmf(lambda: number): (k: number) => number {
  const l = Math.log(lambda);
  return (k) => (k < 0 ? 0 : Math.exp(-lambda + k * l - lgamma(k + 1)));
}

function negBinPmf(r: number, p: number): (k: number) => number {
  const c = r * Math.log(p) - lgamma(r);
  const lq = Math.log1p(-p);
  return (k) => (k < 0 ? 0 : Math.exp(c + lgamma(k + r) - lgamma(k + 1) + k * lq));
}

describe('logFactorial helpers (reference values from mpmath at 50 digits)', () => {
  it('logFactorial matches log Gamma(k + 1) across the table/Stirling switch', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
    expect(logFactorial(10)).toBeCloseTo(15.104412573075516, 13);
    // mpmath: loggamma(256) = 1161.71210111840065..., loggamma(257) = 1167.25727856288021...,
    // loggamma(1001) = 5912.12817848816334...
    expect(Math.abs(logFactorial(255) - 1161.712101118400650788)).toBeLessThan(4e-13);
    expect(Math.abs(logFactorial(256) - 1167.257278562880213263)).toBeLessThan(4e-13);
    expect(Math.abs(logFactorial(1000) - 5912.128178488163348878)).toBeLessThan(2e-12);
    for (let k = 0; k < 2000; k += 7) {
      expect(Math.abs(logFactorial(k) - lgamma(k + 1))).toBeLessThan(1e-14 * Math.max(1, lgamma(k + 1)));
    }
  });

  it('logFactorialRatio keeps full accuracy for huge, close arguments', () => {
    // mpmath: loggamma(1e9 + 1) - loggamma(1e9 - 2999) = 62169.79301233473571149...
    expect(Math.abs(logFactorialRatio(1e9, 1e9 - 3000) - 62169.79301233473571149)).toBeLessThan(1e-10);
    let s = 0;
    for (let i = 1; i <= 5; i++) s += Math.log(1e9 + i);
    expect(Math.abs(logFactorialRatio(1e9 + 5, 1e9) - s)).toBeLessThan(1e-13);
    // mpmath: loggamma(301) - loggamma(257) = 247.648571382187775283...
    expect(Math.abs(logFactorialRatio(300, 256) - 247.648571382187775283)).toBeLessThan(1e-12);
    expect(logFactorialRatio(7, 7)).toBe(0);
    expect(logFactorialRatio(3000, 5000)).toBeCloseTo(-logFactorialRatio(5000, 3000), 9);
  });

  it('poissonLogPmfAtFloor is exact to ~1e-14 where its raw terms are 2e10', () => {
    // mpmath: -L + m log L - loggamma(m + 1), m = floor(L).
    const cases: [number, number][] = [
      [1e9, -11.280571451761211654],
      [1e7, -8.9779863670171659692],
      [30.5, -2.6264358404291862055],
      [12345.678, -5.629467102009924149],
    ];
    for (const [lam, ref] of cases) {
      expect(Math.abs(poissonLogPmfAtFloor(lam, Math.floor(lam)) - ref)).toBeLessThan(1e-13);
    }
  });
});

describe('sampleBinomial', () => {
  const cases: [number, number, number][] = [
    // n, p, seed; the comment says which branch runs
    [20, 0.7, 400], // inversion via symmetry (n q = 6)
    [100, 0.0999, 401], // inversion just below n q = 10
    [100, 0.1, 402], // BTRS at n q = 10
    [100, 0.3, 403], // BTRS
    [10_000, 0.9, 404], // BTRS via symmetry
    [1e9, 1e-9, 405], // inversion with n = 1e9
    [1e9, 1e-3, 406], // BTRS with n = 1e9 (mean 1e6)
  ];
  for (const [n, p, seed] of cases) {
    it(`Binomial(${n}, ${p}): chi-square against the exact pmf; mean np, variance npq`, () => {
      const r = rng(seed);
      const xs = draws(N, () => sampleBinomial(r, n, p));
      expect(xs.every((x) => isCount(x) && x <= n)).toBe(true);
      const q = 1 - p;
      const sd = Math.sqrt(n * p * q);
      const lo = Math.max(0, Math.floor(n * p - 8 * sd - 10));
      const hi = Math.min(n, Math.ceil(n * p + 8 * sd + 20));
      expectChiSquare(xs, binomialPmf(n, p), lo, hi);
      expectMean(xs, n * p, sd);
      // Excess kurtosis (1 - 6pq) / (npq).
      expectVariance(xs, n * p * q, (1 - 6 * p * q) / (n * p * q));
    });
  }

  it('Binomial(1e9, 1/2) and Binomial(2^50, 0.3): moments', () => {
    const r = rng(407);
    for (const [n, p] of [
      [1e9, 0.5],
      [2 ** 50, 0.3],
    ]) {
      const xs = draws(N, () => sampleBinomial(r, n, p));
      expect(xs.every((x) => isCount(x) && x <= n)).toBe(true);
      expectMean(xs, n * p, Math.sqrt(n * p * (1 - p)));
      expectVariance(xs, n * p * (1 - p), 0);
    }
  });

  it('edge cases: n = 0, p = 0, p = 1, n = 1', () => {
    const r = rng(408);
    expect(sampleBinomial(r, 0, 0.5)).toBe(0);
    expect(sampleBinomial(r, 50, 0)).toBe(0);
    expect(sampleBinomial(r, 50, 1)).toBe(50);
    expect(sampleBinomial(r, 1e9, 1)).toBe(1e9);
    const xs = draws(N, () => sampleBinomial(r, 1, 0.25));
    expect(xs.every((x) => x === 0 || x === 1)).toBe(true);
    expectMean(xs, 0.25, Math.sqrt(0.1875));
  });
});

describe('samplePoisson', () => {
  const cases: [number, number][] = [
    [1e-3, 410],
    [5, 411],
    [9.99, 412], // inversion just below the switch
    [10, 413], // PTRS at the switch
    [30, 414],
    [1e7, 415],
  ];
  for (const [lambda, seed] of cases) {
    it(`Poisson(${lambda}): chi-square against the exact pmf; mean and variance lambda`, () => {
      const r = rng(seed);
      const xs = draws(N, () => samplePoisson(r, lambda));
      expect(xs.every(isCount)).toBe(true);
      const sd = Math.sqrt(lambda);
      const lo = Math.max(0, Math.floor(lambda - 8 * sd - 10));
      const hi = Math.ceil(lambda + 8 * sd + 20);
      expectChiSquare(xs, poissonPmf(lambda), lo, hi);
      expectMean(xs, lambda, sd);
      expectVariance(xs, lambda, 1 / lambda); // excess kurtosis 1/lambda
    });
  }

  it('Poisson(1e8): mean and variance; rate 0 gives 0', () => {
    const r = rng(416);
    const xs = draws(N, () => samplePoisson(r, 1e8));
    expect(xs.every(isCount)).toBe(true);
    expectMean(xs, 1e8, 1e4);
    expectVariance(xs, 1e8, 1e-8);
    expect(samplePoisson(r, 0)).toBe(0);
  });
});

describe('sampleNegativeBinomial', () => {
  const cases: [number, number, number][] = [
    [2.5, 0.3, 420],
    [0.01, 0.5, 421],
    [50, 0.9, 422],
  ];
  for (const [rr, p, seed] of cases) {
    it(`NegBin(${rr}, ${p}) failures before the r-th success: chi-square; mean r(1-p)/p`, () => {
      const r = rng(seed);
      const xs = draws(N, () => sampleNegativeBinomial(r, rr, p));
      expect(xs.every(isCount)).toBe(true);
      const mean = (rr * (1 - p)) / p;
      const variance = mean / p;
      const hi = Math.ceil(mean + 15 * Math.sqrt(variance) + 30);
      expectChiSquare(xs, negBinPmf(rr, p), 0, hi);
      expectMean(xs, mean, Math.sqrt(variance));
      // Excess kurtosis 6/r + p^2 / (r (1 - p)).
      expectVariance(xs, variance, 6 / rr + (p * p) / (rr * (1 - p)));
    });
  }

  it('NegBin(1e3, 1e-4) (mean about 1e7): moments; p = 1 gives 0', () => {
    const r = rng(423);
    const [rr, p] = [1e3, 1e-4];
    const xs = draws(N, () => sampleNegativeBinomial(r, rr, p));
    expect(xs.every(isCount)).toBe(true);
    const mean = (rr * (1 - p)) / p;
    expectMean(xs, mean, Math.sqrt(mean / p));
    expectVariance(xs, mean / p, 6 / rr);
    expect(sampleNegativeBinomial(r, 3, 1)).toBe(0);
  });
});

describe('count samplers: every draw is a count in the support', () => {
  it('over random parameters (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1e9 })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (seed, n, p, lambda, rr) => {
          const r = rng(seed);
          for (let i = 0; i < 10; i++) {
            const b = sampleBinomial(r, n, p);
            expect(isCount(b) && b <= n).toBe(true);
            expect(isCount(samplePoisson(r, lambda))).toBe(true);
            expect(isCount(sampleNegativeBinomial(r, rr, Math.max(p, 1e-4)))).toBe(true);
          }
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
  });
});
