/**
 * Parameter lists ([W_1, b_1, W_2, b_2, ...] as float32 tensors) and their flat float64 form,
 * the bridge between TensorFlow.js and the library's float64 kernels (CG, factor inverses,
 * explicit Fisher matrices). The flat order is parameter by parameter, each row-major.
 */
import { tf } from './backend.js';
import { InfogeoError } from '../errors.js';

/**
 * The parameters as one flat Float64Array (copies the data).
 * @example flattenParams([tf.tensor2d([[1, 2]]), tf.tensor1d([3])]) // Float64Array [1, 2, 3]
 */
export function flattenParams(params: readonly tf.Tensor[]): Float64Array {
  let n = 0;
  for (const p of params) n += p.size;
  const out = new Float64Array(n);
  let o = 0;
  for (const p of params) {
    out.set(p.dataSync(), o);
    o += p.size;
  }
  return out;
}

/**
 * Float32 tensors of the given shapes filled from a flat vector (the inverse of
 * {@link flattenParams}); the caller owns them.
 * @example unflattenParams(Float64Array.of(1, 2, 3), [[1, 2], [1]]) // [tensor [[1, 2]], tensor [3]]
 */
export function unflattenParams(flat: ArrayLike<number>, shapes: readonly (readonly number[])[]): tf.Tensor[] {
  const total = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
  if (flat.length !== total) throw new InfogeoError('unflattenParams', 'flat', flat.length, `a vector of length ${total} (the parameter count)`);
  const out: tf.Tensor[] = [];
  let o = 0;
  for (const sh of shapes) {
    const size = sh.reduce((a, b) => a * b, 1);
    const buf = new Float32Array(size);
    for (let i = 0; i < size; i++) buf[i] = flat[o + i];
    out.push(tf.tensor(buf, sh as number[]));
    o += size;
  }
  return out;
}

/** Sum over the list of <a_i, b_i> in float64 (reads the data). */
export function dotParams(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i].dataSync();
    const y = b[i].dataSync();
    for (let k = 0; k < x.length; k++) s += x[k] * y[k];
  }
  return s;
}

/** Disposes every tensor of a list (ignores nulls). */
export function disposeAll(ts: readonly (tf.Tensor | null | undefined)[]): void {
  for (const t of ts) if (t && !t.isDisposed) t.dispose();
}

/** True iff every entry of every tensor is finite (one reduction per tensor, then one read). */
export function allFinite(ts: readonly tf.Tensor[]): boolean {
  if (ts.length === 0) return true;
  const flags = tf.tidy(() => tf.stack(ts.map((t) => tf.all(tf.isFinite(t)).toFloat())).dataSync());
  for (let i = 0; i < flags.length; i++) if (flags[i] !== 1) return false;
  return true;
}
