/**
 * Natural gradient by truncated conjugate gradient on exact Fisher-vector products (the
 * Hessian-free approach of Martens 2010, with the Fisher/Gauss-Newton matrix): solve
 * (F + damping I) x = grad with a few CG iterations of the library's solver (src/linalg/cg.ts),
 * warm-started from the previous solution, and step = -lr x. Each iteration costs one
 * Fisher-vector product (a forward, a JVP and a VJP pass) on the curvature batch. The damping
 * follows Martens' Levenberg-Marquardt rule (x 3/2 when the reduction ratio rho < 1/4, x 2/3 when
 * rho > 3/4), and a step that increases the batch loss is rejected (one extra forward pass).
 */
import { tf } from '../backend.js';
import { conjugateGradient } from '../../linalg/cg.js';
import type { Sequential } from '../sequential.js';
import type { OutputDistribution } from '../outputs/output.js';
import { fisherVp } from '../curvature/products.js';
import { flattenParams, unflattenParams } from '../params.js';
import type { NNTransform } from './transform.js';
import { checkGrads, checkInt, checkPositive, checkUnit } from './checks.js';
import { addScaled } from './layerView.js';

/** Options of {@link naturalGradientCG}. */
export interface NaturalGradientCGOptions {
  /** Learning rate. Default 1. */
  lr?: number;
  /** Initial Tikhonov damping. Default 1. */
  damping?: number;
  /** Adapt the damping from the reduction ratio and reject steps that increase the loss. Default true. */
  adaptDamping?: boolean;
  /** CG iterations per step. Default 10. */
  maxIter?: number;
  /** Relative residual tolerance. Default 1e-3. */
  tol?: number;
  /** Warm start x0 = warmStart * previous solution (Martens 2010 uses 0.95). Default 0.95; 0 disables. */
  warmStart?: number;
  /** Use the first curvatureBatch examples of each batch for the products (default: all). */
  curvatureBatch?: number;
}

/** State of {@link naturalGradientCG}: the previous solution, for the warm start. */
export interface NaturalGradientCGState {
  count: number;
  damping: number;
  prev: Float64Array | null;
  /** Iterations used by the last solve. */
  iterations: number;
}

/**
 * Truncated-CG natural gradient for a sequential network.
 *
 * Formula: step = -lr x, x ~ (F + damping I)^-1 grad after at most maxIter CG iterations.
 * Domain: lr, damping, tol > 0; maxIter >= 1; warmStart in [0, 1]. Needs the context's batch.
 *
 * @example const opt = naturalGradientCG(net, categoricalOutput(), { maxIter: 10 });
 */
export function naturalGradientCG(net: Sequential, out: OutputDistribution, options: NaturalGradientCGOptions = {}): NNTransform<NaturalGradientCGState> {
  const where = 'naturalGradientCG';
  const lr = checkPositive(where, 'lr', options.lr ?? 1);
  const damping0 = checkPositive(where, 'damping', options.damping ?? 1);
  const adapt = options.adaptDamping ?? true;
  const maxIter = checkInt(where, 'maxIter', options.maxIter ?? 10, 1);
  const tol = checkPositive(where, 'tol', options.tol ?? 1e-3);
  const warm = checkUnit(where, 'warmStart', options.warmStart ?? 0.95, true);
  const cb = options.curvatureBatch === undefined ? Infinity : checkInt(where, 'curvatureBatch', options.curvatureBatch, 1);
  return {
    name: 'naturalGradientCG',
    init: () => ({ count: 0, damping: damping0, prev: null, iterations: 0 }),
    update(grads, state, params, ctx) {
      checkGrads(where, grads);
      const x = ctx.batch.x.shape[0] > cb ? tf.slice(ctx.batch.x, [0, 0], [cb, -1]) : ctx.batch.x;
      const g = flattenParams(grads);
      let damping = state.damping;
      const apply = (o: Float64Array, v: Float64Array): void => {
        const vt = unflattenParams(v, net.paramShapes);
        const fv = fisherVp(net, out, params, x, vt);
        const f = flattenParams(fv);
        tf.dispose([...vt, ...fv]);
        for (let i = 0; i < o.length; i++) o[i] = f[i] + damping * v[i];
      };
      const x0 = state.prev && warm > 0 ? state.prev.map((v) => v * warm) : undefined;
      const res = conjugateGradient(apply, g, { x0, tol, maxIter });
      if (x !== ctx.batch.x) x.dispose();
      const stepFlat = res.x.map((v) => -lr * v);
      let step = unflattenParams(stepFlat, net.paramShapes);
      if (adapt) {
        // M(step) = g . step + 1/2 step^T (F + lambda I) step, with (F + lambda I) x ~ g.
        let gx = 0;
        for (let i = 0; i < g.length; i++) gx += g[i] * res.x[i];
        const model = -lr * gx + 0.5 * lr * lr * gx;
        const trial = addScaled(params, step, 1);
        const lossT = ctx.batch.y ? tf.tidy(() => out.loss(net.forward(trial, ctx.batch.x), ctx.batch.y)) : null;
        const newLoss = lossT ? lossT.dataSync()[0] : Number.NaN;
        tf.dispose(trial);
        lossT?.dispose();
        const rho = (newLoss - ctx.loss) / model;
        if (rho < 0.25 || !Number.isFinite(rho)) damping *= 1.5;
        else if (rho > 0.75) damping *= 2 / 3;
        if (!(newLoss <= ctx.loss)) {
          tf.dispose(step);
          step = params.map((p) => tf.zerosLike(p));
          ctx.log?.(`naturalGradientCG: step ${state.count + 1} rejected (loss ${ctx.loss} -> ${newLoss}); damping ${damping.toExponential(2)}`);
        }
      }
      return [step, { count: state.count + 1, damping, prev: res.x, iterations: res.iterations }];
    },
  };
}
