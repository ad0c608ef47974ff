import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scaleByAdam } from './scaleByAdam.js';
import { adam } from './optimizers.js';
import { InfogeoError } from '../errors.js';

const vec = (n: number) => fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((v) => Math.abs(v) > 1e-3), { minLength: n, maxLength: n });

describe('scaleByAdam', () => {
  it("bias correction: Adam's first step moves every coordinate by lr, whatever the gradient's scale", () => {
    const lr = 0.01;
    const eps = 1e-8;
    fc.assert(
      fc.property(vec(4), (g) => {
        const opt = adam(lr, { eps });
        const x = new Float64Array(4);
        const [step] = opt.update(Float64Array.from(g), opt.init(x), x);
        for (let i = 0; i < 4; i++) {
          // |step_i| = lr |g_i| / (|g_i| + eps): within lr eps / |g_i| of lr, opposite to g_i.
          expect(Math.abs(Math.abs(step[i]) - lr)).toBeLessThanOrEqual((lr * eps) / Math.abs(g[i]) + 4 * Number.EPSILON * lr);
          expect(Math.sign(step[i])).toBe(-Math.sign(g[i]));
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('under a constant gradient the corrected moments equal g and g^2 at every step (update g / (|g| + eps))', () => {
    const t = scaleByAdam({ b1: 0.8, b2: 0.95, eps: 0 });
    const x = new Float64Array(2);
    let s = t.init(x);
    for (let k = 0; k < 20; k++) {
      const [u, next] = t.update(Float64Array.of(3, -0.25), s, x);
      expect(Math.abs(u[0] - 1)).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(u[1] + 1)).toBeLessThanOrEqual(1e-14);
      s = next;
    }
    expect(s.count).toBe(20);
  });

  it('matches the moment recursions of Kingma and Ba on a varying gradient', () => {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    const gs = [2, -1, 0.5, 4];
    const t = scaleByAdam({ b1, b2, eps });
    const x = new Float64Array(1);
    let s = t.init(x);
    let m = 0, v = 0;
    gs.forEach((g, k) => {
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const expected = m / (1 - b1 ** (k + 1)) / (Math.sqrt(v / (1 - b2 ** (k + 1))) + eps);
      const [u, next] = t.update(Float64Array.of(g), s, x);
      expect(Math.abs(u[0] - expected)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(expected));
      s = next;
    });
  });

  it('never mutates its state or gradient: the old state gives the same update again', () => {
    const t = scaleByAdam();
    const x = new Float64Array(2);
    const g = Float64Array.of(1, 2);
    const [, s1] = t.update(g, t.init(x), x);
    const [a] = t.update(Float64Array.of(-3, 1), s1, x);
    const [b] = t.update(Float64Array.of(-3, 1), s1, x);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(g)).toEqual([1, 2]);
    expect(s1.count).toBe(1);
  });

  it('with eps = 0 a coordinate whose gradient has always been 0 does not move (no 0 / 0)', () => {
    const t = scaleByAdam({ eps: 0 });
    const x = new Float64Array(2);
    expect(Array.from(t.update(Float64Array.of(0, 2), t.init(x), x)[0])).toEqual([0, 1]);
  });

  it('rejects bad options, a non-finite gradient and a gradient of the wrong length', () => {
    expect(() => scaleByAdam({ b1: 1 })).toThrow(/b1/);
    expect(() => scaleByAdam({ b2: -0.1 })).toThrow(/b2/);
    expect(() => scaleByAdam({ eps: -1 })).toThrow(/eps/);
    const t = scaleByAdam();
    const x = new Float64Array(2);
    expect(() => t.update(Float64Array.of(NaN, 0), t.init(x), x)).toThrow(InfogeoError);
    expect(() => t.update(Float64Array.of(1, 2, 3), t.init(x), x)).toThrow(/length/);
  });
});
