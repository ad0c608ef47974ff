import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectChiSquare, expectKs, expectMean, gammaCdfLog, lgamma, meanVar } from './__fixtures__/stats.js';
import { sampleDirichlet, sampleMultinomial, sampleMvNormal } from './multivariate.js';
import { rng } from './rng.js';

const N = 100_000;

/** n draws of a k-vector, stored as k columns. */
function columns(n: number, k: number, draw: (out: Float64Array) => Float64Array): Float64Array[] {
  const cols = Array.from({ length: k }, () => new Float64Array(n));
  const out = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    draw(out);
    for (let j = 0; j < k; j++) cols[j][i] = out[j];
  }
  return cols;
}

/**
 * Checks E[(A - ma)(B - mb)] = cov with the exact means, where sd is the standard deviation of
 * one product; when it is not known in closed form, the sample standard deviation of the
 * products stands in (a large-n t-test, still at 5 standard errors).
 */
function expectCov(a: Float64Array, b: Float64Array, ma: number, mb: number, cov: number, sd?: number): void {
  const prods = a.map((x, i) => (x - ma) * (b[i] - mb));
  expectMean(prods, cov, sd ?? Math.sqrt(meanVar(prods).variance));
}

describe('sampleDirichlet', () => {
  it('Dirichlet(1, 2, 3): on the simplex, means, variances and a covariance', () => {
    const r = rng(500);
    const alpha = new Float64Array([1, 2, 3]);
    const a0 = 6;
    let bad = 0;
    const cols = columns(N, 3, (out) => {
      sampleDirichlet(r, alpha, out);
      const s = out[0] + out[1] + out[2];
      if (Math.abs(s - 1) > 4e-16 || !out.every((x) => x > 0 && x < 1)) bad++;
      return out;
    });
    expect(bad).toBe(0);
    const m = Array.from(alpha, (a) => a / a0);
    for (let i = 0; i < 3; i++) {
      const v = (alpha[i] * (a0 - alpha[i])) / (a0 * a0 * (a0 + 1));
      expectMean(cols[i], m[i], Math.sqrt(v));
      // X_i ~ Beta(a, b) with a = a_i, b = a0 - a_i: sd of (X_i - m_i)^2 is v sqrt(excess + 2).
      const [a, b] = [alpha[i], a0 - alpha[i]];
      const excess = (6 * ((a - b) ** 2 * (a + b + 1) - a * b * (a + b + 2))) / (a * b * (a + b + 2) * (a + b + 3));
      expectCov(cols[i], cols[i], m[i], m[i], v, v * Math.sqrt(excess + 2));
    }
    const c01 = -(alpha[0] * alpha[1]) / (a0 * a0 * (a0 + 1));
    expectCov(cols[0], cols[1], m[0], m[1], c01);
  });

  it('Dirichlet(1e-3 x 5): each component has mean 1/5; draws sit at vertices as predicted', () => {
    const r = rng(501);
    const a = 1e-3;
    const k = 5;
    const alpha = new Float64Array(k).fill(a);
    const eps = 1e-6;
    let nearVertex = 0;
    let bad = 0;
    const cols = columns(N, k, (out) => {
      sampleDirichlet(r, alpha, out);
      let s = 0;
      for (const x of out) {
        s += x;
        if (!(x > 0 && x < 1)) bad++;
      }
      if (Math.abs(s - 1) > 1e-15) bad++;
      if (out[0] > 1 - eps || out[1] > 1 - eps || out[2] > 1 - eps || out[3] > 1 - eps || out[4] > 1 - eps)
        nearVertex++;
      return out;
    });
    expect(bad).toBe(0);
    const a0 = k * a;
    expectMean(cols[0], 1 / k, Math.sqrt((a * (a0 - a)) / (a0 * a0 * (a0 + 1))));
    // P(X_i > 1 - e) = P(Beta(a0 - a, a) < e) = e^c / (c B(c, a)) (1 + O(e)), c = a0 - a;
    // the k events are disjoint.
    const c = a0 - a;
    const p = k * Math.exp(c * Math.log(eps) - Math.log(c) - (lgamma(c) + lgamma(a) - lgamma(a0)));
    expect(Math.abs(nearVertex / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
  });

  it('Dirichlet(1e-300 x 3) picks a vertex uniformly; mixed (1e-3, 1e3) has the right means', () => {
    const r = rng(502);
    const tiny = new Float64Array([1e-300, 1e-300, 1e-300]);
    const argmax = new Float64Array(30_000);
    const out = new Float64Array(3);
    let bad = 0;
    for (let i = 0; i < argmax.length; i++) {
      sampleDirichlet(r, tiny, out);
      if (!out.every((x) => x > 0 && x < 1)) bad++;
      argmax[i] = out[0] > 0.5 ? 0 : out[1] > 0.5 ? 1 : 2;
    }
    expect(bad).toBe(0);
    expectChiSquare(argmax, () => 1 / 3, 0, 2);
    const mixed = new Float64Array([1e-3, 1e3]);
    const cols = columns(N, 2, (o) => sampleDirichlet(r, mixed, o));
    const s0 = 1e3 + 1e-3;
    const v = (1e-3 * 1e3) / (s0 * s0 * (s0 + 1));
    expectMean(cols[0], 1e-3 / s0, Math.sqrt(v));
  });

  it('k = 1 gives [1]', () => {
    expect(Array.from(sampleDirichlet(rng(504), new Float64Array([0.3]), new Float64Array(1)))).toEqual([1]);
  });

  it('out may alias alpha', () => {
    const a = new Float64Array([0.5, 2, 7]);
    const r1 = rng(503);
    const r2 = rng(503);
    const separate = sampleDirichlet(r1, a, new Float64Array(3));
    const aliased = Float64Array.from(a);
    sampleDirichlet(r2, aliased, aliased);
    expect(Array.from(aliased)).toEqual(Array.from(separate));
  });
});

describe('sampleMultinomial', () => {
  it('Multinomial(1000, [0.1, 0.2, 0.3, 0.4, 0]): counts sum to n, means, variances, a covariance', () => {
    const r = rng(510);
    const n = 1000;
    const p = new Float64Array([0.1, 0.2, 0.3, 0.4, 0]);
    let bad = 0;
    const cols = columns(N, 5, (out) => {
      sampleMultinomial(r, n, p, out);
      if (out.reduce((s, x) => s + x, 0) !== n || !out.every((x) => Number.isInteger(x) && x >= 0) || out[4] !== 0)
        bad++;
      return out;
    });
    expect(bad).toBe(0);
    for (let i = 0; i < 4; i++) {
      const v = n * p[i] * (1 - p[i]);
      expectMean(cols[i], n * p[i], Math.sqrt(v));
      // Binomial marginal: sd of (X_i - m_i)^2 is v sqrt(excess + 2), excess (1 - 6pq)/(npq).
      expectCov(cols[i], cols[i], n * p[i], n * p[i], v, v * Math.sqrt(2 + (1 - 6 * p[i] * (1 - p[i])) / v));
    }
    // Cov(X_0, X_3) = -n p0 p3.
    expectCov(cols[0], cols[3], n * 0.1, n * 0.4, -n * 0.1 * 0.4);
  });

  it('each marginal is Binomial(n, p_i), including after a zero in the middle (chi-square)', () => {
    const r = rng(511);
    const n = 20;
    const p = new Float64Array([0.2, 0, 0.5, 0.3]);
    const cols = columns(N, 4, (out) => sampleMultinomial(r, n, p, out));
    expect(cols[1].every((x) => x === 0)).toBe(true);
    const choose = (k: number): number => Math.exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1));
    for (const i of [0, 2, 3]) {
      const pmf = (k: number): number => choose(k) * p[i] ** k * (1 - p[i]) ** (n - k);
      expectChiSquare(cols[i], pmf, 0, n);
    }
  });

  it('n = 1e9 with a 1e-9 cell: exact integer counts summing to n, right means', () => {
    const r = rng(512);
    const n = 1e9;
    const p = new Float64Array([0.5, 0.25, 0.25 - 1e-9, 1e-9]);
    let bad = 0;
    const cols = columns(20_000, 4, (out) => {
      sampleMultinomial(r, n, p, out);
      if (out.reduce((s, x) => s + x, 0) !== n || !out.every((x) => Number.isInteger(x) && x >= 0)) bad++;
      return out;
    });
    expect(bad).toBe(0);
    for (let i = 0; i < 4; i++) expectMean(cols[i], n * p[i], Math.sqrt(n * p[i] * (1 - p[i])));
  });
});

describe('sampleMvNormal', () => {
  // Cholesky factor of Sigma = L L^T, row-major lower triangle (the upper entries are ignored).
  const L = new Float64Array([2, 99, 99, -1, 1.5, 99, 0.5, 0.3, 0.7]);
  const d = 3;
  const mean = new Float64Array([1, -2, 0.5]);
  const sigma = (i: number, j: number): number => {
    let s = 0;
    for (let k = 0; k <= Math.min(i, j); k++) s += L[i * d + k] * L[j * d + k];
    return s;
  };

  it('mean and every covariance entry match (z-bounds with the Gaussian fourth moments)', () => {
    const r = rng(520);
    const cols = columns(N, d, (out) => sampleMvNormal(r, mean, L, d, out));
    for (let i = 0; i < d; i++) {
      expectMean(cols[i], mean[i], Math.sqrt(sigma(i, i)));
      for (let j = 0; j <= i; j++) {
        // Var[(X_i - m_i)(X_j - m_j)] = S_ii S_jj + S_ij^2 for a Gaussian.
        const sd = Math.sqrt(sigma(i, i) * sigma(j, j) + sigma(i, j) ** 2);
        expectCov(cols[i], cols[j], mean[i], mean[j], sigma(i, j), sd);
      }
    }
  });

  it('the squared Mahalanobis distance is chi-square(3) (KS)', () => {
    const r = rng(521);
    const out = new Float64Array(d);
    const z = new Float64Array(d);
    const m2 = new Float64Array(N);
    for (let n = 0; n < N; n++) {
      sampleMvNormal(r, mean, L, d, out);
      let s = 0;
      for (let i = 0; i < d; i++) {
        let t = out[i] - mean[i];
        for (let j = 0; j < i; j++) t -= L[i * d + j] * z[j];
        z[i] = t / L[i * d + i];
        s += z[i] * z[i];
      }
      m2[n] = s;
    }
    expectKs(m2, (x) => (x <= 0 ? 0 : gammaCdfLog(1.5, Math.log(x / 2))));
  });

  it('every draw is finite for random lower-triangular factors (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 36, maxLength: 36 }),
        (seed, k, entries) => {
          const r = rng(seed);
          const l = Float64Array.from(entries.slice(0, k * k));
          const m = new Float64Array(k);
          const out = new Float64Array(k);
          for (let i = 0; i < 5; i++) expect(sampleMvNormal(r, m, l, k, out).every(Number.isFinite)).toBe(true);
        },
      ),
      { seed: 5150, numRuns: 200 },
    );
  });
});
