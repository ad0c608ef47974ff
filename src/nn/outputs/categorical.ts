/**
 * The categorical output: softmax cross-entropy. z are logits, p = softmax(z), targets are
 * one-hot rows (or any probability vectors: soft labels).
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import type { Rng } from '../../random/rng.js';
import { checkTargetShape, type OutputDistribution } from './output.js';

/**
 * The categorical distribution over k classes with logits z.
 *
 * Formulas: loss_n = logsumexp(z_n) - y_n . z_n; d loss / dz = p - y;
 * F_out = diag(p) - p p^T (the Hessian of logsumexp, singular along the all-ones direction);
 * square root S = diag(sqrt p) - p sqrt(p)^T, column j = sqrt(p_j) (e_j - p).
 * Domain: z finite; y rows with entries >= 0 summing to 1.
 *
 * @example categoricalOutput().loss(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]])).dataSync() // [0.6931] (= log 2)
 */
export function categoricalOutput(): OutputDistribution {
  return {
    name: 'categorical',
    lossPerExample: (z, y) => tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(y, z), 1)) as tf.Tensor1D,
    loss(z, y) {
      return tf.mean(this.lossPerExample(z, y)) as tf.Scalar;
    },
    lossGrad: (z, y) => tf.sub(tf.softmax(z), y),
    fisherVp(z, u) {
      const p = tf.softmax(z);
      const pu = tf.sum(tf.mul(p, u), 1, true);
      return tf.mul(p, tf.sub(u, pu));
    },
    hessianVp(z, _y, u) {
      return this.fisherVp(z, u);
    },
    fisherSqrtColumns(z) {
      const p = tf.softmax(z);
      const k = z.shape[1];
      const sq = tf.sqrt(p);
      const cols: tf.Tensor2D[] = [];
      for (let j = 0; j < k; j++) {
        const ej = tf.oneHot(tf.fill([z.shape[0]], j, 'int32') as tf.Tensor1D, k).toFloat() as tf.Tensor2D;
        cols.push(tf.mul(tf.slice(sq, [0, j], [-1, 1]), tf.sub(ej, p)));
      }
      return cols;
    },
    sample(z, rng: Rng) {
      const [b, k] = z.shape;
      // Read outside tf.tidy: tidy walks a returned typed array element by element.
      const pt = tf.softmax(z);
      const p = pt.dataSync();
      pt.dispose();
      const out = new Float32Array(b * k);
      for (let n = 0; n < b; n++) {
        const u = rng.next();
        let c = 0;
        let j = 0;
        for (; j < k - 1; j++) {
          c += p[n * k + j];
          if (u < c) break;
        }
        out[n * k + j] = 1;
      }
      return tf.tensor2d(out, [b, k]);
    },
    mean: (z) => tf.softmax(z),
    checkTargets(where, param, y, batch, k) {
      const v = checkTargetShape(where, param, y, batch, k);
      for (let n = 0; n < batch; n++) {
        let s = 0;
        for (let j = 0; j < k; j++) {
          const x = v[n * k + j];
          if (x < 0) throw new InfogeoError(where, `${param}[${n}][${j}]`, x, 'a probability >= 0 (targets are one-hot rows or probability vectors)');
          s += x;
        }
        if (Math.abs(s - 1) > 1e-4) throw new InfogeoError(where, `${param}[${n}]`, Array.from(v.subarray(n * k, n * k + k)), 'a probability vector (one-hot label) summing to 1', `it sums to ${s}`);
      }
    },
  };
}

/**
 * One-hot rows for integer labels in [0, k).
 * @example oneHot([2, 0], 3).arraySync() // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: ArrayLike<number>, k: number): tf.Tensor2D {
  if (!Number.isInteger(k) || k < 2) throw new InfogeoError('oneHot', 'k', k, 'an integer >= 2');
  const out = new Float32Array(labels.length * k);
  for (let n = 0; n < labels.length; n++) {
    const c = labels[n];
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new InfogeoError('oneHot', `labels[${n}]`, c, `an integer in [0, ${k - 1}]`);
    out[n * k + c] = 1;
  }
  return tf.tensor2d(out, [labels.length, k]);
}
