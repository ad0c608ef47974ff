/**
 * Curvature blocks: an approximation C of one dense layer's Fisher block, all sharing one
 * primitive, "multiply by (C + damping I)^power" (as in kfac-jax). A dense layer's parameters are
 * viewed as one matrix V of shape [in + 1, out]: the rows of W followed by the bias row (the
 * homogeneous-coordinate trick of Martens and Grosse 2015, section 2.2), vectorised row-major,
 * which is the layer's order in the flat parameter vector.
 */
import { tf } from '../../backend.js';
import { InfogeoError } from '../../../errors.js';

/** The kinds of curvature block. */
export type BlockKind = 'full' | 'diagonal' | 'kronecker' | 'ekfac';

/** One dense layer's curvature approximation. */
export interface CurvatureBlock {
  readonly kind: BlockKind;
  /** in + 1 (weights and bias row). */
  readonly rows: number;
  /** out. */
  readonly cols: number;
  /**
   * (C + damping I)^power V for a [rows, cols] tensor V (a new tensor, the caller owns it).
   * power 1 multiplies by the damped curvature, -1 applies its inverse (the natural-gradient
   * direction), -1/2 whitens.
   */
  multiply(v: tf.Tensor2D, damping: number, power: number): tf.Tensor2D;
  /** C as a dense (rows cols) x (rows cols) float64 matrix, for tests on small layers. */
  toMatrix(): Float64Array;
  /** Frees the block's tensors. */
  dispose(): void;
}

/** [W; b] as one [in + 1, out] matrix. */
export function layerMatrix(w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.concat([w as tf.Tensor2D, tf.reshape(b, [1, b.size])], 0));
}

/** Splits an [in + 1, out] matrix back into W [in, out] and b [out]. */
export function splitLayerMatrix(m: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  const rows = m.shape[0];
  const w = tf.slice(m, [0, 0], [rows - 1, -1]);
  const b = tf.tidy(() => tf.reshape(tf.slice(m, [rows - 1, 0], [1, -1]), [m.shape[1]]) as tf.Tensor1D);
  return [w, b];
}

/** Validates multiply's arguments; returns nothing, throws an InfogeoError naming the block. */
export function checkMultiply(where: string, rows: number, cols: number, v: tf.Tensor, damping: number, power: number): void {
  if (!(v instanceof tf.Tensor) || v.rank !== 2 || v.shape[0] !== rows || v.shape[1] !== cols) {
    throw new InfogeoError(where, 'v', v instanceof tf.Tensor ? v.shape : v, `a tensor of shape [${rows}, ${cols}]`);
  }
  if (typeof damping !== 'number' || !Number.isFinite(damping) || damping < 0) throw new InfogeoError(where, 'damping', damping, 'a finite number >= 0');
  if (typeof power !== 'number' || !Number.isFinite(power)) throw new InfogeoError(where, 'power', power, 'a finite number');
}

/** x^p for the eigenvalues of a damped PSD matrix; throws if x <= 0 where that is undefined. */
export function dampedPower(where: string, x: number, power: number): number {
  if (power === 0) return 1;
  if (!(x > 0)) {
    throw new InfogeoError(where, 'damping', x, 'a damping that makes the block positive definite', `an eigenvalue of C + damping I is ${x}; add damping`);
  }
  return Math.pow(x, power);
}
