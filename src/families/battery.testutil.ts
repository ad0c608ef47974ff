/**
 * The shared theorem battery run on every exponential family (see STYLE.md, "Tests are theorems").
 *
 * For every case it checks: grad F against central differences; Hess F against differences of
 * grad F and against Cov[T(X)]; theta -> eta -> theta and eta -> theta -> eta; source -> theta ->
 * source and the source Jacobian; KL closed form = Bregman = E_p[log p - log q]; KL(p, p) = 0;
 * Fisher symmetric positive definite in all three coordinate systems; Fisher(source) = Hessian
 * of q -> KL(p || q) at q = p; entropy closed form = generic = -E[log p]; F* closed form =
 * generic; the density is normalised; mean and variance; sampling moments.
 *
 * Expectations are exact sums (scalar discrete), adaptive quadrature (scalar continuous), or
 * seeded Monte Carlo with a standard error (vector families, or supports too wide to sum).
 */
import { describe, expect, it } from 'vitest';
import type { ExponentialFamily, Sample } from './family.js';
import type { Distribution } from './distribution.js';
import {
  dualPotentialGeneric,
  entropyGeneric,
  etaFromTheta,
  fisherExpectation,
  fisherNatural,
  fisherSource,
  klBregman,
  fisherSourcePullback,
  klNatural,
  logDensityGeneric,
  logDensityNatural,
  thetaFromEta,
} from './derive.js';
import { integrate } from '../numeric/quadrature.js';
import { cholesky } from '../linalg/index.js';
import { rng } from '../random/rng.js';

/** Tolerances of the battery; defaults are stated with their reasons below. */
export interface BatteryTolerances {
  /** grad F vs Richardson-extrapolated central differences (truncation O(h^4), rounding eps/h). */
  grad: number;
  /** Hess F vs differences of grad F. */
  hess: number;
  /** Round trips theta -> eta -> theta, eta -> theta -> eta, source -> theta -> source. */
  roundTrip: number;
  /** Source Jacobian vs differences. */
  jacobian: number;
  /** Closed forms (KL, entropy, F*) vs the generic derivation. */
  closedForm: number;
  /** Exact expectations (sums, quadrature) vs closed forms, relative to the terms' magnitude. */
  expectation: number;
  /** Number of standard errors allowed for Monte Carlo comparisons. */
  zScore: number;
  /** Fisher(source) vs the finite-difference Hessian of KL. */
  klHessian: number;
}

const DEFAULT_TOL: BatteryTolerances = {
  grad: 1e-7, // Richardson differences reach ~1e-10 on smooth F; margin for large |F|
  hess: 1e-6, // one differentiation order more than grad
  roundTrip: 1e-10, // inverse maps solved to float64; conditioning of extreme cases costs digits
  jacobian: 1e-6,
  closedForm: 1e-9, // two exact formulas differ only by rounding amplified by cancellation
  expectation: 1e-8, // quadrature/sum at 1e-12 relative, amplified by cancellation of large terms
  zScore: 6, // 6 standard errors: a false alarm about once in 5e8 comparisons
  klHessian: 1e-4, // second differences of KL with h ~ 1e-4 relative
};

/** The support of a scalar family, enabling exact sums or quadrature for expectations. */
export interface SupportSpec {
  kind: 'discrete' | 'continuous';
  lo: number;
  hi: number;
}

export interface BatteryOptions {
  /** The distributions to test: ordinary and extreme parameters. A thunk, so errors show as test failures. */
  cases: () => Distribution<unknown>[];
  /** Scalar families: the support, for exact expectations. Omit for vector families (Monte Carlo). */
  support?: SupportSpec;
  /** Tolerance overrides (say why in a comment at the call site). */
  tol?: Partial<BatteryTolerances>;
  /** Monte Carlo sample size (default 20000). */
  samples?: number;
  /** Skip the sampling-moments check for cases where the variance is astronomically large. */
  skipSampling?: (p: Distribution<unknown>) => boolean;
}

type F = ExponentialFamily<unknown>;

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * A step for a finite difference in coordinate i, starting from `h0`, halved until the point
 * stays valid `margin` steps away on both sides, so the step is small against the distance to
 * the boundary of the domain, where derivatives blow up (truncation ~ (h / distance)^order).
 */
function step(x: Float64Array, i: number, valid: (y: Float64Array) => boolean, h0: number, margin = 100): number {
  let h = h0;
  for (let k = 0; k < 2200; k++) {
    const y = Float64Array.from(x);
    y[i] = x[i] + margin * h;
    const z = Float64Array.from(x);
    z[i] = x[i] - margin * h;
    if (valid(y) && valid(z) && y[i] !== x[i]) return h;
    h /= 2;
  }
  throw new Error(`no valid finite-difference step in coordinate ${i} at ${Array.from(x)}`);
}

const EPS = 2.220446049250313e-16;

/** Infinity norm of a row-major n x n matrix. */
function normInf(a: Float64Array, n: number): number {
  let m = 0;
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let c = 0; c < n; c++) s += Math.abs(a[r * n + c]);
    m = Math.max(m, s);
  }
  return m;
}

/** |J|^T |G| |J|: the scale of the rounding error of the pullback J^T G J. */
function absPullback(g: Float64Array, j: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) s += Math.abs(j[i * n + r] * g[i * n + k] * j[k * n + c]);
      out[r * n + c] = s;
    }
  return out;
}

/** A natural-coordinate step: small against |theta_i| and against the scale |eta_i / H_ii| on which F curves. */
function thetaStep(f: F, theta: Float64Array, i: number): number {
  const eta = etaFromTheta(f, theta);
  const hess = fisherNatural(f, theta);
  let h = theta[i] !== 0 ? Math.abs(theta[i]) : 1;
  const curv = Math.abs(eta[i]) / hess[i * f.dim + i];
  // An eta_i that is rounding noise (e.g. a zero mean computed as 1e-16) gives no scale.
  if (Math.abs(eta[i]) > 1e-8 * maxAbs(eta) && Number.isFinite(curv) && curv > 0) h = Math.min(h, curv);
  return step(theta, i, (y) => f.isNaturalValid(y), 1e-3 * h);
}

/** Richardson-extrapolated central-difference derivative of a vector function along coordinate i. */
function diff(fn: (y: Float64Array) => Float64Array, x: Float64Array, i: number, h: number): Float64Array {
  const at = (d: number): Float64Array => {
    const y = Float64Array.from(x);
    y[i] += d;
    return fn(y);
  };
  const [a1, b1, a2, b2] = [at(h), at(-h), at(2 * h), at(-2 * h)];
  const out = new Float64Array(a1.length);
  for (let k = 0; k < out.length; k++) {
    const d1 = (a1[k] - b1[k]) / (2 * h);
    const d2 = (a2[k] - b2[k]) / (4 * h);
    out[k] = (4 * d1 - d2) / 3;
  }
  return out;
}

interface Expectation {
  value: Float64Array;
  se: Float64Array;
  exact: boolean;
}

/** E_p[g(X)] for a vector-valued g: exact sum, quadrature, or seeded Monte Carlo. */
function expectation(p: Distribution<unknown>, g: (x: Sample) => ArrayLike<number>, m: number, support: SupportSpec | undefined, samples: number): Expectation {
  const f = p.family as F;
  if (support && f.sampleDim === 0) {
    const mean = f.mean(p.theta) as number;
    const sd = Math.sqrt(f.variance(p.theta) as number);
    if (support.kind === 'discrete') {
      const lo = Math.max(support.lo, Math.floor(mean - 60 * sd - 10));
      const hi = Math.min(support.hi, Math.ceil(mean + 60 * sd + 10));
      if (hi - lo <= 200000) {
        const value = new Float64Array(m);
        for (let x = lo; x <= hi; x++) {
          const w = Math.exp(logDensityNatural(f, p.theta, x));
          if (w === 0) continue;
          const gx = g(x);
          for (let k = 0; k < m; k++) value[k] += w * gx[k];
        }
        return { value, se: new Float64Array(m), exact: true };
      }
    } else {
      const value = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const r = integrate(
          (x) => {
            const lp = logDensityNatural(f, p.theta, x);
            return lp === -Infinity ? 0 : Math.exp(lp) * g(x)[k];
          },
          support.lo,
          support.hi,
          {
            center: Number.isFinite(mean) ? Math.min(Math.max(mean, support.lo), support.hi) : 0,
            scale: sd > 0 && Number.isFinite(sd) ? sd : 1,
            breakpoints: Number.isFinite(mean) ? [mean] : [],
            relTol: 1e-12,
            absTol: 1e-13 * Math.abs(g(mean)[k]) + 1e-300,
            maxPanels: 3000,
          },
        );
        value[k] = r.value;
      }
      return { value, se: new Float64Array(m), exact: true };
    }
  }
  const xs = f.sample(p.theta, samples, rng(12345));
  const mean = new Float64Array(m);
  const m2 = new Float64Array(m);
  xs.forEach((x, s) => {
    const gx = g(x);
    for (let k = 0; k < m; k++) {
      const d = gx[k] - mean[k];
      mean[k] += d / (s + 1);
      m2[k] += d * (gx[k] - mean[k]);
    }
  });
  const se = new Float64Array(m);
  for (let k = 0; k < m; k++) se[k] = Math.sqrt(m2[k] / (samples - 1) / samples);
  return { value: mean, se, exact: false };
}

/** Registers the battery for a family under `describe(name)`. */
export function familyBattery(name: string, options: BatteryOptions): void {
  const tol: BatteryTolerances = { ...DEFAULT_TOL, ...options.tol };
  const samples = options.samples ?? 20000;
  describe(`${name}: exponential-family battery`, () => {
    let cases: Distribution<unknown>[] = [];
    it('constructs every case', () => {
      cases = options.cases();
      expect(cases.length).toBeGreaterThan(0);
    });
    const each = (title: string, body: (p: Distribution<unknown>, i: number, all: Distribution<unknown>[]) => void): void => {
      it(title, () => {
        if (cases.length === 0) cases = options.cases();
        cases.forEach((p, i) => {
          try {
            body(p, i, cases);
          } catch (e) {
            (e as Error).message = `[case ${i}: ${p.toString()}] ${(e as Error).message}`;
            throw e;
          }
        });
      });
    };

    each('grad F matches central differences of F', (p) => {
      const f = p.family as F;
      const eta = etaFromTheta(f, p.theta);
      const fd = new Float64Array(f.dim);
      for (let i = 0; i < f.dim; i++) {
        const h = thetaStep(f, p.theta, i);
        fd[i] = diff((y) => Float64Array.of(f.logPartition(y)), p.theta, i, h)[0];
      }
      expect(maxAbsDiff(fd, eta)).toBeLessThanOrEqual(tol.grad * Math.max(maxAbs(eta), Math.abs(f.logPartition(p.theta)), 1e-300));
    });

    each('Hess F matches differences of grad F and is symmetric', (p) => {
      const f = p.family as F;
      const n = f.dim;
      const hess = fisherNatural(f, p.theta);
      const scale = maxAbs(hess);
      for (let i = 0; i < n; i++) {
        const h = thetaStep(f, p.theta, i);
        const col = diff((y) => etaFromTheta(f, y), p.theta, i, h);
        for (let k = 0; k < n; k++) expect(Math.abs(col[k] - hess[k * n + i])).toBeLessThanOrEqual(tol.hess * scale);
        for (let k = 0; k < n; k++) expect(hess[i * n + k]).toBe(hess[k * n + i]);
      }
    });

    each('Hess F equals Cov[T(X)]', (p) => {
      const f = p.family as F;
      const n = f.dim;
      const eta = etaFromTheta(f, p.theta);
      const t = new Float64Array(n);
      const e = expectation(
        p,
        (x) => {
          f.sufficientStat(x, t);
          const out = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = (t[i] - eta[i]) * (t[j] - eta[j]);
          return out;
        },
        n * n,
        options.support,
        samples,
      );
      const hess = fisherNatural(f, p.theta);
      const scale = maxAbs(hess);
      // T(x) - eta cancels to ~eps |eta| per evaluation: an absolute floor for exact methods.
      const floor = 1e3 * EPS * maxAbs(eta) * Math.sqrt(scale);
      for (let k = 0; k < n * n; k++) {
        const bound = e.exact ? tol.expectation * scale + floor : tol.zScore * e.se[k] + 1e-12 * scale + floor;
        expect(Math.abs(e.value[k] - hess[k])).toBeLessThanOrEqual(bound);
      }
    });

    each('theta -> eta -> theta and eta -> theta -> eta are the identity', (p) => {
      const f = p.family as F;
      const n = f.dim;
      const eta = etaFromTheta(f, p.theta);
      expect(f.isExpectationValid(eta)).toBe(true);
      // Relative condition number of eta -> theta: |d theta / d eta| |eta| / |theta|, with
      // d theta / d eta = (Hess F)^{-1}. Rounding eta costs up to eps * cond digits in theta.
      const hess = fisherNatural(f, p.theta);
      const ginv = fisherExpectation(f, p.theta);
      const condEta = (normInf(ginv, n) * maxAbs(eta)) / Math.max(maxAbs(p.theta), 1e-300);
      const condTheta = (normInf(hess, n) * maxAbs(p.theta)) / Math.max(maxAbs(eta), 1e-300);
      const back = thetaFromEta(f, eta);
      const rt = Math.max(tol.roundTrip, 64 * EPS * condEta);
      expect(maxAbsDiff(back, p.theta)).toBeLessThanOrEqual(rt * Math.max(maxAbs(p.theta), 1e-300));
      const eta2 = etaFromTheta(f, back);
      expect(maxAbsDiff(eta2, eta)).toBeLessThanOrEqual(Math.max(tol.roundTrip, 64 * EPS * condEta * condTheta) * Math.max(maxAbs(eta), 1e-300));
    });

    each('source -> theta -> source is the identity and the Jacobian matches differences', (p) => {
      const f = p.family as F;
      const n = f.dim;
      const src = p.source;
      const theta = f.thetaFromSource(src, new Float64Array(n));
      expect(maxAbsDiff(theta, p.theta)).toBeLessThanOrEqual(tol.roundTrip * Math.max(maxAbs(p.theta), 1e-300));
      const src2 = f.sourceFromTheta(theta, new Float64Array(n));
      expect(maxAbsDiff(src2, src)).toBeLessThanOrEqual(tol.roundTrip * Math.max(maxAbs(src), 1e-300));
      const jac = f.sourceJacobian(src, new Float64Array(n * n));
      const valid = (y: Float64Array): boolean => {
        try {
          f.validateSource(y, 'battery');
          return true;
        } catch {
          return false;
        }
      };
      const g = fisherSource(f, src);
      for (let j = 0; j < n; j++) {
        const h = step(src, j, valid, Math.min(1e-4 * (src[j] !== 0 ? Math.abs(src[j]) : 1), 1e-3 / Math.sqrt(g[j * n + j])));
        const col = diff((y) => f.thetaFromSource(y, new Float64Array(n)), src, j, h);
        for (let i = 0; i < n; i++) {
          const scale = Math.max(Math.abs(jac[i * n + j]), maxAbs(jac) * 1e-6);
          // Rounding the shifted source point (an ulp of src_j) moves theta by J ulp: divided by h.
          const rounding = (10 * EPS * (Math.abs(src[j]) * Math.abs(jac[i * n + j]) + Math.abs(theta[i]))) / h;
          expect(Math.abs(col[i] - jac[i * n + j])).toBeLessThanOrEqual(tol.jacobian * scale + rounding);
        }
      }
    });

    each('KL(p, p) = 0 and KL closed form = Bregman = E_p[log p - log q]', (p, i, all) => {
      const f = p.family as F;
      expect(Math.abs(klNatural(f, p.theta, p.theta))).toBeLessThanOrEqual(1e-12);
      expect(klBregman(f, p.theta, p.theta)).toBe(0);
      const q = all.slice(i + 1).find((c) => c.family.id === f.id);
      if (!q) return;
      const bregman = klBregman(f, p.theta, q.theta);
      const closed = klNatural(f, p.theta, q.theta);
      expect(closed).toBeGreaterThanOrEqual(0);
      const fScale = Math.abs(f.logPartition(p.theta)) + Math.abs(f.logPartition(q.theta));
      expect(Math.abs(closed - bregman)).toBeLessThanOrEqual(tol.closedForm * Math.max(closed, fScale * 1e-6));
      const e = expectation(p, (x) => Float64Array.of(logDensityNatural(f, p.theta, x), logDensityNatural(f, q.theta, x)), 2, options.support, samples);
      const byExpectation = e.value[0] - e.value[1];
      const bound = e.exact
        ? tol.expectation * (closed + Math.abs(e.value[0]) + Math.abs(e.value[1]))
        : tol.zScore * (e.se[0] + e.se[1]) + 1e-9 * closed;
      // For Monte Carlo the two log-density means are correlated; their difference's error is
      // bounded above by the sum of their standard errors.
      expect(Math.abs(byExpectation - closed)).toBeLessThanOrEqual(bound);
    });

    each('closed-form logDensity and Fisher(source) overrides agree with the generic forms', (p) => {
      const f = p.family as F;
      const n = f.dim;
      if (f.fisherSource) {
        const closed = f.fisherSource(p.source, new Float64Array(n * n));
        const generic = fisherSourcePullback(f, p.source);
        const hess = fisherNatural(f, p.theta);
        const jac = f.sourceJacobian(p.source, new Float64Array(n * n));
        const errScale = absPullback(hess, jac, n);
        for (let k = 0; k < n * n; k++) expect(Math.abs(closed[k] - generic[k])).toBeLessThanOrEqual(tol.closedForm * Math.abs(closed[k]) + 1e3 * EPS * errScale[k]);
      }
      if (f.logDensity) {
        const t = new Float64Array(n);
        for (const x of f.sample(p.theta, 20, rng(5))) {
          f.sufficientStat(x, t);
          let inner = 0;
          for (let i = 0; i < n; i++) inner += Math.abs(p.theta[i] * t[i]);
          const scale = inner + Math.abs(f.logPartition(p.theta)) + Math.abs(f.logBaseMeasure(x));
          expect(Math.abs(logDensityNatural(f, p.theta, x) - logDensityGeneric(f, p.theta, x))).toBeLessThanOrEqual(tol.closedForm * Math.abs(logDensityNatural(f, p.theta, x)) + 1e3 * EPS * scale);
        }
      }
    });

    each('Fisher is symmetric positive definite in source, natural and expectation coordinates', (p) => {
      const f = p.family as F;
      const n = f.dim;
      for (const g of [fisherSource(f, p.source), fisherNatural(f, p.theta), fisherExpectation(f, p.theta)]) {
        for (let k = 0; k < g.length; k++) expect(Number.isFinite(g[k])).toBe(true);
        for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) expect(Math.abs(g[r * n + c] - g[c * n + r])).toBeLessThanOrEqual(1e-12 * maxAbs(g));
        expect(cholesky(new Float64Array(n * n), g, n)).not.toBeNull();
      }
    });

    each('Fisher(source) is the Hessian of q -> KL(p || q) at q = p', (p) => {
      const f = p.family as F;
      const n = f.dim;
      const src = p.source;
      const g = fisherSource(f, src);
      const valid = (y: Float64Array): boolean => {
        try {
          f.validateSource(y, 'battery');
          return f.isNaturalValid(f.thetaFromSource(y, new Float64Array(n)));
        } catch {
          return false;
        }
      };
      const kAt = (y: Float64Array): number => klNatural(f, p.theta, f.thetaFromSource(y, new Float64Array(n)));
      // Steps of 1e-4 in Fisher length, so each KL value is ~1e-8 and its truncation error ~1e-8 relative.
      const hs = Array.from({ length: n }, (_, i) => step(src, i, valid, 1e-4 / Math.sqrt(g[i * n + i]), 300));
      const shifted = (i: number, di: number, j: number, dj: number): Float64Array => {
        const y = Float64Array.from(src);
        y[i] += di;
        y[j] += dj;
        return y;
      };
      const scale = maxAbs(g);
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const [hi, hj] = [hs[i], hs[j]];
          // Divided in two stages so 4 h_i h_j cannot underflow when the steps are ~1e-300.
          const plus = (kAt(shifted(i, hi, j, hj)) - kAt(shifted(i, hi, j, -hj))) / (2 * hj);
          const minus = (kAt(shifted(i, -hi, j, hj)) - kAt(shifted(i, -hi, j, -hj))) / (2 * hj);
          const h2 = (plus - minus) / (2 * hi);
          expect(Math.abs(h2 - g[i * n + j])).toBeLessThanOrEqual(tol.klHessian * Math.max(scale, Math.abs(g[i * n + j])));
        }
      }
    });

    each('entropy: closed form = generic = -E[log p]; F* closed form = generic', (p) => {
      const f = p.family as F;
      const generic = entropyGeneric(f, p.theta);
      const h = f.entropy ? f.entropy(p.theta) : generic;
      expect(Number.isFinite(h)).toBe(true);
      const scale = Math.abs(f.logPartition(p.theta)) + Math.abs(f.expectedLogBaseMeasure(p.theta)) + 1;
      expect(Math.abs(h - generic)).toBeLessThanOrEqual(tol.closedForm * Math.max(Math.abs(h), scale));
      const e = expectation(p, (x) => Float64Array.of(-logDensityNatural(f, p.theta, x)), 1, options.support, samples);
      const bound = e.exact ? tol.expectation * Math.max(Math.abs(h), 1) : tol.zScore * e.se[0] + 1e-9 * Math.abs(h);
      expect(Math.abs(e.value[0] - h)).toBeLessThanOrEqual(bound);
      if (f.dualPotential) {
        const eta = etaFromTheta(f, p.theta);
        const closed = f.dualPotential(eta);
        const gen = dualPotentialGeneric(f, eta);
        expect(Math.abs(closed - gen)).toBeLessThanOrEqual(tol.closedForm * Math.max(Math.abs(closed), Math.abs(f.logPartition(p.theta)), 1));
      }
    });

    each('the density is normalised and mean/variance match E[X], Var[X]', (p) => {
      const f = p.family as F;
      if (f.sampleDim !== 0) return;
      const mean = f.mean(p.theta) as number;
      const variance = f.variance(p.theta) as number;
      expect(Number.isFinite(mean) && Number.isFinite(variance) && variance > 0).toBe(true);
      const e = expectation(p, (x) => Float64Array.of(1, x as number, ((x as number) - mean) ** 2), 3, options.support, samples);
      if (!e.exact) return;
      expect(Math.abs(e.value[0] - 1)).toBeLessThanOrEqual(tol.expectation);
      expect(Math.abs(e.value[1] - mean)).toBeLessThanOrEqual(tol.expectation * (Math.abs(mean) + Math.sqrt(variance)));
      expect(Math.abs(e.value[2] - variance)).toBeLessThanOrEqual(tol.expectation * variance * 10);
    });

    each('samples have the family mean (z-test) and lie in the support', (p) => {
      const f = p.family as F;
      if (options.skipSampling?.(p)) return;
      const n = 4000;
      const xs = f.sample(p.theta, n, rng(777));
      expect(xs.length).toBe(n);
      const d = Math.max(1, f.sampleDim);
      const mean = f.mean(p.theta);
      const variance = f.variance(p.theta);
      for (let k = 0; k < d; k++) {
        let s = 0;
        let outside = 0;
        for (const x of xs) {
          if (!f.inSupport(x)) outside++;
          s += typeof x === 'number' ? x : x[k];
        }
        expect(outside).toBe(0);
        const m = typeof mean === 'number' ? mean : mean[k];
        const v = typeof variance === 'number' ? variance : variance[k * d + k];
        expect(Math.abs(s / n - m)).toBeLessThanOrEqual(tol.zScore * Math.sqrt(v / n) + 1e-12 * Math.abs(m));
      }
    });
  });
}
