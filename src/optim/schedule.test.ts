import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constantSchedule, cosineDecay, exponentialDecay, polynomialDecay, warmupCosine } from './schedule.js';
import { InfogeoError } from '../errors.js';

/** Schedules are a few flops each: agreement with the hand formula to a few ulps. */
const ULPS = 4 * Number.EPSILON;

describe('schedules', () => {
  it('constantSchedule returns its value at every step', () => {
    const s = constantSchedule(0.1);
    for (const t of [0, 1, 7, 1e6]) expect(s(t)).toBe(0.1);
  });

  it('exponentialDecay: continuous, staircase, delayed start and clipping', () => {
    expect(exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 10 })(20)).toBe(0.25);
    expect(Math.abs(exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 10 })(5) - Math.SQRT1_2)).toBeLessThanOrEqual(ULPS);
    expect(exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 10, staircase: true })(19)).toBe(0.5);
    expect(exponentialDecay({ initValue: 2, decayRate: 0.5, transitionBegin: 3 })(3)).toBe(2);
    expect(exponentialDecay({ initValue: 2, decayRate: 0.5, transitionBegin: 3 })(5)).toBe(0.5);
    expect(exponentialDecay({ initValue: 1, decayRate: 0.5, endValue: 0.3 })(10)).toBe(0.3);
    expect(exponentialDecay({ initValue: 1, decayRate: 2, endValue: 5 })(10)).toBe(5);
  });

  it('cosineDecay: init at 0, the mean of init and final at T/2, final value from T on', () => {
    const s = cosineDecay({ initValue: 2, decaySteps: 100, alpha: 0.1 });
    expect(s(0)).toBe(2);
    expect(Math.abs(s(50) - 2 * (0.9 * 0.5 + 0.1))).toBeLessThanOrEqual(2 * ULPS);
    expect(Math.abs(s(100) - 0.2)).toBeLessThanOrEqual(ULPS);
    expect(s(1000)).toBe(s(100));
  });

  it('warmupCosine: linear to the peak over the warm-up, then a cosine to the end value', () => {
    const s = warmupCosine({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110, endValue: 0.1 });
    expect(s(0)).toBe(0);
    expect(s(5)).toBe(0.5);
    expect(s(10)).toBe(1);
    expect(Math.abs(s(60) - 0.55)).toBeLessThanOrEqual(ULPS);
    expect(Math.abs(s(110) - 0.1)).toBeLessThanOrEqual(ULPS);
    expect(s(500)).toBe(s(110));
    // No warm-up: a plain cosine from the peak.
    const c = warmupCosine({ peakValue: 1, warmupSteps: 0, decaySteps: 100 });
    expect(c(0)).toBe(1);
  });

  it('polynomialDecay: (init - end) (1 - k / T)^power + end', () => {
    expect(polynomialDecay({ initValue: 1, endValue: 0, power: 2, transitionSteps: 10 })(5)).toBe(0.25);
    expect(polynomialDecay({ initValue: 1, endValue: 0.5, transitionSteps: 4 })(1)).toBe(0.875);
    expect(polynomialDecay({ initValue: 1, endValue: 0.5, transitionSteps: 4, transitionBegin: 2 })(2)).toBe(1);
    expect(polynomialDecay({ initValue: 1, endValue: 0.5, transitionSteps: 4 })(99)).toBe(0.5);
  });

  it('property: decaying schedules are non-increasing and stay between their end points', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 1000 }),
        (init, frac, steps, t) => {
          const schedules = [
            cosineDecay({ initValue: init, decaySteps: steps, alpha: frac }),
            polynomialDecay({ initValue: init, endValue: frac * init, transitionSteps: steps, power: 1 + frac }),
            exponentialDecay({ initValue: init, decayRate: Math.max(frac, 1e-3), transitionSteps: steps }),
          ];
          for (const s of schedules) {
            expect(s(t + 1)).toBeLessThanOrEqual(s(t) * (1 + ULPS));
            expect(s(t)).toBeLessThanOrEqual(init * (1 + ULPS));
            expect(s(t)).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('rejects invalid options and step counts with InfogeoError naming the parameter', () => {
    expect(() => constantSchedule(NaN)).toThrow(InfogeoError);
    expect(() => exponentialDecay({ initValue: 1, decayRate: 0 })).toThrow(/decayRate/);
    expect(() => exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 0 })).toThrow(/transitionSteps/);
    expect(() => cosineDecay({ initValue: 1, decaySteps: 1.5 })).toThrow(/decaySteps/);
    expect(() => warmupCosine({ peakValue: 1, warmupSteps: 10, decaySteps: 10 })).toThrow(/decaySteps/);
    expect(() => polynomialDecay({ initValue: 1, endValue: 0, transitionSteps: 3, power: -1 })).toThrow(/power/);
    expect(() => constantSchedule(1)(-1)).toThrow(/count/);
    expect(() => cosineDecay({ initValue: 1, decaySteps: 10 })(0.5)).toThrow(/count/);
  });
});
