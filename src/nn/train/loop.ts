/**
 * The training loop: minibatches from a seeded sampler, the loss and gradient by the network's
 * own backprop, one optimiser update per step, periodic evaluation on a fixed subset,
 * checkpoints that a run resumes from, and recovery from divergence (a non-finite loss restores
 * the previous parameters and asks the optimiser for a more conservative state, logged).
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import type { Model } from '../models.js';
import type { Dataset } from '../data/mnist.js';
import type { NNTransform } from '../optim/transform.js';
import { disposeState } from '../optim/state.js';
import { lossAndGradient } from '../curvature/products.js';
import { allFinite, disposeAll } from '../params.js';
import { BatchSampler } from './sampler.js';
import { loadCheckpoint, saveCheckpoint, type History } from './checkpoint.js';

/** Options of {@link train}. */
export interface TrainOptions {
  model: Model;
  transform: NNTransform<any>;
  data: Dataset;
  /** Total number of steps (a resumed run continues up to it). */
  steps: number;
  batchSize: number;
  /** Seed of the initial parameters and of the batches. Default 0. */
  seed?: number;
  /** Initialisation scheme of the parameters. Default 'glorot'. */
  init?: 'glorot' | 'sparse';
  /** Evaluate the mean loss on the first evalSize examples every evalEvery steps (0: never). Default 0. */
  evalEvery?: number;
  /** Default: min(data.count, 1000). */
  evalSize?: number;
  /** Stop as soon as an evaluation reaches this loss. */
  targetLoss?: number;
  /** Checkpoint file and interval in steps; with resume, a run continues from the file if it exists. */
  checkpoint?: { path: string; every: number; resume?: boolean };
  /** Called after every step. */
  onStep?: (info: StepInfo) => void;
  /** Receives notes from the loop and the optimiser (recoveries, damping changes, skipped checkpoints). */
  log?: (message: string) => void;
  /** Give up after this many recoveries. Default 10. */
  maxRecoveries?: number;
}

/** What onStep receives. */
export interface StepInfo {
  step: number;
  loss: number;
  evalLoss: number | null;
  elapsedMs: number;
}

/** Result of {@link train}. The caller owns `params`; call `dispose()` to free them and the optimiser state. */
export interface TrainResult {
  params: tf.Tensor[];
  state: unknown;
  history: History;
  /** Steps completed (including those before a resume). */
  steps: number;
  /** Training wall time in ms (evaluation and checkpoint time excluded). */
  elapsedMs: number;
  recoveries: number;
  resumedFrom: number | null;
  /** First evaluation step at which targetLoss was reached, or null. */
  reachedTarget: number | null;
  dispose(): void;
}

/** Rows `idx` of a row-major array as a [idx.length, width] tensor. */
export function gatherRows(src: Float32Array, width: number, idx: ArrayLike<number>): tf.Tensor2D {
  const out = new Float32Array(idx.length * width);
  for (let i = 0; i < idx.length; i++) out.set(src.subarray(idx[i] * width, idx[i] * width + width), i * width);
  return tf.tensor2d(out, [idx.length, width]);
}

/**
 * The mean loss of a model on the first `size` examples of a dataset, in chunks of 1000.
 * @example evalLoss(model, params, data, 1000) // e.g. 0.2843
 */
export function evalLoss(model: Model, params: readonly tf.Tensor[], data: Dataset, size = data.count): number {
  let total = 0;
  for (let s = 0; s < size; s += 1000) {
    const n = Math.min(1000, size - s);
    const idx = Int32Array.from({ length: n }, (_, i) => s + i);
    total += tf.tidy(() => {
      const x = gatherRows(data.x, data.inputSize, idx);
      const y = gatherRows(data.y, data.outputSize, idx);
      return tf.sum(model.output.lossPerExample(model.net.forward(params, x), y)).dataSync()[0];
    });
  }
  return total / size;
}

function checkData(where: string, model: Model, data: Dataset): void {
  if (data.inputSize !== model.net.inputSize) throw new InfogeoError(where, 'data.inputSize', data.inputSize, `${model.net.inputSize} (the network's input size)`);
  if (data.outputSize !== model.net.outputSize) throw new InfogeoError(where, 'data.outputSize', data.outputSize, `${model.net.outputSize} (the network's output size)`);
  if (data.x.length !== data.count * data.inputSize) throw new InfogeoError(where, 'data.x', data.x.length, `${data.count * data.inputSize} values (count x inputSize)`);
  if (data.y.length !== data.count * data.outputSize) throw new InfogeoError(where, 'data.y', data.y.length, `${data.count * data.outputSize} values (count x outputSize)`);
  for (let i = 0; i < data.x.length; i++) {
    if (!Number.isFinite(data.x[i])) throw new InfogeoError(where, `data.x[${Math.floor(i / data.inputSize)}][${i % data.inputSize}]`, data.x[i], 'a finite number');
  }
  for (let s = 0; s < data.count; s += 1000) {
    const n = Math.min(1000, data.count - s);
    const y = tf.tensor2d(data.y.subarray(s * data.outputSize, (s + n) * data.outputSize), [n, data.outputSize]);
    try {
      model.output.checkTargets(where, `data.y (rows from ${s})`, y, n, data.outputSize);
    } finally {
      y.dispose();
    }
  }
}

/**
 * Trains a model with an optimiser transform; see {@link TrainOptions}.
 *
 * Domain: steps, batchSize integers >= 1 with batchSize <= data.count; data finite, of the
 * network's sizes, with valid targets (checked once, with the offending row named).
 *
 * @example
 * const r = train({ model, transform: adamNN(1e-3), data, steps: 100, batchSize: 100 });
 * r.history.loss.at(-1); r.dispose();
 */
export function train(options: TrainOptions): TrainResult {
  const where = 'train';
  const { model, transform, data } = options;
  const { net, output } = model;
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new InfogeoError(where, 'steps', options.steps, 'an integer >= 1');
  checkData(where, model, data);
  const seed = options.seed ?? 0;
  const evalEvery = options.evalEvery ?? 0;
  const evalSize = Math.min(options.evalSize ?? 1000, data.count);
  const log = options.log ?? (() => {});
  const maxRecoveries = options.maxRecoveries ?? 10;
  const fingerprint = `${model.name}|${transform.name}|seed ${seed}|batch ${options.batchSize}`;

  let params: tf.Tensor[];
  let state: unknown;
  let sampler: BatchSampler;
  let history: History = { step: [], loss: [], evalStep: [], evalLoss: [], evalTimeMs: [] };
  let start = 0;
  let elapsed = 0;
  let resumedFrom: number | null = null;
  const ck = options.checkpoint;
  const loaded = ck?.resume ? loadCheckpoint(ck.path) : null;
  if (loaded) {
    if (loaded.fingerprint !== fingerprint) {
      disposeAll(loaded.params);
      disposeState(loaded.state);
      throw new InfogeoError(where, 'checkpoint.path', ck!.path, `a checkpoint of this run (${fingerprint})`, `it holds ${loaded.fingerprint}`);
    }
    net.checkParams(where, loaded.params);
    params = loaded.params;
    state = loaded.state;
    sampler = new BatchSampler(data.count, options.batchSize, seed, loaded.sampler);
    history = loaded.history;
    start = loaded.step;
    elapsed = loaded.elapsedMs;
    resumedFrom = loaded.step;
    log(`resumed from ${ck!.path} at step ${start}`);
  } else {
    sampler = new BatchSampler(data.count, options.batchSize, seed);
    params = net.init(seed, { scheme: options.init ?? 'glorot' });
    state = transform.init(params);
  }

  let prev: tf.Tensor[] | null = null;
  let recoveries = 0;
  let reachedTarget: number | null = null;
  const evaluate = (step: number): number => {
    const l = evalLoss(model, params, data, evalSize);
    history.evalStep.push(step);
    history.evalLoss.push(l);
    history.evalTimeMs.push(elapsed);
    if (options.targetLoss !== undefined && reachedTarget === null && l <= options.targetLoss) reachedTarget = step;
    return l;
  };
  if (evalEvery > 0 && start === 0) evaluate(0);

  const save = (step: number): void => {
    if (!ck) return;
    const ok = saveCheckpoint(ck.path, { version: 1, fingerprint, step, elapsedMs: elapsed, params, state, sampler: sampler.state(), history });
    if (!ok) log(`step ${step}: parameters not finite, checkpoint NOT written`);
  };

  let step = start;
  while (step < options.steps && reachedTarget === null) {
    const idx = sampler.next();
    const x = gatherRows(data.x, data.inputSize, idx);
    const y = gatherRows(data.y, data.outputSize, idx);
    const t0 = performance.now();
    const { loss, grads } = lossAndGradient(net, output, params, x, y);
    if (!Number.isFinite(loss) || !allFinite(grads)) {
      disposeAll(grads);
      tf.dispose([x, y]);
      if (!prev || ++recoveries > maxRecoveries) {
        throw new InfogeoError(where, 'loss', loss, 'a finite loss', `training diverged at step ${step + 1}${prev ? ` after ${maxRecoveries} recoveries` : ''}`);
      }
      disposeAll(params);
      params = prev;
      prev = null;
      state = transform.recover ? transform.recover(state, log) : state;
      log(`step ${step + 1}: loss ${loss}; restored the previous parameters (recovery ${recoveries})`);
      elapsed += performance.now() - t0;
      continue;
    }
    const [delta, nextState] = transform.update(grads, state, params, { batch: { x, y }, loss, log });
    state = nextState;
    const next = params.map((p, i) => tf.add(p, delta[i]));
    disposeAll(delta);
    disposeAll(grads);
    tf.dispose([x, y]);
    if (prev) disposeAll(prev);
    prev = params;
    params = next;
    elapsed += performance.now() - t0;
    step++;
    history.step.push(step);
    history.loss.push(loss);
    const ev = evalEvery > 0 && step % evalEvery === 0 ? evaluate(step) : null;
    if (ck && step % ck.every === 0) save(step);
    options.onStep?.({ step, loss, evalLoss: ev, elapsedMs: elapsed });
  }
  if (prev) disposeAll(prev);
  if (evalEvery > 0 && history.evalStep[history.evalStep.length - 1] !== step) evaluate(step);
  if (ck) save(step);
  const finalParams = params;
  const finalState = state;
  return {
    params: finalParams,
    state: finalState,
    history,
    steps: step,
    elapsedMs: elapsed,
    recoveries,
    resumedFrom,
    reachedTarget,
    dispose() {
      disposeAll(finalParams);
      disposeState(finalState);
    },
  };
}
