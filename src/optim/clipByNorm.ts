/**
 * Gradient clipping by the Euclidean norm.
 * Reference: Pascanu, Mikolov and Bengio (2013), "On the difficulty of training recurrent
 * neural networks", section 3.2.
 */
import { checkPositive } from '../errors.js';
import { norm2 } from '../linalg/index.js';
import { checkFiniteVector, type GradientTransformation } from './transform.js';

/**
 * Rescales the update so that its Euclidean norm is at most maxNorm; the direction is kept.
 *
 * Formula: u = g min(1, maxNorm / ||g||_2). Domain: maxNorm finite, > 0; g finite.
 *
 * @example
 * const t = clipByNorm(1);
 * t.update(Float64Array.of(3, 4), null, Float64Array.of(0, 0))[0] // Float64Array [0.6000000000000001, 0.8]
 */
export function clipByNorm(maxNorm: number): GradientTransformation<null> {
  const where = 'clipByNorm';
  const bound = checkPositive(where, 'maxNorm', maxNorm);
  return {
    init: () => null,
    update: (grad, state) => {
      checkFiniteVector(where, 'grad', grad);
      const norm = norm2(grad, grad.length);
      const factor = norm > bound ? bound / norm : 1;
      const out = new Float64Array(grad.length);
      for (let i = 0; i < grad.length; i++) out[i] = factor * grad[i];
      return [out, state];
    },
  };
}
