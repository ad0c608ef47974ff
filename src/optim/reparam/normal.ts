/**
 * Six coordinate systems on the normal family N(mu, sigma^2), in closed form. Source coordinates
 * are (mu, sigma); every map keeps mu and changes the scale coordinate, except the natural and
 * expectation coordinates, which mix them.
 *
 * | name          | xi                                   | source(xi)                                   |
 * |---------------|--------------------------------------|----------------------------------------------|
 * | `sigma`       | (mu, sigma)                          | identity                                     |
 * | `log-sigma`   | (mu, log sigma)                      | (xi1, exp xi2)                               |
 * | `variance`    | (mu, sigma^2)                        | (xi1, sqrt xi2)                              |
 * | `precision`   | (mu, 1 / sigma^2)                    | (xi1, xi2^(-1/2))                            |
 * | `natural`     | (mu / sigma^2, -1 / (2 sigma^2))     | (-xi1 / (2 xi2), (-2 xi2)^(-1/2))            |
 * | `expectation` | (mu, mu^2 + sigma^2)                 | (xi1, sqrt(xi2 - xi1^2))                     |
 */
import type { Reparam } from '../reparam.js';

function finite2(xi: Float64Array): boolean {
  return xi.length === 2 && Number.isFinite(xi[0]) && Number.isFinite(xi[1]);
}

function diag(a: number, b: number): Float64Array {
  return Float64Array.of(a, 0, 0, b);
}

/** (mu, sigma): the source coordinates themselves. */
const sigma: Reparam = {
  name: 'sigma',
  dim: 2,
  coordNames: ['mu', 'sigma'],
  toSource: (xi) => Float64Array.of(xi[0], xi[1]),
  fromSource: (s) => Float64Array.of(s[0], s[1]),
  jacobian: () => diag(1, 1),
  inDomain: (xi) => finite2(xi) && xi[1] > 0,
};

/** (mu, log sigma): the scale on a log axis, defined on the whole plane. */
const logSigma: Reparam = {
  name: 'log-sigma',
  dim: 2,
  coordNames: ['mu', 'log sigma'],
  toSource: (xi) => Float64Array.of(xi[0], Math.exp(xi[1])),
  fromSource: (s) => Float64Array.of(s[0], Math.log(s[1])),
  jacobian: (xi) => diag(1, Math.exp(xi[1])),
  inDomain: (xi) => finite2(xi) && Number.isFinite(Math.exp(xi[1])) && Math.exp(xi[1]) > 0,
};

/** (mu, sigma^2). */
const variance: Reparam = {
  name: 'variance',
  dim: 2,
  coordNames: ['mu', 'sigma^2'],
  toSource: (xi) => Float64Array.of(xi[0], Math.sqrt(xi[1])),
  fromSource: (s) => Float64Array.of(s[0], s[1] * s[1]),
  jacobian: (xi) => diag(1, 0.5 / Math.sqrt(xi[1])),
  inDomain: (xi) => finite2(xi) && xi[1] > 0,
};

/** (mu, tau) with tau = 1 / sigma^2 the precision. */
const precision: Reparam = {
  name: 'precision',
  dim: 2,
  coordNames: ['mu', '1/sigma^2'],
  toSource: (xi) => Float64Array.of(xi[0], 1 / Math.sqrt(xi[1])),
  fromSource: (s) => Float64Array.of(s[0], 1 / (s[1] * s[1])),
  jacobian: (xi) => diag(1, -0.5 / (xi[1] * Math.sqrt(xi[1]))),
  inDomain: (xi) => finite2(xi) && xi[1] > 0,
};

/** theta = (mu / sigma^2, -1 / (2 sigma^2)). */
const natural: Reparam = {
  name: 'natural',
  dim: 2,
  coordNames: ['theta1', 'theta2'],
  toSource: (t) => {
    const s2 = -0.5 / t[1];
    return Float64Array.of(t[0] * s2, Math.sqrt(s2));
  },
  fromSource: (s) => {
    const s2 = s[1] * s[1];
    return Float64Array.of(s[0] / s2, -0.5 / s2);
  },
  // mu = -t1 / (2 t2), sigma = (-2 t2)^(-1/2).
  jacobian: (t) => {
    const m2t2 = -2 * t[1];
    return Float64Array.of(1 / m2t2, t[0] / (2 * t[1] * t[1]), 0, 1 / (m2t2 * Math.sqrt(m2t2)));
  },
  inDomain: (t) => finite2(t) && t[1] < 0,
};

/** eta = (E[x], E[x^2]) = (mu, mu^2 + sigma^2). */
const expectation: Reparam = {
  name: 'expectation',
  dim: 2,
  coordNames: ['eta1', 'eta2'],
  toSource: (e) => Float64Array.of(e[0], Math.sqrt(e[1] - e[0] * e[0])),
  fromSource: (s) => Float64Array.of(s[0], s[0] * s[0] + s[1] * s[1]),
  // sigma = sqrt(eta2 - eta1^2): d sigma / d eta1 = -eta1 / sigma, d sigma / d eta2 = 1 / (2 sigma).
  jacobian: (e) => {
    const sd = Math.sqrt(e[1] - e[0] * e[0]);
    return Float64Array.of(1, 0, -e[0] / sd, 0.5 / sd);
  },
  inDomain: (e) => finite2(e) && e[1] - e[0] * e[0] > 0,
};

/**
 * The normal family's coordinate systems by name: `sigma`, `log-sigma`, `variance`,
 * `precision`, `natural`, `expectation` (see the table above). Source coordinates are (mu, sigma).
 *
 * @example normalReparams['precision'].toSource(Float64Array.of(1, 4)) // [1, 0.5]
 */
export const normalReparams: Readonly<Record<'sigma' | 'log-sigma' | 'variance' | 'precision' | 'natural' | 'expectation', Reparam>> = {
  sigma,
  'log-sigma': logSigma,
  variance,
  precision,
  natural,
  expectation,
};
