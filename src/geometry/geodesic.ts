/**
 * Geodesics of a connection: initial-value problems x'' + Gamma(x)(x', x') = 0 by the adaptive
 * DOP853 integrator with dense output, boundary-value problems by shooting with Newton's method
 * on the initial velocity (the Jacobian d x(1) / d v0 from the Jacobi-field equations
 * J'' = -(d_m Gamma)(x', x') J^m - 2 Gamma(x', J'), J(0) = 0, J'(0) = I, integrated alongside),
 * exponential and logarithm maps in coordinates, lengths by quadrature and parallel transport
 * w' + Gamma(x', w) = 0 along a curve. Reference: do Carmo (1992), Riemannian Geometry, ch. 3
 * and 5; Stoer and Bulirsch (2002), Introduction to Numerical Analysis, sec. 7.3 (shooting).
 */
import { dop853 as odeSolve, type DenseSolution } from '../numeric/dop853.js';
import { integrate } from '../numeric/quadrature.js';
import { InfogeoError, formatValue } from '../errors.js';
import {
  checkConnection,
  checkCoordinateVector,
  checkPoint,
  contractChristoffel,
  metricInner,
  type Connection,
  type Metric,
} from './connection.js';
import { geodesicAtol, integrateGeodesic, solveShooting } from './shooting.js';

/** A curve t -> x(t): a function, or an object with position and velocity (a geodesic result). */
export type Curve =
  | ((t: number) => ArrayLike<number>)
  | { x(t: number, out?: Float64Array): Float64Array; v(t: number, out?: Float64Array): Float64Array };

/** A geodesic from an initial-value problem. */
export interface GeodesicIVP {
  /** Position and velocity at t in [0, t1] (7th-order interpolation), fresh unless `out` is given. */
  x(t: number, out?: Float64Array): Float64Array;
  v(t: number, out?: Float64Array): Float64Array;
  /** Position and velocity at t1. */
  end: { x: Float64Array; v: Float64Array };
  /** Accepted integration steps. */
  steps: number;
}

/** A geodesic from a boundary-value problem. */
export interface GeodesicBVP {
  /** Position and velocity at t in [0, 1] along the best shot found. */
  x(t: number, out?: Float64Array): Float64Array;
  v(t: number, out?: Float64Array): Float64Array;
  /** Initial velocity of the best shot. */
  v0: Float64Array;
  /**
   * Relative miss of the endpoint: with a metric, the length of x(1) - x1 in the metric at x1
   * divided by the geodesic's length; otherwise max_i |x(1)_i - x1_i| / max(|x0_i|, |x1_i|).
   */
  residual: number;
  /** Newton iterations taken. */
  iterations: number;
  /** Whether residual <= tol (or the miss is at the rounding level of the coordinates). */
  converged: boolean;
  /** Riemannian length sqrt(g(v0, v0)) of the geodesic (NaN for a connection without a metric). */
  length: number;
}

function hasMetric(c: Connection): c is Metric {
  return typeof (c as Partial<Metric>).metric === 'function';
}

function checkTol(where: string, tol: unknown, def: number): number {
  if (tol === undefined) return def;
  if (typeof tol !== 'number' || !(tol >= 1e-15 && tol <= 1e-2)) throw new InfogeoError(where, 'tol', tol, 'a number in [1e-15, 1e-2]');
  return tol;
}

function slices(dense: DenseSolution, n: number): Pick<GeodesicIVP, 'x' | 'v'> {
  const buf = new Float64Array(2 * n);
  return {
    x: (t, out) => {
      dense.at(t, buf);
      const o = out ?? new Float64Array(n);
      o.set(buf.subarray(0, n));
      return o;
    },
    v: (t, out) => {
      dense.at(t, buf);
      const o = out ?? new Float64Array(n);
      o.set(buf.subarray(n, 2 * n));
      return o;
    },
  };
}

/**
 * The geodesic with x(0) = x0, x'(0) = v0 of a connection, on [0, t1], by DOP853 at relative
 * tolerance `tol` (global error typically 10-100 tol), with 7th-order dense output.
 *
 * @param conn - a Connection or Metric (e.g. `familyMetric(normalFamily)`)
 * @param x0 - a point of the domain; v0 - a finite tangent vector (coordinates)
 * @param opts - t1 (default 1, any finite number), tol (default 1e-12, in [1e-15, 1e-2])
 * @throws InfogeoError for a point outside the domain, bad vectors or options, or when the
 *   geodesic leaves the domain (or the integrator stalls) before t1
 * @example
 * const g = geodesicIVP(familyMetric(normalFamily), [0, 1], [1, 0]);
 * g.end.x // leaving N(0, 1) along mu it arcs down in sigma (a semicircle in (mu / sqrt 2, sigma)):
 * // Float64Array [0.8610571715806355, 0.7932781817464112] = (sqrt 2 tanh(1/sqrt 2), sech(1/sqrt 2))
 */
export function geodesicIVP(conn: Connection, x0: ArrayLike<number>, v0: ArrayLike<number>, opts: { t1?: number; tol?: number } = {}): GeodesicIVP {
  const where = 'geodesicIVP';
  const c = checkConnection(where, 'conn', conn);
  const x = checkPoint(where, 'x0', c, x0);
  const v = checkCoordinateVector(where, 'v0', v0, c.dim);
  const t1 = opts.t1 ?? 1;
  if (typeof t1 !== 'number' || !Number.isFinite(t1)) throw new InfogeoError(where, 't1', t1, 'a finite number');
  const tol = checkTol(where, opts.tol, 1e-12);
  const n = c.dim;
  const r = integrateGeodesic(c, x, v, t1, tol, geodesicAtol(x, v, null, t1, tol), true);
  if (r.status !== 'success') {
    throw new InfogeoError(where, 'v0', v0, `a tangent vector whose geodesic stays inside the domain up to t1 = ${t1}`, `integration stopped at t = ${r.t} (${r.status})`);
  }
  return { ...slices(r.dense as DenseSolution, n), end: { x: r.y.slice(0, n), v: r.y.slice(n, 2 * n) }, steps: r.steps };
}

/** Initial velocity of a warm-start curve by one-sided Richardson differences at t = 0. */
function initialVelocity(where: string, init: (t: number) => ArrayLike<number>, n: number): Float64Array {
  const at = (t: number): Float64Array => {
    let p: unknown;
    try {
      p = init(t);
    } catch (e) {
      throw new InfogeoError(where, 'init', init, 'a curve t -> point defined on [0, 1]', `init(${t}) threw: ${(e as Error).message}`);
    }
    return checkCoordinateVector(where, `init(${t})`, p, n);
  };
  const h = 2 ** -10;
  const p0 = at(0);
  const [p1, p2, p4] = [at(h), at(h / 2), at(h / 4)];
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d1 = (p1[i] - p0[i]) / h;
    const d2 = (p2[i] - p0[i]) / (h / 2);
    const d4 = (p4[i] - p0[i]) / (h / 4);
    v[i] = (4 * (2 * d4 - d2) - (2 * d2 - d1)) / 3;
  }
  return v;
}

/**
 * The geodesic from x0 (t = 0) to x1 (t = 1) by single shooting: Newton's method on the initial
 * velocity, with the Jacobian from the Jacobi-field equations and backtracking, started from
 * `opts.v0`, else the initial velocity of `opts.init` (for example an e- or m-geodesic or a
 * closed form), else the straight line x1 - x0. When that start is poor or Newton stalls, it
 * continues along the targets init(s) (or the straight segment), s from 0 to 1, each solved
 * from the previous one. It does not throw when this fails: the result says
 * `converged: false` and carries the best residual reached; callers must check it. The
 * returned curve x(t) is integrated (once, lazily) at the tolerance of the final shot.
 *
 * @param conn - a Connection or Metric; x0, x1 - points of its domain
 * @param opts - init (t -> point warm start, init(0) = x0, init(1) = x1), v0 (initial velocity
 *   warm start), tol (default 1e-10, in [1e-15, 1e-2]: the relative endpoint miss accepted;
 *   shots are integrated at min(1e-12, tol / 100)), maxIter (default 50 Newton iterations in all)
 * @throws InfogeoError for points outside the domain or bad options
 * @example
 * const b = geodesicBVP(familyMetric(normalFamily), [0, 1], [1, 1]);
 * b.converged // true
 * b.length    // 0.98025814346853 = 2 sqrt 2 asinh(1 / (2 sqrt 2)), the Fisher-Rao distance of N(0, 1) and N(1, 1)
 */
export function geodesicBVP(
  conn: Connection,
  x0: ArrayLike<number>,
  x1: ArrayLike<number>,
  opts: { init?: (t: number) => ArrayLike<number>; v0?: ArrayLike<number>; tol?: number; maxIter?: number } = {},
): GeodesicBVP {
  const where = 'geodesicBVP';
  const c = checkConnection(where, 'conn', conn);
  const a = checkPoint(where, 'x0', c, x0);
  const b = checkPoint(where, 'x1', c, x1);
  const tol = checkTol(where, opts.tol, 1e-10);
  const maxIter = opts.maxIter ?? 50;
  if (typeof maxIter !== 'number' || !Number.isInteger(maxIter) || maxIter < 0) throw new InfogeoError(where, 'maxIter', maxIter, 'an integer >= 0');
  if (opts.init !== undefined && typeof opts.init !== 'function') throw new InfogeoError(where, 'init', opts.init, 'a function t -> point');
  const n = c.dim;
  const v = opts.v0 !== undefined ? checkCoordinateVector(where, 'v0', opts.v0, n) : opts.init ? initialVelocity(where, opts.init, n) : b.map((bi, i) => bi - a[i]);
  const odeTol = Math.min(1e-12, tol / 100);
  const init = opts.init;
  const path = init ? (s: number) => checkCoordinateVector(where, `init(${s})`, init(s), n) : undefined;
  const sol = solveShooting(c, a, b, v, { tol, maxIter, odeTol, path });
  const res = sol.residual;
  const iterations = sol.iterations;
  const converged = sol.converged;
  const metric = hasMetric(c) ? c : null;
  const v0 = sol.v0;
  const atol = geodesicAtol(a, v0, b, 1, odeTol);
  let dense: Pick<GeodesicIVP, 'x' | 'v'> | null = null;
  const lazy = (): Pick<GeodesicIVP, 'x' | 'v'> => {
    if (dense === null) {
      const r = integrateGeodesic(c, a, v0, 1, odeTol, atol, true);
      if (r.status !== 'success') throw new InfogeoError(where, 'x1', x1, 'a point joined to x0 by a geodesic inside the domain', `the best shot leaves the domain at t = ${r.t}`);
      dense = slices(r.dense as DenseSolution, n);
    }
    return dense;
  };
  return {
    x: (t, out) => lazy().x(t, out),
    v: (t, out) => lazy().v(t, out),
    v0: v0.slice(),
    residual: res,
    iterations,
    converged,
    length: metric ? Math.sqrt(Math.max(0, metricInner(metric.metric(a, new Float64Array(n * n)), v0, v0, n))) : Number.NaN,
  };
}

/**
 * The exponential map in coordinates: the point x(1) of the geodesic with x(0) = x,
 * x'(0) = v. See `geodesicIVP` for options and errors.
 *
 * @example expMapCoords(familyMetric(normalFamily), [0, 1], [0, 1]) // Float64Array [0, 2.71828182845...] (sigma e^{v / sigma})
 */
export function expMapCoords(conn: Connection, x: ArrayLike<number>, v: ArrayLike<number>, opts: { tol?: number } = {}): Float64Array {
  return geodesicIVP(conn, x, v, { tol: opts.tol }).end.x;
}

/**
 * The logarithm map in coordinates: the initial velocity v of the geodesic from x reaching y at
 * t = 1 (so expMapCoords(x, v) = y), by `geodesicBVP` with the same options.
 *
 * @throws InfogeoError when the shooting method does not converge (the message gives the
 *   residual reached), besides the errors of `geodesicBVP`
 * @example logMapCoords(familyMetric(normalFamily), [0, 1], [0, Math.E]) // Float64Array [0, 1.0000000000003] (to 1e-12)
 */
export function logMapCoords(
  conn: Connection,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: { init?: (t: number) => ArrayLike<number>; v0?: ArrayLike<number>; tol?: number; maxIter?: number } = {},
): Float64Array {
  const r = geodesicBVP(conn, x, y, opts);
  if (!r.converged) {
    throw new InfogeoError('logMapCoords', 'y', y, 'a point the geodesic shooting method reaches from x', `Newton stopped after ${r.iterations} iterations with relative residual ${formatValue(r.residual)}`);
  }
  return r.v0;
}

/** Position and velocity accessors for a curve given as a function or as an {x, v} object. */
function curveAccess(where: string, path: unknown, n: number, t0: number, t1: number): { pos: (t: number) => Float64Array; vel: (t: number) => Float64Array } {
  if (path !== null && typeof path === 'object' && typeof (path as { x?: unknown }).x === 'function' && typeof (path as { v?: unknown }).v === 'function') {
    const p = path as { x(t: number): Float64Array; v(t: number): Float64Array };
    return { pos: (t) => checkCoordinateVector(where, 'path.x(t)', p.x(t), n), vel: (t) => checkCoordinateVector(where, 'path.v(t)', p.v(t), n) };
  }
  if (typeof path !== 'function') throw new InfogeoError(where, 'path', path, 'a curve: a function t -> point, or an object with x(t) and v(t)');
  const f = path as (t: number) => ArrayLike<number>;
  const pos = (t: number): Float64Array => checkCoordinateVector(where, `path(${t})`, f(t), n);
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  // Central Richardson differences (h, h/2) with the stencil kept inside [t0, t1].
  const vel = (t: number): Float64Array => {
    const h = Math.min(2 ** -8 * (hi - lo), t - lo, hi - t);
    const out = new Float64Array(n);
    if (!(h > 0)) {
      // At an end: one-sided, second-order Richardson.
      const s = t <= lo ? 1 : -1;
      const d = 2 ** -12 * (hi - lo) * s;
      const [p0, p1, p2] = [pos(t), pos(t + d), pos(t + d / 2)];
      for (let i = 0; i < n; i++) out[i] = (2 * (p2[i] - p0[i]) / (d / 2) - (p1[i] - p0[i]) / d);
      return out;
    }
    const [p1, m1, p2, m2] = [pos(t + h), pos(t - h), pos(t + h / 2), pos(t - h / 2)];
    for (let i = 0; i < n; i++) out[i] = (4 * ((p2[i] - m2[i]) / h) - (p1[i] - m1[i]) / (2 * h)) / 3;
    return out;
  };
  return { pos, vel };
}

/**
 * The Riemannian length of a curve, L = int_{t0}^{t1} sqrt(g_x(t)(x'(t), x'(t))) dt, by adaptive
 * Gauss-Legendre quadrature. The velocity is the curve's own `v(t)` when it has one, else
 * Richardson differences of x(t).
 *
 * @param metric - a Metric; path - a function t -> point or an {x, v} curve (e.g. a geodesic)
 * @param opts - t0 (default 0), t1 (default 1), tol (relative, default 1e-12)
 * @throws InfogeoError for a bad metric, path or a point of the path outside the domain
 * @example geodesicLength(familyMetric(normalFamily), (t) => [t, 1]) // 1 (|dmu| / sigma)
 */
export function geodesicLength(metric: Metric, path: Curve, opts: { t0?: number; t1?: number; tol?: number } = {}): number {
  const where = 'geodesicLength';
  const m = checkConnection<Metric>(where, 'metric', metric, true);
  const t0 = opts.t0 ?? 0;
  const t1 = opts.t1 ?? 1;
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || !(t0 < t1)) throw new InfogeoError(where, 't0, t1', [t0, t1], 'finite numbers with t0 < t1');
  const tol = checkTol(where, opts.tol, 1e-12);
  const n = m.dim;
  const { pos, vel } = curveAccess(where, path, n, t0, t1);
  const g = new Float64Array(n * n);
  const speed = (t: number): number => {
    const x = pos(t);
    if (!m.inDomain(x)) throw new InfogeoError(where, `path(${t})`, x, 'a point inside the coordinate domain of the manifold');
    const v = vel(t);
    return Math.sqrt(Math.max(0, metricInner(m.metric(x, g), v, v, n)));
  };
  return integrate(speed, t0, t1, { relTol: tol, absTol: 1e-300 }).value;
}

/**
 * Parallel transport of w0 along a curve: the solution of w' + Gamma(x(t))(x'(t), w) = 0,
 * w(t0) = w0, by DOP853 at relative tolerance `tol`. Along a Levi-Civita connection it
 * preserves the metric inner product of any two transported vectors.
 *
 * @param conn - a Connection or Metric; path - a function t -> point or an {x, v} curve
 * @param w0 - the tangent vector at x(t0)
 * @param opts - t0 (default 0), t1 (default 1), tol (default 1e-12)
 * @returns w(t) on the interval (dense, 7th order) and its value at t1
 * @throws InfogeoError for bad arguments, a path leaving the domain, or a failed integration
 * @example
 * const g = familyMetric(normalFamily);
 * parallelTransport(g, (t) => [0, 1 + t], [1, 0]).end // Float64Array [2, 0] (w scales with sigma)
 */
export function parallelTransport(
  conn: Connection,
  path: Curve,
  w0: ArrayLike<number>,
  opts: { t0?: number; t1?: number; tol?: number } = {},
): { w(t: number, out?: Float64Array): Float64Array; end: Float64Array; steps: number } {
  const where = 'parallelTransport';
  const c = checkConnection(where, 'conn', conn);
  const n = c.dim;
  const t0 = opts.t0 ?? 0;
  const t1 = opts.t1 ?? 1;
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || t0 === t1) throw new InfogeoError(where, 't0, t1', [t0, t1], 'finite numbers with t0 != t1');
  const tol = checkTol(where, opts.tol, 1e-12);
  const w = checkCoordinateVector(where, 'w0', w0, n);
  const { pos, vel } = curveAccess(where, path, n, t0, t1);
  checkPoint(where, `path(${t0})`, c, pos(t0));
  const gamma = new Float64Array(n * n * n);
  const rhs = (t: number, y: Float64Array, dy: Float64Array): void => {
    const x = pos(t);
    if (!c.inDomain(x)) {
      dy.fill(Number.NaN);
      return;
    }
    contractChristoffel(dy, c.christoffel(x, gamma), vel(t), y, n);
    for (let i = 0; i < n; i++) dy[i] = -dy[i];
  };
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(w[i]));
  const r = odeSolve(rhs, t0, w, t1, { rtol: tol, atol: tol * (top > 0 ? top : 1) * 1e-3, denseOutput: true });
  if (r.status !== 'success') throw new InfogeoError(where, 'path', path, 'a curve inside the domain on [t0, t1]', `integration stopped at t = ${r.t} (${r.status})`);
  const dense = r.dense as DenseSolution;
  return { w: (t, out) => dense.at(t, out), end: r.y, steps: r.steps };
}
