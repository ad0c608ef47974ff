import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { geometric, geometricFamily, geometricKlTheta } from './geometric.js';
import { bernoulli } from './bernoulli.js';
import { familyBattery } from './battery.testutil.js';
import { fromTheta } from './distribution.js';
import { entropyGeneric, klBregman } from './derive.js';
import { kl } from '../divergences/kl.js';
import { fisher } from '../fisher/fisher.js';
import { InfogeoError } from '../errors.js';

interface RefCase {
  params: { p: number };
  logpmf: [number, number][];
  mean: number;
  variance: number | null;
  entropy: number;
}
interface KlCase {
  p?: { p: number };
  q?: { p: number };
  thetaP?: number[];
  thetaQ?: number[];
  kl: number;
}
const ref = JSON.parse(readFileSync(new URL('./__fixtures__/discrete.json', import.meta.url), 'utf8')) as {
  geometric: RefCase[];
  geometricKl: KlCase[];
};

/** mpmath at 40 digits: what remains is float64 rounding of our own evaluation (a few ulps). */
const REF_TOL = 4e-15;
const EPS = 2.220446049250313e-16;

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** theta = log(1 - p) rounded to float64 (relative error eps): a value v inherits |theta| eps |dv/dtheta|. */
function thetaRounding(theta: number, dvdtheta: number): number {
  return 2 * EPS * Math.abs(theta) * Math.abs(dvdtheta);
}

function dTheta(v: (t: number) => number, t: number): number {
  const h = 1e-6 * Math.abs(t);
  return (v(t + h) - v(t - h)) / (2 * h);
}

familyBattery('geometric', {
  cases: () => [geometric(0.5), geometric(0.3), geometric(0.9), geometric(1 - 1e-9), geometric(1e-3), geometric(1e-12), geometric(1e-100)],
  support: { kind: 'discrete', lo: 1, hi: Infinity },
});

const worst = { logpmf: 0, entropy: 0, klTheta: 0 };

describe('geometric: reference values from gen_discrete.py (mpmath)', () => {
  it('log-pmf, mean, variance and entropy match, including p = 1e-12, 1 - 1e-16 and 1e-300', () => {
    for (const c of ref.geometric) {
      const d = geometric(c.params.p);
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
      const hOf = (s: number): number => geometricFamily.entropy!(Float64Array.of(s));
      expect(Math.abs(d.entropy() - c.entropy)).toBeLessThanOrEqual(REF_TOL * c.entropy + thetaRounding(t, dTheta(hOf, t)));
      worst.entropy = Math.max(worst.entropy, rel(d.entropy(), c.entropy));
    }
  });

  it('KL matches the exact expectation; for nearby points given by natural parameters to ~1e-15', () => {
    for (const c of ref.geometricKl) {
      const p = c.p ? geometric(c.p.p) : fromTheta(geometricFamily, c.thetaP!);
      const q = c.q ? geometric(c.q.p) : fromTheta(geometricFamily, c.thetaQ!);
      const [tp, tq] = [p.theta[0], q.theta[0]];
      const cond = c.p ? thetaRounding(tp, (tq - tp) * (p.variance() as number)) + thetaRounding(tq, q.eta[0] - p.eta[0]) : 0;
      expect(Math.abs(kl(p, q) - c.kl)).toBeLessThanOrEqual(REF_TOL * c.kl + cond);
      if (!c.p) worst.klTheta = Math.max(worst.klTheta, rel(kl(p, q), c.kl));
    }
  });

  it('reports the worst relative errors', () => {
    console.log(`geometric vs mpmath: logpmf ${worst.logpmf.toExponential(2)}, entropy ${worst.entropy.toExponential(2)}, KL(theta pairs) ${worst.klTheta.toExponential(2)}`);
    expect(worst.klTheta).toBeLessThan(REF_TOL);
  });
});

describe('geometric: family-specific checks', () => {
  it('support starts at 1 and the mean is 1/p', () => {
    const d = geometric(0.25);
    expect(d.logDensity(0)).toBe(-Infinity);
    expect(rel(d.logDensity(1), Math.log(0.25))).toBeLessThan(4e-16);
    expect(rel(d.mean() as number, 4)).toBeLessThan(4e-16);
  });

  it('KL is the Bernoulli KL divided by p1, and keeps its digits for nearby points', () => {
    for (const [a, b] of [[0.3, 0.6], [1e-6, 0.5], [0.9, 0.1]]) {
      expect(rel(kl(geometric(a), geometric(b)), kl(bernoulli(a), bernoulli(b)) / a)).toBeLessThan(1e-13);
    }
    const t = Math.log(0.7);
    const d = t + 1e-9 - t;
    const p = 0.3;
    const quad = (d * d * (1 - p)) / (2 * p * p); // (1/2) Var[X] dtheta^2
    expect(rel(geometricKlTheta(t, t + d), quad)).toBeLessThan(1e-8);
    expect(rel(klBregman(geometricFamily, Float64Array.of(t), Float64Array.of(t + d)), quad)).toBeGreaterThan(1e-8);
  });

  it('Fisher information in p is 1 / (p^2 (1 - p))', () => {
    for (const p of [1e-150, 1e-12, 0.3, 0.5, 1 - 1e-16]) expect(rel(fisher(geometric(p))[0][0], 1 / (p * p * (1 - p)))).toBeLessThan(1e-15);
  });

  it('p = 1e-300 has a finite mean, entropy and KL; its variance overflows to Infinity', () => {
    const d = geometric(1e-300);
    expect(rel(d.mean() as number, 1e300)).toBeLessThan(4e-16);
    expect(d.variance()).toBe(Infinity);
    expect(Number.isFinite(d.entropy())).toBe(true);
    expect(Number.isFinite(kl(d, geometric(0.5)))).toBe(true);
    expect(() => fisher(d)).toThrow(InfogeoError);
  });
});

describe('geometric: invalid arguments', () => {
  it('rejects p outside (0, 1), naming p, and p so small that 1/p overflows', () => {
    for (const p of [0, 1, -0.5, 1.5, Number.NaN, Infinity, null as unknown as number, 1e-320]) {
      try {
        geometric(p);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        const err = e as InfogeoError;
        expect(err.param).toBe('p');
        expect(err.message).toContain(String(p));
        expect(err.message).toMatch(/\(0, 1\)|\(5\.6e-309, 1\)/);
      }
    }
  });
});

describe('geometric: properties over the whole domain (seeded)', () => {
  const prob = fc.oneof(
    fc.double({ min: -700, max: Math.log(0.5), noNaN: true }).map((l) => Math.exp(l)),
    fc.double({ min: -36, max: Math.log(0.5), noNaN: true }).map((l) => 1 - Math.exp(l)),
  );
  it('construction, round trips, entropy and KL are finite and consistent', () => {
    fc.assert(
      fc.property(prob, prob, (a, b) => {
        fc.pre(a > 0 && a < 1 && b > 0 && b < 1);
        const p = geometric(a);
        const q = geometric(b);
        expect(Number.isFinite(p.theta[0]) && Number.isFinite(p.eta[0])).toBe(true);
        // eta = 1/p -> theta = log(1 - 1/eta): conditioned like 1 / (1 - p) near p = 1.
        const back = geometricFamily.thetaFromEta(p.eta, new Float64Array(1))[0];
        expect(Math.abs(back - p.theta[0])).toBeLessThanOrEqual(4 * EPS * (1 / (1 - a) + Math.abs(p.theta[0])));
        expect(rel(p.params.p, a)).toBeLessThan(1e-15);
        const h = p.entropy();
        expect(Number.isFinite(h) && h >= 0).toBe(true);
        const g = entropyGeneric(geometricFamily, p.theta);
        expect(Math.abs(g - h)).toBeLessThanOrEqual(1e-14 * (Math.abs(geometricFamily.logPartition(p.theta)) + Math.abs(p.theta[0] * p.eta[0])) + 1e-300);
        const d = kl(p, q);
        expect(Number.isFinite(d) && d >= 0).toBe(true);
        expect(kl(p, p)).toBe(0);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
