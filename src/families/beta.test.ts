import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beta, betaFamily, digammaDiff, inverseDigamma, trigammaDiff } from './beta.js';
import { familyBattery } from './battery.testutil.js';
import { entropyGeneric, etaFromTheta, fisherExpectation, klBregman, thetaFromEta } from './derive.js';
import { digamma, trigamma } from '../special/index.js';
import { InfogeoError } from '../errors.js';

interface RefCase {
  params: number[];
  logpdf: [number, number][];
  mean: number | null;
  variance: number | null;
  entropy: number;
}
interface RefPair {
  p: number[];
  q: number[];
  kl: number;
}
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).beta as {
  cases: RefCase[];
  kl: RefPair[];
};

const EPS = 2.220446049250313e-16;
// mpmath (40 digits) reference rounded once; measured worst 4e-16 (log-density, entropy), 1.4e-14 (KL).
const REF_TOL = 4e-14;
/** Source parameters are rounded once into theta... here theta = (a, b) exactly, so only the
 *  evaluation rounds; a relative-distance allowance is kept for symmetry with the other families. */
const klTol = (p: number[], q: number[]): number => {
  const delta = Math.max(...p.map((v, i) => Math.abs(q[i] - v) / Math.abs(v)));
  return Math.max(REF_TOL, (8 * EPS) / delta);
};
const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('beta', {
  // Parameters below ~0.2 put mass within an ulp of 0 or 1 (beta(1e-3, 1e-3) has about half of it
  // below 5e-324 and half within 1.1e-16 of 1), where no double can sample the density: those are
  // tested below against mpmath integrals in logit x.
  cases: () => [beta(2, 3), beta(0.5, 2), beta(1, 1), beta(30, 1.5), beta(3, 0.9), beta(0.3, 1.2)],
  support: { kind: 'continuous', lo: 0, hi: 1 },
});

familyBattery('beta (large parameters: narrow peaks)', {
  cases: () => [beta(1e6, 2), beta(1e6, 1e6), beta(2e3, 5e4)],
  // The battery integrates (0, 1) in x with a single breakpoint at the mean and misses a peak of
  // width 1e-6 there; the two-sided map centres on the mean with the standard deviation as scale.
  // The log-density is -Infinity (weight 0) outside (0, 1), so the integrals are the same.
  support: { kind: 'continuous', lo: -Infinity, hi: Infinity },
});

describe('beta', () => {
  it('has theta = (a, b), eta = (psi(a) - psi(a+b), psi(b) - psi(a+b)), params { a, b }', () => {
    const p = beta(2, 3);
    expect(Array.from(p.theta)).toEqual([2, 3]);
    expect(p.params).toEqual({ a: 2, b: 3 });
    // psi(2) - psi(5) = -(1/2 + 1/3 + 1/4), psi(3) - psi(5) = -(1/3 + 1/4)
    expect(rel(p.eta[0], -(1 / 2 + 1 / 3 + 1 / 4))).toBeLessThanOrEqual(4 * EPS);
    expect(rel(p.eta[1], -(1 / 3 + 1 / 4))).toBeLessThanOrEqual(4 * EPS);
    expect(p.mean()).toBe(0.4);
    expect(rel(p.variance() as number, 6 / (25 * 6))).toBeLessThanOrEqual(2 * EPS);
  });

  it('matches the mpmath/scipy reference values (log-density, mean, variance, entropy)', () => {
    for (const c of REF.cases) {
      const p = beta(c.params[0], c.params[1]);
      for (const [x, v] of c.logpdf) expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.mean() as number, c.mean!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.variance() as number, c.variance!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, including nearby pairs at a = b = 1e6', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = betaFamily.kl!(beta(p[0], p[1]).theta, beta(q[0], q[1]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(klTol(p, q));
    }
    const near = REF.kl.find((r) => r.p[0] === 1e6 && r.p[1] === 1e6)!;
    expect(near.kl).toBeLessThan(1e-12);
    // The Bregman form of log B(a, b) ~ -1.4e6 cannot resolve a KL of 2.5e-13.
    expect(rel(klBregman(betaFamily, beta(near.p[0], near.p[1]).theta, beta(near.q[0], near.q[1]).theta), near.kl)).toBeGreaterThan(1e-3);
  });

  it('the entropy closed form agrees with the generic form where that is accurate', () => {
    for (const [a, b] of [[2, 3], [0.5, 0.5], [1e-3, 1e-3], [12, 3], [3, 12], [15, 40]]) {
      const p = beta(a, b);
      expect(rel(p.entropy(), entropyGeneric(betaFamily, p.theta), Math.max(1, Math.abs(p.entropy())))).toBeLessThanOrEqual(1e-13);
    }
  });

  it('digammaDiff and trigammaDiff have no cancellation (mpmath values)', () => {
    expect(rel(digammaDiff(1e6, 2), -1.999999000000999999e-6)).toBeLessThanOrEqual(4 * EPS);
    expect(rel(digammaDiff(5, 1.0000000000000000364e-10), -2.2132295573467584681e-11)).toBeLessThanOrEqual(1e-14);
    expect(rel(digammaDiff(1e-3, 1e6), -1014.3910819907744709)).toBeLessThanOrEqual(4 * EPS);
    expect(rel(trigammaDiff(1e6, 2), 1.999998000002999996e-12)).toBeLessThanOrEqual(4 * EPS);
    expect(rel(trigammaDiff(3, 1.0000000000000000623e-9), 1.5411380625971887929e-10)).toBeLessThanOrEqual(1e-14);
    // Where nothing cancels they are the plain differences.
    for (const [a, c] of [[0.3, 2], [7, 0.5], [25, 100]]) {
      expect(rel(digammaDiff(a, c), digamma(a) - digamma(a + c))).toBeLessThanOrEqual(1e-14);
      expect(rel(trigammaDiff(a, c), trigamma(a) - trigamma(a + c))).toBeLessThanOrEqual(1e-13);
    }
  });

  it('inverseDigamma inverts digamma from 1e-300 to 1e300', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), (l) => {
        const x = 10 ** l;
        const y = digamma(x);
        // y is rounded by ~eps |y|; x psi'(x) >= 1 turns that into <= eps |y| relative in x.
        expect(rel(inverseDigamma(y), x)).toBeLessThanOrEqual(8 * EPS * Math.max(1, Math.abs(y)));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('inverts eta -> theta to float64 precision (times the condition number) for a, b in [1e-3, 1e6]', () => {
    const logParam = fc.double({ min: -3, max: 6, noNaN: true });
    fc.assert(
      fc.property(logParam, logParam, (la, lb) => {
        const p = beta(10 ** la, 10 ** lb);
        const eta = etaFromTheta(betaFamily, p.theta);
        const ginv = fisherExpectation(betaFamily, p.theta);
        const normG = Math.max(Math.abs(ginv[0]) + Math.abs(ginv[1]), Math.abs(ginv[2]) + Math.abs(ginv[3]));
        const cond = (normG * Math.max(Math.abs(eta[0]), Math.abs(eta[1]))) / Math.max(p.theta[0], p.theta[1]);
        const back = thetaFromEta(betaFamily, eta);
        const err = Math.max(Math.abs(back[0] - p.theta[0]), Math.abs(back[1] - p.theta[1])) / Math.max(p.theta[0], p.theta[1]);
        expect(err).toBeLessThanOrEqual(Math.max(1e-13, 32 * EPS * cond));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('grad F and the inverse map are right at a, b = 1e-3, where the battery cannot integrate', () => {
    for (const [a, b] of [[1e-3, 1e-3], [1e-3, 1e6], [0.01, 0.05]]) {
      const p = beta(a, b);
      for (let i = 0; i < 2; i++) {
        const h = 1e-3 * p.theta[i];
        const at = (d: number): number => {
          const t = Float64Array.from(p.theta);
          t[i] += d;
          return betaFamily.logPartition(t);
        };
        const d1 = (at(h) - at(-h)) / (2 * h);
        const d2 = (at(2 * h) - at(-2 * h)) / (4 * h);
        // truncation O((h/theta)^4), rounding ~eps |F| / h
        const bound = 1e-9 * Math.abs(p.eta[i]) + (10 * EPS * Math.max(1, Math.abs(betaFamily.logPartition(p.theta)))) / h;
        expect(Math.abs((4 * d1 - d2) / 3 - p.eta[i])).toBeLessThanOrEqual(bound);
      }
      const back = thetaFromEta(betaFamily, p.eta);
      expect(rel(back[0], a)).toBeLessThanOrEqual(1e-12);
      expect(rel(back[1], b)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('rejects invalid arguments with an InfogeoError naming the parameter, value and domain', () => {
    const bad: [number, number, string][] = [
      [0, 1, 'a'],
      [-1, 1, 'a'],
      [Number.NaN, 1, 'a'],
      [Infinity, 1, 'a'],
      [1, 0, 'b'],
      [1, -0.5, 'b'],
      [1, Number.NaN, 'b'],
      [1, -Infinity, 'b'],
    ];
    for (const [a, b, param] of bad) {
      try {
        beta(a, b);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe(param);
        expect((e as Error).message).toContain(`${param} = ${String(param === 'a' ? a : b)}`);
        expect((e as Error).message).toMatch(/expected a finite number > 0/);
      }
    }
    expect(() => beta(1, null as unknown as number)).toThrow(InfogeoError);
    expect(betaFamily.isExpectationValid(Float64Array.of(Math.log(0.5), Math.log(0.5)))).toBe(false); // e^e1 + e^e2 = 1
    expect(betaFamily.isExpectationValid(Float64Array.of(-1, -1))).toBe(true);
  });

  it('is valid and finite over a, b from 1e-300 to 1e300 (property)', () => {
    const logParam = fc.double({ min: -300, max: 300, noNaN: true });
    fc.assert(
      fc.property(logParam, logParam, logParam, logParam, (la, lb, la2, lb2) => {
        const p = beta(10 ** la, 10 ** lb);
        const q = beta(10 ** la2, 10 ** lb2);
        const eta = etaFromTheta(betaFamily, p.theta);
        expect(Number.isFinite(eta[0]) && Number.isFinite(eta[1])).toBe(true);
        expect(eta[0]).toBeLessThanOrEqual(0);
        expect(eta[1]).toBeLessThanOrEqual(0);
        expect(Number.isFinite(p.entropy())).toBe(true);
        const d = betaFamily.kl!(p.theta, q.theta);
        expect(d).toBeGreaterThanOrEqual(0);
        if (Math.max(Math.abs(la), Math.abs(lb), Math.abs(la2), Math.abs(lb2)) < 100) expect(Number.isFinite(d)).toBe(true);
        else expect(Number.isNaN(d)).toBe(false);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
