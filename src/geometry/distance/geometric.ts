/**
 * Fisher-Rao geometry of the geometric family on {1, 2, ...} and of the negative binomial with
 * fixed r, in closed form.
 *
 * The Fisher information of p is 1 / (p^2 (1 - p)) for the geometric (r / (p^2 (1 - p)) for
 * NB(r, p)). With s = sqrt(1 - p), dp = -2 s ds and
 *   int dp / (p sqrt(1 - p)) = -2 int ds / (1 - s^2) = -2 atanh(s),
 * so g = atanh(sqrt(1 - p)) is an arc-length coordinate up to the factor 2 sqrt(r):
 *   d = 2 sqrt(r) |atanh(sqrt(1 - p1)) - atanh(sqrt(1 - p2))|, and p = sech^2(g).
 * The difference is atanh(x) with x = (s2 - s1) / (1 - s1 s2), formed without cancellation as
 *   x = (p1 - p2) / (s1 + s2) * (1 + s1 s2) / (p1 + p2 - p1 p2);
 * for |x| >= 1/2 the two values g = log1p(s) - log(p) / 2 are subtracted instead.
 * The manifold is a half-line: complete towards p -> 0 (g -> infinity), ending at p = 1 (g = 0).
 */
import { geometric } from '../../families/geometric.js';
import { negativeBinomial } from '../../families/negativeBinomial.js';
import { leavesManifold, type ClosedFormGeometry, type Dist } from './types.js';

/** g(p) = atanh(sqrt(1 - p)) accurately for every p in (0, 1). */
function arcCoordinate(p: number): number {
  const s = Math.sqrt(1 - p);
  return s < 0.5 ? Math.atanh(s) : Math.log1p(s) - 0.5 * Math.log(p);
}

/**
 * g(p2) - g(p1) with g(p) = atanh(sqrt(1 - p)), accurate also for nearby p1, p2 in (0, 1).
 * @example geometricArcDifference(0.5, 0.5) // 0
 */
export function geometricArcDifference(p1: number, p2: number): number {
  const s1 = Math.sqrt(1 - p1);
  const s2 = Math.sqrt(1 - p2);
  const x = (((p1 - p2) / (s1 + s2)) * (1 + s1 * s2)) / (p1 + p2 - p1 * p2);
  return Math.abs(x) < 0.5 ? Math.atanh(x) : arcCoordinate(p2) - arcCoordinate(p1);
}

/**
 * Fisher-Rao distance between Geometric(p1) and Geometric(p2) on {1, 2, ...}:
 * d = 2 |atanh(sqrt(1 - p1)) - atanh(sqrt(1 - p2))|.
 * @example geometricDistance(0.5, 0.25) // 0.8711686198105474
 */
export function geometricDistance(p1: number, p2: number): number {
  return 2 * Math.abs(geometricArcDifference(p1, p2));
}

/**
 * Fisher-Rao distance between NB(r, p1) and NB(r, p2): sqrt(r) times the geometric distance.
 * @example negativeBinomialDistance(4, 0.5, 0.25) // 1.7423372396210948
 */
export function negativeBinomialDistance(r: number, p1: number, p2: number): number {
  return Math.sqrt(r) * geometricDistance(p1, p2);
}

/** Geometry of the metric scale(p) dp^2 / (p^2 (1 - p)) in p. */
function arcGeometry(name: string, scale: (p: Dist) => number, make: (p: Dist, x: number) => Dist): ClosedFormGeometry {
  const sech2 = (g: number): number => 1 / Math.cosh(g) ** 2;
  return {
    applies: () => true,
    distance: (p, q) => 2 * Math.sqrt(scale(p)) * Math.abs(geometricArcDifference(p.source[0], q.source[0])),
    geodesic(p, q) {
      const g1 = arcCoordinate(p.source[0]);
      const dg = geometricArcDifference(p.source[0], q.source[0]);
      return (t) => (t === 0 ? p : t === 1 ? q : make(p, sech2(g1 + t * dg)));
    },
    logMap(p, q) {
      // p = sech^2 g: dp/dg = -2 p sqrt(1 - p).
      const p1 = p.source[0];
      return Float64Array.of(-2 * p1 * Math.sqrt(1 - p1) * geometricArcDifference(p1, q.source[0]));
    },
    tangentDim: () => 1,
    expApplies: () => true,
    expMap(p, v) {
      const p1 = p.source[0];
      const g = arcCoordinate(p1) + v[0] / (-2 * p1 * Math.sqrt(1 - p1));
      const x = sech2(g);
      if (!(g > 0) || !(x > 0 && x < 1)) {
        throw leavesManifold(v, name, `p would reach ${g > 0 ? x : 1} before t = 1 (the manifold ends at p = 1)`);
      }
      return make(p, x);
    },
  };
}

/** Closed-form geometry of `geometric(p)`, tangent vectors (dp). */
export const geometricGeometry: ClosedFormGeometry = arcGeometry('geometric', () => 1, (_, x) => geometric(x));

const rOf = (p: Dist): number => (p.params as { r: number }).r;

/** Closed-form geometry of `negativeBinomial(r, p)` (r fixed by the family), tangent vectors (dp). */
export const negativeBinomialGeometry: ClosedFormGeometry = arcGeometry('negativeBinomial', rOf, (p, x) => negativeBinomial(rOf(p), x));
