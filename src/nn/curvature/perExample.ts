/**
 * Per-example gradients and the explicit Fisher matrix of a (small) network, in its three usual
 * estimates:
 *
 *   exact        F = (1/B) sum_n J_n^T F_out(z_n) J_n, through the square root F_out = S S^T
 *                (one backprop per output unit);
 *   Monte Carlo  F ~ (1/(B M)) sum_n sum_m g_nm g_nm^T, g_nm the per-example gradient for a
 *                target drawn from the model, y ~ p(y | z_n) (unbiased for the true Fisher);
 *   empirical    (1/B) sum_n g_n g_n^T at the observed targets (NOT the Fisher in general; see
 *                Kunstner, Balles and Hennig 2019).
 *
 * A dense layer's per-example gradient is the outer product a_n g_n^T of its input and its output
 * gradient (plus g_n for the bias), so all of them come from one backprop.
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import { gram } from '../../linalg/gemm.js';
import type { Rng } from '../../random/rng.js';
import type { Sequential, Trace } from '../sequential.js';
import type { OutputDistribution } from '../outputs/output.js';

/** Per-example flat gradients [B, P] from a trace and per-example output gradients dz [B, k]. */
export function perExampleFromTrace(net: Sequential, params: readonly tf.Tensor[], tr: Trace, dz: tf.Tensor2D): tf.Tensor2D {
  const { outputGrads } = net.backward(params, tr, dz, false);
  const b = dz.shape[0];
  const parts: tf.Tensor2D[] = [];
  for (const slot of net.dense) {
    const a = tr.inputs[slot.layer];
    const g = outputGrads[slot.layer];
    const outer = tf.mul(tf.reshape(a, [b, slot.inputSize, 1]), tf.reshape(g, [b, 1, slot.outputSize]));
    parts.push(tf.reshape(outer, [b, slot.inputSize * slot.outputSize]), g);
  }
  return tf.concat(parts, 1);
}

/**
 * The gradient of each example's loss, J_n^T dz_n, flattened in parameter order: [B, P].
 *
 * Domain: params of the network's shapes, x [B, inputSize], dz [B, outputSize] (d loss_n / d z_n;
 * e.g. `out.lossGrad(z, y)`). Memory B x P floats: for small networks.
 *
 * @example perExampleGradients(net, params, x, dz).shape // [B, net.size]
 */
export function perExampleGradients(net: Sequential, params: readonly tf.Tensor[], x: tf.Tensor2D, dz: tf.Tensor2D): tf.Tensor2D {
  net.checkParams('perExampleGradients', params);
  net.checkInput('perExampleGradients', x);
  if (!(dz instanceof tf.Tensor) || dz.rank !== 2 || dz.shape[0] !== x.shape[0] || dz.shape[1] !== net.outputSize) {
    throw new InfogeoError('perExampleGradients', 'dz', dz instanceof tf.Tensor ? dz.shape : dz, `a tensor of shape [${x.shape[0]}, ${net.outputSize}]`);
  }
  return tf.tidy(() => perExampleFromTrace(net, params, net.trace(params, x), dz));
}

/** Options of {@link networkFisher}. */
export interface NetworkFisherOptions {
  /** 'exact' (default), 'monteCarlo' (needs rng) or 'empirical' (needs y). */
  estimator?: 'exact' | 'monteCarlo' | 'empirical';
  /** Targets, for the empirical Fisher: [B, outputSize]. */
  y?: tf.Tensor2D;
  /** Generator for the Monte Carlo targets. */
  rng?: Rng;
  /** Number of sampled targets per example for 'monteCarlo' (default 1). */
  samples?: number;
}

/**
 * The P x P Fisher matrix of a network's parameters on a batch, row-major float64.
 *
 * Formula: exact (1/B) sum_n sum_j (J_n^T s_nj)(J_n^T s_nj)^T with F_out(z_n) = sum_j s_nj s_nj^T;
 * Monte Carlo and empirical as in the module comment. Domain: a small network (P^2 doubles of
 * memory); x [B, inputSize]; y for 'empirical'; rng for 'monteCarlo'; samples an integer >= 1.
 *
 * @example networkFisher(net, bernoulliOutput(), params, x).length // net.size ** 2
 */
export function networkFisher(net: Sequential, out: OutputDistribution, params: readonly tf.Tensor[], x: tf.Tensor2D, options: NetworkFisherOptions = {}): Float64Array {
  const where = 'networkFisher';
  net.checkParams(where, params);
  net.checkInput(where, x);
  const estimator = options.estimator ?? 'exact';
  const p = net.size;
  const b = x.shape[0];
  const f = new Float64Array(p * p);
  const accumulate = (rows: tf.Tensor2D, weight: number): void => {
    const data = Float64Array.from(rows.dataSync());
    gram(f, data, rows.shape[0], p, weight, 1);
  };
  if (estimator === 'exact') {
    tf.tidy(() => {
      const tr = net.trace(params, x);
      for (const s of out.fisherSqrtColumns(tr.output)) accumulate(perExampleFromTrace(net, params, tr, s), 1 / b);
    });
  } else if (estimator === 'monteCarlo') {
    const r = options.rng;
    if (!r) throw new InfogeoError(where, 'options.rng', r, 'a generator (rng(seed)) for the Monte Carlo targets');
    const m = options.samples ?? 1;
    if (!Number.isInteger(m) || m < 1) throw new InfogeoError(where, 'options.samples', m, 'an integer >= 1');
    tf.tidy(() => {
      const tr = net.trace(params, x);
      for (let k = 0; k < m; k++) {
        const ys = out.sample(tr.output, r);
        accumulate(perExampleFromTrace(net, params, tr, out.lossGrad(tr.output, ys)), 1 / (b * m));
      }
    });
  } else if (estimator === 'empirical') {
    const y = options.y;
    if (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== b || y.shape[1] !== net.outputSize) {
      throw new InfogeoError(where, 'options.y', y instanceof tf.Tensor ? y.shape : y, `targets of shape [${b}, ${net.outputSize}] for the empirical Fisher`);
    }
    tf.tidy(() => {
      const tr = net.trace(params, x);
      accumulate(perExampleFromTrace(net, params, tr, out.lossGrad(tr.output, y)), 1 / b);
    });
  } else {
    throw new InfogeoError(where, 'options.estimator', estimator, "'exact', 'monteCarlo' or 'empirical'");
  }
  return f;
}
