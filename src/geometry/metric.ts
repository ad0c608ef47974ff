/**
 * Riemannian metrics from a metric function, and the Fisher metric of an exponential family in
 * natural, expectation or source coordinates; their Levi-Civita connections by the Koszul formula.
 *
 * Koszul: Gamma_lij = (1/2)(d_i g_jl + d_j g_il - d_l g_ij), Gamma^k_ij = g^kl Gamma_lij.
 * Fisher metric of p(x; theta) = h(x) exp(<theta, T(x)> - F(theta)):
 * natural coordinates g = Hess F(theta), d_k g_ij = T_ijk = d_i d_j d_k F (the cubic tensor);
 * expectation coordinates G = (Hess F)^{-1}, d_k G_ij = -T_abc G_ai G_bj G_ck (since
 * d theta / d eta = G); source coordinates s the pullback J^T Hess F J, J = d theta / d s.
 * Reference: Amari (2016), Information Geometry and Its Applications, sec. 2.3 and 6.
 *
 * Derivatives that are not given in closed form are taken by Richardson-extrapolated central
 * differences (steps h, h/2, h/4, error O(h^6)) with h proportional to the size of the
 * coordinate, which keeps the stencil inside domains bounded at 0 and the relative error near
 * 1e-12 for the smooth metrics of statistical families.
 */
import type { ExponentialFamily } from '../families/family.js';
import { invSPD, solveSPDMulti } from '../linalg/index.js';
import { InfogeoError } from '../errors.js';
import type { Metric } from './connection.js';

/** The coordinate systems of a family's parameter manifold. */
export type FamilyCoords = 'source' | 'natural' | 'expectation';

/** A family's Fisher metric in one coordinate system. */
export interface FamilyMetric extends Metric {
  readonly family: ExponentialFamily<unknown>;
  readonly coords: FamilyCoords;
}

/** Relative step of the coarsest central difference (eps^(1/7) balances O(h^6) against eps / h). */
const REL_STEP = 2 ** -7;
/** The domain must extend MARGIN steps beyond x on both sides. */
const MARGIN = 100;

// Scratch buffers per nesting level: derivatives of derivatives (curvature, Jacobi fields)
// call `richardsonJacobian` recursively through the function being differentiated.
const pool: Float64Array[][] = [];
let depth = 0;

function scratch(level: number, m: number, n: number): Float64Array[] {
  let s = pool[level];
  if (s === undefined || s[0].length < m || s[6].length < n) {
    s = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(m));
    s.push(new Float64Array(n));
    pool[level] = s;
  }
  // Views of exactly the requested lengths: a buffer grown by an earlier, larger call must not
  // pass stale trailing entries to the function being differentiated.
  return s.map((a, i) => a.subarray(0, i < 6 ? m : n));
}

/**
 * The Jacobian of f: R^n -> R^m at x by Richardson-extrapolated central differences:
 * out[k * m + r] = d f_r / d x_k (so for a matrix-valued f, out[(k * n + i) * n + j] = d_k f_ij).
 *
 * D(h) = (f(x + h e_k) - f(x - h e_k)) / (2h); D1(h) = (4 D(h/2) - D(h)) / 3;
 * result (16 D1(h/2) - D1(h)) / 15, error O(h^6). The step is h = 2^-7 |x_k| (|x_k| floored at
 * 2^-10 max_j |x_j|, or 1 at the origin), quartered until x +- 100 h e_k lies in the domain (taken
 * to be an interval along each coordinate line, as for convex domains): near a boundary at
 * distance d the step is between d / 400 and d / 100. Where no stencil fits, the derivatives
 * along that coordinate are NaN. Kernel: `out` (length n * m) must not alias `x`, which is
 * left untouched; `f` is called on a scratch copy and must not keep it.
 *
 * @example richardsonJacobian(new Float64Array(1), (x, o) => { o[0] = x[0] ** 3; return o; }, Float64Array.of(2), 1)
 * // Float64Array [12] (to about 1e-13)
 */
export function richardsonJacobian(
  out: Float64Array,
  f: (x: Float64Array, out: Float64Array) => Float64Array,
  x: Float64Array,
  m: number,
  inDomain?: (x: Float64Array) => boolean,
): Float64Array {
  const n = x.length;
  const level = depth++;
  try {
    const buf = scratch(level, m, n);
    const p1 = buf[0];
    const m1 = buf[1];
    const p2 = buf[2];
    const m2 = buf[3];
    const p4 = buf[4];
    const m4 = buf[5];
    const xs = buf[6];
    xs.set(x);
    let xmax = 0;
    for (let k = 0; k < n; k++) xmax = Math.max(xmax, Math.abs(x[k]));
    const floor = xmax > 0 ? xmax * 2 ** -10 : 1;
    for (let k = 0; k < n; k++) {
      const xk = x[k];
      let h = Math.max(Math.abs(xk), floor) * REL_STEP;
      // Shrink until the domain reaches 100 h beyond the stencil on both sides (enough that the
      // Taylor series converges fast), assuming the domain is an interval along the line.
      let fits = inDomain === undefined;
      for (let tries = 0; inDomain !== undefined && !fits && tries < 60; tries++) {
        xs[k] = xk + MARGIN * h;
        fits = inDomain(xs);
        xs[k] = xk - MARGIN * h;
        fits = fits && inDomain(xs);
        if (!fits) h *= 0.25;
      }
      if (!fits || !(h > 0)) {
        // No stencil fits (x on or outside the boundary, or no room in float64): no derivative.
        xs[k] = xk;
        out.fill(Number.NaN, k * m, (k + 1) * m);
        continue;
      }
      h = xk + h - xk; // a step exactly representable next to x_k
      xs[k] = xk + h;
      f(xs, p1);
      xs[k] = xk - h;
      f(xs, m1);
      xs[k] = xk + h / 2;
      f(xs, p2);
      xs[k] = xk - h / 2;
      f(xs, m2);
      xs[k] = xk + h / 4;
      f(xs, p4);
      xs[k] = xk - h / 4;
      f(xs, m4);
      xs[k] = xk;
      const row = k * m;
      for (let r = 0; r < m; r++) {
        const d1 = (p1[r] - m1[r]) / (2 * h);
        const d2 = (p2[r] - m2[r]) / h;
        const d4 = (p4[r] - m4[r]) / (h / 2);
        const r1 = (4 * d2 - d1) / 3;
        const r2 = (4 * d4 - d2) / 3;
        out[row + r] = (16 * r2 - r1) / 15;
      }
    }
  } finally {
    depth--;
  }
  return out;
}

/**
 * Christoffel symbols of the Levi-Civita connection from the metric and its derivative by the
 * Koszul formula: Gamma^k_ij = g^kl (1/2)(d_i g_jl + d_j g_il - d_l g_ij).
 *
 * Kernel: g is n x n SPD, dg holds d_k g_ij at [(k n + i) n + j]; `out` (n^3) receives
 * Gamma^k_ij at [(k n + i) n + j] and must not alias the inputs. Returns `out`, or null when g
 * is not positive definite.
 *
 * @example christoffelFromMetric(new Float64Array(1), Float64Array.of(4), Float64Array.of(2), 1)
 * // Float64Array [0.25]  (g = x^2 at x = 2: Gamma = g' / (2 g) = 1 / x)
 */
export function christoffelFromMetric(out: Float64Array, g: Float64Array, dg: Float64Array, n: number): Float64Array | null {
  const lower = koszulLower(new Float64Array(n * n * n), dg, n);
  return solveSPDMulti(out, g, lower, n, n * n);
}

/**
 * The Christoffel symbols of the first kind Gamma_lij = (1/2)(d_i g_jl + d_j g_il - d_l g_ij)
 * at out[(l n + i) n + j]. Kernel; `out` must not alias `dg`.
 */
export function koszulLower(out: Float64Array, dg: Float64Array, n: number): Float64Array {
  const nn = n * n;
  for (let l = 0; l < n; l++) {
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = 0.5 * (dg[i * nn + j * n + l] + dg[j * nn + i * n + l] - dg[l * nn + i * n + j]);
        out[l * nn + i * n + j] = v;
        out[l * nn + j * n + i] = v;
      }
    }
  }
  return out;
}

/**
 * A Riemannian metric from its matrix function, with the Levi-Civita connection by the Koszul
 * formula. The derivative d_k g_ij is `dg` when given, else Richardson-extrapolated central
 * differences of `g` (relative accuracy about 1e-12 for smooth metrics).
 *
 * @param dim - dimension n >= 1 of the chart
 * @param g - g(x, out) writes the SPD matrix g_ij(x) (row-major n x n) into out and returns it
 * @param inDomain - whether x lies in the open coordinate domain
 * @param dg - optional dg(x, out) writing d_k g_ij at out[(k n + i) n + j]
 * @throws InfogeoError for a bad dim or non-function arguments
 * @example
 * const h = metricFromFunction(2, (x, o) => {
 *   o.set([1 / x[1] ** 2, 0, 0, 1 / x[1] ** 2]); // the Poincare half-plane
 *   return o;
 * }, (x) => x[1] > 0);
 * h.christoffel(Float64Array.of(0, 1), new Float64Array(8))
 * // Gamma^0_01 = Gamma^0_10 = -1, Gamma^1_00 = 1, Gamma^1_11 = -1 (to about 1e-13):
 * // Float64Array [0, -1, -1, 0, 1, 0, 0, -1]
 */
export function metricFromFunction(
  dim: number,
  g: (x: Float64Array, out: Float64Array) => Float64Array,
  inDomain: (x: Float64Array) => boolean,
  dg?: (x: Float64Array, out: Float64Array) => Float64Array,
): Metric {
  const where = 'metricFromFunction';
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) throw new InfogeoError(where, 'dim', dim, 'an integer >= 1');
  if (typeof g !== 'function') throw new InfogeoError(where, 'g', g, 'a function (x, out) => out writing the metric matrix');
  if (typeof inDomain !== 'function') throw new InfogeoError(where, 'inDomain', inDomain, 'a function (x) => boolean');
  if (dg !== undefined && typeof dg !== 'function') throw new InfogeoError(where, 'dg', dg, 'a function (x, out) => out writing d_k g_ij, or undefined');
  const n = dim;
  const derivative = dg ?? ((x: Float64Array, out: Float64Array) => richardsonJacobian(out, g, x, n * n, inDomain));
  return leviCivita(n, g, derivative, inDomain);
}

/** Assembles a Metric whose `christoffel` applies the Koszul formula to g and dg. */
function leviCivita(
  n: number,
  g: (x: Float64Array, out: Float64Array) => Float64Array,
  dg: (x: Float64Array, out: Float64Array) => Float64Array,
  inDomain: (x: Float64Array) => boolean,
): Metric {
  const gs = new Float64Array(n * n);
  const dgs = new Float64Array(n * n * n);
  const lower = new Float64Array(n * n * n);
  return {
    dim: n,
    metric: g,
    metricDerivative: dg,
    inDomain,
    christoffel(x, out) {
      g(x, gs);
      dg(x, dgs);
      koszulLower(lower, dgs, n);
      if (solveSPDMulti(out, gs, lower, n, n * n) === null) out.fill(Number.NaN, 0, n * n * n);
      return out;
    },
  };
}

/**
 * The cubic tensor T_ijk = d_i d_j d_k F(theta) of an exponential family in natural coordinates,
 * which is also the derivative of the Fisher metric there (d_k g_ij = T_ijk). Computed by
 * Richardson-extrapolated central differences of the family's Hessian and symmetrised over all
 * index permutations. Written into `out` (n^3, any index order) and returned.
 *
 * @example cubicTensor(normalFamily, normal(0, 1).theta, new Float64Array(8))
 * // theta = (0, -1/2): F_111 = 0, F_112 = 1 / (2 theta_2^2) = 2, F_122 = -theta_1 / theta_2^3 = 0,
 * // F_222 = 3 theta_1^2 / (2 theta_2^4) - 1 / theta_2^3 = 8:
 * // Float64Array [0, 2, 2, 0, 2, 0, 0, 8] (to about 1e-14)
 */
export function cubicTensor(family: ExponentialFamily<unknown>, theta: Float64Array, out: Float64Array): Float64Array {
  const n = family.dim;
  const hess = (t: Float64Array, o: Float64Array): Float64Array => family.hessLogPartition(t, o);
  const d = richardsonJacobian(new Float64Array(n * n * n), hess, theta, n * n, (t) => naturalValid(family, t));
  const nn = n * n;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      for (let k = j; k < n; k++) {
        const v = (d[k * nn + i * n + j] + d[j * nn + i * n + k] + d[i * nn + j * n + k]) / 3;
        out[i * nn + j * n + k] = v;
        out[i * nn + k * n + j] = v;
        out[j * nn + i * n + k] = v;
        out[j * nn + k * n + i] = v;
        out[k * nn + i * n + j] = v;
        out[k * nn + j * n + i] = v;
      }
    }
  }
  return out;
}

/**
 * The tensor transform out_ijk = sum_abc t_abc m_ai m_bj m_ck for a fully symmetric n^3 tensor
 * t and an n x n matrix m (row-major, m_ai at a * n + i): the components of a covariant 3-tensor
 * in new coordinates when m = d old / d new. Kernel; `out` must not alias `t`.
 */
export function transformCubic(out: Float64Array, t: Float64Array, m: Float64Array, n: number): Float64Array {
  const nn = n * n;
  const s1 = new Float64Array(n * nn);
  const s2 = new Float64Array(n * nn);
  // s1[a b k] = sum_c t[a b c] m[c k]; s2[a j k] = sum_b s1[a b k] m[b j]; out[i j k] = sum_a s2[a j k] m[a i].
  for (let ab = 0; ab < nn; ab++) {
    for (let c = 0; c < n; c++) {
      const v = t[ab * n + c];
      if (v === 0) continue;
      for (let k = 0; k < n; k++) s1[ab * n + k] += v * m[c * n + k];
    }
  }
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      for (let j = 0; j < n; j++) {
        const mbj = m[b * n + j];
        if (mbj === 0) continue;
        for (let k = 0; k < n; k++) s2[a * nn + j * n + k] += mbj * s1[a * nn + b * n + k];
      }
    }
  }
  out.fill(0, 0, n * nn);
  for (let a = 0; a < n; a++) {
    for (let i = 0; i < n; i++) {
      const mai = m[a * n + i];
      if (mai === 0) continue;
      for (let jk = 0; jk < nn; jk++) out[i * nn + jk] += mai * s2[a * nn + jk];
    }
  }
  return out;
}

/**
 * out = J^T G J (exactly symmetric) for n x n row-major G and J, with `tmp` (n^2) as scratch.
 * Written out rather than through gemm: at the sizes of parameter manifolds (n <= ~10) the
 * blocked kernel's set-up costs more than the arithmetic, and this runs inside every metric
 * evaluation.
 */
function pullbackInto(out: Float64Array, g: Float64Array, j: Float64Array, tmp: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += g[i * n + k] * j[k * n + c];
      tmp[i * n + c] = s;
    }
  }
  for (let r = 0; r < n; r++) {
    for (let c = r; c < n; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += j[i * n + r] * tmp[i * n + c];
      out[r * n + c] = s;
      out[c * n + r] = s;
    }
  }
  return out;
}

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

function naturalValid(f: ExponentialFamily<unknown>, theta: Float64Array): boolean {
  return allFinite(theta) && f.isNaturalValid(theta);
}

function checkFamily(where: string, family: unknown): ExponentialFamily<unknown> {
  const f = family as Partial<ExponentialFamily<unknown>> | null;
  if (f === null || typeof f !== 'object' || typeof f.dim !== 'number' || typeof f.hessLogPartition !== 'function' || typeof f.thetaFromEta !== 'function') {
    throw new InfogeoError(where, 'family', family, 'an ExponentialFamily (e.g. normalFamily)');
  }
  return f as ExponentialFamily<unknown>;
}

/** Throws InfogeoError unless coords is one of the three coordinate systems. */
export function checkFamilyCoords(where: string, coords: unknown): FamilyCoords {
  if (coords !== 'source' && coords !== 'natural' && coords !== 'expectation') {
    throw new InfogeoError(where, 'coords', coords, "one of 'source', 'natural', 'expectation'");
  }
  return coords;
}

/**
 * The Fisher metric of an exponential family as a Metric over flat coordinate vectors:
 * natural coordinates theta (g = Hess F, d_k g_ij = T_ijk), expectation coordinates eta
 * (G = (Hess F)^{-1}, d_k G_ij = -T_abc G_ai G_bj G_ck) or source coordinates (the family's
 * `fisherSource` closed form when declared, else the pullback J^T Hess F J, differentiated
 * numerically). The cubic tensor T is taken numerically from the family's Hessian. The domain
 * is the family's: isNaturalValid for theta; isExpectationValid (with a valid inverse map) for
 * eta; validateSource for source points (after a cheap test that the round trip through theta
 * returns the point, which rejects most outside points without an exception).
 *
 * @param family - an ExponentialFamily such as `normalFamily`
 * @param coords - 'source' (default), 'natural' or 'expectation'
 * @throws InfogeoError for a non-family or unknown coords
 * @example
 * const g = familyMetric(normalFamily, 'source');
 * g.metric(Float64Array.of(0, 2), new Float64Array(4)) // Float64Array [0.25, 0, 0, 0.5]
 */
export function familyMetric(family: ExponentialFamily<unknown>, coords: FamilyCoords = 'source'): FamilyMetric {
  const where = 'familyMetric';
  const f = checkFamily(where, family);
  const c = checkFamilyCoords(where, coords);
  const n = f.dim;
  const nn = n * n;
  const theta = new Float64Array(n);
  const hs = new Float64Array(nn);
  const ts = new Float64Array(n * nn);
  let g: (x: Float64Array, out: Float64Array) => Float64Array;
  let dg: (x: Float64Array, out: Float64Array) => Float64Array;
  let inDomain: (x: Float64Array) => boolean;
  if (c === 'natural') {
    g = (x, out) => f.hessLogPartition(x, out);
    dg = (x, out) => cubicTensor(f, x, out);
    inDomain = (x) => naturalValid(f, x);
  } else if (c === 'expectation') {
    const inverse = (eta: Float64Array, out: Float64Array): Float64Array => {
      f.thetaFromEta(eta, theta);
      f.hessLogPartition(theta, hs);
      if (invSPD(out, hs, n) === null) out.fill(Number.NaN, 0, nn);
      return out;
    };
    g = inverse;
    dg = (x, out) => {
      const gEta = inverse(x, new Float64Array(nn));
      cubicTensor(f, theta, ts);
      transformCubic(out, ts, gEta, n);
      for (let i = 0; i < n * nn; i++) out[i] = -out[i];
      return out;
    };
    inDomain = (x) => allFinite(x) && f.isExpectationValid(x) && naturalValid(f, f.thetaFromEta(x, theta));
  } else {
    const js = new Float64Array(nn);
    const hj = new Float64Array(nn);
    g = f.fisherSource
      ? (x, out) => (f.fisherSource as (s: Float64Array, o: Float64Array) => Float64Array)(x, out)
      : (x, out) => {
          f.hessLogPartition(f.thetaFromSource(x, theta), hs);
          return pullbackInto(out, hs, f.sourceJacobian(x, js), hj, n);
        };
    const back = new Float64Array(n);
    inDomain = (x) => {
      if (!allFinite(x) || !naturalValid(f, f.thetaFromSource(x, theta))) return false;
      // A point whose round trip through theta lands elsewhere, or on its mirror image (the
      // normal's sigma < 0 has the theta of |sigma|), is outside. This settles most outside
      // points without validateSource, which reports by throwing: slow, and stencils and trial
      // steps probe just outside the boundary often.
      f.sourceFromTheta(theta, back);
      let top = 0;
      for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(x[i]));
      for (let i = 0; i < n; i++) {
        const xi = x[i];
        if (!(Math.abs(back[i] - xi) <= 1e-6 * Math.abs(xi) + 1e-14 * top)) return false;
        if (xi < 0 && Math.abs(back[i] + xi) <= 1e-6 * -xi) return false;
      }
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        f.validateSource(x, where);
      } catch {
        return false;
      } finally {
        Error.stackTraceLimit = limit;
      }
      return true;
    };
    dg = (x, out) => richardsonJacobian(out, g, x, nn, inDomain);
  }
  const m = leviCivita(n, g, dg, inDomain);
  return { ...m, family: f, coords: c };
}
