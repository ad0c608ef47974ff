import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normal, normalFamily } from './normal.js';
import { familyBattery } from './battery.testutil.js';
import { fisher } from '../fisher/fisher.js';
import { kl } from '../divergences/kl.js';
import { klBregman } from './derive.js';
import { InfogeoError } from '../errors.js';

// Closed forms evaluated in float64: a few ulps.
const EXACT = 1e-15;

familyBattery('normal', {
  cases: () => [normal(0, 1), normal(1, 2), normal(-3, 0.1), normal(1e3, 1e-3), normal(0, 1e6), normal(-2e-8, 3e-5)],
  support: { kind: 'continuous', lo: -Infinity, hi: Infinity },
});

describe('normal', () => {
  it('has theta = (mu / sigma^2, -1 / (2 sigma^2)) and eta = (mu, mu^2 + sigma^2)', () => {
    const p = normal(1, 2);
    expect(Array.from(p.theta)).toEqual([0.25, -0.125]);
    expect(Array.from(p.eta)).toEqual([1, 5]);
    expect(p.params).toEqual({ mu: 1, sigma: 2 });
  });

  it('Fisher in (mu, sigma) is diag(1 / sigma^2, 2 / sigma^2); with known variance the Fisher of mu is 1 / sigma^2', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (mu, sigma) => {
        const g = fisher(normal(mu, sigma));
        expect(Math.abs(g[0][0] - 1 / sigma ** 2)).toBeLessThanOrEqual(1e-12 / sigma ** 2);
        expect(Math.abs(g[1][1] - 2 / sigma ** 2)).toBeLessThanOrEqual(1e-12 / sigma ** 2);
        expect(Math.abs(g[0][1])).toBeLessThanOrEqual(1e-9 / sigma ** 2);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('KL(N(0,1) || N(1,2)) = log 2 + 2/8 - 1/2', () => {
    expect(Math.abs(kl(normal(0, 1), normal(1, 2)) - (Math.log(2) + 2 / 8 - 0.5))).toBeLessThanOrEqual(EXACT);
  });

  it('KL between nearby normals keeps its relative accuracy where the Bregman form loses it', () => {
    const p = normal(0, 1);
    const sq = 1 + 1e-7;
    const q = normal(0, sq);
    // exact: log(1 + e) + 1 / (2 (1 + e)^2) - 1/2 = e^2 - (5/3) e^3 + (9/4) e^4 - ..., with
    // e = sq - 1 computed exactly (Sterbenz), so the reference sees the same rounded input.
    const eps = sq - 1;
    const exact = Math.log1p(eps) + 0.5 / (1 + eps) ** 2 - 0.5;
    const series = eps * eps * (1 - (5 / 3) * eps + (9 / 4) * eps * eps);
    // theta_2 = -1 / (2 sigma^2) is rounded once (1 ulp of 1 against e^2 ~ 1e-14): ~1e-9 relative.
    expect(Math.abs(kl(p, q) - series)).toBeLessThanOrEqual(1e-8 * series);
    expect(Math.abs(exact - series)).toBeGreaterThan(1e-5 * series); // the naive formula loses 5+ digits
    expect(Math.abs(klBregman(normalFamily, p.theta, q.theta) - series)).toBeLessThanOrEqual(1e-6 * series);
  });

  it('entropy is (1/2) log(2 pi e sigma^2)', () => {
    expect(Math.abs(normal(3, 2).entropy() - 0.5 * Math.log(2 * Math.PI * Math.E * 4))).toBeLessThanOrEqual(EXACT * 4);
  });

  it('rejects bad parameters with an InfogeoError naming the parameter', () => {
    for (const [mu, sigma, param] of [
      [0, -1, 'sigma'],
      [0, 0, 'sigma'],
      [0, Number.NaN, 'sigma'],
      [0, Infinity, 'sigma'],
      [Number.NaN, 1, 'mu'],
      [-Infinity, 1, 'mu'],
    ] as const) {
      try {
        normal(mu, sigma);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe(param);
        expect((e as Error).message).toMatch(/expected/);
      }
    }
    expect(() => normal(0, 1e-200)).toThrow(InfogeoError);
  });

  it('gives finite accurate answers where |mu| / sigma = 5e8 (natural coordinates ill-conditioned)', () => {
    const p = normal(5, 1e-8);
    const q = normal(5 + 2 ** -26, 2e-8);
    // KL = log 2 + (s1^2 + d^2) / (2 s2^2) - 1/2 with d = 2^-26 exactly representable
    const d = 2 ** -26;
    const exact = Math.LN2 + (1e-16 + d * d) / (8e-16) - 0.5;
    expect(Math.abs(kl(p, q) - exact)).toBeLessThanOrEqual(1e-7 * exact); // theta = mu / s^2 ~ 5e16 rounds mu to ~1e-16 abs
    expect(Math.abs(p.logDensity(5) - (-Math.log(1e-8) - 0.5 * Math.log(2 * Math.PI)))).toBeLessThanOrEqual(1e-12 * 18);
    const g = fisher(p);
    expect(Math.abs(g[0][0] - 1e16)).toBeLessThanOrEqual(1e-15 * 1e16);
    expect(Math.abs(g[1][1] - 2e16)).toBeLessThanOrEqual(1e-15 * 2e16);
    expect(Number.isFinite(p.entropy())).toBe(true);
  });
});
