import { describe, expect, it } from 'vitest';
import { traceMomentum } from './traceMomentum.js';
import { InfogeoError } from '../errors.js';

describe('traceMomentum', () => {
  it('heavy ball: under a constant gradient the trace is (1 - beta^t) / (1 - beta) g', () => {
    const beta = 0.5;
    const t = traceMomentum({ decay: beta });
    const x = new Float64Array(1);
    let s = t.init(x);
    for (let k = 1; k <= 6; k++) {
      const [u, next] = t.update(Float64Array.of(2), s, x);
      expect(u[0]).toBe((2 * (1 - beta ** k)) / (1 - beta));
      s = next;
    }
  });

  it("Nesterov: the update is g + beta m_t (the look-ahead), the trace is the heavy ball's", () => {
    const t = traceMomentum({ decay: 0.5, nesterov: true });
    const x = new Float64Array(1);
    const [u1, s1] = t.update(Float64Array.of(2), t.init(x), x);
    expect(u1[0]).toBe(3); // m1 = 2; 2 + 0.5 * 2
    const [u2, s2] = t.update(Float64Array.of(2), s1, x);
    expect(s2.trace[0]).toBe(3); // m2 = 2 + 0.5 * 2
    expect(u2[0]).toBe(3.5);
    expect(s1.trace[0]).toBe(2);
  });

  it('the returned update is not the state array (mutating one cannot corrupt the other)', () => {
    const t = traceMomentum();
    const x = new Float64Array(1);
    const [u, s] = t.update(Float64Array.of(1), t.init(x), x);
    expect(u).not.toBe(s.trace);
  });

  it('rejects a decay outside [0, 1) and a non-finite gradient', () => {
    expect(() => traceMomentum({ decay: 1 })).toThrow(/decay/);
    const t = traceMomentum();
    expect(() => t.update(Float64Array.of(NaN), t.init(new Float64Array(1)), new Float64Array(1))).toThrow(InfogeoError);
  });
});
