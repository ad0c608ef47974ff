/**
 * Diagonal natural gradient: the Fisher's diagonal per dense layer (the mean squared
 * per-example gradient under sampled targets, curvature/statistics.ts), averaged over steps,
 * applied through the diagonal block's (C + damping I)^power.
 */
import { tf } from '../backend.js';
import { Rng } from '../../random/rng.js';
import type { Sequential } from '../sequential.js';
import type { OutputDistribution } from '../outputs/output.js';
import { diagonalFactor, layerStatistics, type FisherEstimator } from '../curvature/statistics.js';
import { diagonalBlock } from '../curvature/blocks/diagonal.js';
import type { NNTransform } from './transform.js';
import { releaseReplaced } from './state.js';
import { checkGrads, checkPositive, checkUnit } from './checks.js';
import { fromLayerMatrices, toLayerMatrices } from './layerView.js';
import { InfogeoError } from '../../errors.js';

/** Options of {@link diagonalFisher}. */
export interface DiagonalFisherOptions {
  /** Learning rate. Default 1e-3. */
  lr?: number;
  /** Damping added to the diagonal. Default 1e-4. */
  damping?: number;
  /** Power of the damped diagonal: -1 (natural gradient, default) or e.g. -1/2. */
  power?: number;
  /** Decay of the moving average. Default 0.95. */
  decay?: number;
  /** Fisher estimator. Default 'monteCarlo'. */
  estimator?: FisherEstimator;
  /** Seed of the sampled targets. Default 0. */
  seed?: number;
}

/** State of {@link diagonalFisher}. */
export interface DiagonalFisherState {
  count: number;
  d: tf.Tensor2D[];
  rng: number[];
}

/**
 * Natural gradient with the diagonal of the Fisher: step = -lr (diag F + damping)^power grad.
 *
 * Domain: lr, damping > 0; decay in [0, 1); power finite. Needs the context's batch.
 *
 * @example const opt = diagonalFisher(net, categoricalOutput(), { lr: 1e-3 });
 */
export function diagonalFisher(net: Sequential, out: OutputDistribution, options: DiagonalFisherOptions = {}): NNTransform<DiagonalFisherState> {
  const where = 'diagonalFisher';
  const lr = checkPositive(where, 'lr', options.lr ?? 1e-3);
  const damping = checkPositive(where, 'damping', options.damping ?? 1e-4);
  const power = options.power ?? -1;
  if (!Number.isFinite(power)) throw new InfogeoError(where, 'power', power, 'a finite number');
  const decay = checkUnit(where, 'decay', options.decay ?? 0.95);
  const estimator = options.estimator ?? 'monteCarlo';
  return {
    name: 'diagonalFisher',
    init: () => ({ count: 0, d: net.dense.map((s) => tf.zeros([s.inputSize + 1, s.outputSize]) as tf.Tensor2D), rng: new Rng(options.seed ?? 0).getState() }),
    update(grads, state, params, ctx) {
      checkGrads(where, grads);
      const r = new Rng(0);
      r.setState(state.rng);
      const stats = layerStatistics(net, out, params, ctx.batch.x, { estimator, rng: r, y: ctx.batch.y });
      const eps = Math.min(1 - 1 / (state.count + 1), decay);
      const d = stats.map((s, i) => {
        const f = diagonalFactor(s);
        tf.dispose([s.a, s.g]);
        const avg = tf.tidy(() => tf.add(tf.mul(state.d[i], eps), tf.mul(f, 1 - eps)) as tf.Tensor2D);
        f.dispose();
        return avg;
      });
      const gm = toLayerMatrices(net, grads);
      const sm = gm.map((g, i) => {
        const blk = diagonalBlock(d[i]);
        const u = blk.multiply(g, damping, power);
        blk.dispose();
        const s = tf.mul(u, -lr) as tf.Tensor2D;
        u.dispose();
        return s;
      });
      const step = fromLayerMatrices(net, sm);
      tf.dispose([...gm, ...sm]);
      const next = { count: state.count + 1, d, rng: r.getState() };
      releaseReplaced(state, next);
      return [step, next];
    },
  };
}
