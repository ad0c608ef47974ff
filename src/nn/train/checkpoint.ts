/**
 * Checkpoints: one JSON file holding the step, the parameters, the optimiser state, the batch
 * sampler's state and the loss history, written atomically (a temporary file renamed over the
 * old one), so that a killed run loses at most one checkpoint interval. Parameters with a NaN or
 * Infinity are never written.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import { allFinite } from '../params.js';
import { stateFromJSON, stateToJSON } from '../optim/state.js';
import type { SamplerState } from './sampler.js';

/** The training history a checkpoint carries. */
export interface History {
  /** Step numbers (1-based: the loss at step k is the batch loss before the k-th update). */
  step: number[];
  loss: number[];
  /** Evaluation loss, with its step and the training wall time (ms) when it was measured. */
  evalStep: number[];
  evalLoss: number[];
  evalTimeMs: number[];
}

/** Everything needed to resume a run. */
export interface Checkpoint {
  version: 1;
  /** Identifies the run: model and optimiser names, seed, batch size; a resume must match. */
  fingerprint: string;
  step: number;
  elapsedMs: number;
  params: tf.Tensor[];
  state: unknown;
  sampler: SamplerState;
  history: History;
}

/**
 * Writes a checkpoint atomically; returns false (and writes nothing) if a parameter is not
 * finite.
 *
 * @example saveCheckpoint('out/run.ckpt.json', ckpt) // true
 */
export function saveCheckpoint(path: string, ckpt: Checkpoint): boolean {
  if (!allFinite(ckpt.params)) return false;
  // Through stateToJSON as a whole: tensors become base64, and NaN (an Rng's empty cache) survives.
  const json = JSON.stringify(stateToJSON(ckpt));
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, json);
  renameSync(tmp, path);
  return true;
}

/** Reads a checkpoint (new tensors, owned by the caller), or null if the file does not exist. */
export function loadCheckpoint(path: string): Checkpoint | null {
  if (!existsSync(path)) return null;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InfogeoError('loadCheckpoint', 'path', path, 'a checkpoint written by saveCheckpoint', (e as Error).message);
  }
  if (raw.version !== 1) throw new InfogeoError('loadCheckpoint', 'version', raw.version, '1');
  return stateFromJSON(raw) as Checkpoint;
}
