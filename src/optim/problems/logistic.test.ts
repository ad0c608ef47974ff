import { describe, expect, it } from 'vitest';
import { logisticData, logisticRegression } from './logistic.js';
import { checkProblemCalculus } from './problems.testutil.js';
import { rng } from '../../random/rng.js';
import { maxAbsDiff, numJacobian } from '../flow.testutil.js';
import { InfogeoError } from '../../errors.js';

describe('logistic regression', () => {
  const data = logisticData(300, [1.5, -2, 0.5], rng(21));
  const pr = logisticRegression(data.x, data.y);

  it('Fisher is X^T W X / n with W = diag(p_i (1 - p_i)), written out entry by entry', () => {
    const w = Float64Array.of(0.3, -0.2, 0.1);
    const G = pr.fisher(w);
    const n = data.x.length;
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) {
          const z = data.x[i][0] * w[0] + data.x[i][1] * w[1] + data.x[i][2] * w[2];
          const p = 1 / (1 + Math.exp(-z));
          s += p * (1 - p) * data.x[i][a] * data.x[i][b];
        }
        expect(Math.abs(G[a * 3 + b] - s / n)).toBeLessThan(1e-14);
      }
    }
    expect(Array.from(logisticRegression([[1, 0], [1, 1], [1, 2], [1, 3]], [0, 1, 0, 1]).fisher(Float64Array.of(0, 0)))).toEqual([0.25, 0.375, 0.375, 0.875]);
  });

  it('with the canonical link the Fisher equals the Hessian of the loss', () => {
    const w = Float64Array.of(0.3, -0.2, 0.1);
    const hess = numJacobian((v) => pr.grad(v), w, 1e-5);
    expect(maxAbsDiff(hess, pr.fisher(w))).toBeLessThan(1e-9);
  });

  it('passes the calculus battery, and Newton finds the minimiser near the true weights', () => {
    checkProblemCalculus(pr, [Float64Array.of(0, 0, 0), Float64Array.of(1, -1, 2)]);
    expect(pr.minimum).toBeDefined();
    expect(maxAbsDiff(pr.minimum!.source, [1.5, -2, 0.5])).toBeLessThan(0.6);
  });

  it('separable data have no minimiser; bad input names the parameter', () => {
    const sep = logisticRegression([[-2], [-1], [1], [2]], [0, 0, 1, 1]);
    expect(sep.minimum).toBeUndefined();
    expect(() => logisticRegression([[1, 2], [3]], [0, 1])).toThrow(/x\[1\] = \[3\] is invalid; expected an array of 2 finite numbers/);
    expect(() => logisticRegression([[1], [2]], [0, 0.5])).toThrow(/y\[1\] = 0.5 is invalid; expected a label 0 or 1/);
    expect(() => logisticRegression([], [])).toThrow(InfogeoError);
    expect(() => logisticData(0, [1], rng(1))).toThrow(/n = 0/);
  });
});
