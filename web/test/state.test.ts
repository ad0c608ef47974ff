/** The URL-state helpers that need no browser: parsing numbers and choices, formatting. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { choiceParam, fmtParam, numParam } from '../src/state.js';

describe('URL state helpers', () => {
  it('numParam reads finite numbers and falls back on anything else', () => {
    const p = new URLSearchParams('a=1.5&b=abc&c=&d=Infinity&e=-2e-3&f=%20');
    expect(numParam(p, 'a', 0)).toBe(1.5);
    expect(numParam(p, 'b', 7)).toBe(7);
    expect(numParam(p, 'c', 7)).toBe(7);
    expect(numParam(p, 'd', 7)).toBe(7);
    expect(numParam(p, 'e', 7)).toBe(-0.002);
    expect(numParam(p, 'f', 7)).toBe(7);
    expect(numParam(p, 'missing', 3)).toBe(3);
  });

  it('choiceParam accepts only the listed values', () => {
    const p = new URLSearchParams('coords=log-sigma&loss=bogus');
    expect(choiceParam(p, 'coords', ['sigma', 'log-sigma'] as const, 'sigma')).toBe('log-sigma');
    expect(choiceParam(p, 'loss', ['kl-fwd', 'nll'] as const, 'kl-fwd')).toBe('kl-fwd');
  });

  it('fmtParam round-trips to 6 significant digits', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
        const back = Number(fmtParam(v));
        expect(Math.abs(back - v)).toBeLessThanOrEqual(5e-6 * Math.abs(v) + 1e-300);
      }),
      { seed: 7, numRuns: 100 },
    );
    expect(fmtParam(0.1)).toBe('0.1');
    expect(fmtParam(1 / 3)).toBe('0.333333');
  });
});
