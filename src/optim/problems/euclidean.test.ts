import { describe, expect, it } from 'vitest';
import { illConditionedQuadratic, quadratic, rosenbrock } from './euclidean.js';
import { checkProblemCalculus } from './problems.testutil.js';
import { eighSym } from '../../linalg/index.js';

describe('Euclidean problems', () => {
  it('Rosenbrock: minimum 0 at (a, a^2), the classical start, identity Fisher', () => {
    const pr = rosenbrock();
    expect(pr.loss(Float64Array.of(1, 1))).toBe(0);
    expect(Array.from(pr.init)).toEqual([-1.2, 1]);
    expect(pr.loss(pr.init)).toBeCloseTo(24.2, 12);
    checkProblemCalculus(pr, [Float64Array.of(-1.2, 1), Float64Array.of(0.5, 2)], { gradTol: 1e-6 });
    checkProblemCalculus(rosenbrock({ dim: 5 }), [Float64Array.of(0.1, 0.2, -0.3, 0.4, 0.5)], { gradTol: 1e-6 });
    expect(Array.from(rosenbrock({ a: 2 }).minimum!.source)).toEqual([2, 4]);
    expect(rosenbrock({ a: 2, dim: 3 }).minimum).toBeUndefined();
    expect(() => rosenbrock({ b: -1 })).toThrow(/b = -1/);
  });

  it('quadratic: Fisher = A (the model N(x, A^-1)); gradient A (x - c)', () => {
    const pr = quadratic([2, 0.5, 0.5, 8], [1, -1]);
    expect(Array.from(pr.grad(Float64Array.of(2, 0)))).toEqual([2.5, 8.5]);
    expect(quadratic([2, 0, 0, 8]).loss(Float64Array.of(1, 1))).toBe(5);
    checkProblemCalculus(pr, [Float64Array.of(3, 2)]);
    expect(() => quadratic([1, 2, 2, 1])).toThrow(/symmetric positive definite/);
    expect(() => quadratic([1, 2, 3, 1])).toThrow(/a\[2\] = 3 is invalid; expected a symmetric matrix/);
  });

  it('ill-conditioned quadratic: the eigenvalues are 1 ... condition, geometrically spaced', () => {
    const pr = illConditionedQuadratic(6, 1e4, { seed: 3 });
    const w = new Float64Array(6);
    eighSym(w, new Float64Array(36), pr.fisher(pr.init), 6);
    for (let i = 0; i < 6; i++) expect(Math.abs(w[i] - 1e4 ** (i / 5)) / 1e4 ** (i / 5)).toBeLessThan(1e-11);
    expect(pr.fisher(pr.init)[1]).not.toBe(0); // rotated
    expect(Array.from(illConditionedQuadratic(2, 100, { rotate: false }).fisher(new Float64Array(2)))).toEqual([1, 0, 0, 100]);
    checkProblemCalculus(pr, [pr.init]);
    expect(() => illConditionedQuadratic(3, 0.5)).toThrow(/condition = 0.5/);
  });
});
