/**
 * The Bernoulli output: sigmoid cross-entropy, one independent Bernoulli per output unit, with
 * logits z. Targets may be soft (any value in [0, 1], e.g. grey levels of MNIST pixels).
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import type { Rng } from '../../random/rng.js';
import { checkTargetShape, type OutputDistribution } from './output.js';

/**
 * Independent Bernoullis with logits z (k units per example).
 *
 * Formulas: loss_n = sum_j softplus(z_nj) - y_nj z_nj; d loss / dz = sigma(z) - y;
 * F_out = diag(sigma(z) (1 - sigma(z))); square root diag(sqrt(sigma (1 - sigma))).
 * Domain: z finite; y in [0, 1].
 *
 * @example bernoulliOutput().loss(tf.tensor2d([[0]]), tf.tensor2d([[1]])).dataSync() // [0.6931] (= log 2)
 */
export function bernoulliOutput(): OutputDistribution {
  return {
    name: 'bernoulli',
    lossPerExample: (z, y) => tf.sum(tf.sub(tf.softplus(z), tf.mul(y, z)), 1) as tf.Tensor1D,
    loss(z, y) {
      return tf.mean(this.lossPerExample(z, y)) as tf.Scalar;
    },
    lossGrad: (z, y) => tf.sub(tf.sigmoid(z), y),
    fisherVp(z, u) {
      const p = tf.sigmoid(z);
      return tf.mul(tf.mul(p, tf.sub(1, p)), u);
    },
    hessianVp(z, _y, u) {
      return this.fisherVp(z, u);
    },
    fisherSqrtColumns(z) {
      const p = tf.sigmoid(z);
      const s = tf.sqrt(tf.mul(p, tf.sub(1, p)));
      const k = z.shape[1];
      const cols: tf.Tensor2D[] = [];
      for (let j = 0; j < k; j++) {
        const mask = tf.oneHot(tf.tensor1d([j], 'int32'), k).toFloat();
        cols.push(tf.mul(s, mask));
      }
      return cols;
    },
    sample(z, rng: Rng) {
      // Read outside tf.tidy: tidy walks a returned typed array element by element.
      const pt = tf.sigmoid(z);
      const p = pt.dataSync();
      pt.dispose();
      const out = new Float32Array(p.length);
      for (let i = 0; i < p.length; i++) out[i] = rng.next() < p[i] ? 1 : 0;
      return tf.tensor2d(out, z.shape);
    },
    mean: (z) => tf.sigmoid(z),
    checkTargets(where, param, y, batch, k) {
      const v = checkTargetShape(where, param, y, batch, k);
      for (let i = 0; i < v.length; i++) {
        if (!(v[i] >= 0 && v[i] <= 1)) throw new InfogeoError(where, `${param}[${Math.floor(i / k)}][${i % k}]`, v[i], 'a number in [0, 1]');
      }
    },
  };
}
