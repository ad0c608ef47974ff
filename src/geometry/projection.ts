/**
 * e- and m-projections in an exponential family, the two halves of the dually flat geometry.
 *
 * - The m-projection of p onto an e-flat submanifold M = { theta = base + B u } (see
 *   submanifold.ts), q* = argmin_{q in M} KL(p || q), minimises phi(u) = F(base + B u) - <B u, eta_p>
 *   (KL up to a constant); its gradient is the projection B^T (eta(q) - eta_p) and its Hessian the
 *   projected Fisher B^T G(q) B, so Newton in u converges quadratically. The optimum matches the
 *   expected sufficient statistics along the subspace: B^T eta(q*) = B^T eta_p. Maximum likelihood
 *   is the m-projection of the empirical distribution, whose only relevant coordinates are the
 *   mean sufficient statistics.
 * - The e-projection of p onto an m-flat submanifold M = { A eta = b },
 *   q* = argmin_{q in M} KL(q || p) (I-projection, maximum entropy relative to p), is an
 *   exponential tilting theta = theta_p + A^T lambda, where lambda minimises the convex dual
 *   F(theta_p + A^T lambda) - <lambda, b>; Newton on lambda, started at lambda = 0.
 *
 * Both are one Newton solver for phi(u) = F(base + B u) - <u, c>. At either projection the
 * Pythagorean identity holds (see `pythagorean`). Reference: Amari (2016), Information Geometry
 * and Its Applications, sections 1.6 and 2.8; Csiszar (1975), "I-divergence geometry of
 * probability distributions and minimization problems".
 */
import type { ExponentialFamily, Sample } from '../families/family.js';
import { checkDistribution, Distribution, fromEta } from '../families/distribution.js';
import { klNatural } from '../families/derive.js';
import { cholesky, solveLower, solveLowerT } from '../linalg/index.js';
import { checkVector, formatValue, InfogeoError } from '../errors.js';
import { checkFamily, checkOnFamily, leastSquares, thetaOnSubmanifold, type EFlatSubmanifold, type MFlatSubmanifold } from './submanifold.js';

type Family = ExponentialFamily<unknown>;

/** Options of the projection solvers. */
export interface ProjectionOptions {
  /** Stop when the Newton decrement sqrt(g^T H^-1 g) is at most tol (default 1e-12). */
  tol?: number;
  /** Newton iterations, an integer >= 1 (default 100). */
  maxIter?: number;
  /** m-projection only: a distribution on the submanifold to start from (default: the least-squares point). */
  start?: Distribution<unknown>;
}

/** A projection with the evidence of its convergence. */
export interface ProjectionResult {
  /** The projected distribution q*. */
  projection: Distribution<unknown>;
  /** Its coordinates: u on an e-flat submanifold, the multipliers lambda for an e-projection. */
  coordinates: Float64Array;
  /** The divergence minimised: KL(p || q*) for the m-projection, KL(q* || p) for the e-projection. */
  divergence: number;
  /** Newton iterations taken. */
  iterations: number;
  /** Final Newton decrement sqrt(g^T H^-1 g) (about sqrt(2 (objective - optimum))). */
  decrement: number;
}
// The Newton solver for phi(u) = F(base + B u) - <u, c>.

/** F(theta), or +Infinity outside the natural parameter space (never NaN). */
function safeF(f: Family, theta: Float64Array): number {
  for (let i = 0; i < theta.length; i++) if (!Number.isFinite(theta[i])) return Infinity;
  if (!f.isNaturalValid(theta)) return Infinity;
  try {
    const v = f.logPartition(theta);
    return Number.isFinite(v) ? v : Infinity;
  } catch (e) {
    if (e instanceof InfogeoError) return Infinity;
    throw e;
  }
}

interface NewtonOutcome {
  u: Float64Array;
  theta: Float64Array;
  iterations: number;
  decrement: number;
}

/**
 * Minimises phi(u) = F(base + B u) - <u, c> by damped Newton; throws naming `param` if it does
 * not reach a decrement <= tol. B is row-major n x m.
 */
function newton(
  where: string,
  param: string,
  value: unknown,
  f: Family,
  base: Float64Array,
  basis: Float64Array,
  m: number,
  c: Float64Array,
  u0: Float64Array,
  tol: number,
  maxIter: number,
): NewtonOutcome {
  const n = f.dim;
  const theta = (u: Float64Array): Float64Array => {
    const t = Float64Array.from(base);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[i] += basis[i * m + j] * u[j];
    return t;
  };
  const phi = (u: Float64Array, th: Float64Array): number => {
    const fv = safeF(f, th);
    if (fv === Infinity) return Infinity;
    let s = 0;
    for (let j = 0; j < m; j++) s += u[j] * c[j];
    return fv - s;
  };
  let u = Float64Array.from(u0);
  let th = theta(u);
  let val = phi(u, th);
  if (val === Infinity) throw new InfogeoError(where, param, value, 'a problem whose starting point lies in the natural parameter space', 'pass a start on the submanifold');
  const eta = new Float64Array(n);
  const g = new Float64Array(n * n);
  const grad = new Float64Array(m);
  const hb = new Float64Array(n * m);
  const h = new Float64Array(m * m);
  let best = Infinity;
  let polished: NewtonOutcome | null = null;
  for (let it = 0; it <= maxIter + 1; it++) {
    f.gradLogPartition(th, eta);
    f.hessLogPartition(th, g);
    for (let j = 0; j < m; j++) {
      let s = -c[j];
      for (let i = 0; i < n; i++) s += basis[i * m + j] * eta[i];
      grad[j] = s;
    }
    // H = B^T G B.
    hb.fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
      const gik = g[i * n + k];
      if (gik !== 0) for (let j = 0; j < m; j++) hb[i * m + j] += gik * basis[k * m + j];
    }
    for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += basis[i * m + a] * hb[i * m + b];
      h[a * m + b] = s;
      h[b * m + a] = s;
    }
    const l = cholesky(new Float64Array(m * m), h, m);
    if (l === null) break;
    const y = solveLower(new Float64Array(m), l, grad, m);
    const step = solveLowerT(new Float64Array(m), l, y, m);
    let dec2 = 0;
    for (let j = 0; j < m; j++) dec2 += y[j] * y[j];
    const dec = Math.sqrt(dec2);
    if (!Number.isFinite(dec)) break;
    if (polished !== null && !(dec < polished.decrement)) return polished;
    best = Math.min(best, dec);
    if (dec <= tol) {
      // One more step costs little and, convergence being quadratic, reaches the rounding floor.
      if (polished !== null || dec === 0) return { u, theta: th, iterations: it, decrement: dec };
      polished = { u, theta: th, iterations: it, decrement: dec };
    }
    if (it === maxIter) break;
    // Damped step along -H^-1 g: halve until inside the domain and (away from the optimum) the
    // objective decreases enough. Near the optimum phi changes below its rounding, so a full
    // step that stays in the domain is taken on the strength of the quadratic model.
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      const un = new Float64Array(m);
      for (let j = 0; j < m; j++) un[j] = u[j] - t * step[j];
      const tn = theta(un);
      const vn = phi(un, tn);
      const slack = 1e-14 * (Math.abs(val) + 1);
      if (vn < Infinity && (dec < 1e-6 || vn <= val - 1e-4 * t * dec2 + slack)) {
        [u, th, val] = [un, tn, vn];
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
  }
  if (polished !== null) return polished;
  throw new InfogeoError(where, param, value, `a problem on which Newton reaches a decrement <= ${tol}`, `best decrement ${best}; the projection may not exist (e.g. constraints that no interior point satisfies)`);
}

function options(where: string, opts: ProjectionOptions | undefined): { tol: number; maxIter: number } {
  const o = opts ?? {};
  if (typeof o !== 'object') throw new InfogeoError(where, 'opts', o, 'an options object { tol?, maxIter?, start? }');
  const tol = o.tol ?? 1e-12;
  if (typeof tol !== 'number' || !(tol > 0 && tol < 1)) throw new InfogeoError(where, 'opts.tol', tol, 'a number in (0, 1)');
  const maxIter = o.maxIter ?? 100;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InfogeoError(where, 'opts.maxIter', maxIter, 'an integer >= 1');
  return { tol, maxIter };
}

/** A starting u on an e-flat submanifold: `start`, else the least-squares point of `theta`, else u = 0. */
function startOn(where: string, sub: EFlatSubmanifold, theta: Float64Array | null, start: Distribution<unknown> | undefined): Float64Array {
  const f = sub.family;
  if (start !== undefined) {
    const s = checkDistribution(where, 'opts.start', start);
    checkOnFamily(where, 'opts.start', s, sub);
    const { u, residual } = leastSquares(sub, s.theta);
    if (residual > 1e-8 * (1 + Math.max(...Array.from(s.theta, Math.abs)))) {
      throw new InfogeoError(where, 'opts.start', start, `a distribution on ${sub.description}`, `it is ${residual} away in theta`);
    }
    return u;
  }
  const m = sub.dim;
  if (theta !== null) {
    const { u } = leastSquares(sub, theta);
    if (safeF(f, thetaOnSubmanifold(sub, u)) < Infinity) return u;
  }
  return new Float64Array(m);
}

/**
 * The m-projection of p onto an e-flat submanifold: q* = argmin_{q in M} KL(p || q).
 *
 * Newton in the subspace coordinates u: gradient B^T (eta(q_u) - eta_p), Hessian B^T G(q_u) B;
 * at q* the expected sufficient statistics agree along M (B^T eta(q*) = B^T eta_p). Started at
 * the least-squares point of theta_p on M (or `opts.start`), stopped at Newton decrement <= tol.
 *
 * @throws InfogeoError for a p of another family, or if Newton does not converge
 * @example mProjection(mvNormal([0, 0], [[1, 0.5], [0.5, 2]]), independenceSubmanifold(mvNormalFamily(2))).projection.params
 * // { mean: [0, 0], cov: [[1, 0], [0, 2]] }  (the product of the marginals)
 */
export function mProjection(p: Distribution<unknown>, sub: EFlatSubmanifold, opts?: ProjectionOptions): ProjectionResult {
  const where = 'mProjection';
  const d = checkDistribution(where, 'p', p);
  checkOnFamily(where, 'p', d, sub);
  if (sub.kind !== 'e-flat') throw new InfogeoError(where, 'submanifold', sub.description, 'an e-flat submanifold (m-projections go onto e-flat sets; use eProjection for m-flat ones)');
  const { tol, maxIter } = options(where, opts);
  const r = projectEta(where, 'p', p, sub, d.eta, d.theta, opts?.start, tol, maxIter);
  return { ...r, divergence: klNatural(sub.family, d.theta, r.projection.theta) };
}

function projectEta(
  where: string,
  param: string,
  value: unknown,
  sub: EFlatSubmanifold,
  eta: Float64Array,
  theta: Float64Array | null,
  start: Distribution<unknown> | undefined,
  tol: number,
  maxIter: number,
): Omit<ProjectionResult, 'divergence'> {
  const n = sub.family.dim;
  const m = sub.dim;
  const c = new Float64Array(m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) c[j] += sub.basis[i * m + j] * eta[i];
  const u0 = startOn(where, sub, theta, start);
  const out = newton(where, param, value, sub.family, sub.base, sub.basis, m, c, u0, tol, maxIter);
  return { projection: new Distribution(sub.family, out.theta), coordinates: out.u, iterations: out.iterations, decrement: out.decrement };
}

/**
 * The e-projection of p onto an m-flat submanifold: q* = argmin_{q : A eta(q) = b} KL(q || p)
 * (the I-projection; with p uniform, maximum entropy under moment constraints).
 *
 * q* = p tilted: theta* = theta_p + A^T lambda, with lambda minimising the convex dual
 * F(theta_p + A^T lambda) - <lambda, b> (gradient A eta - b, Hessian A G A^T), by Newton from
 * lambda = 0 to decrement <= tol.
 *
 * @throws InfogeoError for a p of another family, or if no interior point meets the constraints
 * @example eProjection(normal(0, 1), mFlatSubmanifold(normalFamily, [[1, 0]], [2])).projection.params
 * // { mu: 2, sigma: 1 }
 */
export function eProjection(p: Distribution<unknown>, sub: MFlatSubmanifold, opts?: ProjectionOptions): ProjectionResult {
  const where = 'eProjection';
  const d = checkDistribution(where, 'p', p);
  checkOnFamily(where, 'p', d, sub);
  if (sub.kind !== 'm-flat') throw new InfogeoError(where, 'submanifold', sub.description, 'an m-flat submanifold (e-projections go onto m-flat sets; use mProjection for e-flat ones)');
  const { tol, maxIter } = options(where, opts);
  const n = sub.family.dim;
  const rows = sub.rows;
  // B = A^T (n x rows).
  const at = new Float64Array(n * rows);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) at[i * rows + r] = sub.constraints[r * n + i];
  const out = newton(where, 'submanifold', sub.description, sub.family, d.theta, at, rows, sub.values, new Float64Array(rows), tol, maxIter);
  const q = new Distribution(sub.family, out.theta);
  return { projection: q, coordinates: out.u, divergence: klNatural(sub.family, q.theta, d.theta), iterations: out.iterations, decrement: out.decrement };
}

/** Maximum likelihood with the evidence of its convergence. */
export interface MaximumLikelihoodResult extends Omit<ProjectionResult, 'divergence'> {
  /** The mean sufficient statistic of the data, eta of the empirical distribution. */
  empiricalEta: Float64Array;
  /** Mean log-likelihood (1/N) sum_i log q*(x_i). */
  meanLogLikelihood: number;
}

/**
 * Maximum likelihood as the m-projection of the empirical distribution: in the whole family
 * the fit whose eta equals the mean sufficient statistic (1/N) sum_i T(x_i) (moment matching);
 * on an e-flat submanifold the m-projection of that eta (matching it along the subspace).
 *
 * @param data - observations of the family (numbers, or arrays for vector families)
 * @throws InfogeoError for observations outside the support, or if the maximum does not exist
 *   (e.g. normal data that are all equal: the mean statistic lies on the boundary)
 * @example maximumLikelihood(normalFamily, [1, 2, 3, 4]).projection.params // { mu: 2.5, sigma: 1.118033988749895 }
 */
export function maximumLikelihood(family: Family, data: readonly (Sample | readonly number[])[], sub?: EFlatSubmanifold, opts?: ProjectionOptions): MaximumLikelihoodResult {
  const where = 'maximumLikelihood';
  const f = checkFamily(where, family);
  if (sub !== undefined && (sub === null || sub.kind !== 'e-flat' || sub.family.id !== f.id)) {
    throw new InfogeoError(where, 'submanifold', sub, `an e-flat submanifold of ${f.id}`);
  }
  const xs = checkData(where, f, data);
  const n = f.dim;
  const eta = meanStatistic(f, xs);
  const { tol, maxIter } = options(where, opts);
  let r: Omit<ProjectionResult, 'divergence'>;
  if (sub === undefined) {
    const q = fromEtaOrThrow(where, f, eta);
    r = { projection: q, coordinates: Float64Array.from(q.theta), iterations: 0, decrement: 0 };
  } else {
    let theta: Float64Array | null = null;
    try {
      if (f.isExpectationValid(eta)) theta = fromEta(f, eta).theta;
    } catch (e) {
      if (!(e instanceof InfogeoError)) throw e;
    }
    r = projectEta(where, 'data', data, sub, eta, theta, opts?.start, tol, maxIter);
  }
  const th = r.projection.theta;
  let dot = 0;
  for (let i = 0; i < n; i++) dot += th[i] * eta[i];
  let logh = 0;
  for (const x of xs) logh += f.logBaseMeasure(x);
  return { ...r, empiricalEta: eta, meanLogLikelihood: dot - f.logPartition(th) + logh / xs.length };
}

function fromEtaOrThrow(where: string, f: Family, eta: Float64Array): Distribution<unknown> {
  try {
    return fromEta(f, eta);
  } catch (e) {
    if (!(e instanceof InfogeoError)) throw e;
    throw new InfogeoError(where, 'data', formatValue(Array.from(eta)), `data whose mean sufficient statistic lies in the interior of the expectation space of ${f.id}`, 'the maximum-likelihood estimate does not exist (e.g. all observations equal)');
  }
}

/** @internal Observations validated against a family, in internal form. */
export function checkData(where: string, f: Family, data: unknown): Sample[] {
  if (!Array.isArray(data) || data.length === 0) throw new InfogeoError(where, 'data', data, 'a non-empty array of observations');
  return data.map((x, i) => {
    let s: Sample;
    if (f.sampleDim === 0) {
      if (typeof x !== 'number') throw new InfogeoError(where, `data[${i}]`, x, `a number (an observation of ${f.id})`);
      s = x;
    } else {
      s = checkVector(where, `data[${i}]`, x, f.sampleDim);
    }
    if (!f.inSupport(s)) throw new InfogeoError(where, `data[${i}]`, x, `a point of the support of ${f.id}`);
    return s;
  });
}

/** @internal (1/N) sum_i T(x_i), with compensated sums. */
export function meanStatistic(f: Family, xs: readonly Sample[]): Float64Array {
  const n = f.dim;
  const s = new Float64Array(n);
  const comp = new Float64Array(n);
  const t = new Float64Array(n);
  for (const x of xs) {
    f.sufficientStat(x, t);
    for (let i = 0; i < n; i++) {
      const y = s[i] + t[i];
      comp[i] += Math.abs(s[i]) >= Math.abs(t[i]) ? s[i] - y + t[i] : t[i] - y + s[i];
      s[i] = y;
    }
  }
  for (let i = 0; i < n; i++) s[i] = (s[i] + comp[i]) / xs.length;
  return s;
}
