import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulli, bernoulliFamily } from './bernoulli.js';
import { familyBattery } from './battery.testutil.js';
import { fisher } from '../fisher/fisher.js';
import { kl } from '../divergences/kl.js';
import { InfogeoError } from '../errors.js';

familyBattery('bernoulli', {
  cases: () => [bernoulli(0.5), bernoulli(0.25), bernoulli(0.9), bernoulli(1e-9), bernoulli(1 - 1e-9), bernoulli(1e-300)],
  support: { kind: 'discrete', lo: 0, hi: 1 },
});

describe('bernoulli', () => {
  it('Fisher information in p is 1 / (p (1 - p)) over the whole open interval', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1 - 1e-16, noNaN: true }), (p) => {
        fc.pre(p > 0 && p < 1);
        const g = fisher(bernoulli(p))[0][0];
        const exact = 1 / (p * (1 - p));
        expect(Math.abs(g - exact)).toBeLessThanOrEqual(1e-12 * exact);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('KL matches the two-term sum and is exact at p = 1e-300', () => {
    const p = 0.3;
    const q = 0.6;
    const exact = p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    expect(Math.abs(kl(bernoulli(p), bernoulli(q)) - exact)).toBeLessThanOrEqual(1e-15);
    // KL(1e-300 || 1/2) = log 2 - H(1e-300) - ... = log 2 up to 1e-297
    expect(kl(bernoulli(1e-300), bernoulli(0.5))).toBe(Math.LN2);
    // KL(1/2 || 1e-300) = (1/2) log(1/2 / 1e-300) + (1/2) log(1/2 / 1) = (1/2) (300 log 10) - log 2
    expect(Math.abs(kl(bernoulli(0.5), bernoulli(1e-300)) - (150 * Math.log(10) - Math.LN2))).toBeLessThanOrEqual(1e-13 * 345);
  });

  it('the closed-form KL keeps relative accuracy for nearby p', () => {
    const p = 0.3;
    const d = 1e-6;
    const approx = (d * d) / (2 * p * (1 - p)); // (1/2) Fisher d^2 to leading order
    const v = kl(bernoulli(p), bernoulli(p + d));
    // The next term of the series is O(d (1 - 2p) / (p (1 - p))) ~ 2e-6 relative.
    expect(Math.abs(v - approx)).toBeLessThanOrEqual(2e-5 * approx);
    expect(bernoulliFamily.kl).toBeDefined();
  });

  it('rejects p outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN, Infinity]) {
      try {
        bernoulli(p);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe('p');
      }
    }
  });
});
