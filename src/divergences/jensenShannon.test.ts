import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulli, categorical, diagNormal, multinomial, normal, poisson } from '../families/index.js';
import type { Distribution } from '../families/distribution.js';
import { InfogeoError } from '../errors.js';
import { integrate } from '../numeric/quadrature.js';
import { lgamma } from '../special/index.js';
import { rng } from '../random/rng.js';
import { hellinger, jeffreys, jensenShannon, jensenShannonEstimate } from './index.js';
import { allPairs } from './pairs.testutil.js';
import { multinomial3Dist, pairNormalDist } from './testFamilies.testutil.js';

const LN2 = Math.LN2;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
/** (1/2) p log(2p / (p + q)) + (1/2) q log(2q / (p + q)) for two probabilities (masses or densities). */
const jsTerm = (p: number, q: number): number => (p > 0 ? 0.5 * p * Math.log((2 * p) / (p + q)) : 0) + (q > 0 ? 0.5 * q * Math.log((2 * q) / (p + q)) : 0);

/** JS of two products of independent normals, by nested quadrature (reference for Monte Carlo). */
function jsProductNormals(a: [number, number, number, number], b: [number, number, number, number]): number {
  const pdf = (x: number, m: number, s: number): number => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
  const opts = (m1: number, m2: number, s: number) => ({ center: 0.5 * (m1 + m2), scale: s, breakpoints: [m1, m2], relTol: 1e-11 });
  return integrate(
    (x) =>
      integrate((y) => jsTerm(pdf(x, a[0], a[1]) * pdf(y, a[2], a[3]), pdf(x, b[0], b[1]) * pdf(y, b[2], b[3])), -Infinity, Infinity, opts(a[2], b[2], Math.max(a[3], b[3]))).value,
    -Infinity,
    Infinity,
    opts(a[0], b[0], Math.max(a[1], b[1])),
  ).value;
}

describe('exact sums', () => {
  it('bernoulli: JS = H(m) - (H(p) + H(q)) / 2', () => {
    const h = (x: number): number => -(x * Math.log(x) + (1 - x) * Math.log1p(-x));
    for (const [a, b] of [[0.1, 0.9], [0.3, 0.6], [0.01, 0.02], [0.5, 0.75]]) {
      const e = jensenShannonEstimate(bernoulli(a), bernoulli(b));
      expect(e.method).toBe('exact');
      expect(rel(e.value, h((a + b) / 2) - (h(a) + h(b)) / 2)).toBeLessThan(1e-12);
    }
  });

  it('categorical: the direct sum', () => {
    const a = [0.2, 0.3, 0.5];
    const b = [0.5, 0.25, 0.25];
    const exact = a.reduce((s, x, i) => s + jsTerm(x, b[i]), 0);
    expect(rel(jensenShannon(categorical(a), categorical(b)), exact)).toBeLessThan(1e-14);
  });

  it('multinomial (count vectors enumerated): the direct sum over outcomes', () => {
    const [n, a, b] = [4, [0.2, 0.3, 0.5], [0.4, 0.4, 0.2]];
    const pmf = (x: number[], pr: number[]): number =>
      Math.exp(lgamma(n + 1) + x.reduce((s, c, i) => s + c * Math.log(pr[i]) - lgamma(c + 1), 0));
    let exact = 0;
    for (let i = 0; i <= n; i++) for (let j = 0; i + j <= n; j++) exact += jsTerm(pmf([i, j, n - i - j], a), pmf([i, j, n - i - j], b));
    const e = jensenShannonEstimate(multinomial(n, a), multinomial(n, b));
    expect(e.method).toBe('exact');
    expect(rel(e.value, exact)).toBeLessThan(1e-13);
    // the same through a test-only family whose observations are full count vectors
    const t = jensenShannonEstimate(multinomial3Dist([0.2, 0.3, 0.5]), multinomial3Dist([0.4, 0.4, 0.2]));
    expect(t.method).toBe('exact');
    let exact3 = 0;
    for (let i = 0; i <= 3; i++) for (let j = 0; i + j <= 3; j++) {
      const x = [i, j, 3 - i - j];
      const pm = (pr: number[]): number => Math.exp(lgamma(4) + x.reduce((s, c, k) => s + c * Math.log(pr[k]) - lgamma(c + 1), 0));
      exact3 += jsTerm(pm(a), pm(b));
    }
    expect(rel(t.value, exact3)).toBeLessThan(1e-13);
  });
});

describe('quadrature', () => {
  it('normal: JS(N(0, 1), N(d, 1)) = d^2 / 8 - d^4 / 128 + ..., no cancellation as d -> 0', () => {
    // JS ~ (1/8) Fisher d^2 with Fisher = 1; the quartic term is below 1e-13 relative for d <= 1e-5
    for (const d of [1e-5, 1e-7]) {
      const e = jensenShannonEstimate(normal(0, 1), normal(d, 1));
      expect(e.method).toBe('quadrature');
      expect(rel(e.value, (d * d) / 8)).toBeLessThan(1e-9);
    }
  });
});

describe('Monte Carlo (vector continuous families)', () => {
  const a: [number, number, number, number] = [0, 1, 1, 2];
  const b: [number, number, number, number] = [0.5, 1.2, 1, 1.5];
  const reference = jsProductNormals(a, b);

  it('test-only pair of normals: within 6 standard errors of nested quadrature, error bar below 1%', () => {
    const e = jensenShannonEstimate(pairNormalDist(...a), pairNormalDist(...b), { rng: rng(11), samples: 40000 });
    expect(e.method).toBe('monte-carlo');
    expect(e.stdError).toBeLessThan(1e-2 * reference);
    expect(Math.abs(e.value - reference)).toBeLessThanOrEqual(6 * e.stdError);
  });

  it('diagNormal from the library: same reference', () => {
    const p = diagNormal([a[0], a[2]], [a[1], a[3]]);
    const q = diagNormal([b[0], b[2]], [b[1], b[3]]);
    const e = jensenShannonEstimate(p, q);
    expect(e.method).toBe('monte-carlo');
    expect(Math.abs(e.value - reference)).toBeLessThanOrEqual(6 * e.stdError);
    // the default generator is seeded: the number is reproducible
    expect(jensenShannon(p, q)).toBe(e.value);
    // another seed gives another estimate, consistent within the error bars
    const f = jensenShannonEstimate(p, q, { rng: rng(99), samples: 20000 });
    expect(f.value).not.toBe(e.value);
    expect(Math.abs(f.value - e.value)).toBeLessThanOrEqual(6 * Math.hypot(e.stdError, f.stdError));
  });

  it('the control variate keeps the error relative when p ~ q', () => {
    const p = pairNormalDist(0, 1, 0, 1);
    const q = pairNormalDist(1e-3, 1, 0, 1);
    const e = jensenShannonEstimate(p, q, { rng: rng(5), samples: 20000 });
    // exact: JS of N(0,1) vs N(1e-3,1) in the first coordinate, ~ d^2 / 8
    const exact = jensenShannon(normal(0, 1), normal(1e-3, 1));
    expect(e.stdError).toBeLessThan(0.05 * exact);
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(6 * e.stdError);
  });

  it('integer supports too wide to sum fall back to sampling (poisson with rate 1e13)', () => {
    const [l1, l2] = [1e13, 1e13 + 4e6];
    const e = jensenShannonEstimate(poisson(l1), poisson(l2), { rng: rng(3), samples: 20000 });
    expect(e.method).toBe('monte-carlo');
    // at this rate the Poisson is normal to O(1/sqrt(rate)) = 3e-7, far below the error bar
    const approx = jensenShannon(normal(l1, Math.sqrt(l1)), normal(l2, Math.sqrt(l2)));
    expect(Math.abs(e.value - approx)).toBeLessThanOrEqual(6 * e.stdError + 1e-6 * approx);
  });
});

describe('bounds and symmetry on every family', () => {
  for (const { name, p, q } of allPairs()) {
    it(`${name}: 0 < JS <= log 2, ln2 H^2 <= JS <= H^2, JS <= Jeffreys / 4, symmetric, JS(p, p) = 0`, () => {
      const e = jensenShannonEstimate(p, q);
      const slack = e.method === 'monte-carlo' ? 6 * e.stdError : 1e-13 * e.value + e.stdError;
      const js = e.value;
      expect(js).toBeGreaterThan(0);
      expect(js).toBeLessThanOrEqual(LN2);
      // pointwise, with r = (q - p) / (q + p): ln2 (1 - sqrt(1 - r^2)) <= phi(r) / 2 <= 1 - sqrt(1 - r^2)
      // and phi(r) / 2 <= r artanh(r), integrated against m (phi as in jensenShannon.ts)
      const h2 = hellinger(p, q) ** 2;
      expect(js).toBeGreaterThanOrEqual(LN2 * h2 - slack);
      expect(js).toBeLessThanOrEqual(h2 + slack);
      expect(js).toBeLessThanOrEqual(jeffreys(p, q) / 4 + slack);
      const r = jensenShannonEstimate(q, p);
      expect(Math.abs(r.value - js)).toBeLessThanOrEqual(e.method === 'monte-carlo' ? 6 * Math.hypot(e.stdError, r.stdError) : 1e-12 * js);
      expect(jensenShannon(p, p)).toBe(0);
    });
  }

  it('bounds on random normals (seeded property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (m1, s1, m2, s2) => {
          // parameters a few ulps apart are only represented to O(1) relative accuracy in any
          // divergence (the mixed theta of the Hellinger side rounds by half their difference)
          fc.pre(Math.abs(m1 - m2) > 1e-9 || Math.abs(s1 / s2 - 1) > 1e-9);
          const [p, q] = [normal(m1, s1), normal(m2, s2)];
          const js = jensenShannon(p, q);
          const h2 = hellinger(p, q) ** 2;
          return js >= 0 && js <= LN2 && js >= LN2 * h2 * (1 - 1e-9) && js <= h2 * (1 + 1e-9) + 1e-300;
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('bounds on random poissons (seeded property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (a, b) => {
        fc.pre(Math.abs(a / b - 1) > 1e-9); // see the normal property
        const [p, q] = [poisson(a), poisson(b)];
        const js = jensenShannon(p, q);
        const h2 = hellinger(p, q) ** 2;
        return js >= LN2 * h2 * (1 - 1e-9) && js <= h2 * (1 + 1e-9) + 1e-300 && js <= LN2;
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('validation', () => {
  it('rejects different families (naming q) and bad options', () => {
    try {
      jensenShannon(normal(0, 1), bernoulli(0.5));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InfogeoError);
      expect((e as InfogeoError).param).toBe('q');
    }
    const p = normal(0, 1);
    expect(() => jensenShannon(p, p, { samples: 1.5 })).toThrow(InfogeoError);
    expect(() => jensenShannon(p, p, { samples: 1 })).toThrow(InfogeoError);
    expect(() => jensenShannon(p, p, { rng: {} as never })).toThrow(InfogeoError);
    expect(() => jensenShannon(p, p, null as never)).toThrow(InfogeoError);
  });
  void ({} as Distribution<unknown>);
});
