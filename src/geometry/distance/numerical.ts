/**
 * Fisher-Rao distances, geodesics and exp/log for any exponential family by solving the geodesic
 * equation numerically, with bounds that bracket the distance.
 *
 * The boundary-value problem is solved by `geodesicBVP` (shooting with Newton's method on the
 * initial velocity, Jacobi fields for the Jacobian) for the family's Fisher metric in source
 * coordinates, or in natural coordinates for the von Mises family (its source angle mu is
 * periodic and its polar chart is singular at kappa = 0, where the natural chart is smooth). The
 * shot is warm-started from the shorter of the e-geodesic (straight in theta) and the
 * m-geodesic (straight in eta), and retried from the other one if Newton does not converge.
 *
 * Bounds, computed without the boundary-value problem:
 * - lower: 2 arccos(BC(p, q)) with BC = int sqrt(p q) the Bhattacharyya coefficient, the
 *   great-circle distance between 2 sqrt(p) and 2 sqrt(q) on the sphere of radius 2 in L2, on
 *   which the Fisher metric is the induced one (so every path in the family is at least as
 *   long); for mvNormal also the Calvo-Oller embedding bound (mvNormal.ts);
 * - upper: the lengths of the e- and m-geodesics (integrals of the speed in the Fisher metric,
 *   sqrt(dtheta^T Hess F(theta(t)) dtheta) and sqrt(deta^T Hess F(theta(eta(t)))^{-1} deta)), and
 *   for mvNormal the two-leg product paths.
 * Reference: Amari (2016), Information Geometry and Its Applications, ch. 1-2; Kass and Vos
 * (1997), Geometrical Foundations of Asymptotic Inference, sec. 2.3 (the sqrt-density sphere).
 */
import type { ExponentialFamily } from '../../families/family.js';
import { fromSource, fromTheta } from '../../families/distribution.js';
import { thetaFromEta } from '../../families/derive.js';
import { familyMetric, metricFromFunction } from '../metric.js';
import type { Metric } from '../connection.js';
import { betaMetric, dirichletMetric, gammaMetric } from './polygammaMetrics.js';
import { expMapCoords, geodesicBVP, type GeodesicBVP } from '../geodesic.js';
import { integrate } from '../../numeric/quadrature.js';
import { solveSPD } from '../../linalg/index.js';
import { logSkew } from '../../divergences/skew.js';
import { InfogeoError } from '../../errors.js';
import { calvoOllerLowerBound, productPathUpperBound } from './mvNormal.js';
import { mvNormalChristoffel } from './mvNormalConnection.js';
import { leavesManifold, type Dist } from './types.js';

/** Options of the numerical solver. */
export interface NumericalOptions {
  /** Relative endpoint miss accepted by the shooting method (default 1e-10, in [1e-15, 1e-2]). */
  tol?: number;
  /** Newton iterations per warm start (default 50). */
  maxIter?: number;
}

/** The coordinate chart a family's geodesics are solved in. */
interface Chart {
  metric: Metric;
  natural: boolean;
}

const charts = new WeakMap<ExponentialFamily<unknown>, Chart>();

function chartOf(f: ExponentialFamily<unknown>): Chart {
  let c = charts.get(f);
  if (c === undefined) {
    const natural = f.name === 'vonMises';
    c = { metric: metricOverride(f) ?? (natural ? familyMetric(f, 'natural') : exactLength(familyMetric(f, 'source'))), natural };
    charts.set(f, c);
  }
  return c;
}

/**
 * Closed-form connections where the generic Koszul-by-differences one is slow: the Richardson
 * derivative costs 6n metric evaluations, and the shooting method needs 2n + 1 connections per
 * right-hand side. Each override is tested against `familyMetric`.
 */
function metricOverride(f: ExponentialFamily<unknown>): Metric | undefined {
  switch (f.name) {
    case 'mvNormal': {
      const m = familyMetric(f, 'source');
      return { dim: m.dim, metric: m.metric, metricDerivative: m.metricDerivative, inDomain: m.inDomain, christoffel: mvNormalChristoffel };
    }
    case 'gamma':
      return gammaMetric(f);
    case 'beta':
      return betaMetric(f);
    case 'dirichlet':
      return dirichletMetric(f);
    default:
      return undefined;
  }
}

/**
 * The same metric, with its Levi-Civita connection by `metricFromFunction`, whose functions see
 * coordinate vectors of exactly `dim` entries. The Richardson differences may hand the metric a
 * longer scratch vector left over from a higher-dimensional problem, and some families read
 * their whole source vector (the categorical's last probability is 1 minus the sum of all entries).
 */
function exactLength(m: Metric): Metric {
  const n = m.dim;
  const fit = (x: Float64Array): Float64Array => (x.length === n ? x : x.subarray(0, n));
  return metricFromFunction(n, (x, out) => m.metric(fit(x), out), (x) => m.inDomain(fit(x)));
}

function coordsOf(chart: Chart, d: Dist): Float64Array {
  return chart.natural ? d.theta : d.source;
}

function pointAt(chart: Chart, f: ExponentialFamily<unknown>, x: Float64Array): Dist {
  return chart.natural ? fromTheta(f, x) : fromSource(f, x);
}

/** J = d theta / d source at p (row-major). */
function jacobian(p: Dist): Float64Array {
  const n = p.family.dim;
  return p.family.sourceJacobian(p.source, new Float64Array(n * n));
}

/** A source-coordinate tangent vector in the chart's coordinates. */
function toChartTangent(chart: Chart, p: Dist, v: Float64Array): Float64Array {
  if (!chart.natural) return v;
  const n = p.family.dim;
  const j = jacobian(p);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r] += j[r * n + c] * v[c];
  return out;
}

/** A chart tangent vector in source coordinates (J^{-1} w, through the normal equations' SPD solve). */
function fromChartTangent(chart: Chart, p: Dist, w: Float64Array): Float64Array {
  if (!chart.natural) return w;
  const n = p.family.dim;
  const j = jacobian(p);
  const jtj = new Float64Array(n * n);
  const jtw = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    for (let r = 0; r < n; r++) jtw[a] += j[r * n + a] * w[r];
    for (let b = 0; b < n; b++) for (let r = 0; r < n; r++) jtj[a * n + b] += j[r * n + a] * j[r * n + b];
  }
  const out = solveSPD(new Float64Array(n), jtj, jtw, n);
  if (out === null) throw new InfogeoError('logMap', 'p', p, 'a point where the source chart is regular');
  return out;
}

/** theta on the e-geodesic (t in [0, 1]). */
function eTheta(p: Dist, q: Dist, t: number): Float64Array {
  return p.theta.map((a, i) => (1 - t) * a + t * q.theta[i]);
}

/** theta on the m-geodesic (straight in eta). */
function mTheta(p: Dist, q: Dist, t: number): Float64Array {
  const eta = p.eta.map((a, i) => (1 - t) * a + t * q.eta[i]);
  return thetaFromEta(p.family, eta);
}

/** Fisher length of the e-geodesic: int_0^1 sqrt(dtheta^T Hess F(theta(t)) dtheta) dt. */
export function eGeodesicLength(p: Dist, q: Dist): number {
  const f = p.family;
  const n = f.dim;
  const dth = q.theta.map((b, i) => b - p.theta[i]);
  const h = new Float64Array(n * n);
  const speed = (t: number): number => {
    f.hessLogPartition(eTheta(p, q, t), h);
    let s = 0;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) s += dth[r] * h[r * n + c] * dth[c];
    return Math.sqrt(Math.max(0, s));
  };
  return integrate(speed, 0, 1, { relTol: 1e-11 }).value;
}

/** Fisher length of the m-geodesic: int_0^1 sqrt(deta^T Hess F(theta(eta(t)))^{-1} deta) dt. */
export function mGeodesicLength(p: Dist, q: Dist): number {
  const f = p.family;
  const n = f.dim;
  const deta = q.eta.map((b, i) => b - p.eta[i]);
  const h = new Float64Array(n * n);
  const y = new Float64Array(n);
  const speed = (t: number): number => {
    f.hessLogPartition(mTheta(p, q, t), h);
    if (solveSPD(y, h, deta, n) === null) return Number.NaN;
    let s = 0;
    for (let r = 0; r < n; r++) s += deta[r] * y[r];
    return Math.sqrt(Math.max(0, s));
  };
  return integrate(speed, 0, 1, { relTol: 1e-11 }).value;
}

/** The Bhattacharyya-sphere lower bound 2 arccos(BC) = 4 asin(sqrt((1 - BC) / 2)). */
export function sphereLowerBound(p: Dist, q: Dist): number {
  const logBc = logSkew(p.family, p.theta, q.theta, 0.5, 0.5, 'fisherRaoDistanceBounds', q).value;
  const oneMinusBc = -Math.expm1(Math.min(0, logBc));
  return 4 * Math.asin(Math.sqrt(oneMinusBc / 2));
}

/** Lower and upper bounds of the Fisher-Rao distance, and which explicit path gave the upper one. */
export function distanceBounds(p: Dist, q: Dist): { lower: number; upper: number; eLength: number; mLength: number } {
  let lower = sphereLowerBound(p, q);
  const eLength = eGeodesicLength(p, q);
  const mLength = mGeodesicLength(p, q);
  let upper = Math.min(eLength, Number.isFinite(mLength) ? mLength : Infinity);
  if (p.family.name === 'mvNormal') {
    lower = Math.max(lower, calvoOllerLowerBound(p.source, q.source));
    upper = Math.min(upper, productPathUpperBound(p.source, q.source));
  }
  // Both bounds hold exactly; rounding may put them a few ulps the wrong way round at p ~ q.
  return { lower: Math.min(lower, upper), upper, eLength, mLength };
}

/** A solved geodesic boundary-value problem with its bounds. */
export interface NumericalGeodesic {
  bvp: GeodesicBVP;
  distance: number;
  lower: number;
  upper: number;
  residual: number;
  iterations: number;
  converged: boolean;
  chart: Chart;
}

/**
 * Solves the geodesic boundary-value problem between p and q (same family) in the family's chart,
 * warm-started from the shorter of the e- and m-geodesics, retried from the other. Does not
 * throw when Newton fails: `converged` is false and `residual` the best relative miss reached.
 */
export function solveGeodesic(p: Dist, q: Dist, opts: NumericalOptions = {}): NumericalGeodesic {
  // Distance, geodesic and logarithm of one pair are often asked for together: remember the
  // last few solves (distributions are immutable, so identity is a sound key).
  const hit = recent.find((r) => r.p === p && r.q === q && r.tol === opts.tol && r.maxIter === opts.maxIter);
  if (hit !== undefined) return hit.result;
  const result = solveUncached(p, q, opts);
  recent.unshift({ p, q, tol: opts.tol, maxIter: opts.maxIter, result });
  if (recent.length > RECENT) recent.pop();
  return result;
}

const RECENT = 8;
const recent: { p: Dist; q: Dist; tol: number | undefined; maxIter: number | undefined; result: NumericalGeodesic }[] = [];

function solveUncached(p: Dist, q: Dist, opts: NumericalOptions): NumericalGeodesic {
  const f = p.family;
  const chart = chartOf(f);
  const x0 = coordsOf(chart, p);
  const x1 = coordsOf(chart, q);
  const b = distanceBounds(p, q);
  const toChart = (theta: Float64Array): Float64Array => (chart.natural ? theta : f.sourceFromTheta(theta, new Float64Array(f.dim)));
  const eInit = (t: number): Float64Array => toChart(eTheta(p, q, t));
  const mInit = (t: number): Float64Array => toChart(mTheta(p, q, t));
  // The e-geodesic first: in most charts it is a straight line (source coordinates affine in theta),
  // and it keeps Newton inside the domain more often than the m-geodesic.
  const inits = [eInit, mInit];
  let best: GeodesicBVP | null = null;
  let iterations = 0;
  for (const init of inits) {
    const r = geodesicBVP(chart.metric, x0, x1, { init, tol: opts.tol, maxIter: opts.maxIter });
    iterations += r.iterations;
    if (best === null || r.residual < best.residual) best = r;
    if (r.converged) break;
  }
  const bvp = best as GeodesicBVP;
  return {
    bvp,
    distance: bvp.length,
    lower: b.lower,
    upper: b.upper,
    residual: bvp.residual,
    iterations,
    converged: bvp.converged,
    chart,
  };
}

/** A numerical distance: bounds first, the boundary-value problem only when they are not tight. */
export interface NumericalDistance {
  distance: number;
  lower: number;
  upper: number;
  residual: number;
  iterations: number;
  converged: boolean;
  method: 'geodesic-bvp' | 'bounds';
}

/**
 * The Fisher-Rao distance without the curve: when the lower and upper bounds already agree to
 * the relative tolerance (nearby points, where both are exact to second order) their midpoint
 * is returned, since a shooting method measures its residual relative to a vanishing length;
 * otherwise the boundary-value problem is solved.
 */
export function numericalDistance(p: Dist, q: Dist, opts: NumericalOptions = {}): NumericalDistance {
  const tol = opts.tol ?? 1e-10;
  const b = distanceBounds(p, q);
  if (b.upper - b.lower <= tol * b.upper) {
    return { distance: 0.5 * (b.lower + b.upper), lower: b.lower, upper: b.upper, residual: 0, iterations: 0, converged: true, method: 'bounds' };
  }
  const s = solveGeodesic(p, q, opts);
  return { distance: s.distance, lower: s.lower, upper: s.upper, residual: s.residual, iterations: s.iterations, converged: s.converged, method: 'geodesic-bvp' };
}

/** The geodesic of a solved problem as t -> distribution (t in [0, 1]; exact endpoints). */
export function numericalCurve(p: Dist, q: Dist, g: NumericalGeodesic): (t: number) => Dist {
  return (t) => (t === 0 ? p : t === 1 ? q : pointAt(g.chart, p.family, g.bvp.x(t)));
}

/** The initial velocity of a solved problem in source coordinates. */
export function numericalLog(p: Dist, g: NumericalGeodesic): Float64Array {
  return fromChartTangent(g.chart, p, g.bvp.v0);
}

/**
 * Riemannian exponential by integrating the geodesic equation (DOP853) from p with the
 * source-coordinate velocity v; throws InfogeoError naming v if the geodesic leaves the manifold.
 */
export function numericalExp(p: Dist, v: Float64Array, opts: { tol?: number } = {}): Dist {
  const chart = chartOf(p.family);
  let x: Float64Array;
  try {
    x = expMapCoords(chart.metric, coordsOf(chart, p), toChartTangent(chart, p, v), { tol: opts.tol });
  } catch (e) {
    if (e instanceof InfogeoError) throw leavesManifold(v, p.family.id, e.message);
    throw e;
  }
  try {
    return pointAt(chart, p.family, x);
  } catch (e) {
    if (e instanceof InfogeoError) throw leavesManifold(v, p.family.id, `the end point is not a valid distribution: ${e.message}`);
    throw e;
  }
}
