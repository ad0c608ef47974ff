/**
 * The panels' incremental runner and exponentiated-gradient glue, in Node: they must reproduce
 * the library's own runner exactly, stop with a reason instead of throwing, and show the identity
 * the simplex panel claims (exponentiated gradient = natural gradient in the logits).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categorical, klFit, naturalGradient, normal, optimize, sgd } from '../../src/index.js';
import { advance, startTrajectory } from '../src/panels/trajectory.js';
import { runEg } from '../src/panels/ternary.js';

/** Both runners execute the same float64 operations in the same order: no rounding difference. */
const SAME_LOOP = 0;
/** EG and NG-in-logits are the same map, computed through different formulas: a few ulps per step. */
const EG_NG_TOL = 1e-12;

describe('panel trajectories', () => {
  it('advance() retraces optimize() step for step', () => {
    const problem = klFit(normal(-1.5, 2.5), normal(1, 0.8), 'forward');
    for (const coords of ['sigma', 'log-sigma', 'variance', 'precision']) {
      const build = (cp: Parameters<Parameters<typeof startTrajectory>[2]>[0]) => naturalGradient({ lr: 0.1, fisher: cp.fisher });
      const t = startTrajectory(problem, coords, build);
      advance(t, 25);
      const ref = optimize({ problem, coords, optimizer: build, steps: 25 });
      expect(t.stopped).toBeNull();
      expect(t.path.length).toBe(26);
      for (let k = 0; k <= 25; k++) {
        for (let i = 0; i < 2; i++) expect(Math.abs(t.path[k][i] - ref.sources[k][i])).toBe(SAME_LOOP);
      }
    }
  });

  it('advancing in pieces equals advancing at once (play = recompute)', () => {
    const problem = klFit(normal(0, 3), normal(2, 0.5), 'reverse');
    const a = startTrajectory(problem, 'log-sigma', () => sgd(0.05));
    const b = startTrajectory(problem, 'log-sigma', () => sgd(0.05));
    advance(a, 30);
    for (let k = 0; k < 30; k++) advance(b, 1);
    expect(b.path.map((s) => Array.from(s))).toEqual(a.path.map((s) => Array.from(s)));
  });

  it('stops with a reason, never throws, for any step size', () => {
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom('sigma', 'variance', 'precision', 'log-sigma'), (logLr, coords) => {
        const problem = klFit(normal(-2, 0.5), normal(1.5, 1.5), 'forward');
        const t = startTrajectory(problem, coords, () => sgd(10 ** logLr));
        advance(t, 40);
        expect(t.path.length).toBeGreaterThanOrEqual(1);
        for (const s of t.path) expect(s.every(Number.isFinite) && s[1] > 0).toBe(true);
        if (t.path.length < 41) expect(t.stopped).toMatch(/step \d+/);
      }),
      { seed: 7, numRuns: 100 },
    );
    const huge = startTrajectory(klFit(normal(1, 3), normal(1, 0.5)), 'sigma', () => sgd(1000)); // dL/dsigma > 0: sigma - 1000 g < 0
    advance(huge, 10);
    expect(huge.stopped).toMatch(/^step 1 leaves the parameter domain/);
  });

  it('exponentiated gradient equals natural gradient in the logits', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true })),
        fc.tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true })),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        (a, b, lr) => {
          const norm = (v: number[]) => v.map((x) => x / (v[0] + v[1] + v[2])) as [number, number, number];
          const start = norm(a);
          const problem = klFit(categorical(start), categorical(norm(b)), 'forward');
          const eg = runEg(problem, start, lr, 20);
          const ng = startTrajectory(problem, 'natural', (cp) => naturalGradient({ lr, fisher: cp.fisher }));
          advance(ng, 20);
          expect(eg.stopped).toBeNull();
          expect(ng.stopped).toBeNull();
          for (let k = 0; k <= 20; k++) {
            expect(Math.abs(eg.path[k][0] - ng.path[k][0])).toBeLessThanOrEqual(EG_NG_TOL);
            expect(Math.abs(eg.path[k][1] - ng.path[k][1])).toBeLessThanOrEqual(EG_NG_TOL);
          }
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });
});
