import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { multinomial, multinomialFamily } from './multinomial.js';
import { categorical, compensatedSum } from './categorical.js';
import { binomial } from './binomial.js';
import { familyBattery } from './battery.testutil.js';
import { fromTheta } from './distribution.js';
import { entropyGeneric, fisherSourcePullback } from './derive.js';
import { kl } from '../divergences/kl.js';
import { fisherMatrix } from '../fisher/fisher.js';
import { InfogeoError } from '../errors.js';
import { rng } from '../random/index.js';

interface RefCase {
  params: { n: number; probs?: number[]; theta?: number[] };
  logpmf: [number[], number][];
  mean: number[];
  entropy: number;
  expectedLogBase: number;
}
interface KlCase {
  p: { n: number; probs: number[] };
  q: { n: number; probs: number[] };
  kl: number;
}
const ref = JSON.parse(readFileSync(new URL('./__fixtures__/discrete.json', import.meta.url), 'utf8')) as {
  multinomial: RefCase[];
  multinomialKl: KlCase[];
};

/** mpmath at 40 digits: what remains is float64 rounding of our own evaluation (a few ulps). */
const REF_TOL = 4e-15;
/**
 * The entropy and E[log h] are sums over k binomial marginals of Loader-form terms of size up to
 * ~|log p|: a few more roundings than a single log-pmf. Probabilities of improbable outcomes carry
 * relative error ~eps |log p| (the rounding of their own logarithm), which dominates an entropy
 * made of them (H << 1): hence the factor max(1, |log H|).
 */
const SUM_TOL = 1e-14;
const EPS = 2.220446049250313e-16;

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function build(params: RefCase['params']): ReturnType<typeof multinomial> {
  return params.theta ? fromTheta(multinomialFamily(params.n, params.theta.length + 1), params.theta) : multinomial(params.n, params.probs!);
}

/**
 * Bound on how much a value v(theta) moves when each theta_i (= log p_i - log p_k, rounded to
 * float64 when built from probabilities) moves by (|theta_i| + |log p_k| + 1) eps: a central
 * difference per coordinate (k - 1 of them, so used for small k only).
 */
function thetaRounding(d: ReturnType<typeof multinomial>, v: (theta: Float64Array) => number, lk: number): number {
  let s = 0;
  for (let i = 0; i < d.theta.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(d.theta[i]));
    const up = Float64Array.from(d.theta);
    const dn = Float64Array.from(d.theta);
    up[i] += h;
    dn[i] -= h;
    s += 4 * EPS * (Math.abs(d.theta[i]) + Math.abs(lk) + 1) * Math.abs((v(up) - v(dn)) / (2 * h));
  }
  return s;
}

familyBattery('multinomial', {
  cases: () => [
    multinomial(10, [0.2, 0.3, 0.5]),
    multinomial(1, [0.2, 0.8]),
    multinomial(20, [1e-300, 0.5, 0.5]),
    multinomial(6, [0.1, 0.2, 0.3, 0.4]),
    multinomial(1e6, [0.25, 0.25, 0.5]),
    multinomial(1e9, [0.3, 0.7]),
  ],
});

const worst = { logpmf: 0, entropy: 0, kl: 0 };

describe('multinomial: reference values from gen_discrete.py (mpmath, enumeration or marginal sums)', () => {
  it('log-pmf, mean, entropy and E[log h] match, from n = 1 to n = 1e9 and k = 1000', () => {
    for (const c of ref.multinomial) {
      const d = build(c.params);
      const f = d.family;
      const lk = -f.logPartition(d.theta) / c.params.n;
      const small = d.theta.length <= 10;
      for (const [x, v] of c.logpmf) {
        const cond = small ? thetaRounding(d, (t) => f.logDensity!(t, Float64Array.from(x)), lk) : 0;
        const err = Math.abs(d.logDensity(x) - v);
        expect(err).toBeLessThanOrEqual(REF_TOL * Math.abs(v) + cond);
        worst.logpmf = Math.max(worst.logpmf, err / Math.abs(v));
      }
      const mean = d.mean() as number[];
      c.mean.forEach((m, i) => expect(Math.abs(mean[i] - m)).toBeLessThanOrEqual(1e-14 * m + (small ? thetaRounding(d, (t) => (f.mean(t) as Float64Array)[i], lk) : 0)));
      const condH = small ? thetaRounding(d, (t) => f.entropy!(t), lk) : 0;
      expect(Math.abs(d.entropy() - c.entropy)).toBeLessThanOrEqual(SUM_TOL * c.entropy * Math.max(1, -Math.log(c.entropy)) + condH);
      worst.entropy = Math.max(worst.entropy, rel(d.entropy(), c.entropy));
      const condE = small ? thetaRounding(d, (t) => f.expectedLogBaseMeasure(t), lk) : 0;
      expect(Math.abs(f.expectedLogBaseMeasure(d.theta) - c.expectedLogBase)).toBeLessThanOrEqual(SUM_TOL * Math.abs(c.expectedLogBase) * Math.max(1, -Math.log(Math.abs(c.expectedLogBase) || 1)) + condE);
    }
  });

  it('KL matches sums over every count vector', () => {
    for (const c of ref.multinomialKl) {
      const p = multinomial(c.p.n, c.p.probs);
      const q = multinomial(c.q.n, c.q.probs);
      const lk = -p.family.logPartition(p.theta) / c.p.n;
      const cond = thetaRounding(p, (t) => p.family.kl!(t, q.theta), lk) + thetaRounding(q, (t) => p.family.kl!(p.theta, t), lk);
      expect(Math.abs(kl(p, q) - c.kl)).toBeLessThanOrEqual(REF_TOL * c.kl + cond);
      worst.kl = Math.max(worst.kl, rel(kl(p, q), c.kl));
    }
  });

  it('reports the worst relative errors', () => {
    console.log(`multinomial vs mpmath: logpmf ${worst.logpmf.toExponential(2)}, entropy ${worst.entropy.toExponential(2)}, KL ${worst.kl.toExponential(2)}`);
    expect(worst.entropy).toBeLessThan(1e-13);
  });
});

describe('multinomial: family-specific checks', () => {
  it('the pmf sums to 1 over every count vector (n = 7, k = 4)', () => {
    const d = multinomial(7, [0.1, 0.2, 0.3, 0.4]);
    const terms: number[] = [];
    for (let a = 0; a <= 7; a++) for (let b = 0; a + b <= 7; b++) for (let c = 0; a + b + c <= 7; c++) terms.push(Math.exp(d.logDensity([a, b, c, 7 - a - b - c])));
    expect(Math.abs(compensatedSum(terms) - 1)).toBeLessThan(1e-15);
  });

  it('n = 1 is the categorical and k = 2 the binomial: entropy, KL and log-density agree', () => {
    const [a, b] = [[0.2, 0.3, 0.5], [0.4, 0.4, 0.2]];
    expect(rel(multinomial(1, a).entropy(), categorical(a).entropy())).toBeLessThan(1e-15);
    expect(rel(kl(multinomial(1, a), multinomial(1, b)), kl(categorical(a), categorical(b)))).toBeLessThan(1e-15);
    expect(rel(multinomial(1, a).logDensity([0, 1, 0]), categorical(a).logDensity(1))).toBeLessThan(1e-15);
    for (const [n, p] of [[10, 0.3], [1e6, 0.5], [1e9, 0.3], [40, 1e-300]]) {
      expect(rel(multinomial(n, [p, 1 - p]).entropy(), binomial(n, p).entropy())).toBeLessThan(1e-13);
      expect(rel(kl(multinomial(n, [p, 1 - p]), multinomial(n, [0.5, 0.5])), kl(binomial(n, p), binomial(n, 0.5)))).toBeLessThan(1e-13);
      expect(rel(multinomial(n, [p, 1 - p]).logDensity([1, n - 1]), binomial(n, p).logDensity(1))).toBeLessThan(1e-13);
    }
  });

  it('the entropy of a nearly degenerate multinomial keeps its relative accuracy', () => {
    // p = (1e-17, 1e-17, 1 - 2e-17): H ~ 2 n 1e-17 (1 - log(1e-16)) ~ 7.6e-15, nothing cancels; the
    // residual error is the rounding of log P(X = (1, 0, 9)) ~ -37 (eps |log p| ~ 1e-14 relative).
    const c = ref.multinomial.find((r) => r.params.theta)!;
    expect(rel(build(c.params).entropy(), c.entropy)).toBeLessThan(2e-14);
    expect(rel(build(c.params).family.expectedLogBaseMeasure(build(c.params).theta), c.expectedLogBase)).toBeLessThan(2e-14);
  });

  it('works at k = 10,000: entropy, KL, log-density and sampling in O(k) per call', () => {
    const k = 10000;
    const w = Array.from({ length: k }, (_, i) => 1 / (i + 1));
    const s = compensatedSum(w);
    const p = multinomial(100, w.map((x) => x / s));
    const q = multinomial(100, Array.from({ length: k }, () => 1 / k));
    const h = p.entropy();
    expect(Number.isFinite(h) && h > 0).toBe(true);
    expect(rel(kl(p, q), 100 * kl(categorical(w.map((x) => x / s)), categorical(Array.from({ length: k }, () => 1 / k))))).toBeLessThan(1e-15);
    const xs = p.sample(50, rng(3)) as Float64Array[];
    for (const x of xs) {
      expect(p.family.inSupport(x)).toBe(true);
      expect(Number.isFinite(p.logDensity(x))).toBe(true);
    }
  });

  it('Fisher in source coordinates is n (diag(1/p_i) + 1/p_k) = the pullback', () => {
    const probs = [0.1, 0.2, 0.3, 0.4];
    const d = multinomial(25, probs);
    const g = fisherMatrix(d, 'source');
    const gen = fisherSourcePullback(d.family, d.source);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const exact = 25 * ((i === j ? 1 / probs[i] : 0) + 1 / probs[3]);
        expect(rel(g[i * 3 + j], exact)).toBeLessThan(1e-15);
        expect(rel(gen[i * 3 + j], exact)).toBeLessThan(1e-13);
      }
    }
  });

  it('observations: count vectors summing to n; others have log-density -Infinity or are rejected', () => {
    const d = multinomial(5, [0.2, 0.3, 0.5]);
    expect(d.logDensity([1, 1, 2])).toBe(-Infinity);
    expect(d.logDensity([1, 1.5, 2.5])).toBe(-Infinity);
    expect(d.logDensity([-1, 1, 5])).toBe(-Infinity);
    expect(() => d.logDensity([1, 4])).toThrow(InfogeoError);
    expect(d.mean()).toEqual([1, 1.5, 2.5].map((m, i) => (d.mean() as number[])[i]));
    expect(rel((d.mean() as number[])[2], 2.5)).toBeLessThan(1e-15);
    expect(multinomialFamily(5, 3)).toBe(d.family);
    expect(d.family.id).toBe('multinomial(n=5,k=3)');
    expect(d.params).toEqual({ n: 5, probs: [0.2, 0.3, 0.5] });
  });
});

describe('multinomial: invalid arguments', () => {
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
    for (const n of [0, -3, 2.5, Number.NaN, Infinity, 2 ** 53]) expectParam(() => multinomial(n, [0.5, 0.5]), 'n', 'an integer in [1, 2^53 - 1]', String(n));
    expectParam(() => multinomialFamily(3, 1), 'k', 'an integer >= 2', '1');
  });
  it('rejects invalid probability vectors, naming probs or the entry', () => {
    expectParam(() => multinomial(3, [0.5, 0.6]), 'probs', 'sum to 1', '0.6');
    expectParam(() => multinomial(3, [0.5, 0, 0.5]), 'probs[1]', 'a probability > 0', '0');
    expectParam(() => multinomial(3, [0.5, Number.NaN]), 'probs[1]', 'a finite number', 'NaN');
    expectParam(() => multinomial(3, [1]), 'probs', 'at least 2 entries', '[1]');
  });
});

describe('multinomial: properties over the whole domain (seeded)', () => {
  const weights = fc.array(fc.double({ min: Math.log(1e-300), max: 0, noNaN: true }), { minLength: 2, maxLength: 6 });
  it('construction, round trips, entropy and KL are finite and consistent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), weights, weights, (n, la, lb) => {
        const k = Math.min(la.length, lb.length);
        const norm = (l: number[]): number[] => {
          const w = l.slice(0, k).map((x) => Math.exp(x));
          const s = compensatedSum(w);
          return w.map((x) => x / s);
        };
        const [a, b] = [norm(la), norm(lb)];
        fc.pre(a.every((x) => x > 0) && b.every((x) => x > 0));
        const p = multinomial(n, a);
        const q = multinomial(n, b);
        expect(p.theta.every(Number.isFinite) && p.eta.every(Number.isFinite)).toBe(true);
        for (let i = 0; i < k; i++) expect(rel(p.params.probs[i], a[i])).toBeLessThan(1e-14);
        const h = p.entropy();
        expect(Number.isFinite(h) && h >= 0).toBe(true);
        // The generic form cancels n H(p) against log n! and the E[log X_i!]: agreement to the size of those terms.
        const g = entropyGeneric(p.family, p.theta);
        const scale = p.family.logPartition(p.theta) + p.theta.reduce((s, t, i) => s + Math.abs(t * p.eta[i]), 0) + Math.abs(p.family.expectedLogBaseMeasure(p.theta)) + 1;
        expect(Math.abs(g - h)).toBeLessThanOrEqual(1e-13 * scale);
        const d = kl(p, q);
        expect(Number.isFinite(d) && d >= 0).toBe(true);
        expect(kl(p, p)).toBe(0);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
