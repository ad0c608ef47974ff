import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mixtureFamily } from './mixture.js';
import { normal } from '../families/normal.js';
import { poisson } from '../families/poisson.js';
import { bernoulli } from '../families/bernoulli.js';
import { gamma } from '../families/gamma.js';
import { exponential } from '../families/exponential.js';
import { mvNormal } from '../families/mvNormal.js';
import { dirichlet } from '../families/dirichlet.js';
import { rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';

// Monte Carlo against quadrature or exact sums: six standard errors (false alarm ~ 1 in 5e8).
const Z = 6;
// Quadrature at relTol 1e-11 (1-D) and 1e-9 (2-D); exact sums to rounding.
const QUAD = 1e-10;
const QUAD_2D = 1e-8;
const SUM = 1e-13;
// Second derivatives of the potential by central differences of its quadrature gradient
// (step 1e-4): truncation ~1e-8 relative, rounding ~1e-12 / 1e-4.
const HESSIAN_FD = 1e-6;

const w3 = [0.3, 0.5, 0.2];

describe('mixture family: Fisher metric', () => {
  it('two Bernoulli components: the exact sum equals (a - b)^2 / p_w(1) + (a - b)^2 / p_w(0)', () => {
    const mix = mixtureFamily([bernoulli(0.2), bernoulli(0.7)]);
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (w) => {
        const p1 = w * 0.2 + (1 - w) * 0.7;
        const exact = 0.25 / p1 + 0.25 / (1 - p1);
        const r = mix.fisher([w, 1 - w]);
        expect(r.method).toBe('sum');
        expect(Math.abs(r.fisher[0][0] / exact - 1)).toBeLessThan(SUM);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('three normals: quadrature agrees with a seeded Monte Carlo estimate', () => {
    const mix = mixtureFamily([normal(-2, 1), normal(2, 1), normal(0, 3)]);
    const q = mix.fisher(w3);
    expect(q.method).toBe('quadrature');
    expect(Math.abs(q.mass - 1)).toBeLessThan(QUAD);
    const mc = mix.fisher(w3, { method: 'monte-carlo', rng: rng(7), n: 20000 });
    q.fisher.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(mc.fisher[i][j] - v)).toBeLessThan(Z * mc.error[i][j])));
  });

  it('Poisson components: exact sums agree with Monte Carlo', () => {
    const mix = mixtureFamily([poisson(1), poisson(6), poisson(15)]);
    const s = mix.fisher(w3);
    expect(s.method).toBe('sum');
    expect(Math.abs(s.mass - 1)).toBeLessThan(SUM);
    const mc = mix.fisher(w3, { method: 'monte-carlo', rng: rng(11), n: 20000 });
    s.fisher.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(mc.fisher[i][j] - v)).toBeLessThan(Z * mc.error[i][j])));
  });

  it('components of different families on (0, inf): gamma and exponential', () => {
    const mix = mixtureFamily([gamma(3, 1), exponential(0.5)]);
    const q = mix.fisher([0.4, 0.6]);
    const mc = mix.fisher([0.4, 0.6], { method: 'monte-carlo', rng: rng(5), n: 20000 });
    expect(Math.abs(mc.fisher[0][0] - q.fisher[0][0])).toBeLessThan(Z * mc.error[0][0]);
  });

  it('2-D components (bivariate normals): nested quadrature agrees with Monte Carlo', () => {
    const mix = mixtureFamily([mvNormal([0, 0], [[1, 0.3], [0.3, 1]]), mvNormal([2, 1], [[0.5, 0], [0, 2]]), mvNormal([-1, 2], [[1, 0], [0, 1]])]);
    const q = mix.fisher([0.3, 0.3, 0.4]);
    expect(q.method).toBe('nested-quadrature');
    expect(Math.abs(q.mass - 1)).toBeLessThan(QUAD_2D);
    const mc = mix.fisher([0.3, 0.3, 0.4], { method: 'monte-carlo', rng: rng(7), n: 20000 });
    q.fisher.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(mc.fisher[i][j] - v)).toBeLessThan(Z * mc.error[i][j])));
  });

  it('components without a quadrature rule (Dirichlet on the simplex) fall back to Monte Carlo, which needs rng', () => {
    const mix = mixtureFamily([dirichlet([1, 2, 3]), dirichlet([4, 1, 1])]);
    expect(() => mix.fisher([0.5, 0.5])).toThrow(/opts\.rng/);
    const mc = mix.fisher([0.5, 0.5], { rng: rng(1), n: 2000 });
    expect(mc.method).toBe('monte-carlo');
    expect(mc.fisher[0][0]).toBeGreaterThan(0);
  });

  it('well-separated components: the metric tends to the Bernoulli Fisher 1 / (w (1 - w)) of the label', () => {
    // With disjoint supports (p_1 - p_2)^2 / p_w = p_1 / w^2 + p_2 / (1 - w)^2 pointwise.
    const sep = mixtureFamily([normal(-10, 1), normal(10, 1)]);
    for (const w of [0.5, 0.1, 0.01, 0.001]) expect(Math.abs(sep.fisher([w, 1 - w]).fisher[0][0] * w * (1 - w) - 1)).toBeLessThan(1e-9);
    // Overlapping components carry less information about w.
    const near = mixtureFamily([normal(-1, 1), normal(1, 1)]);
    expect(near.fisher([0.5, 0.5]).fisher[0][0]).toBeLessThan(0.9 * 4);
  });
});

describe('mixture family: dually flat structure', () => {
  const mix = mixtureFamily([normal(-2, 1), normal(2, 1), normal(0, 3)]);

  it('the Fisher metric is the Hessian of the negative entropy phi(w) = int p_w log p_w', () => {
    const g = mix.fisher(w3).fisher;
    const h = 1e-4;
    for (let j = 0; j < 2; j++) {
      const plus = [...w3];
      const minus = [...w3];
      plus[j] += h;
      plus[2] -= h;
      minus[j] -= h;
      minus[2] += h;
      const dp = mix.dualCoordinates(plus);
      const dm = mix.dualCoordinates(minus);
      for (let i = 0; i < 2; i++) expect(Math.abs((dp[i] - dm[i]) / (2 * h) - g[i][j])).toBeLessThan(HESSIAN_FD * Math.abs(g[i][i]));
    }
  });

  it('KL(p_w || p_v) is the Bregman divergence of phi: phi(w) - phi(v) - <w - v, grad phi(v)>', () => {
    const v = [0.2, 0.2, 0.6];
    const klq = mix.kl(w3, v).value;
    const bregman = mix.negEntropy(w3).value - mix.negEntropy(v).value - mix.dualCoordinates(v).reduce((s, e, i) => s + (w3[i] - v[i]) * e, 0);
    expect(klq).toBeGreaterThan(0.01);
    expect(Math.abs(klq - bregman)).toBeLessThan(QUAD);
  });

  it('m-geodesics are straight in the weights and the density along them is the same mixture of the end densities', () => {
    const a = [0.6, 0.3, 0.1];
    const b = [0.1, 0.2, 0.7];
    const geo = mix.mGeodesic(a, b);
    for (const t of [0, 0.25, 0.5, 1]) {
      const w = geo(t);
      w.forEach((x, i) => expect(Math.abs(x - ((1 - t) * a[i] + t * b[i]))).toBeLessThan(1e-16));
      for (const x of [-3, 0.5, 4]) {
        const direct = Math.exp(mix.logDensity(w, x));
        const blend = (1 - t) * Math.exp(mix.logDensity(a, x)) + t * Math.exp(mix.logDensity(b, x));
        expect(Math.abs(direct - blend)).toBeLessThan(1e-15);
      }
    }
    expect(() => geo(1.5)).toThrow(/t = 1.5/);
  });

  it('KL is not symmetric and KL(p_w || p_w) = 0', () => {
    expect(Math.abs(mix.kl(w3, w3).value)).toBeLessThan(1e-15);
    expect(Math.abs(mix.kl(w3, [0.2, 0.2, 0.6]).value - mix.kl([0.2, 0.2, 0.6], w3).value)).toBeGreaterThan(1e-3);
  });
});

describe('mixture family: sampling and bad input', () => {
  it('samples with the right weights (seeded)', () => {
    const mix = mixtureFamily([normal(-50, 1), normal(50, 1)]);
    const xs = mix.sample([0.3, 0.7], 10000, rng(3)) as number[];
    const left = xs.filter((x) => x < 0).length / xs.length;
    expect(Math.abs(left - 0.3)).toBeLessThan(Z * Math.sqrt((0.3 * 0.7) / 10000));
  });
  it('rejects fewer than two components, mixed observation kinds, bad weights', () => {
    expect(() => mixtureFamily([normal(0, 1)])).toThrow(/at least 2/);
    expect(() => mixtureFamily([normal(0, 1), poisson(1)])).toThrow(/components\[1\]/);
    expect(() => mixtureFamily([normal(0, 1), mvNormal([0, 0], [[1, 0], [0, 1]])])).toThrow(InfogeoError);
    const mix = mixtureFamily([normal(0, 1), normal(1, 1)]);
    expect(() => mix.fisher([0.5, 0.6])).toThrow(/sum to 1/);
    expect(() => mix.fisher([1, 0])).toThrow(/weights\[1\]/);
    expect(() => mix.fisher([0.2, 0.3, 0.5])).toThrow(/length 2/);
    expect(() => mix.logDensity([0.5, 0.5], [1, 2] as never)).toThrow(/ x = /);
  });
});
