/**
 * The TensorFlow.js runtime behind `src/nn`: the union package `@tensorflow/tfjs` (tfjs-core
 * alone registers no gradients) with the WebAssembly backend (XNNPACK, SIMD), which loads its
 * .wasm from the installed package without network access. Both packages are optional peer
 * dependencies of infogeo: only code that imports `src/nn` needs them.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InfogeoError } from '../errors.js';

/** The TensorFlow.js namespace the library uses (the union package), for callers building tensors. */
export { tf };

/** Backends `initBackend` accepts: 'wasm' (default, fast on CPU) or 'cpu' (pure JavaScript). */
export type BackendName = 'wasm' | 'cpu';

/**
 * Selects and initialises the TensorFlow.js backend; call once before any other `nn` function.
 *
 * Domain: name 'wasm' or 'cpu'. Resolves to the backend in use. Idempotent: a second call with
 * the same name does nothing.
 *
 * @example await initBackend(); // 'wasm'
 */
export async function initBackend(name: BackendName = 'wasm'): Promise<BackendName> {
  if (name !== 'wasm' && name !== 'cpu') throw new InfogeoError('initBackend', 'name', name, "'wasm' or 'cpu'");
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new InfogeoError('initBackend', 'name', name, 'a backend that initialises on this platform');
  }
  await tf.ready();
  return name;
}
