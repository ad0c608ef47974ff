/**
 * Fisher-Rao geometry of the binomial family with fixed n: the Fisher metric n / (p (1 - p)) is n
 * times the Bernoulli one, so distances are sqrt(n) times the Bernoulli distances,
 * d = 2 sqrt(n) arccos(sqrt(p1 p2) + sqrt((1 - p1)(1 - p2))), and the geodesics (hence exp and
 * log, in the coordinate p) are the Bernoulli ones.
 */
import { binomial } from '../../families/binomial.js';
import { bernoulliDistance, sineSquaredGeometry } from './bernoulli.js';
import type { ClosedFormGeometry } from './types.js';

/**
 * Fisher-Rao distance between Binomial(n, p1) and Binomial(n, p2).
 * @example binomialDistance(4, 0.5, 0.5 + 1e-9) // 3.999999886872274e-9
 */
export function binomialDistance(n: number, p1: number, p2: number): number {
  return Math.sqrt(n) * bernoulliDistance(p1, p2);
}

const trials = (p: { params: unknown }): number => (p.params as { n: number }).n;

/** Closed-form geometry of `binomial(n, p)`, tangent vectors (dp). */
export const binomialGeometry: ClosedFormGeometry = sineSquaredGeometry('binomial', trials, (p, x) => binomial(trials(p), x));
