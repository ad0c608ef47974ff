import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dop853, type Dop853Rhs } from './dop853.js';
import { odeSolve } from './ode.js';
import { InfogeoError } from '../errors.js';

// The global error of an adaptive method is a modest multiple of its local tolerance on a
// well-conditioned problem over a few periods.
const GLOBAL_FACTOR = 100;

const oscillator: Dop853Rhs = (_t, y, d) => {
  d[0] = y[1];
  d[1] = -y[0];
};

describe('dop853', () => {
  it('solves the harmonic oscillator to its tolerance, at 8th order', () => {
    const steps: number[] = [];
    for (const rtol of [1e-6, 1e-9, 1e-12]) {
      const r = dop853(oscillator, 0, [0, 1], 10, { rtol, atol: rtol });
      expect(r.status).toBe('success');
      expect(r.t).toBe(10);
      expect(Math.abs(r.y[0] - Math.sin(10))).toBeLessThan(GLOBAL_FACTOR * rtol);
      expect(Math.abs(r.y[1] - Math.cos(10))).toBeLessThan(GLOBAL_FACTOR * rtol);
      steps.push(r.steps);
    }
    // Order 8: each factor 1000 in tolerance costs about 1000^(1/8) = 2.4 times the steps.
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i] / steps[i - 1]).toBeGreaterThan(1.5);
      expect(steps[i] / steps[i - 1]).toBeLessThan(4);
    }
  });

  it('its dense output and the derivative of it are accurate everywhere, including backwards', () => {
    const fwd = dop853(oscillator, 0, [0, 1], 10, { rtol: 1e-12, atol: 1e-12, denseOutput: true });
    const back = dop853(oscillator, 10, [Math.sin(10), Math.cos(10)], 0, { rtol: 1e-12, atol: 1e-12, denseOutput: true });
    expect(Math.abs(back.y[0])).toBeLessThan(GLOBAL_FACTOR * 1e-12);
    expect(Math.abs(back.y[1] - 1)).toBeLessThan(GLOBAL_FACTOR * 1e-12);
    for (const r of [fwd, back]) {
      const d = r.dense;
      if (d === undefined) throw new Error('dense output missing');
      for (let i = 0; i <= 1000; i++) {
        const t = i / 100;
        const y = d.at(t);
        const dy = d.derivative(t);
        expect(Math.abs(y[0] - Math.sin(t))).toBeLessThan(GLOBAL_FACTOR * 1e-12);
        expect(Math.abs(y[1] - Math.cos(t))).toBeLessThan(GLOBAL_FACTOR * 1e-12);
        // The interpolant's derivative is one order lower.
        expect(Math.abs(dy[0] - Math.cos(t))).toBeLessThan(1e-9);
        expect(Math.abs(dy[1] + Math.sin(t))).toBeLessThan(1e-9);
      }
      expect(() => d.at(10.5)).toThrow(InfogeoError);
    }
  });

  it('decays exponentially to the right value for any rate (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 20, noNaN: true }), (k) => {
        const r = dop853((_t, y, d) => {
          d[0] = -k * y[0];
        }, 0, [1], 1, { rtol: 1e-12, atol: 1e-300 });
        expect(Math.abs(r.y[0] / Math.exp(-k) - 1)).toBeLessThan(GLOBAL_FACTOR * 1e-12);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('stops where f stops being defined, with the state it reached', () => {
    // y' = -y is "defined" only for y > 1/2: the solution e^-t leaves at t = ln 2.
    const r = dop853((_t, y, d) => {
      d[0] = y[0] > 0.5 ? -y[0] : Number.NaN;
    }, 0, [1], 2, { rtol: 1e-10 });
    expect(r.status).toBe('stepTooSmall');
    expect(r.t).toBeLessThan(Math.LN2 + 1e-9); // y(t) > 1/2 up to the integration error
    expect(r.t).toBeGreaterThan(Math.LN2 - 1e-3);
    expect(Math.abs(r.y[0] - Math.exp(-r.t))).toBeLessThan(1e-9);
    // With a minimum step it gives up sooner.
    const coarse = dop853((_t, y, d) => {
      d[0] = y[0] > 0.5 ? -y[0] : Number.NaN;
    }, 0, [1], 2, { rtol: 1e-10, hmin: 1e-3 });
    expect(coarse.status).toBe('stepTooSmall');
    expect(coarse.evaluations).toBeLessThan(r.evaluations);
  });

  it('reports maxSteps, and ignores uncontrolled components for the step size', () => {
    expect(dop853(oscillator, 0, [0, 1], 1000, { rtol: 1e-12, maxSteps: 10 }).status).toBe('maxSteps');
    // A third, rapidly growing component left out of the error norm does not change the steps.
    const plain = dop853(oscillator, 0, [0, 1], 5, { rtol: 1e-10, atol: 1e-10 });
    const extended = dop853((t, y, d) => {
      oscillator(t, y, d);
      d[2] = 5 * y[2] + Math.sin(30 * t);
    }, 0, [0, 1, 1], 5, { rtol: 1e-10, atol: 1e-10, controlled: 2 });
    expect(extended.steps).toBe(plain.steps);
    expect(extended.y[0]).toBe(plain.y[0]);
  });

  it('returns the initial state for an empty interval and rejects bad arguments', () => {
    const r = dop853(oscillator, 1, [2, 3], 1, { denseOutput: true });
    expect(Array.from(r.y)).toEqual([2, 3]);
    expect(Array.from(r.dense?.at(1) ?? [])).toEqual([2, 3]);
    expect(() => dop853('f' as never, 0, [1], 1)).toThrow(InfogeoError);
    expect(() => dop853(oscillator, 0, [Number.NaN, 1], 1)).toThrow(/y0/);
    expect(() => dop853(oscillator, 0, [0, 1], Infinity)).toThrow(/t1 = Infinity/);
    expect(() => dop853(oscillator, 0, [0, 1], 1, { rtol: 0 })).toThrow(/rtol/);
    expect(() => dop853(oscillator, 0, [0, 1], 1, { atol: Float64Array.of(1) })).toThrow(/atol/);
    expect(() => dop853(oscillator, 0, [0, 1], 1, { controlled: 3 })).toThrow(/controlled/);
    expect(() => dop853(oscillator, 0, [0, 1], 1, { hmin: -1 })).toThrow(/hmin/);
  });
});

describe("odeSolve with method 'dop853'", () => {
  it('runs this integrator: the same answer in far fewer steps than the default at tight tolerance', () => {
    const a = odeSolve(oscillator, 0, [0, 1], 10, { rtol: 1e-12, atol: 1e-12, method: 'dop853' });
    const b = dop853(oscillator, 0, [0, 1], 10, { rtol: 1e-12, atol: 1e-12 });
    const c = odeSolve(oscillator, 0, [0, 1], 10, { rtol: 1e-12, atol: 1e-12 });
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    expect(a.steps).toBe(b.steps);
    expect(c.steps).toBeGreaterThan(5 * a.steps);
    expect(() => odeSolve(oscillator, 0, [0, 1], 10, { method: 'rk4' as never })).toThrow(/method/);
  });
});
