/**
 * Amari's alpha-connections of an exponential family, in natural, expectation or source
 * coordinates.
 *
 * In lower-index form Gamma^(alpha)_lij = Gamma^(0)_lij - (alpha / 2) T_lij, where Gamma^(0) is
 * the Levi-Civita connection of the Fisher metric and T the cubic (skewness) tensor
 * T_ijk = E[d_i l d_j l d_k l] = d_i d_j d_k F in natural coordinates, a covariant 3-tensor
 * transformed to other coordinates by T'_ijk = T_abc J_ai J_bj J_ck with J = d theta / d x'.
 * In natural coordinates d_k g_ij = T_ijk, so Gamma^(0) = T / 2 and Gamma^(alpha) =
 * (1 - alpha) T / 2: the e-connection (alpha = 1) is flat there, and e-geodesics are straight
 * lines in theta. In expectation coordinates Gamma^(0) = -T' / 2 and Gamma^(alpha) =
 * -(1 + alpha) T' / 2: the m-connection (alpha = -1) is flat in eta. Indices are raised with
 * the Fisher metric. Reference: Amari and Nagaoka (2000), Methods of Information Geometry,
 * sec. 2.3 and 3.3; Amari (2016), Information Geometry and Its Applications, sec. 6.
 */
import type { ExponentialFamily } from '../families/family.js';
import { invSPD, solveSPDMulti } from '../linalg/index.js';
import { InfogeoError } from '../errors.js';
import type { Connection } from './connection.js';
import { checkFamilyCoords, cubicTensor, familyMetric, koszulLower, transformCubic, type FamilyCoords, type FamilyMetric } from './metric.js';

/** An alpha-connection of an exponential family in one coordinate system. */
export interface AlphaConnection extends Connection {
  readonly alpha: number;
  readonly coords: FamilyCoords;
  readonly family: ExponentialFamily<unknown>;
  /** The Fisher metric in the same coordinates (whose Levi-Civita connection is alpha = 0). */
  readonly fisher: FamilyMetric;
  /** The cubic tensor T_ijk in these coordinates, written into `out` (n^3) and returned. */
  cubic(x: Float64Array, out: Float64Array): Float64Array;
}

/**
 * The alpha-connection Gamma^(alpha) = Gamma^(0) - (alpha / 2) T of an exponential family as a
 * Connection over flat coordinate vectors in `coords`. alpha = 1 is the exponential connection
 * (Christoffel symbols exactly 0 in natural coordinates), alpha = -1 the mixture connection
 * (exactly 0 in expectation coordinates), alpha = 0 the Levi-Civita connection of the Fisher
 * metric. The cubic tensor is taken numerically from the family's Hessian (relative accuracy
 * about 1e-12).
 *
 * @param family - an ExponentialFamily such as `gammaFamily`
 * @param alpha - any finite number
 * @param coords - 'source' (default), 'natural' or 'expectation'
 * @throws InfogeoError for a non-finite alpha, a non-family or unknown coords
 * @example
 * const e = alphaConnection(normalFamily, 1, 'natural');
 * e.christoffel(normal(0, 1).theta, new Float64Array(8)) // Float64Array(8) [0, 0, 0, 0, 0, 0, 0, 0]
 */
export function alphaConnection(family: ExponentialFamily<unknown>, alpha: number, coords: FamilyCoords = 'source'): AlphaConnection {
  const where = 'alphaConnection';
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new InfogeoError(where, 'alpha', alpha, 'a finite number');
  const c = checkFamilyCoords(where, coords);
  const fisher = familyMetric(family, c);
  const f = fisher.family;
  const n = f.dim;
  const nn = n * n;
  const theta = new Float64Array(n);
  const tNat = new Float64Array(n * nn);
  const m = new Float64Array(nn);
  const hs = new Float64Array(nn);

  const cubic = (x: Float64Array, out: Float64Array): Float64Array => {
    if (c === 'natural') return cubicTensor(f, x, out);
    if (c === 'expectation') {
      f.thetaFromEta(x, theta);
      // d theta / d eta = (Hess F)^{-1}
      if (invSPD(m, f.hessLogPartition(theta, hs), n) === null) return out.fill(Number.NaN, 0, n * nn);
    } else {
      f.thetaFromSource(x, theta);
      f.sourceJacobian(x, m);
    }
    cubicTensor(f, theta, tNat);
    return transformCubic(out, tNat, m, n);
  };

  const gs = new Float64Array(nn);
  const lower = new Float64Array(n * nn);
  const ts = new Float64Array(n * nn);
  const christoffel = (x: Float64Array, out: Float64Array): Float64Array => {
    cubic(x, ts);
    if (c === 'natural') {
      for (let i = 0; i < n * nn; i++) lower[i] = 0.5 * (1 - alpha) * ts[i];
    } else if (c === 'expectation') {
      for (let i = 0; i < n * nn; i++) lower[i] = -0.5 * (1 + alpha) * ts[i];
    } else {
      koszulLower(lower, fisher.metricDerivative(x, new Float64Array(n * nn)), n);
      for (let i = 0; i < n * nn; i++) lower[i] -= 0.5 * alpha * ts[i];
    }
    fisher.metric(x, gs);
    if (solveSPDMulti(out, gs, lower, n, nn) === null) out.fill(Number.NaN, 0, n * nn);
    return out;
  };

  return { dim: n, alpha, coords: c, family: f, fisher, cubic, christoffel, inDomain: fisher.inDomain };
}
