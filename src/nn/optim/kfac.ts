/**
 * K-FAC (Martens and Grosse 2015, "Optimizing neural networks with Kronecker-factored
 * approximate curvature"): per dense layer, the Fisher block is approximated by A (x) G
 * (curvature/blocks/kronecker.ts), estimated with one sampled backprop per step and averaged
 * over steps; the natural-gradient direction is Delta_l = (A + pi gamma I)^-1 grad_l (G + gamma/pi I)^-1
 * (factored Tikhonov damping, gamma = sqrt(lambda)); the step along it is either chosen by the
 * exact quadratic model (with momentum: the 2-D minimisation of section 7 of the paper) or
 * KL-clipped (Ba, Grosse and Martens 2017). lambda follows the Levenberg-Marquardt rule on the
 * reduction ratio rho = (h(theta + delta) - h(theta)) / M(delta) (section 6.5).
 *
 * This is the transform adapter: blocks and the estimator are in src/nn/curvature.
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import { Rng } from '../../random/rng.js';
import type { Sequential } from '../sequential.js';
import type { OutputDistribution } from '../outputs/output.js';
import { kroneckerFactors, layerStatistics, toFloat64, type FisherEstimator } from '../curvature/statistics.js';
import { kroneckerBlock, type KroneckerBlock } from '../curvature/blocks/kronecker.js';
import { fisherBilinear } from '../curvature/products.js';
import { allFinite } from '../params.js';
import type { NNTransform, StepContext } from './transform.js';
import { releaseReplaced } from './state.js';
import { checkGrads, checkInt, checkPositive, checkUnit } from './checks.js';
import { addScaled, combine, fromLayerMatrices, innerProduct, toLayerMatrices } from './layerView.js';

/** Options of {@link kfac}. */
export interface KfacOptions {
  /**
   * 'quadratic' (default): step = alpha Delta + mu delta_prev with (alpha, mu) minimising the
   * damped quadratic model under the exact Fisher (one extra JVP pass per direction);
   * 'klClip': step = -nu lr Delta with nu = min(1, sqrt(klBound / (lr^2 Delta . grad))).
   */
  stepSize?: 'quadratic' | 'klClip';
  /** Multiplier on the quadratic-model step, or the learning rate of 'klClip'. Default 1 (quadratic), 0.1 (klClip). */
  lr?: number;
  /** Use the previous step as a second direction of the quadratic model. Default true. */
  momentum?: boolean;
  /** KL bound of 'klClip'. Default 1e-3. */
  klBound?: number;
  /** Initial damping lambda > 0. Default 1. */
  damping?: number;
  /** Adapt lambda by the Levenberg-Marquardt rule. Default true. */
  adaptDamping?: boolean;
  /** Adapt lambda every T1 steps (one extra forward pass then). Default 5. */
  dampingEvery?: number;
  /** Bounds on lambda. Default [1e-6, 1e6]. */
  minDamping?: number;
  maxDamping?: number;
  /** Maximum decay of the factors' moving averages, epsilon_k = min(1 - 1/k, decay). Default 0.95. */
  decay?: number;
  /** Recompute the factor inverses every T3 steps. Default 20. */
  invEvery?: number;
  /** Fisher estimator for the factors. Default 'monteCarlo'. */
  estimator?: FisherEstimator;
  /**
   * Use the first curvatureBatch examples of each batch for the factor statistics and the
   * quadratic model (default: the whole batch). Their cost grows with it while the gradient's
   * noise does not depend on it: Martens and Grosse use a fraction of the minibatch.
   */
  curvatureBatch?: number;
  /** Seed of the Monte Carlo targets. Default 0. */
  seed?: number;
}

/** State of {@link kfac}. `_blocks` (the inverted factors) is rebuilt after a resume. */
export interface KfacState {
  count: number;
  damping: number;
  invDamping: number;
  A: tf.Tensor2D[] | null;
  G: tf.Tensor2D[] | null;
  prevStep: tf.Tensor[] | null;
  rng: number[];
  _blocks: KroneckerBlock[] | null;
}

/**
 * The K-FAC optimiser for a sequential network and output distribution.
 *
 * Formula: see the module comment. Domain: lr, damping, klBound > 0; decay in [0, 1);
 * dampingEvery, invEvery, curvatureBatch integers >= 1. The update needs the context's batch
 * and loss. Errors: non-finite gradients raise an InfogeoError; a factor that cannot be inverted
 * raises the damping tenfold (up to five times, logged) before giving up with the block's error;
 * a step whose trial loss is not finite is rejected (zero step) and the damping raised (logged).
 *
 * @example
 * const opt = kfac(net, bernoulliOutput());
 * let state = opt.init(params);
 * const [step, next] = opt.update(grads, state, params, { batch, loss });
 */
export function kfac(net: Sequential, out: OutputDistribution, options: KfacOptions = {}): NNTransform<KfacState> {
  const where = 'kfac';
  const mode = options.stepSize ?? 'quadratic';
  if (mode !== 'quadratic' && mode !== 'klClip') throw new InfogeoError(where, 'stepSize', mode, "'quadratic' or 'klClip'");
  const lr = checkPositive(where, 'lr', options.lr ?? (mode === 'quadratic' ? 1 : 0.1));
  const useMomentum = options.momentum ?? true;
  const klBound = checkPositive(where, 'klBound', options.klBound ?? 1e-3);
  const damping0 = checkPositive(where, 'damping', options.damping ?? 1);
  const adapt = options.adaptDamping ?? true;
  const t1 = checkInt(where, 'dampingEvery', options.dampingEvery ?? 5, 1);
  const minDamping = checkPositive(where, 'minDamping', options.minDamping ?? 1e-6);
  const maxDamping = checkPositive(where, 'maxDamping', options.maxDamping ?? 1e6);
  const decay = checkUnit(where, 'decay', options.decay ?? 0.95);
  const t3 = checkInt(where, 'invEvery', options.invEvery ?? 20, 1);
  const estimator = options.estimator ?? 'monteCarlo';
  const curvatureBatch = options.curvatureBatch === undefined ? Infinity : checkInt(where, 'curvatureBatch', options.curvatureBatch, 1);
  const omega = Math.pow(19 / 20, t1);
  const clamp = (l: number): number => Math.min(maxDamping, Math.max(minDamping, l));

  /** Kronecker blocks from the averaged factors, raising the damping until every factor inverts. */
  function buildBlocks(A: tf.Tensor2D[], G: tf.Tensor2D[], damping: number, log?: (m: string) => void): [KroneckerBlock[], number] {
    let lambda = damping;
    for (let attempt = 0; ; attempt++) {
      const blocks = net.dense.map((s, i) => kroneckerBlock(toFloat64(A[i]), toFloat64(G[i]), s.inputSize + 1, s.outputSize, { name: s.name }));
      try {
        const probe = tf.tidy(() => blocks.map((b) => tf.sum(b.multiply(tf.zeros([b.rows, b.cols]) as tf.Tensor2D, lambda, -1))));
        tf.dispose(probe);
        return [blocks, lambda];
      } catch (e) {
        blocks.forEach((b) => b.dispose());
        if (!(e instanceof InfogeoError) || attempt >= 5 || lambda >= maxDamping) throw e;
        const next = clamp(lambda * 10);
        log?.(`kfac: ${e.message}; damping ${lambda.toExponential(2)} -> ${next.toExponential(2)}`);
        lambda = next;
      }
    }
  }

  return {
    name: 'kfac',
    init: () => ({ count: 0, damping: damping0, invDamping: damping0, A: null, G: null, prevStep: null, rng: new Rng(options.seed ?? 0).getState(), _blocks: null }),

    update(grads, state, params, ctx: StepContext) {
      checkGrads(where, grads);
      const { x, y } = ctx.batch;
      net.checkInput(where, x);
      const r = new Rng(0);
      r.setState(state.rng);
      const count = state.count;
      let damping = state.damping;

      // 1. Factor statistics and their moving averages.
      const sub = x.shape[0] > curvatureBatch;
      const xs = sub ? tf.slice(x, [0, 0], [curvatureBatch, -1]) : x;
      const ys = sub ? tf.slice(y, [0, 0], [curvatureBatch, -1]) : y;
      const stats = layerStatistics(net, out, params, xs, { estimator, rng: r, y: ys });
      const eps = Math.min(1 - 1 / (count + 1), decay);
      const A: tf.Tensor2D[] = [];
      const G: tf.Tensor2D[] = [];
      stats.forEach((s, i) => {
        const f = kroneckerFactors(s);
        if (state.A && state.G && eps > 0) {
          A.push(tf.tidy(() => tf.add(tf.mul(state.A![i], eps), tf.mul(f.A, 1 - eps)) as tf.Tensor2D));
          G.push(tf.tidy(() => tf.add(tf.mul(state.G![i], eps), tf.mul(f.G, 1 - eps)) as tf.Tensor2D));
          tf.dispose([f.A, f.G]);
        } else {
          A.push(f.A);
          G.push(f.G);
        }
        tf.dispose([s.a, s.g]);
      });

      // 2. Inverses every T3 steps (and after a resume), with the damping of the moment.
      let blocks = state._blocks;
      let invDamping = state.invDamping;
      if (blocks === null || count % t3 === 0) {
        [blocks, invDamping] = buildBlocks(A, G, damping, ctx.log);
        damping = Math.max(damping, invDamping);
      }

      // 3. The natural-gradient direction Delta (preconditioned gradient).
      const gm = toLayerMatrices(net, grads);
      const dm = gm.map((g, i) => blocks![i].multiply(g, invDamping, -1));
      const delta = fromLayerMatrices(net, dm);
      tf.dispose([...gm, ...dm]);
      const gDelta = innerProduct(grads, delta);

      // 4. Step size.
      let step: tf.Tensor[];
      let model: number; // M(step) = g . step + 1/2 step^T (F + lambda I) step
      if (mode === 'quadratic') {
        const dirs: tf.Tensor[][] = [delta];
        if (useMomentum && state.prevStep) dirs.push(state.prevStep);
        const fm = fisherBilinear(net, out, params, xs, dirs);
        const k = dirs.length;
        const m = fm.map((row, i) => row.map((v, j) => v + damping * innerProduct(dirs[i], dirs[j])));
        const b = dirs.map((d, i) => (i === 0 ? gDelta : innerProduct(grads, d)));
        let c = solveSmall(m, b.map((v) => -v));
        if (!c) c = k === 2 ? [-b[0] / m[0][0], 0] : [-b[0] / m[0][0]];
        c = c.map((v) => v * lr);
        step = combine(dirs, c);
        model = 0;
        for (let i = 0; i < k; i++) {
          model += b[i] * c[i];
          for (let j = 0; j < k; j++) model += 0.5 * c[i] * m[i][j] * c[j];
        }
      } else {
        const nu = gDelta > 0 ? Math.min(1, Math.sqrt(klBound / (lr * lr * gDelta))) : 1;
        step = delta.map((d) => tf.mul(d, -nu * lr));
        model = Number.NaN;
      }
      tf.dispose(delta);

      // 5. Levenberg-Marquardt damping from the reduction ratio; reject non-finite trials.
      let reject = !allFinite(step);
      if (!reject && adapt && (count + 1) % t1 === 0) {
        if (Number.isNaN(model)) {
          const q = fisherBilinear(net, out, params, xs, [step])[0][0];
          model = innerProduct(grads, step) + 0.5 * (q + damping * innerProduct(step, step));
        }
        const trial = addScaled(params, step, 1);
        const newLoss = tf.tidy(() => out.loss(net.forward(trial, x), y).dataSync()[0]);
        tf.dispose(trial);
        if (!Number.isFinite(newLoss)) {
          reject = true;
        } else if (model < 0) {
          const rho = (newLoss - ctx.loss) / model;
          if (rho > 0.75) damping = clamp(damping * omega);
          else if (rho < 0.25) damping = clamp(damping / omega);
        }
      }
      if (reject) {
        tf.dispose(step);
        step = params.map((p) => tf.zerosLike(p));
        const next = clamp(damping * 10);
        ctx.log?.(`kfac: step ${count + 1} rejected (non-finite trial); damping ${damping.toExponential(2)} -> ${next.toExponential(2)}`);
        damping = next;
      }

      if (sub) tf.dispose([xs, ys]);
      const prevStep = useMomentum && mode === 'quadratic' ? step.map((s) => s.clone()) : null;
      const next: KfacState = { count: count + 1, damping, invDamping, A, G, prevStep, rng: r.getState(), _blocks: blocks };
      releaseReplaced(state, next);
      return [step, next];
    },

    recover(state, log) {
      const damping = clamp(state.damping * 10);
      log?.(`kfac: divergence; damping ${state.damping.toExponential(2)} -> ${damping.toExponential(2)}, inverses recomputed`);
      const next: KfacState = { ...state, damping, prevStep: null, _blocks: null };
      releaseReplaced(state, next);
      return next;
    },
  };
}

/** Solves a 1 x 1 or 2 x 2 symmetric system; null if it is not positive definite. */
function solveSmall(m: number[][], rhs: number[]): number[] | null {
  if (m.length === 1) return m[0][0] > 0 ? [rhs[0] / m[0][0]] : null;
  const det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  if (!(m[0][0] > 0) || !(det > 1e-12 * m[0][0] * m[1][1])) return null;
  return [(m[1][1] * rhs[0] - m[0][1] * rhs[1]) / det, (m[0][0] * rhs[1] - m[1][0] * rhs[0]) / det];
}
