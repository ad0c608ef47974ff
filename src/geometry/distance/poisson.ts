/**
 * Fisher-Rao geometry of the Poisson family in closed form.
 *
 * The Fisher metric drate^2 / rate is 4 (d sqrt(rate))^2, so the manifold is the half-line
 * s = 2 sqrt(rate) > 0 with its Euclidean metric: d = 2 |sqrt(rate1) - sqrt(rate2)|, evaluated as
 * 2 |rate1 - rate2| / (sqrt(rate1) + sqrt(rate2)); geodesics are straight in sqrt(rate).
 * Reference: Atkinson and Mitchell (1981), "Rao's distance measure", Sankhya A 43.
 */
import { poisson } from '../../families/poisson.js';
import { leavesManifold, type ClosedFormGeometry } from './types.js';

/**
 * Fisher-Rao distance between Poisson(rate1) and Poisson(rate2), rates > 0.
 * @example poissonDistance(1, 4) // 2 (= 2 |1 - 2|)
 */
export function poissonDistance(rate1: number, rate2: number): number {
  return (2 * Math.abs(rate1 - rate2)) / (Math.sqrt(rate1) + Math.sqrt(rate2));
}

/** Closed-form geometry of `poisson(rate)`, tangent vectors (drate). */
export const poissonGeometry: ClosedFormGeometry = {
  applies: () => true,
  distance: (p, q) => poissonDistance(p.source[0], q.source[0]),
  geodesic(p, q) {
    const [a, b] = [Math.sqrt(p.source[0]), Math.sqrt(q.source[0])];
    return (t) => (t === 0 ? p : t === 1 ? q : poisson(((1 - t) * a + t * b) ** 2));
  },
  logMap(p, q) {
    // rate(t) = (a + t (b - a))^2: drate/dt(0) = 2 a (b - a).
    const [r1, r2] = [p.source[0], q.source[0]];
    const a = Math.sqrt(r1);
    return Float64Array.of((2 * a * (r2 - r1)) / (a + Math.sqrt(r2)));
  },
  tangentDim: () => 1,
  expApplies: () => true,
  expMap(p, v) {
    const a = Math.sqrt(p.source[0]);
    const s = a + v[0] / (2 * a);
    if (!(s > 0) || !Number.isFinite(s * s)) throw leavesManifold(v, 'poisson', `sqrt(rate) would reach ${s} before t = 1`);
    return poisson(s * s);
  },
};
