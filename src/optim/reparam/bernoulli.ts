/**
 * Three coordinate systems on the Bernoulli family, in closed form. Source coordinate p.
 *
 * - `p`: the probability itself; Fisher 1 / (p (1 - p)).
 * - `logit`: theta = log(p / (1 - p)), the natural parameter; Fisher p (1 - p).
 * - `arcsine`: xi = 2 asin(sqrt p), in (0, pi); p = sin^2(xi / 2), dp/dxi = sin(xi) / 2, and the
 *   Fisher information is exactly 1: the arcsine coordinate is arc length for the Fisher metric
 *   (the variance-stabilising transform), so plain gradient descent in it is natural gradient.
 */
import type { Reparam } from '../reparam.js';
import { sigmoid } from '../../special/index.js';

const p: Reparam = {
  name: 'p',
  dim: 1,
  coordNames: ['p'],
  toSource: (xi) => Float64Array.of(xi[0]),
  fromSource: (s) => Float64Array.of(s[0]),
  jacobian: () => Float64Array.of(1),
  inDomain: (xi) => xi.length === 1 && xi[0] > 0 && xi[0] < 1,
};

const logit: Reparam = {
  name: 'logit',
  dim: 1,
  coordNames: ['logit p'],
  toSource: (xi) => Float64Array.of(sigmoid(xi[0])),
  fromSource: (s) => Float64Array.of(Math.log(s[0]) - Math.log1p(-s[0])),
  jacobian: (xi) => Float64Array.of(sigmoid(xi[0]) * sigmoid(-xi[0])),
  // Outside about |logit| < 36.7 the probability rounds to 1 or its complement underflows.
  inDomain: (xi) => xi.length === 1 && Number.isFinite(xi[0]) && sigmoid(xi[0]) < 1 && sigmoid(xi[0]) > 0,
};

const arcsine: Reparam = {
  name: 'arcsine',
  dim: 1,
  coordNames: ['2 asin sqrt p'],
  toSource: (xi) => {
    const s = Math.sin(xi[0] / 2);
    return Float64Array.of(s * s);
  },
  fromSource: (s) => Float64Array.of(2 * Math.asin(Math.sqrt(s[0]))),
  jacobian: (xi) => Float64Array.of(Math.sin(xi[0]) / 2),
  inDomain: (xi) => {
    if (xi.length !== 1 || !(xi[0] > 0 && xi[0] < Math.PI)) return false;
    const s = Math.sin(xi[0] / 2);
    return s * s < 1;
  },
};

/**
 * The Bernoulli family's coordinate systems by name: `p`, `logit`, `arcsine`.
 * @example bernoulliReparams.arcsine.fromSource(Float64Array.of(0.5)) // [1.5707963267948968] (pi / 2, to 1 ulp)
 */
export const bernoulliReparams: Readonly<Record<'p' | 'logit' | 'arcsine', Reparam>> = { p, logit, arcsine };
