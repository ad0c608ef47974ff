/**
 * Optimiser state as a tree of plain values: numbers, strings, booleans, null, Float64Arrays,
 * tensors, arrays and plain objects. One walker then disposes, replaces and serialises any
 * transform's state. Keys starting with '_' hold transient values (caches such as factor
 * inverses) that are not written to checkpoints and are rebuilt after a resume.
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';

/** Something holding native memory: a tensor or a curvature block. */
interface Disposable {
  dispose(): void;
}

function isDisposable(x: unknown): x is Disposable {
  return x instanceof tf.Tensor || (typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as Disposable).dispose === 'function');
}

/** Every tensor and disposable object reachable from a state tree. */
export function collectDisposables(tree: unknown, into: Set<Disposable> = new Set()): Set<Disposable> {
  if (isDisposable(tree)) {
    into.add(tree);
  } else if (Array.isArray(tree)) {
    for (const t of tree) collectDisposables(t, into);
  } else if (typeof tree === 'object' && tree !== null && !(tree instanceof Float64Array) && !(tree instanceof Float32Array)) {
    for (const v of Object.values(tree)) collectDisposables(v, into);
  }
  return into;
}

/** Disposes every tensor and block of a state. */
export function disposeState(state: unknown): void {
  for (const d of collectDisposables(state)) {
    if (!(d instanceof tf.Tensor) || !d.isDisposed) d.dispose();
  }
}

/**
 * Disposes what the old state holds and the new one does not (by identity): how an update
 * consumes its input state while carrying unchanged tensors over.
 */
export function releaseReplaced(old: unknown, next: unknown): void {
  const keep = collectDisposables(next);
  for (const d of collectDisposables(old)) {
    if (keep.has(d)) continue;
    if (!(d instanceof tf.Tensor) || !d.isDisposed) d.dispose();
  }
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function unb64(s: string): Uint8Array {
  const buf = Buffer.from(s, 'base64');
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

/**
 * A JSON-compatible copy of a state: tensors become { __tensor: { shape, dtype, data } } with
 * little-endian base64 float32 data, Float64Arrays { __f64 }, non-finite numbers { __num }.
 * Transient keys ('_'-prefixed) and disposable non-tensor objects are dropped.
 *
 * @example JSON.stringify(stateToJSON({ count: 3, m: [tf.tensor1d([1, 2])] }))
 * // '{"count":3,"m":[{"__tensor":{"shape":[2],"dtype":"float32","data":"AACAPwAAAEA="}}]}'
 */
export function stateToJSON(tree: unknown): unknown {
  if (tree instanceof tf.Tensor) {
    const data = tree.dataSync();
    const f = tree.dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data);
    return { __tensor: { shape: tree.shape, dtype: tree.dtype === 'int32' ? 'int32' : 'float32', data: b64(new Uint8Array(f.buffer)) } };
  }
  if (tree instanceof Float64Array) return { __f64: b64(new Uint8Array(tree.buffer, tree.byteOffset, tree.byteLength)) };
  if (typeof tree === 'number') return Number.isFinite(tree) ? tree : { __num: String(tree) };
  if (tree === null || typeof tree === 'string' || typeof tree === 'boolean') return tree;
  if (Array.isArray(tree)) return tree.map(stateToJSON);
  if (typeof tree === 'object' && tree !== null) {
    if (isDisposable(tree)) return null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree)) if (!k.startsWith('_') && v !== undefined) out[k] = stateToJSON(v);
    return out;
  }
  throw new InfogeoError('stateToJSON', 'state', typeof tree, 'a tree of numbers, strings, booleans, null, Float64Arrays, tensors, arrays and objects');
}

/** The inverse of {@link stateToJSON}: new tensors (owned by the caller). */
export function stateFromJSON(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(stateFromJSON);
  if (typeof json === 'object' && json !== null) {
    const o = json as Record<string, unknown>;
    if ('__tensor' in o) {
      const t = o.__tensor as { shape: number[]; dtype: 'float32' | 'int32'; data: string };
      const bytes = unb64(t.data);
      const arr = t.dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
      return tf.tensor(arr, t.shape, t.dtype);
    }
    if ('__f64' in o) return new Float64Array(unb64(o.__f64 as string).buffer);
    if ('__num' in o) return Number(o.__num);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = stateFromJSON(v);
    return out;
  }
  return json;
}
