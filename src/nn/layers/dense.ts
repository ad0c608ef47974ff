/**
 * The dense (fully connected) layer with bias, s = x W + b, in TensorFlow.js's layout: W is
 * [in, out] (the `kernel` of tf.layers.dense), b is [out].
 */
import { tf } from '../backend.js';
import { matmul } from '../matmul.js';
import { InfogeoError } from '../../errors.js';
import type { Layer, LayerVjp } from './layer.js';

/**
 * A dense layer s = x W + b.
 *
 * Formulas: forward s = x W + b; VJP dx = ds W^T, dW = x^T ds, db = sum_rows ds;
 * JVP ds = dx W + x dW + db. Parameters [W (in x out), b (out)].
 * Domain: inputSize, outputSize integers >= 1.
 *
 * @example
 * new DenseLayer(2, 1).forward([tf.tensor2d([[1], [2]]), tf.tensor1d([0.5])], tf.tensor2d([[3, 4]]))
 * // [[11.5]]  (= 3 * 1 + 4 * 2 + 0.5)
 */
export class DenseLayer implements Layer {
  readonly kind = 'dense' as const;
  readonly paramShapes: readonly (readonly number[])[];

  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    readonly name = 'dense',
  ) {
    if (!Number.isInteger(inputSize) || inputSize < 1) throw new InfogeoError('DenseLayer', 'inputSize', inputSize, 'an integer >= 1');
    if (!Number.isInteger(outputSize) || outputSize < 1) throw new InfogeoError('DenseLayer', 'outputSize', outputSize, 'an integer >= 1');
    this.paramShapes = [[inputSize, outputSize], [outputSize]];
  }

  forward(params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(x, params[0] as tf.Tensor2D), params[1]) as tf.Tensor2D;
  }

  vjp(params: readonly tf.Tensor[], x: tf.Tensor2D, _y: tf.Tensor2D, dy: tf.Tensor2D, needDx: boolean): LayerVjp {
    const dW = matmul(x, dy, true, false);
    const db = tf.sum(dy, 0);
    const dx = needDx ? (matmul(dy, params[0] as tf.Tensor2D, false, true) as tf.Tensor2D) : null;
    return { dx, dparams: [dW, db] };
  }

  jvp(params: readonly tf.Tensor[], x: tf.Tensor2D, _y: tf.Tensor2D, dx: tf.Tensor2D | null, dparams: readonly tf.Tensor[] | null): tf.Tensor2D | null {
    let out: tf.Tensor2D | null = dx === null ? null : (tf.matMul(dx, params[0] as tf.Tensor2D) as tf.Tensor2D);
    if (dparams !== null) {
      const fromW = tf.matMul(x, dparams[0] as tf.Tensor2D);
      const fromParams = tf.add(fromW, dparams[1]) as tf.Tensor2D;
      out = out === null ? fromParams : (tf.add(out, fromParams) as tf.Tensor2D);
    }
    return out;
  }
}
