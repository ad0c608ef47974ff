import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categorical, categoricalFamily, categoricalKl, compensatedSum } from './categorical.js';
import { familyBattery } from './battery.testutil.js';
import { fromEta, fromSource, fromTheta } from './distribution.js';
import { entropyGeneric, fisherSourcePullback, klBregman } from './derive.js';
import { kl } from '../divergences/kl.js';
import { fisherMatrix } from '../fisher/fisher.js';
import { InfogeoError } from '../errors.js';
import { rng } from '../random/index.js';

interface Params {
  probs?: number[];
  zipf?: { k: number; s: number };
}
interface RefCase {
  params: Params;
  logpmf: [number, number][];
  mean: number;
  variance: number;
  entropy: number;
}
interface KlCase {
  p?: Params;
  q?: Params;
  thetaP?: number[];
  thetaQ?: number[];
  kl: number;
}
const ref = JSON.parse(readFileSync(new URL('./__fixtures__/discrete.json', import.meta.url), 'utf8')) as {
  categorical: RefCase[];
  categoricalKl: KlCase[];
};

/** mpmath at 40 digits: what remains is float64 rounding of our own evaluation (a few ulps). */
const REF_TOL = 4e-15;
const EPS = 2.220446049250313e-16;

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** p_i proportional to (i + 1)^-s, as in gen_discrete.py. */
function zipf(k: number, s: number): number[] {
  const w = Array.from({ length: k }, (_, i) => Math.pow(i + 1, -s));
  const t = compensatedSum(w);
  return w.map((x) => x / t);
}

function build(params: Params): ReturnType<typeof categorical> {
  return categorical(params.probs ?? zipf(params.zipf!.k, params.zipf!.s));
}

/** log p_i = theta_i - F for every category (theta_k = 0). */
function logProbs(d: ReturnType<typeof categorical>): number[] {
  const f = d.family.logPartition(d.theta);
  return [...Array.from(d.theta, (t) => t - f), -f];
}

familyBattery('categorical', {
  cases: () => [
    categorical([0.2, 0.3, 0.5]),
    categorical([0.5, 0.5]),
    categorical([1e-300, 0.3, 0.7]),
    categorical(Array.from({ length: 10 }, () => 0.1)),
    categorical(zipf(30, 1.1)),
    categorical([0.999999, 5e-7, 5e-7]),
  ],
  support: { kind: 'discrete', lo: 0, hi: 1e4 },
});

const worst = { logpmf: 0, entropy: 0, kl: 0, klTheta: 0 };

describe('categorical: reference values from gen_discrete.py (mpmath)', () => {
  it('log-pmf, mean, variance and entropy match, including k = 10,000 and a probability 1e-300', () => {
    for (const c of ref.categorical) {
      const d = build(c.params);
      const lp = logProbs(d);
      const f = d.family.logPartition(d.theta);
      // theta_i = log p_i - log p_k and F carry rounding of (|theta_i| + |F|) eps.
      for (const [x, v] of c.logpmf) {
        const err = Math.abs(d.logDensity(x) - v);
        expect(err).toBeLessThanOrEqual(REF_TOL * Math.abs(v) + 4 * EPS * (Math.abs(x < lp.length - 1 ? d.theta[x] : 0) + Math.abs(f)));
        worst.logpmf = Math.max(worst.logpmf, err / Math.abs(v));
      }
      let cond = 0;
      for (const l of lp) cond += Math.exp(l) * (Math.abs(l) + Math.abs(f)) * 4 * EPS;
      expect(Math.abs(d.entropy() - c.entropy)).toBeLessThanOrEqual(REF_TOL * c.entropy + cond);
      worst.entropy = Math.max(worst.entropy, rel(d.entropy(), c.entropy));
      expect(Math.abs((d.mean() as number) - c.mean)).toBeLessThanOrEqual(1e-14 * Math.max(c.mean, 1));
      expect(Math.abs((d.variance() as number) - c.variance)).toBeLessThanOrEqual(1e-14 * Math.max(c.variance, 1));
    }
  });

  it('KL matches exact sums; for nearby points given by natural parameters to ~1e-15 relative', () => {
    for (const c of ref.categoricalKl) {
      const p = c.p ? build(c.p) : fromTheta(categoricalFamily(c.thetaP!.length + 1), c.thetaP!);
      const q = c.q ? build(c.q) : fromTheta(categoricalFamily(c.thetaQ!.length + 1), c.thetaQ!);
      let cond = 0;
      if (c.p) {
        // Rounding log p_i, log q_i (each ~ eps |log|) moves KL = sum p_i (log p_i - log q_i) by at most this.
        const [lp, lq] = [logProbs(p), logProbs(q)];
        for (let i = 0; i < lp.length; i++) cond += 8 * EPS * Math.exp(lp[i]) * ((1 + Math.abs(lp[i] - lq[i])) * Math.abs(lp[i]) + Math.abs(lq[i]));
      }
      const v = kl(p, q);
      expect(Math.abs(v - c.kl)).toBeLessThanOrEqual(REF_TOL * c.kl + cond);
      if (c.p) worst.kl = Math.max(worst.kl, rel(v, c.kl));
      else worst.klTheta = Math.max(worst.klTheta, rel(v, c.kl));
    }
  });

  it('reports the worst relative errors', () => {
    console.log(
      `categorical vs mpmath: logpmf ${worst.logpmf.toExponential(2)}, entropy ${worst.entropy.toExponential(2)}, ` +
        `KL ${worst.kl.toExponential(2)}, KL(theta pairs) ${worst.klTheta.toExponential(2)}`,
    );
    expect(worst.klTheta).toBeLessThan(REF_TOL);
  });
});

describe('categorical: family-specific checks', () => {
  it('keeps a last probability of 1e-300 exact through params, theta and log-density', () => {
    const d = categorical([0.3, 0.7, 1e-300]);
    expect(d.params.probs).toEqual([0.3, 0.7, 1e-300]);
    expect(rel(d.logDensity(2), Math.log(1e-300))).toBeLessThan(1e-15);
    expect(rel(d.theta[0], Math.log(0.3) - Math.log(1e-300))).toBeLessThan(1e-15);
    // source -> theta through the remembered last probability, and theta -> source -> params.
    const again = fromTheta(d.family, d.theta);
    expect(rel(again.params.probs[2], 1e-300)).toBeLessThan(1e-13);
    const th = d.family.thetaFromSource(again.source, new Float64Array(2));
    expect(rel(th[1], d.theta[1])).toBeLessThan(1e-15);
    // (fromSource copies its input, which then has no remembered last probability: 1 - sum is
    // all that is left, rounding noise of ~1e-16 here. That is the documented limit of source
    // coordinates that omit p_k.)
  });

  it('at k = 10,000: KL, entropy, log-density and sampling are O(k) and exact', () => {
    const p = categorical(zipf(10000, 1.1));
    const q = categorical(zipf(10000, 1.2));
    const t0 = performance.now();
    const d = kl(p, q);
    const h = p.entropy();
    const lp = p.logDensity(9999);
    expect(performance.now() - t0).toBeLessThan(200);
    const refKl = ref.categoricalKl.find((c) => c.p?.zipf)!.kl;
    expect(rel(d, refKl)).toBeLessThan(1e-13);
    expect(Number.isFinite(h) && Number.isFinite(lp)).toBe(true);
    // Sampling: the frequencies of the first categories are within 6 standard errors.
    const n = 50000;
    const xs = p.sample(n, rng(11)) as number[];
    const probs = p.params.probs;
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const i of [0, 1, 2, 10, 100]) {
      const se = Math.sqrt((probs[i] * (1 - probs[i])) / n);
      expect(Math.abs((counts.get(i) ?? 0) / n - probs[i])).toBeLessThanOrEqual(6 * se);
    }
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 10000)).toBe(true);
  });

  it('Fisher in source coordinates is diag(1/p_i) + 1/p_k (closed form = pullback) up to k = 500', () => {
    // Dense (k-1)^2 matrices: k = 500 is 2 MB; k = 10,000 would be 800 MB, so Fisher is tested here only.
    for (const k of [3, 50, 500]) {
      const probs = zipf(k, 0.7);
      const d = categorical(probs);
      const g = fisherMatrix(d, 'source');
      const m = k - 1;
      const gen = fisherSourcePullback(d.family, d.source);
      for (const [i, j] of [[0, 0], [0, 1], [m - 1, m - 1], [m - 1, 0], [Math.floor(m / 2), Math.floor(m / 2)]]) {
        const exact = (i === j ? 1 / probs[i] : 0) + 1 / probs[k - 1];
        expect(rel(g[i * m + j], exact)).toBeLessThan(1e-13);
        expect(rel(gen[i * m + j], exact)).toBeLessThan(1e-10);
      }
    }
  });

  it('the closed-form KL keeps relative accuracy where the Bregman form is noise', () => {
    const f = categoricalFamily(4);
    const p = fromTheta(f, [0.3, -1.2, 2.0]);
    const q = fromTheta(f, [0.3 + 1e-7, -1.2, 2.0 - 1e-7]);
    // Reference: (1/2) dtheta^T (diag p - p p^T) dtheta + O(dtheta^3).
    const pr = p.params.probs;
    const dt = [(0.3 + 1e-7) - 0.3, 0, (2.0 - 1e-7) - 2.0];
    let quad = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) quad += dt[i] * dt[j] * ((i === j ? pr[i] : 0) - pr[i] * pr[j]);
    expect(rel(categoricalKl(p.theta, q.theta), quad / 2)).toBeLessThan(1e-6);
    expect(rel(klBregman(f, p.theta, q.theta), quad / 2)).toBeGreaterThan(1e-6);
  });

  it('fromEta inverts eta = (p_1..p_{k-1}) and the family is cached per k', () => {
    const d = categorical([0.1, 0.2, 0.3, 0.4]);
    const e = fromEta(d.family, [0.1, 0.2, 0.3]);
    expect(e.params.probs.map((x) => Math.round(x * 1e12) / 1e12)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(categoricalFamily(4)).toBe(d.family);
    expect(d.family.id).toBe('categorical(k=4)');
    expect(() => kl(categorical([0.5, 0.5]), categorical([0.2, 0.3, 0.5]))).toThrow(InfogeoError);
  });
});

describe('categorical: invalid arguments', () => {
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
  it('rejects each invalid probability vector, naming probs or the offending entry', () => {
    expectParam(() => categorical([0.2, 0.3, 0.6]), 'probs', 'sum to 1', '0.6');
    expectParam(() => categorical([0.2, 0, 0.8]), 'probs[1]', 'a probability > 0', '0');
    expectParam(() => categorical([0.2, -0.1, 0.9]), 'probs[1]', '>= 0', '-0.1');
    expectParam(() => categorical([0.2, Number.NaN, 0.8]), 'probs[1]', 'a finite number', 'NaN');
    expectParam(() => categorical([0.2, Infinity, 0.8]), 'probs[1]', 'a finite number', 'Infinity');
    expectParam(() => categorical([1]), 'probs', 'at least 2 entries', '[1]');
    expectParam(() => categorical([]), 'probs', 'non-empty', '[]');
    expectParam(() => categorical('0.5,0.5' as unknown as number[]), 'probs', 'an array', '"0.5,0.5"');
    expectParam(() => categoricalFamily(1), 'k', 'an integer >= 2', '1');
    expectParam(() => categoricalFamily(2.5), 'k', 'an integer >= 2', '2.5');
  });
  it('rejects invalid source vectors in fromSource', () => {
    const f = categoricalFamily(3);
    expectParam(() => fromSource(f, [0.6, 0.6]), 'probs', 'summing to less than 1', '0.6');
    expectParam(() => fromSource(f, [0, 0.5]), 'probs[0]', 'open interval (0, 1)', '0');
  });
});

describe('categorical: properties over the whole domain (seeded)', () => {
  const weights = fc.array(fc.double({ min: Math.log(1e-300), max: 0, noNaN: true }), { minLength: 2, maxLength: 20 });
  it('construction, round trips, KL and entropy are finite and consistent', () => {
    fc.assert(
      fc.property(weights, weights, (la, lb) => {
        const k = Math.min(la.length, lb.length);
        const norm = (l: number[]): number[] => {
          const w = l.slice(0, k).map((x) => Math.exp(x));
          const s = compensatedSum(w);
          return w.map((x) => x / s);
        };
        const [a, b] = [norm(la), norm(lb)];
        fc.pre(a.every((x) => x > 0) && b.every((x) => x > 0));
        const p = categorical(a);
        const q = categorical(b);
        expect(p.theta.every(Number.isFinite) && p.eta.every(Number.isFinite)).toBe(true);
        for (let i = 0; i < k; i++) expect(rel(p.params.probs[i], a[i])).toBeLessThan(1e-14);
        const back = fromTheta(p.family, p.theta).params.probs;
        for (let i = 0; i < k; i++) expect(Math.abs(back[i] - a[i])).toBeLessThanOrEqual(1e-12 * a[i] + 1e-15 * Math.max(...a) * Math.abs(Math.log(a[i])));
        const h = p.entropy();
        expect(h >= 0 && h <= Math.log(k) + 1e-12).toBe(true);
        const g = entropyGeneric(p.family, p.theta);
        expect(Math.abs(g - h)).toBeLessThanOrEqual(1e-13 * (p.family.logPartition(p.theta) + p.theta.reduce((s, t, i) => s + Math.abs(t) * p.eta[i], 0) + 1));
        const d = kl(p, q);
        expect(Number.isFinite(d) && d >= 0).toBe(true);
        expect(kl(p, p)).toBe(0);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
