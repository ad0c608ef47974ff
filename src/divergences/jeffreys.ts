/**
 * Jeffreys divergence (symmetrised KL) of an exponential family.
 *
 * Reference: Jeffreys (1946), "An invariant form for the prior probability in estimation
 * problems", Proc. R. Soc. A 186; Nielsen and Nock (2009), "Sided and symmetrized Bregman
 * centroids", IEEE Trans. Inf. Theory 55(6).
 */
import { checkSameFamily, type Distribution } from '../families/distribution.js';
import { klAccurate } from './skew.js';
import { checkResult } from '../errors.js';

/**
 * Jeffreys divergence J(p, q) = KL(p || q) + KL(q || p) = <theta_p - theta_q, eta_p - eta_q>
 * (the F terms of the two Bregman divergences cancel), symmetric, >= 0, 0 iff p = q.
 * Evaluated as the sum of the two KLs (each the family's closed form, or for nearby p and q the
 * integral form of the Bregman remainder, see `klAccurate` in skew.ts), which is more accurate
 * than the inner product when p ~ q.
 *
 * @throws InfogeoError if p and q are not of the same family (naming q)
 * @example jeffreys(normal(0, 1), normal(1, 1)) // 1 (= (mu_p - mu_q)^2 for unit variances)
 */
export function jeffreys(p: Distribution<unknown>, q: Distribution<unknown>): number {
  const [a, b] = checkSameFamily('jeffreys', p, q);
  const d = klAccurate(a.family, a.theta, b.theta) + klAccurate(a.family, b.theta, a.theta);
  return checkResult('jeffreys', 'KL(p || q) + KL(q || p)', d <= 0 ? 0 : d);
}
