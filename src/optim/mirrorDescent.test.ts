import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { entropyMirror, logPartitionMirror, mirrorDescent } from './mirrorDescent.js';
import { naturalGradient } from './naturalGradient.js';
import { applyUpdate } from './transform.js';
import { bernoulli, bernoulliFamily } from '../families/bernoulli.js';
import { normal, normalFamily } from '../families/normal.js';
import { poisson, poissonFamily } from '../families/poisson.js';
import { categorical } from '../families/categorical.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { fisherExpectation, fisherNatural } from '../families/derive.js';
import type { ExponentialFamily } from '../families/family.js';
import { InfogeoError } from '../errors.js';

/**
 * Mirror descent with mirror map F and natural gradient in eta compute the same eta_next by two
 * routes (eta - lr g_theta directly; eta - lr G_eta^{-1} (G_eta g_theta) through a Cholesky
 * solve). They differ by the solve's rounding, about cond(G_eta) eps, far below EXACT_TOL.
 */
const EXACT_TOL = 1e-12;

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

function matvec(m: Float64Array, v: Float64Array): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += m[i * n + j] * v[j];
  return out;
}

interface Setting {
  name: string;
  f: ExponentialFamily<any>;
  theta: Float64Array;
  target: Float64Array;
  lr: number;
}

const settings: Setting[] = [
  { name: 'bernoulli', f: bernoulliFamily, theta: bernoulli(0.3).theta, target: bernoulli(0.8).theta, lr: 0.5 },
  { name: 'normal', f: normalFamily, theta: normal(1, 2).theta, target: normal(-0.5, 0.7).theta, lr: 0.3 },
  { name: 'poisson', f: poissonFamily, theta: poisson(4).theta, target: poisson(1.5).theta, lr: 0.5 },
  { name: 'categorical (k = 4)', f: categorical([0.1, 0.2, 0.3, 0.4]).family, theta: categorical([0.1, 0.2, 0.3, 0.4]).theta, target: categorical([0.25, 0.25, 0.4, 0.1]).theta, lr: 0.6 },
  { name: 'gamma', f: gammaFamily, theta: gamma(2, 3).theta, target: gamma(3, 2).theta, lr: 0.2 },
];

/**
 * L(theta) = KL(target || p_theta) = F(theta) - F(theta_t) - <theta - theta_t, eta_t>:
 * grad_theta L = eta(theta) - eta_t; and since d theta / d eta = G_eta = (Hess F)^{-1},
 * grad_eta L = G_eta (eta - eta_t).
 */
function gradients(s: Setting, theta: Float64Array) {
  const n = s.f.dim;
  const eta = s.f.gradLogPartition(theta, new Float64Array(n));
  const etaT = s.f.gradLogPartition(s.target, new Float64Array(n));
  const gTheta = eta.map((e, i) => e - etaT[i]);
  const gEta = matvec(fisherExpectation(s.f, theta), gTheta);
  return { eta, etaT, gTheta, gEta };
}

describe('mirror descent with mirror map F is natural gradient descent in expectation coordinates', () => {
  for (const s of settings) {
    it(`${s.name}: theta_MD = theta(eta - lr G_eta^{-1} grad_eta L) to ${EXACT_TOL}`, () => {
      const md = mirrorDescent({ lr: s.lr, mirror: logPartitionMirror(s.f) });
      const [step] = md.update(gradients(s, s.theta).gTheta, md.init(s.theta), s.theta);
      const thetaMD = applyUpdate(s.theta, step);

      // The natural-gradient step in eta coordinates: params eta, Fisher G_eta, gradient grad_eta L.
      const { eta, gEta } = gradients(s, s.theta);
      const ng = naturalGradient({ lr: s.lr, fisher: (e) => fisherExpectation(s.f, s.f.thetaFromEta(e, new Float64Array(s.f.dim))) });
      const [etaStep] = ng.update(gEta, ng.init(eta), eta);
      const thetaNG = s.f.thetaFromEta(applyUpdate(eta, etaStep), new Float64Array(s.f.dim));
      expect(relErr(thetaMD, thetaNG)).toBeLessThanOrEqual(EXACT_TOL);
    });

    it(`${s.name}: a natural-gradient step in theta (Fisher = Hess F) is theta - lr grad_eta L, to ${EXACT_TOL}`, () => {
      const { gTheta, gEta } = gradients(s, s.theta);
      const ng = naturalGradient({ lr: s.lr, fisher: (t) => fisherNatural(s.f, t) });
      const [step] = ng.update(gTheta, ng.init(s.theta), s.theta);
      expect(relErr(step, gEta.map((g) => -s.lr * g))).toBeLessThanOrEqual(EXACT_TOL);
    });
  }

  it('under L = KL(target || p) the mirror iterates contract exactly in eta: eta_k - eta_t = (1 - lr)^k (eta_0 - eta_t)', () => {
    for (const s of settings) {
      const md = mirrorDescent({ lr: s.lr, mirror: logPartitionMirror(s.f) });
      let theta: Float64Array = Float64Array.from(s.theta);
      let state = md.init(theta);
      const { eta: eta0, etaT } = gradients(s, theta);
      for (let k = 1; k <= 10; k++) {
        const [u, next] = md.update(gradients(s, theta).gTheta, state, theta);
        theta = applyUpdate(theta, u);
        state = next;
        const eta = gradients(s, theta).eta;
        const predicted = eta0.map((e, i) => etaT[i] + (1 - s.lr) ** k * (e - etaT[i]));
        // Rounding accumulates through theta -> eta -> theta once per step.
        expect(relErr(eta, predicted)).toBeLessThanOrEqual(1e-12 * k);
      }
    }
  });
});

describe('plain gradient descent in eta is not the natural gradient in theta', () => {
  /**
   * Both move by the same vector v = lr grad_eta L, one in eta and one in theta. Mapped to theta,
   * the eta step is G_eta v to first order, so the steps differ by (G_eta - I) v: relative size
   * |G_eta v - v| / |v|, which vanishes only where G_eta = I. Measured with lr small enough that
   * the second-order term is negligible (it is O(lr), so agreement to 1e-4 relative).
   */
  for (const s of settings) {
    it(`${s.name}: the steps differ by the predicted (G_eta - I) v`, () => {
      const lr = 1e-6;
      const { eta, gEta } = gradients(s, s.theta);
      const n = s.f.dim;
      const thetaGD = s.f.thetaFromEta(eta.map((e, i) => e - lr * gEta[i]), new Float64Array(n));
      const thetaNG = s.theta.map((t, i) => t - lr * gEta[i]);
      const measured = Math.sqrt(thetaGD.reduce((acc, t, i) => acc + (t - thetaNG[i]) ** 2, 0)) / Math.sqrt(gEta.reduce((a, g) => a + (lr * g) ** 2, 0));
      const gv = matvec(fisherExpectation(s.f, s.theta), gEta);
      const predicted = Math.sqrt(gv.reduce((acc, g, i) => acc + (g - gEta[i]) ** 2, 0)) / Math.sqrt(gEta.reduce((a, g) => a + g * g, 0));
      expect(Math.abs(measured / predicted - 1)).toBeLessThanOrEqual(1e-4);
      // Not a rounding effect: the two steps differ by a large fraction of their length.
      expect(measured).toBeGreaterThan(0.1);
    });
  }
});

describe('entropyMirror: exponentiated gradient on the simplex', () => {
  it('matches x_i e^{-lr g_i} / Z and stays on the simplex (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.double({ min: 1e-3, max: 3, noNaN: true }),
        (w, gs, lr) => {
          const total = w.reduce((a, b) => a + b, 0);
          const x = Float64Array.from(w, (v) => v / total);
          const g = Float64Array.from(gs.slice(0, x.length));
          const md = mirrorDescent({ lr, mirror: entropyMirror() });
          const next = applyUpdate(x, md.update(g, md.init(x), x)[0]);
          const weights = Array.from(x, (xi, i) => xi * Math.exp(-lr * g[i]));
          const z = weights.reduce((a, b) => a + b, 0);
          expect(relErr(next, weights.map((v) => v / z))).toBeLessThanOrEqual(1e-14);
          expect(Math.abs(next.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-14);
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('minimises a linear loss on the simplex: the mass moves to the smallest cost', () => {
    const md = mirrorDescent({ lr: 0.5, mirror: entropyMirror() });
    let x: Float64Array = Float64Array.of(0.25, 0.25, 0.25, 0.25);
    let s = md.init(x);
    const c = Float64Array.of(3, 1, 2, 4);
    for (let t = 0; t < 100; t++) {
      const [u, next] = md.update(c, s, x);
      x = applyUpdate(x, u);
      s = next;
    }
    // After T steps x_i is proportional to e^{-lr T c_i}: x_1 / x_2 = e^{-50}.
    expect(Math.abs(x[1] - 1)).toBeLessThanOrEqual(1e-14 + 3 * Math.exp(-50));
    expect(Math.abs(x[0] / x[1] - Math.exp(-100)) / Math.exp(-100)).toBeLessThanOrEqual(1e-10);
  });
});

describe('mirrorDescent: steps that leave the domain, and bad input', () => {
  // Bernoulli, mirror F: eta = p, and eta - lr (p - p_t) leaves (0, 1) when lr is large.
  const f = bernoulliFamily;
  const theta = bernoulli(0.5).theta;
  const pT = 0.9;
  const g = Float64Array.of(0.5 - pT);

  it('throws when the dual step leaves the expectation space (lr = 3: p -> 1.7)', () => {
    const md = mirrorDescent({ lr: 3, mirror: logPartitionMirror(f) });
    expect(() => md.update(g, md.init(theta), theta)).toThrow(/leaves the parameter domain/);
    expect(() => md.update(g, md.init(theta), theta)).toThrow(InfogeoError);
  });

  it('with backtracking, halves lr in the dual until the point is valid (3 -> 0.75: p -> 0.8)', () => {
    const md = mirrorDescent({ lr: 3, mirror: logPartitionMirror(f), backtrack: true });
    const [u] = md.update(g, md.init(theta), theta);
    const exact = mirrorDescent({ lr: 0.75, mirror: logPartitionMirror(f) });
    const [v] = exact.update(g, exact.init(theta), theta);
    expect(u[0]).toBe(v[0]);
    expect(Math.abs(1 / (1 + Math.exp(-(theta[0] + u[0]))) - 0.8)).toBeLessThanOrEqual(1e-15);
  });

  it('rejects a non-finite gradient, a start outside the domain and malformed options', () => {
    const md = mirrorDescent({ lr: 0.1, mirror: logPartitionMirror(normalFamily) });
    const t = normal(0, 1).theta;
    expect(() => md.update(Float64Array.of(NaN, 0), md.init(t), t)).toThrow(/grad\[0\]/);
    expect(() => md.update(Float64Array.of(0, 0), md.init(t), Float64Array.of(0, 1))).toThrow(/params/);
    expect(() => md.update(Float64Array.of(0), md.init(t), t)).toThrow(/grad/);
    expect(() => mirrorDescent({ lr: 0, mirror: entropyMirror() })).toThrow(/lr/);
    expect(() => mirrorDescent({ lr: 0.1, mirror: { grad: (x: Float64Array) => x } as never })).toThrow(/inverseGrad/);
    expect(() => logPartitionMirror({} as never)).toThrow(/family/);
    const simplex = mirrorDescent({ lr: 0.1, mirror: entropyMirror() });
    const x = Float64Array.of(0, 1);
    expect(() => simplex.update(Float64Array.of(1, 1), simplex.init(x), x)).toThrow(/params/);
  });
});
