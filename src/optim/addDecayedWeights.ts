/**
 * Decoupled weight decay: add a multiple of the parameters to the update.
 * Reference: Loshchilov and Hutter (2019), "Decoupled weight decay regularization" (AdamW).
 */
import { checkFiniteVector, type GradientTransformation } from './transform.js';
import { checkLength, checkNonNegative } from './checks.js';

/**
 * Adds weightDecay * params to the update. Placed after a preconditioner (as in AdamW) the decay
 * is not rescaled by it, unlike an L2 penalty added to the loss.
 *
 * Formula: u = g + lambda x. Domain: lambda finite, >= 0; g and x finite, of equal length.
 *
 * @example
 * const t = addDecayedWeights(0.1);
 * t.update(Float64Array.of(1), null, Float64Array.of(5))[0] // Float64Array [1.5]
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation<null> {
  const where = 'addDecayedWeights';
  const lambda = checkNonNegative(where, 'weightDecay', weightDecay);
  return {
    init: () => null,
    update: (grad, state, params) => {
      checkLength(where, 'params', params, grad.length);
      checkFiniteVector(where, 'grad', grad);
      const out = new Float64Array(grad.length);
      for (let i = 0; i < grad.length; i++) out[i] = grad[i] + lambda * params[i];
      return [out, state];
    },
  };
}
