import { describe, expect, it } from 'vitest';
import { familyModel, modelExpectation, modelFisher, statisticalModel } from './model.js';
import { fisher } from '../fisher/fisher.js';
import { normalFamily } from '../families/normal.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { beta, betaFamily } from '../families/beta.js';
import { vonMises, vonMisesFamily } from '../families/vonMises.js';
import { poisson, poissonFamily } from '../families/poisson.js';
import { binomial, binomialFamily } from '../families/binomial.js';
import { geometric, geometricFamily } from '../families/geometric.js';
import type { Sample } from '../families/family.js';
import { rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';

// Quadrature runs at relTol 1e-11; smooth densities reach it (Fisher entries to ~1e-11 of the
// diagonal). The beta with a < 1 has an integrable x^(a-1) endpoint singularity that Gauss-Legendre
// bisection resolves more slowly: 1e-9 there. Exact sums are as accurate as float64 sums.
const QUAD = 1e-11;
const QUAD_SINGULAR = 1e-9;
const SUM = 1e-14;
// Monte Carlo against the exact value: six standard errors (a false alarm about once in 5e8).
const Z = 6;

/** Max over entries of |a - b| / sqrt(|b_ii b_jj|). */
function matrixError(a: number[][], b: number[][]): number {
  let e = 0;
  b.forEach((row, i) => row.forEach((v, j) => (e = Math.max(e, Math.abs(a[i][j] - v) / Math.sqrt(Math.abs(b[i][i] * b[j][j]))))));
  return e;
}

describe('modelFisher reproduces the closed-form Fisher of exponential families', () => {
  it('by quadrature: gamma, von Mises (finite support), normal', () => {
    for (const [fam, src, d] of [
      [gammaFamily, [2, 3], gamma(2, 3)],
      [vonMisesFamily, [0.3, 2], vonMises(0.3, 2)],
    ] as const) {
      const r = modelFisher(familyModel(fam), src);
      expect(r.method).toBe('quadrature');
      expect(Math.abs(r.mass - 1)).toBeLessThan(QUAD);
      expect(matrixError(r.fisher, fisher(d))).toBeLessThan(QUAD);
    }
    const n = modelFisher(familyModel(normalFamily), [5, 0.01]);
    expect(matrixError(n.fisher, [[1e4, 0], [0, 2e4]])).toBeLessThan(QUAD);
  });

  it('by quadrature with an endpoint singularity: beta(0.5, 2)', () => {
    const r = modelFisher(familyModel(betaFamily), [0.5, 2]);
    expect(matrixError(r.fisher, fisher(beta(0.5, 2)))).toBeLessThan(QUAD_SINGULAR);
  });

  it('by exact sums: Poisson, binomial, geometric', () => {
    for (const [fam, src, d] of [
      [poissonFamily, [3], poisson(3)],
      [binomialFamily(10), [0.3], binomial(10, 0.3)],
      [geometricFamily, [0.2], geometric(0.2)],
    ] as const) {
      const r = modelFisher(familyModel(fam), src);
      expect(r.method).toBe('sum');
      expect(Math.abs(r.mass - 1)).toBeLessThan(SUM);
      expect(matrixError(r.fisher, fisher(d))).toBeLessThan(SUM);
    }
  });

  it('by Monte Carlo, within six standard errors, seeded', () => {
    const r = modelFisher(familyModel(gammaFamily), [2, 3], { method: 'monte-carlo', rng: rng(7), n: 20000 });
    expect(r.method).toBe('monte-carlo');
    const g = fisher(gamma(2, 3));
    g.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(r.fisher[i][j] - v)).toBeLessThan(Z * r.error[i][j])));
    // Same seed, same numbers.
    expect(modelFisher(familyModel(gammaFamily), [2, 3], { method: 'monte-carlo', rng: rng(7), n: 20000 }).fisher).toEqual(r.fisher);
  });
});

describe('a model that is not an exponential family', () => {
  // The Cauchy location-scale model: g = diag(1 / (2 s^2), 1 / (2 s^2)).
  const cauchy = statisticalModel({
    name: 'cauchy',
    dim: 2,
    logDensity: ([m, s], x) => -Math.log(Math.PI * s) - Math.log1p((((x as number) - m) / s) ** 2),
    score: ([m, s], x, out) => {
      const z = ((x as number) - m) / s;
      out[0] = (2 * z) / (s * (1 + z * z));
      out[1] = (-1 + (2 * z * z) / (1 + z * z)) / s;
      return out;
    },
    support: ([m, s]) => ({ kind: 'continuous', lower: -Infinity, upper: Infinity, center: m, scale: s, breakpoints: [m] }),
    sample: ([m, s], n, g) => Array.from({ length: n }, () => m + s * Math.tan(Math.PI * (g.next() - 0.5))),
    isValid: ([, s]) => s > 0,
  });

  it('Cauchy location-scale: Fisher = I / (2 s^2) by quadrature (heavy tails)', () => {
    const r = modelFisher(cauchy, [1, 2]);
    expect(matrixError(r.fisher, [[1 / 8, 0], [0, 1 / 8]])).toBeLessThan(1e-10);
    expect(Math.abs(r.mass - 1)).toBeLessThan(1e-10);
  });

  it('Cauchy by Monte Carlo agrees within six standard errors', () => {
    const r = modelFisher(cauchy, [1, 2], { method: 'monte-carlo', rng: rng(3), n: 20000 });
    [[1 / 8, 0], [0, 1 / 8]].forEach((row, i) => row.forEach((v, j) => expect(Math.abs(r.fisher[i][j] - v)).toBeLessThan(Z * r.error[i][j])));
  });

  it('2-D by nested quadrature: the mean of a correlated bivariate normal has Fisher Sigma^-1', () => {
    const [s11, s12, s22] = [1, 0.6, 2];
    const det = s11 * s22 - s12 * s12;
    const p = [s22 / det, -s12 / det, s11 / det];
    const model = statisticalModel({
      dim: 2,
      logDensity: ([m1, m2], x) => {
        const [a, b] = [(x as Float64Array)[0] - m1, (x as Float64Array)[1] - m2];
        return -0.5 * (p[0] * a * a + 2 * p[1] * a * b + p[2] * b * b) - Math.log(2 * Math.PI * Math.sqrt(det));
      },
      score: ([m1, m2], x, out) => {
        const [a, b] = [(x as Float64Array)[0] - m1, (x as Float64Array)[1] - m2];
        out[0] = p[0] * a + p[1] * b;
        out[1] = p[1] * a + p[2] * b;
        return out;
      },
      support: ([m1, m2]) => ({ kind: 'continuous2d', lower: [-Infinity, -Infinity], upper: [Infinity, Infinity], center: [m1, m2], scale: [1, Math.SQRT2] }),
    });
    const r = modelFisher(model, [0.5, -1]);
    expect(r.method).toBe('nested-quadrature');
    expect(Math.abs(r.mass - 1)).toBeLessThan(1e-9);
    expect(matrixError(r.fisher, [[p[0], p[1]], [p[1], p[2]]])).toBeLessThan(1e-9);
  });

  it('modelExpectation: E[x^2] of N(0, 2) by quadrature, E[X] of Poisson(3) by sums', () => {
    expect(Math.abs(modelExpectation(familyModel(normalFamily), [0, 2], (x) => (x as number) ** 2).value - 4)).toBeLessThan(1e-11);
    expect(Math.abs(modelExpectation(familyModel(poissonFamily), [3], (x: Sample) => x as number).value - 3)).toBeLessThan(SUM);
  });
});

describe('generic models: bad input', () => {
  it('rejects bad specs, parameters, methods and Monte Carlo without a generator', () => {
    expect(() => statisticalModel({ dim: 0 } as never)).toThrow(/spec\.dim/);
    expect(() => statisticalModel({ dim: 1, logDensity: () => 0, score: 5, support: () => ({ kind: 'sampled' }) } as never)).toThrow(/spec\.score/);
    const m = familyModel(gammaFamily);
    expect(() => modelFisher(m, [2, -1])).toThrow(/params/);
    expect(() => modelFisher(m, [2])).toThrow(/params/);
    expect(() => modelFisher(m, [2, 3], { method: 'sum' })).toThrow(/opts\.method/);
    expect(() => modelFisher(m, [2, 3], { method: 'monte-carlo' })).toThrow(/opts\.rng/);
    expect(() => modelFisher(familyModel(poissonFamily), [3], { method: 'quadrature' })).toThrow(/opts\.method/);
    expect(() => modelFisher({} as never, [1])).toThrow(InfogeoError);
  });
  it('reports a non-finite integrand instead of returning NaN', () => {
    const bad = statisticalModel({
      dim: 1,
      logDensity: () => -0.5,
      score: (_p, _x, out) => ((out[0] = Number.NaN), out),
      support: () => ({ kind: 'continuous', lower: 0, upper: 1 }),
    });
    expect(() => modelFisher(bad, [0])).toThrow(/finite/);
  });
});
