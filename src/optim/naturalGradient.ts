/**
 * Natural gradient descent: steepest descent when distance is measured by KL instead of by
 * parameter distance. To second order KL(p_x || p_{x+s}) = (1/2) s^T F(x) s, so the step that
 * decreases the loss most for a given KL is along -F^{-1} g, whatever the parameterisation.
 * Reference: Amari (1998), "Natural gradient works efficiently in learning", Neural Computation 10.
 */
import { InfogeoError } from '../errors.js';
import { chain, type GradientTransformation } from './transform.js';
import { fisherInverseTransform, type FisherInverseOptions } from './scaleByFisherInverse.js';
import { scaleByLearningRate, type LearningRate } from './scaleBySchedule.js';
import { constrainToDomain, domainSettings } from './domain.js';
import type { ChainState } from './optimizers.js';

/** Options of {@link naturalGradient}. */
export interface NaturalGradientOptions extends FisherInverseOptions {
  /**
   * Learning rate (a constant > 0 or a schedule). Required without a trust region; with one it
   * multiplies the trust-region step and defaults to 1 (a step of KL = delta).
   */
  lr?: LearningRate;
  /** Whether params lie in the domain; with it, a step that leaves the domain throws (or backtracks). */
  inDomain?: (params: Float64Array) => boolean;
  /** Halve a step that leaves the domain, up to 50 times, instead of throwing. Needs inDomain. */
  backtrack?: boolean;
}

/**
 * Natural gradient descent, exact (Cholesky), damped, or matrix-free (CG on Fisher-vector
 * products), with an optional KL trust region and domain backtracking.
 * It is chain(scaleByFisherInverse(options), scaleByLearningRate(lr)), wrapped by
 * constrainToDomain when `inDomain` is given.
 *
 * Formula: x_{t+1} = x_t - lr (F(x_t) + lambda I)^{-1} g_t; with trustRegion { kl: delta } the
 * direction d = (F + lambda I)^{-1} g is scaled to sqrt(2 delta / (g^T d)) d, so the step's KL
 * is delta to second order (times lr^2).
 * Domain: lr > 0; lambda >= 0; delta > 0; F symmetric, positive definite when lambda = 0
 * (a singular Fisher throws an InfogeoError naming 'fisher' that suggests damping); g finite.
 *
 * @example
 * // Bernoulli in the logit theta, loss KL(bernoulli(0.8) || p_theta): g = sigmoid(theta) - 0.8,
 * // F = p (1 - p). At theta = 0 (p = 0.5): g = -0.3, F = 0.25, step = -lr g / F.
 * const opt = naturalGradient({ lr: 0.5, fisher: (th) => { const p = 1 / (1 + Math.exp(-th[0])); return Float64Array.of(p * (1 - p)); } });
 * const th = Float64Array.of(0);
 * opt.update(Float64Array.of(-0.3), opt.init(th), th)[0] // Float64Array [0.6]
 */
export function naturalGradient(options: NaturalGradientOptions): GradientTransformation<ChainState> {
  const where = 'naturalGradient';
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { lr, fisher | fisherVectorProduct, ... }');
  const lr = options.lr ?? (options.trustRegion !== undefined ? 1 : undefined);
  if (lr === undefined) throw new InfogeoError(where, 'lr', lr, 'a learning rate > 0 (or a schedule); it may be omitted only with a trustRegion');
  const domain = domainSettings(where, options);
  const base = chain(fisherInverseTransform(where, options), scaleByLearningRate(lr));
  if (domain.inDomain === undefined) return base;
  return constrainToDomain(base, { inDomain: domain.inDomain, backtrack: domain.backtrack }, where);
}
