import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alphaConnection } from './alpha.js';
import { familyMetric, richardsonJacobian, type FamilyCoords } from './metric.js';
import { contractChristoffel } from './connection.js';
import type { ExponentialFamily } from '../families/family.js';
import { normalFamily } from '../families/normal.js';
import { gammaFamily } from '../families/gamma.js';
import { betaFamily } from '../families/beta.js';
import { poissonFamily } from '../families/poisson.js';
import { categoricalFamily } from '../families/categorical.js';
import { invSPD } from '../linalg/index.js';
import { InfogeoError } from '../errors.js';

// The residual x'' + Gamma(x', x') along an e- or m-geodesic, relative to the size of its two
// terms: x'' comes from Richardson differences of an exact x'(t) (~1e-11) and Gamma from the
// numerical cubic tensor and metric derivative (~1e-11 each).
const ALPHA_GEODESIC_TOL = 1e-8;
// Connections that must agree up to the rounding of a few dim^3 sums.
const CONNECTION_TOL = 1e-12;

type F = ExponentialFamily<unknown>;

interface Case {
  name: string;
  family: F;
  a: Float64Array; // two natural parameter vectors
  b: Float64Array;
}

const CASES: Case[] = [
  { name: 'normal', family: normalFamily as F, a: Float64Array.of(0.5, -0.5), b: Float64Array.of(-3, -2) },
  { name: 'gamma', family: gammaFamily as F, a: Float64Array.of(0.7, -2), b: Float64Array.of(6, -0.5) },
  { name: 'beta', family: betaFamily as F, a: Float64Array.of(0.6, 3), b: Float64Array.of(5, 1.2) },
  { name: 'poisson', family: poissonFamily as F, a: Float64Array.of(-1), b: Float64Array.of(2.5) },
  { name: 'categorical(3)', family: categoricalFamily(3) as F, a: Float64Array.of(0.3, -1), b: Float64Array.of(-2, 1.5) },
];

/** Position and exact velocity of a curve in the given coordinates, from a natural-parameter curve. */
function curveIn(family: F, coords: FamilyCoords, theta: (t: number) => Float64Array, thetaDot: (t: number) => Float64Array) {
  const n = family.dim;
  const pos = (t: number): Float64Array => {
    const th = theta(t);
    if (coords === 'natural') return th;
    if (coords === 'expectation') return family.gradLogPartition(th, new Float64Array(n));
    return family.sourceFromTheta(th, new Float64Array(n));
  };
  const vel = (t: number): Float64Array => {
    const th = theta(t);
    const d = thetaDot(t);
    if (coords === 'natural') return d;
    if (coords === 'expectation') {
      // eta' = Hess F(theta) theta'
      const h = family.hessLogPartition(th, new Float64Array(n * n));
      return d.map((_, i) => h.subarray(i * n, (i + 1) * n).reduce((s, hij, j) => s + hij * d[j], 0));
    }
    // s' = J^{-1} theta' with J = d theta / d s
    const jac = family.sourceJacobian(family.sourceFromTheta(th, new Float64Array(n)), new Float64Array(n * n));
    const out = new Float64Array(n);
    solveDense(out, jac, d, n);
    return out;
  };
  return { pos, vel };
}

/** Gaussian elimination with partial pivoting for the small test systems. */
function solveDense(out: Float64Array, a: Float64Array, b: Float64Array, n: number): void {
  const m = Array.from({ length: n }, (_, i) => [...Array.from(a.subarray(i * n, (i + 1) * n)), b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * out[k];
    out[r] = s / m[r][r];
  }
}

/**
 * max over t of |x'' + Gamma(x', x')| along the curve, relative to the size of the terms of the
 * geodesic equation: max(|x''|, |Gamma(x', x')|, |Gamma0(x', x')|) with Gamma0 the Levi-Civita
 * connection (both terms vanish identically along a straight line in a flat chart).
 */
function geodesicResidual(family: F, alpha: number, coords: FamilyCoords, curve: ReturnType<typeof curveIn>): number {
  const conn = alphaConnection(family, alpha, coords);
  const lc = familyMetric(family, coords);
  const n = family.dim;
  let worst = 0;
  for (const t of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const x = curve.pos(t);
    const v = curve.vel(t);
    const acc = richardsonJacobian(new Float64Array(n), (tt, o) => {
      o.set(curve.vel(tt[0]));
      return o;
    }, Float64Array.of(t), n);
    const quad = contractChristoffel(new Float64Array(n), conn.christoffel(x, new Float64Array(n ** 3)), v, v, n);
    const ref = contractChristoffel(new Float64Array(n), lc.christoffel(x, new Float64Array(n ** 3)), v, v, n);
    let r = 0;
    let s = 0;
    for (let k = 0; k < n; k++) {
      r = Math.max(r, Math.abs(acc[k] + quad[k]));
      s = Math.max(s, Math.abs(acc[k]), Math.abs(quad[k]), Math.abs(ref[k]));
    }
    worst = Math.max(worst, r / s);
  }
  return worst;
}

function eGeodesic(c: Case) {
  const d = c.b.map((bi, i) => bi - c.a[i]);
  return (coords: FamilyCoords) => curveIn(c.family, coords, (t) => c.a.map((ai, i) => ai + t * d[i]), () => d);
}

function mGeodesic(c: Case) {
  const f = c.family;
  const n = f.dim;
  const ea = f.gradLogPartition(c.a, new Float64Array(n));
  const eb = f.gradLogPartition(c.b, new Float64Array(n));
  const de = eb.map((x, i) => x - ea[i]);
  const theta = (t: number): Float64Array => f.thetaFromEta(ea.map((x, i) => x + t * de[i]), new Float64Array(n));
  // theta' = (Hess F)^{-1} eta'
  const thetaDot = (t: number): Float64Array => {
    const g = invSPD(new Float64Array(n * n), f.hessLogPartition(theta(t), new Float64Array(n * n)), n) as Float64Array;
    return de.map((_, i) => g.subarray(i * n, (i + 1) * n).reduce((s, gij, j) => s + gij * de[j], 0));
  };
  return (coords: FamilyCoords) => curveIn(f, coords, theta, thetaDot);
}

describe('alphaConnection', () => {
  it('the e-connection is flat in natural coordinates and the m-connection in expectation coordinates (exactly 0)', () => {
    for (const c of CASES) {
      const n = c.family.dim;
      const e = alphaConnection(c.family, 1, 'natural').christoffel(c.a, new Float64Array(n ** 3));
      expect(Array.from(e).every((x) => x === 0)).toBe(true);
      const eta = c.family.gradLogPartition(c.a, new Float64Array(n));
      const m = alphaConnection(c.family, -1, 'expectation').christoffel(eta, new Float64Array(n ** 3));
      expect(Array.from(m).every((x) => x === 0)).toBe(true);
    }
  });

  for (const c of CASES) {
    it(`${c.name}: e-geodesics (straight in theta) solve the alpha = 1 geodesic equation in every chart, and not the alpha = -1 one`, () => {
      const curve = eGeodesic(c);
      for (const coords of ['natural', 'expectation', 'source'] as const) {
        expect(geodesicResidual(c.family, 1, coords, curve(coords))).toBeLessThan(ALPHA_GEODESIC_TOL);
      }
      expect(geodesicResidual(c.family, -1, 'source', curve('source'))).toBeGreaterThan(1e-3);
    });

    it(`${c.name}: m-geodesics (straight in eta) solve the alpha = -1 geodesic equation in every chart, and not the alpha = 1 one`, () => {
      const curve = mGeodesic(c);
      for (const coords of ['natural', 'expectation', 'source'] as const) {
        expect(geodesicResidual(c.family, -1, coords, curve(coords))).toBeLessThan(ALPHA_GEODESIC_TOL);
      }
      expect(geodesicResidual(c.family, 1, 'natural', curve('natural'))).toBeGreaterThan(1e-3);
    });
  }

  it('alpha = 0 is the Levi-Civita connection of the Fisher metric, in every chart', () => {
    for (const c of CASES) {
      const n = c.family.dim;
      for (const coords of ['natural', 'expectation', 'source'] as const) {
        const x = curveIn(c.family, coords, () => c.a, () => c.a).pos(0);
        const lc = familyMetric(c.family, coords).christoffel(x, new Float64Array(n ** 3));
        const a0 = alphaConnection(c.family, 0, coords).christoffel(x, new Float64Array(n ** 3));
        const scale = Math.max(...Array.from(lc).map(Math.abs));
        expect(Math.max(...Array.from(lc).map((v, i) => Math.abs(v - a0[i]))) / scale).toBeLessThan(CONNECTION_TOL);
      }
    }
  });

  it('is affine in alpha: Gamma(alpha) = (1 + alpha) / 2 Gamma(1) + (1 - alpha) / 2 Gamma(-1)', () => {
    const c = CASES[1];
    const x = c.family.sourceFromTheta(c.a, new Float64Array(2));
    const e = alphaConnection(c.family, 1, 'source').christoffel(x, new Float64Array(8));
    const m = alphaConnection(c.family, -1, 'source').christoffel(x, new Float64Array(8));
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), (alpha) => {
        const g = alphaConnection(c.family, alpha, 'source').christoffel(x, new Float64Array(8));
        const scale = Math.max(...Array.from(e).map(Math.abs), ...Array.from(m).map(Math.abs));
        for (let i = 0; i < 8; i++) {
          expect(Math.abs(g[i] - ((1 + alpha) / 2) * e[i] - ((1 - alpha) / 2) * m[i]) / scale).toBeLessThan(CONNECTION_TOL);
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('exposes the cubic tensor in its chart, with inDomain from the Fisher metric', () => {
    const a = alphaConnection(gammaFamily, 0.5, 'expectation');
    expect(a.alpha).toBe(0.5);
    expect(a.fisher.coords).toBe('expectation');
    expect(a.inDomain(Float64Array.of(0, 0.5))).toBe(false); // E[log X] < log E[X] fails
    const t = a.cubic(gammaFamily.gradLogPartition(Float64Array.of(2, -1), new Float64Array(2)), new Float64Array(8));
    expect(t.every(Number.isFinite)).toBe(true);
  });

  it('rejects a non-finite alpha and unknown coordinates', () => {
    expect(() => alphaConnection(normalFamily, Number.NaN)).toThrow(InfogeoError);
    expect(() => alphaConnection(normalFamily, 1, 'weird' as never)).toThrow(/coords/);
  });
});
