import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../backend.js';
import { TransformOptimizer, fromLayersModel } from './tfOptimizer.js';
import { kfac } from './kfac.js';
import { shampoo } from './shampoo.js';
import { adamNN } from './baselines.js';
import { flattenParams } from '../params.js';
import { relErr } from '../curvature/reference.testutil.js';
import { rng } from '../../random/rng.js';
import { InfogeoError } from '../../errors.js';

beforeAll(async () => {
  await initBackend();
});

function classifier(seed: number): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return m;
}

function blobs(count: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const r = rng(5);
  const c = [[2, 0, 0, 1], [-1, 2, 0, -1], [0, -2, 1, 0]];
  const x: number[][] = [];
  const y: number[][] = [];
  for (let n = 0; n < count; n++) {
    x.push(c[n % 3].map((v) => v + r.normal()));
    y.push([0, 1, 2].map((k) => (k === n % 3 ? 1 : 0)));
  }
  return { x: tf.tensor2d(x), y: tf.tensor2d(y) };
}

describe('TransformOptimizer: library transforms inside tfjs-layers model.fit', () => {
  it('reads the tfjs model: our network on the same variables gives the same outputs (logits -> softmax)', () => {
    const m = classifier(1);
    const { model, params } = fromLayersModel(m);
    expect(model.output.name).toBe('categorical');
    expect(model.net.size).toBe(4 * 8 + 8 + 8 * 3 + 3);
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const ours = model.output.mean(model.net.forward(params, x));
    expect(relErr(ours.dataSync(), (m.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-6);
    m.dispose();
  });

  /** numTensors after every batch of a 4-epoch fit, and the losses. */
  async function fitCounts(m: tf.Sequential, optimizer: tf.Optimizer): Promise<{ counts: number[]; losses: number[] }> {
    m.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const { x, y } = blobs(90);
    const counts: number[] = [];
    const h = await m.fit(x, y, { epochs: 4, batchSize: 30, shuffle: false, verbose: 0, callbacks: { onBatchEnd: async () => void counts.push(tf.memory().numTensors) } });
    tf.dispose([x, y]);
    return { counts, losses: h.history.loss as number[] };
  }

  for (const [name, make] of [
    ['kfac', (mm: Parameters<ConstructorParameters<typeof TransformOptimizer>[1]>[0]) => kfac(mm.net, mm.output, { invEvery: 2, dampingEvery: 2 })],
    ['shampoo', (mm: Parameters<ConstructorParameters<typeof TransformOptimizer>[1]>[0]) => shampoo(mm.net, { lr: 0.05, invEvery: 2 })],
    ['adam', () => adamNN(0.05)],
  ] as const) {
    it(`${name}: model.fit lowers the loss; tensor count per batch is constant (the same pattern as tfjs's own Adam)`, async () => {
      // tfjs-layers' History callback holds one tensor per epoch until fit returns: measure
      // that pattern with the built-in optimiser, then require ours to add nothing to it.
      const base = classifier(2);
      const ref = await fitCounts(base, tf.train.adam(0.05));
      base.dispose();
      const m = classifier(2);
      const opt = new TransformOptimizer(m, make);
      const ours = await fitCounts(m, opt);
      expect(ours.losses[ours.losses.length - 1]).toBeLessThan(0.8 * ours.losses[0]);
      const steps = (c: number[]) => c.slice(1).map((v, i) => v - c[i]);
      expect(steps(ours.counts)).toEqual(steps(ref.counts));
      expect(opt.iterations).toBe(12);
      opt.dispose();
      m.dispose();
    });
  }

  it('the adapter applies exactly the transform: adamNN through model.fit equals adamNN on the same gradients', async () => {
    const m = classifier(3);
    const { params } = fromLayersModel(m);
    const start = params.map((p) => p.clone());
    const opt = new TransformOptimizer(m, () => adamNN(0.01));
    m.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
    const { x, y } = blobs(30);
    await m.fit(x, y, { epochs: 1, batchSize: 30, verbose: 0 });
    // The same step by hand: Adam's first step is -lr g / (|g| + eps), entrywise about -lr sign(g).
    const g = tf.grads((...ps: tf.Tensor[]) => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, ps[0] as tf.Tensor2D), ps[1])) as tf.Tensor2D, ps[2] as tf.Tensor2D), ps[3])))(start);
    const moved = flattenParams(params).map((v, i) => v - flattenParams(start)[i]);
    const want = flattenParams(g).map((v) => (-0.01 * v) / (Math.abs(v) + 1e-8));
    expect(relErr(moved, want)).toBeLessThan(1e-3);
    opt.dispose();
    m.dispose();
  });

  it('rejects models it cannot read, naming the layer', () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'elu' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    expect(() => fromLayersModel(m)).toThrow(/layers\[0\].activation = "elu"/);
    const m2 = tf.sequential();
    m2.add(tf.layers.dense({ inputShape: [4], units: 3, useBias: false }));
    expect(() => fromLayersModel(m2)).toThrow(InfogeoError);
    const m3 = tf.sequential();
    m3.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'relu' }));
    expect(() => fromLayersModel(m3)).toThrow(/softmax \(categorical\)/);
    [m, m2, m3].forEach((mm) => mm.dispose());
  });
});
