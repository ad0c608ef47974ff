import { describe, expect, it } from 'vitest';
import { scaleByLearningRate, scaleBySchedule } from './scaleBySchedule.js';
import { exponentialDecay } from './schedule.js';
import { InfogeoError } from '../errors.js';

const x = Float64Array.of(0, 0);

describe('scaleBySchedule', () => {
  it('multiplies the t-th update by schedule(t), counting from 0, with a new state each time', () => {
    const t = scaleBySchedule((k) => 1 / (k + 1));
    const s0 = t.init(x);
    const [u0, s1] = t.update(Float64Array.of(6, -3), s0, x);
    const [u1, s2] = t.update(Float64Array.of(6, -3), s1, x);
    expect(Array.from(u0)).toEqual([6, -3]);
    expect(Array.from(u1)).toEqual([3, -1.5]);
    expect(s0).toEqual({ count: 0 });
    expect(s1).toEqual({ count: 1 });
    expect(s2).toEqual({ count: 2 });
  });

  it('throws when the schedule returns a non-finite value, or the gradient is not finite', () => {
    const t = scaleBySchedule(() => NaN);
    expect(() => t.update(Float64Array.of(1, 1), t.init(x), x)).toThrow(/schedule\(0\)/);
    const u = scaleBySchedule(() => 1);
    expect(() => u.update(Float64Array.of(1, Infinity), u.init(x), x)).toThrow(InfogeoError);
  });
});

describe('scaleByLearningRate', () => {
  it('a constant gives -lr g; a schedule gives -lr(t) g', () => {
    const c = scaleByLearningRate(0.5);
    expect(Array.from(c.update(Float64Array.of(2, -4), c.init(x), x)[0])).toEqual([-1, 2]);
    const s = scaleByLearningRate(exponentialDecay({ initValue: 1, decayRate: 0.5 }));
    const [u0, st] = s.update(Float64Array.of(2, -4), s.init(x), x);
    const [u1] = s.update(Float64Array.of(2, -4), st, x);
    expect(Array.from(u0)).toEqual([-2, 4]);
    expect(Array.from(u1)).toEqual([-1, 2]);
  });

  it('rejects a learning rate that is not a finite positive number', () => {
    for (const lr of [0, -1, NaN, Infinity]) expect(() => scaleByLearningRate(lr)).toThrow(/lr/);
  });
});
