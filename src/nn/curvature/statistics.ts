/**
 * The curvature estimator: one forward pass and one backprop of output gradients give, for every
 * dense layer, its inputs a_r (with the homogeneous 1 appended) and the gradients g_r of the loss
 * with respect to its pre-activations. Every block is built from these:
 *   A = aScale sum_r a_r a_r^T,  G = gScale sum_r g_r g_r^T           (Kronecker factors),
 *   C = gScale sum_r vec(a_r g_r^T) vec(a_r g_r^T)^T                   (the block itself),
 * where r runs over examples (Monte Carlo, empirical) or over (example, output column) pairs
 * (exact: g_r is the backprop of a column of F_out^{1/2}).
 */
import { tf } from '../backend.js';
import { matmul } from '../matmul.js';
import { InfogeoError } from '../../errors.js';
import { gram } from '../../linalg/gemm.js';
import type { Rng } from '../../random/rng.js';
import type { Sequential } from '../sequential.js';
import type { OutputDistribution } from '../outputs/output.js';
import { fullBlock } from './blocks/full.js';
import { diagonalBlock } from './blocks/diagonal.js';
import { eighPsd, kroneckerBlock, type KroneckerOptions } from './blocks/kronecker.js';
import { ekfacBlock } from './blocks/ekfac.js';
import type { BlockKind, CurvatureBlock } from './blocks/block.js';

/** Which Fisher the statistics estimate. */
export type FisherEstimator = 'exact' | 'monteCarlo' | 'empirical';

/** One dense layer's statistics (rows r = 1..R). */
export interface LayerStatistics {
  /** [R, in + 1]: layer inputs with a trailing 1. */
  a: tf.Tensor2D;
  /** [R, out]: output (pre-activation) gradients. */
  g: tf.Tensor2D;
  aScale: number;
  gScale: number;
}

/** Options of {@link layerStatistics}. */
export interface StatisticsOptions {
  /** Default 'monteCarlo' (one sampled target per example, as in K-FAC). */
  estimator?: FisherEstimator;
  /** Generator for 'monteCarlo'. */
  rng?: Rng;
  /** Observed targets for 'empirical'. */
  y?: tf.Tensor2D;
}

/**
 * Per-layer statistics on a batch (new tensors; dispose them, or call inside tf.tidy).
 *
 * Domain: params of the network's shapes; x [B, inputSize]; rng for 'monteCarlo'; y for
 * 'empirical'. The output gradients are per example (not divided by B); aScale = 1 / R and
 * gScale = 1 / B.
 *
 * @example layerStatistics(net, out, params, x, { rng: rng(1) }).length // net.dense.length
 */
export function layerStatistics(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, options: StatisticsOptions = {}): LayerStatistics[] {
  const where = 'layerStatistics';
  net.checkParams(where, params);
  net.checkInput(where, x);
  const estimator = options.estimator ?? 'monteCarlo';
  const b = x.shape[0];
  if (estimator === 'monteCarlo' && !options.rng) throw new InfogeoError(where, 'options.rng', options.rng, "a generator (rng(seed)) for the 'monteCarlo' estimator");
  if (estimator === 'empirical') {
    const y = options.y;
    if (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== b || y.shape[1] !== net.outputSize) {
      throw new InfogeoError(where, 'options.y', y instanceof tf.Tensor ? y.shape : y, `targets of shape [${b}, ${net.outputSize}] for the 'empirical' estimator`);
    }
  }
  if (estimator !== 'exact' && estimator !== 'monteCarlo' && estimator !== 'empirical') {
    throw new InfogeoError(where, 'options.estimator', estimator, "'exact', 'monteCarlo' or 'empirical'");
  }
  return tf.tidy(() => {
    const tr = net.trace(params, x);
    let dzs: tf.Tensor2D[];
    if (estimator === 'exact') dzs = out.fisherSqrtColumns(tr.output);
    else if (estimator === 'monteCarlo') dzs = [out.lossGrad(tr.output, out.sample(tr.output, options.rng!))];
    else dzs = [out.lossGrad(tr.output, options.y!)];
    const grads = dzs.map((dz) => net.backward(params, tr, dz, false).outputGrads);
    return net.dense.map((slot) => {
      const a1 = tf.concat([tr.inputs[slot.layer], tf.ones([b, 1])], 1) as tf.Tensor2D;
      const a = dzs.length === 1 ? a1 : (tf.tile(a1, [dzs.length, 1]) as tf.Tensor2D);
      const g = dzs.length === 1 ? grads[0][slot.layer] : tf.concat(grads.map((gs) => gs[slot.layer]), 0);
      return { a, g, aScale: 1 / a.shape[0], gScale: 1 / b };
    });
  });
}

/** The Kronecker factors A = aScale a^T a and G = gScale g^T g of one layer, as tensors. */
export function kroneckerFactors(s: LayerStatistics): { A: tf.Tensor2D; G: tf.Tensor2D } {
  return tf.tidy(() => ({
    A: tf.mul(matmul(s.a, s.a, true, false), s.aScale) as tf.Tensor2D,
    G: tf.mul(matmul(s.g, s.g, true, false), s.gScale) as tf.Tensor2D,
  }));
}

/** The diagonal of the layer's Fisher block, gScale sum_r (a_r^2) (g_r^2)^T, [in + 1, out]. */
export function diagonalFactor(s: LayerStatistics): tf.Tensor2D {
  return tf.tidy(() => tf.mul(matmul(tf.square(s.a) as tf.Tensor2D, tf.square(s.g) as tf.Tensor2D, true, false), s.gScale) as tf.Tensor2D);
}

/** EKFAC's scaling in the eigenbases: gScale sum_r ((Q_A^T a_r)^2) ((Q_G^T g_r)^2)^T, [in + 1, out]. */
export function ekfacScaling(s: LayerStatistics, qa: tf.Tensor2D, qg: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(matmul(tf.square(tf.matMul(s.a, qa)) as tf.Tensor2D, tf.square(tf.matMul(s.g, qg)) as tf.Tensor2D, true, false), s.gScale) as tf.Tensor2D);
}

/** Options of {@link estimateBlocks}. */
export interface EstimateBlocksOptions extends StatisticsOptions {
  /** The block structure for every dense layer. Default 'kronecker'. */
  kind?: BlockKind;
  /** Damping mode of Kronecker blocks. */
  kronecker?: KroneckerOptions['damping'];
}

/** A tensor's values as a Float64Array. */
export function toFloat64(t: tf.Tensor): Float64Array {
  return Float64Array.from(t.dataSync());
}

/**
 * One curvature block per dense layer, estimated on a batch: the "estimator maps layers to
 * blocks" step of K-FAC. Blocks own their tensors: dispose them when done.
 *
 * Domain: as {@link layerStatistics}; kind one of 'full' (small layers: (in + 1)^2 out^2
 * doubles), 'diagonal', 'kronecker', 'ekfac'.
 *
 * @example estimateBlocks(net, out, params, x, { kind: 'kronecker', estimator: 'exact' })[0].multiply(v, 1e-3, -1)
 */
export function estimateBlocks(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, options: EstimateBlocksOptions = {}): CurvatureBlock[] {
  const kind = options.kind ?? 'kronecker';
  if (!['full', 'diagonal', 'kronecker', 'ekfac'].includes(kind)) throw new InfogeoError('estimateBlocks', 'options.kind', kind, "'full', 'diagonal', 'kronecker' or 'ekfac'");
  const stats = layerStatistics(net, out, params, x, options);
  try {
    return stats.map((s, i) => {
      const slot = net.dense[i];
      const rows = slot.inputSize + 1;
      const cols = slot.outputSize;
      if (kind === 'diagonal') {
        const d = diagonalFactor(s);
        const blk = diagonalBlock(d);
        d.dispose();
        return blk;
      }
      if (kind === 'full') {
        const d = rows * cols;
        const c = new Float64Array(d * d);
        const r = s.a.shape[0];
        const outer = tf.tidy(() => tf.reshape(tf.mul(tf.reshape(s.a, [r, rows, 1]), tf.reshape(s.g, [r, 1, cols])), [r, d]));
        gram(c, toFloat64(outer), r, d, s.gScale);
        outer.dispose();
        return fullBlock(c, rows, cols);
      }
      const f = kroneckerFactors(s);
      const A = toFloat64(f.A);
      const G = toFloat64(f.G);
      tf.dispose([f.A, f.G]);
      if (kind === 'kronecker') return kroneckerBlock(A, G, rows, cols, { damping: options.kronecker, name: slot.name });
      const [, qa] = eighPsd(`estimateBlocks(${slot.name})`, 'A', A, rows);
      const [, qg] = eighPsd(`estimateBlocks(${slot.name})`, 'G', G, cols);
      const scaling = tf.tidy(() => ekfacScaling(s, tf.tensor2d(Float32Array.from(qa), [rows, rows]), tf.tensor2d(Float32Array.from(qg), [cols, cols])));
      const sc = toFloat64(scaling);
      scaling.dispose();
      return ekfacBlock(qa, qg, sc, rows, cols, slot.name);
    });
  } finally {
    for (const s of stats) tf.dispose([s.a, s.g]);
  }
}
