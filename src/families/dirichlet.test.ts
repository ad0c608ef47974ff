import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirichlet, dirichletFamily, xMinusLog1p } from './dirichlet.js';
import { familyBattery } from './battery.testutil.js';
import { entropyGeneric, klBregman, thetaFromEta } from './derive.js';
import { fisher } from '../fisher/fisher.js';
import { kl } from '../divergences/kl.js';
import { digamma, trigamma } from '../special/index.js';
import { InfogeoError } from '../errors.js';
import { rng } from '../random/rng.js';

const ref = JSON.parse(readFileSync(new URL('./__fixtures__/vector.json', import.meta.url), 'utf8')).dirichlet;

const EPS = 2.220446049250313e-16;
/**
 * mpmath at 400 digits, rounded once. Our F, eta, entropy, KL and log-density are computed in
 * Stirling form from differences that are exact in the inputs, so no large terms cancel: a few
 * ulps, times the number of terms summed (k up to 20).
 */
const REF_TOL = 2e-14;

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

familyBattery('dirichlet', {
  cases: () => [
    dirichlet([1, 2, 3]),
    dirichlet([0.5, 0.5]),
    dirichlet([2, 5]),
    dirichlet([0.1, 1, 10]),
    dirichlet([0.05, 0.07, 0.09]), // vertex-heavy: log x has standard deviation ~ 1 / alpha
    dirichlet([100, 200, 300]),
    // the inverse map loses eps * alpha_0 * |eta| in the scaling direction (the Hessian's smallest
    // eigenvalue is ~ (k - 1) / (2 alpha_0^2)): 3e4 keeps the round trip inside the default 1e-10
    dirichlet([1e4, 2e4]),
  ],
});

describe('dirichlet: coordinates', () => {
  it('has theta = alpha, T(x) = log x, eta_i = psi(alpha_i) - psi(alpha_0), params and family as documented', () => {
    const p = dirichlet([1, 2, 3]);
    expect(Array.from(p.theta)).toEqual([1, 2, 3]);
    expect(p.params).toEqual({ alpha: [1, 2, 3] });
    expect(p.family).toBe(dirichletFamily(3));
    expect(p.family.id).toBe('dirichlet(k=3)');
    expect(p.family.sourceNames).toEqual(['alpha[0]', 'alpha[1]', 'alpha[2]']);
    // psi(1) - psi(6) = -(1 + 1/2 + 1/3 + 1/4 + 1/5)
    expect(relErr(p.eta[0], -(1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5))).toBeLessThanOrEqual(2 * EPS);
    expect(relErr(p.eta[1], digamma(2) - digamma(6))).toBeLessThanOrEqual(4 * EPS);
    const x = Float64Array.of(0.2, 0.3, 0.5);
    expect(Array.from(p.family.sufficientStat(x, new Float64Array(3)))).toEqual([Math.log(0.2), Math.log(0.3), Math.log(0.5)]);
    expect(p.mean()).toEqual([1 / 6, 2 / 6, 3 / 6]);
  });

  it('Fisher in alpha is diag(psi\'(alpha_i)) - psi\'(alpha_0) 1 1^T', () => {
    const g = fisher(dirichlet([0.5, 2, 7]));
    const a = [0.5, 2, 7];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const expected = (i === j ? trigamma(a[i]) : 0) - trigamma(9.5);
        expect(Math.abs(g[i][j] - expected)).toBeLessThanOrEqual(8 * EPS * trigamma(a[i]));
      }
    }
  });

  it('samples lie on the simplex and have the Dirichlet covariance', () => {
    const p = dirichlet([2, 3, 5]);
    const n = 40000;
    const xs = p.sample(n, rng(11)) as Float64Array[];
    const w = [0.2, 0.3, 0.5];
    const cov = p.variance() as number[][];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        let s2 = 0;
        for (const x of xs) {
          const v = (x[i] - w[i]) * (x[j] - w[j]);
          s += v;
          s2 += v * v;
        }
        const se = Math.sqrt((s2 / n - (s / n) ** 2) / n);
        expect(Math.abs(s / n - cov[i][j])).toBeLessThanOrEqual(6 * se);
      }
    }
    for (const x of xs.slice(0, 100)) expect(p.family.inSupport(x)).toBe(true);
  });

  it('xMinusLog1p(x) = x - log(1 + x) without cancellation', () => {
    expect(relErr(xMinusLog1p(1e-8), 5e-17 - 1e-24 / 3)).toBeLessThanOrEqual(2 * EPS);
    // -x - log1p(-x) at x = 1e-3 is sum_n x^n / n; 6 terms reach 1e-18 / 6, below an ulp
    let series = 0;
    for (let n = 8; n >= 2; n--) series += 1e-3 ** n / n;
    expect(relErr(xMinusLog1p(-1e-3), series)).toBeLessThanOrEqual(4 * EPS);
    expect(relErr(xMinusLog1p(3), 3 - Math.log(4))).toBeLessThanOrEqual(2 * EPS);
    expect(xMinusLog1p(0)).toBe(0);
  });
});

describe('dirichlet: reference values (mpmath, cross-checked with scipy and quadrature)', () => {
  it('logpdf, mean, variance, entropy, eta and the Fisher matrix', () => {
    let worst = 0;
    // relative error, except for log-densities, measured against max(1, |ref|, max |log x_i|):
    // log p = -7e-298 at the 'tiny' mode x = (1e-300, 1) is what remains of terms of size
    // |log 1e-300| = 690, so it is zero to float64 precision
    const check = (got: number, want: number, what: string, absScale = 0): void => {
      const e = absScale > 0 ? Math.abs(got - want) / Math.max(absScale, Math.abs(want)) : relErr(got, want);
      worst = Math.max(worst, e);
      expect(e, what).toBeLessThanOrEqual(REF_TOL);
    };
    for (const c of ref.cases) {
      const p = dirichlet(c.alpha);
      const f = p.family;
      c.points.forEach((x: number[], i: number) => check(p.logDensity(x), c.logpdf[i], `${c.name} logpdf at ${x}`, Math.max(1, ...x.map((v) => Math.abs(Math.log(v))))));
      (p.mean() as number[]).forEach((m, i) => check(m, c.mean[i], `${c.name} mean`));
      const v = p.variance() as number[][];
      c.variance.forEach((want: number, i: number) => check(v[i][i], want, `${c.name} variance`));
      check(p.entropy(), c.entropy, `${c.name} entropy`);
      c.eta.forEach((want: number, i: number) => check(p.eta[i], want, `${c.name} eta`));
      const h = f.hessLogPartition(p.theta, new Float64Array(f.dim * f.dim));
      c.fisherDiag.forEach((want: number | null, i: number) => {
        if (want !== null) check(h[i * f.dim + i], want, `${c.name} Fisher diagonal (cancellation-aware)`);
      });
      check(h[1], c.fisherOff, `${c.name} Fisher off-diagonal`);
    }
    console.log(`dirichlet: worst error vs mpmath (logpdf, moments, entropy, eta, Fisher) ${worst.toExponential(2)}`);
  });

  it('KL(p || q), including nearby pairs and alpha from 1e-150 to 1e150', () => {
    let worst = 0;
    for (const c of ref.kl) {
      const [p, q] = [dirichlet(c.p), dirichlet(c.q)];
      const e = relErr(kl(p, q), c.kl);
      worst = Math.max(worst, e);
      expect(e, `${JSON.stringify(c.p)} -> ${JSON.stringify(c.q)}`).toBeLessThanOrEqual(REF_TOL);
      if (c.kl < 1e-12) expect(relErr(klBregman(p.family, p.theta, q.theta), c.kl)).toBeGreaterThan(1e-4);
    }
    console.log(`dirichlet: worst KL error vs mpmath ${worst.toExponential(2)}`);
  });

  it('the closed-form entropy agrees with the generic F - <theta, eta> - E[log h] where that is accurate', () => {
    for (const a of [[1, 2, 3], [0.5, 0.5], [0.1, 1, 10, 100]]) {
      const p = dirichlet(a);
      expect(Math.abs(p.entropy() - entropyGeneric(p.family, p.theta))).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(p.entropy())));
    }
  });
});

describe('dirichlet: the inverse Legendre map', () => {
  it('eta -> alpha -> eta reproduces eta to float64 precision for alpha from 1e-3 to 1e6', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 6, noNaN: true }), { minLength: 2, maxLength: 8 }), (logs) => {
        const p = dirichlet(logs.map((l) => 10 ** l));
        const back = thetaFromEta(p.family, p.eta);
        const eta2 = p.family.gradLogPartition(back, new Float64Array(back.length));
        // backward error: a few ulps of eta (the residual Newton leaves)
        for (let i = 0; i < back.length; i++) expect(Math.abs(eta2[i] - p.eta[i])).toBeLessThanOrEqual(8 * EPS * Math.max(1, Math.abs(p.eta[i])));
        // forward error: eps |eta| amplified by the condition number ~ 2 alpha_0 / (k - 1) (scaling direction)
        const a0 = p.theta.reduce((s, x) => s + x, 0);
        const etaMax = Math.max(...Array.from(p.eta, Math.abs));
        for (let i = 0; i < back.length; i++) expect(relErr(back[i], p.theta[i])).toBeLessThanOrEqual(16 * EPS * (1 + etaMax) * (1 + 2 * a0));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('recovers alpha = (1e6, 1e6), (1e-3, 1e-3, 1e-3) and (1e6, 1e-3) at the conditioning limit', () => {
    for (const [a, tol] of [
      [[1e6, 1e6], 1e-9], // eps * |eta| * 2 alpha_0 / (k - 1) = 3e-10
      [[1e-3, 1e-3, 1e-3], 1e-14],
      [[1e6, 1e-3], 1e-12],
    ] as const) {
      const p = dirichlet([...a]);
      const back = thetaFromEta(p.family, p.eta);
      a.forEach((x, i) => expect(relErr(back[i], x)).toBeLessThanOrEqual(tol));
    }
  });

  it('accepts eta with sum exp(eta_i) < 1 (up to rounding, the margin at alpha_0 = 1e15 is 1e-15) and rejects the rest', () => {
    const f = dirichletFamily(2);
    expect(f.isExpectationValid(Float64Array.of(Math.log(0.4), Math.log(0.5)))).toBe(true);
    expect(f.isExpectationValid(dirichlet([1e200, 3e200]).eta)).toBe(true);
    expect(f.isExpectationValid(Float64Array.of(Math.log(0.6), Math.log(0.5)))).toBe(false);
    expect(f.isExpectationValid(Float64Array.of(0.1, -5))).toBe(false);
    expect(f.isExpectationValid(Float64Array.of(-1, Number.NaN))).toBe(false);
    expect(f.isExpectationValid(Float64Array.of(-1, -2, -3))).toBe(false); // wrong length
  });
});

describe('dirichlet: invalid arguments', () => {
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
    expectError(() => dirichlet(3 as unknown as number[]), 'alpha');
    expectError(() => dirichlet([]), 'alpha');
    expectError(() => dirichlet([2]), 'alpha', /at least 2/);
    expectError(() => dirichlet([1, Number.NaN]), 'alpha[1]', /finite/);
    expectError(() => dirichlet([1, Infinity]), 'alpha[1]', /finite/);
    expectError(() => dirichlet([0, 1]), 'alpha[0]', /> 0/);
    expectError(() => dirichlet([1, -2, 3]), 'alpha[1]', /> 0/);
    expectError(() => dirichlet([1e308, 1e308]), 'alpha', /finite/); // alpha_0 overflows
    expectError(() => dirichlet([1, 5e-324]), 'alpha[1]', /finite/); // E[log X_1] ~ -1/alpha overflows
    expectError(() => dirichletFamily(1), 'k');
  });
});

describe('dirichlet: properties over the valid domain', () => {
  const arbAlpha = fc.integer({ min: 2, max: 6 }).chain((k) => fc.array(fc.double({ min: -300, max: 300, noNaN: true }), { minLength: k, maxLength: k }));

  it('construction succeeds for alpha from 1e-300 to 1e300; theta, eta, entropy finite; eta round trip', () => {
    fc.assert(
      fc.property(arbAlpha, (logs) => {
        const p = dirichlet(logs.map((l) => 10 ** l));
        expect(p.eta.every(Number.isFinite) && Number.isFinite(p.entropy())).toBe(true);
        expect(p.family.isExpectationValid(p.eta)).toBe(true);
        const back = thetaFromEta(p.family, p.eta);
        expect(back.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
        const eta2 = p.family.gradLogPartition(back, new Float64Array(back.length));
        for (let i = 0; i < back.length; i++) expect(Math.abs(eta2[i] - p.eta[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.eta[i])));
        expect(kl(p, p)).toBe(0);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('KL >= 0 and finite for alpha, beta from 1e-150 to 1e150 (where the true KL is below ~1e300)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.array(fc.double({ min: -150, max: 150, noNaN: true }), { minLength: 10, maxLength: 10 }), (k, logs) => {
        const p = dirichlet(logs.slice(0, k).map((l) => 10 ** l));
        const q = dirichlet(logs.slice(5, 5 + k).map((l) => 10 ** l));
        const v = kl(p, q);
        expect(Number.isFinite(v) && v >= 0).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
