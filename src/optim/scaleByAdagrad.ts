/**
 * AdaGrad's preconditioner: divide by the root of the sum of all squared gradients so far.
 * Reference: Duchi, Hazan and Singer (2011), "Adaptive subgradient methods for online learning
 * and stochastic optimization", JMLR 12 (the diagonal version).
 */
import { checkFiniteVector, type GradientTransformation } from './transform.js';
import { checkLength, checkNonNegative } from './checks.js';

/** Options of {@link scaleByAdagrad}. */
export interface AdagradOptions {
  /** Initial value of the accumulated sum. Finite, >= 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Added to the sum inside the square root. Finite, >= 0. Default 1e-7. */
  eps?: number;
}

/** State of {@link scaleByAdagrad}: the accumulated sum of g^2. */
export interface AdagradState {
  readonly sumOfSquares: Float64Array;
}

/**
 * Rescales the gradient by the root of the accumulated squared gradients.
 *
 * Formula: G_t = G_{t-1} + g_t^2, u_t = g_t / sqrt(G_t + eps) (entrywise), G_0 = initialAccumulatorValue.
 * The effective step of each coordinate shrinks like 1 / sqrt(t) under a steady gradient.
 * Domain: initialAccumulatorValue, eps >= 0; the gradient finite.
 *
 * @example
 * const t = scaleByAdagrad({ initialAccumulatorValue: 0, eps: 0 });
 * t.update(Float64Array.of(-4), t.init(Float64Array.of(0)), Float64Array.of(0))[0] // Float64Array [-1]
 */
export function scaleByAdagrad(options: AdagradOptions = {}): GradientTransformation<AdagradState> {
  const where = 'scaleByAdagrad';
  const init = checkNonNegative(where, 'initialAccumulatorValue', options.initialAccumulatorValue ?? 0.1);
  const eps = checkNonNegative(where, 'eps', options.eps ?? 1e-7);
  return {
    init: (params) => ({ sumOfSquares: new Float64Array(params.length).fill(init) }),
    update: (grad, state) => {
      checkLength(where, 'grad', grad, state.sumOfSquares.length);
      checkFiniteVector(where, 'grad', grad);
      const n = grad.length;
      const sumOfSquares = new Float64Array(n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const g = grad[i];
        sumOfSquares[i] = state.sumOfSquares[i] + g * g;
        const d = Math.sqrt(sumOfSquares[i] + eps);
        out[i] = d === 0 ? 0 : g / d;
      }
      return [out, { sumOfSquares }];
    },
  };
}
