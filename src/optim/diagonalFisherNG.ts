/**
 * Natural gradient with a diagonal approximation of the Fisher information: each coordinate is
 * divided by its own Fisher entry. Exact when the Fisher is diagonal (independent coordinates,
 * e.g. a normal in (mu, sigma)), and O(dim) per step instead of a dim x dim solve; it loses
 * the invariance under reparameterisations that mix coordinates.
 */
import { InfogeoError } from '../errors.js';
import { chain, checkFiniteVector, type GradientTransformation } from './transform.js';
import { scaleByLearningRate, type LearningRate } from './scaleBySchedule.js';
import { checkFunction, checkNonNegative } from './checks.js';
import type { ChainState } from './optimizers.js';

/** Options of {@link scaleByDiagonalFisherInverse}. */
export interface DiagonalFisherOptions {
  /** The diagonal of the Fisher matrix at the parameters (length dim, entries >= 0). */
  diagFisher: (params: Float64Array) => Float64Array;
  /** lambda added to every diagonal entry. Finite, >= 0. Default 0. */
  damping?: number;
}

/**
 * Divides each coordinate of the gradient by the damped diagonal Fisher entry.
 *
 * Formula: u_i = g_i / (F_ii(x) + lambda). Domain: F_ii finite and >= 0, F_ii + lambda > 0
 * (a zero entry without damping throws an InfogeoError naming 'diagFisher'); g finite.
 *
 * @example
 * const t = scaleByDiagonalFisherInverse({ diagFisher: () => Float64Array.of(4, 0), damping: 1 });
 * const x = Float64Array.of(0, 0);
 * t.update(Float64Array.of(10, 3), t.init(x), x)[0] // Float64Array [2, 3]
 */
export function scaleByDiagonalFisherInverse(options: DiagonalFisherOptions): GradientTransformation<null> {
  return diagonalTransform('scaleByDiagonalFisherInverse', options);
}

function diagonalTransform(where: string, options: DiagonalFisherOptions): GradientTransformation<null> {
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { diagFisher, damping }');
  checkFunction(where, 'diagFisher', options.diagFisher, 'a function params -> Float64Array (the Fisher diagonal)');
  const lambda = checkNonNegative(where, 'damping', options.damping ?? 0);
  return {
    init: () => null,
    update: (grad, state, params) => {
      checkFiniteVector(where, 'grad', grad);
      const n = grad.length;
      const d = options.diagFisher(params);
      if (!(d instanceof Float64Array) || d.length !== n) throw new InfogeoError(where, 'diagFisher', d, `a Float64Array of length ${n}`);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const di = d[i];
        if (!(di >= 0) || di === Infinity) throw new InfogeoError(where, `diagFisher[${i}]`, di, 'a finite number >= 0 (a Fisher diagonal entry)');
        const denom = di + lambda;
        if (denom === 0) {
          throw new InfogeoError(where, `diagFisher[${i}]`, di, 'a positive number', 'the diagonal Fisher is singular in this coordinate; pass damping > 0');
        }
        out[i] = grad[i] / denom;
      }
      return [out, state];
    },
  };
}

/** Options of {@link diagonalFisherNG}. */
export interface DiagonalFisherNGOptions extends DiagonalFisherOptions {
  /** Learning rate: a constant > 0 or a schedule. */
  lr: LearningRate;
}

/**
 * Diagonal natural gradient descent: chain(scaleByDiagonalFisherInverse, scaleByLearningRate(lr)).
 *
 * Formula: x_{t+1, i} = x_{t, i} - lr g_i / (F_ii(x_t) + lambda). Domain as
 * {@link scaleByDiagonalFisherInverse}; lr > 0.
 *
 * @example
 * // normal(mu, sigma): Fisher diag(1 / sigma^2, 2 / sigma^2) is diagonal, so this is exact NG.
 * const opt = diagonalFisherNG({ lr: 0.1, diagFisher: (x) => Float64Array.of(1 / x[1] ** 2, 2 / x[1] ** 2) });
 * const x = Float64Array.of(0, 2);
 * opt.update(Float64Array.of(1, 1), opt.init(x), x)[0] // Float64Array [-0.4, -0.2]
 */
export function diagonalFisherNG(options: DiagonalFisherNGOptions): GradientTransformation<ChainState> {
  const where = 'diagonalFisherNG';
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { lr, diagFisher, damping }');
  return chain(diagonalTransform(where, options), scaleByLearningRate(options.lr));
}
