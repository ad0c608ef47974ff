/**
 * Adam's preconditioner: bias-corrected running averages of the gradient and of its square.
 * Reference: Kingma and Ba (2015), "Adam: a method for stochastic optimization", algorithm 1.
 */
import { checkLength, checkNonNegative, checkUnitInterval } from './checks.js';
import { checkFiniteVector, type GradientTransformation } from './transform.js';

/** Options of {@link scaleByAdam}. */
export interface AdamOptions {
  /** Decay of the first-moment average. In [0, 1). Default 0.9. */
  b1?: number;
  /** Decay of the second-moment average. In [0, 1). Default 0.999. */
  b2?: number;
  /** Added to sqrt(nu_hat) in the denominator. Finite, >= 0. Default 1e-8. */
  eps?: number;
  /** Added to nu_hat inside the square root (optax's eps_root). Finite, >= 0. Default 0. */
  epsRoot?: number;
}

/** State of {@link scaleByAdam}: the update count and both moment averages. */
export interface AdamState {
  readonly count: number;
  readonly mu: Float64Array;
  readonly nu: Float64Array;
}

/**
 * Rescales the gradient by Adam's bias-corrected moment estimates (no learning rate, no sign:
 * compose with {@link scaleByLearningRate}).
 *
 * Formula: mu_t = b1 mu_{t-1} + (1 - b1) g_t, nu_t = b2 nu_{t-1} + (1 - b2) g_t^2 (entrywise),
 * u_t = mu_hat / (sqrt(nu_hat + epsRoot) + eps) with mu_hat = mu_t / (1 - b1^t),
 * nu_hat = nu_t / (1 - b2^t), t = 1, 2, ... The bias correction makes the first update
 * g / (|g| + eps): magnitude 1 per coordinate whatever the gradient's scale.
 * Domain: b1, b2 in [0, 1); eps, epsRoot >= 0; the gradient finite.
 *
 * @example
 * const t = scaleByAdam();
 * t.update(Float64Array.of(3, -0.5), t.init(Float64Array.of(0, 0)), Float64Array.of(0, 0))[0]
 * // Float64Array [0.9999999966666667, -0.9999999800000003]  (= g / (|g| + 1e-8))
 */
export function scaleByAdam(options: AdamOptions = {}): GradientTransformation<AdamState> {
  const where = 'scaleByAdam';
  const b1 = checkUnitInterval(where, 'b1', options.b1 ?? 0.9);
  const b2 = checkUnitInterval(where, 'b2', options.b2 ?? 0.999);
  const eps = checkNonNegative(where, 'eps', options.eps ?? 1e-8);
  const epsRoot = checkNonNegative(where, 'epsRoot', options.epsRoot ?? 0);
  return {
    init: (params) => ({ count: 0, mu: new Float64Array(params.length), nu: new Float64Array(params.length) }),
    update: (grad, state) => {
      checkLength(where, 'grad', grad, state.mu.length);
      checkFiniteVector(where, 'grad', grad);
      const n = grad.length;
      const count = state.count + 1;
      const c1 = 1 - Math.pow(b1, count);
      const c2 = 1 - Math.pow(b2, count);
      const mu = new Float64Array(n);
      const nu = new Float64Array(n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const g = grad[i];
        mu[i] = b1 * state.mu[i] + (1 - b1) * g;
        nu[i] = b2 * state.nu[i] + (1 - b2) * g * g;
        out[i] = mu[i] / c1 / (Math.sqrt(nu[i] / c2 + epsRoot) + eps);
      }
      // 0 / 0 when a coordinate's gradient has been exactly zero so far and eps = 0: no movement.
      if (eps === 0 && epsRoot === 0) for (let i = 0; i < n; i++) if (Number.isNaN(out[i])) out[i] = 0;
      return [out, { count, mu, nu }];
    },
  };
}
