/**
 * Amari's alpha-divergences and Renyi divergences of an exponential family, from the skew
 * integral J = log int p^lambda q^(1-lambda) dx (see skew.ts).
 *
 * References: Amari (2016), Information Geometry and Its Applications, sec. 3.5 and 4.3;
 * Amari (2009), "alpha-divergence is unique, belonging to both f-divergence and Bregman
 * divergence classes", IEEE Trans. Inf. Theory 55(11); van Erven and Harremoes (2014),
 * "Renyi divergence and Kullback-Leibler divergence", IEEE Trans. Inf. Theory 60(7).
 */
import { checkSameFamily, type Distribution } from '../families/distribution.js';
import { klNatural } from '../families/derive.js';
import { checkFinite, checkPositive, checkResult } from '../errors.js';
import { logSkew } from './skew.js';

/**
 * Amari's alpha-divergence
 *   D_alpha(p : q) = 4 / (1 - alpha^2) (1 - int p^((1-alpha)/2) q^((1+alpha)/2) dx),
 * with D_-1(p : q) = KL(p || q), D_1(p : q) = KL(q || p) (returned exactly, and approached
 * continuously: the integral is evaluated as expm1 of a log-integral that is itself computed
 * from KL terms, so there is no cancellation as alpha -> +-1), and D_0 = 4 (1 - BC) = 4 H^2.
 * Duality: D_alpha(p : q) = D_-alpha(q : p). Non-negative, 0 iff p = q.
 *
 * For |alpha| > 1 the integral can diverge: when the mixed natural parameter
 * ((1 - alpha) theta_p + (1 + alpha) theta_q) / 2 leaves the natural parameter space, e.g. for
 * alpha = 3 between normals with sigma_q >= sqrt(2) sigma_p (int q^2 / p = Infinity). The
 * divergence is then +Infinity (established numerically for scalar families, see fallback.ts).
 *
 * @param alpha - any finite number
 * @throws InfogeoError if p and q are not of the same family (naming q), for a non-finite alpha,
 *   or when a finite value overflows float64
 * @example alphaDivergence(normal(0, 1), normal(1, 1), 0) // 0.4700123896616184 (= 4 (1 - e^(-1/8)))
 */
export function alphaDivergence(p: Distribution<unknown>, q: Distribution<unknown>, alpha: number): number {
  const where = 'alphaDivergence';
  const [a, b] = checkSameFamily(where, p, q);
  checkFinite(where, 'alpha', alpha);
  if (alpha === -1) return checkResult(where, 'KL(p || q)', klNatural(a.family, a.theta, b.theta));
  if (alpha === 1) return checkResult(where, 'KL(q || p)', klNatural(a.family, b.theta, a.theta));
  // 4 / (1 - alpha^2) = 1 / (wP wQ); 1 +- alpha is exact near -+1 (Sterbenz).
  const wP = (1 - alpha) / 2;
  const wQ = (1 + alpha) / 2;
  const j = logSkew(a.family, a.theta, b.theta, wP, wQ, where, q);
  if (j.divergent) return Infinity;
  const d = -Math.expm1(j.value) / (wP * wQ);
  return checkResult(where, 'D_alpha(p : q)', d <= 0 ? 0 : d);
}

/**
 * Renyi divergence of order `order`:
 *   D_order(p || q) = 1 / (order - 1) log int p^order q^(1-order) dx,
 * tending to KL(p || q) as order -> 1 (returned exactly at order = 1; near 1 the log-integral
 * is computed from KL terms, so there is no 0/0 cancellation), non-decreasing in the order,
 * and D_1/2 = 2 * bhattacharyya(p, q). For order > 1 the integral can diverge (+Infinity).
 *
 * @param order - a finite number > 0
 * @throws InfogeoError if p and q are not of the same family (naming q), for an order that is
 *   not a finite number > 0, or when a finite value overflows float64
 * @example renyi(normal(0, 1), normal(1, 1), 2) // 1 (= order * (mu_p - mu_q)^2 / 2 for unit variances)
 */
export function renyi(p: Distribution<unknown>, q: Distribution<unknown>, order: number): number {
  const where = 'renyi';
  const [a, b] = checkSameFamily(where, p, q);
  checkPositive(where, 'order', order);
  if (order === 1) return checkResult(where, 'KL(p || q)', klNatural(a.family, a.theta, b.theta));
  const wQ = 1 - order;
  const j = logSkew(a.family, a.theta, b.theta, order, wQ, where, q);
  if (j.divergent) return Infinity;
  const d = -j.value / wQ;
  return checkResult(where, 'D_order(p || q)', d <= 0 ? 0 : d);
}
