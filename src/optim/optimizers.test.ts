import { describe, expect, it } from 'vitest';
import { adagrad, adam, adamw, momentum, rmsprop, sgd } from './optimizers.js';
import { naturalGradient } from './naturalGradient.js';
import { diagonalFisherNG } from './diagonalFisherNG.js';
import { empiricalFisherNG } from './empiricalFisherNG.js';
import { mirrorDescent, type MirrorMap } from './mirrorDescent.js';
import { cosineDecay, exponentialDecay } from './schedule.js';
import { leastSquares, minimise, rosenbrock, type Problem } from './testProblems.testutil.js';
import { gemv, solveSPD } from '../linalg/index.js';
import type { GradientTransformation } from './transform.js';

/**
 * Every named optimiser reaches the minimiser of
 * - the least-squares quadratic f(w) = |X w - y|^2 / 2N (d = 5, Hessian eigenvalues log-spaced
 *   over [1, 100], so condition 100; the fit has a residual), from w = 0, and
 * - Rosenbrock's function (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1),
 * to |x - x*| <= TOL within the stated number of steps. The budgets are about 1.2x the steps
 * measured when the test was written, so a slower optimiser fails the test.
 * AdamW's weight decay (1e-4) moves its fixed point by O(lambda |x| sqrt(nu)), so its
 * tolerance is TOL_ADAMW.
 */
const TOL = 1e-6;
const TOL_ADAMW = 1e-4;

const diagonal = (m: Float64Array, n: number): Float64Array => {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = m[i * n + i];
  return d;
};

/** The quadratic mirror map phi(x) = x^T M x / 2: mirror descent with it is preconditioned GD. */
function quadraticMirror(m: Float64Array, n: number): MirrorMap {
  return {
    grad: (x, out) => gemv(out, m, x, n, n),
    inverseGrad: (y, out) => solveSPD(out, m, y, n) as Float64Array,
  };
}

function fvp(p: Problem) {
  return (x: Float64Array, v: Float64Array) => gemv(new Float64Array(p.dim), p.metric(x), v, p.dim, p.dim);
}

interface Case {
  name: string;
  make: (p: Problem) => GradientTransformation<any>;
  tol?: number;
  quadratic: number;
  rosenbrock: number;
}

const QUAD_L = 100;
const QUAD_MU = 1;

const cases: Case[] = [
  // lr just under 2 / (L + mu).
  { name: 'sgd', make: (p) => sgd(p.dim === 5 ? 0.019 : 1e-3), quadratic: 860, rosenbrock: 41_000 },
  {
    name: 'momentum (heavy ball)',
    // Polyak's optimal parameters on the quadratic.
    make: (p) =>
      p.dim === 5
        ? momentum(4 / (Math.sqrt(QUAD_L) + Math.sqrt(QUAD_MU)) ** 2, ((Math.sqrt(QUAD_L) - 1) / (Math.sqrt(QUAD_L) + 1)) ** 2)
        : momentum(5e-4, 0.9),
    quadratic: 115,
    rosenbrock: 8_000,
  },
  { name: 'momentum (Nesterov)', make: (p) => momentum(p.dim === 5 ? 0.01 : 5e-4, 0.9, { nesterov: true }), quadratic: 250, rosenbrock: 8_100 },
  { name: 'adam', make: (p) => adam(cosineDecay({ initValue: p.dim === 5 ? 0.1 : 0.02, decaySteps: p.dim === 5 ? 3000 : 20_000 })), quadratic: 690, rosenbrock: 5_000 },
  {
    name: 'adamw',
    make: (p) => adamw(cosineDecay({ initValue: p.dim === 5 ? 0.1 : 0.02, decaySteps: p.dim === 5 ? 3000 : 20_000 }), { weightDecay: 1e-4 }),
    tol: TOL_ADAMW,
    quadratic: 1_650,
    rosenbrock: 8_000,
  },
  { name: 'adagrad', make: (p) => adagrad(p.dim === 5 ? 1 : 0.5), quadratic: 770, rosenbrock: 21_500 },
  {
    name: 'rmsprop',
    // Without bias correction RMSProp oscillates at the scale of lr: it needs a decaying rate.
    make: (p) => rmsprop(exponentialDecay({ initValue: p.dim === 5 ? 0.01 : 0.003, decayRate: 0.5, transitionSteps: p.dim === 5 ? 300 : 1000 })),
    quadratic: 4_800,
    rosenbrock: 16_000,
  },
  // Metric: the Hessian of the quadratic (= its Gauss-Newton matrix); Rosenbrock's Gauss-Newton
  // matrix 2 J^T J. With lr = 1 these are Newton / Gauss-Newton steps.
  { name: 'naturalGradient (Cholesky)', make: (p) => naturalGradient({ lr: 1, fisher: p.metric }), quadratic: 1, rosenbrock: 3 },
  { name: 'naturalGradient (CG)', make: (p) => naturalGradient({ lr: 1, fisherVectorProduct: fvp(p), solver: 'cg' }), quadratic: 1, rosenbrock: 3 },
  { name: 'diagonalFisherNG', make: (p) => diagonalFisherNG({ lr: 0.5, diagFisher: (x) => diagonal(p.metric(x), p.dim) }), quadratic: 790, rosenbrock: 26_000 },
  {
    name: 'empiricalFisherNG',
    // The empirical Fisher scales like the squared residuals: far from the fit the steps are
    // short (a known pathology), and on Rosenbrock (a zero-residual problem) it vanishes at the
    // minimum, where damping turns the method into gradient descent with step lr / damping.
    make: (p) =>
      p.dim === 5
        ? empiricalFisherNG({ lr: exponentialDecay({ initValue: 0.5, decayRate: 0.5, transitionSteps: 200, endValue: 0.02 }), perExampleGrads: p.perExampleGrads })
        : empiricalFisherNG({ lr: 0.01, damping: 10, perExampleGrads: p.perExampleGrads }),
    quadratic: 9_700,
    rosenbrock: 44_000,
  },
  {
    name: 'mirrorDescent (quadratic mirror, diagonal of the metric at x*)',
    make: (p) => mirrorDescent({ lr: p.dim === 5 ? 0.8 : 1, mirror: quadraticMirror(diagonalMatrix(p.metric(p.xStar), p.dim), p.dim) }),
    quadratic: 490,
    rosenbrock: 13_800,
  },
];

function diagonalMatrix(m: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) d[i * n + i] = m[i * n + i];
  return d;
}

describe('every named optimiser converges on an ill-conditioned quadratic (d = 5, condition 100)', () => {
  const p = leastSquares();
  for (const c of cases) {
    it(`${c.name}: |x - x*| <= ${c.tol ?? TOL} within ${c.quadratic} steps`, () => {
      const res = minimise(c.make(p), p, c.quadratic, c.tol ?? TOL);
      expect(res.error).toBeLessThanOrEqual(c.tol ?? TOL);
    });
  }

  it('the quadratic is what it claims: Hessian eigenvalues 1 .. 100 and a zero gradient at x*', () => {
    const g = p.grad(p.xStar);
    for (const gi of g) expect(Math.abs(gi)).toBeLessThanOrEqual(1e-13);
    const h = p.metric(p.xStar);
    // Rayleigh quotients along the Hessian's own extreme directions are tested in linalg; here a
    // cheap necessary check: the trace is the sum of the designed eigenvalues.
    let trace = 0;
    for (let i = 0; i < 5; i++) trace += h[i * 6];
    const designed = [0, 1, 2, 3, 4].reduce((s, k) => s + Math.pow(100, k / 4), 0);
    expect(Math.abs(trace - designed)).toBeLessThanOrEqual(1e-12 * designed);
  });
});

describe('every named optimiser converges on the 2-D Rosenbrock function', () => {
  const p = rosenbrock();
  for (const c of cases) {
    it(`${c.name}: |x - (1, 1)| <= ${c.tol ?? TOL} within ${c.rosenbrock} steps`, () => {
      const res = minimise(c.make(p), p, c.rosenbrock, c.tol ?? TOL);
      expect(res.error).toBeLessThanOrEqual(c.tol ?? TOL);
    });
  }
});

describe('named optimisers are their chains', () => {
  it('documented examples', () => {
    const x = Float64Array.of(0);
    const m = momentum(0.1, 0.5);
    const [s1, st] = m.update(Float64Array.of(1), m.init(x), x);
    expect(s1[0]).toBe(-0.1);
    expect(m.update(Float64Array.of(1), st, x)[0][0]).toBeCloseTo(-0.15, 15);
    const w = adamw(0.1, { weightDecay: 0.5 });
    const x2 = Float64Array.of(2);
    expect(Math.abs(w.update(Float64Array.of(1), w.init(x2), x2)[0][0] + 0.2)).toBeLessThanOrEqual(1e-8);
    const g = adagrad(1, { initialAccumulatorValue: 0, eps: 0 });
    expect(g.update(Float64Array.of(3), g.init(x), x)[0][0]).toBe(-1);
  });
});
