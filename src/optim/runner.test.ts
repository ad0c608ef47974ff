import { describe, expect, it } from 'vitest';
import { optimize } from './runner.js';
import { familyFit, klFit } from './problems/familyFit.js';
import { quadratic, rosenbrock } from './problems/euclidean.js';
import { logisticData, logisticRegression } from './problems/logistic.js';
import type { Problem } from './problems/problem.js';
import { sgd } from './optimizers.js';
import { naturalGradient } from './naturalGradient.js';
import { normal } from '../families/normal.js';
import { kl } from '../divergences/kl.js';
import { fromSource } from '../families/distribution.js';
import { rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';
import { maxAbsDiff } from './flow.testutil.js';

const data = [0.5, 1, 2.5, 3, 1.7, 2.2];

describe('optimize', () => {
  it('records the trajectory in params and in distributions, losses and the KL of every step', () => {
    const pr = familyFit(normal(0, 1), data);
    const r = optimize({ problem: pr, coords: 'log-sigma', optimizer: sgd(0.1), steps: 20 });
    expect(r.coords).toBe('log-sigma');
    expect(r.params.length).toBe(21);
    expect(r.sources.length).toBe(21);
    expect(r.losses.length).toBe(21);
    expect(r.klSteps.length).toBe(20);
    for (let k = 0; k <= 20; k++) {
      expect(r.sources[k][1]).toBe(Math.exp(r.params[k][1]));
      expect(r.losses[k]).toBe(pr.loss(r.sources[k]));
    }
    for (let k = 0; k < 20; k++) {
      const p = fromSource(normal(0, 1).family, r.sources[k]);
      const q = fromSource(normal(0, 1).family, r.sources[k + 1]);
      expect(Math.abs(r.klSteps[k] - kl(p, q))).toBeLessThan(1e-15);
    }
    expect(r.meanKlPerStep).toBeCloseTo(r.klSteps.reduce((a, b) => a + b) / 20, 15);
    expect(r.finalLoss).toBe(r.losses[20]);
    expect(r.finalSource).toBe(r.sources[20]);
    expect(r.losses[20]).toBeLessThan(r.losses[0]);
  });

  it('steps to tolerance: natural gradient with step 1 solves reverse KL in natural coordinates in one step', () => {
    const pr = klFit(normal(0, 1), normal(1, 2), 'reverse');
    const r = optimize({ problem: pr, coords: 'natural', optimizer: (cp) => naturalGradient({ lr: 1, fisher: cp.fisher }), steps: 3, tol: 1e-20 });
    expect(r.stepsToTol).toBe(1);
    expect(maxAbsDiff(r.sources[1], [1, 2])).toBeLessThan(1e-14);
    const stopped = optimize({ problem: pr, coords: 'natural', optimizer: (cp) => naturalGradient({ lr: 1, fisher: cp.fisher }), steps: 10, tol: 1e-12, stopAtTol: true });
    expect(stopped.steps).toBe(1);
  });

  it('the builder form hands the optimiser the problem in the chosen coordinates', () => {
    const pr = quadratic([4, 0, 0, 1]);
    let seen = '';
    const r = optimize({
      problem: pr,
      optimizer: (cp) => {
        seen = cp.coords.name;
        return naturalGradient({ lr: 1, fisher: cp.fisher });
      },
      steps: 1,
    });
    expect(seen).toBe('source');
    expect(maxAbsDiff(r.finalSource, [0, 0])).toBeLessThan(1e-15); // Newton on a quadratic
    expect(r.stepsToTol).toBe(1);
  });

  it('record: false keeps only the final point; init overrides the start', () => {
    const r = optimize({ problem: rosenbrock(), optimizer: sgd(1e-3), steps: 50, record: false, init: [0, 0] });
    expect(r.params.length).toBe(1);
    expect(r.losses.length).toBe(51);
    expect(r.losses[0]).toBe(1);
  });

  it('a step out of the domain throws naming the step, or is halved with onDomainExit: backtrack', () => {
    const pr = familyFit(normal(0, 1), [0, 0.1, -0.1]);
    // Gradient descent in (mu, sigma) with a large rate sends sigma below zero at once.
    expect(() => optimize({ problem: pr, coords: 'sigma', optimizer: sgd(5), steps: 5 })).toThrow(/params at step 1 = .* is invalid; expected a point of the sigma coordinates where gaussian-fit is defined and finite \(the step leaves the domain/);
    const r = optimize({ problem: pr, coords: 'sigma', optimizer: sgd(5), steps: 5, onDomainExit: 'backtrack' });
    expect(r.backtracks).toBeGreaterThan(0);
    expect(r.sources.every((s) => s[1] > 0)).toBe(true);
  });

  it('the NaN guard stops at the first non-finite loss or gradient, naming the step', () => {
    const base = quadratic([1, 0, 0, 1]);
    let calls = 0;
    const poisoned: Problem = { ...base, grad: (x) => (++calls >= 3 ? Float64Array.of(NaN, 0) : base.grad(x)) };
    expect(() => optimize({ problem: poisoned, optimizer: sgd(0.1), steps: 10 })).toThrow(/gradient at step 2 = \[NaN, NaN\] is invalid; expected a finite vector \(entry 0 is NaN/);
    const badLoss: Problem = { ...base, loss: (x) => (x[0] < 0.5 ? NaN : base.loss(x)) };
    expect(() => optimize({ problem: badLoss, optimizer: sgd(0.3), steps: 10 })).toThrow(/params at step 2 = \[0.49, 0.49\] is invalid; .* \(the loss there is NaN;/);
    const nanStep = { init: () => null, update: (g: Float64Array) => [g.map(() => NaN), null] as [Float64Array, null] };
    expect(() => optimize({ problem: base, optimizer: nanStep, steps: 2 })).toThrow(/update at step 0/);
  });

  it('an optimiser error is reported with the step at which it happened', () => {
    const x = logisticData(3, [1, 1, 1, 1], rng(1));
    const pr = logisticRegression(x.x, x.y); // 3 examples, 4 weights: the empirical Fisher is singular
    expect(() =>
      optimize({ problem: pr, optimizer: (cp) => naturalGradient({ lr: 1, fisher: (w) => cp.perExampleGrads!(w).reduce((m, g) => m.map((v, i) => v + g[Math.floor(i / 4)] * g[i % 4]), new Float64Array(16)) }), steps: 1 }),
    ).toThrow(/update at step 0 .* singular/);
  });

  it('validates its options', () => {
    const pr = quadratic([1, 0, 0, 1]);
    const ok = { problem: pr, optimizer: sgd(0.1), steps: 1 };
    expect(() => optimize(null as never)).toThrow(InfogeoError);
    expect(() => optimize({ ...ok, steps: -1 })).toThrow(/steps = -1/);
    expect(() => optimize({ ...ok, steps: 1.5 })).toThrow(/steps = 1.5/);
    expect(() => optimize({ ...ok, tol: 0 })).toThrow(/tol = 0/);
    expect(() => optimize({ ...ok, record: 'yes' as never })).toThrow(/record/);
    expect(() => optimize({ ...ok, onDomainExit: 'ignore' as never })).toThrow(/onDomainExit/);
    expect(() => optimize({ ...ok, optimizer: {} as never })).toThrow(/optimizer = .* is invalid/);
    expect(() => optimize({ ...ok, init: [1] })).toThrow(/init = \[1\] is invalid/);
    expect(() => optimize({ ...ok, coords: 'natural' })).toThrow(/coords = "natural"/);
    expect(() => optimize({ ...ok, problem: {} as never })).toThrow(/problem = /);
    expect(() => optimize({ problem: familyFit(normal(0, 1), data), optimizer: sgd(0.1), steps: 1, init: [0, -1] })).toThrow(/init = \[0, -1\] is invalid/);
  });
});
