/**
 * The public names of DESIGN.md, called by code outside this repository: exported from the
 * package root with the documented parameter objects and coordinate conventions; and the
 * library-wide promise that bad input raises one catchable error class naming the parameter.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as lib from '../src/index.js';
import {
  InfogeoError,
  alphaDivergence,
  bernoulli,
  beta,
  bhattacharyya,
  binomial,
  categorical,
  diagNormal,
  dirichlet,
  entropy,
  exponential,
  fisher,
  gamma,
  geometric,
  hellinger,
  jeffreys,
  jensenShannon,
  kl,
  logDensity,
  multinomial,
  mvNormal,
  normal,
  poisson,
  renyi,
  rng,
  sample,
} from '../src/index.js';

describe('public names', () => {
  it('exports every name DESIGN.md lists', () => {
    for (const name of [
      'normal', 'mvNormal', 'bernoulli', 'categorical', 'binomial', 'multinomial', 'poisson', 'exponential', 'geometric',
      'gamma', 'beta', 'dirichlet', 'diagNormal', 'lognormal', 'rayleigh', 'laplace', 'vonMises', 'inverseGaussian',
      'negativeBinomial', 'kl', 'entropy', 'logDensity', 'sample', 'fisher', 'alphaDivergence', 'renyi', 'hellinger',
      'bhattacharyya', 'jensenShannon', 'jeffreys', 'chernoff', 'bregman', 'rng', 'InfogeoError',
    ]) {
      expect(typeof (lib as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('params use the constructors\' names', () => {
    expect(normal(1, 2).params).toEqual({ mu: 1, sigma: 2 });
    expect(gamma(2, 3).params).toEqual({ shape: 2, rate: 3 });
    expect(beta(2, 3).params).toEqual({ a: 2, b: 3 });
    expect(dirichlet([1, 2]).params).toEqual({ alpha: [1, 2] });
    expect(categorical([0.25, 0.75]).params.probs).toEqual([0.25, 0.75]);
    expect(binomial(10, 0.5).params).toEqual({ n: 10, p: 0.5 });
    expect(poisson(3).params).toEqual({ rate: 3 });
    expect(exponential(3).params).toEqual({ rate: 3 });
    expect(geometric(0.5).params).toEqual({ p: 0.5 });
    expect(bernoulli(0.5).params).toEqual({ p: 0.5 });
    const mv = mvNormal([1, 2], [[2, 0.5], [0.5, 1]]).params;
    expect(mv.mean).toEqual([1, 2]);
    expect(mv.cov).toEqual([[2, 0.5], [0.5, 1]]);
    expect(multinomial(5, [0.5, 0.5]).params.n).toBe(5);
  });

  it('source coordinates: categorical uses the first k-1 probabilities, mvNormal the mean then cov[i][j], i <= j', () => {
    expect(fisher(categorical([0.2, 0.3, 0.5])).length).toBe(2);
    // diag(1/p_i) + 1/p_k: [[1/0.2 + 2, 2], [2, 1/0.3 + 2]]
    const g = fisher(categorical([0.2, 0.3, 0.5]));
    expect(Math.abs(g[0][0] - 7)).toBeLessThan(1e-12);
    expect(Math.abs(g[0][1] - 2)).toBeLessThan(1e-12);
    const m = mvNormal([0, 0], [[1, 0], [0, 1]]);
    expect(fisher(m).length).toBe(5);
    // mean block = Sigma^-1; cov entries: the Fisher of Sigma_11 is 1/(2 sigma^4) = 1/2 at Sigma = I.
    expect(Math.abs(fisher(m)[0][0] - 1)).toBeLessThan(1e-12);
    expect(Math.abs(fisher(m)[2][2] - 0.5)).toBeLessThan(1e-12);
    const dg = fisher(diagNormal([0, 0], [2, 2]));
    expect(Math.abs(dg[0][0] - 0.25)).toBeLessThan(1e-12);
  });

  it('a distribution exposes theta, eta, family and params; logDensity and sample work', () => {
    const p = poisson(3);
    expect(p.theta[0]).toBeCloseTo(Math.log(3), 15);
    expect(p.eta[0]).toBeCloseTo(3, 14);
    expect(p.family.name).toBe('poisson');
    expect(logDensity(p, 2)).toBeCloseTo(2 * Math.log(3) - 3 - Math.log(2), 14);
    expect(sample(p, 5, rng(1)).length).toBe(5);
    expect(entropy(normal(0, 1))).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E), 15);
  });
});

describe('bad input never yields a silent NaN', () => {
  const cases: [string, () => unknown, string][] = [
    ['negative sigma', () => normal(0, -1), 'sigma'],
    ['NaN mean', () => normal(Number.NaN, 1), 'mu'],
    ['infinite rate', () => poisson(Infinity), 'rate'],
    ['probabilities not summing to 1', () => categorical([0.2, 0.2]), 'probs'],
    ['negative probability', () => categorical([1.5, -0.5]), 'probs[1]'],
    ['non-SPD covariance', () => mvNormal([0, 0], [[1, 2], [2, 1]]), 'cov'],
    ['mismatched dimensions', () => mvNormal([0, 0, 0], [[1, 0], [0, 1]]), 'cov'],
    ['non-integer n', () => binomial(2.5, 0.5), 'n'],
    ['p at the boundary', () => bernoulli(1), 'p'],
    ['non-positive shape', () => gamma(0, 1), 'shape'],
    ['dirichlet with a zero', () => dirichlet([1, 0]), 'alpha[1]'],
    ['KL between different families', () => kl(normal(0, 1), poisson(1)), 'q'],
    ['KL between different dimensions', () => kl(categorical([0.5, 0.5]), categorical([0.2, 0.3, 0.5])), 'q'],
    ['alpha not finite', () => alphaDivergence(normal(0, 1), normal(1, 1), Number.NaN), 'alpha'],
    ['renyi order <= 0', () => renyi(normal(0, 1), normal(1, 1), -1), 'order'],
    ['fisher coords', () => fisher(normal(0, 1), 'polar' as never), 'coords'],
    ['sample count', () => sample(normal(0, 1), -1, rng(1)), 'n'],
    ['logDensity of NaN', () => logDensity(normal(0, 1), Number.NaN), 'x'],
  ];
  for (const [what, call, param] of cases) {
    it(`${what} raises InfogeoError naming ${param}`, () => {
      try {
        call();
        expect.unreachable(`${what} did not throw`);
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        const err = e as InfogeoError;
        expect(err.param.startsWith(param.replace(/\[.*$/, ''))).toBe(true);
        expect(err.message).toContain(err.param);
        expect(err.message).toMatch(/expected/);
      }
    });
  }

  it('extreme but valid parameters give finite answers', () => {
    const pairs: [lib.Distribution<unknown>, lib.Distribution<unknown>][] = [
      [bernoulli(1e-300), bernoulli(0.5)],
      [gamma(1e8, 1), gamma(1e8, 1.0001)],
      [categorical(Array.from({ length: 10000 }, () => 1e-4)), categorical(Array.from({ length: 10000 }, (_, i) => (i % 2 ? 1.5e-4 : 0.5e-4)))],
      [mvNormal(Array.from({ length: 50 }, () => 0), Array.from({ length: 50 }, (_, i) => Array.from({ length: 50 }, (_, j) => (i === j ? 2 : 0.1)))), mvNormal(Array.from({ length: 50 }, () => 0.1), Array.from({ length: 50 }, (_, i) => Array.from({ length: 50 }, (_, j) => (i === j ? 1 : 0))))],
    ];
    for (const [p, q] of pairs) {
      for (const v of [kl(p, q), kl(q, p), entropy(p), hellinger(p, q), bhattacharyya(p, q), jeffreys(p, q)]) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('divergences are finite and non-negative over random normal pairs (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (m1, s1, m2, s2) => {
          const p = normal(m1, s1);
          const q = normal(m2, s2);
          for (const v of [kl(p, q), jeffreys(p, q), hellinger(p, q), bhattacharyya(p, q), jensenShannon(p, q), alphaDivergence(p, q, 0.5)]) {
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { seed: 99, numRuns: 100 },
    );
  });
});
