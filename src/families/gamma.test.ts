import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bregmanGammaShape, gamma, gammaFamily, gammaShapeFromGap, logMinusDigamma } from './gamma.js';
import { familyBattery } from './battery.testutil.js';
import { dualPotentialGeneric, entropyGeneric, etaFromTheta, klBregman, thetaFromEta } from './derive.js';
import { digamma, lgamma } from '../special/index.js';
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
const REF = JSON.parse(readFileSync(new URL('./__fixtures__/continuous.json', import.meta.url), 'utf8')).gamma as {
  cases: RefCase[];
  kl: RefPair[];
};

const EPS = 2.220446049250313e-16;
// mpmath (40 digits) reference rounded once; measured worst 4.4e-16 (log-density), 6.8e-16 (KL).
const REF_TOL = 4e-15;
/** Source parameters are rounded once into theta; for a pair at relative distance delta that moves
 *  KL ~ delta^2 by ~eps * delta, i.e. eps / delta relative (the Bregman form loses far more). */
const klTol = (p: number[], q: number[]): number => {
  const delta = Math.max(...p.map((v, i) => Math.abs(q[i] - v) / Math.abs(v)));
  return Math.max(REF_TOL, (8 * EPS) / delta);
};
const rel = (a: number, b: number, scale = Math.abs(b)): number => Math.abs(a - b) / Math.max(scale, 1e-300);

familyBattery('gamma', {
  // Shapes below ~0.1 put mass below the smallest double (gamma(1e-3, 1) has 47% of its mass
  // under 5e-324), so expectations in x cannot be integrated: those shapes are tested below
  // against mpmath integrals in log x instead.
  cases: () => [gamma(2, 3), gamma(0.5, 1), gamma(1, 1), gamma(0.1, 10), gamma(50, 0.1), gamma(7.5, 1e-50)],
  support: { kind: 'continuous', lo: 0, hi: Infinity },
});

familyBattery('gamma (large shape: narrow peaks)', {
  cases: () => [gamma(1e8, 1e8), gamma(1e6, 1), gamma(3e4, 2e-3)],
  // The battery maps (0, inf) with the mean at t = 1/2 and cannot find a peak of relative width
  // 1e-4; the two-sided map centres on the mean with the standard deviation as scale. The
  // log-density is -Infinity (weight 0) for x <= 0, so the integrals are the same.
  support: { kind: 'continuous', lo: -Infinity, hi: Infinity },
  // The battery differentiates eta along theta_1 = shape = 1e8 with a step of ~5e-4, which the
  // shifted point rounds by up to ulp(1e8)/2 = 7.5e-9, i.e. 1.5e-5 relative to the step.
  tol: { hess: 1e-4 },
});

describe('gamma', () => {
  it('has theta = (shape, -rate), eta = (psi(shape) - log rate, shape / rate), params { shape, rate }', () => {
    const p = gamma(2, 3);
    expect(Array.from(p.theta)).toEqual([2, -3]);
    expect(p.params).toEqual({ shape: 2, rate: 3 });
    expect(rel(p.eta[0], digamma(2) - Math.log(3))).toBeLessThanOrEqual(4 * EPS);
    expect(p.eta[1]).toBe(2 / 3);
    expect(p.mean()).toBe(2 / 3);
    expect(p.variance()).toBe(2 / 9);
  });

  it('matches the mpmath/scipy reference values (log-density, mean, variance, entropy)', () => {
    for (const c of REF.cases) {
      const p = gamma(c.params[0], c.params[1]);
      for (const [x, v] of c.logpdf) expect(rel(p.logDensity(x), v, Math.max(1, Math.abs(v)))).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.mean() as number, c.mean!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.variance() as number, c.variance!)).toBeLessThanOrEqual(REF_TOL);
      expect(rel(p.entropy(), c.entropy, Math.max(1, Math.abs(c.entropy)))).toBeLessThanOrEqual(REF_TOL);
    }
  });

  it('matches KL(p || q) integrated by mpmath quadrature, down to KL = 2.5e-13 at shape 1e8', () => {
    for (const { p, q, kl } of REF.kl) {
      const d = gammaFamily.kl!(gamma(p[0], p[1]).theta, gamma(q[0], q[1]).theta);
      expect(rel(d, kl)).toBeLessThanOrEqual(klTol(p, q));
    }
  });

  it('the Bregman form loses the KL between nearby equal-mean gammas of large shape; the closed form does not', () => {
    const pair = REF.kl.find((r) => r.p[0] === 1e8 && r.q[1] !== 1e8)!;
    const [p, q] = [gamma(pair.p[0], pair.p[1]), gamma(pair.q[0], pair.q[1])];
    expect(pair.kl).toBeLessThan(1e-12);
    expect(rel(gammaFamily.kl!(p.theta, q.theta), pair.kl)).toBeLessThanOrEqual(1e-8);
    expect(rel(klBregman(gammaFamily, p.theta, q.theta), pair.kl)).toBeGreaterThan(1e-2);
  });

  it('closed-form KL, entropy and F* agree with the generic derivation at small shapes (1e-6, 1e-3)', () => {
    for (const [a, b] of [[1e-3, 1], [1e-6, 1e-6], [1e-3, 2e3]]) {
      const p = gamma(a, b);
      const h = p.entropy();
      expect(rel(h, entropyGeneric(gammaFamily, p.theta), Math.max(1, Math.abs(h)))).toBeLessThanOrEqual(1e-12);
      const fs = gammaFamily.dualPotential!(p.eta);
      expect(rel(fs, dualPotentialGeneric(gammaFamily, p.eta), Math.max(1, Math.abs(fs)))).toBeLessThanOrEqual(1e-12);
      const q = gamma(2 * a, b / 3);
      const k = gammaFamily.kl!(p.theta, q.theta);
      expect(rel(k, klBregman(gammaFamily, p.theta, q.theta))).toBeLessThanOrEqual(1e-12);
    }
  });

  it('grad F and the inverse map are right at small shapes, where the battery cannot integrate', () => {
    for (const [a, b] of [[1e-3, 1], [1e-6, 1e-6], [0.02, 5]]) {
      const p = gamma(a, b);
      // Richardson-extrapolated central differences of F in each coordinate: truncation
      // O((h / theta)^4), rounding ~eps |F| / h (F ~ 14 against theta_2 eta_2 ~ 1e-6 for 1e-6, 1e-6).
      for (let i = 0; i < 2; i++) {
        const h = 1e-3 * Math.abs(p.theta[i]);
        const at = (d: number): number => {
          const t = Float64Array.from(p.theta);
          t[i] += d;
          return gammaFamily.logPartition(t);
        };
        const d1 = (at(h) - at(-h)) / (2 * h);
        const d2 = (at(2 * h) - at(-2 * h)) / (4 * h);
        const bound = 1e-9 * Math.abs(p.eta[i]) + (10 * EPS * Math.max(1, Math.abs(gammaFamily.logPartition(p.theta)))) / h;
        expect(Math.abs((4 * d1 - d2) / 3 - p.eta[i])).toBeLessThanOrEqual(bound);
      }
      const back = thetaFromEta(gammaFamily, p.eta);
      expect(rel(back[0], a)).toBeLessThanOrEqual(1e-13);
      expect(rel(-back[1], b)).toBeLessThanOrEqual(1e-13);
    }
  });

  it('solves log a - psi(a) = s to float64 precision for shapes from 1e-300 to 1e300', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), (l) => {
        const a = 10 ** l;
        const s = logMinusDigamma(a);
        expect(s).toBeGreaterThan(0);
        // d log a / d log s is about -1 everywhere, so a inherits the accuracy of s (~1e-15).
        expect(rel(gammaShapeFromGap(s), a)).toBeLessThanOrEqual(1e-14);
      }),
      { seed: 7, numRuns: 200 },
    );
    expect(gammaShapeFromGap(0)).toBeNaN();
    expect(gammaShapeFromGap(-1)).toBeNaN();
  });

  it('logMinusDigamma is continuous across its switch to the asymptotic series at 10', () => {
    for (const a of [9.999999, 10, 10.000001]) expect(rel(logMinusDigamma(a), Math.log(a) - digamma(a))).toBeLessThanOrEqual(5e-14);
  });

  it('bregmanGammaShape is B_G with G = log Gamma(a) - a log a + a, also across the shift at 10', () => {
    const g = (a: number): number => lgamma(a) - a * Math.log(a) + a;
    const gp = (a: number): number => digamma(a) - Math.log(a);
    for (const [x, y] of [[3, 0.5], [0.5, 3], [12, 40], [9, 11], [1e-3, 2]]) {
      const direct = g(x) - g(y) - gp(y) * (x - y);
      expect(rel(bregmanGammaShape(x, y), direct)).toBeLessThanOrEqual(1e-12);
    }
    // Nearby: the second-order term (psi'(y) - 1/y) d^2 / 2 dominates.
    const [y, d] = [2.5, 1e-6];
    const psi1 = 0.4903577561002349; // trigamma(2.5)
    const psi2 = -0.236204051641727; // tetragamma(2.5) (mpmath); only its first digits matter here
    const series = ((psi1 - 1 / y) * d * d) / 2 + ((psi2 + 1 / (y * y)) * d * d * d) / 6;
    expect(rel(bregmanGammaShape(y + d, y), series)).toBeLessThanOrEqual(1e-8);
  });

  it('rejects invalid arguments with an InfogeoError naming the parameter, value and domain', () => {
    const bad: [number, number, string][] = [
      [0, 1, 'shape'],
      [-2, 1, 'shape'],
      [Number.NaN, 1, 'shape'],
      [Infinity, 1, 'shape'],
      [1, 0, 'rate'],
      [1, -1, 'rate'],
      [1, Number.NaN, 'rate'],
      [1, Infinity, 'rate'],
      [1e300, 1e-300, 'rate'], // mean shape/rate overflows
      [1e-300, 1e300, 'rate'], // mean underflows to 0
    ];
    for (const [a, b, param] of bad) {
      try {
        gamma(a, b);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InfogeoError);
        expect((e as InfogeoError).param).toBe(param);
        const value = param === 'shape' ? a : b;
        expect((e as Error).message).toContain(`${param} = ${String(value)}`);
        expect((e as Error).message).toMatch(/expected a finite number > 0/);
      }
    }
    expect(() => gamma('2' as unknown as number, 1)).toThrow(InfogeoError);
  });

  it('is valid and finite, with round trips, over shapes and rates from 1e-300 to 1e300 (property)', () => {
    const logParam = fc.double({ min: -300, max: 300, noNaN: true });
    fc.assert(
      fc.property(logParam, logParam, logParam, logParam, (la, lb, la2, lb2) => {
        fc.pre(Math.abs(la - lb) < 300 && Math.abs(la2 - lb2) < 300); // the mean a/b must be a double
        const [a, b] = [10 ** la, 10 ** lb];
        const p = gamma(a, b);
        const q = gamma(10 ** la2, 10 ** lb2);
        const eta = etaFromTheta(gammaFamily, p.theta);
        expect(Number.isFinite(eta[0]) && Number.isFinite(eta[1])).toBe(true);
        expect(p.params).toEqual({ shape: a, rate: b });
        expect(Number.isFinite(p.entropy())).toBe(true);
        // eta -> theta: the gap s = log eta_2 - eta_1 carries an absolute error ~eps (|log eta_2| + |eta_1|).
        const s = Math.log(eta[1]) - eta[0];
        const cond = 1 + (Math.abs(Math.log(eta[1])) + Math.abs(eta[0])) / s;
        // For shape >~ 1e14 (rate 1) s falls below the rounding of eta_1 and eta sits numerically on
        // the boundary eta_1 = log eta_2 of the expectation space: no round trip is possible there.
        if (16 * EPS * cond < 1e-3) {
          const back = thetaFromEta(gammaFamily, eta);
          expect(rel(back[0], a)).toBeLessThanOrEqual(Math.max(1e-14, 16 * EPS * cond));
        }
        const d = gammaFamily.kl!(p.theta, q.theta);
        expect(d).toBeGreaterThanOrEqual(0);
        // KL ~ shape_q * (mean ratio) can exceed float64 only for very distant pairs.
        if (Math.max(Math.abs(la), Math.abs(lb), Math.abs(la2), Math.abs(lb2)) < 50) expect(Number.isFinite(d)).toBe(true);
        else expect(Number.isNaN(d)).toBe(false);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
