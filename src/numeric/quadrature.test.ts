import { describe, expect, it } from 'vitest';
import { integrate } from './quadrature.js';

// The adaptive rule targets 1e-12 relative; smooth test integrands reach it with margin.
const TOL = 1e-12;

describe('integrate', () => {
  it('integrates the Gaussian kernel over the real line to sqrt(2 pi)', () => {
    expect(integrate((x) => Math.exp(-0.5 * x * x), -Infinity, Infinity).value).toBeCloseTo(Math.sqrt(2 * Math.PI), 13);
  });
  it('handles a narrow peak far from 0 given centre and scale', () => {
    const m = 1e3;
    const s = 1e-3;
    const r = integrate((x) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)), -Infinity, Infinity, { center: m, scale: s });
    expect(Math.abs(r.value - 1)).toBeLessThan(TOL);
  });
  it('integrates e^-x on [0, inf) and e^x on (-inf, 0]', () => {
    expect(Math.abs(integrate((x) => Math.exp(-x), 0, Infinity).value - 1)).toBeLessThan(TOL);
    expect(Math.abs(integrate((x) => Math.exp(x), -Infinity, 0).value - 1)).toBeLessThan(TOL);
  });
  it('integrates an endpoint singularity x^-1/2 on (0, 1] to 2 within 1e-8', () => {
    expect(Math.abs(integrate((x) => 1 / Math.sqrt(x), 0, 1, { maxPanels: 20000 }).value - 2)).toBeLessThan(1e-8);
  });
  it('polynomials of degree <= 29 exactly on one panel', () => {
    const r = integrate((x) => x ** 28, 0, 1);
    expect(Math.abs(r.value - 1 / 29)).toBeLessThan(1e-15);
  });
  it('respects breakpoints at a kink', () => {
    const r = integrate((x) => Math.exp(-Math.abs(x - 0.3)), -Infinity, Infinity, { breakpoints: [0.3], center: 0.3 });
    expect(Math.abs(r.value - 2)).toBeLessThan(TOL);
  });
  it('rejects an empty interval and a non-finite integrand', () => {
    expect(() => integrate((x) => x, 1, 0)).toThrow(/a < b/);
    expect(() => integrate(() => Number.NaN, 0, 1)).toThrow(/finite integrand/);
  });
});
