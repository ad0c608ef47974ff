import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expMapCoords, geodesicBVP, geodesicIVP, geodesicLength, logMapCoords, parallelTransport } from './geodesic.js';
import { familyMetric, metricFromFunction, richardsonJacobian } from './metric.js';
import { alphaConnection } from './alpha.js';
import { contractChristoffel, metricInner, type Connection, type Metric } from './connection.js';
import { normalFamily } from '../families/normal.js';
import { gammaFamily } from '../families/gamma.js';
import { betaFamily } from '../families/beta.js';
import { InfogeoError } from '../errors.js';

// x' - v and v' + Gamma(v, v) along the dense output, relative to the size of the terms: the
// interpolant is 7th order and differentiated by Richardson differences across step joins.
const GEODESIC_EQ_TOL = 1e-7;
// Quantities conserved exactly by the flow, through an integration at 1e-12.
const CONSERVED_TOL = 1e-9;
// The brief's targets: distances from a boundary-value problem and exp(log(y)) = y.
const DISTANCE_TOL = 1e-8;
const EXPLOG_TOL = 1e-8;

const normalMetric = familyMetric(normalFamily, 'source');
const gammaMetric = familyMetric(gammaFamily, 'source');
const betaMetric = familyMetric(betaFamily, 'source');

/** Fisher-Rao distance of normals: sqrt 2 times the hyperbolic distance of (mu / sqrt 2, sigma). */
function normalDistance(m1: number, s1: number, m2: number, s2: number): number {
  const du = (m1 - m2) / Math.SQRT2;
  return 2 * Math.SQRT2 * Math.asinh(Math.hypot(du, s1 - s2) / (2 * Math.sqrt(s1 * s2)));
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < b.length; i++) r = Math.max(r, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return r;
}

/** The worst relative residual of x' = v and v' = -Gamma(v, v) at 99 interior times. */
function equationResidual(conn: Connection, g: { x(t: number): Float64Array; v(t: number): Float64Array }): number {
  const n = conn.dim;
  const inT = (t: Float64Array): boolean => t[0] >= 0 && t[0] <= 1;
  let worst = 0;
  for (let i = 1; i < 100; i++) {
    const t = Float64Array.of(i / 100);
    const dx = richardsonJacobian(new Float64Array(n), (s, o) => o.set(g.x(s[0])) ?? o, t, n, inT);
    const dv = richardsonJacobian(new Float64Array(n), (s, o) => o.set(g.v(s[0])) ?? o, t, n, inT);
    const x = g.x(t[0]);
    const v = g.v(t[0]);
    const acc = contractChristoffel(new Float64Array(n), conn.christoffel(x, new Float64Array(n ** 3)), v, v, n);
    for (let k = 0; k < n; k++) {
      const scale = Math.max(...Array.from(v).map(Math.abs), ...Array.from(acc).map(Math.abs));
      worst = Math.max(worst, Math.abs(dx[k] - v[k]) / scale, Math.abs(dv[k] + acc[k]) / scale);
    }
  }
  return worst;
}

describe('geodesicIVP', () => {
  it('leaving N(0, 1) along mu follows the half-plane semicircle: (sqrt 2 tanh(1/sqrt 2), sech(1/sqrt 2)) at t = 1', () => {
    const g = geodesicIVP(normalMetric, [0, 1], [1, 0]);
    const s = Math.SQRT1_2; // hyperbolic arclength: |(1 / sqrt 2, 0)| / sigma
    expect(maxRel(g.end.x, [Math.SQRT2 * Math.tanh(s), 1 / Math.cosh(s)])).toBeLessThan(1e-11);
    // Straight up: sigma(t) = e^t for v = (0, 1) at sigma = 1.
    expect(maxRel(expMapCoords(normalMetric, [0, 1], [0, 1]).subarray(1), [Math.E])).toBeLessThan(1e-11);
  });

  for (const [name, metric, x0, v0] of [
    ['normal', normalMetric, [0.3, 0.8], [2, 1.5]],
    ['gamma', gammaMetric, [2, 3], [-1.5, 4]],
    ['beta', betaMetric, [0.8, 2.5], [3, -1]],
  ] as const) {
    it(`${name}: the dense solution satisfies the geodesic equation along its whole length and keeps its speed`, () => {
      const g = geodesicIVP(metric, x0, v0);
      expect(equationResidual(metric, g)).toBeLessThan(GEODESIC_EQ_TOL);
      const speed = (t: number): number => metricInner(metric.metric(g.x(t), new Float64Array(4)), g.v(t), g.v(t), 2);
      const s0 = speed(0);
      for (let i = 1; i <= 20; i++) expect(Math.abs(speed(i / 20) / s0 - 1)).toBeLessThan(CONSERVED_TOL);
    });
  }

  it('integrates backwards (t1 < 0) to the reversed geodesic', () => {
    const fwd = geodesicIVP(gammaMetric, [2, 3], [-1.5, 4]);
    const back = geodesicIVP(gammaMetric, fwd.end.x, fwd.end.v, { t1: -1 });
    expect(maxRel(back.end.x, [2, 3])).toBeLessThan(1e-10);
  });

  it('throws for points outside the manifold, bad vectors and geodesics that leave the domain', () => {
    expect(() => geodesicIVP(normalMetric, [0, -1], [1, 0])).toThrow(InfogeoError);
    expect(() => geodesicIVP(normalMetric, [0, -1], [1, 0])).toThrow(/x0 = \[0, -1\]/);
    expect(() => geodesicIVP(normalMetric, [0, 1], [Number.NaN, 0])).toThrow(/v0\[0\] = NaN/);
    expect(() => geodesicIVP(normalMetric, [0, 1, 2], [1, 0])).toThrow(/array of 2 finite numbers/);
    expect(() => geodesicIVP(normalMetric, [0, 1], [1, 0], { tol: 0 })).toThrow(/tol/);
    // The flat metric on x > 0 is incomplete: the line from 1 with velocity -2 exits at t = 1/2.
    const flat = metricFromFunction(1, (_x, o) => o.fill(1), (x) => x[0] > 0, (_x, o) => o.fill(0));
    expect(() => geodesicIVP(flat, [1], [-2])).toThrow(/stays inside the domain/);
    expect(geodesicIVP(flat, [1], [-0.5]).end.x[0]).toBeCloseTo(0.5, 14);
  });
});

describe('geodesicBVP', () => {
  it('its length is the closed-form Fisher-Rao distance of normals (Poincare half-plane), and so is the quadrature of its path', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        (m1, s1, m2, s2) => {
          const b = geodesicBVP(normalMetric, [m1, s1], [m2, s2]);
          const d = normalDistance(m1, s1, m2, s2);
          expect(b.converged).toBe(true);
          expect(b.residual).toBeLessThanOrEqual(1e-10);
          if (d === 0) return;
          expect(Math.abs(b.length / d - 1)).toBeLessThan(DISTANCE_TOL);
          expect(Math.abs(geodesicLength(normalMetric, b) / d - 1)).toBeLessThan(DISTANCE_TOL);
        },
      ),
      { seed: 7, numRuns: 25 },
    );
  });

  it('is symmetric, hits both ends, and satisfies the geodesic equation', () => {
    const ab = geodesicBVP(gammaMetric, [0.8, 2], [4, 0.5]);
    const ba = geodesicBVP(gammaMetric, [4, 0.5], [0.8, 2]);
    expect(Math.abs(ab.length / ba.length - 1)).toBeLessThan(DISTANCE_TOL);
    expect(maxRel(ab.x(0), [0.8, 2])).toBe(0);
    expect(maxRel(ab.x(1), [4, 0.5])).toBeLessThan(1e-10);
    expect(equationResidual(gammaMetric, ab)).toBeLessThan(GEODESIC_EQ_TOL);
  });

  it('is shorter than the e- and m-geodesics between the same beta distributions', () => {
    const x0 = Float64Array.of(0.7, 3);
    const x1 = Float64Array.of(5, 1.5);
    const b = geodesicBVP(betaMetric, x0, x1);
    expect(b.converged).toBe(true);
    // For the beta family theta = (a, b): the e-geodesic is the straight line in (a, b).
    const eLength = geodesicLength(betaMetric, (t) => x0.map((v, i) => v + t * (x1[i] - v)));
    const ea = betaFamily.gradLogPartition(x0, new Float64Array(2));
    const eb = betaFamily.gradLogPartition(x1, new Float64Array(2));
    const mLength = geodesicLength(betaMetric, (t) => betaFamily.thetaFromEta(ea.map((v, i) => v + t * (eb[i] - v)), new Float64Array(2)));
    expect(b.length).toBeLessThan(eLength);
    expect(b.length).toBeLessThan(mLength);
    // Warm-started from the e-geodesic it reaches the same geodesic.
    const warm = geodesicBVP(betaMetric, x0, x1, { init: (t) => x0.map((v, i) => v + t * (x1[i] - v)) });
    expect(Math.abs(warm.length / b.length - 1)).toBeLessThan(DISTANCE_TOL);
  });

  it('a problem far outside the reach of its iteration budget returns converged = false with its residual', () => {
    const b = geodesicBVP(normalMetric, [0, 1], [300, 1e-3], { maxIter: 3 });
    expect(b.converged).toBe(false);
    expect(b.iterations).toBeLessThanOrEqual(3);
    expect(b.residual).toBeGreaterThan(1e-10);
    expect(Number.isFinite(b.residual)).toBe(true);
    expect(() => logMapCoords(normalMetric, [0, 1], [300, 1e-3], { maxIter: 3 })).toThrow(/Newton stopped after 3 iterations with relative residual/);
  });

  it('throws for end points outside the manifold and bad options', () => {
    expect(() => geodesicBVP(normalMetric, [0, 1], [0, 0])).toThrow(InfogeoError);
    expect(() => geodesicBVP(gammaMetric, [-1, 1], [1, 1])).toThrow(/x0 = \[-1, 1\]/);
    expect(() => geodesicBVP(normalMetric, [0, 1], [1, 1], { maxIter: -1 })).toThrow(/maxIter/);
    expect(() => geodesicBVP(normalMetric, [0, 1], [1, 1], { init: 3 as never })).toThrow(/init/);
    expect(() => geodesicBVP({} as never, [0, 1], [1, 1])).toThrow(/Connection/);
  });

  it('returns the zero velocity between a point and itself', () => {
    const b = geodesicBVP(gammaMetric, [2, 3], [2, 3]);
    expect(b.converged).toBe(true);
    expect(Array.from(b.v0)).toEqual([0, 0]);
    expect(b.length).toBe(0);
  });
});

describe('expMapCoords and logMapCoords', () => {
  // Each coordinate's natural unit: mu is measured in sigmas; shapes, rates, a and b relatively.
  const normalUnits = (y: ArrayLike<number>): number[] => [Math.max(Math.abs(y[0]), y[1]), y[1]];
  const relativeUnits = (y: ArrayLike<number>): number[] => [y[0], y[1]];
  for (const [name, metric, arb, units] of [
    ['normal', normalMetric, fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true })), normalUnits],
    ['gamma', gammaMetric, fc.tuple(fc.double({ min: 0.5, max: 8, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true })), relativeUnits],
    ['beta', betaMetric, fc.tuple(fc.double({ min: 0.5, max: 6, noNaN: true }), fc.double({ min: 0.5, max: 6, noNaN: true })), relativeUnits],
  ] as const) {
    it(`${name}: exp(x, log(x, y)) = y to 1e-8`, () => {
      fc.assert(
        fc.property(arb, arb, (x, y) => {
          const v = logMapCoords(metric, x, y);
          const back = expMapCoords(metric, x, v);
          const u = units(y);
          for (let i = 0; i < 2; i++) expect(Math.abs(back[i] - y[i]) / u[i]).toBeLessThan(EXPLOG_TOL);
        }),
        { seed: 7, numRuns: 12 },
      );
    });

    it(`${name}: log(x, exp(x, v)) = v`, () => {
      fc.assert(
        fc.property(arb, fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (x, a, b) => {
          // A tangent vector of Fisher length up to about 1.4 at x.
          const g = metric.metric(Float64Array.from(x), new Float64Array(4));
          const v = Float64Array.of(a / Math.sqrt(g[0]), b / Math.sqrt(g[3]));
          const back = logMapCoords(metric, x, expMapCoords(metric, x, v));
          const scale = Math.max(Math.abs(a) / Math.sqrt(g[0]), Math.abs(b) / Math.sqrt(g[3]), 1e-3);
          for (let i = 0; i < 2; i++) expect(Math.abs(back[i] - v[i]) / scale).toBeLessThan(EXPLOG_TOL);
        }),
        { seed: 7, numRuns: 12 },
      );
    });
  }
});

describe('geodesicLength', () => {
  it('integrates sqrt(g(x\', x\')) along any curve: |d mu| / sigma along a horizontal normal path', () => {
    expect(geodesicLength(normalMetric, (t) => [3 * t, 2])).toBeCloseTo(1.5, 13);
    expect(() => geodesicLength(normalMetric, (t) => [0, 1 - 2 * t])).toThrow(InfogeoError);
    expect(() => geodesicLength(normalMetric, 'path' as never)).toThrow(/path/);
  });
});

describe('parallelTransport', () => {
  /** g(w1(t), w2(t)) at t = 0, 0.05, ..., 1 along `path`. */
  function innerProducts(metric: Metric, c1: Connection, c2: Connection, path: Parameters<typeof parallelTransport>[1], x: (t: number) => Float64Array): number[] {
    const w1 = parallelTransport(c1, path, [1, 0.5]);
    const w2 = parallelTransport(c2, path, [-0.3, 2]);
    return Array.from({ length: 21 }, (_, i) => {
      const t = i / 20;
      return metricInner(metric.metric(x(t), new Float64Array(4)), w1.w(t), w2.w(t), 2);
    });
  }

  it('preserves the metric inner product of two transported vectors along a geodesic and along any curve', () => {
    const geo = geodesicBVP(gammaMetric, [0.8, 2], [4, 0.5]);
    const along = innerProducts(gammaMetric, gammaMetric, gammaMetric, geo, (t) => geo.x(t));
    for (const p of along) expect(Math.abs(p / along[0] - 1)).toBeLessThan(CONSERVED_TOL);
    const wiggle = (t: number): Float64Array => Float64Array.of(1 + t + 0.3 * Math.sin(6 * t), 2 * Math.exp(-t));
    const alongCurve = innerProducts(gammaMetric, gammaMetric, gammaMetric, wiggle, wiggle);
    for (const p of alongCurve) expect(Math.abs(p / alongCurve[0] - 1)).toBeLessThan(CONSERVED_TOL);
  });

  it('the e- and m-transports are dual: g(e-transport of w1, m-transport of w2) is constant, while the e-transport alone changes it', () => {
    const e = alphaConnection(gammaFamily, 1, 'source');
    const m = alphaConnection(gammaFamily, -1, 'source');
    const curve = (t: number): Float64Array => Float64Array.of(1 + 2 * t, 2 - t);
    const dual = innerProducts(gammaMetric, e, m, curve, curve);
    for (const p of dual) expect(Math.abs(p / dual[0] - 1)).toBeLessThan(CONSERVED_TOL);
    const eOnly = innerProducts(gammaMetric, e, e, curve, curve);
    expect(Math.abs(eOnly[20] / eOnly[0] - 1)).toBeGreaterThan(1e-2);
  });

  it('along the vertical normal geodesic a horizontal vector scales with sigma', () => {
    expect(maxRel(parallelTransport(normalMetric, (t) => [0, 1 + t], [1, 0]).end, [2, 0])).toBeLessThan(1e-11);
  });

  it('rejects a path leaving the domain and bad vectors', () => {
    expect(() => parallelTransport(normalMetric, (t) => [0, 0.5 - t], [1, 0])).toThrow(InfogeoError);
    expect(() => parallelTransport(normalMetric, (t) => [0, 1 + t], [1])).toThrow(/w0/);
  });
});
