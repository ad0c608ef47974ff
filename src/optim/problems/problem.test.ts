import { describe, expect, it } from 'vitest';
import { checkProblem, inCoords } from './problem.js';
import { familyFit } from './familyFit.js';
import { rosenbrock } from './euclidean.js';
import { normal } from '../../families/normal.js';
import { normalReparams } from '../reparam/normal.js';
import { bernoulliReparams } from '../reparam/bernoulli.js';
import { maxAbsDiff } from '../flow.testutil.js';

describe('inCoords', () => {
  const pr = familyFit(normal(0, 1), [0.5, 1, 2.5, 3]);

  it('accepts a name or a Reparam; the start, loss, gradient and Fisher follow the chain rule', () => {
    const byName = inCoords(pr, 'log-sigma');
    const byObj = inCoords(pr, normalReparams['log-sigma']);
    expect(Array.from(byName.init)).toEqual([0, 0]);
    const xi = Float64Array.of(0.2, Math.log(1.5));
    expect(byName.loss(xi)).toBe(pr.loss(Float64Array.of(0.2, 1.5)));
    expect(Array.from(byName.grad(xi))).toEqual(Array.from(byObj.grad(xi)));
    const g = pr.grad(Float64Array.of(0.2, 1.5));
    expect(maxAbsDiff(byName.grad(xi), [g[0], 1.5 * g[1]])).toBeLessThan(1e-15);
    const G = pr.fisher(Float64Array.of(0.2, 1.5));
    expect(maxAbsDiff(byName.fisher(xi), [G[0], 0, 0, 2.25 * G[3]])).toBeLessThan(1e-15);
  });

  it('per-example gradients are pulled back row by row: J^T g_i', () => {
    const cp = inCoords(pr, 'variance');
    const xi = Float64Array.of(0.2, 2.25);
    const rows = cp.perExampleGrads!(xi);
    const src = pr.perExampleGrads!(Float64Array.of(0.2, 1.5));
    for (let i = 0; i < 4; i++) expect(maxAbsDiff(rows[i], [src[i][0], src[i][1] / 3])).toBeLessThan(1e-15);
  });

  it('inDomain needs both the coordinates and the model to be valid', () => {
    const cp = inCoords(pr, 'natural');
    expect(cp.inDomain(Float64Array.of(0, -0.5))).toBe(true);
    expect(cp.inDomain(Float64Array.of(0, 0.5))).toBe(false);
    expect(cp.inDomain(Float64Array.of(0, -1e-320))).toBe(false); // sigma overflows to Infinity
  });

  it('names the valid coordinate systems on a bad name, and checks dimensions', () => {
    expect(() => inCoords(pr, 'logit')).toThrow(/coords = "logit" is invalid; expected one of 'source', 'natural', 'expectation', 'sigma', 'log-sigma', 'variance', 'precision'/);
    expect(() => inCoords(pr, bernoulliReparams.logit)).toThrow(/reparameterisation of dimension 2/);
    expect(() => inCoords(rosenbrock(), 'natural')).toThrow(/one of 'source'/);
    expect(() => checkProblem('f', 'problem', { dim: 2 })).toThrow(/problem = .* is invalid/);
  });
});
