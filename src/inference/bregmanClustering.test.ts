import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bregmanClustering } from './bregmanClustering.js';
import { normal, normalFamily } from '../families/normal.js';
import { poisson, poissonFamily } from '../families/poisson.js';
import { exponentialFamily } from '../families/exponential.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { mvNormalFamily } from '../families/mvNormal.js';
import { dualPotential } from '../families/derive.js';
import { rng, type Rng } from '../random/rng.js';

// The objective never increases; each value may exceed the previous one only by the rounding of
// a sum of N log-densities.
const MONOTONE = 1e-12;

function expectNonIncreasing(trace: number[]): void {
  for (let i = 1; i < trace.length; i++) expect(trace[i]).toBeLessThanOrEqual(trace[i - 1] + MONOTONE * Math.abs(trace[i - 1]));
}

describe('Bregman hard clustering', () => {
  it('separates well-separated Poisson clusters exactly', () => {
    const g = rng(3);
    const truth: number[] = [];
    const xs: number[] = [];
    for (let i = 0; i < 300; i++) {
      const h = i % 3;
      truth.push(h);
      xs.push(poisson([2, 40, 200][h]).sample(1, g)[0] as number);
    }
    const r = bregmanClustering(xs, { family: poissonFamily, k: 3, rng: rng(1) });
    expect(r.converged).toBe(true);
    // Same partition up to relabelling.
    const map = new Map<number, number>();
    truth.forEach((t, i) => {
      if (!map.has(t)) map.set(t, r.assignments[i]);
      expect(r.assignments[i]).toBe(map.get(t));
    });
    expect(new Set(map.values()).size).toBe(3);
    expectNonIncreasing(r.trace);
  });

  it('centroids are the eta means of their clusters (the right-sided Bregman centroid)', () => {
    const g = rng(9);
    const xs = Array.from({ length: 200 }, (_, i) => (i < 100 ? gamma(2, 1) : gamma(30, 2)).sample(1, g)[0] as number);
    const r = bregmanClustering(xs, { family: gammaFamily, k: 2, rng: rng(2) });
    expect(r.converged).toBe(true);
    for (let h = 0; h < 2; h++) {
      const members = xs.filter((_, i) => r.assignments[i] === h);
      const etaMean = [members.reduce((s, x) => s + Math.log(x), 0) / members.length, members.reduce((s, x) => s + x, 0) / members.length];
      r.centroids[h].eta.forEach((e, i) => expect(Math.abs(e - etaMean[i])).toBeLessThan(1e-10 * Math.max(1, Math.abs(etaMean[i]))));
      expect(r.sizes[h]).toBe(members.length);
    }
  });

  it('assigns each point to the centroid of least d_F*(T(x), eta) (Poisson, x >= 1 so F*(x) is finite)', () => {
    const g = rng(4);
    const xs = Array.from({ length: 120 }, (_, i) => 1 + (poisson(i % 2 === 0 ? 3 : 12).sample(1, g)[0] as number));
    const r = bregmanClustering(xs, { family: poissonFamily, k: 2, rng: rng(6) });
    xs.forEach((x, i) => {
      const d = r.centroids.map((c) => dualPotential(poissonFamily, Float64Array.of(x)) - dualPotential(poissonFamily, c.eta) - (x - c.eta[0]) * c.theta[0]);
      expect(d[r.assignments[i]]).toBeLessThanOrEqual(Math.min(...d) + 1e-12);
    });
  });

  it('the objective is non-increasing on every family and seed tried (property)', () => {
    const cases = [
      { family: normalFamily, draw: (g: Rng) => (g.next() < 0.5 ? -3 : 2) + g.normal() },
      { family: poissonFamily, draw: (g: Rng) => poisson(g.next() < 0.3 ? 1 : 10).sample(1, g)[0] as number },
      { family: exponentialFamily, draw: (g: Rng) => g.exponential() * (g.next() < 0.5 ? 1 : 20) },
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 0.5), (which, seed, k, prior) => {
        const { family, draw } = cases[which];
        const g = rng(seed);
        const xs = Array.from({ length: 120 }, () => draw(g));
        const r = bregmanClustering(xs, { family, k, rng: g, prior });
        expectNonIncreasing(r.trace);
        expect(r.trace[r.trace.length - 1]).toBeLessThanOrEqual(r.trace[0] + MONOTONE * Math.abs(r.trace[0]));
        r.centroids.forEach((c) => c.theta.forEach((t) => expect(Number.isFinite(t)).toBe(true)));
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it('vector data: bivariate normal clusters', () => {
    const g = rng(8);
    const xs = Array.from({ length: 200 }, (_, i) => (i < 100 ? [g.normal(), g.normal()] : [6 + g.normal(), 6 + 0.5 * g.normal()]));
    const r = bregmanClustering(xs, { family: mvNormalFamily(2), k: 2, rng: rng(1) });
    expect(r.assignments.slice(0, 100).every((a) => a === r.assignments[0])).toBe(true);
    expect(r.assignments.slice(100).every((a) => a !== r.assignments[0])).toBe(true);
  });

  it('a singleton normal cluster (boundary eta) keeps its centroid instead of producing NaN', () => {
    const xs = [0.1, -0.3, 0.2, 0.05, -0.1, 50];
    const r = bregmanClustering(xs, { family: normalFamily, k: 2, init: [normal(0, 1), normal(50, 1)] });
    expect(r.frozen[1]).toBeGreaterThan(0);
    expect(r.centroids[1].params).toEqual(normal(50, 1).params);
    expectNonIncreasing(r.trace);
    const withPrior = bregmanClustering(xs, { family: normalFamily, k: 2, init: [normal(0, 1), normal(50, 1)], prior: 1 });
    expect(withPrior.frozen).toEqual([0, 0]);
  });

  it('rejects bad options', () => {
    expect(() => bregmanClustering([1, 2, 3], { family: poissonFamily, k: 2 })).toThrow(/opts\.rng/);
    expect(() => bregmanClustering([1, 2, 3], { family: poissonFamily, k: 2, init: [poisson(1)] })).toThrow(/opts\.init/);
    expect(() => bregmanClustering([1, 2.5], { family: poissonFamily, k: 1, rng: rng(1) })).toThrow(/data\[1\]/);
    expect(() => bregmanClustering([1, 2], { family: null as never, k: 1 })).toThrow(/opts\.family/);
  });
});
