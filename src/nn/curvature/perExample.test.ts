import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../backend.js';
import { sequential } from '../sequential.js';
import { categoricalOutput, oneHot } from '../outputs/categorical.js';
import { gaussianOutput } from '../outputs/gaussian.js';
import { networkFisher, perExampleGradients } from './perExample.js';
import { lossAndGradient } from './products.js';
import { flattenParams } from '../params.js';
import { fisher64, forward64, jacobian64, relErr } from './reference.testutil.js';
import { randn, rows64 } from '../testutil.testutil.js';
import { rng } from '../../random/rng.js';

beforeAll(async () => {
  await initBackend();
});

describe('per-example gradients and explicit Fisher estimates', () => {
  const net = sequential(3, [5, 'tanh', 4]);
  const out = categoricalOutput();

  it('per-example gradients average to the batch gradient', () => {
    const params = net.init(1);
    const x = randn(rng(1), 6, 3);
    const y = oneHot([0, 1, 2, 3, 0, 1], 4);
    const pe = perExampleGradients(net, params, x, out.lossGrad(net.forward(params, x), y));
    expect(pe.shape).toEqual([6, net.size]);
    const mean = tf.mean(pe, 0).dataSync();
    expect(relErr(mean, flattenParams(lossAndGradient(net, out, params, x, y).grads))).toBeLessThan(1e-5);
  });

  it('exact: equals the float64 reference Fisher to 1e-5 relative', () => {
    const params = net.init(2);
    const x = randn(rng(2), 5, 3);
    const want = fisher64(net, 'categorical', flattenParams(params), rows64(x));
    expect(relErr(networkFisher(net, out, params, x), want)).toBeLessThan(1e-5);
  });

  it('empirical: (1/B) sum g g^T at the observed targets, against the float64 reference', () => {
    const g = gaussianOutput(1);
    const gnet = sequential(2, [3, 'tanh', 2]);
    const params = gnet.init(3);
    const x = randn(rng(3), 4, 2);
    const y = randn(rng(4), 4, 2);
    const theta = flattenParams(params);
    const p = gnet.size;
    const want = new Float64Array(p * p);
    rows64(x).forEach((xn, n) => {
      const z = forward64(gnet, theta, xn).z;
      const jac = jacobian64(gnet, theta, xn);
      const yy = y.arraySync()[n];
      const grad = new Float64Array(p);
      for (let j = 0; j < p; j++) for (let o = 0; o < 2; o++) grad[j] += jac[o * p + j] * (z[o] - yy[o]);
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) want[i * p + j] += (grad[i] * grad[j]) / 4;
    });
    expect(relErr(networkFisher(gnet, g, params, x, { estimator: 'empirical', y }), want)).toBeLessThan(1e-5);
  });

  it('Monte Carlo: converges to the exact Fisher (relative Frobenius error ~ 1/sqrt(samples))', () => {
    const params = net.init(5);
    const x = randn(rng(5), 4, 3);
    const exact = networkFisher(net, out, params, x);
    const e1 = relErr(networkFisher(net, out, params, x, { estimator: 'monteCarlo', rng: rng(1), samples: 100 }), exact);
    const e2 = relErr(networkFisher(net, out, params, x, { estimator: 'monteCarlo', rng: rng(2), samples: 1600 }), exact);
    expect(e2).toBeLessThan(0.1);
    expect(e2).toBeLessThan(e1 / 2);
  });

  it('validates the estimator options', () => {
    const params = net.init(1);
    const x = randn(rng(1), 2, 3);
    expect(() => networkFisher(net, out, params, x, { estimator: 'monteCarlo' })).toThrow(/options.rng/);
    expect(() => networkFisher(net, out, params, x, { estimator: 'empirical' })).toThrow(/options.y/);
    expect(() => networkFisher(net, out, params, x, { estimator: 'bogus' as 'exact' })).toThrow(/estimator/);
    expect(() => perExampleGradients(net, params, x, tf.zeros([2, 3]))).toThrow(/dz/);
  });
});
