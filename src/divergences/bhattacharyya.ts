/**
 * The Bhattacharyya coefficient, the Bhattacharyya distance and the Hellinger distance of an
 * exponential family, from J(1/2) = log int sqrt(p q) dx = F((theta_p + theta_q) / 2)
 * - (F(theta_p) + F(theta_q)) / 2 (see skew.ts): closed form for every family, since the
 * midpoint of two natural parameters is always in the (convex) natural parameter space.
 *
 * Reference: Bhattacharyya (1943), Bull. Calcutta Math. Soc. 35; Nielsen and Boltz (2011),
 * "The Burbea-Rao and Bhattacharyya centroids", IEEE Trans. Inf. Theory 57(8).
 */
import { checkSameFamily, type Distribution } from '../families/distribution.js';
import { checkResult } from '../errors.js';
import { logSkew } from './skew.js';

function logCoefficient(where: string, p: Distribution<unknown>, q: Distribution<unknown>): number {
  const [a, b] = checkSameFamily(where, p, q);
  return logSkew(a.family, a.theta, b.theta, 0.5, 0.5, where, q).value;
}

/**
 * Bhattacharyya coefficient BC(p, q) = int sqrt(p(x) q(x)) dx, in (0, 1], = 1 iff p = q.
 *
 * @throws InfogeoError if p and q are not of the same family (naming q)
 * @example bhattacharyyaCoefficient(normal(0, 1), normal(1, 1)) // 0.8824969025845955 (= e^(-1/8))
 */
export function bhattacharyyaCoefficient(p: Distribution<unknown>, q: Distribution<unknown>): number {
  return checkResult('bhattacharyyaCoefficient', 'BC(p, q)', Math.exp(logCoefficient('bhattacharyyaCoefficient', p, q)));
}

/**
 * Bhattacharyya distance B(p, q) = -log BC(p, q) = -log int sqrt(p q) dx, in [0, Infinity),
 * symmetric, 0 iff p = q; equal to half the Renyi divergence of order 1/2. (Not a metric: it
 * fails the triangle inequality.)
 *
 * @throws InfogeoError if p and q are not of the same family (naming q)
 * @example bhattacharyya(normal(0, 1), normal(1, 1)) // 0.125 (= (mu_p - mu_q)^2 / 8 for unit variances)
 */
export function bhattacharyya(p: Distribution<unknown>, q: Distribution<unknown>): number {
  const b = -logCoefficient('bhattacharyya', p, q);
  return checkResult('bhattacharyya', 'B(p, q)', b <= 0 ? 0 : b);
}

/**
 * Hellinger distance, in the convention H(p, q) = sqrt(1 - BC(p, q)) in [0, 1], so that
 * H^2 = 1 - BC = (1/2) int (sqrt p - sqrt q)^2 dx. (Some authors omit the 1/2 and get values in
 * [0, sqrt 2].) A metric on distributions; 4 H^2 is the alpha-divergence at alpha = 0.
 * Computed as sqrt(-expm1(log BC)), accurate when p ~ q.
 *
 * @throws InfogeoError if p and q are not of the same family (naming q)
 * @example hellinger(normal(0, 1), normal(1, 1)) // 0.34278724803499416 (= sqrt(1 - e^(-1/8)))
 */
export function hellinger(p: Distribution<unknown>, q: Distribution<unknown>): number {
  const h2 = -Math.expm1(logCoefficient('hellinger', p, q));
  return checkResult('hellinger', 'H(p, q)', Math.sqrt(h2 <= 0 ? 0 : h2));
}
