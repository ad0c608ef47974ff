/**
 * Fisher-Rao geometry of the multivariate normal family N(mean, cov): the closed forms that
 * exist, and the bounds that bracket the general distance.
 *
 * The Fisher metric is ds^2 = dmu^T S^{-1} dmu + (1/2) tr((S^{-1} dS)^2). It is invariant under
 * the affine maps x -> A x + b, so every computation first whitens by the Cholesky factor L of
 * the first covariance (S1 = L L^T): mu' = L^{-1} (mu2 - mu1), S' = L^{-1} S2 L^{-T}.
 *
 * - Shared mean: the submanifold of fixed mean is totally geodesic, isometric to the SPD cone
 *   with (1/2) its affine-invariant metric: d = sqrt( (1/2) sum_i log^2 lambda_i ), lambda_i the
 *   eigenvalues of S1^{-1} S2, geodesic S(t) = L (S')^t L^T. The eigenvalues are taken of
 *   S' - I = L^{-1} (S2 - S1) L^{-T} and the logs as log1p, so nearby covariances keep their
 *   relative accuracy.
 * - Shared covariance: after whitening and a rotation taking mu' to |mu'| e_1, the geodesic
 *   stays in the two-dimensional family N(m e_1, I + (s^2 - 1) e_1 e_1^T), a univariate normal
 *   half-plane: d = sqrt(2) arccosh(1 + D^2 / 4) = 2 sqrt(2) asinh(D / (2 sqrt 2)), D the
 *   Mahalanobis distance |mu'|. (D itself is the distance within the flat submanifold of fixed
 *   covariance, which is not totally geodesic: it is only an upper bound of d.)
 * - Exponential map for any initial velocity (Eriksen 1987): with x = L^{-1} dmu and
 *   B = L^{-1} dS L^{-T}, the symmetric (2d+1) x (2d+1) matrix A = [[-B, x, 0], [x^T, 0, -x^T], [0, -x, B]]
 *   has exp(A) = [[D, delta, .], [., ., .], [., ., .]], and the geodesic's end point in whitened
 *   coordinates is S' = D^{-1}, mu' = D^{-1} delta.
 * - Bounds for the general case: the Calvo-Oller embedding N(mu, S) -> [[S + mu mu^T, mu], [mu^T, 1]]
 *   into SPD(d+1) gives the lower bound sqrt((1/2) sum log^2 lambda_i) of the embedded pair,
 *   exact for a shared mean; the path that first moves the mean at fixed covariance and then
 *   the covariance at fixed mean (either order) gives an upper bound.
 * Reference: Skovgaard (1984), "A Riemannian geometry of the multivariate normal model", Scand.
 * J. Statist. 11; Eriksen (1987), "Geodesics connected with the Fisher metric on the
 * multivariate normal manifold"; Calvo and Oller (1990), "A distance between multivariate normal
 * distributions based in an embedding into the Siegel group", J. Multivariate Anal. 35;
 * Pinele, Strapasson and Costa (2020), "The Fisher-Rao distance between multivariate normal
 * distributions: special cases, bounds and applications", Entropy 22(4).
 */
import { cholesky, eighSym, solveLower, spdFunction } from '../../linalg/index.js';
import { congruence, congruenceInv, mvDim, pack, toDist, unpack } from './mvNormalCoords.js';
import { mvNormalExp } from './mvNormalConnection.js';
import { normalDistance, normalGeodesic, normalLog } from './normal.js';
import { leavesManifold, type ClosedFormGeometry, type Dist } from './types.js';
import { InfogeoError } from '../../errors.js';

function cholOrThrow(cov: Float64Array, d: number, param: string): Float64Array {
  const l = cholesky(new Float64Array(d * d), cov, d);
  if (l === null) throw new InfogeoError('fisherRaoDistance', param, Array.from(cov), 'a symmetric positive definite covariance');
  return l;
}

/** A pair whitened by the first covariance's Cholesky factor L. */
export interface Whitened {
  d: number;
  /** Cholesky factor of the first covariance. */
  l: Float64Array;
  /** L^{-1} (mu2 - mu1). */
  mu: Float64Array;
  /** L^{-1} (S2 - S1) L^{-T} = S' - I. */
  dcov: Float64Array;
  mean1: Float64Array;
  mean2: Float64Array;
}

/** Whitens the pair (a, b) of source vectors. */
export function whiten(a: Float64Array, b: Float64Array): Whitened {
  const p = unpack(a);
  const q = unpack(b);
  const d = p.d;
  const l = cholOrThrow(p.cov, d, 'p');
  const dm = new Float64Array(d);
  for (let i = 0; i < d; i++) dm[i] = q.mean[i] - p.mean[i];
  const mu = solveLower(new Float64Array(d), l, dm, d);
  const ds = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) ds[i] = q.cov[i] - p.cov[i];
  return { d, l, mu, dcov: congruenceInv(l, ds, d), mean1: p.mean, mean2: q.mean };
}

/**
 * The Mahalanobis distance D of the mean difference and the direction dm / D in the original
 * coordinates (S-unit length), computed from dm scaled to max |dm_i| = 1 so that neither D^2 nor
 * the direction underflows for tiny differences.
 */
function meanDirection(w: Whitened): { D: number; dir: Float64Array } {
  const d = w.d;
  const dm = new Float64Array(d);
  let s = 0;
  for (let i = 0; i < d; i++) {
    dm[i] = w.mean2[i] - w.mean1[i];
    s = Math.max(s, Math.abs(dm[i]));
  }
  if (s === 0) return { D: 0, dir: dm };
  for (let i = 0; i < d; i++) dm[i] /= s;
  const dn = norm(solveLower(new Float64Array(d), w.l, dm, d));
  return { D: s * dn, dir: dm.map((x) => x / dn) };
}

/** sqrt((1/2) sum log1p(e_i)^2) over the eigenvalues e_i of a symmetric matrix with e_i > -1. */
function halfLogNorm(e: Float64Array, n: number): number {
  const w = new Float64Array(n);
  const v = new Float64Array(n * n);
  if (!eighSym(w, v, e, n)) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log1p(w[i]) ** 2;
  return Math.sqrt(0.5 * s);
}

function norm(x: Float64Array): number {
  return Math.hypot(...x);
}

/**
 * Fisher-Rao distance between N(mu, S1) and N(mu, S2) (shared mean), from source vectors:
 * sqrt((1/2) sum_i log^2 lambda_i(S1^{-1} S2)).
 * @example mvNormalSharedMeanDistance(mvNormal([0], [[1]]).source, mvNormal([0], [[Math.E ** 2]]).source) // 1.4142135623730951
 */
export function mvNormalSharedMeanDistance(a: Float64Array, b: Float64Array): number {
  const w = whiten(a, b);
  return halfLogNorm(w.dcov, w.d);
}

/**
 * Fisher-Rao distance between N(mu1, S) and N(mu2, S) (shared covariance), from source vectors:
 * 2 sqrt(2) asinh(D / (2 sqrt 2)) = sqrt(2) arccosh(1 + D^2 / 4), D = sqrt((mu2 - mu1)^T S^{-1} (mu2 - mu1)).
 * @example mvNormalSharedCovDistance(mvNormal([0, 0], [[1, 0], [0, 1]]).source, mvNormal([1, 0], [[1, 0], [0, 1]]).source) // 0.9802581434685472
 */
export function mvNormalSharedCovDistance(a: Float64Array, b: Float64Array): number {
  const w = whiten(a, b);
  return normalDistance(0, 1, norm(w.mu), 1);
}

/**
 * Calvo-Oller lower bound of the Fisher-Rao distance between two multivariate normals (source
 * vectors): the SPD distance sqrt((1/2) sum log^2 lambda_i) between the embeddings
 * [[S + mu mu^T, mu], [mu^T, 1]]; exact when the means are equal.
 * @example calvoOllerLowerBound(mvNormal([0], [[1]]).source, mvNormal([1], [[1]]).source) // 0.9624236501192068 (arccosh(3/2), below the distance 0.9802581434685472)
 */
export function calvoOllerLowerBound(a: Float64Array, b: Float64Array): number {
  const w = whiten(a, b);
  const d = w.d;
  const n = d + 1;
  // Embedding of the whitened second point minus the identity (the first point embeds to I).
  const e = new Float64Array(n * n);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) e[i * n + j] = w.dcov[i * d + j] + w.mu[i] * w.mu[j];
    e[i * n + d] = w.mu[i];
    e[d * n + i] = w.mu[i];
  }
  return halfLogNorm(e, n);
}

/**
 * Upper bound of the Fisher-Rao distance between two multivariate normals (source vectors): the
 * shorter of the two-leg paths mean-then-covariance and covariance-then-mean, each leg a
 * closed-form geodesic of a totally geodesic or whitened univariate subfamily.
 * @example productPathUpperBound(mvNormal([0], [[1]]).source, mvNormal([1], [[4]]).source) // 1.4776899308614415 (distance 1.189...)
 */
export function productPathUpperBound(a: Float64Array, b: Float64Array): number {
  const p = unpack(a);
  const q = unpack(b);
  const d = p.d;
  const mid1 = pack(q.mean, p.cov, d); // N(mu2, S1)
  const mid2 = pack(p.mean, q.cov, d); // N(mu1, S2)
  const viaS1 = mvNormalSharedCovDistance(a, mid1) + mvNormalSharedMeanDistance(mid1, b);
  const viaS2 = mvNormalSharedMeanDistance(a, mid2) + mvNormalSharedCovDistance(mid2, b);
  return Math.min(viaS1, viaS2);
}

function sameEntries(x: Float64Array, y: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** 'mean' if the means are equal, 'cov' if the covariances are, else null. */
export function sharedPart(a: Float64Array, b: Float64Array): 'mean' | 'cov' | null {
  const d = mvDim(a.length);
  if (sameEntries(a.subarray(0, d), b.subarray(0, d))) return 'mean';
  if (sameEntries(a.subarray(d), b.subarray(d))) return 'cov';
  return null;
}

/** Closed-form mvNormal geometry: distance, geodesic and log for a shared mean or covariance; exp always. */
export const mvNormalGeometry: ClosedFormGeometry = {
  applies: (p, q) => sharedPart(p.source, q.source) !== null,
  distance(p, q) {
    return sharedPart(p.source, q.source) === 'mean'
      ? mvNormalSharedMeanDistance(p.source, q.source)
      : mvNormalSharedCovDistance(p.source, q.source);
  },
  geodesic(p, q) {
    const w = whiten(p.source, q.source);
    const { d, l } = w;
    if (sharedPart(p.source, q.source) === 'mean') {
      const vals = new Float64Array(d);
      const vecs = new Float64Array(d * d);
      eighSym(vals, vecs, w.dcov, d);
      return (t) => {
        if (t === 0) return p;
        if (t === 1) return q;
        // (S')^t = V diag((1 + e_i)^t) V^T.
        const st = new Float64Array(d * d);
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            let s = 0;
            for (let k = 0; k < d; k++) s += vecs[i * d + k] * Math.exp(t * Math.log1p(vals[k])) * vecs[j * d + k];
            st[i * d + j] = s;
          }
        }
        return toDist(w.mean1, congruence(l, st, d), d);
      };
    }
    const { D, dir } = meanDirection(w);
    const g = normalGeodesic(0, 1, D, 1);
    const cov = unpack(p.source).cov;
    return (t) => {
      if (t === 0) return p;
      if (t === 1) return q;
      // N(m e1, I + (s^2 - 1) e1 e1^T) mapped back: mean1 + dir m, S + (s^2 - 1) dir dir^T.
      const [m, s] = g(t);
      const mean = new Float64Array(d);
      const c = new Float64Array(d * d);
      const f = s * s - 1;
      for (let i = 0; i < d; i++) {
        mean[i] = w.mean1[i] + dir[i] * m;
        for (let j = 0; j < d; j++) c[i * d + j] = cov[i * d + j] + f * dir[i] * dir[j];
      }
      return toDist(mean, c, d);
    };
  },
  logMap(p, q) {
    const w = whiten(p.source, q.source);
    const { d, l } = w;
    if (sharedPart(p.source, q.source) === 'mean') {
      const lg = spdFunction(new Float64Array(d * d), w.dcov, d, Math.log1p);
      if (lg === null) throw new InfogeoError('logMap', 'q', q, 'a covariance whose whitened eigenvalues are finite and > 0');
      return pack(new Float64Array(d), congruence(l, lg, d), d);
    }
    const v = new Float64Array(d + (d * (d + 1)) / 2);
    const { D, dir } = meanDirection(w);
    if (D === 0) return v;
    const [a, b] = normalLog(0, 1, D, 1, new Float64Array(2));
    // d/dt (s^2 - 1) dir dir^T at t = 0 is 2 s'(0) dir dir^T.
    const c = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i * d + j] = 2 * b * dir[i] * dir[j];
    return pack(dir.map((x) => x * a), c, d);
  },
  tangentDim: (p) => p.family.dim,
  expApplies: () => true,
  expMap(p, v) {
    const x = mvNormalExp(p.source, v);
    if (x === null) throw leavesManifold(v, 'mvNormal', 'the end point overflows or its covariance is not positive definite in float64');
    const { d, mean, cov } = unpack(x);
    return toDist(mean, cov, d);
  },
};

