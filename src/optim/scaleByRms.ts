/**
 * RMSProp's preconditioner: divide by the root of a running average of squared gradients.
 * Reference: Tieleman and Hinton (2012), lecture 6.5 of "Neural networks for machine learning".
 */
import { checkFiniteVector, type GradientTransformation } from './transform.js';
import { checkLength, checkNonNegative, checkUnitInterval } from './checks.js';

/** Options of {@link scaleByRms}. */
export interface RmsOptions {
  /** Decay of the squared-gradient average. In [0, 1). Default 0.9. */
  decay?: number;
  /** Added to the root in the denominator. Finite, >= 0. Default 1e-8. */
  eps?: number;
  /** Initial value of the average. Finite, >= 0. Default 0. */
  initialScale?: number;
}

/** State of {@link scaleByRms}: the running average of g^2. */
export interface RmsState {
  readonly nu: Float64Array;
}

/**
 * Rescales the gradient by the root mean square of recent gradients.
 *
 * Formula: nu_t = decay nu_{t-1} + (1 - decay) g_t^2, u_t = g_t / (sqrt(nu_t) + eps) (entrywise),
 * nu_0 = initialScale. No bias correction, so with nu_0 = 0 the first update is
 * g / (sqrt(1 - decay) |g| + eps), about 3.16 per coordinate for decay = 0.9.
 * Domain: decay in [0, 1); eps, initialScale >= 0; the gradient finite.
 *
 * @example
 * const t = scaleByRms({ decay: 0.75 });
 * t.update(Float64Array.of(2), t.init(Float64Array.of(0)), Float64Array.of(0))[0]
 * // Float64Array [1.9999999800000003]  (= 2 / (sqrt(0.25 * 4) + 1e-8))
 */
export function scaleByRms(options: RmsOptions = {}): GradientTransformation<RmsState> {
  const where = 'scaleByRms';
  const decay = checkUnitInterval(where, 'decay', options.decay ?? 0.9);
  const eps = checkNonNegative(where, 'eps', options.eps ?? 1e-8);
  const initialScale = checkNonNegative(where, 'initialScale', options.initialScale ?? 0);
  return {
    init: (params) => ({ nu: new Float64Array(params.length).fill(initialScale) }),
    update: (grad, state) => {
      checkLength(where, 'grad', grad, state.nu.length);
      checkFiniteVector(where, 'grad', grad);
      const n = grad.length;
      const nu = new Float64Array(n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const g = grad[i];
        nu[i] = decay * state.nu[i] + (1 - decay) * g * g;
        const d = Math.sqrt(nu[i]) + eps;
        out[i] = d === 0 ? 0 : g / d;
      }
      return [out, { nu }];
    },
  };
}
