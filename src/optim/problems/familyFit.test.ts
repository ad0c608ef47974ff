import { describe, expect, it } from 'vitest';
import { familyFit, klFit } from './familyFit.js';
import { inCoords } from './problem.js';
import { checkProblemCalculus } from './problems.testutil.js';
import { normal } from '../../families/normal.js';
import { bernoulli } from '../../families/bernoulli.js';
import { gamma } from '../../families/gamma.js';
import { poisson } from '../../families/poisson.js';
import { beta } from '../../families/beta.js';
import { categorical } from '../../families/categorical.js';
import { sample, logDensity, fromSource } from '../../families/distribution.js';
import { kl } from '../../divergences/kl.js';
import { rng } from '../../random/rng.js';
import { solveSPD } from '../../linalg/index.js';
import { InfogeoError } from '../../errors.js';
import { maxAbsDiff, numGrad } from '../flow.testutil.js';

describe('familyFit: maximum likelihood as a problem', () => {
  const data = sample(normal(1.5, 0.7), 400, rng(11)) as number[];

  it('the loss is the mean negative log-likelihood and its minimiser is the MLE (mean, biased sd)', () => {
    const pr = familyFit(normal(0, 1), data);
    const s = Float64Array.of(0.3, 1.7);
    const direct = -data.reduce((acc, x) => acc + logDensity(normal(0.3, 1.7), x), 0) / data.length;
    expect(Math.abs(pr.loss(s) - direct)).toBeLessThan(1e-13 * Math.abs(direct));
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    const sd = Math.sqrt(data.reduce((a, x) => a + (x - mean) ** 2, 0) / data.length);
    expect(Math.abs(pr.minimum!.source[0] - mean)).toBeLessThan(1e-14);
    expect(Math.abs(pr.minimum!.source[1] - sd) / sd).toBeLessThan(1e-13);
    expect(pr.name).toBe('gaussian-fit');
    expect(Array.from(familyFit(normal(0, 1), [1, 2, 3]).minimum!.source).map((v) => +v.toFixed(12))).toEqual([2, 0.816496580928]);
  });

  it('the gap L - L* is the KL divergence from the MLE', () => {
    const pr = familyFit(normal(0, 1), data);
    const s = Float64Array.of(0.3, 1.7);
    const mle = fromSource(normal(0, 1).family, pr.minimum!.source);
    expect(Math.abs(pr.gap(s) - kl(mle, normal(0.3, 1.7)))).toBeLessThan(1e-15);
    expect(Math.abs(pr.gap(s) - (pr.loss(s) - pr.minimum!.loss))).toBeLessThan(1e-13);
  });

  it('passes the calculus battery for normal, Bernoulli, gamma, Poisson, beta and categorical fits', () => {
    const r = rng(5);
    const cases = [
      [normal(0, 1), data, [Float64Array.of(0.3, 1.7), Float64Array.of(-1, 0.4)]],
      [bernoulli(0.5), sample(bernoulli(0.3), 200, r), [Float64Array.of(0.5), Float64Array.of(0.9)]],
      [gamma(1, 1), sample(gamma(3, 2), 200, r), [Float64Array.of(1, 1), Float64Array.of(4, 0.5)]],
      [poisson(1), sample(poisson(4), 200, r), [Float64Array.of(1), Float64Array.of(7)]],
      [beta(1, 1), sample(beta(2, 5), 200, r), [Float64Array.of(1, 1), Float64Array.of(3, 2)]],
      [categorical([0.2, 0.3, 0.5]), sample(categorical([0.1, 0.6, 0.3]), 200, r), [Float64Array.of(0.2, 0.3)]],
    ] as const;
    for (const [init, xs, points] of cases) checkProblemCalculus(familyFit(init, xs as never), points as unknown as Float64Array[]);
  });

  it('per-example gradients are the gradients of -log p(x_i)', () => {
    const pr = familyFit(normal(0, 1), data.slice(0, 5));
    const s = Float64Array.of(0.3, 1.7);
    const rows = pr.perExampleGrads!(s);
    for (let i = 0; i < 5; i++) {
      const fd = numGrad((v) => -logDensity(normal(v[0], v[1]), data[i]), s, 1e-6);
      expect(maxAbsDiff(rows[i], fd)).toBeLessThan(1e-8);
    }
  });

  it('gradients in any coordinates are the chain rule (central differences of the loss in xi)', () => {
    const pr = familyFit(normal(0, 1), data);
    for (const name of ['log-sigma', 'variance', 'precision', 'natural', 'expectation']) {
      const cp = inCoords(pr, name);
      const xi = cp.fromSource(Float64Array.of(0.3, 1.7));
      const fd = numGrad((x) => cp.loss(x), xi, 1e-6);
      expect(maxAbsDiff(cp.grad(xi), fd) / Math.max(1, Math.max(...Array.from(fd, Math.abs)))).toBeLessThan(1e-7);
    }
  });

  it('has no minimum when the mean statistic is on the boundary (all observations equal)', () => {
    const pr = familyFit(bernoulli(0.5), [1, 1, 1]);
    expect(pr.minimum).toBeUndefined();
    expect(pr.gap(Float64Array.of(0.5))).toBe(pr.loss(Float64Array.of(0.5)));
  });

  it('validates its data', () => {
    expect(() => familyFit(normal(0, 1), [])).toThrow(/data = \[\] is invalid/);
    expect(() => familyFit(bernoulli(0.5), [0, 2])).toThrow(/data\[1\] = 2 is invalid; expected a point in the support of bernoulli/);
    expect(() => familyFit({} as never, [1])).toThrow(InfogeoError);
  });
});

describe('klFit: forward and reverse KL to a target', () => {
  const target = normal(1, 2);

  it('losses are kl(target, p) and kl(p, target), minimum at the target with loss 0', () => {
    const fwd = klFit(normal(0, 1), target, 'forward');
    const rev = klFit(normal(0, 1), target, 'reverse');
    const s = Float64Array.of(0, 1);
    expect(fwd.loss(s)).toBe(kl(target, normal(0, 1)));
    expect(rev.loss(s)).toBe(kl(normal(0, 1), target));
    expect(Array.from(rev.minimum!.source)).toEqual([1, 2]);
    expect(rev.minimum!.loss).toBe(0);
    for (const pr of [fwd, rev]) checkProblemCalculus(pr, [Float64Array.of(0, 1), Float64Array.of(-0.5, 3)]);
    checkProblemCalculus(klFit(gamma(1, 1), gamma(3, 2), 'reverse'), [Float64Array.of(1, 1), Float64Array.of(5, 4)]);
  });

  it('reverse KL: the natural gradient in theta is theta_p - theta_target', () => {
    const pr = klFit(normal(0, 1), target, 'reverse');
    const cp = inCoords(pr, 'natural');
    const theta = cp.fromSource(Float64Array.of(-0.5, 0.8));
    const ng = solveSPD(new Float64Array(2), cp.fisher(theta), cp.grad(theta), 2)!;
    const expected = theta.map((t, i) => t - target.theta[i]);
    expect(maxAbsDiff(ng, expected)).toBeLessThan(1e-12 * Math.max(...Array.from(theta, Math.abs)));
  });

  it('forward KL: the gradient in theta is eta_p - eta_target', () => {
    const pr = klFit(normal(0, 1), target, 'forward');
    const cp = inCoords(pr, 'natural');
    const theta = cp.fromSource(Float64Array.of(-0.5, 0.8));
    const p = normal(-0.5, 0.8);
    expect(maxAbsDiff(cp.grad(theta), p.eta.map((e, i) => e - target.eta[i]))).toBeLessThan(1e-12);
  });

  it('validates its arguments', () => {
    expect(() => klFit(normal(0, 1), poisson(1))).toThrow(/target = .* expected a normal distribution/);
    expect(() => klFit(normal(0, 1), target, 'sideways' as never)).toThrow(/direction = "sideways"/);
  });
});
