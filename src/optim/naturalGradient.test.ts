import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { naturalGradient } from './naturalGradient.js';
import { scaleByFisherInverse } from './scaleByFisherInverse.js';
import { chain, scale, applyUpdate } from './transform.js';
import { normal, normalFamily } from '../families/normal.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { categorical } from '../families/categorical.js';
import { fisherNatural, fisherSource, klNatural } from '../families/derive.js';
import type { ExponentialFamily } from '../families/family.js';
import { InfogeoError } from '../errors.js';

/** Relative agreement of two floating-point solves of the same small SPD system. */
const SOLVE_TOL = 1e-12;
/**
 * KL of a trust-region step against delta. KL = (1/2) s^T F s + O(|s|^3) and |s| ~ sqrt(delta), so
 * |KL / delta - 1| <= C sqrt(delta); C = 2 covers every case below (measured 0.9 .. 1.6).
 * That is within KL_TRUST_TOL = 10 % for delta <= 1e-3 everywhere, and at delta = 1e-2 for the
 * normal family in natural coordinates (9.3 %; 12 % in (mu, sigma), 16 % for the gamma).
 */
const KL_TRUST_TOL = 0.1;
const KL_TRUST_C = 2;

const vec = (...v: number[]) => Float64Array.from(v);

function relErr(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * The loss L = KL(target || p) of a family in natural coordinates: grad_theta L = eta - eta_target,
 * and in source coordinates J^T (eta - eta_target) with J = d theta / d source.
 */
function klLoss(f: ExponentialFamily<any>, thetaTarget: Float64Array) {
  const n = f.dim;
  const etaT = f.gradLogPartition(thetaTarget, new Float64Array(n));
  const gradTheta = (theta: Float64Array) => {
    const eta = f.gradLogPartition(theta, new Float64Array(n));
    for (let i = 0; i < n; i++) eta[i] -= etaT[i];
    return eta;
  };
  const gradSource = (src: Float64Array) => {
    const g = gradTheta(f.thetaFromSource(src, new Float64Array(n)));
    const j = f.sourceJacobian(src, new Float64Array(n * n));
    const out = new Float64Array(n);
    for (let c = 0; c < n; c++) for (let r = 0; r < n; r++) out[c] += j[r * n + c] * g[r];
    return out;
  };
  return { gradTheta, gradSource };
}

describe('naturalGradient', () => {
  it('is chain(scaleByFisherInverse, scale(-lr)): the same steps, bit for bit', () => {
    const fisher = (x: Float64Array) => vec(2 + x[0] * x[0], 0.3, 0.3, 1);
    const a = naturalGradient({ lr: 0.3, fisher });
    const b = chain(scaleByFisherInverse({ fisher }), scale(-0.3));
    let x: Float64Array = vec(0.2, -1);
    let sa = a.init(x);
    let sb = b.init(x);
    for (let k = 0; k < 5; k++) {
      const g = vec(Math.sin(k), Math.cos(k));
      const [ua, na] = a.update(g, sa, x);
      const [ub, nb] = b.update(g, sb, x);
      expect(Array.from(ua)).toEqual(Array.from(ub));
      x = applyUpdate(x, ua);
      sa = na;
      sb = nb;
    }
  });

  it('the step is -lr (F + lambda I)^{-1} g (2 x 2, by Cramer)', () => {
    const f = vec(4, 1, 1, 3);
    const lambda = 0.5;
    const g = vec(1, 2);
    const opt = naturalGradient({ lr: 0.1, fisher: () => f, damping: lambda });
    const [u] = opt.update(g, opt.init(vec(0, 0)), vec(0, 0));
    const a = 4.5, b = 1, d = 3.5, det = a * d - b * b;
    const expected = vec((-0.1 * (d * 1 - b * 2)) / det, (-0.1 * (a * 2 - b * 1)) / det);
    expect(relErr(u, expected)).toBeLessThanOrEqual(SOLVE_TOL);
  });

  it('matrix-free CG on Fisher-vector products agrees with the Cholesky solve', () => {
    // A 6 x 6 SPD Fisher with condition about 50.
    const n = 6;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = (i === j ? 1 + 8 * i : 0) + 1 / (1 + i + j);
    const g = vec(1, -2, 0.5, 3, -1, 0.25);
    const x = new Float64Array(n);
    const exact = naturalGradient({ lr: 1, fisher: () => m });
    const cg = naturalGradient({
      lr: 1,
      solver: 'cg',
      fisherVectorProduct: (_p, v) => {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += m[i * n + j] * v[j];
        return out;
      },
      cg: { tol: 1e-13 },
    });
    const [ue] = exact.update(g, exact.init(x), x);
    const [uc, sc] = cg.update(g, cg.init(x), x);
    // CG's stopping rule bounds the relative error by cond(F) tol = 5e-12.
    expect(relErr(uc, ue)).toBeLessThanOrEqual(1e-10);
    const cgState = (sc as unknown[])[0] as { cgIterations: number; cgRelativeResidual: number };
    expect(cgState.cgIterations).toBeLessThanOrEqual(n + 2);
    expect(cgState.cgRelativeResidual).toBeLessThanOrEqual(1e-13);
    // The 'cg' solver also runs on the matrix when only `fisher` is given.
    const cgOnMatrix = naturalGradient({ lr: 1, fisher: () => m, solver: 'cg', cg: { tol: 1e-13 } });
    expect(relErr(cgOnMatrix.update(g, cgOnMatrix.init(x), x)[0], ue)).toBeLessThanOrEqual(1e-10);
  });

  describe('Fisher as the Hessian of KL: a trust-region step moves the distribution by KL = delta', () => {
    const deltas = [1e-2, 1e-3, 1e-4];
    const cases: { name: string; f: ExponentialFamily<any>; start: Float64Array; target: Float64Array; coords: 'natural' | 'source'; damping?: number; strict?: boolean }[] = [
      { name: 'normal, natural coordinates', f: normalFamily, start: normal(1, 2).theta, target: normal(0, 1).theta, coords: 'natural', strict: true },
      { name: 'normal, source coordinates (mu, sigma)', f: normalFamily, start: normal(1, 2).source, target: normal(0, 1).theta, coords: 'source' },
      { name: 'gamma, source coordinates (shape, rate)', f: gammaFamily, start: gamma(2, 3).source, target: gamma(5, 1).theta, coords: 'source' },
      { name: 'categorical (k = 4), natural coordinates', f: categorical([0.1, 0.2, 0.3, 0.4]).family, start: categorical([0.1, 0.2, 0.3, 0.4]).theta, target: categorical([0.4, 0.3, 0.2, 0.1]).theta, coords: 'natural' },
      // Damping lambda = 1e-9 changes the quadratic form by a relative 1e-9: still KL = delta.
      { name: 'normal, natural coordinates, damped', f: normalFamily, start: normal(1, 2).theta, target: normal(0, 1).theta, coords: 'natural', damping: 1e-9 },
    ];
    for (const c of cases) {
      it(`${c.name}: |KL(p_old || p_new) / delta - 1| <= ${KL_TRUST_C} sqrt(delta)${c.strict ? ` and <= ${KL_TRUST_TOL}` : ''}`, () => {
        const loss = klLoss(c.f, c.target);
        const grad = c.coords === 'natural' ? loss.gradTheta : loss.gradSource;
        const fisher = c.coords === 'natural' ? (t: Float64Array) => fisherNatural(c.f, t) : (s: Float64Array) => fisherSource(c.f, s);
        const toTheta = (x: Float64Array) => (c.coords === 'natural' ? x : c.f.thetaFromSource(x, new Float64Array(c.f.dim)));
        const errors: number[] = [];
        for (const delta of deltas) {
          const opt = naturalGradient({ fisher, damping: c.damping ?? 0, trustRegion: { kl: delta } });
          const [u] = opt.update(grad(c.start), opt.init(c.start), c.start);
          const moved = klNatural(c.f, toTheta(c.start), toTheta(applyUpdate(c.start, u)));
          errors.push(Math.abs(moved / delta - 1));
        }
        errors.forEach((e, i) => {
          expect(e).toBeLessThanOrEqual(KL_TRUST_C * Math.sqrt(deltas[i]));
          if (deltas[i] <= 1e-3 || c.strict) expect(e).toBeLessThanOrEqual(KL_TRUST_TOL);
        });
        // The remainder is O(sqrt(delta)): a factor 100 in delta shrinks it about 10x.
        expect(errors[2]).toBeLessThan(errors[0] / 5);
      });
    }

    it('without a trust region, lr = sqrt(2 delta / g^T F^{-1} g) gives the same step', () => {
      const theta = normal(1, 2).theta;
      const g = klLoss(normalFamily, normal(0, 1).theta).gradTheta(theta);
      const f = fisherNatural(normalFamily, theta);
      const tr = naturalGradient({ fisher: () => f, trustRegion: { kl: 1e-3 } });
      const [ut] = tr.update(g, tr.init(theta), theta);
      const d = naturalGradient({ lr: 1, fisher: () => f });
      const [ud] = d.update(g, d.init(theta), theta);
      const quad = -(g[0] * ud[0] + g[1] * ud[1]); // g^T F^{-1} g
      const lr = Math.sqrt(2e-3 / quad);
      expect(relErr(ut, vec(lr * ud[0], lr * ud[1]))).toBeLessThanOrEqual(SOLVE_TOL);
    });

    it('a zero gradient gives a zero step (not 0 / 0)', () => {
      const opt = naturalGradient({ fisher: () => vec(1, 0, 0, 1), trustRegion: { kl: 1e-3 } });
      const [u] = opt.update(vec(0, 0), opt.init(vec(0, 0)), vec(0, 0));
      expect(u[0] === 0 && u[1] === 0).toBe(true);
    });
  });

  describe('bad input is reported with an InfogeoError, never continued with NaN', () => {
    const x = vec(0, 1);
    it('a non-finite gradient', () => {
      const opt = naturalGradient({ lr: 0.1, fisher: () => vec(1, 0, 0, 1) });
      for (const bad of [NaN, Infinity, -Infinity]) {
        expect(() => opt.update(vec(1, bad), opt.init(x), x)).toThrow(InfogeoError);
        expect(() => opt.update(vec(1, bad), opt.init(x), x)).toThrow(/grad\[1\]/);
      }
    });

    it('a singular Fisher without damping names fisher, asks for positive definiteness, suggests damping', () => {
      const singular = () => vec(1, 1, 1, 1);
      const opt = naturalGradient({ lr: 0.1, fisher: singular });
      let err: unknown;
      try {
        opt.update(vec(1, 0), opt.init(x), x);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InfogeoError);
      expect((err as InfogeoError).param).toBe('fisher');
      expect((err as InfogeoError).domain).toMatch(/positive definite/);
      expect((err as InfogeoError).message).toMatch(/damping/);
      // With damping the same Fisher gives a finite step: (F + I)^{-1} (1, 0) = (2, -1) / 3.
      const damped = naturalGradient({ lr: 1, fisher: singular, damping: 1 });
      const [u] = damped.update(vec(1, 0), damped.init(x), x);
      expect(relErr(u, vec(-2 / 3, 1 / 3))).toBeLessThanOrEqual(SOLVE_TOL);
    });

    it('a singular Fisher-vector product without damping (CG breaks down)', () => {
      const opt = naturalGradient({ lr: 0.1, solver: 'cg', fisherVectorProduct: (_p, v) => vec(v[0], 0) });
      expect(() => opt.update(vec(1, 1), opt.init(x), x)).toThrow(/fisher/);
    });

    it('a Fisher that is indefinite, non-finite, asymmetric or of the wrong size', () => {
      const run = (f: Float64Array) => {
        const opt = naturalGradient({ lr: 0.1, fisher: () => f });
        return () => opt.update(vec(1, 1), opt.init(x), x);
      };
      expect(run(vec(1, 0, 0, -1))).toThrow(/positive definite/);
      expect(run(vec(1, NaN, NaN, 1))).toThrow(/fisher\[1\]/);
      expect(run(vec(2, 1, 0, 2))).toThrow(/symmetric/);
      expect(run(vec(1, 0, 0))).toThrow(/4 entries/);
    });

    it('missing or invalid options', () => {
      expect(() => naturalGradient({ fisher: () => vec(1) })).toThrow(/lr/);
      expect(() => naturalGradient({ lr: 0.1 })).toThrow(/fisher/);
      expect(() => naturalGradient({ lr: 0.1, solver: 'cholesky', fisherVectorProduct: (_p, v) => v })).toThrow(/cholesky/);
      expect(() => naturalGradient({ lr: 0.1, fisher: () => vec(1), damping: -1 })).toThrow(/damping/);
      expect(() => naturalGradient({ lr: 0.1, fisher: () => vec(1), trustRegion: { kl: 0 } })).toThrow(/trustRegion.kl/);
      expect(() => naturalGradient({ lr: 0.1, fisher: () => vec(1), backtrack: true })).toThrow(/inDomain/);
    });
  });

  describe('a step that leaves the parameter domain', () => {
    // bernoulli in its probability p: L = KL(bernoulli(0.05) || bernoulli(p)), g = (p - 0.05) / (p (1 - p)),
    // F = 1 / (p (1 - p)), so the natural-gradient step is -lr (p - 0.05). With lr = 1.5 from
    // p = 0.9 it overshoots to p = -0.375.
    const target = 0.05;
    const grad = (x: Float64Array) => vec((x[0] - target) / (x[0] * (1 - x[0])));
    const fisher = (x: Float64Array) => vec(1 / (x[0] * (1 - x[0])));
    const inDomain = (x: Float64Array) => x[0] > 0 && x[0] < 1;
    const start = vec(0.9);

    it('throws without backtracking (the step is reported, not taken)', () => {
      const opt = naturalGradient({ lr: 1.5, fisher, inDomain });
      expect(() => opt.update(grad(start), opt.init(start), start)).toThrow(/leaves the parameter domain/);
      expect(() => opt.update(grad(start), opt.init(start), start)).toThrow(InfogeoError);
    });

    it('with backtracking, halves the step until it stays in the domain', () => {
      const full = naturalGradient({ lr: 1.5, fisher });
      const [uFull] = full.update(grad(start), full.init(start), start);
      expect(start[0] + uFull[0]).toBeLessThanOrEqual(0);
      const opt = naturalGradient({ lr: 1.5, fisher, inDomain, backtrack: true });
      const [u] = opt.update(grad(start), opt.init(start), start);
      expect(u[0]).toBe(uFull[0] / 2);
      expect(inDomain(applyUpdate(start, u))).toBe(true);
    });

    it('with backtracking, a fit runs to the target without leaving the domain', () => {
      const opt = naturalGradient({ lr: 1.5, fisher, inDomain, backtrack: true });
      let x: Float64Array = Float64Array.from(start);
      let s = opt.init(x);
      for (let t = 0; t < 60; t++) {
        const [u, next] = opt.update(grad(x), s, x);
        x = applyUpdate(x, u);
        s = next;
        expect(inDomain(x)).toBe(true);
      }
      expect(Math.abs(x[0] - target)).toBeLessThanOrEqual(1e-15);
    });

    it('gives up after 50 halvings, and refuses a start outside the domain', () => {
      const stuck = naturalGradient({ lr: 1, fisher: () => vec(1, 0, 0, 1), inDomain: (s) => s[1] === 1, backtrack: true });
      const x0 = vec(0, 1);
      expect(() => stuck.update(vec(1, 1), stuck.init(x0), x0)).toThrow(/after 50 halvings/);
      const opt = naturalGradient({ lr: 1, fisher, inDomain, backtrack: true });
      expect(() => opt.update(vec(1), opt.init(vec(-1)), vec(-1))).toThrow(/params/);
    });

    it('property: with backtracking every step is finite and stays in the domain (normal in (mu, sigma))', () => {
      fc.assert(
        fc.property(
          fc.double({ min: -5, max: 5, noNaN: true }),
          fc.double({ min: 1e-3, max: 10, noNaN: true }),
          fc.double({ min: -50, max: 50, noNaN: true }),
          fc.double({ min: -50, max: 50, noNaN: true }),
          fc.double({ min: 1e-3, max: 100, noNaN: true }),
          (mu, sigma, g0, g1, lr) => {
            const x0 = vec(mu, sigma);
            const fisher = (s: Float64Array) => fisherSource(normalFamily, s);
            const inDomain = (s: Float64Array) => s[1] > 0;
            const opt = naturalGradient({ lr, fisher, inDomain, backtrack: true });
            const [u] = opt.update(vec(g0, g1), opt.init(x0), x0);
            expect(Number.isFinite(u[0]) && Number.isFinite(u[1])).toBe(true);
            expect(sigma + u[1]).toBeGreaterThan(0);
          },
        ),
        { seed: 7, numRuns: 100 },
      );
    });
  });
});
