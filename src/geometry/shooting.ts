/**
 * The machinery behind `geodesicBVP`: the geodesic equation as a first-order system, its
 * integration with the Jacobi fields J(t) = d x(t) / d v0 (J'' = -(d_m Gamma)(x', x') J^m
 * - 2 Gamma(x', J'), J(0) = 0, J'(0) = I), and Newton's method on the initial velocity v0 so that
 * x(1) hits the target, globalised by continuation along a path of targets when the direct
 * iteration fails. Reference: Stoer and Bulirsch (2002), Introduction to Numerical Analysis,
 * sec. 7.3 (shooting) and 5.4 (continuation); do Carmo (1992), Riemannian Geometry, ch. 5.
 */
import { lstsq } from '../linalg/index.js';
import { dop853, type Dop853Result } from '../numeric/dop853.js';
import { contractChristoffel, metricInner, type Connection, type Metric } from './connection.js';

/**
 * Absolute tolerances for (x, v): tol times each coordinate's scale, floored at 1e-3 of the
 * largest so that none is 0. The scale of x_i is max(|x0_i|, |x1_i|) for a boundary-value
 * problem, max(|x0_i|, |v0_i t1|) for an initial-value one; that of v_i is the scale of x_i / t1
 * (or |v0_i| if larger, for an initial-value problem). `extra` trailing entries get tol.
 */
export function geodesicAtol(x0: Float64Array, v0: Float64Array, x1: Float64Array | null, t1: number, tol: number, extra = 0): Float64Array {
  const n = x0.length;
  const sx = new Float64Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    sx[i] = Math.max(Math.abs(x0[i]), x1 ? Math.abs(x1[i]) : Math.abs(v0[i] * t1));
    top = Math.max(top, sx[i]);
  }
  const atol = new Float64Array(2 * n + extra).fill(tol);
  const span = Math.abs(t1) || 1;
  for (let i = 0; i < n; i++) {
    const s = Math.max(sx[i], 1e-3 * top, 1e-300);
    atol[i] = tol * s;
    atol[n + i] = tol * (x1 ? s / span : Math.max(Math.abs(v0[i]), s / span));
  }
  return atol;
}

/**
 * Budget of one shot: a sane shot at tolerance 1e-12 takes tens of steps of 1e-3 .. 1e-1; a
 * Newton iterate that needs hundreds, or steps below 1e-6, is heading for the boundary and is
 * abandoned as a failed shot.
 */
const SHOT_STEPS = 400;
const SHOT_HMIN = 1e-6;

/** The geodesic equation as a first-order system y = (x, v); NaN outside the domain. */
function geodesicRhs(conn: Connection): (t: number, y: Float64Array, dy: Float64Array) => void {
  const n = conn.dim;
  const gamma = new Float64Array(n * n * n);
  const acc = new Float64Array(n);
  return (_t, y, dy) => {
    const x = y.subarray(0, n);
    const v = y.subarray(n, 2 * n);
    if (!conn.inDomain(x)) {
      dy.fill(Number.NaN);
      return;
    }
    conn.christoffel(x, gamma);
    contractChristoffel(acc, gamma, v, v, n);
    for (let i = 0; i < n; i++) {
      dy[i] = v[i];
      dy[n + i] = -acc[i];
    }
  };
}

/** Integrates the geodesic with x(0) = x0, x'(0) = v0 on [0, t1] by DOP853. */
export function integrateGeodesic(
  conn: Connection,
  x0: Float64Array,
  v0: Float64Array,
  t1: number,
  tol: number,
  atol: Float64Array,
  dense: boolean,
  maxSteps = 20000,
  hmin = 0,
): Dop853Result {
  const n = conn.dim;
  const y0 = new Float64Array(2 * n);
  y0.set(x0);
  y0.set(v0, n);
  return dop853(geodesicRhs(conn), 0, y0, t1, { rtol: tol, atol, denseOutput: dense, maxSteps, hmin });
}

type Shot = { end: Float64Array; jac: Float64Array | null } | null;

/**
 * A shooting function for geodesics from x0: the endpoint x(1) for an initial velocity, with
 * J(1) = d x(1) / d v0 when `jacobi` is set (null if the shot leaves the domain). Only (x, v)
 * enter the step-size control, so a shot's endpoint does not depend on `jacobi`.
 */
function shooter(conn: Connection, x0: Float64Array, x1: Float64Array): (v0: Float64Array, rtol: number, jacobi: boolean) => Shot {
  const n = conn.dim;
  const nn = n * n;
  const gamma = new Float64Array(n * nn);
  const gammaP = new Float64Array(n * nn);
  const acc = new Float64Array(n);
  const accP = new Float64Array(n);
  const dacc = new Float64Array(nn); // dacc[k * n + m] = d_m (Gamma^k(v, v))
  const xs = new Float64Array(n);
  const col = new Float64Array(n);
  const tmp = new Float64Array(n);
  const rhs = (_t: number, y: Float64Array, dy: Float64Array): void => {
    const x = y.subarray(0, n);
    const v = y.subarray(n, 2 * n);
    if (!conn.inDomain(x)) {
      dy.fill(Number.NaN);
      return;
    }
    conn.christoffel(x, gamma);
    contractChristoffel(acc, gamma, v, v, n);
    for (let i = 0; i < n; i++) {
      dy[i] = v[i];
      dy[n + i] = -acc[i];
    }
    // d_m Gamma(v, v) by forward differences (step ~ sqrt of the noise in Gamma): it only steers
    // Newton, for which a relative accuracy near 1e-7 is ample.
    xs.set(x);
    let top = 0;
    for (let m = 0; m < n; m++) top = Math.max(top, Math.abs(x[m]));
    for (let m = 0; m < n; m++) {
      const xm = x[m];
      let h = 3e-7 * Math.max(Math.abs(xm), 1e-3 * top, top === 0 ? 1 : 0);
      xs[m] = xm + h;
      if (!conn.inDomain(xs)) h = -h;
      xs[m] = xm + h;
      h = xs[m] - xm;
      contractChristoffel(accP, conn.christoffel(xs, gammaP), v, v, n);
      xs[m] = xm;
      for (let k = 0; k < n; k++) dacc[k * n + m] = (accP[k] - acc[k]) / h;
    }
    const jOff = 2 * n;
    const jdOff = 2 * n + nn;
    for (let c = 0; c < n; c++) {
      // Column c: J'' = -(d_m Gamma(v, v)) J^m - 2 Gamma(v, J').
      for (let i = 0; i < n; i++) col[i] = y[jdOff + i * n + c];
      contractChristoffel(tmp, gamma, v, col, n);
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let m = 0; m < n; m++) s += dacc[k * n + m] * y[jOff + m * n + c];
        dy[jOff + k * n + c] = y[jdOff + k * n + c];
        dy[jdOff + k * n + c] = -s - 2 * tmp[k];
      }
    }
  };
  const y0 = new Float64Array(2 * n + 2 * nn);
  return (v0, rtol, jacobi) => {
    const atol = geodesicAtol(x0, v0, x1, 1, rtol, jacobi ? 2 * nn : 0);
    if (!jacobi) {
      const r = integrateGeodesic(conn, x0, v0, 1, rtol, atol, false, SHOT_STEPS, SHOT_HMIN);
      return r.status === 'success' ? { end: r.y.slice(0, n), jac: null } : null;
    }
    y0.fill(0);
    y0.set(x0);
    y0.set(v0, n);
    for (let i = 0; i < n; i++) y0[2 * n + nn + i * n + i] = 1;
    const r = dop853(rhs, 0, y0, 1, { rtol, atol, controlled: 2 * n, maxSteps: SHOT_STEPS, hmin: SHOT_HMIN });
    return r.status === 'success' ? { end: r.y.slice(0, n), jac: r.y.slice(2 * n, 2 * n + nn) } : null;
  };
}

/** An endpoint miss r = x(1) - target: its size, largest relative coordinate, rounding flag. */
interface Miss {
  /** |r| in the metric at the target when there is one, else `rel`. */
  size: number;
  /** max_i |r_i| / max(|x0_i|, |target_i|). */
  rel: number;
  /** Whether every |r_i| is within 8 ulps of the coordinates' size. */
  rounding: boolean;
}

/** The outcome of `solveShooting`. */
export interface ShootingResult {
  v0: Float64Array;
  /** The reported residual (see GeodesicBVP.residual). */
  residual: number;
  iterations: number;
  converged: boolean;
}

/**
 * Newton's method on v0 for the geodesic from x0 to x1, started from vStart, with continuation
 * along the straight segment of targets (or `path`) when the start is poor (its shot misses x1
 * by more than the size of the coordinates) or the direct iteration stalls.
 *
 * Shots are integrated at the tolerance levels 1e-6, 1e-9 and odeTol, the level picked from the
 * coordinate miss expected after the step (a comparison between two shots is always made at one
 * level), and `converged` is only judged on a shot at odeTol. The Jacobian comes from Jacobi
 * fields integrated at 1e-6 (ample for Newton), recomputed when v0 has moved by more than 1e-4
 * of its length since, and improved by Broyden's update in between. Each Newton step is capped
 * at max(|v|, |x1 - x0|) (lengths in the metric at x0) and backtracked on |miss|^2.
 */
export function solveShooting(
  conn: Connection,
  x0: Float64Array,
  x1: Float64Array,
  vStart: Float64Array,
  opts: { tol: number; maxIter: number; odeTol: number; path?: (s: number) => Float64Array },
): ShootingResult {
  const n = conn.dim;
  const { tol, maxIter, odeTol } = opts;
  const metric = typeof (conn as Partial<Metric>).metric === 'function' ? (conn as Metric) : null;
  const g0 = metric ? metric.metric(x0, new Float64Array(n * n)) : null;
  const norm = (w: Float64Array): number => Math.sqrt(Math.max(0, g0 ? metricInner(g0, w, w, n) : w.reduce((s, wi) => s + wi * wi, 0)));
  const diff = (p: Float64Array, q: Float64Array): Float64Array => p.map((pi, i) => pi - q[i]);
  const chord = norm(diff(x1, x0));
  if (x1.every((xi, i) => xi === x0[i])) return { v0: new Float64Array(n), residual: 0, iterations: 0, converged: true };

  const shoot = shooter(conn, x0, x1);
  const levels = [1e-6, 1e-9].filter((l) => l > odeTol).concat([odeTol]);
  const loose = levels[0];
  const level = (r: number): number => levels.find((l) => l <= 1e-3 * r) ?? odeTol;
  const jac = new Float64Array(n * n);
  let jv: Float64Array | null = null; // where jac was last computed from Jacobi fields
  let iterations = 0;
  const step = new Float64Array(n);

  interface State {
    v: Float64Array;
    end: Float64Array;
    rt: number;
  }
  const jacobiShot = (v: Float64Array): Float64Array | null => {
    const s = shoot(v, loose, true);
    if (s === null) return null;
    jac.set(s.jac as Float64Array);
    jv = v.slice();
    return s.end;
  };

  /**
   * Newton toward `target` from `st`; `final` iterates to tol at odeTol, else to rel <= 1e-4 at the
   * loose level. Gives up after `localMax` iterations, or when three iterations have not halved the
   * miss.
   */
  const newton = (target: Float64Array, st: State, final: boolean, localMax: number): { st: State; m: Miss; ok: boolean } => {
    const gT = metric ? metric.metric(target, new Float64Array(n * n)) : null;
    const measure = (end: Float64Array): Miss => {
      const r = diff(end, target);
      let rounding = true;
      let rel = 0;
      for (let i = 0; i < n; i++) {
        const s = Math.max(Math.abs(x0[i]), Math.abs(target[i]));
        if (Math.abs(r[i]) > 8 * 2 ** -52 * s) rounding = false;
        rel = Math.max(rel, Math.abs(r[i]) / (s > 0 ? s : 1));
      }
      return { size: gT === null ? rel : Math.sqrt(Math.max(0, metricInner(gT, r, r, n))), rel, rounding };
    };
    let { v, end, rt } = st;
    let m = measure(end);
    const history: number[] = [];
    for (let local = 0; ; ) {
      const done = final ? residualOf(m, v) <= tol || m.rounding : m.rel <= 1e-4 || m.rounding;
      if (done && final && rt > odeTol) {
        const e = shoot(v, odeTol, false);
        if (e === null) return { st: { v, end, rt }, m, ok: false };
        end = e.end;
        rt = odeTol;
        m = measure(end);
        continue;
      }
      if (done) return { st: { v, end, rt }, m, ok: true };
      history.push(m.size);
      const stalled = history.length > 3 && m.size > 0.5 * history[history.length - 4];
      if (iterations >= maxIter || local >= localMax || stalled) return { st: { v, end, rt }, m, ok: false };
      iterations++;
      local++;
      if (jv === null || norm(diff(v, jv)) > 1e-4 * norm(v)) {
        const e = jacobiShot(v);
        if (e === null) return { st: { v, end, rt }, m, ok: false };
        if (rt === loose) end = e; // the same integration
      }
      if (lstsq(step, jac, diff(target, end), n, n, 1) === null) return { st: { v, end, rt }, m, ok: false };
      const sn = norm(step);
      const cap = Math.max(norm(v), chord);
      let lambda = sn > cap ? cap / sn : 1;
      const trialTol = final ? Math.min(rt, level(m.rel * m.rel)) : loose;
      // At the loose level a trial carries Jacobi fields: if accepted, its Jacobian is fresh.
      const withJacobi = trialTol === loose;
      let accepted: { v: Float64Array; end: Float64Array; m: Miss; jac: Float64Array | null } | null = null;
      for (let k = 0; k < 12 && accepted === null; k++) {
        const trial = v.map((vi, i) => vi + lambda * step[i]);
        const shot = shoot(trial, trialTol, withJacobi);
        const e = shot?.end ?? null;
        const mt = e ? measure(e) : null;
        if (e && mt && rt > trialTol && !(mt.size < m.size || mt.rounding)) {
          // Re-measure the current point at the trial's tolerance before judging the trial.
          const base = shoot(v, trialTol, false);
          if (base === null) break;
          end = base.end;
          rt = trialTol;
          m = measure(end);
        }
        if (e && mt && (mt.size < m.size || mt.rounding)) accepted = { v: trial, end: e, m: mt, jac: shot?.jac ?? null };
        else {
          // Minimiser of the quadratic through phi(0), phi'(0) = -2 phi(0) and phi(lambda), with
          // phi = |miss|^2 and rho = phi(lambda) / phi(0) >= 1: lambda^2 / (rho - 1 + 2 lambda).
          const rho = mt ? (mt.size / m.size) ** 2 : Infinity;
          lambda *= Number.isFinite(rho) ? Math.min(0.5, Math.max(0.1, lambda / (rho - 1 + 2 * lambda))) : 0.25;
        }
      }
      if (accepted === null) {
        const staleAt = jv as Float64Array | null;
        if (staleAt !== null && staleAt.every((x, i) => x === v[i])) return { st: { v, end, rt }, m, ok: false };
        jv = null; // retry with a fresh Jacobian
        continue;
      }
      if (accepted.jac !== null) {
        jac.set(accepted.jac);
        jv = accepted.v.slice();
      } else {
        // Broyden: J += (dr - J dv) dv^T / (dv^T dv) for the secant pair of this step.
        const dv = diff(accepted.v, v);
        const dd = dv.reduce((s, x) => s + x * x, 0);
        for (let i = 0; i < n; i++) {
          let jdv = 0;
          for (let j = 0; j < n; j++) jdv += jac[i * n + j] * dv[j];
          const u = (accepted.end[i] - end[i] - jdv) / dd;
          for (let j = 0; j < n; j++) jac[i * n + j] += u * dv[j];
        }
      }
      ({ v, end, m } = accepted);
      rt = trialTol;
    }
  };
  // With a metric: the miss over the geodesic's length; otherwise the relative coordinate miss.
  const residualOf = (m: Miss, v: Float64Array): number => (metric === null || m.size === 0 ? m.size : m.size / norm(v));

  // Direct Newton from vStart unless its shot lands farther from x1 than x0 is (measured in the
  // metric at x1, else coordinate-wise): such a start is too poor to build on, and the
  // continuation below takes over.
  const g1 = metric ? metric.metric(x1, new Float64Array(n * n)) : null;
  const coarse = (end: Float64Array): boolean => {
    const miss = diff(end, x1);
    const span = diff(x0, x1);
    if (g1 === null) return miss.some((r, i) => !(Math.abs(r) <= Math.abs(span[i])));
    return !(metricInner(g1, miss, miss, n) <= metricInner(g1, span, span, n));
  };
  const v = vStart;
  const end = jacobiShot(v);
  let best: { st: State; m: Miss; ok: boolean } | null = null;
  if (end !== null) {
    best = newton(x1, { v, end, rt: loose }, true, coarse(end) ? 0 : maxIter);
    if (best.ok) return { v0: best.st.v, residual: residualOf(best.m, best.st.v), iterations, converged: true };
  }
  // Continuation: targets path(s), s from 0 to 1, each solved loosely from the previous solution
  // plus the Euler predictor J^{-1} (path(s') - path(s)); the step in s doubles after a success
  // and shrinks fourfold after a failure.
  const segment = (s: number): Float64Array => x0.map((xi, i) => xi + s * (x1[i] - xi));
  const given = opts.path;
  const path = given ? (s: number) => {
    const p = given(s);
    return conn.inDomain(p) ? p : segment(s);
  } : segment;
  let s = 0;
  let ds = 1 / 8;
  let vs: Float64Array = new Float64Array(n);
  let last: Float64Array | null = null;
  let ys: Float64Array = x0.slice();
  jac.fill(0);
  for (let i = 0; i < n; i++) jac[i * n + i] = 1; // d exp / d v at v = 0 is the identity
  jv = null;
  while (s < 1 && ds >= 2 ** -12 && iterations < maxIter) {
    const sNew = Math.min(1, s + ds);
    const target = sNew === 1 ? x1 : path(sNew);
    const pred = new Float64Array(n);
    if (s === 0) pred.set(diff(target, x0));
    else if (lstsq(pred, jac, diff(target, ys), n, n, 1) === null) break;
    const guess = vs.map((vi, i) => vi + pred[i]);
    const e = jacobiShot(guess);
    const r = e === null ? null : newton(target, { v: guess, end: e, rt: loose }, sNew === 1, sNew === 1 ? maxIter : 8);
    if (r !== null) last = r.st.v;
    if (r !== null && sNew === 1 && (best === null || r.ok || residualOf(r.m, r.st.v) < residualOf(best.m, best.st.v))) best = r;
    if (r !== null && r.ok) {
      s = sNew;
      vs = r.st.v;
      ys = target;
      ds = Math.min(2 * ds, 1);
    } else {
      ds /= 4;
      // Back to the Jacobian at the last solved stage for the next predictor.
      if (s === 0) {
        jac.fill(0);
        for (let i = 0; i < n; i++) jac[i * n + i] = 1;
        jv = null;
      } else if (jacobiShot(vs) === null) break;
    }
  }
  if (best === null && last !== null) {
    // Stopped part way: report how far the last geodesic tried misses x1.
    const e = shoot(last, loose, false);
    if (e !== null) best = newton(x1, { v: last, end: e.end, rt: loose }, true, 0);
  }
  if (best === null) return { v0: vStart, residual: Infinity, iterations, converged: false };
  return { v0: best.st.v, residual: residualOf(best.m, best.st.v), iterations, converged: best.ok };
}
