/**
 * The geodesic equation of the multivariate normal family in closed form: its Christoffel
 * symbols in source coordinates, and the exponential map (the geodesic's end point) by Eriksen's
 * matrix-exponential formula.
 *
 * Geodesic equations (Skovgaard 1984): mean'' = S' S^{-1} mean', S'' = S' S^{-1} S' - mean' mean'^T.
 * Eriksen (1987): from N(0, I) with velocity (x, B), the symmetric (2d+1) x (2d+1) matrix
 * A = [[-B, x, 0], [x^T, 0, -x^T], [0, -x, B]] has exp(A) = [[D, delta, .], [., ., .], [., ., .]],
 * and the end point is N(D^{-1} delta, D^{-1}); a general base point is reduced to N(0, I) by the
 * affine map x -> L^{-1} (x - mean), S = L L^T, which is an isometry.
 * Reference: Skovgaard (1984), "A Riemannian geometry of the multivariate normal model", Scand.
 * J. Statist. 11; Eriksen (1987), "Geodesics connected with the Fisher metric on the multivariate
 * normal manifold", Proc. GST Workshop, Lancaster; Pinele, Strapasson and Costa (2020), Entropy 22(4).
 */
import { cholesky, gemv, invSPD, solveLower, spdFunction } from '../../linalg/index.js';
import { congruence, congruenceInv, pack, unpack } from './mvNormalCoords.js';

/**
 * Riemannian exponential of the mvNormal manifold in closed form (Eriksen 1987), from the source
 * vector `a` with the source-coordinate velocity `v` (dmean, then dcov[i][j] for i <= j):
 * returns the end point's source vector, or null if it is not a valid normal in float64.
 * @example mvNormalExp(mvNormal([0], [[1]]).source, Float64Array.of(0, 2)) // [0, 7.3890560989306495] (e^2: dS = 2 S is d log sigma = 1)
 */
export function mvNormalExp(a: Float64Array, v: Float64Array): Float64Array | null {
  const { d, mean, cov } = unpack(a);
  const l = cholesky(new Float64Array(d * d), cov, d);
  if (l === null) return null;
  const vx = solveLower(new Float64Array(d), l, v.subarray(0, d), d);
  const dv = unpack(Float64Array.from(v)).cov;
  const bm = congruenceInv(l, dv, d);
  const n = 2 * d + 1;
  const am = new Float64Array(n * n);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      am[i * n + j] = -bm[i * d + j];
      am[(d + 1 + i) * n + d + 1 + j] = bm[i * d + j];
    }
    am[i * n + d] = vx[i];
    am[d * n + i] = vx[i];
    am[d * n + d + 1 + i] = -vx[i];
    am[(d + 1 + i) * n + d] = -vx[i];
  }
  const ea = spdFunction(new Float64Array(n * n), am, n, Math.exp);
  if (ea === null) return null;
  const dm = new Float64Array(d * d);
  const delta = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) dm[i * d + j] = ea[i * n + j];
    delta[i] = ea[i * n + d];
  }
  // S' = D^{-1}, mu' = D^{-1} delta, mapped back by x -> mean + L x, S -> L S L^T.
  const dinv = invSPD(new Float64Array(d * d), dm, d);
  if (dinv === null) return null;
  const muw = gemv(new Float64Array(d), dinv, delta, d, d);
  const meanOut = gemv(new Float64Array(d), l, muw, d, d, 1, 0);
  for (let i = 0; i < d; i++) meanOut[i] += mean[i];
  const covOut = congruence(l, dinv, d);
  const out = pack(meanOut, covOut, d);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) return null;
  return out;
}

/**
 * Christoffel symbols of the Fisher metric of N(mean, cov) in source coordinates
 * (mean_i, then cov[i][j] for i <= j) in closed form, from the geodesic equations
 * mean'' = S' S^{-1} mean', S'' = S' S^{-1} S' - mean' mean'^T (Skovgaard 1984): for tangent
 * vectors v = (a, A), w = (b, B),
 *   Gamma(v, w) = ( -(A S^{-1} b + B S^{-1} a) / 2, (a b^T + b a^T) / 2 - (A S^{-1} B + B S^{-1} A) / 2 ),
 * evaluated on the coordinate basis (cov[i][j] moves the entries (i, j) and (j, i) together).
 * Writes Gamma^k_ij at out[(k n + i) n + j] (n = d + d(d+1)/2) and returns out, or fills out with
 * NaN when cov is not positive definite.
 * @example mvNormalChristoffel(mvNormal([0], [[1]]).source, new Float64Array(8))
 * // Float64Array [0, -0.5, -0.5, 0, 1, 0, 0, -1]: Gamma^m_{mS} = -1/(2 S), Gamma^S_mm = 1, Gamma^S_SS = -1/S
 */
export function mvNormalChristoffel(x: Float64Array, out: Float64Array): Float64Array {
  const n = x.length;
  const { d, cov } = unpack(x);
  const prec = invSPD(new Float64Array(d * d), cov, d);
  if (prec === null) return out.fill(Number.NaN, 0, n * n * n);
  const m = n - d;
  const pi = new Int32Array(m);
  const pj = new Int32Array(m);
  for (let i = 0, q = 0; i < d; i++) for (let j = i; j < d; j++, q++) [pi[q], pj[q]] = [i, j];
  // E_q S^{-1} for each covariance coordinate q: rows pi and pj of S^{-1}, swapped into place.
  const ep = (q: number): Float64Array => {
    const r = new Float64Array(d * d);
    const [i, j] = [pi[q], pj[q]];
    for (let c = 0; c < d; c++) {
      r[i * d + c] += prec[j * d + c];
      if (i !== j) r[j * d + c] += prec[i * d + c];
    }
    return r;
  };
  const eps = Array.from({ length: m }, (_, q) => ep(q));
  out.fill(0, 0, n * n * n);
  const put = (k: number, i: number, j: number, v: number): void => {
    out[(k * n + i) * n + j] = v;
    out[(k * n + j) * n + i] = v;
  };
  // (mean_a, mean_b): cov part (e_a e_b^T + e_b e_a^T) / 2.
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      for (let q = 0; q < m; q++) {
        const [i, j] = [pi[q], pj[q]];
        const v = a === b ? (i === a && j === a ? 1 : 0) : (i === a && j === b) || (i === b && j === a) ? 0.5 : 0;
        if (v !== 0) put(d + q, a, b, v);
      }
    }
  }
  // (mean_a, cov_q): mean part -(E_q S^{-1} e_a) / 2.
  for (let a = 0; a < d; a++) {
    for (let q = 0; q < m; q++) {
      const e = eps[q];
      for (let k = 0; k < d; k++) {
        const v = -0.5 * e[k * d + a];
        if (v !== 0) put(k, a, d + q, v);
      }
    }
  }
  // (cov_q, cov_r): cov part -(E_q S^{-1} E_r + E_r S^{-1} E_q) / 2, read at the upper entries.
  for (let q = 0; q < m; q++) {
    for (let r = q; r < m; r++) {
      const [eq, er] = [eps[q], eps[r]];
      const [ri, rj] = [pi[r], pj[r]];
      const [qi, qj] = [pi[q], pj[q]];
      for (let t = 0; t < m; t++) {
        const [i, j] = [pi[t], pj[t]];
        // (E_q S^{-1} E_r)_ij = sum_c (E_q S^{-1})_ic (E_r)_cj, E_r having ones at (ri, rj), (rj, ri).
        const eqer = (ri === j ? eq[i * d + rj] : 0) + (rj === j && ri !== rj ? eq[i * d + ri] : 0);
        const ereq = (qi === j ? er[i * d + qj] : 0) + (qj === j && qi !== qj ? er[i * d + qi] : 0);
        const v = -0.5 * (eqer + ereq);
        if (v !== 0) put(d + t, d + q, d + r, v);
      }
    }
  }
  return out;
}
