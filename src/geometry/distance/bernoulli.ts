/**
 * Fisher-Rao geometry of the Bernoulli family, and of every family whose Fisher metric in a
 * probability p is a constant times 1 / (p (1 - p)) (the binomial: n / (p (1 - p))).
 *
 * With p = sin^2(phi), phi in (0, pi/2): dp^2 / (p (1 - p)) = 4 dphi^2, so the manifold is an open
 * interval of length pi, d = 2 |phi2 - phi1| = 2 arccos(sqrt(p1 p2) + sqrt((1 - p1)(1 - p2))), and
 * geodesics run at constant speed in phi. The angle difference is evaluated as atan2(S, C) with
 * S = sin(phi2 - phi1) = (p2 - p1) / (sqrt(p2 (1 - p1)) + sqrt(p1 (1 - p2))) and
 * C = cos(phi2 - phi1) = sqrt(p1 p2) + sqrt((1 - p1)(1 - p2)): no cancellation for nearby points
 * (where arccos(C) loses half the digits) nor near the ends (where arcsin(S) would).
 * Reference: Rao (1945), "Information and the accuracy attainable in the estimation of
 * statistical parameters"; Amari (2016), Information Geometry and Its Applications, sec. 2.5.
 */
import { bernoulli } from '../../families/bernoulli.js';
import { leavesManifold, type ClosedFormGeometry, type Dist } from './types.js';

/**
 * phi2 - phi1 for p = sin^2(phi), from (p1, 1 - p1) and (p2, 1 - p2) given separately so that
 * probabilities near 1 keep their complement's digits.
 * @example bernoulliAngle(0.5, 0.5, 1, 0) // 0.7853981633974483 (= pi/4)
 */
export function bernoulliAngle(p1: number, q1: number, p2: number, q2: number): number {
  const s = (p2 - p1) / (Math.sqrt(p2 * q1) + Math.sqrt(p1 * q2));
  const c = Math.sqrt(p1 * p2) + Math.sqrt(q1 * q2);
  return Math.atan2(s, c);
}

/**
 * Fisher-Rao distance between Bernoulli(p1) and Bernoulli(p2), p1, p2 in (0, 1):
 * d = 2 arccos(sqrt(p1 p2) + sqrt((1 - p1)(1 - p2))), evaluated as 2 |atan2(S, C)| (module comment).
 * @example bernoulliDistance(0.5, 0.5 + 1e-9) // 1.999999943436137e-9 (2 dp, dp = 0.5 + 1e-9 - 0.5 rounded)
 */
export function bernoulliDistance(p1: number, p2: number): number {
  return 2 * Math.abs(bernoulliAngle(p1, 1 - p1, p2, 1 - p2));
}

/** [p, 1 - p] of a one-probability distribution, taking 1 - p from theta when p rounded to 1. */
export function probPair(d: Dist): [number, number] {
  const p = d.source[0];
  if (p > 0 && p < 1) return [p, 1 - p];
  // fromTheta with theta > 37: p rounds to 1, its complement is e^{-theta} / (1 + e^{-theta}).
  const t = d.theta[0];
  return [1 / (1 + Math.exp(-t)), 1 / (1 + Math.exp(t))];
}

/**
 * The geometry of p -> sqrt(scale) * 2 phi(p): `make(p, x)` builds the family member with
 * probability x and p's fixed hyper-parameters; `scale(p)` is the factor of the Fisher metric.
 */
export function sineSquaredGeometry(
  name: string,
  scale: (p: Dist) => number,
  make: (p: Dist, x: number) => Dist,
): ClosedFormGeometry {
  const angle = (p: Dist, q: Dist): number => {
    const [p1, q1] = probPair(p);
    const [p2, q2] = probPair(q);
    return bernoulliAngle(p1, q1, p2, q2);
  };
  /** sin^2(phi1 + delta) with sin(phi1) = sqrt(p1), cos(phi1) = sqrt(q1). */
  const at = (p1: number, q1: number, delta: number): number => {
    const s = Math.sqrt(p1) * Math.cos(delta) + Math.sqrt(q1) * Math.sin(delta);
    return s * s;
  };
  return {
    applies: () => true,
    distance: (p, q) => 2 * Math.sqrt(scale(p)) * Math.abs(angle(p, q)),
    geodesic(p, q) {
      const delta = angle(p, q);
      const [p1, q1] = probPair(p);
      return (t) => (t === 0 ? p : t === 1 ? q : make(p, at(p1, q1, t * delta)));
    },
    logMap(p, q) {
      // dp/dt = 2 sin(phi) cos(phi) dphi/dt.
      const [p1, q1] = probPair(p);
      return Float64Array.of(2 * Math.sqrt(p1 * q1) * angle(p, q));
    },
    tangentDim: () => 1,
    expApplies: () => true,
    expMap(p, v) {
      const [p1, q1] = probPair(p);
      const delta = v[0] / (2 * Math.sqrt(p1 * q1));
      const phi1 = Math.atan2(Math.sqrt(p1), Math.sqrt(q1));
      if (!(delta > -phi1 && delta < Math.PI / 2 - phi1)) {
        throw leavesManifold(v, name, `the angle phi = arcsin(sqrt(p)) would reach ${phi1 + delta}, outside (0, pi/2)`);
      }
      const x = at(p1, q1, delta);
      if (!(x > 0 && x < 1)) throw leavesManifold(v, name, `p would round to ${x}`);
      return make(p, x);
    },
  };
}

/** Closed-form geometry of `bernoulli(p)`, tangent vectors (dp). */
export const bernoulliGeometry: ClosedFormGeometry = sineSquaredGeometry('bernoulli', () => 1, (_, x) => bernoulli(x));
