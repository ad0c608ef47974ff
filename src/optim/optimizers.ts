/**
 * The named first-order optimisers, each only a chain of blocks (as optax's `alias` module):
 * a preconditioner or momentum trace, then {@link scaleByLearningRate}. The natural-gradient
 * family lives in naturalGradient.ts, diagonalFisherNG.ts, empiricalFisherNG.ts and
 * mirrorDescent.ts.
 *
 * Every optimiser is a GradientTransformation: `init(params)`, then repeatedly
 * `[step, state] = update(grad, state, params)` and `params = applyUpdate(params, step)`.
 */
import { chain, type GradientTransformation } from './transform.js';
import { scaleByLearningRate, type LearningRate } from './scaleBySchedule.js';
import { scaleByAdam, type AdamOptions } from './scaleByAdam.js';
import { scaleByAdagrad, type AdagradOptions } from './scaleByAdagrad.js';
import { scaleByRms, type RmsOptions } from './scaleByRms.js';
import { traceMomentum } from './traceMomentum.js';
import { addDecayedWeights } from './addDecayedWeights.js';
import { checkNonNegative } from './checks.js';

/** A chain's state: one entry per block. */
export type ChainState = unknown[];

/**
 * Plain gradient descent.
 *
 * Formula: x_{t+1} = x_t - lr(t) g_t. Domain: lr > 0 (or a schedule with finite values).
 *
 * @example
 * const opt = sgd(0.1);
 * const x = Float64Array.of(1, 2);
 * opt.update(Float64Array.of(1, -1), opt.init(x), x)[0] // Float64Array [-0.1, 0.1]
 */
export function sgd(lr: LearningRate): GradientTransformation<ChainState> {
  return chain(scaleByLearningRate(lr));
}

/** Options of {@link momentum}. */
export interface MomentumOptimizerOptions {
  /** Nesterov's look-ahead form instead of the heavy ball. Default false. */
  nesterov?: boolean;
}

/**
 * Gradient descent with momentum: heavy ball (Polyak 1964) or Nesterov.
 *
 * Formula: m_t = g_t + beta m_{t-1}; heavy ball x_{t+1} = x_t - lr m_t, Nesterov
 * x_{t+1} = x_t - lr (g_t + beta m_t). Domain: lr > 0, beta in [0, 1).
 * On a quadratic with curvatures in [mu, L], lr = 4 / (sqrt(L) + sqrt(mu))^2 and
 * beta = ((sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu)))^2 give the heavy ball's optimal rate.
 *
 * @example
 * const opt = momentum(0.1, 0.5);
 * const x = Float64Array.of(0);
 * const [s1, st] = opt.update(Float64Array.of(1), opt.init(x), x); // s1 = [-0.1]
 * opt.update(Float64Array.of(1), st, x)[0]                          // [-0.15000000000000002]
 */
export function momentum(lr: LearningRate, beta = 0.9, options: MomentumOptimizerOptions = {}): GradientTransformation<ChainState> {
  return chain(traceMomentum({ decay: beta, nesterov: options.nesterov ?? false }), scaleByLearningRate(lr));
}

/**
 * Adam (Kingma and Ba 2015).
 *
 * Formula: x_{t+1} = x_t - lr mu_hat_t / (sqrt(nu_hat_t) + eps), with the bias-corrected
 * moment averages of {@link scaleByAdam}. The first step moves every coordinate by lr
 * (up to eps / |g|), whatever the gradient's scale. Domain: lr > 0; b1, b2 in [0, 1); eps >= 0.
 * With a constant lr Adam ends in a limit cycle of size about lr around a minimiser; a decaying
 * schedule (e.g. {@link cosineDecay}) lets it converge.
 *
 * @example
 * const opt = adam(0.01);
 * const x = Float64Array.of(0, 0);
 * opt.update(Float64Array.of(1000, -0.001), opt.init(x), x)[0]
 * // Float64Array [-0.009999999999899999, 0.00999990000099999]  (-lr sign(g), up to eps / |g|)
 */
export function adam(lr: LearningRate, options: AdamOptions = {}): GradientTransformation<ChainState> {
  return chain(scaleByAdam(options), scaleByLearningRate(lr));
}

/** Options of {@link adamw}. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay lambda. Finite, >= 0. Default 1e-4. */
  weightDecay?: number;
}

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov and Hutter 2019).
 *
 * Formula: x_{t+1} = x_t - lr (mu_hat_t / (sqrt(nu_hat_t) + eps) + lambda x_t). The decay is not
 * divided by Adam's preconditioner, unlike an L2 penalty in the loss. Domain: as {@link adam},
 * lambda >= 0.
 *
 * @example
 * const opt = adamw(0.1, { weightDecay: 0.5 });
 * const x = Float64Array.of(2);
 * opt.update(Float64Array.of(1), opt.init(x), x)[0] // Float64Array [-0.199999999]  (-0.1 (1 + 0.5 * 2), up to eps)
 */
export function adamw(lr: LearningRate, options: AdamWOptions = {}): GradientTransformation<ChainState> {
  const weightDecay = checkNonNegative('adamw', 'weightDecay', options.weightDecay ?? 1e-4);
  return chain(scaleByAdam(options), addDecayedWeights(weightDecay), scaleByLearningRate(lr));
}

/**
 * AdaGrad, diagonal form (Duchi, Hazan and Singer 2011).
 *
 * Formula: G_t = G_{t-1} + g_t^2, x_{t+1} = x_t - lr g_t / sqrt(G_t + eps). Domain: lr > 0;
 * initialAccumulatorValue, eps >= 0.
 *
 * @example
 * const opt = adagrad(1, { initialAccumulatorValue: 0, eps: 0 });
 * const x = Float64Array.of(0);
 * opt.update(Float64Array.of(3), opt.init(x), x)[0] // Float64Array [-1]
 */
export function adagrad(lr: LearningRate, options: AdagradOptions = {}): GradientTransformation<ChainState> {
  return chain(scaleByAdagrad(options), scaleByLearningRate(lr));
}

/** Options of {@link rmsprop}. */
export interface RmspropOptions extends RmsOptions {
  /** Momentum coefficient applied after the RMS scaling; 0 (the default) for none. In [0, 1). */
  momentum?: number;
  /** Nesterov form of that momentum. Default false. */
  nesterov?: boolean;
}

/**
 * RMSProp (Tieleman and Hinton 2012), optionally with momentum on the rescaled gradient.
 *
 * Formula: nu_t = decay nu_{t-1} + (1 - decay) g_t^2, x_{t+1} = x_t - lr g_t / (sqrt(nu_t) + eps)
 * (with momentum, the rescaled gradients are traced first). Domain: lr > 0; decay, momentum in [0, 1).
 *
 * @example
 * const opt = rmsprop(0.01, { decay: 0.75 });
 * const x = Float64Array.of(0);
 * opt.update(Float64Array.of(2), opt.init(x), x)[0] // Float64Array [-0.019999999800000005]
 */
export function rmsprop(lr: LearningRate, options: RmspropOptions = {}): GradientTransformation<ChainState> {
  const beta = options.momentum ?? 0;
  const blocks: GradientTransformation<any>[] = [scaleByRms(options)];
  if (beta !== 0 || options.nesterov) blocks.push(traceMomentum({ decay: beta, nesterov: options.nesterov ?? false }));
  blocks.push(scaleByLearningRate(lr));
  return chain(...blocks);
}
