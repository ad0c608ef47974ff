/**
 * The theorems every closed-form Fisher-Rao geometry must satisfy, as one battery run per family:
 * metric axioms (symmetry, identity, triangle inequality by seeded property tests), the closed-form
 * distance equal to the Fisher length of the closed-form geodesic and to the numerical geodesic
 * (boundary-value problem on the generic Fisher metric), constant speed along the geodesic,
 * exp(log q) = q, |log q| = d, and exp/log equal to the numerical initial-value and
 * boundary-value solutions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Distribution } from '../../families/distribution.js';
import { fisherSource } from '../../families/derive.js';
import { familyMetric } from '../metric.js';
import { geodesicLength } from '../geodesic.js';
import { expMap, fisherRaoDistance, fisherRaoDistanceDetailed, fisherRaoGeodesic, logMap } from '../api.js';
import { closedFormGeometry } from './registry.js';

// The battery does not depend on the parameter-object type.
type Dist = Distribution<unknown>;

/** Closed forms are a handful of float64 operations: a few ulps, with slack for asinh/atan2. */
export const CLOSED = 1e-13;
/** Fisher length of a curve by Richardson velocities and adaptive quadrature (tol 1e-12). */
export const LENGTH = 1e-9;
/** Numerical boundary-value problem at tol 1e-10 against a closed form. */
export const BVP = 1e-8;
/** exp(log q) = q in closed form: the inverse maps compose to a few ulps of the coordinates. */
export const ROUND_TRIP = 1e-11;

/** Max relative difference of two source vectors, scaled by max(|x|, floor). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return e;
}

/**
 * sqrt(v^T G v) in source coordinates; for a simplex tangent (k entries summing to 0) the
 * equivalent sqrt(sum_i v_i^2 / p_i) over all k entries, which does not cancel.
 */
export function fisherNorm(p: Dist, v: Float64Array): number {
  const n = p.family.dim;
  if (v.length === n + 1) {
    const probs = (p.params as { probs: number[]; n?: number }).probs;
    const trials = (p.params as { n?: number }).n ?? 1;
    let s = 0;
    for (let i = 0; i <= n; i++) s += (v[i] * v[i]) / probs[i];
    return Math.sqrt(trials * s);
  }
  const g = fisherSource(p.family, p.source);
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += v[i] * g[i * n + j] * v[j];
  return Math.sqrt(s);
}

export interface BatteryOptions {
  /** Fixed pairs, including extreme and nearby ones. */
  pairs: () => [Dist, Dist][];
  /** Random points of the family (one fixed hyper-parameter set), for the property tests. */
  arb: fc.Arbitrary<Dist>;
  /** How many of the fixed pairs (those at least 1e-3 apart) to check against the numerical solvers (default 1). */
  numericalPairs?: number;
  /** Relative tolerance of the length along the closed-form geodesic (default LENGTH). */
  lengthTol?: number;
  /**
   * Relative tolerance of d(p, g(t)) = t d (default 1e-11); looser where the points of the
   * geodesic leave the closed-form subfamily and d(p, g(t)) is a numerical solve (mvNormal).
   */
  speedTol?: number;
}

export function geometryBattery(name: string, opts: BatteryOptions): void {
  describe(`${name}: Fisher-Rao geometry battery`, () => {
    it('is symmetric and vanishes exactly on the diagonal', () => {
      fc.assert(
        fc.property(opts.arb, opts.arb, (p, q) => {
          const d = fisherRaoDistance(p, q);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(Math.abs(fisherRaoDistance(q, p) - d)).toBeLessThanOrEqual(CLOSED * d);
          expect(fisherRaoDistance(p, p)).toBe(0);
        }),
        { seed: 7, numRuns: 100 },
      );
    });

    it('satisfies the triangle inequality', () => {
      fc.assert(
        fc.property(opts.arb, opts.arb, opts.arb, (p, q, r) => {
          const direct = fisherRaoDistance(p, r);
          const via = fisherRaoDistance(p, q) + fisherRaoDistance(q, r);
          expect(direct).toBeLessThanOrEqual(via * (1 + CLOSED));
        }),
        { seed: 7, numRuns: 100 },
      );
    });

    it('equals the Fisher length of fisherRaoGeodesic(p, q), traversed at constant speed', () => {
      for (const [p, q] of opts.pairs()) {
        const metric = familyMetric(p.family, 'source');
        const d = fisherRaoDistance(p, q);
        if (d === 0) continue;
        const g = fisherRaoGeodesic(p, q);
        // Richardson velocities of t -> source, and points of the curve whose coordinates are
        // rounded, cannot resolve a curve much shorter than that rounding: the length and
        // constant-speed checks run on pairs at least 1e-3 apart (nearby pairs have their own tests).
        if (d > 1e-3) {
          const len = geodesicLength(metric, (t) => g(t).source);
          expect(Math.abs(len - d)).toBeLessThanOrEqual((opts.lengthTol ?? LENGTH) * d);
          // A minimising geodesic at constant speed: d(p, g(t)) = t d and d(g(t), q) = (1 - t) d.
          for (const t of [0.25, 0.7]) {
            const tol = (opts.speedTol ?? 1e-11) * d;
            expect(Math.abs(fisherRaoDistance(p, g(t)) - t * d)).toBeLessThanOrEqual(tol);
            expect(Math.abs(fisherRaoDistance(g(t), q) - (1 - t) * d)).toBeLessThanOrEqual(tol);
          }
        }
        expect(g(0)).toBe(p);
        expect(g(1)).toBe(q);
      }
    });

    it('has exp(p, log(p, q)) = q and |log(p, q)|_p = d(p, q)', () => {
      fc.assert(
        fc.property(opts.arb, opts.arb, (p, q) => {
          const v = logMap(p, q);
          const d = fisherRaoDistance(p, q);
          // The squares in v^T G v underflow below 1e-150.
          expect(Math.abs(fisherNorm(p, v) - d)).toBeLessThanOrEqual(1e-11 * d + 1e-150);
          const e = expMap(p, v);
          // Intrinsically (coordinate-free) where the closed form covers the pair (for mvNormal
          // the rounded end point no longer shares the mean or covariance exactly), and in the
          // source coordinates relative to their scale.
          if (closedFormGeometry(e.family)?.applies(e, q)) {
            expect(fisherRaoDistance(e, q)).toBeLessThanOrEqual(ROUND_TRIP * Math.max(1, d));
          }
          const scale = Math.max(...p.source.map(Math.abs), ...q.source.map(Math.abs));
          expect(relDiff(e.source, q.source, scale)).toBeLessThanOrEqual(ROUND_TRIP * Math.max(1, d));
        }),
        { seed: 7, numRuns: 100 },
      );
    });

    it('equals the numerical geodesic (boundary-value problem on the generic Fisher metric)', () => {
      // The boundary-value problem's residual is relative to the length: pairs at least 1e-3 apart.
      const far = opts.pairs().filter(([p, q]) => fisherRaoDistance(p, q) > 1e-3);
      for (const [p, q] of far.slice(0, opts.numericalPairs ?? 1)) {
        const d = fisherRaoDistance(p, q);
        const r = fisherRaoDistanceDetailed(p, q, { method: 'numerical' });
        // Where a bound is exact (1-D simplex, shared mvNormal mean) the bounds already agree.
        expect(['geodesic-bvp', 'bounds']).toContain(r.method);
        expect(r.converged).toBe(true);
        expect(Math.abs(r.distance - d)).toBeLessThanOrEqual(BVP * d);
        expect(r.lower).toBeLessThanOrEqual(d * (1 + CLOSED));
        expect(r.upper).toBeGreaterThanOrEqual(d * (1 - CLOSED));
        // The closed-form and numerical geodesics are the same curve, and log is its initial velocity.
        const gc = fisherRaoGeodesic(p, q)(0.5).source;
        const gn = fisherRaoGeodesic(p, q, { method: 'numerical' })(0.5).source;
        expect(relDiff(gn, gc, 1e-3)).toBeLessThanOrEqual(1e-7);
        const vc = logMap(p, q);
        const vn = logMap(p, q, { method: 'numerical' });
        // The length of the geodesic solved by shooting (always a boundary-value problem).
        expect(Math.abs(fisherNorm(p, vn) - d)).toBeLessThanOrEqual(BVP * d);
        expect(relDiff(vn, vc, 1e-3 * Math.max(...vc.map(Math.abs)))).toBeLessThanOrEqual(1e-7);
        // exp in closed form = the integrated geodesic equation.
        expect(relDiff(expMap(p, vc, { method: 'numerical' }).source, expMap(p, vc).source, 1e-3)).toBeLessThanOrEqual(1e-9);
      }
    });
  });
}
