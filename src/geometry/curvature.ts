/**
 * Curvature of a connection or metric from its Christoffel symbols.
 *
 * Riemann tensor (convention of Misner, Thorne and Wheeler; R(u, v) w = R^r_smn w^s u^m v^n):
 * R^r_smn = d_m Gamma^r_ns - d_n Gamma^r_ms + Gamma^r_ml Gamma^l_ns - Gamma^r_nl Gamma^l_ms,
 * Ricci R_sn = R^r_srn, scalar S = g^sn R_sn, sectional
 * K(u, v) = g(R(u, v) v, u) / (g(u, u) g(v, v) - g(u, v)^2), so the unit sphere has K = +1 and
 * the Fisher metric of the univariate normal in (mu, sigma), diag(1, 2) / sigma^2, has K = -1/2
 * everywhere (in 2-D, S = 2 K). The derivatives of Gamma are Richardson-extrapolated central
 * differences. Reference: do Carmo (1992), Riemannian Geometry, ch. 4; Amari (2016), sec. 5.
 */
import { solveSPDMulti } from '../linalg/index.js';
import { InfogeoError } from '../errors.js';
import { checkConnection, checkCoordinateVector, checkPoint, metricInner, type Connection, type Metric } from './connection.js';
import { richardsonJacobian } from './metric.js';

/** R^r_smn into out[((r n + s) n + m) n + n'] for a checked point; kernel for the public functions. */
function riemannAt(c: Connection, x: Float64Array, out: Float64Array): Float64Array {
  const n = c.dim;
  const n3 = n * n * n;
  const gamma = c.christoffel(x, new Float64Array(n3));
  // dG[m * n^3 + (k n + i) n + j] = d_m Gamma^k_ij
  const dG = richardsonJacobian(new Float64Array(n * n3), (y, o) => c.christoffel(y, o), x, n3, (y) => c.inDomain(y));
  for (let r = 0; r < n; r++) {
    for (let s = 0; s < n; s++) {
      for (let m = 0; m < n; m++) {
        for (let q = 0; q < n; q++) {
          let v = dG[m * n3 + (r * n + q) * n + s] - dG[q * n3 + (r * n + m) * n + s];
          for (let l = 0; l < n; l++) {
            v += gamma[(r * n + m) * n + l] * gamma[(l * n + q) * n + s] - gamma[(r * n + q) * n + l] * gamma[(l * n + m) * n + s];
          }
          out[((r * n + s) * n + m) * n + q] = v;
        }
      }
    }
  }
  return out;
}

function checkFiniteResult(where: string, x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new InfogeoError(where, 'x', Array.from(x), 'a point where the connection is smooth and finite', 'the curvature was not finite');
  }
  return out;
}

/**
 * The Riemann curvature tensor of a connection at x: R^r_smn at index ((r n + s) n + m) n + n'
 * of a fresh Float64Array of length n^4 (antisymmetric in the last two indices).
 *
 * @param conn - a Connection or Metric of dimension n; x - a point of its domain
 * @throws InfogeoError for a point outside the domain or a non-finite result
 * @example riemann(familyMetric(normalFamily), [0, 1])[((1 * 2 + 0) * 2 + 0) * 2 + 1] // R^sigma_mu,mu,sigma = 0.5
 */
export function riemann(conn: Connection, x: ArrayLike<number>): Float64Array {
  const where = 'riemann';
  const c = checkConnection(where, 'conn', conn);
  const p = checkPoint(where, 'x', c, x);
  return checkFiniteResult(where, p, riemannAt(c, p, new Float64Array(c.dim ** 4)));
}

function ricciAt(c: Connection, x: Float64Array): Float64Array {
  const n = c.dim;
  const r4 = riemannAt(c, x, new Float64Array(n ** 4));
  const out = new Float64Array(n * n);
  for (let s = 0; s < n; s++) {
    for (let q = 0; q < n; q++) {
      let v = 0;
      for (let r = 0; r < n; r++) v += r4[((r * n + s) * n + r) * n + q];
      out[s * n + q] = v;
    }
  }
  return out;
}

/**
 * The Ricci tensor R_sn = R^r_srn at x (row-major n x n; symmetric for a Levi-Civita connection).
 *
 * @throws InfogeoError for a point outside the domain or a non-finite result
 * @example ricci(familyMetric(normalFamily), [0, 1]) // [-0.5, 0, 0, -1] = -(1/2) g
 */
export function ricci(conn: Connection, x: ArrayLike<number>): Float64Array {
  const where = 'ricci';
  const c = checkConnection(where, 'conn', conn);
  const p = checkPoint(where, 'x', c, x);
  return checkFiniteResult(where, p, ricciAt(c, p));
}

/**
 * The scalar curvature S = g^sn R_sn of a metric at x (for a surface, twice the Gaussian
 * curvature).
 *
 * @throws InfogeoError for a non-metric, a point outside the domain or a non-finite result
 * @example scalarCurvature(familyMetric(normalFamily), [3, 0.5]) // -1 (to about 1e-10)
 */
export function scalarCurvature(metric: Metric, x: ArrayLike<number>): number {
  const where = 'scalarCurvature';
  const m = checkConnection<Metric>(where, 'metric', metric, true);
  const p = checkPoint(where, 'x', m, x);
  const n = m.dim;
  const ric = ricciAt(m, p);
  // g^sn R_sn = trace(g^{-1} Ric)
  const sol = solveSPDMulti(new Float64Array(n * n), m.metric(p, new Float64Array(n * n)), ric, n, n);
  if (sol === null) throw new InfogeoError(where, 'x', x, 'a point where the metric is positive definite');
  let s = 0;
  for (let i = 0; i < n; i++) s += sol[i * n + i];
  if (!Number.isFinite(s)) throw new InfogeoError(where, 'x', x, 'a point where the metric is smooth and finite', 'the curvature was not finite');
  return s;
}

/**
 * The sectional curvature of the plane spanned by u and v at x:
 * K = g(R(u, v) v, u) / (g(u, u) g(v, v) - g(u, v)^2), with R(u, v) v = R^r_smn v^s u^m v^n.
 *
 * @param metric - a Metric; x - a point of its domain; u, v - linearly independent vectors
 * @throws InfogeoError for a point outside the domain or (numerically) parallel u and v
 * @example sectionalCurvature(familyMetric(normalFamily), [0, 2], [1, 0], [0, 1]) // -0.5
 */
export function sectionalCurvature(metric: Metric, x: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>): number {
  const where = 'sectionalCurvature';
  const m = checkConnection<Metric>(where, 'metric', metric, true);
  const p = checkPoint(where, 'x', m, x);
  const n = m.dim;
  const uu = checkCoordinateVector(where, 'u', u, n);
  const vv = checkCoordinateVector(where, 'v', v, n);
  const g = m.metric(p, new Float64Array(n * n));
  const guu = metricInner(g, uu, uu, n);
  const gvv = metricInner(g, vv, vv, n);
  const guv = metricInner(g, uu, vv, n);
  const area = guu * gvv - guv * guv;
  if (!(area > 1e-24 * guu * gvv)) throw new InfogeoError(where, 'u, v', [Array.from(uu), Array.from(vv)], 'two linearly independent tangent vectors');
  const r4 = riemannAt(m, p, new Float64Array(n ** 4));
  const rw = new Float64Array(n); // R(u, v) v
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        for (let q = 0; q < n; q++) s += r4[((r * n + a) * n + b) * n + q] * vv[a] * uu[b] * vv[q];
      }
    }
    rw[r] = s;
  }
  const k = metricInner(g, rw, uu, n) / area;
  if (!Number.isFinite(k)) throw new InfogeoError(where, 'x', x, 'a point where the metric is smooth and finite', 'the curvature was not finite');
  return k;
}
