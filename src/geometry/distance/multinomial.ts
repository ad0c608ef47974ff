/**
 * Fisher-Rao geometry of the multinomial family with fixed n: the Fisher metric in the
 * probabilities is n times the categorical one, so d = 2 sqrt(n) arccos(sum_i sqrt(p_i q_i)), and
 * the geodesics, exp and log (tangent vectors: full probability vectors summing to 0) are the
 * categorical ones.
 */
import { multinomial } from '../../families/multinomial.js';
import { categoricalDistance, normalise, sphereGeometry } from './categorical.js';
import type { ClosedFormGeometry, Dist } from './types.js';

/**
 * Fisher-Rao distance between Multinomial(n, p) and Multinomial(n, q) (full probability vectors).
 * @example multinomialDistance(4, [0.5, 0.5], [1, 0]) // 3.1415926535897936 (sqrt(4) pi/2)
 */
export function multinomialDistance(n: number, p: ArrayLike<number>, q: ArrayLike<number>): number {
  return Math.sqrt(n) * categoricalDistance(p, q);
}

const trials = (p: Dist): number => (p.params as { n: number }).n;

/** Closed-form geometry of `multinomial(n, probs)`. */
export const multinomialGeometry: ClosedFormGeometry = sphereGeometry('multinomial', trials, (p, r) => multinomial(trials(p), normalise(r)));
