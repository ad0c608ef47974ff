/**
 * Optimisers as composable gradient transformations, in the style of optax: a pair of pure
 * functions `init(params) -> state` and `update(grad, state, params) -> [step, state]`, with
 * explicit state that is returned, never mutated. The step is ADDED to the parameters:
 * params_next = params + step (so a descent transform ends with a negative scale).
 *
 * Parameters, gradients and steps are flat Float64Arrays of the same length.
 */
import { InfogeoError } from '../errors.js';

/** A gradient transformation with state type S. */
export interface GradientTransformation<S = unknown> {
  /** Initial state for the given parameters. */
  init(params: Float64Array): S;
  /**
   * Transforms a gradient into an update. `params` are the current parameters (some transforms
   * need them: weight decay, natural gradient, mirror descent). Must not mutate its inputs.
   */
  update(grad: Float64Array, state: S, params: Float64Array): [Float64Array, S];
}

/** Throws unless every entry of `v` is finite: optimisers never continue with NaN. */
export function checkFiniteVector(where: string, param: string, v: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      throw new InfogeoError(where, `${param}[${i}]`, v[i], 'a finite number', 'the optimiser refuses to continue with a non-finite value');
    }
  }
  return v;
}

/** The identity transformation: the update is the gradient itself. */
export function identity(): GradientTransformation<null> {
  return {
    init: () => null,
    update: (grad, state) => [Float64Array.from(grad), state],
  };
}

/** Multiplies the update by a constant. `scale(-lr)` turns a direction into a descent step. */
export function scale(factor: number): GradientTransformation<null> {
  if (typeof factor !== 'number' || !Number.isFinite(factor)) throw new InfogeoError('scale', 'factor', factor, 'a finite number');
  return {
    init: () => null,
    update: (grad, state) => {
      const out = new Float64Array(grad.length);
      for (let i = 0; i < grad.length; i++) out[i] = factor * grad[i];
      return [out, state];
    },
  };
}

/**
 * Composes transformations left to right: the update of each is the gradient of the next.
 * @example const sgd = (lr: number) => chain(identity(), scale(-lr));
 */
export function chain(...transforms: GradientTransformation<any>[]): GradientTransformation<unknown[]> {
  if (transforms.length === 0) throw new InfogeoError('chain', 'transforms', transforms, 'at least one transformation');
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update: (grad, state, params) => {
      let g = grad;
      const next: unknown[] = new Array(transforms.length);
      for (let i = 0; i < transforms.length; i++) {
        const [u, s] = transforms[i].update(g, state[i], params);
        g = u;
        next[i] = s;
      }
      return [g, next];
    },
  };
}

/** params + step, as a fresh array. */
export function applyUpdate(params: Float64Array, step: Float64Array): Float64Array {
  const out = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) out[i] = params[i] + step[i];
  return out;
}
