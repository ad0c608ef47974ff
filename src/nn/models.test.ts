import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from './backend.js';
import { autoencoder, mlpClassifier } from './models.js';
import { loadMnist, mnistAutoencoderData, mnistClassifierData } from './data/mnist.js';
import { evalLoss } from './train/loop.js';

beforeAll(async () => {
  await initBackend();
});

describe('the benchmark models', () => {
  it('deep autoencoder 784-1000-500-250-30-250-500-1000-784: logistic hidden units, linear code, Bernoulli output', () => {
    const ae = autoencoder();
    expect(ae.name).toBe('autoencoder 784-1000-500-250-30-250-500-1000-784');
    expect(ae.net.size).toBe(2837314);
    expect(ae.output.name).toBe('bernoulli');
    const kinds = ae.net.layers.map((l) => (l.kind === 'dense' ? l.outputSize : (l as unknown as { fn: string }).fn));
    expect(kinds).toEqual([1000, 'sigmoid', 500, 'sigmoid', 250, 'sigmoid', 30, 250, 'sigmoid', 500, 'sigmoid', 1000, 'sigmoid', 784]);
    expect(autoencoder({ sizes: [49, 20, 8] }).net.size).toBe(49 * 20 + 20 + 20 * 8 + 8 + 8 * 20 + 20 + 20 * 49 + 49);
    expect(() => autoencoder({ sizes: [49] })).toThrow(/sizes/);
  });

  it('MLP classifier 784-256-128-10 with a categorical output', () => {
    const m = mlpClassifier();
    expect(m.net.size).toBe(235146);
    expect(m.output.name).toBe('categorical');
    expect(() => mlpClassifier({ classes: 1 })).toThrow(/classes/);
  });
});

describe('MNIST from the mnist package', () => {
  it('10,000 digits, about 1,000 per class, grey levels in [0, 1]; the shuffle is seeded; pooling averages blocks', () => {
    const all = loadMnist();
    expect(all.count).toBe(10000);
    const perClass = new Array(10).fill(0);
    all.labels.forEach((l) => perClass[l]++);
    expect(Math.min(...perClass)).toBeGreaterThan(800);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of all.images) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([0, expect.closeTo(1, 2)]);
    const a = loadMnist({ count: 50, seed: 2 });
    const b = loadMnist({ count: 50, seed: 2 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(loadMnist({ count: 50, seed: 3 }).labels)).not.toEqual(Array.from(a.labels));
    const p = loadMnist({ count: 50, seed: 2, pool: 4 });
    expect(p.size).toBe(49);
    let s = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) s += a.images[i * 28 + j];
    expect(p.images[0]).toBeCloseTo(s / 16, 6);
    expect(() => loadMnist({ count: 0 })).toThrow(/count/);
    expect(() => loadMnist({ pool: 3 as 2 })).toThrow(/pool/);
  });

  it('datasets: autoencoder targets are the images; classifier targets one-hot; an untrained model has the expected loss scale', () => {
    const m = loadMnist({ count: 200, pool: 4 });
    const ae = mnistAutoencoderData(m);
    expect(ae.y).toBe(ae.x);
    const cl = mnistClassifierData(m);
    expect(cl.y.reduce((s, v) => s + v, 0)).toBe(200);
    const model = mlpClassifier({ input: 49, hidden: [16] });
    const params = model.net.init(1);
    // Near-uniform predictions at initialisation: cross-entropy close to log 10.
    expect(Math.abs(evalLoss(model, params, cl) - Math.log(10))).toBeLessThan(0.5);
    tf.dispose(params);
  });
});
