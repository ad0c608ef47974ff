/**
 * The contract every layer of a {@link Sequential} model satisfies: a forward pass and its two
 * linearisations, written out explicitly so that curvature never depends on TensorFlow.js's
 * second-order autodiff. For y = f(x; w):
 *
 * - forward:  y = f(x; w);
 * - VJP (backprop): given dy = dL/dy, returns dx = (df/dx)^T dy and dw = (df/dw)^T dy;
 * - JVP (tangent): given a tangent (dx, dw), returns dy = (df/dx) dx + (df/dw) dw.
 *
 * Batches are rows: x is [batch, inputSize], y is [batch, outputSize]. Parameter gradients from
 * the VJP are summed over the batch (scale dy to get a mean).
 */
import type { tf } from '../backend.js';

/** Result of a layer's vector-Jacobian product. */
export interface LayerVjp {
  /** (df/dx)^T dy, [batch, inputSize]; null when not requested. */
  dx: tf.Tensor2D | null;
  /** (df/dw)^T dy for each parameter of the layer, summed over the batch (same shapes as the parameters). */
  dparams: tf.Tensor[];
}

/** A layer with explicit forward, VJP and JVP passes. */
export interface Layer {
  /** 'dense' or 'activation'. */
  readonly kind: 'dense' | 'activation';
  /** Human-readable name used in error messages, e.g. 'dense_2' or 'sigmoid'. */
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Shapes of the layer's parameters, in order (dense: [[in, out], [out]]; activation: none). */
  readonly paramShapes: readonly (readonly number[])[];
  /** y = f(x; params). */
  forward(params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D;
  /** Backprop of dy through the layer, given its input x and output y from the forward pass. */
  vjp(params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, dy: tf.Tensor2D, needDx: boolean): LayerVjp;
  /**
   * Tangent of the output for an input tangent dx (null: zero) and parameter tangents dparams
   * (null: zero), given x and y from the forward pass.
   */
  jvp(params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, dx: tf.Tensor2D | null, dparams: readonly tf.Tensor[] | null): tf.Tensor2D | null;
}
