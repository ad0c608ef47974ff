/**
 * Centroids of weighted sets of distributions of one exponential family.
 *
 * With KL(p || q) = B_F(theta_q : theta_p) the Bregman divergence of the log-partition:
 * - right-sided centroid  argmin_c sum_i w_i KL(p_i || c) = the weighted mean in eta
 *   (moment matching of the mixture sum_i w_i p_i, its m-projection onto the family);
 * - left-sided centroid   argmin_c sum_i w_i KL(c || p_i) = the weighted mean in theta
 *   (the normalised weighted geometric mean of the densities);
 * - symmetric (Jeffreys) centroid argmin_c sum_i w_i (KL(p_i || c) + KL(c || p_i)). Up to a
 *   constant its objective is KL(c_R || c) + KL(c || c_L), so it depends only on the two sided
 *   centroids; Nielsen and Nock walk the geodesic straight in eta (the m-geodesic) between them.
 *   That walk gives an excellent start but not in general the minimiser (for three normals the
 *   minimum along the m-geodesic is about 1e-4 relative above the true minimum), so the walk is
 *   followed by Newton on the full gradient (eta_c - eta_R) + G(theta_c) (theta_c - theta_L);
 * - Fisher-Rao Frechet mean argmin_c sum_i w_i d(c, p_i)^2, by the Riemannian gradient step
 *   c <- exp_c(sum_i w_i log_c(p_i)) (Karcher's iteration).
 * References: Nielsen and Nock (2009), "Sided and symmetrized Bregman centroids", IEEE Trans.
 * Inf. Theory 55(6); Banerjee et al. (2005), "Clustering with Bregman divergences", JMLR 6;
 * Karcher (1977), "Riemannian center of mass and mollifier smoothing".
 */
import { checkDistribution, Distribution, fromEta, fromTheta } from '../families/distribution.js';
import { klNatural } from '../families/derive.js';
import { fisherMatrix } from '../fisher/fisher.js';
import { cholesky, solveLower, solveLowerT } from '../linalg/index.js';
import { checkResult, InfogeoError } from '../errors.js';
import { expMap, fisherRaoDistance, logMap, type FisherRaoOptions } from './api.js';

type Dist = Distribution<unknown>;

/** An iteratively computed centroid with the evidence of its convergence. */
export interface CentroidResult {
  /** The centroid. */
  centroid: Dist;
  /** The objective at the centroid: sum_i w_i J(p_i, c) with the weights normalised to sum 1. */
  objective: number;
  /** Iterations of the final solver (Newton, or Karcher steps). */
  iterations: number;
  /** Norm of the objective's gradient at the centroid in the inverse Fisher metric. */
  gradientNorm: number;
}

/** Options of the iterative centroids. */
export interface CentroidOptions {
  /** Stop when the gradient norm is at most tol (default 1e-12 Jeffreys, 1e-10 Frechet). */
  tol?: number;
  /** Maximum iterations (default 100 Jeffreys, 500 Frechet). */
  maxIter?: number;
  /** Options passed to the Fisher-Rao exp and log maps (Frechet mean only). */
  fisherRao?: FisherRaoOptions;
}

/** Validated points and weights normalised to sum 1. */
function checkSet(where: string, ps: unknown, weights: unknown): { pts: Dist[]; w: Float64Array } {
  if (!Array.isArray(ps) || ps.length === 0) throw new InfogeoError(where, 'ps', ps, 'a non-empty array of distributions of one family');
  const pts = ps.map((p, i) => checkDistribution(where, `ps[${i}]`, p));
  pts.forEach((p, i) => {
    if (p.family.id !== pts[0].family.id) throw new InfogeoError(where, `ps[${i}]`, p, `a ${pts[0].family.id} distribution (the family of ps[0])`, `got ${p.family.id}`);
  });
  const w = new Float64Array(pts.length);
  if (weights === undefined) {
    w.fill(1 / pts.length);
    return { pts, w };
  }
  if (!(Array.isArray(weights) || weights instanceof Float64Array) || weights.length !== pts.length) {
    throw new InfogeoError(where, 'weights', weights, `an array of ${pts.length} weights (one per distribution)`);
  }
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    const x = (weights as ArrayLike<unknown>)[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new InfogeoError(where, `weights[${i}]`, x, 'a finite number >= 0');
    w[i] = x;
    s += x;
  }
  if (!(s > 0)) throw new InfogeoError(where, 'weights', weights, 'weights >= 0 with a positive sum');
  for (let i = 0; i < w.length; i++) w[i] /= s;
  return { pts, w };
}

/** sum_i w_i v_i(p_i), compensated. */
function weightedMean(pts: Dist[], w: Float64Array, pick: (p: Dist) => Float64Array): Float64Array {
  const n = pts[0].family.dim;
  const s = new Float64Array(n);
  const c = new Float64Array(n);
  for (let k = 0; k < pts.length; k++) {
    const v = pick(pts[k]);
    for (let i = 0; i < n; i++) {
      const t = w[k] * v[i];
      const y = s[i] + t;
      c[i] += Math.abs(s[i]) >= Math.abs(t) ? s[i] - y + t : t - y + s[i];
      s[i] = y;
    }
  }
  for (let i = 0; i < n; i++) s[i] += c[i];
  return s;
}

/**
 * Right-sided KL centroid argmin_c sum_i w_i KL(p_i || c): the weighted mean of the expectation
 * parameters, eta_c = sum_i w_i eta_i (weights normalised to sum 1; default uniform).
 *
 * @throws InfogeoError for an empty set, mixed families or bad weights
 * @example rightCentroid([normal(0, 1), normal(2, 1)]).params // { mu: 1, sigma: 1.4142135623730951 }
 */
export function rightCentroid(ps: readonly Dist[], weights?: ArrayLike<number>): Dist {
  const { pts, w } = checkSet('rightCentroid', ps, weights);
  return fromEta(pts[0].family, weightedMean(pts, w, (p) => p.eta));
}

/**
 * Left-sided KL centroid argmin_c sum_i w_i KL(c || p_i): the weighted mean of the natural
 * parameters, theta_c = sum_i w_i theta_i (weights normalised to sum 1; default uniform).
 *
 * @throws InfogeoError for an empty set, mixed families or bad weights
 * @example leftCentroid([normal(0, 1), normal(2, 1)]).params // { mu: 1, sigma: 1 }
 */
export function leftCentroid(ps: readonly Dist[], weights?: ArrayLike<number>): Dist {
  const { pts, w } = checkSet('leftCentroid', ps, weights);
  return fromTheta(pts[0].family, weightedMean(pts, w, (p) => p.theta));
}

/** The centroid objectives: 'right' sum w KL(p_i || c), 'left' sum w KL(c || p_i), 'jeffreys' their sum, 'fisher-rao' sum w d(c, p_i)^2. */
export type CentroidKind = 'right' | 'left' | 'jeffreys' | 'fisher-rao';

/**
 * The objective a centroid minimises, at a candidate c (weights normalised to sum 1).
 * @example centroidObjective([normal(0, 1), normal(2, 1)], undefined, normal(1, 1), 'jeffreys') // 1
 */
export function centroidObjective(ps: readonly Dist[], weights: ArrayLike<number> | undefined, c: Dist, kind: CentroidKind): number {
  const where = 'centroidObjective';
  const { pts, w } = checkSet(where, ps, weights);
  const q = checkDistribution(where, 'c', c);
  if (q.family.id !== pts[0].family.id) throw new InfogeoError(where, 'c', c, `a ${pts[0].family.id} distribution (the family of ps)`, `got ${q.family.id}`);
  if (!['right', 'left', 'jeffreys', 'fisher-rao'].includes(kind)) throw new InfogeoError(where, 'kind', kind, "'right', 'left', 'jeffreys' or 'fisher-rao'");
  const f = q.family;
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    if (w[i] === 0) continue;
    const p = pts[i];
    let v: number;
    if (kind === 'fisher-rao') v = fisherRaoDistance(p, q) ** 2;
    else if (kind === 'right') v = klNatural(f, p.theta, q.theta);
    else if (kind === 'left') v = klNatural(f, q.theta, p.theta);
    else v = klNatural(f, p.theta, q.theta) + klNatural(f, q.theta, p.theta);
    s += w[i] * v;
  }
  return checkResult(where, 'objective', s);
}

/** theta in the natural space, by family validity and a finite F (never throws). */
function validTheta(d: Dist, theta: Float64Array): boolean {
  const f = d.family;
  for (let i = 0; i < theta.length; i++) if (!Number.isFinite(theta[i])) return false;
  if (!f.isNaturalValid(theta)) return false;
  try {
    return Number.isFinite(f.logPartition(theta));
  } catch (e) {
    if (e instanceof InfogeoError) return false;
    throw e;
  }
}

/**
 * Symmetric (Jeffreys) centroid argmin_c sum_i w_i (KL(p_i || c) + KL(c || p_i)).
 *
 * Up to a constant the objective is KL(c_R || c) + KL(c || c_L) with c_R, c_L the right and left
 * centroids, whose gradient in theta is g = (eta_c - eta_R) + G(theta_c) (theta_c - theta_L).
 * First a bisection on the sign of the directional derivative along the m-geodesic from c_R to
 * c_L (Nielsen and Nock's geodesic walk), then Newton on g with Hessian 2 G + dG[theta_c - theta_L]
 * (the derivative of G along theta_c - theta_L by central differences), to
 * sqrt(g^T G^-1 g) <= tol.
 *
 * @throws InfogeoError for an empty set, mixed families, bad weights, or if Newton stalls
 * @example jeffreysCentroid([normal(0, 1), normal(0, 4)]).centroid.params // { mu: 0, sigma: 2 }
 */
export function jeffreysCentroid(ps: readonly Dist[], weights?: ArrayLike<number>, opts: CentroidOptions = {}): CentroidResult {
  const where = 'jeffreysCentroid';
  const { pts, w } = checkSet(where, ps, weights);
  const tol = checkTol(where, opts.tol, 1e-12);
  const maxIter = checkMaxIter(where, opts.maxIter, 100);
  const f = pts[0].family;
  const n = f.dim;
  const thetaL = weightedMean(pts, w, (p) => p.theta);
  const etaR = weightedMean(pts, w, (p) => p.eta);
  const cL = fromTheta(f, thetaL);
  const cR = fromEta(f, etaR);
  const etaL = cL.eta;

  const eta = new Float64Array(n);
  const g = new Float64Array(n * n);
  const gradAt = (theta: Float64Array): Float64Array => {
    f.gradLogPartition(theta, eta);
    f.hessLogPartition(theta, g);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = eta[i] - etaR[i];
      for (let k = 0; k < n; k++) s += g[i * n + k] * (theta[k] - thetaL[k]);
      out[i] = s;
    }
    return out;
  };
  const objective = (theta: Float64Array): number => klNatural(f, cR.theta, theta) + klNatural(f, theta, thetaL);

  // Geodesic walk: J(lambda) along eta = (1 - lambda) eta_R + lambda eta_L is convex-shaped between
  // its ends; dJ/dlambda = <g, dtheta/dlambda> with dtheta/dlambda = G^-1 (eta_L - eta_R).
  const de = new Float64Array(n);
  for (let i = 0; i < n; i++) de[i] = etaL[i] - etaR[i];
  const pointAt = (lam: number): Float64Array => {
    const e = new Float64Array(n);
    for (let i = 0; i < n; i++) e[i] = (1 - lam) * etaR[i] + lam * etaL[i];
    return f.thetaFromEta(e, new Float64Array(n));
  };
  const slope = (lam: number): number => {
    const th = pointAt(lam);
    const gr = gradAt(th);
    const l = cholesky(new Float64Array(n * n), g, n);
    if (l === null) return NaN;
    const v = solveLowerT(new Float64Array(n), l, solveLower(new Float64Array(n), l, de, n), n);
    let s = 0;
    for (let i = 0; i < n; i++) s += gr[i] * v[i];
    return s;
  };
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 60 && hi - lo > 1e-15; it++) {
    const mid = 0.5 * (lo + hi);
    const s = slope(mid);
    if (!Number.isFinite(s)) break;
    if (s > 0) hi = mid;
    else lo = mid;
  }
  let theta = pointAt(0.5 * (lo + hi));
  if (!validTheta(cR, theta)) theta = Float64Array.from(thetaL);

  // Newton step -H^-1 g with H = 2 G + D, D the derivative of G along v = theta - theta_L
  // (the cubic tensor contracted with v) by central differences; 2 G if H is not positive definite.
  const newtonStep = (theta: Float64Array, gr: Float64Array): Float64Array | null => {
    const v = new Float64Array(n);
    let vmax = 0;
    let tmax = 0;
    for (let i = 0; i < n; i++) {
      v[i] = theta[i] - thetaL[i];
      vmax = Math.max(vmax, Math.abs(v[i]));
      tmax = Math.max(tmax, Math.abs(theta[i]));
    }
    const h = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) h[i] = 2 * g[i];
    if (vmax > 0) {
      const eps = (1e-5 * Math.max(tmax, 1e-3)) / vmax;
      const tp = new Float64Array(n);
      const tm = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        tp[i] = theta[i] + eps * v[i];
        tm[i] = theta[i] - eps * v[i];
      }
      if (validTheta(cR, tp) && validTheta(cR, tm)) {
        const gp = f.hessLogPartition(tp, new Float64Array(n * n));
        const gm = f.hessLogPartition(tm, new Float64Array(n * n));
        for (let i = 0; i < n; i++) {
          for (let j = 0; j <= i; j++) {
            const dij = (gp[i * n + j] - gm[i * n + j] + gp[j * n + i] - gm[j * n + i]) / (4 * eps);
            h[i * n + j] += dij;
            if (j < i) h[j * n + i] += dij;
          }
        }
      }
    }
    let hl = cholesky(new Float64Array(n * n), h, n);
    if (hl === null) {
      for (let i = 0; i < n * n; i++) h[i] = 2 * g[i];
      hl = cholesky(new Float64Array(n * n), h, n);
      if (hl === null) return null;
    }
    return solveLowerT(new Float64Array(n), hl, solveLower(new Float64Array(n), hl, gr, n), n);
  };

  // Newton polish on the full gradient; g (the Hessian of F) is left at the current theta by gradAt.
  let val = objective(theta);
  let done: { theta: Float64Array; norm: number; it: number } | null = null;
  let bestNorm = Infinity;
  for (let it = 0; it <= maxIter + 1; it++) {
    const gr = gradAt(theta);
    const gl = cholesky(new Float64Array(n * n), g, n);
    if (gl === null) break;
    const y = solveLower(new Float64Array(n), gl, gr, n);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += y[i] * y[i];
    norm = Math.sqrt(norm);
    if (done !== null) {
      // The extra step after convergence: keep it only if it improved.
      if (norm < done.norm) done = { theta, norm, it };
      break;
    }
    bestNorm = Math.min(bestNorm, norm);
    if (norm <= tol * Math.max(1, val)) {
      done = { theta, norm, it };
      if (norm === 0) break;
    }
    if (it >= maxIter) break;
    const step = newtonStep(theta, gr);
    if (step === null) break;
    let t = 1;
    let moved = false;
    for (let ls = 0; ls < 50; ls++) {
      const tn = new Float64Array(n);
      for (let i = 0; i < n; i++) tn[i] = theta[i] - t * step[i];
      if (validTheta(cR, tn)) {
        const vn = objective(tn);
        if (vn <= val + 1e-13 * Math.max(1, val)) {
          [theta, val] = [tn, vn];
          moved = true;
          break;
        }
      }
      t *= 0.5;
    }
    if (!moved) break;
  }
  if (done === null) {
    throw new InfogeoError(where, 'ps', `${pts.length} ${f.id} distributions`, `a set on which Newton reaches a Jeffreys-centroid gradient norm <= ${tol}`, `best ${bestNorm}`);
  }
  const best = done;
  const c = new Distribution(f, best.theta);
  return { centroid: c, objective: centroidObjective(pts, w, c, 'jeffreys'), iterations: best.it, gradientNorm: best.norm };
}

/** sqrt(v^T G v) for a tangent vector of the public Fisher-Rao API at c. */
function tangentNorm(c: Dist, v: Float64Array): number {
  const f = c.family;
  if (f.name === 'categorical' || f.name === 'multinomial') {
    // Full probability vectors: g(v, v) = trials * sum_i v_i^2 / p_i.
    const probs = (c.params as { probs: number[] }).probs;
    const trials = f.name === 'multinomial' ? (c.params as { n: number }).n : 1;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += (v[i] * v[i]) / probs[i];
    return Math.sqrt(trials * s);
  }
  const g = fisherMatrix(c, 'source');
  const n = f.dim;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += v[i] * g[i * n + j] * v[j];
  return Math.sqrt(Math.max(s, 0));
}

/**
 * Fisher-Rao Frechet (Karcher) mean argmin_c sum_i w_i d(c, p_i)^2, d the Fisher-Rao distance.
 *
 * Riemannian gradient descent with unit step: v = sum_i w_i log_c(p_i) (minus half the gradient
 * of the objective), c <- exp_c(v), from the right-sided KL centroid, until |v|_G <= tol. Uses
 * `expMap` and `logMap` (closed forms where the family has them, else geodesic shooting).
 *
 * @throws InfogeoError for an empty set, mixed families, bad weights, a geodesic problem that does
 *   not converge, or no convergence within maxIter
 * @example frechetMean([poisson(1), poisson(9)]).centroid.params // { rate: 4 } (sqrt-rate average)
 */
export function frechetMean(ps: readonly Dist[], weights?: ArrayLike<number>, opts: CentroidOptions = {}): CentroidResult {
  const where = 'frechetMean';
  const { pts, w } = checkSet(where, ps, weights);
  const tol = checkTol(where, opts.tol, 1e-10);
  const maxIter = checkMaxIter(where, opts.maxIter, 500);
  const fr = opts.fisherRao;
  let c = fromEta(pts[0].family, weightedMean(pts, w, (p) => p.eta));
  let norm = Infinity;
  for (let it = 0; it <= maxIter; it++) {
    let v: Float64Array | null = null;
    for (let i = 0; i < pts.length; i++) {
      if (w[i] === 0) continue;
      const l = logMap(c, pts[i], fr);
      if (v === null) v = new Float64Array(l.length);
      for (let j = 0; j < l.length; j++) v[j] += w[i] * l[j];
    }
    const step = v as Float64Array;
    norm = tangentNorm(c, step);
    if (norm <= tol) {
      let obj = 0;
      for (let i = 0; i < pts.length; i++) if (w[i] > 0) obj += w[i] * fisherRaoDistance(c, pts[i], fr) ** 2;
      return { centroid: c, objective: checkResult(where, 'objective', obj), iterations: it, gradientNorm: norm };
    }
    if (it === maxIter) break;
    c = expMap(c, step, fr);
  }
  throw new InfogeoError(where, 'ps', `${pts.length} ${pts[0].family.id} distributions`, `a set whose Karcher iteration reaches |v| <= ${tol} within ${maxIter} steps`, `last |v| = ${norm}`);
}

function checkTol(where: string, tol: unknown, dflt: number): number {
  if (tol === undefined) return dflt;
  if (typeof tol !== 'number' || !(tol > 0 && tol < 1)) throw new InfogeoError(where, 'opts.tol', tol, 'a number in (0, 1)');
  return tol;
}

function checkMaxIter(where: string, m: unknown, dflt: number): number {
  if (m === undefined) return dflt;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1) throw new InfogeoError(where, 'opts.maxIter', m, 'an integer >= 1');
  return m;
}
