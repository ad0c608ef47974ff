import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  affineCoords,
  checkReparam,
  expectationCoords,
  familyCoords,
  fisherInCoords,
  gradInCoords,
  identityCoords,
  naturalCoords,
  sourceCoords,
  type Reparam,
} from './reparam.js';
import { normalReparams } from './reparam/normal.js';
import { bernoulliReparams } from './reparam/bernoulli.js';
import { fisherExpectation, fisherNatural, fisherSource } from '../families/derive.js';
import { normalFamily } from '../families/normal.js';
import { bernoulliFamily } from '../families/bernoulli.js';
import { gammaFamily } from '../families/gamma.js';
import { betaFamily } from '../families/beta.js';
import { poissonFamily } from '../families/poisson.js';
import { categoricalFamily } from '../families/categorical.js';
import { InfogeoError } from '../errors.js';
import type { ExponentialFamily } from '../families/family.js';
import { maxAbsDiff, numJacobian } from './flow.testutil.js';

/** Round trip source -> xi -> source, relative to the size of the source vector. */
const ROUND_TRIP = 1e-14;
/** Analytic Jacobian against central differences (step 1e-6: truncation ~1e-12, rounding ~1e-10). */
const JACOBIAN_FD = 1e-7;
/** A pulled-back Fisher against a closed form (a few roundings of products). */
const PULLBACK = 1e-13;

const EPS = 2 ** -52;
const muArb = fc.double({ min: -5, max: 5, noNaN: true });
const sigmaArb = fc.double({ min: 0.05, max: 20, noNaN: true });

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  return maxAbsDiff(a, b) / Math.max(scale, 1e-300);
}

describe('normal reparameterisations', () => {
  const all = Object.values(normalReparams);

  it('toSource inverts fromSource, and every point of the family is in each domain', () => {
    fc.assert(
      fc.property(muArb, sigmaArb, (mu, sigma) => {
        const s = Float64Array.of(mu, sigma);
        for (const r of all) {
          const xi = r.fromSource(s);
          expect(r.inDomain(xi)).toBe(true);
          expect(relErr(r.toSource(xi), s)).toBeLessThan(ROUND_TRIP * (r.name === 'expectation' ? 1 + (mu / sigma) ** 2 : 1) * 4);
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('each Jacobian d source / d xi matches central differences', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true }), (mu, sigma) => {
        for (const r of all) {
          const xi = r.fromSource(Float64Array.of(mu, sigma));
          const fd = numJacobian((x) => r.toSource(x), xi, 1e-6);
          expect(relErr(r.jacobian(xi), fd)).toBeLessThan(JACOBIAN_FD);
        }
      }),
      { seed: 7, numRuns: 50 },
    );
  });

  it('the pulled-back Fisher matches each closed form', () => {
    fc.assert(
      fc.property(muArb, sigmaArb, (mu, sigma) => {
        const s = Float64Array.of(mu, sigma);
        const g = fisherSource(normalFamily, s);
        const s2 = sigma * sigma;
        const theta = normalFamily.thetaFromSource(s, new Float64Array(2));
        const expected: Record<string, Float64Array> = {
          sigma: Float64Array.of(1 / s2, 0, 0, 2 / s2),
          'log-sigma': Float64Array.of(1 / s2, 0, 0, 2),
          variance: Float64Array.of(1 / s2, 0, 0, 1 / (2 * s2 * s2)),
          precision: Float64Array.of(1 / s2, 0, 0, (s2 * s2) / 2),
          natural: fisherNatural(normalFamily, theta),
          expectation: fisherExpectation(normalFamily, theta),
        };
        for (const r of all) {
          const got = fisherInCoords(r, r.fromSource(s), g);
          const tol = r.name === 'natural' || r.name === 'expectation' ? PULLBACK * (1 + mu * mu / s2) * 100 : PULLBACK;
          expect(relErr(got, expected[r.name])).toBeLessThan(tol);
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('agrees with the generic natural and expectation coordinates', () => {
    const s = Float64Array.of(0.7, 1.3);
    for (const [closed, generic] of [
      [normalReparams.natural, naturalCoords(normalFamily)],
      [normalReparams.expectation, expectationCoords(normalFamily)],
    ] as [Reparam, Reparam][]) {
      const xi = closed.fromSource(s);
      expect(relErr(generic.fromSource(s), xi)).toBeLessThan(1e-15);
      expect(relErr(generic.jacobian(xi), closed.jacobian(xi))).toBeLessThan(1e-14);
    }
  });

  it('rejects points outside each domain', () => {
    expect(normalReparams.sigma.inDomain(Float64Array.of(0, -1))).toBe(false);
    expect(normalReparams.variance.inDomain(Float64Array.of(0, 0))).toBe(false);
    expect(normalReparams.precision.inDomain(Float64Array.of(NaN, 1))).toBe(false);
    expect(normalReparams.natural.inDomain(Float64Array.of(1, 0))).toBe(false);
    expect(normalReparams.expectation.inDomain(Float64Array.of(2, 3))).toBe(false); // eta2 < eta1^2
    expect(normalReparams['log-sigma'].inDomain(Float64Array.of(0, 800))).toBe(false); // exp overflows
    expect(normalReparams['log-sigma'].inDomain(Float64Array.of(0, -3))).toBe(true);
  });

  it('gradInCoords applies the chain rule (TSDoc example)', () => {
    expect(Array.from(gradInCoords(normalReparams['log-sigma'], Float64Array.of(0, Math.log(2)), Float64Array.of(1, 3)))).toEqual([1, 6]);
    expect(Array.from(normalReparams.precision.toSource(Float64Array.of(1, 4)))).toEqual([1, 0.5]);
  });
});

describe('Bernoulli reparameterisations', () => {
  it('round trips, Jacobians and the Fisher information: 1/(p(1-p)), p(1-p), and exactly 1 in arcsine', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p) => {
        const s = Float64Array.of(p);
        const g = fisherSource(bernoulliFamily, s);
        const expected: Record<string, number> = { p: 1 / (p * (1 - p)), logit: p * (1 - p), arcsine: 1 };
        for (const r of Object.values(bernoulliReparams)) {
          const xi = r.fromSource(s);
          expect(r.inDomain(xi)).toBe(true);
          expect(Math.abs(r.toSource(xi)[0] - p)).toBeLessThan(4 * EPS);
          // 1 - p carries a relative rounding error of up to eps / min(p, 1 - p).
          const gxi = fisherInCoords(r, xi, g)[0];
          expect(Math.abs(gxi - expected[r.name]) / expected[r.name]).toBeLessThan((16 * EPS) / Math.min(p, 1 - p));
        }
      }),
      { seed: 7, numRuns: 100 },
    );
    for (const r of Object.values(bernoulliReparams)) {
      const xi = r.fromSource(Float64Array.of(0.3));
      expect(relErr(r.jacobian(xi), numJacobian((x) => r.toSource(x), xi))).toBeLessThan(JACOBIAN_FD);
    }
    expect(Math.abs(bernoulliReparams.arcsine.fromSource(Float64Array.of(0.5))[0] - Math.PI / 2)).toBeLessThanOrEqual(2 * EPS);
    expect(bernoulliReparams.arcsine.inDomain(Float64Array.of(Math.PI))).toBe(false);
    expect(bernoulliReparams.logit.inDomain(Float64Array.of(40))).toBe(false);
    expect(bernoulliReparams.p.inDomain(Float64Array.of(1))).toBe(false);
  });
});

describe('generic coordinates for every family', () => {
  const cases: [string, ExponentialFamily<unknown>, Float64Array][] = [
    ['gamma', gammaFamily, Float64Array.of(2.5, 1.5)],
    ['beta', betaFamily, Float64Array.of(2, 3.5)],
    ['poisson', poissonFamily, Float64Array.of(3)],
  ];
  const cat = categoricalFamily(3);

  it('natural and expectation coordinates: round trip, Jacobian, and the pullback equals Hess F and its inverse', () => {
    for (const [, f, s] of [...cases, ['categorical', cat, Float64Array.of(0.2, 0.3)] as const]) {
      const theta = f.thetaFromSource(s, new Float64Array(f.dim));
      const g = fisherSource(f, s);
      for (const [r, expected] of [
        [naturalCoords(f), fisherNatural(f, theta)],
        [expectationCoords(f), fisherExpectation(f, theta)],
        [sourceCoords(f), g],
      ] as [Reparam, Float64Array][]) {
        const xi = r.fromSource(s);
        expect(r.inDomain(xi)).toBe(true);
        expect(relErr(r.toSource(xi), s)).toBeLessThan(1e-13);
        expect(relErr(r.jacobian(xi), numJacobian((x) => r.toSource(x), xi, 1e-6))).toBeLessThan(1e-6);
        expect(relErr(fisherInCoords(r, xi, g), expected)).toBeLessThan(1e-11);
      }
    }
  });

  it('familyCoords lists the generic systems for every family and the special ones for the normal and the Bernoulli', () => {
    expect(Object.keys(familyCoords(gammaFamily)).sort()).toEqual(['expectation', 'natural', 'source']);
    expect(Object.keys(familyCoords(normalFamily)).sort()).toEqual(['expectation', 'log-sigma', 'natural', 'precision', 'sigma', 'source', 'variance']);
    expect(familyCoords(normalFamily).source).toBe(normalReparams.sigma);
    expect(Object.keys(familyCoords(bernoulliFamily)).sort()).toEqual(['arcsine', 'expectation', 'logit', 'natural', 'p', 'source']);
    expect(sourceCoords(gammaFamily).inDomain(Float64Array.of(-1, 1))).toBe(false);
    expect(() => familyCoords(null as never)).toThrow(InfogeoError);
  });
});

describe('affine and identity coordinates', () => {
  it('affine: source = A xi + b, J = A, exact inverse', () => {
    const r = affineCoords([2, 1, 0, 3], [1, -1]);
    const xi = Float64Array.of(0.5, 2);
    expect(Array.from(r.toSource(xi))).toEqual([4, 5]);
    expect(Array.from(r.fromSource(r.toSource(xi)))).toEqual([0.5, 2]);
    expect(Array.from(r.jacobian(xi))).toEqual([2, 1, 0, 3]);
    expect(Array.from(affineCoords([2, 0, 0, 1]).toSource(Float64Array.of(1, 1)))).toEqual([2, 1]);
  });
  it('rejects singular or non-square matrices, and identity coordinates are the identity', () => {
    expect(() => affineCoords([1, 2, 2, 4])).toThrow(/invertible Jacobian/);
    expect(() => affineCoords([1, 2, 3])).toThrow(InfogeoError);
    const id = identityCoords(3);
    expect(Array.from(id.jacobian(new Float64Array(3)))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(id.coordNames).toEqual(['x1', 'x2', 'x3']);
    expect(() => identityCoords(0)).toThrow(InfogeoError);
  });
  it('checkReparam names the parameter', () => {
    expect(() => checkReparam('f', 'coords', { name: 'x' })).toThrow(/coords = .* is invalid/);
    expect(checkReparam('f', 'coords', normalReparams.sigma)).toBe(normalReparams.sigma);
  });
});
