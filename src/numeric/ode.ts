/**
 * Initial-value problems y' = f(t, y) by the Dormand-Prince 5(4) embedded Runge-Kutta pair with
 * adaptive steps and optional dense output (its continuous extension of order 4).
 * Reference: Dormand and Prince (1980), "A family of embedded Runge-Kutta formulae", J. Comput.
 * Appl. Math. 6; Hairer, Norsett and Wanner, Solving Ordinary Differential Equations I, 2nd ed.,
 * section II.4 (step-size control, starting step) and II.6 (dense output).
 */
import { InfogeoError, checkVector } from '../errors.js';
import { dop853 } from './dop853.js';

/** Options of {@link odeSolve}. */
export interface OdeOptions {
  /** Relative tolerance per component, in [1e-15, 1). Default 1e-10. */
  rtol?: number;
  /** Absolute tolerance per component, finite and >= 0. Default 1e-12. */
  atol?: number;
  /** Keep every step's interpolant so that y(t) and y'(t) can be evaluated anywhere in [t0, t1]. */
  denseOutput?: boolean;
  /** Most accepted plus rejected steps. Integer >= 1. Default 1e6. */
  maxSteps?: number;
  /**
   * 'dopri5' (default): Dormand-Prince 5(4) with a 4th-order interpolant; 'dop853': the
   * Dormand-Prince 8(5,3) method with a 7th-order interpolant (see dop853.ts), far fewer steps
   * at tolerances below about 1e-8.
   */
  method?: 'dopri5' | 'dop853';
}

/** Dense output: the solution and its derivative anywhere in [t0, t1]. */
export interface OdeDense {
  at(t: number): Float64Array;
  derivative(t: number): Float64Array;
}

/** Result of {@link odeSolve}. */
export interface OdeResult {
  /** 'success', or why the integration stopped early ('maxSteps' or 'stepTooSmall'). */
  status: 'success' | 'maxSteps' | 'stepTooSmall';
  /** The time reached (t1 on success). */
  t: number;
  /** y at `t`. */
  y: Float64Array;
  steps: number;
  rejected: number;
  evaluations: number;
  /** Present with `denseOutput: true`. */
  dense?: OdeDense;
}

/** The right-hand side: writes f(t, y) into `out`. */
export type OdeRhs = (t: number, y: Float64Array, out: Float64Array) => void;

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];
// Continuous extension (Hairer, Norsett and Wanner, section II.6).
const D = [-12715105075 / 11282082432, 0, 87487479700 / 32700410799, -10690763975 / 1880347072, 701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423];

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

interface Segment {
  t0: number;
  h: number;
  r: Float64Array[]; // five coefficient vectors
}

/**
 * Solves y' = f(t, y), y(t0) = y0 on [t0, t1] (t1 > t0).
 *
 * A step is accepted when the RMS of err_i / (atol + rtol max(|y_i|, |y_new_i|)) is <= 1; the
 * next step is h 0.9 err^(-1/5), clamped to [0.2 h, 5 h]. A trial point where f is not finite
 * is a rejected step. Stops early with status 'maxSteps' or 'stepTooSmall' (never NaN).
 *
 * @throws InfogeoError for bad arguments or f not finite at (t0, y0)
 * @example odeSolve((t, y, d) => { d[0] = -y[0]; }, 0, [1], 1).y[0] // 0.36787944117... (e^-1)
 */
export function odeSolve(f: OdeRhs, t0: number, y0: ArrayLike<number>, t1: number, options: OdeOptions = {}): OdeResult {
  const where = 'odeSolve';
  if (typeof f !== 'function') throw new InfogeoError(where, 'f', f, 'a function (t, y, out) writing dy/dt into out');
  if (typeof t0 !== 'number' || !Number.isFinite(t0)) throw new InfogeoError(where, 't0', t0, 'a finite number');
  if (typeof t1 !== 'number' || !Number.isFinite(t1) || !(t1 > t0)) throw new InfogeoError(where, 't1', t1, `a finite number > t0 = ${t0}`);
  const y = checkVector(where, 'y0', y0);
  const rtol = options.rtol ?? 1e-10;
  if (typeof rtol !== 'number' || !(rtol >= 1e-15 && rtol < 1)) throw new InfogeoError(where, 'rtol', rtol, 'a number in [1e-15, 1)');
  const atol = options.atol ?? 1e-12;
  if (typeof atol !== 'number' || !Number.isFinite(atol) || atol < 0) throw new InfogeoError(where, 'atol', atol, 'a finite number >= 0');
  const maxSteps = options.maxSteps ?? 1e6;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new InfogeoError(where, 'maxSteps', maxSteps, 'an integer >= 1');
  const dense = options.denseOutput === true;

  const n = y.length;
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const yStage = new Float64Array(n);
  const yNew = new Float64Array(n);
  let evaluations = 0;
  const evalF = (t: number, yy: Float64Array, out: Float64Array): boolean => {
    evaluations++;
    f(t, yy, out);
    return allFinite(out);
  };
  if (!evalF(t0, y, k[0])) throw new InfogeoError(where, 'f(t0, y0)', Array.from(k[0]), 'a finite vector');
  if (options.method !== undefined && options.method !== 'dopri5' && options.method !== 'dop853') {
    throw new InfogeoError(where, 'method', options.method, "'dopri5' or 'dop853'");
  }
  if (options.method === 'dop853') return dop853(f, t0, y, t1, { rtol, atol, denseOutput: dense, maxSteps });
  const sc = (a: number, b: number): number => atol + rtol * Math.max(Math.abs(a), Math.abs(b));

  // Starting step (Hairer, Norsett and Wanner, II.4).
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    d0 += (y[i] / sc(y[i], y[i])) ** 2;
    d1 += (k[0][i] / sc(y[i], y[i])) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h = Math.min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1), t1 - t0);
  {
    const y1 = new Float64Array(n);
    for (let i = 0; i < n; i++) y1[i] = y[i] + h * k[0][i];
    const f1 = new Float64Array(n);
    if (evalF(t0 + h, y1, f1)) {
      let d2 = 0;
      for (let i = 0; i < n; i++) d2 += ((f1[i] - k[0][i]) / sc(y[i], y[i])) ** 2;
      d2 = Math.sqrt(d2 / n) / h;
      const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / Math.max(d1, d2)) ** 0.2;
      h = Math.min(100 * h, h1, t1 - t0);
    } else {
      h *= 0.01;
    }
  }

  const segments: Segment[] = [];
  let t = t0;
  let steps = 0;
  let rejected = 0;
  let status: OdeResult['status'] = 'success';
  while (t < t1) {
    if (steps + rejected >= maxSteps) {
      status = 'maxSteps';
      break;
    }
    const last = t + h >= t1;
    const hh = last ? t1 - t : h;
    if (!(hh > Math.abs(t) * 4e-16) || hh < 1e-300) {
      status = 'stepTooSmall';
      break;
    }
    let ok = true;
    for (let s = 1; s < 7 && ok; s++) {
      for (let i = 0; i < n; i++) {
        let acc = y[i];
        for (let j = 0; j < s; j++) acc += hh * A[s][j] * k[j][i];
        yStage[i] = acc;
      }
      if (s === 6) yNew.set(yStage);
      ok = allFinite(yStage) && evalF(t + C[s] * hh, yStage, k[s]);
    }
    let err = Infinity;
    if (ok) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let j = 0; j < 7; j++) e += E[j] * k[j][i];
        sum += ((hh * e) / sc(y[i], yNew[i])) ** 2;
      }
      err = Math.sqrt(sum / n);
    }
    if (err <= 1) {
      if (dense) {
        const r = Array.from({ length: 5 }, () => new Float64Array(n));
        for (let i = 0; i < n; i++) {
          const diff = yNew[i] - y[i];
          const bspl = hh * k[0][i] - diff;
          r[0][i] = y[i];
          r[1][i] = diff;
          r[2][i] = bspl;
          r[3][i] = diff - hh * k[6][i] - bspl;
          let acc = 0;
          for (let j = 0; j < 7; j++) acc += D[j] * k[j][i];
          r[4][i] = hh * acc;
        }
        segments.push({ t0: t, h: hh, r });
      }
      t = last ? t1 : t + hh;
      y.set(yNew);
      k[0].set(k[6]);
      steps++;
      const factor = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * err ** -0.2));
      h = last ? Math.max(h, hh * factor) : hh * factor;
    } else {
      rejected++;
      h = hh * (Number.isFinite(err) ? Math.max(0.2, 0.9 * err ** -0.2) : 0.25);
    }
  }
  const result: OdeResult = { status, t, y: Float64Array.from(y), steps, rejected, evaluations };
  if (dense) result.dense = makeDense(segments, t0, t, n);
  return result;
}

function makeDense(segments: Segment[], tStart: number, tEnd: number, n: number): OdeDense {
  const find = (t: number): Segment => {
    if (!(t >= tStart && t <= tEnd) || segments.length === 0) {
      throw new InfogeoError('odeSolve.dense', 't', t, `a time in [${tStart}, ${tEnd}] (the solved interval)`);
    }
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].t0 <= t) lo = mid;
      else hi = mid - 1;
    }
    return segments[lo];
  };
  return {
    // y(t0 + s h) = r0 + s (r1 + (1 - s) (r2 + s (r3 + (1 - s) r4))).
    at(t) {
      const g = find(t);
      const s = (t - g.t0) / g.h;
      const s1 = 1 - s;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = g.r[0][i] + s * (g.r[1][i] + s1 * (g.r[2][i] + s * (g.r[3][i] + s1 * g.r[4][i])));
      return out;
    },
    derivative(t) {
      const g = find(t);
      const s = (t - g.t0) / g.h;
      const s1 = 1 - s;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const [, r1, r2, r3, r4] = [0, g.r[1][i], g.r[2][i], g.r[3][i], g.r[4][i]];
        const inner = r3 + s1 * r4; // d/ds = -r4
        const mid = r2 + s * inner; // d/ds = inner - s r4
        const outer = r1 + s1 * mid; // d/ds = -mid + s1 (inner - s r4)
        const dOuter = -mid + s1 * (inner - s * r4);
        out[i] = (outer + s * dOuter) / g.h;
      }
      return out;
    },
  };
}
