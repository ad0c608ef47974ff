import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  draws,
  erfc,
  expectKs,
  expectMean,
  expectVariance,
  normalCdf,
  vonMisesCosMoment,
} from './__fixtures__/stats.js';
import {
  sampleExponential,
  sampleInverseGaussian,
  sampleLaplace,
  sampleLognormal,
  sampleNormal,
  sampleRayleigh,
  sampleVonMises,
} from './continuous.js';
import { rng } from './rng.js';

const N = 100_000;

/** Counts draws that are not finite or fail `inSupport`. */
function outside(xs: Float64Array, inSupport: (x: number) => boolean): number {
  let bad = 0;
  for (const x of xs) if (!Number.isFinite(x) || !inSupport(x)) bad++;
  return bad;
}

describe('sampleNormal', () => {
  it('matches Normal(2, 3): KS against the exact CDF, mean and variance', () => {
    const r = rng(101);
    const xs = draws(N, () => sampleNormal(r, 2, 3));
    expect(outside(xs, () => true)).toBe(0);
    expectKs(xs, (x) => normalCdf((x - 2) / 3));
    expectMean(xs, 2, 3);
    expectVariance(xs, 9, 0);
  });

  it('keeps a tiny sigma relative to a huge mean', () => {
    const r = rng(102);
    const xs = draws(20_000, () => sampleNormal(r, 1e6, 1e-3));
    expectMean(xs, 1e6, 1e-3);
    expectVariance(xs, 1e-6, 0);
  });
});

describe('sampleLognormal', () => {
  it('matches LogNormal(0.3, 0.8) by KS and LogNormal(0, 0.5) by moments', () => {
    const r = rng(103);
    const xs = draws(N, () => sampleLognormal(r, 0.3, 0.8));
    expect(outside(xs, (x) => x > 0)).toBe(0);
    expectKs(xs, (x) => normalCdf((Math.log(x) - 0.3) / 0.8));
    const s2 = 0.25;
    const ys = draws(N, () => sampleLognormal(r, 0, 0.5));
    const variance = Math.expm1(s2) * Math.exp(s2);
    expectMean(ys, Math.exp(s2 / 2), Math.sqrt(variance));
    // Excess kurtosis of the lognormal: e^{4s2} + 2 e^{3s2} + 3 e^{2s2} - 6.
    expectVariance(ys, variance, Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 6);
  });
});

describe('sampleExponential', () => {
  it('matches Exponential(0.5): KS, mean 2, variance 4 (excess kurtosis 6)', () => {
    const r = rng(104);
    const xs = draws(N, () => sampleExponential(r, 0.5));
    expect(outside(xs, (x) => x > 0)).toBe(0);
    expectKs(xs, (x) => -Math.expm1(-0.5 * x));
    expectMean(xs, 2, 2);
    expectVariance(xs, 4, 6);
  });

  it('scales to extreme rates', () => {
    const r = rng(105);
    for (const rate of [1e-300, 1e300]) {
      const xs = draws(20_000, () => sampleExponential(r, rate) * rate);
      expect(outside(xs, (x) => x > 0)).toBe(0);
      expectMean(xs, 1, 1);
    }
  });
});

describe('sampleLaplace', () => {
  it('matches Laplace(1, 2): KS, mean 1, variance 8 (excess kurtosis 3)', () => {
    const r = rng(106);
    const xs = draws(N, () => sampleLaplace(r, 1, 2));
    expect(outside(xs, () => true)).toBe(0);
    expectKs(xs, (x) => (x < 1 ? 0.5 * Math.exp((x - 1) / 2) : 1 - 0.5 * Math.exp(-(x - 1) / 2)));
    expectMean(xs, 1, Math.sqrt(8));
    expectVariance(xs, 8, 3);
  });
});

describe('sampleRayleigh', () => {
  it('matches Rayleigh(1.5): KS and moments', () => {
    const r = rng(107);
    const s = 1.5;
    const xs = draws(N, () => sampleRayleigh(r, s));
    expect(outside(xs, (x) => x >= 0)).toBe(0);
    expectKs(xs, (x) => -Math.expm1(-(x * x) / (2 * s * s)));
    const variance = ((4 - Math.PI) * s * s) / 2;
    expectMean(xs, s * Math.sqrt(Math.PI / 2), Math.sqrt(variance));
    const kurt = -(6 * Math.PI ** 2 - 24 * Math.PI + 16) / (4 - Math.PI) ** 2;
    expectVariance(xs, variance, kurt);
  });
});

describe('sampleInverseGaussian', () => {
  // lambda (X - mu)^2 / (mu^2 X) is chi-square(1) for every (mu, lambda): a scale-free check.
  const chi1Cdf = (x: number): number => (x <= 0 ? 0 : 1 - erfc(Math.sqrt(x / 2)));

  for (const [mu, lambda] of [
    [1, 0.01],
    [1, 1],
    [1, 1000],
    [3, 2],
    [1, 1e-8],
    [1, 1e8],
    [1, 1e-200], // phi = mu Y / (2 lambda) ~ 1e200: phi^2 would overflow
  ]) {
    it(`IG(${mu}, ${lambda}): mean mu, variance mu^3/lambda, chi-square(1) pivot by KS`, () => {
      const r = rng(108 + Math.round(1e3 * Math.log(lambda)));
      const xs = draws(N, () => sampleInverseGaussian(r, mu, lambda));
      expect(outside(xs, (x) => x > 0)).toBe(0);
      const variance = mu ** 3 / lambda;
      expectMean(xs, mu, Math.sqrt(variance));
      // Excess kurtosis 15 mu / lambda: at lambda <= 0.01 the variance check is too weak to
      // matter and the pivot below carries the test.
      if (mu / lambda <= 1) expectVariance(xs, variance, (15 * mu) / lambda);
      const pivot = xs.map((x) => (lambda * (x - mu) * ((x - mu) / x)) / (mu * mu));
      expectKs(pivot, chi1Cdf);
      expectMean(pivot, 1, Math.SQRT2);
    });
  }
});

describe('sampleVonMises', () => {
  for (const [mu, kappa] of [
    [0, 1e-12],
    [0, 0.01],
    [3, 1],
    [-2.5, 30],
    [Math.PI, 1e4],
  ]) {
    it(`VM(${mu}, ${kappa}): circular moments E[cos j(X - mu)] = I_j/I_0, E[sin(X - mu)] = 0`, () => {
      const r = rng(109 + Math.round(1e3 * Math.log(kappa)));
      const xs = draws(N, () => sampleVonMises(r, mu, kappa));
      expect(outside(xs, (x) => x > -Math.PI && x <= Math.PI)).toBe(0);
      const a1 = vonMisesCosMoment(kappa, 1);
      const a2 = vonMisesCosMoment(kappa, 2);
      const a4 = vonMisesCosMoment(kappa, 4);
      // Var cos(jX) = (1 + E cos(2jX)) / 2 - (E cos(jX))^2; Var sin X = (1 - E cos 2X) / 2.
      expectMean(
        xs.map((x) => Math.cos(x - mu)),
        a1,
        Math.sqrt((1 + a2) / 2 - a1 * a1),
      );
      expectMean(
        xs.map((x) => Math.cos(2 * (x - mu))),
        a2,
        Math.sqrt((1 + a4) / 2 - a2 * a2),
      );
      expectMean(
        xs.map((x) => Math.sin(x - mu)),
        0,
        Math.sqrt((1 - a2) / 2),
      );
      if (kappa >= 30) {
        // kappa (1 - cos(X - mu)) = 2 kappa sin^2((X - mu)/2): mean kappa (1 - A1), formed without
        // cancellation; for large kappa it is about chi-square(1) / 2 (variance 1/2).
        expectMean(
          xs.map((x) => 2 * kappa * Math.sin((x - mu) / 2) ** 2),
          kappa * (1 - a1),
          Math.sqrt(0.5 + 2 / kappa),
        );
      }
    });
  }

  it('is exact at kappa = 1e8 (no normal approximation): kappa (1 - cos) has mean 1/2 + 1/(8 kappa)', () => {
    const r = rng(110);
    const kappa = 1e8;
    const mu = Math.PI - 1e-5; // straddles the wrap point
    const xs = draws(N, () => sampleVonMises(r, mu, kappa));
    expect(outside(xs, (x) => x > -Math.PI && x <= Math.PI)).toBe(0);
    let wrapped = 0;
    for (const x of xs) if (x < 0) wrapped++;
    expect(wrapped).toBeGreaterThan(0);
    const t = xs.map((x) => 2 * kappa * Math.sin((x - mu) / 2) ** 2);
    // 1 - I1/I0 = 1/(2k) + 1/(8k^2) + O(k^-3).
    expectMean(t, 0.5 + 1 / (8 * kappa), Math.sqrt(0.5));
    expectVariance(t, 0.5, 12); // chi-square(1)/2: excess kurtosis 12
    // sqrt(kappa) (X - mu), unwrapped, is standard normal up to O(1/kappa).
    const z = xs.map((x) => {
      const d = x - mu;
      return Math.sqrt(kappa) * (d - 2 * Math.PI * Math.round(d / (2 * Math.PI)));
    });
    expectKs(z, normalCdf);
  });

  for (const kappa of [1e16, 1e300]) {
    it(`stays exact at kappa = ${kappa}, where the textbook r - f and acos(f) round to 0`, () => {
      const r = rng(112 + Math.round(Math.log10(kappa)));
      const xs = draws(N, () => sampleVonMises(r, 0, kappa));
      expect(outside(xs, (x) => x > -Math.PI && x <= Math.PI)).toBe(0);
      const t = xs.map((x) => 2 * kappa * Math.sin(x / 2) ** 2);
      expectMean(t, 0.5, Math.sqrt(0.5));
      expectKs(
        xs.map((x) => Math.sqrt(kappa) * x),
        normalCdf,
      );
    });
  }

  it('matches the exact CDF at kappa = 1 and 30 (KS, CDF by cumulative Simpson integration)', () => {
    for (const kappa of [1, 30]) {
      const m = 20000; // even number of panels
      const h = (2 * Math.PI) / m;
      const f = (t: number): number => Math.exp(kappa * (Math.cos(t) - 1));
      const cum = new Float64Array(m / 2 + 1);
      for (let i = 1; i <= m / 2; i++) {
        const t0 = -Math.PI + 2 * (i - 1) * h;
        cum[i] = cum[i - 1] + (h / 3) * (f(t0) + 4 * f(t0 + h) + f(t0 + 2 * h));
      }
      const total = cum[m / 2];
      const cdf = (x: number): number => {
        const s = (x + Math.PI) / (2 * h);
        const i = Math.min(Math.floor(s), m / 2 - 1);
        return (cum[i] + (s - i) * (cum[i + 1] - cum[i])) / total;
      };
      const r = rng(111 + kappa);
      expectKs(
        draws(N, () => sampleVonMises(r, 0, kappa)),
        cdf,
      );
    }
  });
});

describe('continuous samplers: every draw is finite and in the support', () => {
  it('over random parameters (fast-check)', () => {
    const pos = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
    const loc = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), pos, pos, loc, (seed, a, b, m) => {
        const r = rng(seed);
        for (let i = 0; i < 20; i++) {
          expect(Number.isFinite(sampleNormal(r, m, a))).toBe(true);
          expect(sampleExponential(r, a)).toBeGreaterThan(0);
          expect(Number.isFinite(sampleLaplace(r, m, a))).toBe(true);
          expect(sampleRayleigh(r, a)).toBeGreaterThanOrEqual(0);
          const ig = sampleInverseGaussian(r, a, b);
          expect(ig > 0 && Number.isFinite(ig)).toBe(true);
          const vm = sampleVonMises(r, m, a);
          expect(vm > -Math.PI && vm <= Math.PI).toBe(true);
          const ln = sampleLognormal(r, m / 100, 1);
          expect(ln > 0 && Number.isFinite(ln)).toBe(true);
        }
      }),
      { seed: 424242, numRuns: 150 },
    );
  });
});
