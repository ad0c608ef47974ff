/**
 * The empirical Fisher and Adam's second moment are not the Fisher (Kunstner, Hennig and Balles
 * 2019, "Limitations of the empirical Fisher approximation for natural gradient descent").
 *
 * Setting: linear regression with the unit-variance Gaussian model y ~ N(x . w, 1) on data whose
 * noise is heteroscedastic (sd 0.25 + 1.5 |x_1|). The Fisher is F = X^T X / n, the same at every
 * w; the gradient is g(w) = F (w - w*), so the natural-gradient direction F^{-1} g = w - w*
 * points straight at the least-squares solution w*. The empirical Fisher
 * EF(w) = (1/n) sum_i r_i(w)^2 x_i x_i^T depends on the residuals r_i(w) = y_i - x_i . w.
 */
import { describe, expect, it } from 'vitest';
import { optimize } from './runner.js';
import { misspecifiedRegression } from './problems/regression.js';
import type { Problem } from './problems/problem.js';
import { naturalGradient } from './naturalGradient.js';
import { empiricalFisherNG } from './empiricalFisherNG.js';
import { scaleByAdam, type AdamState } from './scaleByAdam.js';
import { gram, solveSPD } from '../linalg/index.js';
import { rng } from '../random/rng.js';
import { maxAbsDiff, norm } from './flow.testutil.js';

/** Angle between two 2-D directions, in degrees, ignoring orientation (0..90). */
function lineAngle(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const t = angle(a, b);
  return Math.min(t, 180 - t);
}

/** Angle between two 2-D vectors, in degrees (0..180). */
function angle(a: ArrayLike<number>, b: ArrayLike<number>): number {
  // atan2 of |cross| and dot stays accurate for nearly parallel vectors (acos does not).
  return (Math.atan2(Math.abs(a[0] * b[1] - a[1] * b[0]), a[0] * b[0] + a[1] * b[1]) * 180) / Math.PI;
}

function empiricalFisher(pr: Problem, w: Float64Array): Float64Array {
  const g = pr.perExampleGrads!(w);
  const flat = new Float64Array(g.length * pr.dim);
  g.forEach((row, i) => flat.set(row, i * pr.dim));
  return gram(new Float64Array(pr.dim * pr.dim), flat, g.length, pr.dim, 1 / g.length);
}

/** Eigenvalues (ascending) and eigenvectors of the 2 x 2 matrix A^{-1} B, A and B SPD. */
function generalizedEig2(a: Float64Array, b: Float64Array): { values: [number, number]; vectors: [number[], number[]] } {
  const det = a[0] * a[3] - a[1] * a[2];
  const m = [(a[3] * b[0] - a[1] * b[2]) / det, (a[3] * b[1] - a[1] * b[3]) / det, (a[0] * b[2] - a[2] * b[0]) / det, (a[0] * b[3] - a[2] * b[1]) / det];
  const tr = m[0] + m[3];
  const dt = m[0] * m[3] - m[1] * m[2];
  const disc = Math.sqrt(tr * tr - 4 * dt);
  const values: [number, number] = [(tr - disc) / 2, (tr + disc) / 2];
  const vectors = values.map((l) => (Math.abs(m[1]) > Math.abs(m[2]) ? [m[1], l - m[0]] : [l - m[3], m[2]])) as [number[], number[]];
  return { values, vectors };
}

const hetero = misspecifiedRegression({ noise: 'heteroscedastic', n: 500, seed: 1 });
const wStar = hetero.minimum!.source;

describe('empirical-Fisher natural gradient on a misspecified regression (Kunstner et al. 2019)', () => {
  it('at the optimum the empirical Fisher is not a multiple of the Fisher under heteroscedastic noise (it is close to F when the model is right)', () => {
    const h = generalizedEig2(hetero.fisher(wStar), empiricalFisher(hetero, wStar)).values;
    // Eigenvalues of F^{-1} EF*: measured 2.58 and 7.27, so EF* = c F for no c.
    expect(h[1] / h[0]).toBeGreaterThan(2);
    const wellSpecified = misspecifiedRegression({ noise: 'gaussian', n: 500, seed: 1 });
    const g = generalizedEig2(wellSpecified.fisher(wellSpecified.minimum!.source), empiricalFisher(wellSpecified, wellSpecified.minimum!.source)).values;
    // Measured 0.85 and 0.95: equal to F up to the sampling error of 500 observations.
    expect(Math.abs(g[0] - 1)).toBeLessThan(0.2);
    expect(Math.abs(g[1] - 1)).toBeLessThan(0.2);
  });

  it('far from the optimum the empirical-Fisher step shrinks like 1/distance, where the natural-gradient step grows like distance', () => {
    const u = [0.6, 0.8];
    const steps = [1, 10, 100].map((rho) => {
      const w = Float64Array.of(wStar[0] + rho * u[0], wStar[1] + rho * u[1]);
      const g = hetero.grad(w);
      return {
        ef: norm(solveSPD(new Float64Array(2), empiricalFisher(hetero, w), g, 2)!),
        ng: norm(solveSPD(new Float64Array(2), hetero.fisher(w), g, 2)!),
      };
    });
    expect(Math.abs(steps[2].ng / steps[1].ng - 10)).toBeLessThan(1e-9); // NG direction = w - w*
    expect(steps[2].ef / steps[1].ef).toBeGreaterThan(0.08); // measured 0.1016
    expect(steps[2].ef / steps[1].ef).toBeLessThan(0.12);
    expect(steps[1].ef).toBeLessThan(0.05); // 0.023 at distance 10: the step does not scale with the distance to cover
  });

  it('the empirical-Fisher direction does not point at the optimum; the natural-gradient direction does, exactly', () => {
    let worstEf = 0;
    let worstNg = 0;
    for (let j = 0; j < 16; j++) {
      const u = [Math.cos((2 * Math.PI * j) / 16), Math.sin((2 * Math.PI * j) / 16)];
      const w = Float64Array.of(wStar[0] + 2 * u[0], wStar[1] + 2 * u[1]);
      const g = hetero.grad(w);
      worstEf = Math.max(worstEf, angle(solveSPD(new Float64Array(2), empiricalFisher(hetero, w), g, 2)!, u));
      worstNg = Math.max(worstNg, angle(solveSPD(new Float64Array(2), hetero.fisher(w), g, 2)!, u));
    }
    expect(worstNg).toBeLessThan(1e-12);
    expect(worstEf).toBeGreaterThan(15); // measured 19.2 degrees on the circle of radius 2
  });

  it('natural gradient goes straight to w* (in one step with lr = 1); empirical-Fisher NG converges along a different direction', () => {
    const one = optimize({ problem: hetero, optimizer: (cp) => naturalGradient({ lr: 1, fisher: cp.fisher }), steps: 1 });
    expect(maxAbsDiff(one.finalSource, wStar)).toBeLessThan(1e-14);
    const efOne = optimize({ problem: hetero, optimizer: (cp) => empiricalFisherNG({ lr: 1, perExampleGrads: cp.perExampleGrads! }), steps: 1 });
    expect(efOne.gaps![1]).toBeGreaterThan(0.5 * efOne.gaps![0]);

    // Near w*, EF(w) ~ EF*, and the error of EF-NG evolves as e <- (I - lr EF*^{-1} F) e: it
    // lines up with the eigenvector of EF*^{-1} F of smallest eigenvalue (the slowest mode).
    const F = hetero.fisher(wStar);
    const eig = generalizedEig2(empiricalFisher(hetero, wStar), F);
    const slow = eig.vectors[0];
    const fast = eig.vectors[1];
    const start = Float64Array.of(wStar[0] + 0.1 * (fast[0] / norm(fast) + slow[0] / norm(slow)), wStar[1] + 0.1 * (fast[1] / norm(fast) + slow[1] / norm(slow)));
    const e0 = [start[0] - wStar[0], start[1] - wStar[1]];
    const ng = optimize({ problem: hetero, init: start, optimizer: (cp) => naturalGradient({ lr: 0.5, fisher: cp.fisher }), steps: 20 });
    const ef = optimize({ problem: hetero, init: start, optimizer: (cp) => empiricalFisherNG({ lr: 0.5, perExampleGrads: cp.perExampleGrads! }), steps: 60 });
    const ng10 = ng.sources[10];
    const eNg = [ng10[0] - wStar[0], ng10[1] - wStar[1]];
    const eEf = [ef.finalSource[0] - wStar[0], ef.finalSource[1] - wStar[1]];
    expect(lineAngle(eNg, e0)).toBeLessThan(1e-7); // a straight line: e_k = (1 - lr)^k e_0
    expect(lineAngle(eEf, e0)).toBeGreaterThan(20);
    expect(lineAngle(eEf, slow)).toBeLessThan(2);
    expect(ef.gaps!.at(-1)!).toBeGreaterThan(1e6 * ng.gaps!.at(-1)!);
  });
});

/**
 * Adam's second-moment average nu (whose square root divides the step) estimates E[g_i^2], the
 * diagonal of the EMPIRICAL Fisher of the per-example gradients it is fed. It coincides with the
 * diagonal of the Fisher when the per-example gradients are scores at the true parameters of a
 * well-specified model (then E[g g^T] = F): in that case Adam preconditions by diag(F)^{1/2}.
 * Under misspecification, away from the true parameters, or with full-batch gradients it does not.
 */
describe("Adam's preconditioner and the diagonal Fisher", () => {
  /** Adam's bias-corrected nu after feeding `count` per-example gradients drawn uniformly at w. */
  function adamNu(pr: Problem, w: Float64Array, count: number, seed: number): Float64Array {
    const t = scaleByAdam({ b2: 0.9995 });
    let state: AdamState = t.init(w);
    const grads = pr.perExampleGrads!(w);
    const r = rng(seed);
    for (let k = 0; k < count; k++) state = t.update(grads[r.nextInt(grads.length)], state, w)[1];
    return state.nu.map((v) => v / (1 - 0.9995 ** state.count));
  }
  const diagF = (pr: Problem, w: Float64Array) => Float64Array.of(pr.fisher(w)[0], pr.fisher(w)[3]);

  it('coincide: well-specified model at the true parameters, per-example gradients: nu = diag F (to sampling error)', () => {
    const pr = misspecifiedRegression({ noise: 'gaussian', n: 4000, seed: 2 });
    const w = Float64Array.of(1, -1); // the true weights
    const nu = adamNu(pr, w, 20000, 1);
    const d = diagF(pr, w);
    for (let i = 0; i < 2; i++) expect(Math.abs(nu[i] / d[i] - 1)).toBeLessThan(0.15);
    // Adam divides by sqrt(nu) = diag(F)^{1/2}: the square root of the diagonal natural-gradient preconditioner.
  });

  it('differ: heteroscedastic noise inflates nu unevenly across coordinates', () => {
    const nu = adamNu(hetero, wStar, 20000, 1);
    const d = diagF(hetero, wStar);
    const ratios = [nu[0] / d[0], nu[1] / d[1]];
    expect(Math.min(...ratios)).toBeGreaterThan(2.5);
    expect(Math.max(...ratios) / Math.min(...ratios)).toBeGreaterThan(1.3);
  });

  it('differ: away from the true parameters nu tracks the squared gradient, not the Fisher', () => {
    const pr = misspecifiedRegression({ noise: 'gaussian', n: 4000, seed: 2 });
    const w = Float64Array.of(4, 1);
    const nu = adamNu(pr, w, 20000, 1);
    const d = diagF(pr, w);
    for (let i = 0; i < 2; i++) expect(nu[i] / d[i]).toBeGreaterThan(5);
  });

  it('differ: with full-batch gradients nu -> 0 at the optimum, while the diagonal Fisher does not change', () => {
    const t = scaleByAdam();
    let state: AdamState = t.init(wStar);
    for (let k = 0; k < 100; k++) state = t.update(hetero.grad(wStar), state, wStar)[1];
    const nu = state.nu.map((v) => v / (1 - 0.999 ** state.count));
    const d = diagF(hetero, wStar);
    for (let i = 0; i < 2; i++) expect(nu[i] / d[i]).toBeLessThan(1e-20);
  });
});
