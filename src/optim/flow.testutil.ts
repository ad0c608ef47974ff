/**
 * Test helpers: the natural-gradient flow d xi / dt = -G_xi^{-1} grad_xi L of a problem in some
 * coordinates, integrated by the classical fourth-order Runge-Kutta method with a fixed small
 * step (deliberately independent of the library's adaptive integrator), and small vector helpers.
 */
import { solveSPD } from '../linalg/index.js';
import type { CoordProblem } from './problems/problem.js';

/** The natural-gradient vector field -G^{-1} g in the problem's coordinates. */
export function ngField(cp: CoordProblem): (xi: Float64Array) => Float64Array {
  return (xi) => {
    const d = solveSPD(new Float64Array(cp.dim), cp.fisher(xi), cp.grad(xi), cp.dim);
    if (d === null) throw new Error('singular Fisher in the flow');
    for (let i = 0; i < d.length; i++) d[i] = -d[i];
    return d;
  };
}

/** The plain gradient field -g. */
export function gdField(cp: CoordProblem): (xi: Float64Array) => Float64Array {
  return (xi) => cp.grad(xi).map((v) => -v);
}

/**
 * Classical RK4 for the autonomous system y' = f(y) from y0 over [0, t1] in `n` equal steps;
 * returns y at every multiple of t1 / samples (samples + 1 points, n a multiple of samples).
 */
export function rk4(f: (y: Float64Array) => Float64Array, y0: Float64Array, t1: number, n: number, samples = 1): Float64Array[] {
  const h = t1 / n;
  const every = n / samples;
  if (!Number.isInteger(every)) throw new Error('n must be a multiple of samples');
  let y = Float64Array.from(y0);
  const out = [Float64Array.from(y)];
  const tmp = new Float64Array(y.length);
  for (let s = 1; s <= n; s++) {
    const k1 = f(y);
    for (let i = 0; i < y.length; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
    const k2 = f(tmp);
    for (let i = 0; i < y.length; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
    const k3 = f(tmp);
    for (let i = 0; i < y.length; i++) tmp[i] = y[i] + h * k3[i];
    const k4 = f(tmp);
    const next = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) next[i] = y[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    y = next;
    if (s % every === 0) out.push(Float64Array.from(y));
  }
  return out;
}

/** max_i |a_i - b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Euclidean norm. */
export function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Central-difference gradient of a scalar function. */
export function numGrad(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const hi = h * Math.max(1, Math.abs(x[i]));
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[i] += hi;
    xm[i] -= hi;
    g[i] = (f(xp) - f(xm)) / (2 * hi);
  }
  return g;
}

/** Central-difference Jacobian (row-major, rows = outputs) of a vector function. */
export function numJacobian(f: (x: Float64Array) => Float64Array, x: Float64Array, h = 1e-6): Float64Array {
  const m = f(x).length;
  const n = x.length;
  const jac = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const hj = h * Math.max(1, Math.abs(x[j]));
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] += hj;
    xm[j] -= hj;
    const fp = f(xp);
    const fm = f(xm);
    for (let i = 0; i < m; i++) jac[i * n + j] = (fp[i] - fm[i]) / (2 * hj);
  }
  return jac;
}
