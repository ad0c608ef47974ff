/**
 * The Gaussian output: squared error. p(y | z) = N(z, sigma^2 I) with a fixed sigma, so the loss
 * is the squared error scaled by 1 / (2 sigma^2).
 */
import { tf } from '../backend.js';
import { checkPositive } from '../../errors.js';
import type { Rng } from '../../random/rng.js';
import { checkTargetShape, type OutputDistribution } from './output.js';

/**
 * Gaussian targets with mean z and fixed standard deviation sigma.
 *
 * Formulas: loss_n = |y_n - z_n|^2 / (2 sigma^2) (the negative log-likelihood without its
 * constant k log(sigma sqrt(2 pi))); d loss / dz = (z - y) / sigma^2; F_out = I / sigma^2;
 * square root I / sigma. Domain: sigma > 0 finite; z, y finite.
 *
 * @example gaussianOutput(1).loss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]])).dataSync() // [2.5]
 */
export function gaussianOutput(sigma = 1): OutputDistribution {
  checkPositive('gaussianOutput', 'sigma', sigma);
  const prec = 1 / (sigma * sigma);
  return {
    name: 'gaussian',
    lossPerExample: (z, y) => tf.mul(tf.sum(tf.square(tf.sub(y, z)), 1), prec / 2) as tf.Tensor1D,
    loss(z, y) {
      return tf.mean(this.lossPerExample(z, y)) as tf.Scalar;
    },
    lossGrad: (z, y) => tf.mul(tf.sub(z, y), prec),
    fisherVp: (_z, u) => tf.mul(u, prec),
    hessianVp: (_z, _y, u) => tf.mul(u, prec),
    fisherSqrtColumns(z) {
      const k = z.shape[1];
      const cols: tf.Tensor2D[] = [];
      for (let j = 0; j < k; j++) {
        const row = tf.mul(tf.oneHot(tf.tensor1d([j], 'int32'), k).toFloat(), 1 / sigma);
        cols.push(tf.tile(row, [z.shape[0], 1]) as tf.Tensor2D);
      }
      return cols;
    },
    sample(z, rng: Rng) {
      const m = z.dataSync();
      const out = new Float32Array(m.length);
      for (let i = 0; i < m.length; i++) out[i] = m[i] + sigma * rng.normal();
      return tf.tensor2d(out, z.shape);
    },
    mean: (z) => z,
    checkTargets(where, param, y, batch, k) {
      checkTargetShape(where, param, y, batch, k);
    },
  };
}
