import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyUpdate, chain, checkFiniteVector, identity, scale, type GradientTransformation } from './transform.js';
import { adagrad, adam, adamw, momentum, rmsprop, sgd } from './optimizers.js';
import { naturalGradient } from './naturalGradient.js';
import { clipByNorm } from './clipByNorm.js';
import { scaleByAdam } from './scaleByAdam.js';
import { InfogeoError } from '../errors.js';

const D = 3;
const gradient = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: D, maxLength: D }).map((a) => Float64Array.from(a));
const trajectory = fc.array(gradient, { minLength: 1, maxLength: 12 });

/** Runs t over the gradient sequence, applying each step; returns the steps. */
function run(t: GradientTransformation<any>, grads: Float64Array[]): Float64Array[] {
  let x: Float64Array = Float64Array.of(0.5, -1, 2);
  let s = t.init(x);
  const steps: Float64Array[] = [];
  for (const g of grads) {
    const [u, next] = t.update(g, s, x);
    steps.push(u);
    x = applyUpdate(x, u);
    s = next;
  }
  return steps;
}

const makers: [string, () => GradientTransformation<any>][] = [
  ['sgd', () => sgd(0.1)],
  ['momentum', () => momentum(0.05, 0.9)],
  ['nesterov', () => momentum(0.05, 0.9, { nesterov: true })],
  ['adam', () => adam(0.01)],
  ['adamw', () => adamw(0.01, { weightDecay: 0.1 })],
  ['adagrad', () => adagrad(0.1)],
  ['rmsprop', () => rmsprop(0.01, { momentum: 0.5 })],
  ['clipByNorm', () => clipByNorm(1)],
  ['naturalGradient', () => naturalGradient({ lr: 0.1, fisher: (x) => Float64Array.of(2, 0.5, 0, 0.5, 1 + x[0] * x[0], 0, 0, 0, 3) })],
];

describe('chain', () => {
  it('property: chain(t, identity()) and chain(identity(), t) take exactly the steps of t', () => {
    fc.assert(
      fc.property(trajectory, fc.integer({ min: 0, max: makers.length - 1 }), (grads, k) => {
        const make = makers[k][1];
        const expected = run(make(), grads);
        for (const composed of [chain(make(), identity()), chain(identity(), make())]) {
          const got = run(composed, grads);
          got.forEach((u, i) => expect(Array.from(u)).toEqual(Array.from(expected[i])));
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('feeds each update to the next block and keeps one state per block', () => {
    const t = chain(scaleByAdam(), scale(-0.5));
    const x = new Float64Array(1);
    const s0 = t.init(x);
    expect(s0).toHaveLength(2);
    const [u, s1] = t.update(Float64Array.of(4), s0, x);
    expect(Math.abs(u[0] + 0.5)).toBeLessThanOrEqual(1e-8);
    expect((s1[0] as { count: number }).count).toBe(1);
    expect((s0[0] as { count: number }).count).toBe(0);
  });

  it('rejects an empty chain', () => {
    expect(() => chain()).toThrow(InfogeoError);
  });
});

describe('identity, scale, applyUpdate, checkFiniteVector', () => {
  it('identity copies; scale multiplies; applyUpdate adds', () => {
    const g = Float64Array.of(1, -2);
    const [u] = identity().update(g, null, g);
    expect(u).not.toBe(g);
    expect(Array.from(u)).toEqual([1, -2]);
    expect(Array.from(scale(-3).update(g, null, g)[0])).toEqual([-3, 6]);
    expect(Array.from(applyUpdate(Float64Array.of(1, 1), g))).toEqual([2, -1]);
  });

  it('checkFiniteVector names the first bad entry', () => {
    expect(() => checkFiniteVector('opt', 'grad', Float64Array.of(0, NaN))).toThrow(/grad\[1\] = NaN/);
    expect(checkFiniteVector('opt', 'grad', Float64Array.of(0, 1))).toBeInstanceOf(Float64Array);
  });
});
