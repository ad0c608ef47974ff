/**
 * What a family's closed-form Fisher-Rao geometry provides, and the small helpers its files share.
 *
 * Points are distributions; tangent vectors are flat Float64Arrays in SOURCE coordinates (the
 * order of `fisher(p, 'source')`), except for the categorical and multinomial families, whose
 * tangent vectors are full probability vectors (k components summing to zero).
 */
import type { Distribution } from '../../families/distribution.js';
import { InfogeoError } from '../../errors.js';

/** Any distribution (the geometry does not depend on the parameter-object type). */
export type Dist = Distribution<any>;

/** A family's Fisher-Rao geometry in closed form. */
export interface ClosedFormGeometry {
  /** Whether the closed forms cover this pair (false e.g. for mvNormal with different means and covariances). */
  applies(p: Dist, q: Dist): boolean;
  /** Fisher-Rao distance, for a pair where `applies` holds. */
  distance(p: Dist, q: Dist): number;
  /** The minimising geodesic t -> distribution, t in [0, 1], from p to q. */
  geodesic(p: Dist, q: Dist): (t: number) => Dist;
  /** Riemannian logarithm: the initial velocity at p of the geodesic reaching q at t = 1. */
  logMap(p: Dist, q: Dist): Float64Array;
  /** Length of the tangent vectors `expMap` takes and `logMap` returns. */
  tangentDim(p: Dist): number;
  /** Whether `expMap(p, v)` is available in closed form (e.g. mvNormal: only with v's mean part 0). */
  expApplies(p: Dist, v: Float64Array): boolean;
  /** Riemannian exponential; throws InfogeoError (naming v) if the geodesic leaves the manifold. */
  expMap(p: Dist, v: Float64Array): Dist;
}

/**
 * log(b / a) for a, b > 0, keeping its relative accuracy when b ~ a (log1p of the exact
 * difference) and free of overflow when b / a is huge.
 * @example logRatio(1, 1 + 1e-12) // 1.000088900581841e-12 (log of the rounded 1 + 1e-12, all digits)
 */
export function logRatio(a: number, b: number): number {
  const r = b / a;
  if (r > 0.5 && r < 2) return Math.log1p((b - a) / a);
  return Math.log(b) - Math.log(a);
}

/** The error `expMap` throws when the geodesic with initial velocity v leaves the manifold. */
export function leavesManifold(v: Float64Array, family: string, detail: string): InfogeoError {
  return new InfogeoError(
    'expMap',
    'v',
    Array.from(v),
    `a tangent vector whose geodesic stays inside the ${family} manifold up to t = 1`,
    detail,
  );
}
