/**
 * The d-variate normal family N(mu, Sigma) with a full covariance, as an exponential family.
 *
 * With P = Sigma^{-1}: T(x) = (x_1..x_d, then x_i x_j for i <= j row by row),
 * theta = (P mu, then theta_ii = -P_ii / 2 and theta_ij = -P_ij for i < j), so that
 * <theta, T(x)> = mu^T P x - x^T P x / 2. The base measure carries the constant:
 * log h(x) = -(d/2) log 2 pi, F(theta) = mu^T P mu / 2 - (1/2) log det P,
 * eta = (mu, then E[x_i x_j] = Sigma_ij + mu_i mu_j for i <= j).
 * Source coordinates: the mean entries, then cov[i][j] for i <= j row by row (DESIGN.md).
 * Everything goes through Cholesky factors; no explicit inverse enters KL, F or the entropy.
 * Reference: Nielsen and Garcia (2009), "Statistical exponential families: a digest with flash
 * cards", section on the multivariate normal.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkInteger, checkVector, InfogeoError } from '../errors.js';
import { cholesky, invSPD, solveLower, solveLowerT } from '../linalg/index.js';
import { sampleMvNormal } from '../random/index.js';
import { xMinusLog1p } from './dirichlet.js';

/** Source parameters of a multivariate normal: mean vector and covariance matrix (rows). */
export interface MvNormalParams {
  mean: number[];
  cov: number[][];
}

const LOG_2PI = Math.log(2 * Math.PI);
/** Relative asymmetry |cov[i][j] - cov[j][i]| tolerated (and averaged away) by `mvNormal`. */
const SYMMETRY_TOL = 1e-10;
const SPD = 'a symmetric positive definite matrix';

/** Everything a natural-parameter point needs, computed once per theta (see `decompose`). */
interface Decomp {
  /** Lower Cholesky factor of the precision P (row-major d x d). */
  lp: Float64Array;
  logdetP: number;
  mu: Float64Array;
  sigma: Float64Array;
  /** Lower Cholesky factor of Sigma, for sampling (lazy). */
  ls?: Float64Array;
}

/** P from theta: P_ii = -2 theta_ii, P_ij = P_ji = -theta_ij. */
function precisionFromTheta(theta: Float64Array, d: number, out: Float64Array): Float64Array {
  let q = d;
  for (let i = 0; i < d; i++) {
    out[i * d + i] = -2 * theta[q++];
    for (let j = i + 1; j < d; j++) {
      const v = -theta[q++];
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

/** Full symmetric Sigma from the upper-triangle source entries (after the d mean entries). */
function covFromSource(src: Float64Array, d: number, out: Float64Array): Float64Array {
  let q = d;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = src[q++];
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

/** Writes (P m, -P_ii / 2, -P_ij) into theta. */
function writeTheta(p: Float64Array, pm: Float64Array, d: number, out: Float64Array): Float64Array {
  out.set(pm.subarray(0, d));
  let q = d;
  for (let i = 0; i < d; i++) {
    out[q++] = -0.5 * p[i * d + i];
    for (let j = i + 1; j < d; j++) out[q++] = -p[i * d + j];
  }
  return out;
}

function sameEntries(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

// Factorisations keyed by the theta array; the stored copy guards against in-place mutation.
const cache = new WeakMap<Float64Array, { key: Float64Array; dec: Decomp | null }>();

function computeDecomp(theta: Float64Array, d: number): Decomp | null {
  for (let i = 0; i < theta.length; i++) if (!Number.isFinite(theta[i])) return null;
  const p = precisionFromTheta(theta, d, new Float64Array(d * d));
  const lp = cholesky(new Float64Array(d * d), p, d);
  if (lp === null) return null;
  let logdetP = 0;
  for (let i = 0; i < d; i++) logdetP += 2 * Math.log(lp[i * d + i]);
  const mu = solveLower(new Float64Array(d), lp, theta, d);
  solveLowerT(mu, lp, mu, d);
  const sigma = invSPD(new Float64Array(d * d), p, d);
  if (sigma === null) return null;
  return { lp, logdetP, mu, sigma };
}

/** The factorisation of P(theta) with mu and Sigma, or null if P is not positive definite. */
function tryDecompose(theta: Float64Array, d: number): Decomp | null {
  const hit = cache.get(theta);
  if (hit !== undefined && sameEntries(hit.key, theta)) return hit.dec;
  const dec = computeDecomp(theta, d);
  cache.set(theta, { key: Float64Array.from(theta), dec });
  return dec;
}

function decompose(theta: Float64Array, d: number): Decomp {
  const dec = tryDecompose(theta, d);
  if (dec === null) {
    throw new InfogeoError(`mvNormal(d=${d})`, 'theta', theta, 'natural parameters whose precision matrix -2 theta_ii, -theta_ij is positive definite');
  }
  return dec;
}

/** Covariance implied by expectation parameters: Sigma_ij = eta_ij - mu_i mu_j. */
function covFromEta(eta: Float64Array, d: number, out: Float64Array): Float64Array {
  let q = d;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = eta[q++] - eta[i] * eta[j];
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

function buildFamily(d: number): ExponentialFamily<MvNormalParams> {
  const m = (d * (d + 1)) / 2;
  const n = d + m;
  const id = `mvNormal(d=${d})`;
  const names: string[] = [];
  for (let i = 0; i < d; i++) names.push(`mean[${i}]`);
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) names.push(`cov[${i}][${j}]`);
  // Pair (i, j) of position d + q, as two index arrays (the Hessian and Jacobian loop over them).
  const pi = new Int32Array(m);
  const pj = new Int32Array(m);
  for (let i = 0, q = 0; i < d; i++) for (let j = i; j < d; j++, q++) [pi[q], pj[q]] = [i, j];

  const family: ExponentialFamily<MvNormalParams> = {
    id,
    name: 'mvNormal',
    dim: n,
    sourceNames: names,
    discrete: false,
    sampleDim: d,

    logPartition(theta) {
      // F = |L^{-1} P mu|^2 / 2 - log det P / 2 with P = L L^T.
      const dec = decompose(theta, d);
      const y = solveLower(new Float64Array(d), dec.lp, theta, d);
      let s = 0;
      for (let i = 0; i < d; i++) s += y[i] * y[i];
      return 0.5 * s - 0.5 * dec.logdetP;
    },
    gradLogPartition(theta, out) {
      const { mu, sigma } = decompose(theta, d);
      out.set(mu);
      for (let q = 0; q < m; q++) out[d + q] = sigma[pi[q] * d + pj[q]] + mu[pi[q]] * mu[pj[q]];
      return out;
    },
    hessLogPartition(theta, out) {
      // Cov[T(X)] from Gaussian moments (Isserlis):
      // Cov(x_a, x_b) = S_ab, Cov(x_a, x_k x_l) = mu_k S_al + mu_l S_ak,
      // Cov(x_i x_j, x_k x_l) = S_ik S_jl + S_il S_jk + mu_i mu_k S_jl + mu_i mu_l S_jk
      //                        + mu_j mu_k S_il + mu_j mu_l S_ik.
      const { mu, sigma: s } = decompose(theta, d);
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          out[a * n + b] = s[a * d + b];
          out[b * n + a] = s[a * d + b];
        }
        for (let q = 0; q < m; q++) {
          const [k, l] = [pi[q], pj[q]];
          const v = mu[k] * s[a * d + l] + mu[l] * s[a * d + k];
          out[a * n + d + q] = v;
          out[(d + q) * n + a] = v;
        }
      }
      for (let p = 0; p < m; p++) {
        const [i, j] = [pi[p], pj[p]];
        const ri = i * d;
        const rj = j * d;
        const [mi, mj] = [mu[i], mu[j]];
        const row = (d + p) * n + d;
        for (let q = p; q < m; q++) {
          const [k, l] = [pi[q], pj[q]];
          const [sik, sjl, sil, sjk] = [s[ri + k], s[rj + l], s[ri + l], s[rj + k]];
          const v = sik * sjl + sil * sjk + mi * (mu[k] * sjl + mu[l] * sjk) + mj * (mu[k] * sil + mu[l] * sik);
          out[row + q] = v;
          out[(d + q) * n + d + p] = v;
        }
      }
      return out;
    },
    thetaFromEta(eta, out) {
      const sigma = covFromEta(eta, d, new Float64Array(d * d));
      const ls = cholesky(new Float64Array(d * d), sigma, d);
      const p = ls === null ? null : invSPD(new Float64Array(d * d), sigma, d);
      if (ls === null || p === null) {
        throw new InfogeoError(id, 'eta', eta, 'expectation parameters whose covariance eta_ij - mu_i mu_j is positive definite');
      }
      const pm = solveLower(new Float64Array(d), ls, eta, d);
      solveLowerT(pm, ls, pm, d);
      return writeTheta(p, pm, d, out);
    },
    isNaturalValid(theta) {
      return theta.length === n && tryDecompose(theta, d) !== null;
    },
    isExpectationValid(eta) {
      if (eta.length !== n) return false;
      for (let i = 0; i < n; i++) if (!Number.isFinite(eta[i])) return false;
      return cholesky(new Float64Array(d * d), covFromEta(eta, d, new Float64Array(d * d)), d) !== null;
    },

    sufficientStat(x, out) {
      const v = x as Float64Array;
      for (let a = 0; a < d; a++) out[a] = v[a];
      for (let q = 0; q < m; q++) out[d + q] = v[pi[q]] * v[pj[q]];
      return out;
    },
    logBaseMeasure() {
      return -0.5 * d * LOG_2PI;
    },
    inSupport(x) {
      if (typeof x === 'number' || x.length !== d) return false;
      for (let i = 0; i < d; i++) if (!Number.isFinite(x[i])) return false;
      return true;
    },
    expectedLogBaseMeasure() {
      return -0.5 * d * LOG_2PI;
    },

    thetaFromSource(src, out) {
      const sigma = covFromSource(src, d, new Float64Array(d * d));
      const ls = cholesky(new Float64Array(d * d), sigma, d);
      const p = ls === null ? null : invSPD(new Float64Array(d * d), sigma, d);
      if (ls === null || p === null) return out.fill(Number.NaN);
      // P mu by two triangular solves with the factor of Sigma (more accurate than P times mu).
      const pm = solveLower(new Float64Array(d), ls, src, d);
      solveLowerT(pm, ls, pm, d);
      return writeTheta(p, pm, d, out);
    },
    sourceFromTheta(theta, out) {
      const { mu, sigma } = decompose(theta, d);
      out.set(mu);
      for (let q = 0; q < m; q++) out[d + q] = sigma[pi[q] * d + pj[q]];
      return out;
    },
    sourceJacobian(src, out) {
      // theta_1 = P mu, theta_2 = -c_ij P_ij (c_ii = 1/2, c_ij = 1), dP = -P dSigma P, where the
      // source entry Sigma_kl (k < l) moves both Sigma_kl and Sigma_lk.
      out.fill(0);
      const sigma = covFromSource(src, d, new Float64Array(d * d));
      const p = invSPD(new Float64Array(d * d), sigma, d);
      const ls = cholesky(new Float64Array(d * d), sigma, d);
      if (p === null || ls === null) return out.fill(Number.NaN);
      const t1 = solveLower(new Float64Array(d), ls, src, d);
      solveLowerT(t1, ls, t1, d);
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) out[a * n + b] = p[a * d + b];
        for (let q = 0; q < m; q++) {
          const [k, l] = [pi[q], pj[q]];
          out[a * n + d + q] = k === l ? -p[a * d + k] * t1[k] : -(p[a * d + k] * t1[l] + p[a * d + l] * t1[k]);
        }
      }
      for (let r = 0; r < m; r++) {
        const [i, j] = [pi[r], pj[r]];
        const c = i === j ? 0.5 : 1;
        const row = (d + r) * n + d;
        for (let q = 0; q < m; q++) {
          const [k, l] = [pi[q], pj[q]];
          out[row + q] = k === l ? c * p[i * d + k] * p[j * d + k] : c * (p[i * d + k] * p[l * d + j] + p[i * d + l] * p[k * d + j]);
        }
      }
      return out;
    },
    validateSource(src, where) {
      checkedTheta(src, d, where);
    },
    params(src) {
      const cov: number[][] = [];
      for (let i = 0; i < d; i++) cov.push(new Array<number>(d));
      let q = d;
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          cov[i][j] = src[q];
          cov[j][i] = src[q++];
        }
      }
      return { mean: Array.from(src.subarray(0, d)), cov };
    },

    mean(theta) {
      return Float64Array.from(decompose(theta, d).mu);
    },
    variance(theta) {
      return Float64Array.from(decompose(theta, d).sigma);
    },
    sample(theta, count, rng) {
      const dec = decompose(theta, d);
      if (dec.ls === undefined) {
        const ls = cholesky(new Float64Array(d * d), dec.sigma, d);
        if (ls === null) throw new InfogeoError(id, 'theta', theta, 'natural parameters with a numerically positive definite covariance');
        dec.ls = ls;
      }
      const out: Float64Array[] = new Array(count);
      for (let s = 0; s < count; s++) out[s] = sampleMvNormal(rng, dec.mu, dec.ls, d, new Float64Array(d));
      return out;
    },

    dualPotential(eta) {
      // F*(eta) = -d/2 - log det Sigma / 2 (h carries the 2 pi constant).
      const l = cholesky(new Float64Array(d * d), covFromEta(eta, d, new Float64Array(d * d)), d);
      if (l === null) throw new InfogeoError(id, 'eta', eta, 'expectation parameters whose covariance is positive definite');
      let logdet = 0;
      for (let i = 0; i < d; i++) logdet += 2 * Math.log(l[i * d + i]);
      return -0.5 * d - 0.5 * logdet;
    },
    entropy(theta) {
      return 0.5 * d * (1 + LOG_2PI) - 0.5 * decompose(theta, d).logdetP;
    },
    kl(thetaP, thetaQ) {
      return klGaussian(thetaP, thetaQ, d);
    },
    logDensity(theta, x) {
      // -(d/2) log 2 pi + (1/2) log det P - |L^T (x - mu)|^2 / 2 with P = L L^T: no large terms
      // cancel when |mu| >> the standard deviations.
      const { lp, logdetP, mu } = decompose(theta, d);
      const v = x as Float64Array;
      let quad = 0;
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let i = j; i < d; i++) s += lp[i * d + j] * (v[i] - mu[i]);
        quad += s * s;
      }
      return -0.5 * d * LOG_2PI + 0.5 * logdetP - 0.5 * quad;
    },
    fisherSource(src, out) {
      // Mean block P; covariance block (1/2) tr(P dS_a P dS_b) = c_a c_b (P_ik P_jl + P_il P_jk)
      // for a = (i, j), b = (k, l), with c = 1/2 on diagonal entries (which move one entry of S)
      // and 1 off the diagonal (which move S_ij and S_ji); the mixed block is zero.
      out.fill(0);
      const p = invSPD(new Float64Array(d * d), covFromSource(src, d, new Float64Array(d * d)), d);
      if (p === null) return out.fill(Number.NaN);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[a * n + b] = p[a * d + b];
      for (let r = 0; r < m; r++) {
        const [i, j] = [pi[r], pj[r]];
        const ca = i === j ? 0.5 : 1;
        const row = (d + r) * n + d;
        for (let q = r; q < m; q++) {
          const [k, l] = [pi[q], pj[q]];
          const v = ca * (k === l ? 0.5 : 1) * (p[i * d + k] * p[j * d + l] + p[i * d + l] * p[j * d + k]);
          out[row + q] = v;
          out[(d + q) * n + d + r] = v;
        }
      }
      return out;
    },
  };
  return family;
}

/**
 * KL(N(m1, S1) || N(m2, S2)) = (1/2)[tr(S2^{-1} S1) - d - log det(S2^{-1} S1) + D^T S2^{-1} D],
 * D = m2 - m1, evaluated without cancellation. With P1 = L1 L1^T, P2 = L2 L2^T, the trace/log-det
 * part is sum_k (lambda_k - 1 - log lambda_k) over the eigenvalues of A = L1^{-1} P2 L1^{-T}.
 * - Near p = q (|E| < 1/2 entrywise, E = A - I = L1^{-1} (P2 - P1) L1^{-T}, with P2 - P1 taken
 *   straight from theta differences): the Cholesky factor C of I + E gives C_ii^2 = 1 + delta_i,
 *   delta_i = E_ii - s_i, s_i = sum_{k<i} C_ik^2, so tr E - log det(I + E) =
 *   sum_i [s_i + (delta_i - log1p(delta_i))], a sum of non-negative terms. The mean part uses
 *   P2 D = (h2 - h1) - (P2 - P1) m1 with h = P m = theta_1.
 * - Otherwise (some lambda far from 1, KL of order 0.1 or more): tr A = |L1^{-1} L2|_F^2 and
 *   log det A = log det P2 - log det P1 from the factors, so lambda << 1 keeps its log; P2 D =
 *   h2 - P2 m1.
 */
function klGaussian(thetaP: Float64Array, thetaQ: Float64Array, d: number): number {
  const dp = decompose(thetaP, d);
  const dq = decompose(thetaQ, d);
  const delta = new Float64Array(thetaP.length);
  for (let i = 0; i < delta.length; i++) delta[i] = thetaQ[i] - thetaP[i];
  const dP = precisionFromTheta(delta, d, new Float64Array(d * d));
  const l1 = dp.lp;
  const col = new Float64Array(d);
  const z = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) col[i] = dP[i * d + j];
    solveLower(col, l1, col, d);
    for (let i = 0; i < d; i++) z[i * d + j] = col[i];
  }
  const e = new Float64Array(d * d);
  let maxE = 0;
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) col[i] = z[j * d + i];
    solveLower(col, l1, col, d);
    for (let i = 0; i < d; i++) {
      e[i * d + j] = col[i];
      maxE = Math.max(maxE, Math.abs(col[i]));
    }
  }
  let covPart = 0;
  const r = new Float64Array(d);
  if (maxE < 0.5) {
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const v = 0.5 * (e[i * d + j] + e[j * d + i]);
        a[i * d + j] = v;
        a[j * d + i] = v;
      }
      a[i * d + i] = 1 + e[i * d + i];
    }
    const c = cholesky(new Float64Array(d * d), a, d);
    if (c === null) throw new InfogeoError('kl', 'q', thetaQ, 'a normal whose precision is positive definite');
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < i; k++) s += c[i * d + k] * c[i * d + k];
      covPart += s + xMinusLog1p(e[i * d + i] - s);
    }
    for (let i = 0; i < d; i++) {
      let s = delta[i];
      for (let k = 0; k < d; k++) s -= dP[i * d + k] * dp.mu[k];
      r[i] = s;
    }
  } else {
    // M = L1^{-1} L2 is lower triangular; tr A = sum of its squares.
    let trA = 0;
    for (let j = 0; j < d; j++) {
      col.fill(0, 0, j);
      for (let i = j; i < d; i++) col[i] = dq.lp[i * d + j];
      solveLower(col, l1, col, d);
      for (let i = j; i < d; i++) trA += col[i] * col[i];
    }
    covPart = trA - d - (dq.logdetP - dp.logdetP);
    const p2 = precisionFromTheta(thetaQ, d, new Float64Array(d * d));
    for (let i = 0; i < d; i++) {
      let s = thetaQ[i];
      for (let k = 0; k < d; k++) s -= p2[i * d + k] * dp.mu[k];
      r[i] = s;
    }
  }
  // quad = D^T P2 D = |L2^{-1} P2 D|^2.
  solveLower(r, dq.lp, r, d);
  let quad = 0;
  for (let i = 0; i < d; i++) quad += r[i] * r[i];
  const kl = 0.5 * (covPart + quad);
  return kl < 0 ? 0 : kl;
}

const families = new Map<number, ExponentialFamily<MvNormalParams>>();

/**
 * The d-variate normal family (one cached object per d), id `mvNormal(d=D)`.
 *
 * Parameter vectors have length d + d(d+1)/2; observations are Float64Arrays of length d.
 * @param d - dimension, an integer >= 1
 * @example mvNormalFamily(2).dim // 5 (two mean entries, three covariance entries)
 */
export function mvNormalFamily(d: number): ExponentialFamily<MvNormalParams> {
  checkInteger('mvNormalFamily', 'd', d, 1);
  let f = families.get(d);
  if (f === undefined) {
    f = buildFamily(d);
    families.set(d, f);
  }
  return f;
}

/**
 * Validates a flat source vector (finite entries, SPD covariance, finite natural and
 * expectation parameters and F) and returns theta. Throws an InfogeoError naming `mean` or `cov`.
 */
function checkedTheta(src: Float64Array, d: number, where: string): Float64Array {
  const f = mvNormalFamily(d);
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(src[i])) throw new InfogeoError(where, `mean[${i}]`, src[i], 'a finite number');
  }
  let q = d;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++, q++) {
      if (!Number.isFinite(src[q])) throw new InfogeoError(where, `cov[${i}][${j}]`, src[q], 'a finite number');
    }
  }
  const theta = f.thetaFromSource(src, new Float64Array(f.dim));
  const cov = (): number[][] => f.params(src).cov;
  if (Number.isNaN(theta[0])) throw new InfogeoError(where, 'cov', cov(), SPD, 'the Cholesky factorisation failed');
  for (let k = d; k < f.dim; k++) {
    if (!Number.isFinite(theta[k])) {
      throw new InfogeoError(where, 'cov', cov(), `${SPD} whose inverse is finite in float64`, 'the precision matrix overflows');
    }
  }
  const dec = tryDecompose(theta, d);
  if (dec === null) throw new InfogeoError(where, 'cov', cov(), `${SPD} that is not numerically singular`);
  const ok = (x: number): boolean => Number.isFinite(x);
  let good = theta.subarray(0, d).every(ok) && ok(f.logPartition(theta));
  if (good) good = f.gradLogPartition(theta, new Float64Array(f.dim)).every(ok);
  if (!good) {
    throw new InfogeoError(where, 'mean', Array.from(src.subarray(0, d)), 'a mean vector whose natural and expectation parameters (P mean, mean mean^T + cov, mean^T P mean) are finite for this cov', 'they overflow float64');
  }
  return theta;
}

function toRow(where: string, v: unknown, i: number, d: number): ArrayLike<number> {
  if (!(Array.isArray(v) || v instanceof Float64Array)) {
    throw new InfogeoError(where, `cov[${i}]`, v, `a row of ${d} finite numbers`);
  }
  if (v.length !== d) throw new InfogeoError(where, `cov[${i}]`, v, `a row of ${d} finite numbers`, `got length ${v.length}`);
  return v as ArrayLike<number>;
}

/**
 * The multivariate normal distribution N(mean, cov) in d >= 1 dimensions.
 *
 * Density (2 pi)^{-d/2} det(cov)^{-1/2} exp(-(x - mean)^T cov^{-1} (x - mean) / 2).
 * Source coordinates (the order of `fisher(p, 'source')`): mean[0..d-1], then cov[i][j] for
 * i <= j row by row. An asymmetry up to a relative 1e-10 is tolerated and averaged away.
 *
 * @param mean - mean vector: d finite numbers (number[] or Float64Array), d >= 1
 * @param cov - covariance: d rows of d finite numbers, symmetric positive definite
 * @throws InfogeoError naming `mean`, `mean[i]`, `cov`, `cov[i]` or `cov[i][j]` for a wrong
 *   length, a non-finite entry, an asymmetric or non-positive-definite cov, or parameters whose
 *   natural parameters overflow
 * @example mvNormal([1, 2], [[1, 0], [0, 4]]).theta // Float64Array [1, 0.5, -0.5, -0, -0.125]
 */
export function mvNormal(mean: readonly number[] | Float64Array, cov: readonly (readonly number[] | Float64Array)[]): Distribution<MvNormalParams> {
  const where = 'mvNormal';
  const mu = checkVector(where, 'mean', mean);
  const d = mu.length;
  if (!Array.isArray(cov)) throw new InfogeoError(where, 'cov', cov, `a ${d} x ${d} ${SPD} (an array of ${d} rows)`);
  if (cov.length !== d) {
    throw new InfogeoError(where, 'cov', cov, `a ${d} x ${d} ${SPD} (an array of ${d} rows, matching mean)`, `got ${cov.length} rows`);
  }
  const rows = cov.map((r, i) => toRow(where, r, i, d));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = rows[i][j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InfogeoError(where, `cov[${i}][${j}]`, v, 'a finite number');
    }
  }
  const src = new Float64Array(d + (d * (d + 1)) / 2);
  src.set(mu);
  let q = d;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const [a, b] = [rows[i][j], rows[j][i]];
      const scale = Math.max(Math.abs(a), Math.abs(b), Math.sqrt(Math.abs(rows[i][i] * rows[j][j])));
      if (Math.abs(a - b) > SYMMETRY_TOL * scale) {
        throw new InfogeoError(where, `cov[${j}][${i}]`, b, `a value equal to cov[${i}][${j}] = ${a} (cov must be symmetric, relative tolerance ${SYMMETRY_TOL})`);
      }
      src[q++] = a + (b - a) / 2;
    }
  }
  const theta = checkedTheta(src, d, where);
  return new Distribution(mvNormalFamily(d), theta, src);
}
