/** Validation shared by the network optimisers. */
import { tf } from '../backend.js';
import { InfogeoError, checkPositive } from '../../errors.js';

/**
 * Throws unless every gradient is finite, naming the first offending parameter index: the
 * optimisers never continue with NaN.
 */
export function checkGrads(where: string, grads: readonly tf.Tensor[]): void {
  if (!Array.isArray(grads) || grads.length === 0) throw new InfogeoError(where, 'grads', grads, 'a non-empty list of tensors');
  const flags = tf.tidy(() => tf.stack(grads.map((g) => tf.all(tf.isFinite(g)).toFloat())).dataSync());
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] !== 1) throw new InfogeoError(where, `grads[${i}]`, 'a tensor with NaN or Infinity', 'finite gradients', 'the data or the parameters produced a non-finite gradient');
  }
}

/** Throws unless x is an integer >= min. */
export function checkInt(where: string, param: string, x: unknown, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) throw new InfogeoError(where, param, x, `an integer >= ${min}`);
  return x;
}

/** Throws unless 0 <= x < 1 (or <= 1 when closed). */
export function checkUnit(where: string, param: string, x: unknown, closed = false): number {
  if (typeof x !== 'number' || !(x >= 0 && (closed ? x <= 1 : x < 1))) throw new InfogeoError(where, param, x, closed ? 'a number in [0, 1]' : 'a number in [0, 1)');
  return x;
}

/** Re-exported so that every optimiser takes its checks from one place. */
export { checkPositive };
