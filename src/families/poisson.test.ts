import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  expm1mx,
  poisson,
  poissonDeviance,
  poissonEntropyParts,
  poissonFamily,
  poissonLogPmf,
  stirlingError,
  sumUnimodal,
} from './poisson.js';
import { familyBattery } from './battery.testutil.js';
import { fromTheta } from './distribution.js';
import { entropyGeneric, klBregman } from './derive.js';
import { kl } from '../divergences/kl.js';
import { fisher } from '../fisher/fisher.js';
import { InfogeoError } from '../errors.js';
import { lgamma } from '../special/index.js';
import { rng } from '../random/index.js';

interface RefCase {
  params: Record<string, number>;
  logpmf: [number, number][];
  mean: number;
  variance: number;
  entropy: number;
  expectedLogBase: number;
}
interface KlCase {
  p?: { rate: number };
  q?: { rate: number };
  thetaP?: number[];
  thetaQ?: number[];
  kl: number;
}
const ref = JSON.parse(readFileSync(new URL('./__fixtures__/discrete.json', import.meta.url), 'utf8')) as {
  poisson: RefCase[];
  poissonKl: KlCase[];
};

/** mpmath at 40 digits: what remains is float64 rounding of our own evaluation (a few ulps). */
const REF_TOL = 4e-15;
const EPS = 2.220446049250313e-16;

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/**
 * A distribution is carried by theta = log rate rounded to float64, i.e. known to |theta| eps
 * relative; a value v(theta) inherits |theta| eps |dv/dtheta|. This bound is added to REF_TOL
 * when the reference is defined by the source parameter (for logpmf dv/dtheta = x - rate).
 */
function thetaRounding(theta: number, dvdtheta: number): number {
  return 2 * EPS * Math.abs(theta) * Math.abs(dvdtheta);
}

/** Central-difference derivative of v(theta), for the rounding bound of the entropy. */
function dTheta(v: (t: number) => number, t: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(t));
  return (v(t + h) - v(t - h)) / (2 * h);
}

let worstLogPmf = 0;
let worstEntropy = 0;
let worstKlTheta = 0;

familyBattery('poisson', {
  cases: () => [poisson(3), poisson(0.5), poisson(100), poisson(1e-10), poisson(1e-300), poisson(1e5), poisson(2e5), poisson(1e8)],
  support: { kind: 'discrete', lo: 0, hi: Infinity },
});

describe('poisson: reference values from gen_discrete.py (mpmath)', () => {
  it('log-pmf, mean, variance, entropy and E[log h] match', () => {
    for (const c of ref.poisson) {
      const d = poisson(c.params.rate);
      const t = d.theta[0];
      for (const [x, v] of c.logpmf) {
        const err = Math.abs(d.logDensity(x) - v);
        expect(err).toBeLessThanOrEqual(REF_TOL * Math.abs(v) + thetaRounding(t, x - c.params.rate));
        worstLogPmf = Math.max(worstLogPmf, err / Math.abs(v));
      }
      // mean = variance = e^theta: relative error |theta| eps from the rounding of theta.
      expect(Math.abs((d.mean() as number) - c.mean)).toBeLessThanOrEqual(REF_TOL * c.mean + thetaRounding(t, c.mean));
      expect(Math.abs((d.variance() as number) - c.variance)).toBeLessThanOrEqual(REF_TOL * c.variance + thetaRounding(t, c.variance));
      const hOf = (s: number): number => poissonFamily.entropy!(Float64Array.of(s));
      const eOf = (s: number): number => poissonFamily.expectedLogBaseMeasure(Float64Array.of(s));
      expect(Math.abs(d.entropy() - c.entropy)).toBeLessThanOrEqual(REF_TOL * c.entropy + thetaRounding(t, dTheta(hOf, t)));
      worstEntropy = Math.max(worstEntropy, rel(d.entropy(), c.entropy));
      expect(Math.abs(eOf(t) - c.expectedLogBase)).toBeLessThanOrEqual(REF_TOL * Math.abs(c.expectedLogBase) + thetaRounding(t, dTheta(eOf, t)));
    }
  });

  it('KL matches exact sums; for nearby points given by natural parameters to ~1e-16 relative', () => {
    for (const c of ref.poissonKl) {
      const p = c.p ? poisson(c.p.rate) : fromTheta(poissonFamily, c.thetaP!);
      const q = c.q ? poisson(c.q.rate) : fromTheta(poissonFamily, c.thetaQ!);
      const [tp, tq] = [p.theta[0], q.theta[0]];
      // dKL/dthetaP = -(thetaQ - thetaP) Var_p, dKL/dthetaQ = eta_q - eta_p (zero rounding when theta is given).
      const cond = c.p ? thetaRounding(tp, (tq - tp) * p.eta[0]) + thetaRounding(tq, q.eta[0] - p.eta[0]) : 0;
      expect(Math.abs(kl(p, q) - c.kl)).toBeLessThanOrEqual(REF_TOL * c.kl + cond);
      if (!c.p) worstKlTheta = Math.max(worstKlTheta, rel(kl(p, q), c.kl));
    }
  });

  it('reports the worst relative errors', () => {
    // Printed for the integrator's table; the assertions above are the contract.
    console.log(`poisson vs mpmath: logpmf ${worstLogPmf.toExponential(2)}, entropy ${worstEntropy.toExponential(2)}, KL(theta pairs) ${worstKlTheta.toExponential(2)}`);
    expect(worstKlTheta).toBeLessThan(REF_TOL);
  });
});

describe('poisson: numerical building blocks', () => {
  it('stirlingError matches lgamma away from cancellation and the series joins the table at 15', () => {
    for (const z of [0.5, 2.5, 7, 14.5, 15, 16, 20.5, 100, 1e4]) {
      const direct = lgamma(z + 1) - (z + 0.5) * Math.log(z) + z - 0.5 * Math.log(2 * Math.PI);
      expect(Math.abs(stirlingError(z) - direct)).toBeLessThanOrEqual(1e-14 * Math.max(1, lgamma(z + 1)));
    }
    // 1/(12 z) leading term
    expect(rel(stirlingError(1e8), 1 / 1.2e9)).toBeLessThan(1e-15);
  });

  it('poissonDeviance is >= 0, exact at x = a and continuous across its series branch', () => {
    expect(poissonDeviance(5, 5)).toBe(0);
    expect(poissonDeviance(0, 3)).toBe(3);
    for (const a of [1e-300, 0.3, 10, 1e8]) {
      for (const x of [1, 2, Math.round(a * 1.09) + 1, Math.round(a * 1.11) + 1, 1e9]) {
        const d = poissonDeviance(x, a);
        expect(d).toBeGreaterThanOrEqual(0);
      }
    }
    // Either side of |x - a| = 0.1 (x + a): both branches agree.
    const a = 1000;
    const x = (1.1 / 0.9) * a;
    const below = poissonDeviance(x * (1 - 1e-12), a);
    const above = poissonDeviance(x * (1 + 1e-12), a);
    expect(rel(below, above)).toBeLessThan(1e-9);
  });

  it('expm1mx has full relative precision near 0 and agrees with expm1 - u beyond', () => {
    expect(rel(expm1mx(1e-8), 5.0000000166666667e-17)).toBeLessThan(1e-15);
    expect(rel(expm1mx(-1e-5), 4.999983333375e-11)).toBeLessThan(1e-14);
    expect(rel(expm1mx(0.999999), Math.expm1(0.999999) - 0.999999)).toBeLessThan(1e-14);
    expect(rel(expm1mx(-0.999999), Math.expm1(-0.999999) + 0.999999)).toBeLessThan(1e-14);
  });

  it('sumUnimodal sums the pmf to 1 for tiny and huge rates', () => {
    for (const rate of [1e-300, 0.5, 1e4, 1e5]) {
      const s = sumUnimodal(0, Infinity, Math.floor(rate), 2, (x, v) => {
        v[0] = 1;
        v[1] = x;
        return poissonLogPmf(x, rate);
      });
      expect(Math.abs(s[0] - 1)).toBeLessThan(1e-14);
      expect(rel(s[1], rate)).toBeLessThan(1e-13);
    }
  });

  it('the entropy is continuous where it switches from the exact sum to the asymptotic expansion', () => {
    const below = poissonEntropyParts(1e5);
    const above = poissonEntropyParts(1e5 * (1 + 1e-15));
    expect(rel(above[0], below[0])).toBeLessThan(1e-14);
    expect(rel(above[1], below[1])).toBeLessThan(1e-14);
    // And the expansion agrees with the sum well below the switch (error O(rate^-4)).
    const w = 1 / 3e4;
    const asym = 0.5 * Math.log(2 * Math.PI * Math.E * 3e4) - w * (1 / 12 + w * (1 / 24 + (w * 19) / 360));
    expect(rel(poissonEntropyParts(3e4)[0], asym)).toBeLessThan(1e-15);
  });

  it('log-density stays accurate at rate 1e8 where the textbook form loses 7 digits', () => {
    const d = poisson(1e8);
    const generic = 1e8 * Math.log(1e8) - 1e8 - lgamma(1e8 + 1);
    const loader = d.logDensity(1e8);
    // mpmath: -10.12927890601419 (see the fixture)
    expect(rel(loader, -10.12927890601419)).toBeLessThan(1e-15);
    expect(Math.abs(generic - loader)).toBeLessThan(1e-5);
  });

  it('Fisher information in rate is 1 / rate', () => {
    for (const r of [1e-300, 1e-5, 1, 1e8, 1e300]) expect(rel(fisher(poisson(r))[0][0], 1 / r)).toBeLessThan(1e-15);
  });

  it('samples at rate 1e-300 are all 0 and logDensity is -Infinity off the support', () => {
    expect(poisson(1e-300).sample(100, rng(1)).every((x) => x === 0)).toBe(true);
    for (const x of [-1, 0.5, Infinity, -Infinity]) expect(poisson(2).logDensity(x)).toBe(-Infinity);
  });
});

describe('poisson: invalid arguments', () => {
  it('rejects a rate that is not a finite number > 0, naming it', () => {
    for (const rate of [0, -1, -0, Number.NaN, Infinity, -Infinity, '3' as unknown as number, undefined as unknown as number]) {
      try {
        poisson(rate);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        const err = e as InfogeoError;
        expect(err.param).toBe('rate');
        expect(err.message).toContain('rate');
        expect(err.message).toContain('> 0');
        expect(err.message).toContain(String(rate === undefined ? 'undefined' : typeof rate === 'string' ? '"3"' : Object.is(rate, -0) ? '-0' : rate));
      }
    }
  });
});

describe('poisson: properties over the whole domain (seeded)', () => {
  const logRate = fc.double({ min: Math.log(1e-300), max: Math.log(1e300), noNaN: true });
  it('construction, round trips, entropy and KL are finite and consistent', () => {
    fc.assert(
      fc.property(logRate, logRate, (a, b) => {
        const p = poisson(Math.exp(a));
        const q = poisson(Math.exp(b));
        expect(Number.isFinite(p.theta[0]) && Number.isFinite(p.eta[0])).toBe(true);
        expect(rel(poissonFamily.thetaFromEta(p.eta, new Float64Array(1))[0], p.theta[0])).toBeLessThan(1e-15);
        expect(rel(p.params.rate, Math.exp(a))).toBeLessThan(1e-15);
        const h = p.entropy();
        expect(Number.isFinite(h)).toBe(true);
        expect(h).toBeGreaterThanOrEqual(0);
        const d = kl(p, q);
        expect(Number.isFinite(d) && d >= 0).toBe(true);
        expect(kl(p, p)).toBe(0);
        if (Math.exp(a) < 1e290 && Math.exp(a) > 1e-280) {
          // The Bregman form agrees where it does not cancel catastrophically.
          const b2 = klBregman(poissonFamily, p.theta, q.theta);
          expect(Math.abs(b2 - d)).toBeLessThanOrEqual(1e-12 * (Math.exp(a) + Math.exp(b)) + 1e-12 * d);
        }
        if (Math.exp(a) > 1e-300 && Math.exp(a) < 1e300) {
          const g = entropyGeneric(poissonFamily, p.theta);
          const scale = Math.exp(a) * Math.max(1, Math.abs(a));
          expect(Math.abs(g - h)).toBeLessThanOrEqual(1e-13 * scale + 1e-13);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
