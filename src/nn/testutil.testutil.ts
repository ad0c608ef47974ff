/** Shared helpers for the nn tests: seeded random tensors and small networks. */
import { tf } from './backend.js';
import { Rng } from '../random/rng.js';

/** A [rows, cols] float32 tensor of N(0, scale^2) entries from a seeded generator. */
export function randn(r: Rng, rows: number, cols: number, scale = 1): tf.Tensor2D {
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < v.length; i++) v[i] = scale * r.normal();
  return tf.tensor2d(v, [rows, cols]);
}

/** Random tensors with the given shapes. */
export function randnList(r: Rng, shapes: readonly (readonly number[])[], scale = 1): tf.Tensor[] {
  return shapes.map((sh) => {
    const n = sh.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = scale * r.normal();
    return tf.tensor(v, sh as number[]);
  });
}

/** Rows of a 2-D tensor as Float64Arrays. */
export function rows64(x: tf.Tensor2D): Float64Array[] {
  const [b, k] = x.shape;
  const d = x.dataSync();
  return Array.from({ length: b }, (_, n) => Float64Array.from(d.subarray(n * k, n * k + k)));
}
