import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initBackend, tf } from './backend.js';
import { sequential } from './sequential.js';
import { DenseLayer } from './layers/dense.js';
import { ActivationLayer, ACTIVATIONS } from './layers/activation.js';
import { flattenParams } from './params.js';
import { randn, randnList } from './testutil.testutil.js';
import { rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';

beforeAll(async () => {
  await initBackend();
});

/** <a, b> over lists of tensors, in float64. */
function inner(a: (tf.Tensor | null)[], b: (tf.Tensor | null)[]): number {
  let s = 0;
  a.forEach((t, i) => {
    if (!t || !b[i]) return;
    const x = t.dataSync();
    const y = b[i]!.dataSync();
    for (let k = 0; k < x.length; k++) s += x[k] * y[k];
  });
  return s;
}

describe('layers', () => {
  it('dense: the documented example, and the adjoint identity <dy, J (dx, dw)> = <J^T dy, (dx, dw)> (property, seeded)', () => {
    const d = new DenseLayer(2, 1);
    expect(d.forward([tf.tensor2d([[1], [2]]), tf.tensor1d([0.5])], tf.tensor2d([[3, 4]])).dataSync()[0]).toBeCloseTo(11.5, 6);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const r = rng(seed);
        const layer = new DenseLayer(4, 3);
        const params = randnList(r, layer.paramShapes);
        const x = randn(r, 5, 4);
        const y = layer.forward(params, x);
        const dx = randn(r, 5, 4);
        const dw = randnList(r, layer.paramShapes);
        const dy = randn(r, 5, 3);
        const jv = layer.jvp(params, x, y, dx, dw)!;
        const back = layer.vjp(params, x, y, dy, true);
        const lhs = inner([dy], [jv]);
        const rhs = inner([back.dx, ...back.dparams], [dx, ...dw]);
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-4 * (Math.abs(lhs) + 1));
      }),
      { seed: 7, numRuns: 30 },
    );
  });

  for (const fn of ACTIVATIONS) {
    it(`${fn}: f'(x) against central differences in float64 of the forward pass, and VJP = JVP for an elementwise map`, () => {
      const layer = new ActivationLayer(fn, 5);
      const xs = [-2.5, -0.3, 0.2, 1.1, 3];
      const x = tf.tensor2d([xs]);
      const y = layer.forward([], x);
      const d = layer.derivative(x, y);
      const dd = d ? d.dataSync() : new Float32Array(5).fill(1);
      const f = (v: number): number => ({ identity: v, tanh: Math.tanh(v), relu: Math.max(v, 0), sigmoid: 1 / (1 + Math.exp(-v)), softplus: Math.log1p(Math.exp(v)) })[fn];
      xs.forEach((v, i) => {
        const h = 1e-6;
        expect(Math.abs(dd[i] - (f(v + h) - f(v - h)) / (2 * h))).toBeLessThan(1e-6);
        expect(Math.abs(y.dataSync()[i] - f(v))).toBeLessThan(1e-6);
      });
      const u = tf.tensor2d([[1, -2, 0.5, 3, -1]]);
      expect(Array.from(layer.vjp([], x, y, u, true).dx!.dataSync())).toEqual(Array.from(layer.jvp([], x, y, u)!.dataSync()));
      expect(layer.vjp([], x, y, u, false).dx).toBeNull();
    });
  }

  it('relu: derivative 0 at exactly 0 (the subgradient convention, as tfjs)', () => {
    const layer = new ActivationLayer('relu', 1);
    const x = tf.tensor2d([[0]]);
    expect(layer.derivative(x, layer.forward([], x))!.dataSync()[0]).toBe(0);
  });

  it('validates sizes and names', () => {
    expect(() => new DenseLayer(0, 2)).toThrow(/inputSize/);
    expect(() => new ActivationLayer('gelu' as 'tanh', 2)).toThrow(/fn = "gelu"/);
  });
});

describe('sequential', () => {
  it('builds from the shorthand; sizes, parameter shapes and the dense slots', () => {
    const net = sequential(784, [1000, 'sigmoid', 10]);
    expect(net.size).toBe(795010);
    expect(net.paramShapes).toEqual([[784, 1000], [1000], [1000, 10], [10]]);
    expect(net.dense.map((s) => [s.layer, s.param, s.name])).toEqual([[0, 0, 'dense_1'], [2, 2, 'dense_2']]);
    expect(() => sequential(3, [])).toThrow(/specs/);
    expect(() => sequential(3, [2, 'swish' as 'tanh'])).toThrow(/specs\[1\]/);
    expect(() => sequential(3, [2.5])).toThrow(/specs\[0\] = 2.5/);
  });

  it('init: deterministic per seed; Glorot within its bound; sparse has 15 non-zero inputs per unit; zero biases', () => {
    const net = sequential(40, [20, 'tanh', 5]);
    expect(Array.from(flattenParams(net.init(3)))).toEqual(Array.from(flattenParams(net.init(3))));
    const g = net.init(4);
    const bound = Math.sqrt(6 / 60);
    expect(Math.max(...Array.from(g[0].dataSync()).map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Array.from(g[1].dataSync()).every((v) => v === 0)).toBe(true);
    const s = net.init(5, { scheme: 'sparse' });
    const w = s[0].arraySync() as number[][];
    for (let j = 0; j < 20; j++) expect(w.filter((row) => row[j] !== 0).length).toBe(15);
    const w2 = s[2].arraySync() as number[][];
    for (let j = 0; j < 5; j++) expect(w2.filter((row) => row[j] !== 0).length).toBe(15);
    expect(() => net.init(1, { scheme: 'he' as 'glorot' })).toThrow(/scheme/);
  });

  it('trace keeps every layer input and output; forward equals the trace output', () => {
    const net = sequential(3, [4, 'relu', 2]);
    const params = net.init(1);
    const x = randn(rng(1), 2, 3);
    const tr = net.trace(params, x);
    expect(tr.inputs.length).toBe(3);
    expect(tr.inputs[1]).toBe(tr.outputs[0]);
    expect(Array.from(tr.output.dataSync())).toEqual(Array.from(net.forward(params, x).dataSync()));
    expect(() => net.checkInput('f', randn(rng(1), 2, 4))).toThrow(/x = \[2, 4\]/);
  });
});
