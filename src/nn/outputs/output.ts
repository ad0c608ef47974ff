/**
 * Output distributions: the loss of a network is the negative log-likelihood of the targets
 * under a distribution p(y | z) whose natural parameter is the network's output z. Each output
 * knows its loss, the gradient in z, its Fisher information in output space F_out(z) (which for
 * these canonical links is also the Hessian of the loss in z, so the generalised Gauss-Newton
 * matrix J^T H J equals the Fisher J^T F_out J), a square root of F_out, and a sampler.
 * Reference: Martens (2020), "New insights and perspectives on the natural gradient method",
 * sections 9.1-9.2.
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import type { Rng } from '../../random/rng.js';

/** Names of the output distributions. */
export type OutputName = 'categorical' | 'bernoulli' | 'gaussian';

/** A distribution over targets parameterised by the network output z ([batch, k]). */
export interface OutputDistribution {
  readonly name: OutputName;
  /** Per-example negative log-likelihood, [batch] (for the Gaussian, up to an additive constant). */
  lossPerExample(z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D;
  /** Mean negative log-likelihood over the batch, a scalar. */
  loss(z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar;
  /** d loss_n / d z_n for every example, [batch, k] (NOT divided by the batch size). */
  lossGrad(z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D;
  /** F_out(z_n) u_n for every example, [batch, k]. */
  fisherVp(z: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D;
  /** Hessian of loss_n in z_n times u_n, [batch, k]; equals fisherVp for these canonical links. */
  hessianVp(z: tf.Tensor2D, y: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D;
  /** Columns s_1..s_k of a square root S(z_n) with F_out(z_n) = S S^T; column j is [batch, k]. */
  fisherSqrtColumns(z: tf.Tensor2D): tf.Tensor2D[];
  /** Targets drawn from p(y | z_n) for every example (one draw each), [batch, k]. */
  sample(z: tf.Tensor2D, rng: Rng): tf.Tensor2D;
  /** The distribution's mean: class probabilities, Bernoulli probabilities, or z itself. */
  mean(z: tf.Tensor2D): tf.Tensor2D;
  /**
   * Throws an InfogeoError naming `param` unless y is a [batch, k] tensor of valid targets for
   * this distribution (finite; in [0, 1] for Bernoulli; rows on the simplex for categorical).
   * Reads the tensor's values.
   */
  checkTargets(where: string, param: string, y: tf.Tensor, batch: number, k: number): void;
}

/** Throws unless y is a finite [batch, k] tensor; returns its values. */
export function checkTargetShape(where: string, param: string, y: tf.Tensor, batch: number, k: number): Float32Array {
  if (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== batch || y.shape[1] !== k) {
    throw new InfogeoError(where, param, y instanceof tf.Tensor ? y.shape : y, `a tensor of shape [${batch}, ${k}]`);
  }
  const v = y.dataSync() as Float32Array;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new InfogeoError(where, `${param}[${Math.floor(i / k)}][${i % k}]`, v[i], 'a finite number');
  }
  return v;
}
