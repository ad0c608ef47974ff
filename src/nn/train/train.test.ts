import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '../backend.js';
import { sequential } from '../sequential.js';
import { categoricalOutput } from '../outputs/categorical.js';
import type { Model } from '../models.js';
import type { Dataset } from '../data/mnist.js';
import { adamNN } from '../optim/baselines.js';
import { kfac } from '../optim/kfac.js';
import type { NNTransform } from '../optim/transform.js';
import { stateFromJSON, stateToJSON, disposeState } from '../optim/state.js';
import { flattenParams } from '../params.js';
import { train } from './loop.js';
import { BatchSampler } from './sampler.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { rng } from '../../random/rng.js';
import { InfogeoError } from '../../errors.js';

beforeAll(async () => {
  await initBackend();
});

const model: Model = { name: 'mlp 3-6-3', net: sequential(3, [6, 'tanh', 3]), output: categoricalOutput() };

function data(count: number, seed = 1): Dataset {
  const r = rng(seed);
  const x = new Float32Array(count * 3);
  const y = new Float32Array(count * 3);
  for (let n = 0; n < count; n++) {
    const c = n % 3;
    for (let j = 0; j < 3; j++) x[n * 3 + j] = (j === c ? 2 : 0) + r.normal();
    y[n * 3 + c] = 1;
  }
  return { x, y, count, inputSize: 3, outputSize: 3 };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'infogeo-train-'));

describe('batch sampler', () => {
  it('an epoch visits every example once; a sampler rebuilt from its state continues identically', () => {
    const s = new BatchSampler(10, 5, 3);
    const e1 = [...s.next(), ...s.next()].sort((a, b) => a - b);
    expect(e1).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    s.next();
    const copy = new BatchSampler(10, 5, 3, s.state());
    for (let k = 0; k < 5; k++) expect(Array.from(copy.next())).toEqual(Array.from(s.next()));
    expect(() => new BatchSampler(10, 11, 1)).toThrow(/batchSize/);
  });
});

describe('optimiser state serialisation', () => {
  it('tensors (bit-exact), Float64Arrays, NaN and nested records round-trip; transient keys are dropped', () => {
    const t = tf.tensor2d([[1.5, -2.25e-30], [3, 0.1]]);
    const state = { count: 3, spare: NaN, f: Float64Array.of(Math.PI, -0), list: [t, null], _cache: tf.scalar(1) };
    const back = stateFromJSON(JSON.parse(JSON.stringify(stateToJSON(state)))) as typeof state;
    expect(back.count).toBe(3);
    expect(back.spare).toBeNaN();
    expect(Array.from(back.f)).toEqual([Math.PI, -0]);
    expect(Array.from((back.list[0] as tf.Tensor).dataSync())).toEqual(Array.from(t.dataSync()));
    expect('_cache' in back).toBe(false);
    disposeState(back);
    disposeState(state);
  });
});

describe('train', () => {
  for (const [name, make] of [
    ['adam', () => adamNN(0.05)],
    ['kfac', () => kfac(model.net, model.output, { invEvery: 5, dampingEvery: 5 })],
  ] as [string, () => NNTransform<any>][]) {
    it(`${name}: a run killed after a checkpoint and resumed ends exactly where the uninterrupted run ends`, () => {
      const d = data(60);
      const dir = tmp();
      const base = { model, data: d, batchSize: 20, seed: 4, evalEvery: 5, evalSize: 60 };
      const whole = train({ ...base, transform: make(), steps: 10 });
      const path = join(dir, 'run.json');
      const first = train({ ...base, transform: make(), steps: 5, checkpoint: { path, every: 5 } });
      first.dispose();
      const resumed = train({ ...base, transform: make(), steps: 10, checkpoint: { path, every: 5, resume: true } });
      expect(resumed.resumedFrom).toBe(5);
      expect(resumed.history.loss).toEqual(whole.history.loss);
      expect(resumed.history.evalLoss).toEqual(whole.history.evalLoss);
      expect(Array.from(flattenParams(resumed.params))).toEqual(Array.from(flattenParams(whole.params)));
      expect(loadCheckpoint(path)!.step).toBe(10);
      whole.dispose();
      resumed.dispose();
    });
  }

  it('a checkpoint of another run is refused; a missing file starts afresh', () => {
    const dir = tmp();
    const path = join(dir, 'run.json');
    train({ model, data: data(30), transform: adamNN(0.01), steps: 2, batchSize: 10, checkpoint: { path, every: 1 } }).dispose();
    expect(() => train({ model, data: data(30), transform: adamNN(0.01), steps: 4, batchSize: 15, checkpoint: { path, every: 1, resume: true } })).toThrow(/checkpoint.path.*batch 10/);
    const fresh = train({ model, data: data(30), transform: adamNN(0.01), steps: 2, batchSize: 10, checkpoint: { path: join(dir, 'none.json'), every: 1, resume: true } });
    expect(fresh.resumedFrom).toBeNull();
    fresh.dispose();
  });

  it('never writes NaN weights: saveCheckpoint refuses them and the file keeps the last good checkpoint', () => {
    const dir = tmp();
    const path = join(dir, 'ck.json');
    const good = model.net.init(1);
    const ck = { version: 1 as const, fingerprint: 'f', step: 1, elapsedMs: 0, params: good, state: null, sampler: new BatchSampler(3, 1, 1).state(), history: { step: [], loss: [], evalStep: [], evalLoss: [], evalTimeMs: [] } };
    expect(saveCheckpoint(path, ck)).toBe(true);
    const before = readFileSync(path, 'utf8');
    const bad = good.map((p, i) => (i === 2 ? tf.fill(p.shape, NaN) : p));
    expect(saveCheckpoint(path, { ...ck, step: 2, params: bad })).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(existsSync(`${path}.tmp-${process.pid}`)).toBe(false);
    writeFileSync(join(dir, 'junk.json'), '{not json');
    expect(() => loadCheckpoint(join(dir, 'junk.json'))).toThrow(InfogeoError);
  });

  it('bad data: a typed error naming the row and column', () => {
    const d = data(9);
    d.x[4] = NaN;
    expect(() => train({ model, data: d, transform: adamNN(0.01), steps: 1, batchSize: 3 })).toThrow(/data.x\[1\]\[1\] = NaN/);
    const d2 = data(9);
    d2.y[3 * 4 + 1] = 0.5;
    expect(() => train({ model, data: d2, transform: adamNN(0.01), steps: 1, batchSize: 3 })).toThrow(/data.y .*\[4\].*sum/);
    expect(() => train({ model, data: { ...data(9), inputSize: 4 }, transform: adamNN(0.01), steps: 1, batchSize: 3 })).toThrow(/data.inputSize = 4/);
    expect(() => train({ model, data: data(9), transform: adamNN(0.01), steps: 0, batchSize: 3 })).toThrow(/steps/);
  });

  it('stops at the target loss and reports the step', () => {
    const r = train({ model, data: data(60), transform: adamNN(0.05), steps: 200, batchSize: 20, evalEvery: 2, evalSize: 60, targetLoss: 0.5 });
    expect(r.reachedTarget).not.toBeNull();
    expect(r.steps).toBe(r.reachedTarget);
    expect(r.history.evalLoss[r.history.evalLoss.length - 1]).toBeLessThanOrEqual(0.5);
    r.dispose();
  });
});
