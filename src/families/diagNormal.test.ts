import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { diagNormal, diagNormalFamily } from './diagNormal.js';
import { normal } from './normal.js';
import { familyBattery } from './battery.testutil.js';
import { fisherSourcePullback, klBregman, thetaFromEta } from './derive.js';
import { fisher } from '../fisher/fisher.js';
import { kl } from '../divergences/kl.js';
import { InfogeoError } from '../errors.js';

const ref = JSON.parse(readFileSync(new URL('./__fixtures__/vector.json', import.meta.url), 'utf8')).diagNormal;

const EPS = 2.220446049250313e-16;
/** mpmath at 50 digits, rounded once; our closed forms are a few ulps of the inputs away. */
const REF_TOL = 1e-14;
/**
 * mu is carried as theta_1 = mu / sigma^2 (rounded to 1 ulp), so a KL between parameters that
 * differ by a relative r inherits about eps / r: the tolerance is 4 eps times that amplification
 * (1e6 for means 1e3 and 1e3 + 1e-3 with sigma 1e-3, 1e7 for the 1e-7 nearby pair).
 */
function klTol(p: { mean: number[]; sigmas: number[] }, q: { mean: number[]; sigmas: number[] }): number {
  let amp = 1;
  p.mean.forEach((m, i) => {
    const [dm, ds] = [Math.abs(q.mean[i] - m), Math.abs(q.sigmas[i] - p.sigmas[i])];
    if (dm > 0) amp = Math.max(amp, Math.max(Math.abs(m), p.sigmas[i]) / dm);
    if (ds > 0) amp = Math.max(amp, p.sigmas[i] / ds);
  });
  return Math.max(REF_TOL, 4 * EPS * amp);
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

familyBattery('diagNormal', {
  cases: () => [
    diagNormal([0.5, -1], [1, 2]),
    diagNormal([1, 2, 3], [0.1, 1, 10]),
    diagNormal([1e3, -5], [1e-3, 1e3]), // mean a million standard deviations from 0
    diagNormal([3e-4], [1e-5]),
    // scales 1e6 apart (not 1e12: finite differences of the total F cannot resolve a coordinate whose
    // theta is 1e12 times smaller than another's contribution to F)
    diagNormal([-2e-3, 7e3], [1e-3, 1e3]),
  ],
});

describe('diagNormal: coordinates', () => {
  it('has blocked theta = (mean / sigma^2, -1 / (2 sigma^2)), eta = (mean, mean^2 + sigma^2), params as given', () => {
    const p = diagNormal([1, 0], [2, 1]);
    expect(Array.from(p.theta)).toEqual([0.25, 0, -0.125, -0.5]);
    expect(Array.from(p.eta)).toEqual([1, 0, 5, 1]);
    expect(p.params).toEqual({ mean: [1, 0], sigmas: [2, 1] });
    expect(p.family).toBe(diagNormalFamily(2));
    expect(p.family.id).toBe('diagNormal(d=2)');
    expect(p.family.sourceNames).toEqual(['mean[0]', 'mean[1]', 'sigmas[0]', 'sigmas[1]']);
    expect(p.mean()).toEqual([1, 0]);
    expect(p.variance()).toEqual([[4, 0], [0, 1]]);
  });

  it('is the product of univariate normals: log-density, entropy and KL are sums', () => {
    const [m1, s1, m2, s2] = [[0.3, -2], [2, 0.5], [-1, -2.5], [1.5, 0.7]];
    const [p, q] = [diagNormal(m1, s1), diagNormal(m2, s2)];
    const x = [0.1, -1.9];
    const sum = (f: (i: number) => number): number => f(0) + f(1);
    expect(relErr(p.logDensity(x), sum((i) => normal(m1[i], s1[i]).logDensity(x[i])))).toBeLessThanOrEqual(2 * EPS);
    expect(relErr(p.entropy(), sum((i) => normal(m1[i], s1[i]).entropy()))).toBeLessThanOrEqual(2 * EPS);
    expect(relErr(kl(p, q), sum((i) => kl(normal(m1[i], s1[i]), normal(m2[i], s2[i]))))).toBeLessThanOrEqual(2 * EPS);
  });

  it('Fisher in source coordinates is diag(1 / sigma_i^2, then 2 / sigma_i^2), also by the generic pullback', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (mean, logSig) => {
          const sig = logSig.map((l) => 10 ** l);
          const p = diagNormal(mean, sig);
          const g = fisher(p);
          const gp = fisherSourcePullback(p.family, p.source);
          for (let r = 0; r < 6; r++) {
            for (let c = 0; c < 6; c++) {
              const s = sig[r % 3];
              const expected = r !== c ? 0 : r < 3 ? 1 / (s * s) : 2 / (s * s);
              expect(g[r][c]).toBe(expected);
              // the pullback cancels terms of relative size (mean / sigma)^2
              const scale = (1 + (mean[r % 3] / s) ** 2) * Math.sqrt(g[r][r] * g[c][c]);
              expect(Math.abs(gp[r * 6 + c] - expected)).toBeLessThanOrEqual(64 * EPS * scale);
            }
          }
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('diagNormal: reference values (mpmath, cross-checked with scipy)', () => {
  it('logpdf and entropy', () => {
    let worst = 0;
    for (const c of ref.cases) {
      const p = diagNormal(c.mean, c.sigmas);
      c.points.forEach((x: number[], i: number) => {
        const e = Math.abs(p.logDensity(x) - c.logpdf[i]) / Math.max(1, Math.abs(c.logpdf[i]));
        worst = Math.max(worst, e);
        expect(e, `${c.name} logpdf at ${x}`).toBeLessThanOrEqual(REF_TOL);
      });
      const e = relErr(p.entropy(), c.entropy);
      worst = Math.max(worst, e);
      expect(e, `${c.name} entropy`).toBeLessThanOrEqual(REF_TOL);
    }
    console.log(`diagNormal: worst logpdf/entropy error vs mpmath ${worst.toExponential(2)}`);
  });

  it('KL(p || q)', () => {
    let worst = 0;
    for (const c of ref.kl) {
      const [p, q] = [diagNormal(c.p.mean, c.p.sigmas), diagNormal(c.q.mean, c.q.sigmas)];
      const e = relErr(kl(p, q), c.kl);
      worst = Math.max(worst, e);
      expect(e, JSON.stringify(c.q)).toBeLessThanOrEqual(klTol(c.p, c.q));
      if (c.kl < 1e-12) {
        expect(e).toBeLessThanOrEqual(1e-8); // the spec's target near p = q
        expect(relErr(klBregman(p.family, p.theta, q.theta), c.kl)).toBeGreaterThan(1e-4);
      }
    }
    console.log(`diagNormal: worst KL error vs mpmath ${worst.toExponential(2)}`);
  });
});

describe('diagNormal: invalid arguments', () => {
  const expectError = (f: () => unknown, param: string, domain?: RegExp): void => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InfogeoError);
      const err = e as InfogeoError;
      expect(err.param).toBe(param);
      expect(err.message).toContain(`${param} = `);
      expect(err.message).toContain(`expected ${err.domain}`);
      if (domain) expect(err.domain).toMatch(domain);
      return;
    }
    throw new Error(`expected an InfogeoError naming ${param}`);
  };

  it('names the offending parameter', () => {
    expectError(() => diagNormal([], []), 'mean');
    expectError(() => diagNormal([Number.NaN], [1]), 'mean[0]', /finite/);
    expectError(() => diagNormal([0, -Infinity], [1, 1]), 'mean[1]', /finite/);
    expectError(() => diagNormal([0, 0], [1]), 'sigmas', /2 finite/);
    expectError(() => diagNormal([0], 1 as unknown as number[]), 'sigmas');
    expectError(() => diagNormal([0, 0], [1, -1]), 'sigmas[1]', /> 0/);
    expectError(() => diagNormal([0, 0], [0, 1]), 'sigmas[0]', /> 0/);
    expectError(() => diagNormal([0, 0], [1, Number.NaN]), 'sigmas[1]', /finite/);
    expectError(() => diagNormal([0, 0], [1, Infinity]), 'sigmas[1]', /finite/);
    expectError(() => diagNormal([0], [1e-200]), 'sigmas[0]', /natural parameter/); // 1 / sigma^2 overflows
    expectError(() => diagNormal([0], [1e200]), 'sigmas[0]', /natural parameter/); // 1 / sigma^2 underflows to 0
    expectError(() => diagNormal([1e200], [1]), 'mean[0]', /finite/); // mean^2 overflows
    expectError(() => diagNormalFamily(0), 'd');
  });
});

describe('diagNormal: properties over the valid domain', () => {
  it('construction succeeds from sigma = 1e-150 to 1e150; theta, eta, entropy finite; round trips; KL >= 0 finite', () => {
    const arb = fc.record({
      m: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
      logSig: fc.array(fc.double({ min: -150, max: 150, noNaN: true }), { minLength: 3, maxLength: 3 }),
      e: fc.double({ min: -3, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const build = (c: typeof a): [number[], number[]] => {
          const sig = c.logSig.map((l) => 10 ** l);
          return [c.m.map((m, i) => m * sig[i] * 10 ** c.e), sig];
        };
        const p = diagNormal(...build(a));
        expect(p.theta.every(Number.isFinite) && p.eta.every(Number.isFinite) && Number.isFinite(p.entropy())).toBe(true);
        const back = thetaFromEta(p.family, p.eta);
        // sigma^2 = eta_2 - mu^2 cancels by up to 1 + (mu / sigma)^2 <= 1 + 1e6
        const amp = 1 + 10 ** (2 * a.e);
        for (let i = 0; i < 6; i++) expect(relErr(back[i], p.theta[i])).toBeLessThanOrEqual(8 * EPS * amp);
        const src = p.family.sourceFromTheta(p.theta, new Float64Array(6));
        for (let i = 0; i < 6; i++) expect(Math.abs(src[i] - p.source[i])).toBeLessThanOrEqual(8 * EPS * Math.abs(p.source[i]) + 8 * EPS * p.source[3 + (i % 3)]);
        // q within 15 decades of p, so that the true KL (of order (sigma_p / sigma_q)^2) is finite
        const q = diagNormal(...build({ ...b, logSig: b.logSig.map((l, i) => Math.min(150, Math.max(-150, a.logSig[i] + l / 10))) }));
        const k = kl(p, q);
        expect(Number.isFinite(k) && k >= 0).toBe(true);
        expect(kl(p, p)).toBe(0);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
