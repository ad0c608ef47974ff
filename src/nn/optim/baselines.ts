/**
 * First-order baselines on tensors: SGD with (heavy-ball) momentum and Adam, as
 * {@link NNTransform}s so that they run in the same loop, on the same batches, as K-FAC and
 * Shampoo.
 */
import { tf } from '../backend.js';
import { InfogeoError, checkPositive } from '../../errors.js';
import type { NNTransform } from './transform.js';
import { releaseReplaced } from './state.js';
import { checkGrads } from './checks.js';

/** Options of {@link sgdNN}. */
export interface SgdOptions {
  /** Heavy-ball momentum in [0, 1). Default 0. */
  momentum?: number;
}

/** State of {@link sgdNN}. */
export interface SgdState {
  velocity: tf.Tensor[] | null;
}

/**
 * Stochastic gradient descent: step = -lr u with u = momentum u_prev + g.
 *
 * Domain: lr > 0; momentum in [0, 1).
 *
 * @example sgdNN(0.1).update([tf.tensor1d([2])], { velocity: null }, params, ctx)[0] // [tensor [-0.2]]
 */
export function sgdNN(lr: number, options: SgdOptions = {}): NNTransform<SgdState> {
  checkPositive('sgdNN', 'lr', lr);
  const mom = options.momentum ?? 0;
  if (!(mom >= 0 && mom < 1)) throw new InfogeoError('sgdNN', 'momentum', mom, 'a number in [0, 1)');
  return {
    name: 'sgd',
    init: () => ({ velocity: null }),
    update(grads, state) {
      checkGrads('sgdNN', grads);
      if (mom === 0) return [grads.map((g) => tf.mul(g, -lr)), state];
      const velocity = grads.map((g, i) => tf.tidy(() => (state.velocity ? tf.add(tf.mul(state.velocity[i], mom), g) : g.clone())));
      const step = velocity.map((v) => tf.mul(v, -lr));
      const next = { velocity };
      releaseReplaced(state, next);
      return [step, next];
    },
  };
}

/** Options of {@link adamNN}. */
export interface AdamNNOptions {
  b1?: number;
  b2?: number;
  eps?: number;
}

/** State of {@link adamNN}. */
export interface AdamNNState {
  count: number;
  m: tf.Tensor[];
  v: tf.Tensor[];
}

/**
 * Adam (Kingma and Ba 2015): step = -lr m_hat / (sqrt(v_hat) + eps) with bias-corrected
 * moment averages m, v of the gradient and its square.
 *
 * Domain: lr > 0; b1, b2 in [0, 1); eps >= 0.
 *
 * @example const adam = adamNN(1e-3); const s = adam.init(params); adam.update(grads, s, params, ctx)
 */
export function adamNN(lr: number, options: AdamNNOptions = {}): NNTransform<AdamNNState> {
  checkPositive('adamNN', 'lr', lr);
  const b1 = options.b1 ?? 0.9;
  const b2 = options.b2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  if (!(b1 >= 0 && b1 < 1)) throw new InfogeoError('adamNN', 'b1', b1, 'a number in [0, 1)');
  if (!(b2 >= 0 && b2 < 1)) throw new InfogeoError('adamNN', 'b2', b2, 'a number in [0, 1)');
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new InfogeoError('adamNN', 'eps', eps, 'a finite number >= 0');
  return {
    name: 'adam',
    init: (params) => ({ count: 0, m: params.map((p) => tf.zerosLike(p)), v: params.map((p) => tf.zerosLike(p)) }),
    update(grads, state) {
      checkGrads('adamNN', grads);
      const count = state.count + 1;
      const c1 = 1 - Math.pow(b1, count);
      const c2 = 1 - Math.pow(b2, count);
      const m = grads.map((g, i) => tf.tidy(() => tf.add(tf.mul(state.m[i], b1), tf.mul(g, 1 - b1))));
      const v = grads.map((g, i) => tf.tidy(() => tf.add(tf.mul(state.v[i], b2), tf.mul(tf.square(g), 1 - b2))));
      const step = m.map((mi, i) => tf.tidy(() => tf.mul(tf.div(mi, tf.add(tf.sqrt(tf.div(v[i], c2)), eps)), -lr / c1)));
      const next = { count, m, v };
      releaseReplaced(state, next);
      return [step, next];
    },
  };
}
