/**
 * Fisher-Rao geometry of the inverse Gaussian family IG(mu, lambda) in closed form.
 *
 * In (mu, lambda) the Fisher metric is ds^2 = lambda dmu^2 / mu^3 + dlambda^2 / (2 lambda^2).
 * With x = sqrt(2 / mu) and y = 1 / sqrt(lambda): dx^2 = dmu^2 / (2 mu^3), dy^2 = dlambda^2 / (4 lambda^3),
 * so ds^2 = 2 (dx^2 + dy^2) / y^2, twice the Poincare half-plane metric (curvature -1/2), the same
 * as the normal family's. The image {x > 0} is a half-plane bounded by the geodesic x = 0, hence
 * geodesically convex, and the Fisher-Rao distance is sqrt(2) times the hyperbolic one:
 * d = 2 sqrt(2) asinh( sqrt( (dx^2 + dy^2) / (4 y1 y2) ) ).
 * Differences are formed without cancellation: sqrt(2/mu2) - sqrt(2/mu1) =
 * sqrt(2) (mu1 - mu2) / (sqrt(mu1 mu2) (sqrt(mu1) + sqrt(mu2))), and likewise for y.
 * Reference: the metric is in Seshadri (1993), The Inverse Gaussian Distribution, ch. 2; the
 * reduction to the half-plane is the one used for the normal family (Costa, Santos and Strapasson 2015).
 */
import { inverseGaussian } from '../../families/inverseGaussian.js';
import { halfPlaneDistance, halfPlaneExp, halfPlaneGeodesic, halfPlaneLog } from './halfPlane.js';
import { leavesManifold, type ClosedFormGeometry, type Dist } from './types.js';

const SQRT2 = Math.SQRT2;

/** 1/sqrt(b) - 1/sqrt(a) for a, b > 0, without cancellation. */
function invSqrtDiff(a: number, b: number): number {
  const sa = Math.sqrt(a);
  const sb = Math.sqrt(b);
  return (a - b) / (sa * sb * (sa + sb));
}

/** Half-plane coordinates and differences of a pair: [x1, y1, dx, dy, y2]. */
function chart(mu1: number, l1: number, mu2: number, l2: number): [number, number, number, number, number] {
  return [SQRT2 / Math.sqrt(mu1), 1 / Math.sqrt(l1), SQRT2 * invSqrtDiff(mu1, mu2), invSqrtDiff(l1, l2), 1 / Math.sqrt(l2)];
}

/**
 * Fisher-Rao distance between IG(mu1, lambda1) and IG(mu2, lambda2) (all > 0), see the module comment.
 * @example inverseGaussianDistance(1, 1, 1, Math.E ** 2) // 1.4142135623730951 (= sqrt(2) log(y1 / y2))
 */
export function inverseGaussianDistance(mu1: number, lambda1: number, mu2: number, lambda2: number): number {
  const [, y1, dx, dy, y2] = chart(mu1, lambda1, mu2, lambda2);
  return SQRT2 * halfPlaneDistance(dx, dy, y1, y2);
}

function fromChart(x: number, y: number, v: Float64Array): Dist {
  if (!(x > 0) || !(y > 0) || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw leavesManifold(v, 'inverseGaussian', `the geodesic reaches sqrt(2 / mu) = ${x}, 1 / sqrt(lambda) = ${y}, outside x > 0, y > 0`);
  }
  return inverseGaussian(2 / (x * x), 1 / (y * y));
}

/** Closed-form geometry of `inverseGaussian(mu, lambda)`, tangent vectors (dmu, dlambda). */
export const inverseGaussianGeometry: ClosedFormGeometry = {
  applies: () => true,
  distance: (p, q) => inverseGaussianDistance(p.source[0], p.source[1], q.source[0], q.source[1]),
  geodesic(p, q) {
    const [x1, y1, dx, dy, y2] = chart(p.source[0], p.source[1], q.source[0], q.source[1]);
    const g = halfPlaneGeodesic(x1, y1, dx, dy, y2);
    return (t) => {
      if (t === 0) return p;
      if (t === 1) return q;
      const z = g(t);
      return fromChart(z[0], z[1], new Float64Array(0));
    };
  },
  logMap(p, q) {
    const [mu, l] = [p.source[0], p.source[1]];
    const [x1, y1, dx, dy, y2] = chart(mu, l, q.source[0], q.source[1]);
    // The metric 2 (dx^2 + dy^2) / y^2 has the half-plane geodesics in (x, y) itself.
    const w = halfPlaneLog(dx, dy, y1, y2, new Float64Array(2));
    // dx = -(x / (2 mu)) dmu, dy = -(y / (2 lambda)) dlambda.
    return Float64Array.of((-2 * mu * w[0]) / x1, (-2 * l * w[1]) / y1);
  },
  tangentDim: () => 2,
  expApplies: () => true,
  expMap(p, v) {
    const [mu, l] = [p.source[0], p.source[1]];
    const x1 = SQRT2 / Math.sqrt(mu);
    const y1 = 1 / Math.sqrt(l);
    const z = halfPlaneExp(x1, y1, (-x1 / (2 * mu)) * v[0], (-y1 / (2 * l)) * v[1], new Float64Array(2));
    return fromChart(z[0], z[1], v);
  },
};
