/**
 * Elementwise activation layers y = f(x) with their derivatives f'(x), used by both the VJP
 * (dx = f'(x) * dy) and the JVP (dy = f'(x) * dx).
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import type { Layer, LayerVjp } from './layer.js';

/** The supported activations. */
export type ActivationName = 'identity' | 'tanh' | 'relu' | 'sigmoid' | 'softplus';

/** Every supported activation name, for validation and help texts. */
export const ACTIVATIONS: readonly ActivationName[] = ['identity', 'tanh', 'relu', 'sigmoid', 'softplus'];

/**
 * An elementwise activation layer.
 *
 * Formulas: identity x (f' = 1); tanh (f' = 1 - y^2); relu max(x, 0) (f' = [x > 0], 0 at x = 0);
 * sigmoid 1 / (1 + e^-x) (f' = y (1 - y)); softplus log(1 + e^x) (f' = sigmoid(x)).
 * Domain: `fn` one of {@link ACTIVATIONS}; size an integer >= 1.
 *
 * @example new ActivationLayer('tanh', 3).forward([], tf.tensor2d([[0, 1, -1]])) // [[0, 0.7616, -0.7616]]
 */
export class ActivationLayer implements Layer {
  readonly kind = 'activation' as const;
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly paramShapes: readonly (readonly number[])[] = [];

  constructor(
    readonly fn: ActivationName,
    size: number,
  ) {
    if (!ACTIVATIONS.includes(fn)) throw new InfogeoError('ActivationLayer', 'fn', fn, `one of ${ACTIVATIONS.join(', ')}`);
    if (!Number.isInteger(size) || size < 1) throw new InfogeoError('ActivationLayer', 'size', size, 'an integer >= 1');
    this.name = fn;
    this.inputSize = size;
    this.outputSize = size;
  }

  forward(_params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
    switch (this.fn) {
      case 'identity':
        return x;
      case 'tanh':
        return tf.tanh(x);
      case 'relu':
        return tf.relu(x);
      case 'sigmoid':
        return tf.sigmoid(x);
      case 'softplus':
        return tf.softplus(x);
    }
  }

  /** f'(x) elementwise, from the layer's input x and output y; null for the identity (f' = 1). */
  derivative(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D | null {
    switch (this.fn) {
      case 'identity':
        return null;
      case 'tanh':
        return tf.sub(1, tf.square(y)) as tf.Tensor2D;
      case 'relu':
        return tf.cast(tf.greater(x, 0), 'float32') as tf.Tensor2D;
      case 'sigmoid':
        return tf.mul(y, tf.sub(1, y)) as tf.Tensor2D;
      case 'softplus':
        return tf.sigmoid(x);
    }
  }

  vjp(_params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, dy: tf.Tensor2D, needDx: boolean): LayerVjp {
    if (!needDx) return { dx: null, dparams: [] };
    const d = this.derivative(x, y);
    return { dx: d === null ? dy : (tf.mul(d, dy) as tf.Tensor2D), dparams: [] };
  }

  jvp(_params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, dx: tf.Tensor2D | null): tf.Tensor2D | null {
    if (dx === null) return null;
    const d = this.derivative(x, y);
    return d === null ? dx : (tf.mul(d, dx) as tf.Tensor2D);
  }
}
