import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { halfPlaneDistance, halfPlaneExp, halfPlaneGeodesic, halfPlaneLog } from './halfPlane.js';

// Closed forms of a few float64 operations.
const EXACT = 1e-14;

const coord = fc.double({ min: -50, max: 50, noNaN: true });
const height = fc.double({ min: -8, max: 8, noNaN: true }).map(Math.exp);

describe('half-plane kernels', () => {
  it('vertical segments have length |log(y2 / y1)|, horizontal ones 2 asinh(dx / 2y)', () => {
    expect(Math.abs(halfPlaneDistance(0, 1, 1, 2) - Math.LN2)).toBeLessThanOrEqual(EXACT);
    expect(Math.abs(halfPlaneDistance(0, 999, 1, 1000) - Math.log(1000))).toBeLessThanOrEqual(EXACT * 7);
    expect(Math.abs(halfPlaneDistance(2, 0, 1, 1) - 2 * Math.asinh(1))).toBeLessThanOrEqual(EXACT);
  });

  it('keeps its relative accuracy for nearby points (where arccosh(1 + x) loses half the digits)', () => {
    // d = |dy| / y to first order; second-order terms below 1e-24 relative.
    const dy = 1e-12;
    // 2 asinh(dy / (2 sqrt(1 + dy))) = dy (1 - dy / 2 + O(dy^2)).
    expect(Math.abs(halfPlaneDistance(0, dy, 1, 1 + dy) - dy * (1 - dy / 2))).toBeLessThanOrEqual(2e-16 * dy);
    const naive = Math.acosh(1 + (dy * dy) / (2 * (1 + dy)));
    expect(naive).toBe(0); // the textbook form returns 0
  });

  it('exp and log are inverse, and the log has the distance as its length', () => {
    fc.assert(
      fc.property(coord, height, coord, height, (x1, y1, x2, y2) => {
        const v = halfPlaneLog(x2 - x1, y2 - y1, y1, y2, new Float64Array(2));
        const d = halfPlaneDistance(x2 - x1, y2 - y1, y1, y2);
        expect(Math.abs(Math.hypot(v[0], v[1]) / y1 - d)).toBeLessThanOrEqual(EXACT * Math.max(1, d));
        const z = halfPlaneExp(x1, y1, v[0], v[1], new Float64Array(2));
        // The error of the end point grows like e^d ulps (the exponential map's conditioning).
        const tol = 1e-13 * Math.exp(Math.min(d, 20));
        expect(Math.abs(z[0] - x2)).toBeLessThanOrEqual(tol * (Math.abs(x2) + y2 + Math.abs(x1) + y1));
        expect(Math.abs(z[1] - y2)).toBeLessThanOrEqual(tol * y2);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('geodesics are vertical lines or circles centred on the x-axis, at constant speed', () => {
    const g = halfPlaneGeodesic(0, 1, 0, 3, 4);
    expect(Array.from(g(0.5))).toEqual([0, 2]);
    fc.assert(
      fc.property(coord, height, coord, height, fc.double({ min: 0, max: 1, noNaN: true }), (x1, y1, x2, y2, t) => {
        fc.pre(Math.abs(x2 - x1) > 1e-6);
        const c = halfPlaneGeodesic(x1, y1, x2 - x1, y2 - y1, y2);
        const z = c(t);
        // Centre of the circle through both points: equidistant on the x-axis.
        const cx = (x1 + x2) / 2 + ((y1 - y2) * (y1 + y2)) / (2 * (x1 - x2));
        const r = Math.hypot(x1 - cx, y1);
        const d = halfPlaneDistance(x2 - x1, y2 - y1, y1, y2);
        if (d < 10) expect(Math.abs(Math.hypot(z[0] - cx, z[1]) - r)).toBeLessThanOrEqual(1e-9 * r);
        const d1 = halfPlaneDistance(z[0] - x1, z[1] - y1, y1, z[1]);
        expect(Math.abs(d1 - t * d)).toBeLessThanOrEqual(1e-10 * Math.max(1, d));
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('the exponential map neither overflows nor loses the direction for long geodesics', () => {
    const z = halfPlaneExp(0, 1, 0, 700, new Float64Array(2));
    expect(Math.abs(Math.log(z[1]) - 700)).toBeLessThanOrEqual(1e-12 * 700);
    const w = halfPlaneExp(0, 1, 600, 0, new Float64Array(2));
    // Horizontal start: tends to the point x = tanh(600) ~ 1 at height sech(600) ~ 2 e^-600.
    expect(Math.abs(w[0] - 1)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(Math.log(w[1]) - (Math.LN2 - 600))).toBeLessThanOrEqual(1e-12 * 600);
  });
});
