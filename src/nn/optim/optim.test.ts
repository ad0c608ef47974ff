import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../backend.js';
import { sequential } from '../sequential.js';
import { categoricalOutput, oneHot } from '../outputs/categorical.js';
import { bernoulliOutput } from '../outputs/bernoulli.js';
import type { Model } from '../models.js';
import { adamNN, sgdNN } from './baselines.js';
import { kfac } from './kfac.js';
import { shampoo } from './shampoo.js';
import { diagonalFisher } from './diagonalFisher.js';
import { naturalGradientCG } from './naturalGradientCG.js';
import type { NNTransform, StepContext } from './transform.js';
import { disposeState } from './state.js';
import { lossAndGradient, fisherVp } from '../curvature/products.js';
import { networkFisher } from '../curvature/perExample.js';
import { kroneckerFactors, layerStatistics, toFloat64 } from '../curvature/statistics.js';
import { flattenParams, unflattenParams } from '../params.js';
import { relErr } from '../curvature/reference.testutil.js';
import { randn } from '../testutil.testutil.js';
import { adam as adam64 } from '../../optim/optimizers.js';
import { invSPD } from '../../linalg/cholesky.js';
import { rng } from '../../random/rng.js';
import { InfogeoError } from '../../errors.js';
import { train } from '../train/loop.js';
import type { Dataset } from '../data/mnist.js';

beforeAll(async () => {
  await initBackend();
});

/** A small classification problem: 3 Gaussian blobs in 4-D. */
function blobs(count: number, seed: number): Dataset {
  const r = rng(seed);
  const centres = [[2, 0, 0, 1], [-1, 2, 0, -1], [0, -2, 1, 0]];
  const x = new Float32Array(count * 4);
  const y = new Float32Array(count * 3);
  for (let n = 0; n < count; n++) {
    const c = n % 3;
    for (let j = 0; j < 4; j++) x[n * 4 + j] = centres[c][j] + r.normal();
    y[n * 3 + c] = 1;
  }
  return { x, y, count, inputSize: 4, outputSize: 3 };
}

const model: Model = { name: 'mlp 4-8-3', net: sequential(4, [8, 'tanh', 3]), output: categoricalOutput() };

function context(x: tf.Tensor2D, y: tf.Tensor2D, params: tf.Tensor[]): { grads: tf.Tensor[]; ctx: StepContext } {
  const { loss, grads } = lossAndGradient(model.net, model.output, params, x, y);
  return { grads, ctx: { batch: { x, y }, loss } };
}

const transforms: [string, () => NNTransform<any>][] = [
  ['sgd', () => sgdNN(0.1, { momentum: 0.9 })],
  ['adam', () => adamNN(1e-2)],
  ['kfac (quadratic + momentum)', () => kfac(model.net, model.output, { invEvery: 3, dampingEvery: 2 })],
  ['kfac (KL clip)', () => kfac(model.net, model.output, { stepSize: 'klClip', invEvery: 3 })],
  ['shampoo', () => shampoo(model.net, { lr: 1e-2, invEvery: 3, blockSize: 4 })],
  ['diagonalFisher', () => diagonalFisher(model.net, model.output, { lr: 1e-2, damping: 1e-2 })],
  ['naturalGradientCG', () => naturalGradientCG(model.net, model.output, { damping: 1e-2, maxIter: 5 })],
];

describe('network optimisers', () => {
  const data = blobs(120, 1);

  for (const [name, make] of transforms) {
    it(`${name}: trains (loss falls by a third in 30 steps) with tf.memory().numTensors constant across steps`, () => {
      const counts: number[] = [];
      const before = tf.memory().numTensors;
      const r = train({ model, transform: make(), data, steps: 30, batchSize: 40, seed: 2, onStep: () => counts.push(tf.memory().numTensors), evalEvery: 30, evalSize: 120 });
      expect(new Set(counts.slice(2)).size).toBe(1);
      const [first, last] = [r.history.evalLoss[0], r.history.evalLoss[r.history.evalLoss.length - 1]];
      expect(last).toBeLessThan((2 / 3) * first);
      r.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('adamNN and sgdNN match the float64 transforms of src/optim to float32 precision', () => {
    const params = model.net.init(3);
    const x = randn(rng(3), 10, 4);
    const y = oneHot([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 3);
    const ours = adamNN(0.01);
    const ref = adam64(0.01);
    let s = ours.init(params);
    let s64 = ref.init(flattenParams(params));
    for (let k = 0; k < 3; k++) {
      const { grads, ctx } = context(x, y, params);
      const [step, next] = ours.update(grads, s, params, ctx);
      const [step64, next64] = ref.update(flattenParams(grads), s64, flattenParams(params));
      expect(relErr(flattenParams(step), step64)).toBeLessThan(1e-5);
      s = next;
      s64 = next64;
      tf.dispose([...grads, ...step]);
    }
    disposeState(s);
    const { grads, ctx } = context(x, y, params);
    const [step] = sgdNN(0.5).update(grads, { velocity: null }, params, ctx);
    expect(relErr(flattenParams(step), flattenParams(grads).map((g) => -0.5 * g))).toBeLessThan(1e-7);
  });

  it('kfac (no averaging, exact factors, KL clip inactive): the step is -((A + pi g I)^-1 (x) (G + g/pi I)^-1) grad per layer, built in float64', () => {
    const params = model.net.init(4);
    const x = randn(rng(4), 6, 4);
    const y = oneHot([0, 1, 2, 2, 1, 0], 3);
    const lambda = 0.01;
    const opt = kfac(model.net, model.output, { stepSize: 'klClip', lr: 1, klBound: 1e9, decay: 0, estimator: 'exact', damping: lambda, adaptDamping: false });
    const { grads, ctx } = context(x, y, params);
    const [step, state] = opt.update(grads, opt.init(params), params, ctx);
    const stats = layerStatistics(model.net, model.output, params, x, { estimator: 'exact' });
    const g = flattenParams(grads);
    const got = flattenParams(step);
    let off = 0;
    model.net.dense.forEach((slot, i) => {
      const m = slot.inputSize + 1;
      const n = slot.outputSize;
      const f = kroneckerFactors(stats[i]);
      const a = toFloat64(f.A);
      const gg = toFloat64(f.G);
      let ta = 0;
      let tg = 0;
      for (let k = 0; k < m; k++) ta += a[k * m + k] / m;
      for (let k = 0; k < n; k++) tg += gg[k * n + k] / n;
      const pi = Math.sqrt(ta / tg);
      for (let k = 0; k < m; k++) a[k * m + k] += pi * Math.sqrt(lambda);
      for (let k = 0; k < n; k++) gg[k * n + k] += Math.sqrt(lambda) / pi;
      const ai = invSPD(new Float64Array(m * m), a, m)!;
      const gi = invSPD(new Float64Array(n * n), gg, n)!;
      // Delta = A^-1 V G^-1 with V the [m, n] layer matrix (weights then bias row).
      for (let r = 0; r < m; r++) {
        for (let c = 0; c < n; c++) {
          let s = 0;
          for (let p = 0; p < m; p++) for (let q = 0; q < n; q++) s += ai[r * m + p] * g[off + p * n + q] * gi[q * n + c];
          expect(Math.abs(got[off + r * n + c] + s)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(s)));
        }
      }
      off += m * n;
      tf.dispose([f.A, f.G, stats[i].a, stats[i].g]);
    });
    disposeState(state);
    tf.dispose([...grads, ...step]);
  });

  it('naturalGradientCG: with enough iterations the step solves (F + damping I) x = grad', () => {
    const params = model.net.init(5);
    const x = randn(rng(5), 8, 4);
    const y = oneHot([0, 1, 2, 2, 1, 0, 0, 1], 3);
    const damping = 0.05;
    const opt = naturalGradientCG(model.net, model.output, { damping, maxIter: 200, tol: 1e-6, lr: 1, adaptDamping: false });
    const { grads, ctx } = context(x, y, params);
    const [step, state] = opt.update(grads, opt.init(params), params, ctx);
    const sol = step.map((s) => tf.neg(s));
    const fx = flattenParams(fisherVp(model.net, model.output, params, x, sol));
    const sx = flattenParams(sol);
    const lhs = fx.map((v, i) => v + damping * sx[i]);
    expect(relErr(lhs, flattenParams(grads))).toBeLessThan(1e-4);
    expect(state.iterations).toBeGreaterThan(1);
  });

  it('diagonalFisher: the first step (exact estimator) is -lr grad / (diag F + damping)', () => {
    const params = model.net.init(6);
    const x = randn(rng(6), 5, 4);
    const y = oneHot([0, 1, 2, 2, 1], 3);
    const opt = diagonalFisher(model.net, model.output, { lr: 0.1, damping: 0.01, estimator: 'exact' });
    const { grads, ctx } = context(x, y, params);
    const [step, state] = opt.update(grads, opt.init(params), params, ctx);
    const f = networkFisher(model.net, model.output, params, x);
    const g = flattenParams(grads);
    const p = model.net.size;
    const want = g.map((v, i) => (-0.1 * v) / (f[i * p + i] + 0.01));
    expect(relErr(flattenParams(step), want)).toBeLessThan(1e-4);
    disposeState(state);
  });

  it('kfac.recover raises the damping tenfold and drops the inverses; a NaN gradient is a typed error', () => {
    const params = model.net.init(7);
    const opt = kfac(model.net, model.output, { damping: 0.5 });
    const s0 = opt.init(params);
    const notes: string[] = [];
    const s1 = opt.recover!(s0, (m) => notes.push(m));
    expect(s1.damping).toBe(5);
    expect(notes[0]).toMatch(/damping 5.00e-1 -> 5.00e\+0/);
    const bad = params.map((p) => tf.fill(p.shape, NaN));
    const x = randn(rng(7), 3, 4);
    expect(() => opt.update(bad, s1, params, { batch: { x, y: oneHot([0, 1, 2], 3) }, loss: 1 })).toThrow(/kfac: grads\[0\].*finite/);
    expect(() => kfac(model.net, model.output, { invEvery: 0 })).toThrow(InfogeoError);
    expect(() => shampoo(model.net, { b2: 0 })).toThrow(/b2/);
  });

  it('the training loop recovers from a divergent step: previous parameters restored, the optimiser asked to recover, logged', () => {
    let blowUp = true;
    const inner = adamNN(0.01);
    const recovering: NNTransform<any> = {
      name: 'adam with one NaN step',
      init: (p) => inner.init(p),
      update(grads, state, params, ctx) {
        const [step, next] = inner.update(grads, state, params, ctx);
        if (blowUp && next.count === 5) {
          blowUp = false;
          tf.dispose(step);
          return [params.map((p) => tf.fill(p.shape, NaN)), next];
        }
        return [step, next];
      },
      recover: (s, log) => {
        log?.('recover called');
        return s;
      },
    };
    const notes: string[] = [];
    const r = train({ model, transform: recovering, data: blobs(60, 3), steps: 10, batchSize: 20, log: (m) => notes.push(m) });
    expect(r.recoveries).toBe(1);
    expect(r.history.loss.every(Number.isFinite)).toBe(true);
    expect(notes.some((m) => /restored the previous parameters/.test(m))).toBe(true);
    expect(notes).toContain('recover called');
    expect(flattenParams(r.params).every(Number.isFinite)).toBe(true);
    r.dispose();
  });
});

describe('unflatten / flatten', () => {
  it('round-trips and validates the length', () => {
    const shapes = model.net.paramShapes;
    const v = Float64Array.from({ length: model.net.size }, (_, i) => i / 7);
    const t = unflattenParams(v, shapes);
    expect(relErr(flattenParams(t), v)).toBeLessThan(1e-7);
    expect(() => unflattenParams(v.subarray(1), shapes)).toThrow(/flat/);
    tf.dispose(t);
  });
});

describe('bernoulli output with K-FAC', () => {
  it('runs on an autoencoder-shaped net', () => {
    const ae: Model = { name: 'ae', net: sequential(6, [3, 'sigmoid', 6]), output: bernoulliOutput() };
    const r = rng(9);
    const x = new Float32Array(60 * 6).map(() => (r.next() < 0.3 ? 1 : 0));
    const res = train({ model: ae, transform: kfac(ae.net, ae.output, { invEvery: 5 }), data: { x, y: x, count: 60, inputSize: 6, outputSize: 6 }, steps: 10, batchSize: 20, evalEvery: 10 });
    expect(res.history.evalLoss[1]).toBeLessThan(res.history.evalLoss[0]);
    res.dispose();
  });
});
