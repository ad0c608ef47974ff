/**
 * Free-function forms of a distribution's basic quantities, validating their argument.
 */
import { checkDistribution, type Distribution } from './distribution.js';
import { checkResult } from '../errors.js';

/**
 * Shannon entropy in nats (differential entropy for continuous families).
 * @example entropy(normal(0, 1)) // 1.4189385332046727 (= (1/2) log(2 pi e))
 */
export function entropy(p: Distribution<unknown>): number {
  return checkResult('entropy', 'H(p)', checkDistribution('entropy', 'p', p).entropy());
}

/** Mean of X: a number, or an array for vector observations. @example mean(gamma(2, 4)) // 0.5 */
export function mean(p: Distribution<unknown>): number | number[] {
  return checkDistribution('mean', 'p', p).mean();
}

/** Variance of X, or its covariance matrix (rows). @example variance(poisson(3)) // 3 */
export function variance(p: Distribution<unknown>): number | number[][] {
  return checkDistribution('variance', 'p', p).variance();
}
