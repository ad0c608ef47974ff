import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ricci, riemann, scalarCurvature, sectionalCurvature } from './curvature.js';
import { familyMetric, metricFromFunction } from './metric.js';
import { alphaConnection } from './alpha.js';
import { normalFamily } from '../families/normal.js';
import { gammaFamily } from '../families/gamma.js';
import { betaFamily } from '../families/beta.js';
import { polygamma, trigamma } from '../special/index.js';
import { InfogeoError } from '../errors.js';

// Second derivatives of the metric by nested Richardson differences: about 1e-10 relative.
const CURVATURE_TOL = 1e-9;

const normalMetric = familyMetric(normalFamily, 'source');
const at = (r4: Float64Array, n: number, r: number, s: number, m: number, q: number): number => r4[((r * n + s) * n + m) * n + q];

describe('curvature of the univariate normal', () => {
  it('has sectional curvature -1/2, scalar curvature -1 and Ricci = -g / 2 everywhere', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (mu, sigma, c) => {
          const x = [mu, sigma];
          // Any two independent directions span the same plane in 2-D.
          expect(Math.abs(sectionalCurvature(normalMetric, x, [1, c], [c - 2, 1]) + 0.5)).toBeLessThan(CURVATURE_TOL);
          expect(Math.abs(scalarCurvature(normalMetric, x) + 1)).toBeLessThan(CURVATURE_TOL);
          const ric = ricci(normalMetric, x);
          const g = normalMetric.metric(Float64Array.from(x), new Float64Array(4));
          for (let i = 0; i < 4; i++) expect(Math.abs(ric[i] + 0.5 * g[i]) * sigma * sigma).toBeLessThan(CURVATURE_TOL);
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('is the same in natural and expectation coordinates (curvature is intrinsic)', () => {
    const p = Float64Array.of(0.4, 1.3);
    const theta = normalFamily.thetaFromSource(p, new Float64Array(2));
    const eta = normalFamily.gradLogPartition(theta, new Float64Array(2));
    expect(Math.abs(scalarCurvature(familyMetric(normalFamily, 'natural'), theta) + 1)).toBeLessThan(CURVATURE_TOL);
    expect(Math.abs(scalarCurvature(familyMetric(normalFamily, 'expectation'), eta) + 1)).toBeLessThan(CURVATURE_TOL);
  });
});

describe('riemann', () => {
  it('the round sphere d theta^2 + sin^2 theta d phi^2 has K = +1 (the sign convention)', () => {
    const sphere = metricFromFunction(
      2,
      (x, o) => {
        o.set([1, 0, 0, Math.sin(x[0]) ** 2]);
        return o;
      },
      (x) => x[0] > 0 && x[0] < Math.PI,
    );
    for (const th of [0.3, 1, 2.5]) {
      expect(Math.abs(sectionalCurvature(sphere, [th, 0.7], [1, 0], [0, 1]) - 1)).toBeLessThan(CURVATURE_TOL);
      expect(Math.abs(scalarCurvature(sphere, [th, 0.7]) - 2)).toBeLessThan(CURVATURE_TOL);
    }
  });

  it('has the symmetries of a torsion-free connection: antisymmetric in the last pair, first Bianchi identity', () => {
    for (const [metric, x] of [
      [familyMetric(gammaFamily, 'source'), [2.5, 1.3]],
      [familyMetric(betaFamily, 'expectation'), betaFamily.gradLogPartition(Float64Array.of(2, 3), new Float64Array(2))],
    ] as const) {
      const r4 = riemann(metric, x);
      const scale = Math.max(...Array.from(r4).map(Math.abs));
      for (let r = 0; r < 2; r++) {
        for (let s = 0; s < 2; s++) {
          for (let m = 0; m < 2; m++) {
            for (let q = 0; q < 2; q++) {
              expect(Math.abs(at(r4, 2, r, s, m, q) + at(r4, 2, r, s, q, m)) / scale).toBeLessThan(CURVATURE_TOL);
              const bianchi = at(r4, 2, r, s, m, q) + at(r4, 2, r, m, q, s) + at(r4, 2, r, q, s, m);
              expect(Math.abs(bianchi) / scale).toBeLessThan(CURVATURE_TOL);
            }
          }
        }
      }
    }
  });

  it('the gamma manifold has K = (psi\'(a) + a psi\'\'(a)) / (4 (a psi\'(a) - 1)^2), a function of the shape alone', () => {
    const g = familyMetric(gammaFamily, 'source');
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 30, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (a, b) => {
        const k = (trigamma(a) + a * polygamma(2, a)) / (4 * (a * trigamma(a) - 1) ** 2);
        expect(Math.abs(sectionalCurvature(g, [a, b], [1, 0], [0, 1]) / k - 1)).toBeLessThan(CURVATURE_TOL);
      }),
      { seed: 7, numRuns: 50 },
    );
  });

  it('the e- and m-connections are flat, and the alpha-curvature of an exponential family is (1 - alpha^2) times the Levi-Civita one', () => {
    const x = [2.5, 1.3];
    const r0 = riemann(familyMetric(gammaFamily, 'source'), x);
    const scale = Math.max(...Array.from(r0).map(Math.abs));
    for (const alpha of [-1, 1, 0.5, 2]) {
      const ra = riemann(alphaConnection(gammaFamily, alpha, 'source'), x);
      for (let i = 0; i < 16; i++) expect(Math.abs(ra[i] - (1 - alpha * alpha) * r0[i]) / scale).toBeLessThan(CURVATURE_TOL);
    }
  });

  it('throws for points outside the manifold and for parallel directions', () => {
    expect(() => riemann(normalMetric, [0, -1])).toThrow(InfogeoError);
    expect(() => scalarCurvature(normalMetric, [0, 0])).toThrow(/x = \[0, 0\]/);
    expect(() => sectionalCurvature(normalMetric, [0, 1], [1, 2], [2, 4])).toThrow(/linearly independent/);
    expect(() => ricci({} as never, [0, 1])).toThrow(/Connection/);
    expect(() => scalarCurvature(alphaConnection(normalFamily, 1) as never, [0, 1])).toThrow(/Metric/);
  });
});
