/**
 * Momentum as a trace of past gradients: heavy ball (Polyak 1964) and Nesterov's look-ahead
 * form (Nesterov 1983, in the formulation of Sutskever, Martens, Dahl and Hinton 2013).
 */
import { checkFiniteVector, type GradientTransformation } from './transform.js';
import { checkLength, checkUnitInterval } from './checks.js';

/** Options of {@link traceMomentum}. */
export interface MomentumOptions {
  /** Decay of the trace (the momentum coefficient beta). In [0, 1). Default 0.9. */
  decay?: number;
  /** Use Nesterov's look-ahead update. Default false. */
  nesterov?: boolean;
}

/** State of {@link traceMomentum}: the trace (velocity). */
export interface MomentumState {
  readonly trace: Float64Array;
}

/**
 * Accumulates a decaying sum of gradients.
 *
 * Formula: m_t = g_t + beta m_{t-1}, m_0 = 0; heavy ball u_t = m_t; Nesterov u_t = g_t + beta m_t.
 * With u scaled by -lr this is x_{t+1} = x_t - lr m_t (optax's trace; no dampening factor).
 * Domain: beta in [0, 1); the gradient finite.
 *
 * @example
 * const t = traceMomentum({ decay: 0.5 });
 * const x = Float64Array.of(0);
 * const [u1, s1] = t.update(Float64Array.of(1), t.init(x), x); // u1 = [1]
 * const [u2] = t.update(Float64Array.of(1), s1, x);            // u2 = [1.5]
 */
export function traceMomentum(options: MomentumOptions = {}): GradientTransformation<MomentumState> {
  const where = 'traceMomentum';
  const beta = checkUnitInterval(where, 'decay', options.decay ?? 0.9);
  const nesterov = options.nesterov ?? false;
  return {
    init: (params) => ({ trace: new Float64Array(params.length) }),
    update: (grad, state) => {
      checkLength(where, 'grad', grad, state.trace.length);
      checkFiniteVector(where, 'grad', grad);
      const n = grad.length;
      const trace = new Float64Array(n);
      for (let i = 0; i < n; i++) trace[i] = grad[i] + beta * state.trace[i];
      if (!nesterov) return [Float64Array.from(trace), { trace }];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = grad[i] + beta * trace[i];
      return [out, { trace }];
    },
  };
}
