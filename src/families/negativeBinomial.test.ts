import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  negativeBinomial,
  negativeBinomialEntropyAsymptotic,
  negativeBinomialEntropyParts,
  negativeBinomialExpectedLogGammaRatio,
  negativeBinomialFamily,
} from './negativeBinomial.js';
import { geometric } from './geometric.js';
import { familyBattery } from './battery.testutil.js';
import { fromTheta } from './distribution.js';
import { entropyGeneric, klBregman } from './derive.js';
import { kl } from '../divergences/kl.js';
import { fisher } from '../fisher/fisher.js';
import { InfogeoError } from '../errors.js';
import { lgamma } from '../special/index.js';

interface RefCase {
  params: { r: number; p: number };
  logpmf: [number, number][];
  mean: number;
  variance: number | null;
  entropy: number;
  expectedLogBase: number;
}
interface KlCase {
  p?: { r: number; p: number };
  q?: { r: number; p: number };
  r?: number;
  thetaP?: number[];
  thetaQ?: number[];
  kl: number;
}
const ref = JSON.parse(readFileSync(new URL('./__fixtures__/discrete.json', import.meta.url), 'utf8')) as {
  negativeBinomial: RefCase[];
  negativeBinomialKl: KlCase[];
};

/** mpmath at 40 digits: what remains is float64 rounding of our own evaluation (a few ulps). */
const REF_TOL = 4e-15;
/**
 * Where the entropy comes from the integral for E[log Gamma(X + r) - log Gamma(X + 1)] (a large
 * mean with r (1 - p) < 1e4), H = -r log p - mu log q + log Gamma(r) - E[...] cancels terms of
 * size ~r |log p| against H: the relative error is ~1e-16 r |log p| / H (documented).
 */
const INTEGRAL_TOL = 1e-13;
const EPS = 2.220446049250313e-16;

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** theta = log(1 - p) rounded to float64 (relative error eps): v inherits |theta| eps |dv/dtheta|. */
function thetaRounding(theta: number, dvdtheta: number): number {
  return 2 * EPS * Math.abs(theta) * Math.abs(dvdtheta);
}

function dTheta(v: (t: number) => number, t: number): number {
  const h = 1e-6 * Math.abs(t);
  return (v(t + h) - v(t - h)) / (2 * h);
}

familyBattery('negativeBinomial', {
  cases: () => [
    negativeBinomial(3, 0.4),
    negativeBinomial(0.5, 0.3),
    // r = 0.2 rather than 1e-3: the battery sums over mean +- 60 sd, which for r = 1e-3 (sd 0.045)
    // cuts a tail of mass ~1e-7; r = 1e-3 is checked against the mpmath references below.
    negativeBinomial(0.2, 0.5),
    negativeBinomial(1, 0.25),
    negativeBinomial(7, 0.001),
    negativeBinomial(100000, 0.7),
    negativeBinomial(20000, 0.05), // entropy by the moment expansion
    negativeBinomial(2.5, 1e-4), // entropy by the integral
    negativeBinomial(1e8, 0.5), // expansion
    negativeBinomial(5, 1 - 1e-9),
  ],
  support: { kind: 'discrete', lo: 0, hi: Infinity },
});

const worst = { logpmf: 0, entropy: 0, klTheta: 0 };

describe('negativeBinomial: reference values from gen_discrete.py (mpmath)', () => {
  it('log-pmf, mean, variance, entropy and E[log h] match in all three entropy regimes', () => {
    for (const c of ref.negativeBinomial) {
      const d = negativeBinomial(c.params.r, c.params.p);
      const f = d.family;
      const t = d.theta[0];
      const mean = d.mean() as number;
      for (const [x, v] of c.logpmf) {
        const err = Math.abs(d.logDensity(x) - v);
        expect(err).toBeLessThanOrEqual(REF_TOL * Math.abs(v) + thetaRounding(t, x - mean));
        worst.logpmf = Math.max(worst.logpmf, err / Math.abs(v));
      }
      expect(rel(mean, c.mean)).toBeLessThanOrEqual(REF_TOL);
      if (c.variance === null) expect(d.variance()).toBe(Infinity);
      else expect(rel(d.variance() as number, c.variance)).toBeLessThanOrEqual(REF_TOL);
      const hOf = (s: number): number => f.entropy!(Float64Array.of(s));
      const eOf = (s: number): number => f.expectedLogBaseMeasure(Float64Array.of(s));
      const logp = Math.log(c.params.p);
      const tol = (mean + 20 * Math.sqrt(c.variance ?? Infinity) > 2e5 && c.params.r * (1 - c.params.p) < 1e4 ? INTEGRAL_TOL : REF_TOL) * Math.max(1, -c.params.r * logp);
      expect(Math.abs(d.entropy() - c.entropy)).toBeLessThanOrEqual(tol * 1 + REF_TOL * c.entropy + thetaRounding(t, dTheta(hOf, t)));
      worst.entropy = Math.max(worst.entropy, rel(d.entropy(), c.entropy));
      expect(Math.abs(eOf(t) - c.expectedLogBase)).toBeLessThanOrEqual(tol + REF_TOL * Math.abs(c.expectedLogBase) + thetaRounding(t, dTheta(eOf, t)));
    }
  });

  it('KL matches exact sums; for nearby points given by natural parameters to ~1e-15', () => {
    for (const c of ref.negativeBinomialKl) {
      const r = c.p ? c.p.r : c.r!;
      const p = c.p ? negativeBinomial(r, c.p.p) : fromTheta(negativeBinomialFamily(r), c.thetaP!);
      const q = c.q ? negativeBinomial(r, c.q.p) : fromTheta(negativeBinomialFamily(r), c.thetaQ!);
      const [tp, tq] = [p.theta[0], q.theta[0]];
      const cond = c.p ? thetaRounding(tp, (tq - tp) * (p.variance() as number)) + thetaRounding(tq, q.eta[0] - p.eta[0]) : 0;
      expect(Math.abs(kl(p, q) - c.kl)).toBeLessThanOrEqual(REF_TOL * c.kl + cond);
      if (!c.p) worst.klTheta = Math.max(worst.klTheta, rel(kl(p, q), c.kl));
    }
  });

  it('reports the worst relative errors', () => {
    console.log(`negativeBinomial vs mpmath: logpmf ${worst.logpmf.toExponential(2)}, entropy ${worst.entropy.toExponential(2)}, KL(theta pairs) ${worst.klTheta.toExponential(2)}`);
    expect(worst.klTheta).toBeLessThan(REF_TOL);
  });
});

describe('negativeBinomial: family-specific checks', () => {
  it('r = 1 is the geometric distribution shifted by one: same entropy and KL', () => {
    for (const [a, b] of [[0.3, 0.6], [1e-12, 0.5], [0.99, 1e-6]]) {
      expect(rel(negativeBinomial(1, a).entropy(), geometric(a).entropy())).toBeLessThan(1e-15);
      expect(rel(kl(negativeBinomial(1, a), negativeBinomial(1, b)), kl(geometric(a), geometric(b)))).toBeLessThan(1e-15);
      expect(rel(negativeBinomial(1, a).logDensity(4), geometric(a).logDensity(5))).toBeLessThan(1e-14);
    }
  });

  it('the three entropy regimes agree where they overlap', () => {
    // Integral vs exact sum (r = 3, p = 0.4) and vs the moment expansion (r = 2e4, p = 0.05).
    for (const [r, p] of [[3, 0.4], [0.5, 0.3], [50, 0.01]]) {
      const t = Math.log1p(-p);
      const [, elh] = negativeBinomialEntropyParts(r, t);
      const viaIntegral = negativeBinomialExpectedLogGammaRatio(r, t) - lgamma(r);
      expect(Math.abs(viaIntegral - elh)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(elh), Math.abs(lgamma(r))));
    }
    const r = 2e4;
    const t = Math.log1p(-0.05);
    const mu = (r * 0.95) / 0.05;
    const h = negativeBinomialEntropyAsymptotic(r, t);
    const hIntegral = -r * Math.log(0.05) - mu * t + lgamma(r) - negativeBinomialExpectedLogGammaRatio(r, t);
    // The integral route cancels ~1e5 against 10: agreement to ~1e-11 is all it can give.
    expect(rel(hIntegral, h)).toBeLessThan(1e-10);
  });

  it('the moment expansion has truncation error O((r q)^-4): 16x smaller per doubling, ~1e-15 at the switch', () => {
    // Exact sums at p = 1/2 (mean r: cheap) against the expansion.
    const t = Math.log(0.5);
    const err = (r: number): number => Math.abs(negativeBinomialEntropyAsymptotic(r, t) - negativeBinomialEntropyParts(r, t)[0]);
    const [e1, e2] = [err(1000), err(2000)];
    expect(e1 / e2).toBeGreaterThan(12);
    expect(e1 / e2).toBeLessThan(20);
    // r q = 1e4, where negativeBinomialEntropyParts switches to the expansion.
    const [hSum] = negativeBinomialEntropyParts(2e4, t);
    expect(rel(negativeBinomialEntropyAsymptotic(2e4, t), hSum)).toBeLessThan(1e-15);
  });

  it('Fisher information in p is r / (p^2 (1 - p)); the family is cached per r', () => {
    for (const [r, p] of [[0.5, 0.3], [3, 1e-100], [1e8, 0.5], [2, 1 - 1e-16]]) {
      expect(rel(fisher(negativeBinomial(r, p))[0][0], r / (p * p * (1 - p)))).toBeLessThan(1e-15);
    }
    expect(negativeBinomialFamily(2.5)).toBe(negativeBinomial(2.5, 0.5).family);
    expect(negativeBinomialFamily(2.5).id).toBe('negativeBinomial(r=2.5)');
    expect(negativeBinomial(2.5, 0.5).params).toEqual({ r: 2.5, p: 0.5 });
    expect(() => kl(negativeBinomial(2, 0.5), negativeBinomial(3, 0.5))).toThrow(InfogeoError);
  });

  it('the closed-form KL keeps relative accuracy for nearby points where the Bregman form is noise', () => {
    const f = negativeBinomialFamily(4);
    const t = -0.3;
    const d = t + 1e-9 - t;
    const p = -Math.expm1(t);
    const quad = (4 * Math.exp(t) * d * d) / (2 * p * p); // (1/2) Var[X] dtheta^2
    expect(rel(f.kl!(Float64Array.of(t), Float64Array.of(t + d)), quad)).toBeLessThan(1e-8);
    expect(rel(klBregman(f, Float64Array.of(t), Float64Array.of(t + d)), quad)).toBeGreaterThan(1e-8);
  });
});

describe('negativeBinomial: invalid arguments', () => {
  const expectParam = (fn: () => unknown, param: string, domain: string, shown: string): void => {
    try {
      fn();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InfogeoError);
      const err = e as InfogeoError;
      expect(err.param).toBe(param);
      expect(err.message).toContain(shown);
      expect(err.message).toContain(domain);
    }
  };
  it('rejects r that is not a finite number > 0, naming r', () => {
    for (const r of [0, -1, Number.NaN, Infinity]) expectParam(() => negativeBinomial(r, 0.5), 'r', 'a finite number > 0', String(r));
    expectParam(() => negativeBinomialFamily(-2), 'r', 'a finite number > 0', '-2');
  });
  it('rejects p outside (0, 1), and p whose mean r (1 - p) / p overflows, naming p', () => {
    for (const p of [0, 1, -0.1, 2, Number.NaN, Infinity]) expectParam(() => negativeBinomial(3, p), 'p', 'open interval (0, 1)', String(p));
    expectParam(() => negativeBinomial(1e300, 1e-10), 'p', 'finite mean', '1e-10');
  });
});

describe('negativeBinomial: properties over the whole domain (seeded)', () => {
  const prob = fc.oneof(
    fc.double({ min: -690, max: Math.log(0.5), noNaN: true }).map((l) => Math.exp(l)),
    fc.double({ min: -36, max: Math.log(0.5), noNaN: true }).map((l) => 1 - Math.exp(l)),
  );
  const shape = fc.double({ min: Math.log(1e-6), max: Math.log(1e9), noNaN: true }).map((l) => Math.exp(l));
  it('construction, round trips, entropy and KL are finite and consistent', () => {
    fc.assert(
      fc.property(shape, prob, prob, (r, a, b) => {
        fc.pre(a > 0 && a < 1 && b > 0 && b < 1 && (r * (1 - a)) / a < 1e300 && (r * (1 - b)) / b < 1e300);
        const p = negativeBinomial(r, a);
        const q = negativeBinomial(r, b);
        const f = p.family;
        expect(Number.isFinite(p.theta[0]) && Number.isFinite(p.eta[0])).toBe(true);
        const back = f.thetaFromEta(p.eta, new Float64Array(1))[0];
        expect(Math.abs(back - p.theta[0])).toBeLessThanOrEqual(4 * EPS * (1 / (1 - a) + Math.abs(p.theta[0])));
        expect(rel(p.params.p, a)).toBeLessThan(1e-15);
        const h = p.entropy();
        expect(Number.isFinite(h) && h >= 0).toBe(true);
        const g = entropyGeneric(f, p.theta);
        const scale = f.logPartition(p.theta) + Math.abs(p.theta[0] * p.eta[0]) + Math.abs(f.expectedLogBaseMeasure(p.theta)) + Math.abs(lgamma(r));
        expect(Math.abs(g - h)).toBeLessThanOrEqual(1e-13 * scale + 1e-300);
        const d = kl(p, q);
        expect(Number.isFinite(d) && d >= 0).toBe(true);
        expect(kl(p, p)).toBe(0);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
