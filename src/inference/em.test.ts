import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { em, type EmResult } from './em.js';
import { normal, normalFamily } from '../families/normal.js';
import { poisson, poissonFamily } from '../families/poisson.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { mvNormal, mvNormalFamily } from '../families/mvNormal.js';
import { categorical, categoricalFamily } from '../families/categorical.js';
import { dualPotential } from '../families/derive.js';
import { sample } from '../families/distribution.js';
import { maximumLikelihood } from '../geometry/projection.js';
import { rng, type Rng } from '../random/rng.js';
import { InfogeoError } from '../errors.js';

// EM never lowers its objective; in floating point each new value may fall short of the previous
// one by rounding of a sum of N log-densities: MONOTONE relative to |objective|.
const MONOTONE = 1e-12;

function expectMonotone(trace: number[]): void {
  for (let i = 1; i < trace.length; i++) expect(trace[i]).toBeGreaterThanOrEqual(trace[i - 1] - MONOTONE * Math.abs(trace[i - 1]));
}

/** n draws from sum_h w_h comps[h] (seeded). */
function mixtureSample<X>(weights: number[], draw: ((g: Rng) => X)[], n: number, g: Rng): X[] {
  const out: X[] = [];
  for (let i = 0; i < n; i++) {
    let u = g.next();
    let h = 0;
    while (h < weights.length - 1 && u >= weights[h]) u -= weights[h++];
    out.push(draw[h](g));
  }
  return out;
}

const truth = [
  { w: 0.3, mu: -4, sigma: 1 },
  { w: 0.5, mu: 0, sigma: 0.7 },
  { w: 0.2, mu: 5, sigma: 1.5 },
];
const data3 = mixtureSample(
  truth.map((t) => t.w),
  truth.map((t) => (g: Rng) => t.mu + t.sigma * g.normal()),
  3000,
  rng(7),
);

describe('EM for a normal mixture', () => {
  const r = em(data3, { family: normalFamily, k: 3, rng: rng(1) });

  it('recovers the three components of a known mixture from 3000 seeded samples', () => {
    expect(r.converged).toBe(true);
    const fitted = r.components.map((c, h) => ({ w: r.weights[h], ...(c.params as { mu: number; sigma: number }) })).sort((a, b) => a.mu - b.mu);
    // Sampling error at N = 3000: sd(w) ~ 0.01, sd(mu) ~ sigma / sqrt(N w) <= 0.06; allow about 4 sd.
    fitted.forEach((f, h) => {
      expect(Math.abs(f.w - truth[h].w)).toBeLessThan(0.04);
      expect(Math.abs(f.mu - truth[h].mu)).toBeLessThan(0.25);
      expect(Math.abs(f.sigma / truth[h].sigma - 1)).toBeLessThan(0.1);
    });
    // The maximum-likelihood fit explains the sample at least as well as the truth.
    const truthLogLik = data3.reduce((s, x) => s + Math.log(truth.reduce((a, t) => a + t.w * Math.exp(normal(t.mu, t.sigma).logDensity(x)), 0)), 0);
    expect(r.logLikelihood).toBeGreaterThan(truthLogLik);
  });

  it('increases the log-likelihood at every iteration', () => {
    expect(r.trace.length).toBe(r.iterations + 1);
    expectMonotone(r.trace);
    expect(r.trace[r.trace.length - 1]).toBeGreaterThan(r.trace[0]);
    expect(r.frozen).toEqual([0, 0, 0]);
  });

  it('returns responsibilities that are posteriors (rows sum to 1) and weights that are their means', () => {
    const k = 3;
    for (let i = 0; i < data3.length; i += 97) {
      let s = 0;
      for (let h = 0; h < k; h++) s += r.responsibilities[i * k + h];
      expect(Math.abs(s - 1)).toBeLessThan(1e-15);
    }
    // At convergence the weights are a fixed point of the M-step: the mean responsibilities.
    for (let h = 0; h < k; h++) {
      let m = 0;
      for (let i = 0; i < data3.length; i++) m += r.responsibilities[i * k + h];
      expect(Math.abs(m / data3.length - r.weights[h])).toBeLessThan(1e-6);
    }
  });

  it('calls onIteration once per iteration with non-negative changes', () => {
    const seen: number[] = [];
    em(data3.slice(0, 300), { family: normalFamily, k: 2, rng: rng(2), maxIter: 20, onIteration: (s) => seen.push(s.change) });
    expect(seen.length).toBeGreaterThan(0);
    seen.forEach((c) => expect(c).toBeGreaterThan(-1e-9));
  });
});

describe('EM as alternating projections', () => {
  it('with k = 1 one M-step is maximum likelihood (the m-projection of the empirical law)', () => {
    const xs = sample(gamma(2.5, 1.5), 400, rng(4)) as number[];
    const r = em(xs, { family: gammaFamily, k: 1, rng: rng(1), maxIter: 1 });
    const ml = maximumLikelihood(gammaFamily, xs).projection;
    r.components[0].theta.forEach((t, i) => expect(Math.abs(t - ml.theta[i])).toBeLessThan(1e-12 * Math.abs(ml.theta[i])));
  });

  it('the E-step is Bregman soft clustering: r_nh ∝ w_h exp(-d_F*(T(x_n), eta_h)) (Poisson)', () => {
    const xs = mixtureSample([0.4, 0.6], [(g) => poisson(2).sample(1, g)[0] as number, (g) => poisson(9).sample(1, g)[0] as number], 200, rng(5)).map((x) => x + 1); // x >= 1: F*(x) finite
    const r = em(xs, { family: poissonFamily, k: 2, rng: rng(2), maxIter: 5 });
    const f = poissonFamily;
    for (let i = 0; i < xs.length; i += 13) {
      const t = Float64Array.of(xs[i]);
      const logits = r.components.map((c, h) => {
        const eta = c.eta;
        // d_F*(t, eta) = F*(t) - F*(eta) - <t - eta, theta>.
        const d = dualPotential(f, t) - dualPotential(f, eta) - (t[0] - eta[0]) * c.theta[0];
        return Math.log(r.weights[h]) - d;
      });
      const m = Math.max(...logits);
      const z = logits.reduce((s, l) => s + Math.exp(l - m), 0);
      logits.forEach((l, h) => expect(Math.abs(Math.exp(l - m) / z - r.responsibilities[i * 2 + h])).toBeLessThan(1e-12));
    }
  });

  it('is monotone on every family and seed tried (property: normal, Poisson, gamma, categorical)', () => {
    const families = [
      { family: normalFamily, draw: (g: Rng) => (g.next() < 0.5 ? -2 : 3) + g.normal() },
      { family: poissonFamily, draw: (g: Rng) => poisson(g.next() < 0.5 ? 1 : 7).sample(1, g)[0] as number },
      { family: gammaFamily, draw: (g: Rng) => gamma(g.next() < 0.5 ? 2 : 9, 1).sample(1, g)[0] as number },
      { family: categoricalFamily(4), draw: (g: Rng) => categorical(g.next() < 0.5 ? [0.7, 0.1, 0.1, 0.1] : [0.1, 0.1, 0.2, 0.6]).sample(1, g)[0] as number },
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 4 }), (which, seed, k) => {
        const { family, draw } = families[which];
        const g = rng(seed);
        const xs = Array.from({ length: 150 }, () => draw(g));
        const r: EmResult = em(xs, { family, k, rng: g, maxIter: 40 });
        expectMonotone(r.trace);
        r.components.forEach((c) => c.theta.forEach((t) => expect(Number.isFinite(t)).toBe(true)));
      }),
      { seed: 7, numRuns: 40 },
    );
  });
});

describe('EM on vectors and with a prior', () => {
  it('fits a two-component bivariate normal mixture', () => {
    const xs = [...sample(mvNormal([0, 0], [[1, 0.5], [0.5, 1]]), 500, rng(2)), ...sample(mvNormal([4, 1], [[0.5, 0], [0, 2]]), 300, rng(3))].map((x) => Array.from(x as Float64Array));
    const r = em(xs, { family: mvNormalFamily(2), k: 2, rng: rng(5) });
    expectMonotone(r.trace);
    const means = r.components.map((c) => (c.params as { mean: number[] }).mean).sort((a, b) => a[0] - b[0]);
    expect(Math.hypot(means[0][0], means[0][1])).toBeLessThan(0.2);
    expect(Math.hypot(means[1][0] - 4, means[1][1] - 1)).toBeLessThan(0.3);
    expect(Math.abs(Math.min(...r.weights) - 0.375)).toBeLessThan(0.05);
  });

  it('with prior nu > 0 the penalised objective is monotone', () => {
    const r = em(data3.slice(0, 500), { family: normalFamily, k: 3, rng: rng(1), prior: 2 });
    expectMonotone(r.objectiveTrace);
    expect(r.objective).not.toBe(r.logLikelihood);
  });
});

describe('EM with degenerate components', () => {
  // Five copies of one point far away: maximum likelihood lets a component collapse onto it.
  const spike = [...data3.slice(0, 200), 100, 100, 100, 100, 100];

  it('without a prior: the collapsed component keeps its last valid parameters, no NaN, still monotone', () => {
    const r = em(spike, { family: normalFamily, k: 3, rng: rng(3), maxIter: 300 });
    expectMonotone(r.trace);
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
    const spikeComp = r.components.findIndex((c) => Math.abs((c.params as { mu: number }).mu - 100) < 1e-3);
    expect(spikeComp).toBeGreaterThanOrEqual(0);
    expect(r.frozen[spikeComp]).toBeGreaterThan(0);
    r.components.forEach((c) => c.theta.forEach((t) => expect(Number.isFinite(t)).toBe(true)));
    expect(r.weights.every((w) => Number.isFinite(w))).toBe(true);
  });

  it('with a conjugate prior: no component degenerates and every sigma stays away from 0', () => {
    const r = em(spike, { family: normalFamily, k: 3, rng: rng(3), prior: 0.01 });
    expectMonotone(r.objectiveTrace);
    expect(r.frozen).toEqual([0, 0, 0]);
    r.components.forEach((c) => expect((c.params as { sigma: number }).sigma).toBeGreaterThan(0.1));
  });

  it('a component that receives no data at all keeps its parameters and weight 0', () => {
    const r = em([0, 0.1, -0.2, 0.3, 0.05], { family: normalFamily, k: 2, init: { components: [normal(0, 1), normal(1e4, 1)], weights: [0.5, 0.5] }, maxIter: 5 });
    expect(r.weights[1]).toBe(0);
    expect(r.frozen[1]).toBe(r.iterations);
    expectMonotone(r.trace);
  });
});

describe('em: bad input', () => {
  it('rejects bad options and data with InfogeoError naming the parameter', () => {
    expect(() => em([1, 2, 3], { family: normalFamily, k: 0, rng: rng(1) })).toThrow(/opts\.k/);
    expect(() => em([1, 2, 3], { family: normalFamily, k: 4, rng: rng(1) })).toThrow(/opts\.k/);
    expect(() => em([1, 2, 3], { family: normalFamily, k: 2 })).toThrow(/opts\.rng/);
    expect(() => em([1, -2, 3], { family: gammaFamily, k: 1, rng: rng(1) })).toThrow(/data\[1\]/);
    expect(() => em([[1, 2], [3]], { family: mvNormalFamily(2), k: 1, rng: rng(1) })).toThrow(/data\[1\]/);
    expect(() => em([1, 2, 3], { family: {} as never, k: 1, rng: rng(1) })).toThrow(/opts\.family/);
    expect(() => em([1, 2, 3], { family: normalFamily, k: 1, rng: rng(1), prior: -1 })).toThrow(/opts\.prior/);
    expect(() => em([1, 2, 3], { family: normalFamily, k: 1, init: { components: [poisson(1) as never] } })).toThrow(/init/);
    expect(() => em([2, 2, 2], { family: normalFamily, k: 1, rng: rng(1) })).toThrow(InfogeoError);
  });
});
