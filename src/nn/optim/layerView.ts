/**
 * Views of a flat parameter list as one [in + 1, out] matrix per dense layer (weights then the
 * bias row), the shape every curvature block and preconditioner works on.
 */
import { tf } from '../backend.js';
import type { Sequential } from '../sequential.js';
import { layerMatrix, splitLayerMatrix } from '../curvature/blocks/block.js';

/** One [in + 1, out] matrix per dense layer, from a parameter-shaped list (new tensors). */
export function toLayerMatrices(net: Sequential, list: readonly tf.Tensor[]): tf.Tensor2D[] {
  return net.dense.map((s) => layerMatrix(list[s.param], list[s.param + 1]));
}

/** The inverse of {@link toLayerMatrices}: a parameter-shaped list (new tensors). */
export function fromLayerMatrices(net: Sequential, mats: readonly tf.Tensor2D[]): tf.Tensor[] {
  const out: tf.Tensor[] = new Array(net.paramShapes.length);
  net.dense.forEach((s, i) => {
    const [w, b] = splitLayerMatrix(mats[i]);
    out[s.param] = w;
    out[s.param + 1] = b;
  });
  return out;
}

/** Sum_i <a_i, b_i> over two lists of tensors, in one read. */
export function innerProduct(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): number {
  return tf.tidy(() => tf.addN(a.map((x, i) => tf.sum(tf.mul(x, b[i])))).dataSync()[0]);
}

/** a_i + s b_i for every i (new tensors). */
export function addScaled(a: readonly tf.Tensor[], b: readonly tf.Tensor[], s: number): tf.Tensor[] {
  return a.map((x, i) => tf.tidy(() => tf.add(x, tf.mul(b[i], s))));
}

/** Sum_k c_k list_k (new tensors). */
export function combine(lists: readonly (readonly tf.Tensor[])[], coefs: readonly number[]): tf.Tensor[] {
  return lists[0].map((_, i) => tf.tidy(() => tf.addN(lists.map((l, k) => tf.mul(l[i], coefs[k])))));
}
