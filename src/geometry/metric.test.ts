import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { christoffelFromMetric, cubicTensor, familyMetric, metricFromFunction, richardsonJacobian, transformCubic } from './metric.js';
import { normal, normalFamily } from '../families/normal.js';
import { gamma, gammaFamily } from '../families/gamma.js';
import { beta, betaFamily } from '../families/beta.js';
import { dirichletFamily } from '../families/dirichlet.js';
import { fisherMatrix } from '../fisher/fisher.js';
import { polygamma, trigamma } from '../special/index.js';
import { InfogeoError } from '../errors.js';

// Richardson differences of order h^6 with h = 2^-7 |x|: about 1e-12 relative for the smooth
// metrics here; the Christoffel symbols inherit it through one SPD solve.
const CHRISTOFFEL_TOL = 1e-10;
// Two numerical routes (analytic transform of the cubic tensor versus differences of the
// inverse Hessian through the inverse Legendre map) each accurate to ~1e-12.
const ROUTES_TOL = 1e-9;

/** max |a - b| / max |b|, for arrays of components. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

/** Closed-form Christoffel symbols of diag(1, 2) / sigma^2 in (mu, sigma), layout [k][i][j]. */
function normalChristoffel(sigma: number): number[] {
  // Gamma^mu_{mu sigma} = Gamma^mu_{sigma mu} = -1/sigma, Gamma^sigma_{mu mu} = 1/(2 sigma),
  // Gamma^sigma_{sigma sigma} = -1/sigma, the others 0.
  return [0, -1 / sigma, -1 / sigma, 0, 1 / (2 * sigma), 0, 0, -1 / sigma];
}

describe('richardsonJacobian', () => {
  it('differentiates polynomials of degree <= 6 to rounding (the scheme is exact on them)', () => {
    const f = (x: Float64Array, o: Float64Array): Float64Array => {
      o[0] = x[0] ** 6 - 3 * x[0] ** 2 * x[1];
      o[1] = x[1] ** 5 + x[0];
      return o;
    };
    const x = Float64Array.of(1.3, -0.7);
    const d = richardsonJacobian(new Float64Array(4), f, x, 2);
    const exact = [6 * 1.3 ** 5 - 6 * 1.3 * -0.7, 1, -3 * 1.3 ** 2, 5 * 0.7 ** 4];
    expect(relErr(d, exact)).toBeLessThan(1e-12);
    expect(Array.from(x)).toEqual([1.3, -0.7]); // restored
  });

  it('keeps its stencil well inside the domain, even for a coordinate much smaller than the others', () => {
    let outside = 0;
    const f = (x: Float64Array, o: Float64Array): Float64Array => {
      if (!(x[1] > 0)) outside++;
      o[0] = x[0] * x[0];
      o[1] = Math.log(x[1]);
      return o;
    };
    // out[k * m + r] = d f_r / d x_k
    const d = richardsonJacobian(new Float64Array(4), f, Float64Array.of(1e3, 1e-6), 2, (x) => x[1] > 0);
    expect(outside).toBe(0);
    expect(Math.abs(d[0] / 2e3 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(d[3] * 1e-6 - 1)).toBeLessThan(1e-12);
    expect(d[1]).toBe(0);
    expect(d[2]).toBe(0);
  });
});

describe('metricFromFunction', () => {
  const halfPlane = (x: Float64Array, o: Float64Array): Float64Array => {
    const s = 1 / (x[1] * x[1]);
    o[0] = s;
    o[1] = 0;
    o[2] = 0;
    o[3] = 2 * s;
    return o;
  };
  const halfPlaneDerivative = (x: Float64Array, o: Float64Array): Float64Array => {
    o.fill(0);
    const d = -2 / x[1] ** 3; // d_sigma of 1 / sigma^2
    o[4] = d; // k = sigma, (mu, mu)
    o[7] = 2 * d; // k = sigma, (sigma, sigma)
    return o;
  };

  it('Koszul with the closed-form derivative gives the closed-form Christoffel symbols of diag(1, 2) / sigma^2', () => {
    const g = metricFromFunction(2, halfPlane, (x) => x[1] > 0, halfPlaneDerivative);
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (mu, sigma) => {
        const gam = g.christoffel(Float64Array.of(mu, sigma), new Float64Array(8));
        expect(relErr(gam, normalChristoffel(sigma))).toBeLessThan(1e-14);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('the numerical derivative path matches the closed form', () => {
    const numeric = metricFromFunction(2, halfPlane, (x) => x[1] > 0);
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (mu, sigma) => {
        const x = Float64Array.of(mu, sigma);
        expect(relErr(numeric.metricDerivative(x, new Float64Array(8)), halfPlaneDerivative(x, new Float64Array(8)))).toBeLessThan(CHRISTOFFEL_TOL);
        expect(relErr(numeric.christoffel(x, new Float64Array(8)), normalChristoffel(sigma))).toBeLessThan(CHRISTOFFEL_TOL);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('christoffelFromMetric reports a non-positive-definite metric as null', () => {
    expect(christoffelFromMetric(new Float64Array(1), Float64Array.of(-1), Float64Array.of(0), 1)).toBeNull();
  });

  it('rejects bad arguments', () => {
    expect(() => metricFromFunction(0, halfPlane, () => true)).toThrow(InfogeoError);
    expect(() => metricFromFunction(2, 'g' as never, () => true)).toThrow(/g = "g"/);
    expect(() => metricFromFunction(2, halfPlane, () => true, 3 as never)).toThrow(InfogeoError);
  });
});

describe('familyMetric', () => {
  it('the normal family in source coordinates has the closed-form Christoffel symbols', () => {
    const g = familyMetric(normalFamily, 'source');
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (mu, sigma) => {
        const gam = g.christoffel(Float64Array.of(mu, sigma), new Float64Array(8));
        expect(relErr(gam, normalChristoffel(sigma))).toBeLessThan(CHRISTOFFEL_TOL);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('the gamma family in (shape, rate): Koszul on the numerical derivative matches Koszul on the closed-form one', () => {
    // g = [[psi'(a), -1/b], [-1/b, a/b^2]]; d_a g = [[psi''(a), 0], [0, 1/b^2]],
    // d_b g = [[0, 1/b^2], [1/b^2, -2a/b^3]].
    const closed = metricFromFunction(
      2,
      (x, o) => {
        o.set([trigamma(x[0]), -1 / x[1], -1 / x[1], x[0] / x[1] ** 2]);
        return o;
      },
      (x) => x[0] > 0 && x[1] > 0,
      (x, o) => {
        const [a, b] = [x[0], x[1]];
        o.set([polygamma(2, a), 0, 0, 1 / b ** 2, 0, 1 / b ** 2, 1 / b ** 2, (-2 * a) / b ** 3]);
        return o;
      },
    );
    const numeric = familyMetric(gammaFamily, 'source');
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 50, noNaN: true }), fc.double({ min: 1e-2, max: 1e2, noNaN: true }), (a, b) => {
        const x = Float64Array.of(a, b);
        expect(relErr(numeric.metric(x, new Float64Array(4)), closed.metric(x, new Float64Array(4)))).toBeLessThan(1e-14);
        expect(relErr(numeric.christoffel(x, new Float64Array(8)), closed.christoffel(x, new Float64Array(8)))).toBeLessThan(CHRISTOFFEL_TOL);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('in natural coordinates the metric derivative is the cubic tensor d^3 F (closed form for the normal)', () => {
    // F = -t1^2 / (4 t2) - log(-2 t2) / 2: F_111 = 0, F_112 = 1 / (2 t2^2), F_122 = -t1 / t2^3,
    // F_222 = 3 t1^2 / (2 t2^4) - 1 / t2^3.
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 1e-2, max: 1e2, noNaN: true }), (mu, sigma) => {
        const t = normal(mu, sigma).theta;
        const [t1, t2] = [t[0], t[1]];
        const f112 = 1 / (2 * t2 * t2);
        const f122 = -t1 / t2 ** 3;
        const f222 = (3 * t1 * t1) / (2 * t2 ** 4) - 1 / t2 ** 3;
        const exact = [0, f112, f112, f122, f112, f122, f122, f222];
        expect(relErr(cubicTensor(normalFamily, t, new Float64Array(8)), exact)).toBeLessThan(CHRISTOFFEL_TOL);
        expect(relErr(familyMetric(normalFamily, 'natural').metricDerivative(t, new Float64Array(8)), exact)).toBeLessThan(CHRISTOFFEL_TOL);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('in expectation coordinates d_k G_ij = -T_abc G_ai G_bj G_ck agrees with differentiating G numerically', () => {
    for (const [family, theta] of [
      [normalFamily, normal(0.7, 1.9).theta],
      [gammaFamily, gamma(2.5, 0.8).theta],
      [betaFamily, beta(1.5, 4).theta],
      [dirichletFamily(3), Float64Array.of(1.5, 2, 3.5)],
    ] as const) {
      const g = familyMetric(family, 'expectation');
      const eta = family.gradLogPartition(theta, new Float64Array(family.dim));
      const n = family.dim;
      const analytic = g.metricDerivative(eta, new Float64Array(n ** 3));
      const numeric = richardsonJacobian(new Float64Array(n ** 3), g.metric, eta, n * n, g.inDomain);
      expect(relErr(analytic, numeric)).toBeLessThan(ROUTES_TOL);
    }
  });

  it('its matrices are the Fisher information of the fisher module in all three coordinate systems', () => {
    for (const p of [normal(-1, 0.3), gamma(0.7, 2), beta(3, 0.5)]) {
      const src = p.source;
      expect(relErr(familyMetric(p.family, 'source').metric(src, new Float64Array(4)), fisherMatrix(p, 'source'))).toBeLessThan(1e-14);
      expect(relErr(familyMetric(p.family, 'natural').metric(p.theta, new Float64Array(4)), fisherMatrix(p, 'natural'))).toBeLessThan(1e-15);
      expect(relErr(familyMetric(p.family, 'expectation').metric(p.eta, new Float64Array(4)), fisherMatrix(p, 'expectation'))).toBeLessThan(1e-12);
    }
  });

  it('transformCubic is the tensor transformation law (identity, and composition of two changes)', () => {
    const t = cubicTensor(gammaFamily, Float64Array.of(2, -3), new Float64Array(8));
    expect(Array.from(transformCubic(new Float64Array(8), t, Float64Array.of(1, 0, 0, 1), 2))).toEqual(Array.from(t));
    const a = Float64Array.of(1, 2, -0.5, 3);
    const b = Float64Array.of(0.3, -1, 2, 0.7);
    const ab = Float64Array.of(a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]);
    const twice = transformCubic(new Float64Array(8), transformCubic(new Float64Array(8), t, a, 2), b, 2);
    expect(relErr(twice, transformCubic(new Float64Array(8), t, ab, 2))).toBeLessThan(1e-14);
  });

  it('knows its domain in each coordinate system', () => {
    expect(familyMetric(normalFamily, 'source').inDomain(Float64Array.of(0, -1))).toBe(false);
    expect(familyMetric(normalFamily, 'source').inDomain(Float64Array.of(0, Number.NaN))).toBe(false);
    expect(familyMetric(normalFamily, 'natural').inDomain(Float64Array.of(0, 0.5))).toBe(false);
    expect(familyMetric(normalFamily, 'expectation').inDomain(Float64Array.of(1, 0.5))).toBe(false); // E[x^2] < E[x]^2
    expect(familyMetric(gammaFamily, 'source').inDomain(Float64Array.of(2, 3))).toBe(true);
  });

  it('rejects a non-family and unknown coordinates', () => {
    expect(() => familyMetric({} as never)).toThrow(InfogeoError);
    expect(() => familyMetric(normalFamily, 'polar' as never)).toThrow(/coords = "polar"/);
  });
});
