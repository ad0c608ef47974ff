/**
 * Natural gradient with the empirical Fisher: the mean outer product of per-example gradients
 * (1 / N) sum_n g_n g_n^T in place of the Fisher E_model[score score^T]. It needs no model
 * samples and is what many "natural gradient" implementations compute, but it is not the
 * Fisher: it vanishes at an interpolating fit, depends on the data's noise rather than the
 * model's, and under misspecification preconditions in the wrong direction.
 * Reference: Kunstner, Hennig and Balles (2019), "Limitations of the empirical Fisher
 * approximation for natural gradient descent", NeurIPS.
 */
import { InfogeoError } from '../errors.js';
import { gemv, gemvT, gram } from '../linalg/index.js';
import { chain, checkFiniteVector, type GradientTransformation } from './transform.js';
import { scaleByLearningRate, type LearningRate } from './scaleBySchedule.js';
import { checkFunction, checkNonNegative } from './checks.js';
import { solveFisherSystem, type FisherInverseState } from './scaleByFisherInverse.js';
import type { ChainState } from './optimizers.js';

/** Options of {@link scaleByEmpiricalFisherInverse}. */
export interface EmpiricalFisherOptions {
  /** The per-example gradients g_1..g_N at the parameters (N >= 1 arrays of length dim). */
  perExampleGrads: (params: Float64Array) => Float64Array[];
  /** lambda in (EF + lambda I)^{-1} g. Finite, >= 0. Default 0 (singular when N < dim). */
  damping?: number;
  /**
   * 'cholesky' forms the dim x dim matrix (O(N dim^2 + dim^3)); 'cg' applies it as
   * (1 / N) G^T (G v) (O(N dim) per product), for dim >> N. Default 'cholesky'.
   */
  solver?: 'cholesky' | 'cg';
  /** CG stopping rule (as in scaleByFisherInverse). */
  cg?: { tol?: number; maxIter?: number };
}

/**
 * Stacks the per-example gradients into an N x dim row-major matrix, checking shapes and values.
 */
function stack(where: string, grads: unknown, n: number): { g: Float64Array; count: number } {
  if (!Array.isArray(grads) || grads.length === 0) throw new InfogeoError(where, 'perExampleGrads', grads, 'a non-empty array of per-example gradients');
  const count = grads.length;
  const g = new Float64Array(count * n);
  for (let k = 0; k < count; k++) {
    const gk = grads[k];
    if (!(gk instanceof Float64Array) || gk.length !== n) throw new InfogeoError(where, `perExampleGrads[${k}]`, gk, `a Float64Array of length ${n}`);
    checkFiniteVector(where, `perExampleGrads[${k}]`, gk);
    g.set(gk, k * n);
  }
  return { g, count };
}

/**
 * Preconditions the gradient by the inverse of the damped empirical Fisher at the parameters.
 *
 * Formula: u = (EF + lambda I)^{-1} g, EF = (1 / N) sum_n g_n g_n^T. Domain: EF + lambda I
 * positive definite (without damping this needs N >= dim gradients spanning R^dim; otherwise an
 * InfogeoError naming 'fisher'); lambda >= 0; g finite.
 *
 * @example
 * // Two examples with gradients (2, 2) and (2, -2): EF = diag(4, 4).
 * const t = scaleByEmpiricalFisherInverse({ perExampleGrads: () => [Float64Array.of(2, 2), Float64Array.of(2, -2)] });
 * const x = Float64Array.of(0, 0);
 * t.update(Float64Array.of(1, 1), t.init(x), x)[0] // Float64Array [0.25, 0.25]
 */
export function scaleByEmpiricalFisherInverse(options: EmpiricalFisherOptions): GradientTransformation<FisherInverseState> {
  return empiricalTransform('scaleByEmpiricalFisherInverse', options);
}

function empiricalTransform(where: string, options: EmpiricalFisherOptions): GradientTransformation<FisherInverseState> {
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { perExampleGrads, damping }');
  checkFunction(where, 'perExampleGrads', options.perExampleGrads, 'a function params -> Float64Array[] (one gradient per example)');
  const damping = checkNonNegative(where, 'damping', options.damping ?? 0);
  const solver = options.solver ?? 'cholesky';
  if (solver !== 'cholesky' && solver !== 'cg') throw new InfogeoError(where, 'solver', solver, "'cholesky' or 'cg'");
  const tol = options.cg?.tol ?? 1e-10;
  if (!(tol > 0) || !Number.isFinite(tol)) throw new InfogeoError(where, 'cg.tol', tol, 'a finite number > 0');
  const maxIter = options.cg?.maxIter;
  if (maxIter !== undefined && !(Number.isInteger(maxIter) && maxIter >= 1)) throw new InfogeoError(where, 'cg.maxIter', maxIter, 'an integer >= 1');
  return {
    init: () => ({ count: 0, cgIterations: 0, cgRelativeResidual: 0 }),
    update: (grad, state, params) => {
      checkFiniteVector(where, 'grad', grad);
      const n = grad.length;
      const { g, count } = stack(where, options.perExampleGrads(params), n);
      const res =
        solver === 'cholesky'
          ? solveFisherSystem(where, grad, { matrix: gram(new Float64Array(n * n), g, count, n, 1 / count), damping, solver, tol, maxIter })
          : solveFisherSystem(where, grad, {
              apply: (() => {
                const gv = new Float64Array(count);
                return (out: Float64Array, v: Float64Array) => {
                  gemv(gv, g, v, count, n);
                  gemvT(out, g, gv, count, n, 1 / count);
                };
              })(),
              damping,
              solver,
              tol,
              maxIter,
            });
      return [res.direction, { count: state.count + 1, cgIterations: res.iterations, cgRelativeResidual: res.relativeResidual }];
    },
  };
}

/** Options of {@link empiricalFisherNG}. */
export interface EmpiricalFisherNGOptions extends EmpiricalFisherOptions {
  /** Learning rate: a constant > 0 or a schedule. */
  lr: LearningRate;
}

/**
 * Natural gradient descent with the empirical Fisher:
 * chain(scaleByEmpiricalFisherInverse(options), scaleByLearningRate(lr)).
 *
 * Formula: x_{t+1} = x_t - lr ((1 / N) sum_n g_n g_n^T + lambda I)^{-1} g_t, g_n the
 * per-example gradients at x_t. Domain as {@link scaleByEmpiricalFisherInverse}; lr > 0.
 *
 * @example
 * const opt = empiricalFisherNG({ lr: 0.1, damping: 1, perExampleGrads: () => [Float64Array.of(3)] });
 * const x = Float64Array.of(0);
 * opt.update(Float64Array.of(3), opt.init(x), x)[0] // Float64Array [-0.03]  (-0.1 * 3 / (9 + 1))
 */
export function empiricalFisherNG(options: EmpiricalFisherNGOptions): GradientTransformation<ChainState> {
  const where = 'empiricalFisherNG';
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { lr, perExampleGrads, damping }');
  return chain(empiricalTransform(where, options), scaleByLearningRate(options.lr));
}
