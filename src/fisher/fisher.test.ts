import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { empiricalFisher, fisher, fisherMatrix, monteCarloFisher, score } from './fisher.js';
import { normal } from '../families/normal.js';
import { bernoulli } from '../families/bernoulli.js';
import { laplace } from '../families/laplace.js';
import { gamma } from '../families/gamma.js';
import { categorical } from '../families/categorical.js';
import { sample } from '../families/distribution.js';
import { kl } from '../divergences/kl.js';
import { rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';

// Six standard errors: a false alarm about once in 5e8 comparisons.
const Z = 6;

describe('fisher', () => {
  it('the Bernoulli Fisher information is 1 / (p (1 - p)); in the logit it is p (1 - p)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const b = bernoulli(p);
        expect(Math.abs(fisher(b)[0][0] * p * (1 - p) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(fisher(b, 'natural')[0][0] / (p * (1 - p)) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(fisher(b, 'expectation')[0][0] * p * (1 - p) - 1)).toBeLessThan(1e-12);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it('the expectation-coordinate Fisher is the inverse of the natural one', () => {
    const p = gamma(2.5, 0.7);
    const a = fisherMatrix(p, 'natural');
    const b = fisherMatrix(p, 'expectation');
    const prod = [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]];
    [1, 0, 0, 1].forEach((v, i) => expect(Math.abs(prod[i] - v)).toBeLessThan(1e-12));
  });

  it('Fisher is the Hessian of KL: KL(p || p + d) = (1/2) d^T G d + O(|d|^3)', () => {
    const p = gamma(3, 2);
    const g = fisher(p);
    for (const s of [1e-2, 1e-3]) {
      const d = [s, -0.5 * s];
      const q = gamma(3 + d[0], 2 + d[1]);
      const quad = 0.5 * (g[0][0] * d[0] * d[0] + 2 * g[0][1] * d[0] * d[1] + g[1][1] * d[1] * d[1]);
      // The cubic remainder is O(s): relative error below 10 s.
      expect(Math.abs(kl(p, q) / quad - 1)).toBeLessThan(10 * s);
    }
  });

  it('rejects an unknown coordinate system and a non-distribution', () => {
    expect(() => fisher(normal(0, 1), 'polar' as never)).toThrow(InfogeoError);
    expect(() => fisher({ theta: [1] } as never)).toThrow(/distribution/);
  });
});

describe('score', () => {
  it('has mean zero and covariance equal to the Fisher information (exact sum, categorical)', () => {
    const p = categorical([0.2, 0.5, 0.3]);
    const g = fisherMatrix(p, 'source');
    const probs = [0.2, 0.5, 0.3];
    const mean = [0, 0];
    const cov = [0, 0, 0, 0];
    probs.forEach((w, x) => {
      const s = score(p, x);
      for (let i = 0; i < 2; i++) {
        mean[i] += w * s[i];
        for (let j = 0; j < 2; j++) cov[i * 2 + j] += w * s[i] * s[j];
      }
    });
    mean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-14));
    cov.forEach((c, k) => expect(Math.abs(c - g[k])).toBeLessThan(1e-13 * Math.abs(g[k]) + 1e-14));
  });

  it('rejects observations outside the support', () => {
    expect(() => score(bernoulli(0.3), 2)).toThrow(InfogeoError);
    expect(() => score(normal(0, 1), Number.NaN)).toThrow(InfogeoError);
  });
});

describe('Monte Carlo and empirical Fisher', () => {
  it('Monte Carlo Fisher agrees with the exact Fisher within its standard errors, in every coordinate system', () => {
    const p = gamma(2, 3);
    for (const coords of ['source', 'natural', 'expectation'] as const) {
      const exact = fisher(p, coords);
      const mc = monteCarloFisher(p, 40000, rng(21), coords);
      expect(mc.n).toBe(40000);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(mc.estimate[i][j] - exact[i][j])).toBeLessThan(Z * mc.stdError[i][j]);
    }
  });

  it('the empirical Fisher at data from the model itself estimates the Fisher', () => {
    const p = normal(1, 2);
    const data = sample(p, 40000, rng(5)) as number[];
    const emp = empiricalFisher(p, data);
    const exact = fisher(p);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(emp.estimate[i][j] - exact[i][j])).toBeLessThan(Z * emp.stdError[i][j]);
  });

  it('under misspecification the empirical Fisher is a different matrix (normal model, Laplace data)', () => {
    // For Laplace(0, 1) data and the N(0, 1) model, the sigma-sigma entry is E[(x^2 - 1)^2] = 24 - 4 + 1 = 21,
    // against the Fisher's 2; the mu-mu entry is E[x^2] = 2, against 1.
    const emp = empiricalFisher(normal(0, 1), sample(laplace(0, 1), 100000, rng(9)));
    expect(Math.abs(emp.estimate[0][0] - 2)).toBeLessThan(Z * emp.stdError[0][0]);
    expect(Math.abs(emp.estimate[1][1] - 21)).toBeLessThan(Z * emp.stdError[1][1]);
    expect(Math.abs(emp.estimate[1][1] - 2)).toBeGreaterThan(20 * emp.stdError[1][1]); // SE ~ sqrt(Var[(x^2-1)^2] / n) ~ 0.6
  });

  it('validates its arguments', () => {
    expect(() => monteCarloFisher(normal(0, 1), 1, rng(1))).toThrow(InfogeoError);
    expect(() => empiricalFisher(normal(0, 1), [1])).toThrow(InfogeoError);
    expect(() => empiricalFisher(bernoulli(0.5), [0, 1, 3])).toThrow(/data\[2\]/);
  });
});
