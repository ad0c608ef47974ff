/**
 * Fisher-Rao geometry of the one-parameter scale families in closed form: the exponential
 * (Fisher c^2 / rate^2 with c = 1 in the rate), the Rayleigh (4 / sigma^2: c = 2) and the Laplace
 * with fixed location (1 / b^2: c = 1).
 *
 * With s the scale-like coordinate and metric c^2 ds^2 / s^2 = c^2 (d log s)^2, the manifold is
 * the line log s with c times its Euclidean metric: d = c |log(s2 / s1)| (log1p of the exact
 * relative difference for nearby points), geodesics s(t) = s1 (s2 / s1)^t, exp and log
 * v = s1 log(s2 / s1), s = s1 exp(v / s1). The manifold is complete.
 */
import { exponential } from '../../families/exponential.js';
import { rayleigh } from '../../families/rayleigh.js';
import { laplace } from '../../families/laplace.js';
import { leavesManifold, logRatio, type ClosedFormGeometry, type Dist } from './types.js';

/**
 * Fisher-Rao distance between Exp(rate1) and Exp(rate2): |log(rate2 / rate1)|.
 * @example exponentialDistance(1, Math.E) // 1
 */
export function exponentialDistance(rate1: number, rate2: number): number {
  return Math.abs(logRatio(rate1, rate2));
}

/**
 * Fisher-Rao distance between Rayleigh(sigma1) and Rayleigh(sigma2): 2 |log(sigma2 / sigma1)|.
 * @example rayleighDistance(1, Math.E) // 2
 */
export function rayleighDistance(sigma1: number, sigma2: number): number {
  return 2 * Math.abs(logRatio(sigma1, sigma2));
}

/**
 * Fisher-Rao distance between Laplace laws of the same location with scales b1, b2: |log(b2 / b1)|.
 * @example laplaceDistance(2, 2 * Math.E) // 1
 */
export function laplaceDistance(b1: number, b2: number): number {
  return Math.abs(logRatio(b1, b2));
}

/** Geometry of the metric c^2 ds^2 / s^2 in the single source coordinate s. */
export function logScaleGeometry(name: string, c: number, make: (p: Dist, s: number) => Dist): ClosedFormGeometry {
  return {
    applies: () => true,
    distance: (p, q) => c * Math.abs(logRatio(p.source[0], q.source[0])),
    geodesic(p, q) {
      const s1 = p.source[0];
      const l = logRatio(s1, q.source[0]);
      return (t) => (t === 0 ? p : t === 1 ? q : make(p, s1 * Math.exp(t * l)));
    },
    logMap: (p, q) => Float64Array.of(p.source[0] * logRatio(p.source[0], q.source[0])),
    tangentDim: () => 1,
    expApplies: () => true,
    expMap(p, v) {
      const s1 = p.source[0];
      const s = s1 * Math.exp(v[0] / s1);
      if (!(s > 0 && s < Infinity)) throw leavesManifold(v, name, `the scale s1 exp(v / s1) = ${s} over- or underflows`);
      return make(p, s);
    },
  };
}

/** Closed-form geometry of `exponential(rate)`, tangent vectors (drate). */
export const exponentialGeometry: ClosedFormGeometry = logScaleGeometry('exponential', 1, (_, s) => exponential(s));

/** Closed-form geometry of `rayleigh(sigma)`, tangent vectors (dsigma). */
export const rayleighGeometry: ClosedFormGeometry = logScaleGeometry('rayleigh', 2, (_, s) => rayleigh(s));

/** Closed-form geometry of `laplace(mu, b)` (mu fixed by the family), tangent vectors (db). */
export const laplaceGeometry: ClosedFormGeometry = logScaleGeometry('laplace', 1, (p, s) => laplace((p.params as { mu: number }).mu, s));
