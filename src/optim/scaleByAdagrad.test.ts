import { describe, expect, it } from 'vitest';
import { scaleByAdagrad } from './scaleByAdagrad.js';
import { InfogeoError } from '../errors.js';

describe('scaleByAdagrad', () => {
  it('divides by the root of the accumulated sum of squares: constant g gives 1 / sqrt(t)', () => {
    const t = scaleByAdagrad({ initialAccumulatorValue: 0, eps: 0 });
    const x = new Float64Array(1);
    let s = t.init(x);
    for (let k = 1; k <= 5; k++) {
      const [u, next] = t.update(Float64Array.of(-3), s, x);
      expect(Math.abs(u[0] + 1 / Math.sqrt(k))).toBeLessThanOrEqual(2 * Number.EPSILON);
      s = next;
    }
    expect(s.sumOfSquares[0]).toBe(45);
  });

  it('starts from initialAccumulatorValue', () => {
    const t = scaleByAdagrad({ initialAccumulatorValue: 7, eps: 0 });
    const x = new Float64Array(1);
    expect(t.update(Float64Array.of(3), t.init(x), x)[0][0]).toBe(0.75); // 3 / sqrt(7 + 9)
  });

  it('rejects negative options and a non-finite gradient', () => {
    expect(() => scaleByAdagrad({ initialAccumulatorValue: -1 })).toThrow(/initialAccumulatorValue/);
    const t = scaleByAdagrad();
    expect(() => t.update(Float64Array.of(-Infinity), t.init(new Float64Array(1)), new Float64Array(1))).toThrow(InfogeoError);
  });
});
