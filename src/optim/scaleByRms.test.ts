import { describe, expect, it } from 'vitest';
import { scaleByRms } from './scaleByRms.js';
import { InfogeoError } from '../errors.js';

describe('scaleByRms', () => {
  it('divides by the root of the running mean of g^2 (hand-computed, two steps)', () => {
    const t = scaleByRms({ decay: 0.75, eps: 0 });
    const x = new Float64Array(1);
    const [u1, s1] = t.update(Float64Array.of(2), t.init(x), x);
    expect(u1[0]).toBe(2); // nu = 0.25 * 4 = 1
    expect(s1.nu[0]).toBe(1);
    const [u2, s2] = t.update(Float64Array.of(4), s1, x);
    expect(s2.nu[0]).toBe(4.75); // 0.75 * 1 + 0.25 * 16
    expect(Math.abs(u2[0] - 4 / Math.sqrt(4.75))).toBeLessThanOrEqual(2 * Number.EPSILON);
  });

  it('is invariant to rescaling the gradient by c > 0 (up to eps)', () => {
    const a = scaleByRms({ eps: 0 });
    const x = new Float64Array(2);
    const [ua] = a.update(Float64Array.of(1, -3), a.init(x), x);
    const [ub] = a.update(Float64Array.of(1000, -3000), a.init(x), x);
    for (let i = 0; i < 2; i++) expect(Math.abs(ua[i] - ub[i])).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(ua[i]));
  });

  it('rejects a decay outside [0, 1) and a non-finite gradient', () => {
    expect(() => scaleByRms({ decay: 1 })).toThrow(/decay/);
    const t = scaleByRms();
    expect(() => t.update(Float64Array.of(NaN), t.init(new Float64Array(1)), new Float64Array(1))).toThrow(InfogeoError);
  });
});
