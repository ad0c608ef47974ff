import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initBackend, tf } from '../backend.js';
import { sequential, type Sequential } from '../sequential.js';
import { categoricalOutput, oneHot } from '../outputs/categorical.js';
import { bernoulliOutput } from '../outputs/bernoulli.js';
import { gaussianOutput } from '../outputs/gaussian.js';
import type { OutputDistribution } from '../outputs/output.js';
import { fisherBilinear, fisherQuadratic, fisherVp, gaussNewtonVp, jacobianVp, lossAndGradient } from './products.js';
import { flattenParams } from '../params.js';
import { fisher64, forward64, jacobian64, relErr } from './reference.testutil.js';
import { randn, randnList, rows64 } from '../testutil.testutil.js';
import { gemv } from '../../linalg/gemv.js';
import { rng } from '../../random/rng.js';
import { InfogeoError } from '../../errors.js';

/** The agreed tolerance of float32 curvature products against the float64 reference. */
const FVP_REL = 1e-4;

beforeAll(async () => {
  await initBackend();
});

interface Case {
  name: string;
  net: Sequential;
  out: OutputDistribution;
  sigma?: number;
}

const cases: Case[] = [
  { name: 'categorical, tanh + relu', net: sequential(5, [6, 'tanh', 5, 'relu', 4]), out: categoricalOutput() },
  { name: 'bernoulli, sigmoid + softplus', net: sequential(4, [7, 'sigmoid', 5, 'softplus', 3]), out: bernoulliOutput() },
  { name: 'gaussian (sigma 0.5), tanh + identity', net: sequential(3, [6, 'tanh', 4, 'identity', 2]), out: gaussianOutput(0.5), sigma: 0.5 },
];

function targets(c: Case, b: number, seed: number): tf.Tensor2D {
  const k = c.net.outputSize;
  const r = rng(seed);
  if (c.out.name === 'categorical') return oneHot(Array.from({ length: b }, () => r.nextInt(k)), k);
  if (c.out.name === 'bernoulli') return tf.tensor2d(Array.from({ length: b * k }, () => r.next()), [b, k]);
  return randn(r, b, k);
}

describe('the float64 reference itself', () => {
  it('its reverse-mode Jacobian matches central differences of its forward pass (1e-6 relative)', () => {
    const net = cases[0].net;
    const theta = flattenParams(net.init(1));
    const x = Float64Array.of(0.3, -0.2, 1, 0.5, -1.1);
    const jac = jacobian64(net, theta, x);
    const k = net.outputSize;
    const fd = new Float64Array(jac.length);
    const h = 1e-6;
    for (let j = 0; j < theta.length; j++) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[j] += h;
      tm[j] -= h;
      const zp = forward64(net, tp, x).z;
      const zm = forward64(net, tm, x).z;
      for (let o = 0; o < k; o++) fd[o * theta.length + j] = (zp[o] - zm[o]) / (2 * h);
    }
    expect(relErr(jac, fd)).toBeLessThan(1e-6);
  });
});

describe('curvature products against the float64 reference', () => {
  for (const c of cases) {
    it(`${c.name}: F v agrees with the explicitly built float64 Fisher to ${FVP_REL} relative`, () => {
      const r = rng(7);
      const params = c.net.init(r);
      const x = randn(r, 8, c.net.inputSize);
      const v = randnList(r, c.net.paramShapes);
      const theta = flattenParams(params);
      const f = fisher64(c.net, c.out.name, theta, rows64(x), c.sigma);
      const want = gemv(new Float64Array(theta.length), f, flattenParams(v), theta.length, theta.length);
      const got = flattenParams(fisherVp(c.net, c.out, params, x, v));
      expect(relErr(got, want)).toBeLessThan(FVP_REL);
    });

    it(`${c.name}: J v agrees with the float64 Jacobian, and the Gauss-Newton product equals the Fisher product`, () => {
      const r = rng(8);
      const params = c.net.init(r);
      const x = randn(r, 3, c.net.inputSize);
      const v = randnList(r, c.net.paramShapes);
      const theta = flattenParams(params);
      const vf = flattenParams(v);
      const jv = jacobianVp(c.net, params, x, v).dataSync();
      const k = c.net.outputSize;
      rows64(x).forEach((xn, n) => {
        const want = gemv(new Float64Array(k), jacobian64(c.net, theta, xn), vf, k, theta.length);
        expect(relErr(jv.subarray(n * k, n * k + k), want)).toBeLessThan(FVP_REL);
      });
      const y = targets(c, 3, 2);
      const g = flattenParams(gaussNewtonVp(c.net, c.out, params, x, y, v));
      const fv = flattenParams(fisherVp(c.net, c.out, params, x, v));
      expect(relErr(g, fv)).toBeLessThan(1e-6);
    });

    it(`${c.name}: the own-backprop gradient equals tfjs first-order autodiff of the loss`, () => {
      const r = rng(9);
      const params = c.net.init(r);
      const x = randn(r, 5, c.net.inputSize);
      const y = targets(c, 5, 4);
      const { loss, grads } = lossAndGradient(c.net, c.out, params, x, y);
      const auto = tf.grads((...ps: tf.Tensor[]) => c.out.loss(c.net.forward(ps, x), y))(params);
      expect(relErr(flattenParams(grads), flattenParams(auto))).toBeLessThan(1e-5);
      expect(Math.abs(loss - c.out.loss(c.net.forward(params, x), y).dataSync()[0])).toBeLessThan(1e-6);
    });
  }

  it('v^T F v >= 0 and equals <v, F v>; the bilinear form is symmetric (property, seeded)', () => {
    const c = cases[0];
    const params = c.net.init(3);
    const x = randn(rng(3), 6, c.net.inputSize);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const r = rng(seed);
        const v = randnList(r, c.net.paramShapes);
        const w = randnList(r, c.net.paramShapes);
        const q = fisherQuadratic(c.net, c.out, params, x, v);
        const fv = flattenParams(fisherVp(c.net, c.out, params, x, v));
        const vf = flattenParams(v);
        let ip = 0;
        for (let i = 0; i < vf.length; i++) ip += vf[i] * fv[i];
        expect(q).toBeGreaterThanOrEqual(0);
        expect(Math.abs(q - ip)).toBeLessThanOrEqual(FVP_REL * Math.abs(ip));
        const m = fisherBilinear(c.net, c.out, params, x, [v, w]);
        expect(m[0][1]).toBe(m[1][0]);
        expect(m[0][1] ** 2).toBeLessThanOrEqual(m[0][0] * m[1][1] * (1 + 1e-4));
        tf.dispose([...v, ...w]);
      }),
      { seed: 7, numRuns: 25 },
    );
  });

  it('no tensor is left behind by any product', () => {
    const c = cases[1];
    const params = c.net.init(1);
    const x = randn(rng(1), 4, c.net.inputSize);
    const y = targets(c, 4, 1);
    const v = randnList(rng(2), c.net.paramShapes);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      tf.dispose(fisherVp(c.net, c.out, params, x, v));
      tf.dispose(gaussNewtonVp(c.net, c.out, params, x, y, v));
      tf.dispose(lossAndGradient(c.net, c.out, params, x, y).grads);
      tf.dispose(jacobianVp(c.net, params, x, v));
      fisherQuadratic(c.net, c.out, params, x, v);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bad shapes: a typed error naming the parameter and the layer', () => {
    const c = cases[0];
    const params = c.net.init(1);
    const x = randn(rng(1), 4, c.net.inputSize);
    expect(() => fisherVp(c.net, c.out, params, randn(rng(1), 4, 3), params)).toThrow(/fisherVp: x = \[4, 3\].*\[batch >= 1, 5\]/);
    const bad = [...params];
    bad[2] = tf.zeros([5, 5]);
    expect(() => fisherVp(c.net, c.out, params, x, bad)).toThrow(/params\[2\].*dense_2/);
    expect(() => lossAndGradient(c.net, c.out, params, x, tf.zeros([3, 4]))).toThrow(InfogeoError);
    expect(() => fisherVp(c.net, c.out, params.slice(1), x, params)).toThrow(/params/);
  });
});
