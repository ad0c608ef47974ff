/**
 * Fisher-Rao geometry of the univariate normal family in closed form.
 *
 * In (mu, sigma) the Fisher metric is ds^2 = (dmu^2 + 2 dsigma^2) / sigma^2 = 2 (dx^2 + dsigma^2) / sigma^2
 * with x = mu / sqrt 2: twice the Poincare half-plane metric, a space of constant curvature -1/2.
 * Hence d = sqrt(2) d_H = 2 sqrt(2) asinh( sqrt( ((mu1 - mu2)^2 / 2 + (sigma1 - sigma2)^2) / (4 sigma1 sigma2) ) ),
 * and the geodesics are the half-plane ones: vertical lines (equal means, sigma(t) = sigma1^(1-t) sigma2^t)
 * and half-ellipses mu^2 / 2 + sigma^2 = const about a point of the mu-axis.
 * The log-normal family, whose Fisher metric in (mu, sigma) is the same, shares these formulas.
 * Reference: Atkinson and Mitchell (1981), "Rao's distance measure", Sankhya A 43; Costa, Santos
 * and Strapasson (2015), "Fisher information distance: a geometrical reading".
 */
import { normal } from '../../families/normal.js';
import { lognormal } from '../../families/lognormal.js';
import { halfPlaneDistance, halfPlaneExp, halfPlaneGeodesic, halfPlaneLog } from './halfPlane.js';
import { leavesManifold, type ClosedFormGeometry, type Dist } from './types.js';

const SQRT2 = Math.SQRT2;

/**
 * Fisher-Rao distance between N(mu1, sigma1^2) and N(mu2, sigma2^2).
 *
 * d = 2 sqrt(2) asinh( sqrt( ((mu1 - mu2)^2 / 2 + (sigma1 - sigma2)^2) / (4 sigma1 sigma2) ) ); sigma1, sigma2 > 0.
 * Accurate to a few ulps also for nearby points (no arccosh of a number near 1).
 * @example normalDistance(0, 1, 0, Math.E) // 1.414213562373095 (sqrt(2) log(e / 1))
 */
export function normalDistance(mu1: number, sigma1: number, mu2: number, sigma2: number): number {
  return SQRT2 * halfPlaneDistance((mu2 - mu1) / SQRT2, sigma2 - sigma1, sigma1, sigma2);
}

/**
 * Riemannian logarithm in (mu, sigma): the initial velocity (dmu, dsigma) at (mu1, sigma1) of the
 * geodesic reaching (mu2, sigma2) at t = 1, written into out.
 * @example normalLog(0, 1, 0, Math.E, new Float64Array(2)) // [0, 0.9999999999999998]
 */
export function normalLog(mu1: number, sigma1: number, mu2: number, sigma2: number, out: Float64Array): Float64Array {
  halfPlaneLog((mu2 - mu1) / SQRT2, sigma2 - sigma1, sigma1, sigma2, out);
  out[0] *= SQRT2;
  return out;
}

/**
 * Riemannian exponential in (mu, sigma): the point (mu, sigma) reached at t = 1 from (mu1, sigma1)
 * with initial velocity (vMu, vSigma), written into out. sigma underflows to 0 only for speeds
 * beyond about 1000 (the manifold is complete).
 * @example normalExp(0, 1, 0, 1, new Float64Array(2)) // [0, 2.718281828459045]
 */
export function normalExp(mu1: number, sigma1: number, vMu: number, vSigma: number, out: Float64Array): Float64Array {
  halfPlaneExp(mu1 / SQRT2, sigma1, vMu / SQRT2, vSigma, out);
  out[0] *= SQRT2;
  return out;
}

/**
 * The geodesic from (mu1, sigma1) (t = 0) to (mu2, sigma2) (t = 1) in (mu, sigma): t -> [mu, sigma].
 * @example normalGeodesic(0, 1, 0, 4)(0.5) // [0, 2]
 */
export function normalGeodesic(mu1: number, sigma1: number, mu2: number, sigma2: number): (t: number) => Float64Array {
  const g = halfPlaneGeodesic(mu1 / SQRT2, sigma1, (mu2 - mu1) / SQRT2, sigma2 - sigma1, sigma2);
  return (t) => {
    const out = g(t);
    out[0] = t === 1 ? mu2 : t === 0 ? mu1 : out[0] * SQRT2;
    return out;
  };
}

/** The (mu, sigma) geometry for any family whose Fisher metric is the normal one. */
function muSigmaGeometry(name: string, make: (mu: number, sigma: number) => Dist): ClosedFormGeometry {
  const ms = (p: Dist): [number, number] => [p.source[0], p.source[1]];
  return {
    applies: () => true,
    distance(p, q) {
      const [a, b] = [ms(p), ms(q)];
      return normalDistance(a[0], a[1], b[0], b[1]);
    },
    geodesic(p, q) {
      const [a, b] = [ms(p), ms(q)];
      const g = normalGeodesic(a[0], a[1], b[0], b[1]);
      return (t) => (t === 0 ? p : t === 1 ? q : make(...(Array.from(g(t)) as [number, number])));
    },
    logMap(p, q) {
      const [a, b] = [ms(p), ms(q)];
      return normalLog(a[0], a[1], b[0], b[1], new Float64Array(2));
    },
    tangentDim: () => 2,
    expApplies: () => true,
    expMap(p, v) {
      const [mu, sigma] = ms(p);
      const x = normalExp(mu, sigma, v[0], v[1], new Float64Array(2));
      if (!(x[1] > 0) || !Number.isFinite(x[0])) {
        throw leavesManifold(v, name, `sigma underflows to ${x[1]} at t = 1`);
      }
      return make(x[0], x[1]);
    },
  };
}

/** Closed-form geometry of `normal(mu, sigma)`, tangent vectors (dmu, dsigma). */
export const normalGeometry: ClosedFormGeometry = muSigmaGeometry('normal', normal);

/** Closed-form geometry of `lognormal(mu, sigma)` (the metric of the normal family in (mu, sigma)). */
export const lognormalGeometry: ClosedFormGeometry = muSigmaGeometry('lognormal', lognormal);
