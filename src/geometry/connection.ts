/**
 * Affine connections and metrics on a coordinate chart, the common currency of the geometry
 * folder: everything downstream (geodesics, exp/log, parallel transport, curvature) needs only
 * the Christoffel symbols, and a metric adds the inner product.
 *
 * Index conventions (all arrays row-major Float64Array, n = dim):
 * - Christoffel symbols Gamma^k_ij at `out[(k * n + i) * n + j]` (symmetric in i, j for the
 *   torsion-free connections built here);
 * - metric g_ij at `out[i * n + j]`;
 * - metric derivative d_k g_ij = d g_ij / d x^k at `out[(k * n + i) * n + j]`.
 *
 * Reference: do Carmo (1992), Riemannian Geometry, ch. 2-3; Amari (2016), Information Geometry
 * and Its Applications, ch. 5-6.
 */
import { InfogeoError } from '../errors.js';

/**
 * An affine connection on an open set of R^dim, given by its Christoffel symbols.
 *
 * `christoffel` is a hot-path kernel: it writes into `out` (length dim^3) and returns it, does
 * not validate `x`, and may return non-finite values outside the domain; callers check
 * `inDomain` first.
 */
export interface Connection {
  /** Dimension of the coordinate chart. */
  readonly dim: number;
  /** Gamma^k_ij(x) at out[(k * dim + i) * dim + j]. `out` must not alias `x`. */
  christoffel(x: Float64Array, out: Float64Array): Float64Array;
  /** Whether x lies in the (open) coordinate domain. */
  inDomain(x: Float64Array): boolean;
}

/**
 * A Riemannian metric on a coordinate chart together with its Levi-Civita connection
 * (`christoffel` returns the Levi-Civita symbols of `metric`).
 */
export interface Metric extends Connection {
  /** g_ij(x), row-major dim x dim, symmetric positive definite in the domain. */
  metric(x: Float64Array, out: Float64Array): Float64Array;
  /** d_k g_ij(x) at out[(k * dim + i) * dim + j]. */
  metricDerivative(x: Float64Array, out: Float64Array): Float64Array;
}

/**
 * The quadratic form of a connection: out^k = Gamma^k_ij u^i w^j (the acceleration term of the
 * geodesic equation x'' + Gamma(x', x') = 0 when u = w = x').
 *
 * Kernel: no validation, no allocation. `out` (length n) must not alias `u` or `w`.
 *
 * @example contractChristoffel(new Float64Array(1), Float64Array.of(2), Float64Array.of(3), Float64Array.of(5), 1)
 * // Float64Array [30]
 */
export function contractChristoffel(
  out: Float64Array,
  gamma: Float64Array,
  u: Float64Array,
  w: Float64Array,
  n: number,
): Float64Array {
  for (let k = 0; k < n; k++) {
    let s = 0;
    const base = k * n * n;
    for (let i = 0; i < n; i++) {
      const ui = u[i];
      if (ui === 0) continue;
      const row = base + i * n;
      let t = 0;
      for (let j = 0; j < n; j++) t += gamma[row + j] * w[j];
      s += ui * t;
    }
    out[k] = s;
  }
  return out;
}

/**
 * The inner product g(u, w) = g_ij u^i w^j for a row-major n x n metric matrix g.
 *
 * @example metricInner(Float64Array.of(1, 0, 0, 2), Float64Array.of(1, 1), Float64Array.of(3, 4), 2) // 11
 */
export function metricInner(g: Float64Array, u: Float64Array, w: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < n; j++) t += g[i * n + j] * w[j];
    s += u[i] * t;
  }
  return s;
}

/** Duck-typed check that `c` is a Connection; throws InfogeoError naming `param` otherwise. */
export function checkConnection<C extends Connection>(where: string, param: string, c: unknown, needMetric = false): C {
  const o = c as Partial<Metric> | null;
  const ok =
    o !== null &&
    typeof o === 'object' &&
    typeof o.dim === 'number' &&
    Number.isInteger(o.dim) &&
    o.dim >= 1 &&
    typeof o.christoffel === 'function' &&
    typeof o.inDomain === 'function' &&
    (!needMetric || (typeof o.metric === 'function' && typeof o.metricDerivative === 'function'));
  if (!ok) {
    throw new InfogeoError(where, param, c, needMetric ? 'a Metric (dim, metric, metricDerivative, christoffel, inDomain)' : 'a Connection (dim, christoffel, inDomain)');
  }
  return c as C;
}

/**
 * Copies `x` into a fresh Float64Array after checking it is a finite vector of length
 * `conn.dim` inside the connection's domain; throws InfogeoError naming `param` otherwise.
 */
export function checkPoint(where: string, param: string, conn: Connection, x: unknown): Float64Array {
  const v = checkCoordinateVector(where, param, x, conn.dim);
  if (!conn.inDomain(v)) {
    throw new InfogeoError(where, param, x, 'a point inside the coordinate domain of the manifold');
  }
  return v;
}

/** A finite vector of the given length as a fresh Float64Array; throws InfogeoError otherwise. */
export function checkCoordinateVector(where: string, param: string, x: unknown, n: number): Float64Array {
  if (!(Array.isArray(x) || x instanceof Float64Array) || (x as ArrayLike<unknown>).length !== n) {
    throw new InfogeoError(where, param, x, `an array of ${n} finite numbers`);
  }
  const arr = x as ArrayLike<unknown>;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = arr[i];
    if (typeof xi !== 'number' || !Number.isFinite(xi)) throw new InfogeoError(where, `${param}[${i}]`, xi, 'a finite number');
    out[i] = xi;
  }
  return out;
}
