import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulliKlLogit, binomial, binomialEntropyParts, binomialFamily, logChoose } from './binomial.js';
import { bernoulli } from './bernoulli.js';
import { familyBattery } from './battery.testutil.js';
import { fromTheta } from './distribution.js';
import { entropyGeneric, klBregman } from './derive.js';
import { kl } from '../divergences/kl.js';
import { fisher } from '../fisher/fisher.js';
import { InfogeoError } from '../errors.js';
import { lgamma } from '../special/index.js';

interface RefCase {
  params: { n: number; p: number };
  logpmf: [number, number][];
  mean: number;
  variance: number;
  entropy: number;
  expectedLogBase: number;
}
interface KlCase {
  p?: { n: number; p: number };
  q?: { n: number; p: number };
  n?: number;
  thetaP?: number[];
  thetaQ?: number[];
  kl: number;
}
const ref = JSON.parse(readFileSync(new URL('./__fixtures__/discrete.json', import.meta.url), 'utf8')) as {
  binomial: RefCase[];
  binomialKl: KlCase[];
};

/** mpmath at 40 digits: what remains is float64 rounding of our own evaluation (a few ulps). */
const REF_TOL = 4e-15;
const EPS = 2.220446049250313e-16;

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/**
 * theta = logit p = log p - log(1 - p) rounded to float64 is known to about (|theta| + 1) eps;
 * a value v(theta) inherits that times |dv/dtheta| (for logpmf dv/dtheta = x - n p).
 */
function thetaRounding(theta: number, dvdtheta: number): number {
  return 2 * EPS * (Math.abs(theta) + 1) * Math.abs(dvdtheta);
}

function dTheta(v: (t: number) => number, t: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(t));
  return (v(t + h) - v(t - h)) / (2 * h);
}

familyBattery('binomial', {
  cases: () => [
    binomial(10, 0.3),
    binomial(1, 0.5),
    binomial(100, 0.01),
    binomial(10, 0.7),
    binomial(10, 1e-300),
    // 1 - 1e-9 rather than 1 - 1e-16: the battery's finite differences need room below p = 1 and
    // an eta = n p whose ulp is small against its variation; p = 1 - 1e-16 is checked against
    // the mpmath references below.
    binomial(10, 1 - 1e-9),
    binomial(1e6, 0.5),
    binomial(1e6, 1e-300),
    binomial(1e15, 1e-12),
    binomial(1e9, 0.3),
  ],
  support: { kind: 'discrete', lo: 0, hi: Number.MAX_SAFE_INTEGER },
});

let worst = { logpmf: 0, entropy: 0, klTheta: 0 };

describe('binomial: reference values from gen_discrete.py (mpmath)', () => {
  it('log-pmf, mean, variance, entropy and E[log h] match', () => {
    for (const c of ref.binomial) {
      const d = binomial(c.params.n, c.params.p);
      const f = d.family;
      const t = d.theta[0];
      const mean = d.mean() as number;
      for (const [x, v] of c.logpmf) {
        const err = Math.abs(d.logDensity(x) - v);
        expect(err).toBeLessThanOrEqual(REF_TOL * Math.abs(v) + thetaRounding(t, x - mean));
        worst.logpmf = Math.max(worst.logpmf, err / Math.abs(v));
      }
      expect(Math.abs(mean - c.mean)).toBeLessThanOrEqual(REF_TOL * c.mean + thetaRounding(t, c.variance));
      expect(Math.abs((d.variance() as number) - c.variance)).toBeLessThanOrEqual(REF_TOL * c.variance + thetaRounding(t, c.variance));
      const hOf = (s: number): number => f.entropy!(Float64Array.of(s));
      const eOf = (s: number): number => f.expectedLogBaseMeasure(Float64Array.of(s));
      expect(Math.abs(d.entropy() - c.entropy)).toBeLessThanOrEqual(REF_TOL * c.entropy + thetaRounding(t, dTheta(hOf, t)));
      worst.entropy = Math.max(worst.entropy, rel(d.entropy(), c.entropy));
      expect(Math.abs(eOf(t) - c.expectedLogBase)).toBeLessThanOrEqual(REF_TOL * Math.abs(c.expectedLogBase) + thetaRounding(t, dTheta(eOf, t)));
    }
  });

  it('KL matches exact sums; for nearby points given by natural parameters to ~1e-15 relative', () => {
    for (const c of ref.binomialKl) {
      const n = c.p ? c.p.n : c.n!;
      const p = c.p ? binomial(n, c.p.p) : fromTheta(binomialFamily(n), c.thetaP!);
      const q = c.q ? binomial(n, c.q.p) : fromTheta(binomialFamily(n), c.thetaQ!);
      const [tp, tq] = [p.theta[0], q.theta[0]];
      // dKL/dthetaP = -(thetaQ - thetaP) Var_p(X), dKL/dthetaQ = E_q[X] - E_p[X].
      const cond = c.p ? thetaRounding(tp, (tq - tp) * (p.variance() as number)) + thetaRounding(tq, q.eta[0] - p.eta[0]) : 0;
      expect(Math.abs(kl(p, q) - c.kl)).toBeLessThanOrEqual(REF_TOL * c.kl + cond);
      if (!c.p) worst.klTheta = Math.max(worst.klTheta, rel(kl(p, q), c.kl));
    }
  });

  it('reports the worst relative errors', () => {
    console.log(`binomial vs mpmath: logpmf ${worst.logpmf.toExponential(2)}, entropy ${worst.entropy.toExponential(2)}, KL(theta pairs) ${worst.klTheta.toExponential(2)}`);
    expect(worst.klTheta).toBeLessThan(REF_TOL);
  });
});

describe('binomial: family-specific checks', () => {
  it('n = 1 is the Bernoulli family: entropy, KL and log-density agree', () => {
    for (const [a, b] of [[0.3, 0.6], [1e-9, 0.5], [0.999, 0.001]]) {
      expect(rel(binomial(1, a).entropy(), bernoulli(a).entropy())).toBeLessThan(1e-15);
      expect(rel(kl(binomial(1, a), binomial(1, b)), kl(bernoulli(a), bernoulli(b)))).toBeLessThan(1e-13);
      // log p exactly (the Bernoulli's generic theta - log(1 + e^theta) loses digits near p = 1).
      expect(rel(binomial(1, a).logDensity(1), Math.log(a))).toBeLessThan(1e-15);
      expect(rel(binomial(1, a).logDensity(0), Math.log1p(-a))).toBeLessThan(1e-15);
    }
  });

  it('logChoose is exact at the ends and matches lgamma differences where those do not cancel', () => {
    expect(logChoose(10, 0)).toBe(0);
    expect(logChoose(10, 10)).toBe(0);
    expect(rel(logChoose(10, 3), Math.log(120))).toBeLessThan(1e-15);
    expect(rel(logChoose(1e15, 1), Math.log(1e15))).toBeLessThan(1e-15);
    expect(rel(logChoose(50, 20), lgamma(51) - lgamma(21) - lgamma(31))).toBeLessThan(1e-14);
  });

  it('the entropy expansion joins the exact sum at variance 1e8 (n = 4e8, p = 1/2)', () => {
    const n = 4e8;
    const [hSum, eSum] = binomialEntropyParts(n, 0); // variance exactly 1e8: still the exact sum
    const v = n / 4;
    const hAsym = 0.5 * Math.log(2 * Math.PI * Math.E * v) - 1 / (12 * v) + 1 / (3 * n);
    // The expansion's error is O(v^-2) = 1e-16: the two agree to rounding.
    expect(rel(hSum, hAsym)).toBeLessThan(2e-15);
    expect(rel(eSum, n * Math.LN2 - hAsym)).toBeLessThan(1e-15);
  });

  it('the closed-form KL keeps relative accuracy for KL down to 1e-30, where the Bregman form is noise', () => {
    const t = 0.4;
    for (const step of [1e-3, 1e-8, 1e-15]) {
      const d = t + step - t; // the difference actually represented
      const v0 = Math.exp(t) / (1 + Math.exp(t)) ** 2;
      // KL = v0 d^2 / 2 + k3 d^3 / 6 + O(d^4), k3 = p q (q - p) the third cumulant of the Bernoulli.
      const p = 1 / (1 + Math.exp(-t));
      const exact = (v0 * d * d) / 2 + (v0 * (1 - 2 * p) * d * d * d) / 6;
      const v = bernoulliKlLogit(t, t + d);
      expect(Math.abs(v - exact)).toBeLessThanOrEqual(d ** 4 + 1e-15 * exact);
    }
    const f = binomialFamily(1000);
    const p = fromTheta(f, [0.4]);
    const q = fromTheta(f, [0.4 + 1e-9]);
    expect(rel(kl(p, q), 1000 * bernoulliKlLogit(0.4, 0.4 + 1e-9))).toBeLessThan(1e-15);
    // The Bregman form F(q) - F(p) - <dtheta, eta> cancels 1e3 against 1e-16: only noise is left.
    expect(rel(klBregman(f, p.theta, q.theta), kl(p, q))).toBeGreaterThan(1e-6);
  });

  it('log-density at n = 1e6 keeps the digits that log C(n, x) + x log p + (n - x) log q loses', () => {
    const c = ref.binomial.find((r) => r.params.n === 1e6 && r.params.p === 0.5)!;
    const d = binomial(1e6, 0.5);
    const [x, v] = c.logpmf[2];
    const textbook = logChoose(1e6, x) + 1e6 * Math.log(0.5);
    expect(rel(d.logDensity(x), v)).toBeLessThan(1e-15);
    expect(rel(textbook, v)).toBeGreaterThan(1e-14);
  });

  it('Fisher information in p is n / (p (1 - p)) on the whole open interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.double({ min: 1e-300, max: 1 - 1e-16, noNaN: true }), (n, p) => {
        // Below p ~ n / 1.8e308 the information itself overflows (fisher() then throws).
        fc.pre(p > 0 && p < 1 && n / (p * (1 - p)) < 1e308);
        const g = fisher(binomial(n, p))[0][0];
        expect(rel(g, n / (p * (1 - p)))).toBeLessThan(1e-15);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('the family object is cached per n and its id names n', () => {
    expect(binomialFamily(10)).toBe(binomial(10, 0.5).family);
    expect(binomialFamily(10).id).toBe('binomial(n=10)');
    expect(binomial(10, 0.25).params).toEqual({ n: 10, p: 0.25 });
    expect(() => kl(binomial(10, 0.5), binomial(11, 0.5))).toThrow(InfogeoError);
  });
});

describe('binomial: invalid arguments', () => {
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
  it('rejects n that is not an integer in [1, 2^53 - 1], naming n', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 53, '10' as unknown as number]) {
      expectParam(() => binomial(n, 0.5), 'n', 'an integer in [1, 2^53 - 1]', typeof n === 'string' ? '"10"' : String(n));
    }
    expectParam(() => binomialFamily(0), 'n', 'an integer', '0');
  });
  it('rejects p outside the open interval (0, 1), naming p', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN, Infinity, -Infinity]) {
      expectParam(() => binomial(10, p), 'p', 'open interval (0, 1)', String(p));
    }
  });
});

describe('binomial: properties over the whole domain (seeded)', () => {
  const prob = fc.oneof(
    fc.double({ min: -690, max: Math.log(0.5), noNaN: true }).map((l) => Math.exp(l)),
    fc.double({ min: -36, max: Math.log(0.5), noNaN: true }).map((l) => 1 - Math.exp(l)),
  );
  it('construction, round trips, entropy and KL are finite and consistent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), prob, prob, (n, a, b) => {
        fc.pre(a > 0 && a < 1 && b > 0 && b < 1);
        const p = binomial(n, a);
        const q = binomial(n, b);
        const f = p.family;
        expect(Number.isFinite(p.theta[0]) && Number.isFinite(p.eta[0])).toBe(true);
        // eta -> theta = log eta - log(n - eta) is ill-conditioned near eta = n: rounding eta to
        // float64 moves theta by eps / (1 - p). The round trip is exact up to that.
        const back = f.thetaFromEta(p.eta, new Float64Array(1))[0];
        expect(Math.abs(back - p.theta[0])).toBeLessThanOrEqual(4 * EPS * (1 / Math.min(a, 1 - a) + Math.abs(p.theta[0])));
        expect(rel(p.params.p, a)).toBeLessThanOrEqual(1e-15);
        const h = p.entropy();
        expect(Number.isFinite(h) && h >= 0).toBe(true);
        // The generic H = F - theta eta - E[log h] cancels terms of size |F| + |theta eta| + |E[log h]|.
        const g = entropyGeneric(f, p.theta);
        const scale = f.logPartition(p.theta) + Math.abs(p.theta[0] * p.eta[0]) + Math.abs(f.expectedLogBaseMeasure(p.theta));
        expect(Math.abs(g - h)).toBeLessThanOrEqual(2e-14 * scale + 1e-15);
        const d = kl(p, q);
        expect(Number.isFinite(d) && d >= 0).toBe(true);
        expect(kl(p, p)).toBe(0);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
