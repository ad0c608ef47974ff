import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulli, categorical, exponential, normal, poisson } from '../families/index.js';
import { InfogeoError } from '../errors.js';
import { alphaDivergence, bhattacharyya, bhattacharyyaCoefficient, hellinger, kl, renyi } from './index.js';
import { allPairs, PAIR_NAMES, pair } from './pairs.testutil.js';
import type { Distribution } from '../families/distribution.js';

/** Var_p[log p/q] = (theta_p - theta_q)' Hess F(theta_p) (theta_p - theta_q): J''(1). */
function varLogRatio(p: Distribution<unknown>, q: Distribution<unknown>): number {
  const f = p.family;
  const n = f.dim;
  const h = f.hessLogPartition(p.theta, new Float64Array(n * n));
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += (p.theta[i] - q.theta[i]) * h[i * n + j] * (p.theta[j] - q.theta[j]);
  return s;
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('alphaDivergence: limits alpha -> -1 (KL) and alpha -> +1 (reverse KL)', () => {
  for (const name of PAIR_NAMES) {
    it(`${name}: exact at +-1, first-order expansion at +-(1 - 1e-3) and +-(1 - 1e-6)`, () => {
      const { p, q } = pair(name);
      expect(alphaDivergence(p, q, -1)).toBe(kl(p, q));
      expect(alphaDivergence(p, q, 1)).toBe(kl(q, p));
      // D_alpha = K + eps (K - (V + K^2) / 2) + O(eps^2), eps = (1 + alpha) / 2, K = KL(p||q),
      // V = Var_p[log p/q]; mirrored for alpha -> +1. The O(eps^2) remainder bounds the error:
      // at eps = 5e-7 any cancellation in evaluating 1 - int p^(1-eps) q^eps would show as
      // eps_machine / eps ~ 4e-10 relative, far above the 1e-12 allowed.
      for (const [sign, a, b] of [[-1, p, q], [1, q, p]] as const) {
        const K = kl(a, b);
        const V = varLogRatio(a, b);
        const c1 = K - (V + K * K) / 2;
        const scale = 1 + K + V;
        for (const delta of [1e-3, 1e-6]) {
          const alpha = sign * (1 - delta);
          const eps = delta / 2;
          const d = alphaDivergence(p, q, alpha);
          const tol = 4 * eps * eps * scale ** 3 + 1e-13 * K + 1e-300;
          expect(Math.abs(d - (K + eps * c1)), `alpha = ${alpha}`).toBeLessThanOrEqual(tol);
        }
      }
    });
  }
});

describe('alphaDivergence: alpha = 0 is 4 (1 - BC) = 4 H^2, and duality', () => {
  for (const { name, p, q } of allPairs()) {
    it(name, () => {
      const d0 = alphaDivergence(p, q, 0);
      // 1 - BC in float64 carries an absolute rounding error of ~1e-16 (it cancels when p ~ q)
      expect(Math.abs(d0 - 4 * (1 - bhattacharyyaCoefficient(p, q)))).toBeLessThan(1e-12 * d0 + 1e-15);
      expect(rel(d0, 4 * hellinger(p, q) ** 2)).toBeLessThan(1e-13);
      for (const a of [-3, -0.5, 0.3, 0.99, 2]) {
        const x = alphaDivergence(p, q, a);
        const y = alphaDivergence(q, p, -a);
        if (x === Infinity || y === Infinity) expect(x).toBe(y);
        else expect(rel(x, y)).toBeLessThan(1e-12);
        expect(x).toBeGreaterThanOrEqual(0);
      }
    });
  }
});

describe('alphaDivergence: zero at p = q, positive otherwise (seeded properties)', () => {
  const params = fc.record({
    m1: fc.double({ min: -5, max: 5, noNaN: true }),
    s1: fc.double({ min: 0.05, max: 5, noNaN: true }),
    m2: fc.double({ min: -5, max: 5, noNaN: true }),
    s2: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: -4, max: 4, noNaN: true }),
  });
  it('normal: D(p : p) = 0, D(p : q) >= 0 (or +Infinity), duality', () => {
    fc.assert(
      fc.property(params, ({ m1, s1, m2, s2, alpha }) => {
        const p = normal(m1, s1);
        const q = normal(m2, s2);
        expect(alphaDivergence(p, p, alpha)).toBe(0);
        const d = alphaDivergence(p, q, alpha);
        expect(Number.isNaN(d)).toBe(false);
        expect(d).toBeGreaterThanOrEqual(0);
        const e = alphaDivergence(q, p, -alpha);
        if (d === Infinity) expect(e).toBe(Infinity);
        else expect(Math.abs(d - e)).toBeLessThanOrEqual(1e-11 * Math.max(1, d));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
  it('bernoulli over (1e-12, 1 - 1e-12): finite, non-negative, matches the two-point sum', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
        fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
        fc.double({ min: -0.999, max: 0.999, noNaN: true }),
        (a, b, alpha) => {
          const d = alphaDivergence(bernoulli(a), bernoulli(b), alpha);
          const [wp, wq] = [(1 - alpha) / 2, (1 + alpha) / 2];
          const integral = Math.exp(wp * Math.log(a) + wq * Math.log(b)) + Math.exp(wp * Math.log1p(-a) + wq * Math.log1p(-b));
          const naive = (4 / (1 - alpha * alpha)) * (1 - integral);
          // the naive sum cancels: compare with its rounding error, 1e-15 / (1 - alpha^2) absolute
          expect(Math.abs(d - naive)).toBeLessThanOrEqual(1e-12 * Math.max(d, 1) + 1e-14 / (1 - alpha * alpha));
          expect(d).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('renyi', () => {
  it('matches the normal closed form (Gil, Alajaji and Linder 2013)', () => {
    const cases: [number, number, number, number, number][] = [
      [0, 1, 1, 2, 0.5],
      [0, 1, 1, 2, 1.5],
      [0.3, 0.7, -0.2, 0.9, 2],
      [0, 1, 3, 1, 4],
      [2, 0.5, 2.1, 0.45, 0.2],
    ];
    for (const [m1, s1, m2, s2, a] of cases) {
      const va = a * s2 * s2 + (1 - a) * s1 * s1;
      const exact = Math.log(s2 / s1) + Math.log((s2 * s2) / va) / (2 * (a - 1)) + (a * (m1 - m2) ** 2) / (2 * va);
      expect(rel(renyi(normal(m1, s1), normal(m2, s2), a), exact)).toBeLessThan(1e-13);
    }
  });

  it('matches the poisson and exponential closed forms', () => {
    for (const [l1, l2, a] of [[3, 5, 0.5], [3, 5, 2], [0.1, 20, 3], [40, 41, 0.9]]) {
      const t = Math.exp(a * Math.log(l1) + (1 - a) * Math.log(l2));
      const exact = (t - a * l1 - (1 - a) * l2) / (a - 1);
      // the reference cancels: its own rounding error is ~eps times the terms over the result
      const refErr = (4e-16 * (t + Math.abs(a * l1) + Math.abs((1 - a) * l2))) / Math.abs((a - 1) * exact);
      expect(rel(renyi(poisson(l1), poisson(l2), a), exact)).toBeLessThan(1e-13 + refErr);
    }
    for (const [l1, l2, a] of [[1, 3, 0.5], [1, 3, 1.4], [0.2, 0.25, 4]]) {
      const exact = (a * Math.log(l1) + (1 - a) * Math.log(l2) - Math.log(a * l1 + (1 - a) * l2)) / (a - 1);
      expect(rel(renyi(exponential(l1), exponential(l2), a), exact)).toBeLessThan(1e-12);
    }
    // order 3 between rates 1 and 3: 3 - 2 (3) < 0, the integral diverges; order 5 between
    // 0.5 and 0.625 sits exactly on the boundary (5 (0.5) - 4 (0.625) = 0): int 1 dx diverges too
    expect(renyi(exponential(1), exponential(3), 3)).toBe(Infinity);
    expect(renyi(exponential(0.5), exponential(0.625), 5)).toBe(Infinity);
  });

  it('order 1 is KL exactly; near 1 it follows KL + (order - 1) V / 2', () => {
    for (const { name, p, q } of allPairs()) {
      expect(renyi(p, q, 1), name).toBe(kl(p, q));
      const K = kl(p, q);
      const V = varLogRatio(p, q);
      for (const d of [1e-3, -1e-3, 1e-6, -1e-6]) {
        const r = renyi(p, q, 1 + d);
        // D'(1) = Var_p[log p/q] / 2 (van Erven and Harremoes 2014, sec. V)
        expect(Math.abs(r - (K + (d * V) / 2)), `${name}, order 1 + ${d}`).toBeLessThanOrEqual(2 * d * d * (1 + K + V) ** 3 + 1e-13 * K);
      }
    }
  });

  it('is non-decreasing in the order and D_1/2 = 2 B', () => {
    const orders = [0.05, 0.2, 0.5, 0.8, 0.999, 1, 1.001, 1.5, 2, 3];
    for (const { name, p, q } of allPairs()) {
      let prev = 0;
      for (const o of orders) {
        const r = renyi(p, q, o);
        expect(r, `${name}, order ${o}`).toBeGreaterThanOrEqual(prev * (1 - 1e-12));
        prev = r;
      }
      expect(rel(renyi(p, q, 0.5), 2 * bhattacharyya(p, q)), name).toBeLessThan(1e-13);
    }
  });

  it('is non-decreasing in the order (seeded property, normals)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 4, noNaN: true }),
        fc.double({ min: 0.01, max: 4, noNaN: true }),
        (m, s, o1, o2) => {
          const p = normal(0, 1);
          const q = normal(m, s);
          const [lo, hi] = o1 < o2 ? [o1, o2] : [o2, o1];
          return renyi(p, q, lo) <= renyi(p, q, hi) * (1 + 1e-12) + 1e-300;
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('validation', () => {
  const p = normal(0, 1);
  it('rejects different families, naming q', () => {
    for (const f of [() => alphaDivergence(p, bernoulli(0.5), 0.5), () => renyi(p, categorical([0.5, 0.5]), 2)]) {
      expect(f).toThrow(InfogeoError);
      try {
        f();
      } catch (e) {
        expect((e as InfogeoError).param).toBe('q');
      }
    }
    expect(() => alphaDivergence({} as Distribution<unknown>, p, 0)).toThrow(InfogeoError);
  });
  it('rejects alpha and order outside their domains', () => {
    for (const a of [NaN, Infinity, -Infinity, '0' as unknown as number]) expect(() => alphaDivergence(p, p, a)).toThrow(InfogeoError);
    for (const o of [0, -1, NaN, Infinity]) expect(() => renyi(p, p, o)).toThrow(InfogeoError);
  });
  it('throws, not NaN or Infinity, when a finite value overflows float64', () => {
    // int p^-1 q^2 = e^(1e6 / 2 ...) for two Poissons with rates 1e-3 and 50: finite, > 1e308
    expect(() => alphaDivergence(poisson(1e-3), poisson(50), 3)).toThrow(InfogeoError);
  });
});
