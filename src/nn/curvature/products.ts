/**
 * Matrix-free curvature products of a network's loss, from the layers' own JVP and VJP passes
 * (never TensorFlow.js's second-order autodiff):
 *
 *   Fisher-vector product        F v = (1/B) sum_n J_n^T F_out(z_n) J_n v,
 *   Gauss-Newton-vector product  G v = (1/B) sum_n J_n^T H_n J_n v,  H_n = d^2 loss_n / dz_n^2,
 *
 * where J_n = dz_n / d theta is the Jacobian of the network output for example n. Each product is
 * one forward pass, one JVP pass (J v) and one VJP pass (J^T u): about the cost of three
 * gradient evaluations. References: Schraudolph (2002), "Fast curvature matrix-vector products
 * for second-order gradient descent"; Martens (2010), "Deep learning via Hessian-free
 * optimization".
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import type { Sequential } from '../sequential.js';
import type { OutputDistribution } from '../outputs/output.js';

/** Loss and gradient of the mean negative log-likelihood. */
export interface LossAndGradient {
  /** (1/B) sum_n loss_n. */
  loss: number;
  /** Gradient for every parameter (caller owns the tensors). */
  grads: tf.Tensor[];
}

function checkBatch(where: string, net: Sequential, params: readonly tf.Tensor[], x: tf.Tensor, y?: tf.Tensor): void {
  net.checkParams(where, params);
  net.checkInput(where, x);
  if (y !== undefined && (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== x.shape[0] || y.shape[1] !== net.outputSize)) {
    throw new InfogeoError(where, 'y', y instanceof tf.Tensor ? y.shape : y, `a tensor of shape [${x.shape[0]}, ${net.outputSize}] (one target row per input row)`);
  }
}

/**
 * The mean loss and its gradient by the network's own backprop.
 *
 * Formula: grad = (1/B) sum_n J_n^T (d loss_n / d z_n). Domain: params of the network's shapes,
 * x [B, inputSize], y [B, outputSize] valid targets.
 *
 * @example
 * const { loss, grads } = lossAndGradient(net, bernoulliOutput(), params, x, y);
 */
export function lossAndGradient(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D): LossAndGradient {
  checkBatch('lossAndGradient', net, params, x, y);
  let loss = 0;
  const grads = tf.tidy(() => {
    const tr = net.trace(params, x);
    const lossT = out.loss(tr.output, y);
    loss = lossT.dataSync()[0];
    const dz = tf.mul(out.lossGrad(tr.output, y), 1 / x.shape[0]) as tf.Tensor2D;
    return net.backward(params, tr, dz).grads!;
  });
  return { loss, grads };
}

/**
 * The Jacobian-vector product J v: the tangent of the network output along the parameter
 * direction v, [B, outputSize].
 *
 * @example jacobianVp(net, params, x, v).shape // [x.shape[0], net.outputSize]
 */
export function jacobianVp(net: Sequential, params: readonly tf.Tensor[], x: tf.Tensor2D, v: readonly tf.Tensor[]): tf.Tensor2D {
  checkBatch('jacobianVp', net, params, x);
  net.checkParams('jacobianVp', v);
  return tf.tidy(() => net.jvp(params, net.trace(params, x), v));
}

/**
 * The exact Fisher-vector product on a batch, without forming the Fisher.
 *
 * Formula: F v = (1/B) sum_n J_n^T F_out(z_n) (J_n v). Domain: params and v of the network's
 * shapes, x [B, inputSize]. Targets are not needed: the Fisher is an expectation over the
 * model's own predictive distribution. Returns new tensors of the parameters' shapes.
 *
 * @example fisherVp(net, categoricalOutput(), params, x, v) // [F v for W_1, b_1, ...]
 */
export function fisherVp(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, v: readonly tf.Tensor[]): tf.Tensor[] {
  checkBatch('fisherVp', net, params, x);
  net.checkParams('fisherVp', v);
  return tf.tidy(() => {
    const tr = net.trace(params, x);
    const jv = net.jvp(params, tr, v);
    const u = tf.mul(out.fisherVp(tr.output, jv), 1 / x.shape[0]) as tf.Tensor2D;
    return net.backward(params, tr, u).grads!;
  });
}

/**
 * The generalised Gauss-Newton-vector product on a batch.
 *
 * Formula: G v = (1/B) sum_n J_n^T H_n (J_n v), H_n the Hessian of loss_n in z_n. For the three
 * outputs here (canonical links) H_n = F_out(z_n) whatever the targets, so G v = F v.
 * Domain: as {@link fisherVp}, plus y [B, outputSize].
 *
 * @example gaussNewtonVp(net, bernoulliOutput(), params, x, y, v) // equals fisherVp(net, bernoulliOutput(), params, x, v)
 */
export function gaussNewtonVp(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, v: readonly tf.Tensor[]): tf.Tensor[] {
  checkBatch('gaussNewtonVp', net, params, x, y);
  net.checkParams('gaussNewtonVp', v);
  return tf.tidy(() => {
    const tr = net.trace(params, x);
    const jv = net.jvp(params, tr, v);
    const u = tf.mul(out.hessianVp(tr.output, y, jv), 1 / x.shape[0]) as tf.Tensor2D;
    return net.backward(params, tr, u).grads!;
  });
}

/**
 * The quadratic form v^T F v = (1/B) sum_n (J_n v)^T F_out(z_n) (J_n v), from one JVP pass (no
 * backprop). Used for exact step sizes and Levenberg-Marquardt reduction ratios.
 *
 * @example fisherQuadratic(net, out, params, x, v) // >= 0
 */
export function fisherQuadratic(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, v: readonly tf.Tensor[]): number {
  return fisherBilinear(net, out, params, x, [v])[0][0];
}

/**
 * The Gram matrix of several directions in the Fisher metric, M[i][j] = v_i^T F v_j, from one
 * forward and one JVP pass per direction. Used by K-FAC's quadratic-model step with momentum.
 */
export function fisherBilinear(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, vs: readonly (readonly tf.Tensor[])[]): number[][] {
  checkBatch('fisherBilinear', net, params, x);
  vs.forEach((v) => net.checkParams('fisherBilinear', v));
  const m = vs.length;
  const vals = tf.tidy(() => {
    const tr = net.trace(params, x);
    const jvs = vs.map((v) => net.jvp(params, tr, v));
    const fjvs = jvs.map((jv) => out.fisherVp(tr.output, jv));
    const entries: tf.Scalar[] = [];
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) entries.push(tf.sum(tf.mul(jvs[i], fjvs[j])) as tf.Scalar);
    return tf.div(tf.stack(entries), x.shape[0]).dataSync();
  });
  const res: number[][] = [];
  for (let i = 0; i < m; i++) {
    res.push([]);
    for (let j = 0; j < m; j++) res[i].push(0.5 * (vals[i * m + j] + vals[j * m + i]));
  }
  return res;
}
