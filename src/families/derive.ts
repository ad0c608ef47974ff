/**
 * Everything derivable from an exponential family's declared primitives (F, grad F, Hessian F,
 * T, log h, eta -> theta, source maps), written once for all families.
 *
 * Notation: p(x; theta) = h(x) exp(<theta, T(x)> - F(theta)), eta = grad F(theta) = E[T(X)],
 * F*(eta) = <theta, eta> - F(theta) the convex conjugate (dual potential), and
 * KL(p_theta1 || p_theta2) = B_F(theta2, theta1) = F(theta2) - F(theta1) - <theta2 - theta1, eta1>.
 * Reference: Amari (2016), Information Geometry and Its Applications, ch. 2; Nielsen and Garcia
 * (2009), "Statistical exponential families: a digest with flash cards".
 */
import type { ExponentialFamily, Sample } from './family.js';
import { invSPD } from '../linalg/index.js';
import { InfogeoError } from '../errors.js';

/** eta = grad F(theta), a fresh array. */
export function etaFromTheta(f: ExponentialFamily<unknown>, theta: Float64Array): Float64Array {
  return f.gradLogPartition(theta, new Float64Array(f.dim));
}

/** theta = (grad F)^{-1}(eta), a fresh array. */
export function thetaFromEta(f: ExponentialFamily<unknown>, eta: Float64Array): Float64Array {
  return f.thetaFromEta(eta, new Float64Array(f.dim));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** log p(x; theta) = <theta, T(x)> - F(theta) + log h(x); -Infinity outside the support. */
export function logDensityNatural(f: ExponentialFamily<unknown>, theta: Float64Array, x: Sample): number {
  if (!f.inSupport(x)) return -Infinity;
  if (f.logDensity) return f.logDensity(theta, x);
  return logDensityGeneric(f, theta, x);
}

/** The generic log-density <theta, T(x)> - F(theta) + log h(x), for x in the support. */
export function logDensityGeneric(f: ExponentialFamily<unknown>, theta: Float64Array, x: Sample): number {
  const t = f.sufficientStat(x, new Float64Array(f.dim));
  return dot(theta, t) - f.logPartition(theta) + f.logBaseMeasure(x);
}

/**
 * KL(p_thetaP || p_thetaQ) as the Bregman divergence of the log-partition:
 * B_F(thetaQ, thetaP) = F(thetaQ) - F(thetaP) - <thetaQ - thetaP, grad F(thetaP)>.
 * This is always the generic form; `kl` in api.ts prefers a family's closed form when it has one.
 */
export function klBregman(f: ExponentialFamily<unknown>, thetaP: Float64Array, thetaQ: Float64Array): number {
  const etaP = etaFromTheta(f, thetaP);
  let inner = 0;
  for (let i = 0; i < f.dim; i++) inner += (thetaQ[i] - thetaP[i]) * etaP[i];
  const d = f.logPartition(thetaQ) - f.logPartition(thetaP) - inner;
  // Rounding can leave a tiny negative value when p ~ q; KL is >= 0 by convexity of F.
  return d < 0 ? 0 : d;
}

/** KL(p || q), using the family's closed form if it declares one, else the Bregman form. */
export function klNatural(f: ExponentialFamily<unknown>, thetaP: Float64Array, thetaQ: Float64Array): number {
  return f.kl ? f.kl(thetaP, thetaQ) : klBregman(f, thetaP, thetaQ);
}

/** Generic dual potential F*(eta) = <theta(eta), eta> - F(theta(eta)). */
export function dualPotentialGeneric(f: ExponentialFamily<unknown>, eta: Float64Array): number {
  const theta = thetaFromEta(f, eta);
  return dot(theta, eta) - f.logPartition(theta);
}

/** F*(eta), the family's closed form if declared, else the generic Legendre transform. */
export function dualPotential(f: ExponentialFamily<unknown>, eta: Float64Array): number {
  return f.dualPotential ? f.dualPotential(eta) : dualPotentialGeneric(f, eta);
}

/** Generic entropy H = F(theta) - <theta, eta> - E[log h(X)] = -F*(eta) - E[log h(X)]. */
export function entropyGeneric(f: ExponentialFamily<unknown>, theta: Float64Array): number {
  const eta = etaFromTheta(f, theta);
  return f.logPartition(theta) - dot(theta, eta) - f.expectedLogBaseMeasure(theta);
}

/** Entropy, the family's closed form if declared, else the generic one. */
export function entropyNatural(f: ExponentialFamily<unknown>, theta: Float64Array): number {
  return f.entropy ? f.entropy(theta) : entropyGeneric(f, theta);
}

/** Fisher information in natural coordinates: the Hessian of F (a fresh dim x dim array). */
export function fisherNatural(f: ExponentialFamily<unknown>, theta: Float64Array): Float64Array {
  return f.hessLogPartition(theta, new Float64Array(f.dim * f.dim));
}

/**
 * Fisher information in expectation coordinates: the inverse of the natural one,
 * G_eta = (Hess F(theta))^{-1} = Hess F*(eta). Throws if the Hessian is numerically singular.
 */
export function fisherExpectation(f: ExponentialFamily<unknown>, theta: Float64Array): Float64Array {
  const h = fisherNatural(f, theta);
  const inv = invSPD(new Float64Array(f.dim * f.dim), h, f.dim);
  if (inv === null) {
    throw new InfogeoError('fisher', 'theta', Array.from(theta), 'a point where the Fisher matrix is numerically positive definite', 'the Hessian of F is singular to float64 precision');
  }
  return inv;
}

/**
 * Fisher information in source coordinates: the family's closed form if declared, else the
 * pullback J^T G_theta J with J = d theta / d source.
 */
export function fisherSource(f: ExponentialFamily<unknown>, source: Float64Array): Float64Array {
  if (f.fisherSource) return f.fisherSource(source, new Float64Array(f.dim * f.dim));
  return fisherSourcePullback(f, source);
}

/** The generic pullback J^T Hess F(theta) J (used to test closed-form overrides). */
export function fisherSourcePullback(f: ExponentialFamily<unknown>, source: Float64Array): Float64Array {
  const n = f.dim;
  const theta = f.thetaFromSource(source, new Float64Array(n));
  return pullback(fisherNatural(f, theta), f.sourceJacobian(source, new Float64Array(n * n)), n);
}

/** J^T G J for square row-major n x n matrices (a fresh array, exactly symmetric). */
export function pullback(g: Float64Array, j: Float64Array, n: number): Float64Array {
  const gj = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const gik = g[i * n + k];
      if (gik === 0) continue;
      for (let c = 0; c < n; c++) gj[i * n + c] += gik * j[k * n + c];
    }
  }
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = r; c < n; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += j[i * n + r] * gj[i * n + c];
      out[r * n + c] = s;
      out[c * n + r] = s;
    }
  }
  return out;
}

/** Score in natural coordinates: d/dtheta log p(x; theta) = T(x) - eta. */
export function scoreNatural(f: ExponentialFamily<unknown>, theta: Float64Array, x: Sample, out: Float64Array): Float64Array {
  f.sufficientStat(x, out);
  const eta = etaFromTheta(f, theta);
  for (let i = 0; i < f.dim; i++) out[i] -= eta[i];
  return out;
}

/** Score in source coordinates: J^T (T(x) - eta). */
export function scoreSource(f: ExponentialFamily<unknown>, source: Float64Array, x: Sample, out: Float64Array): Float64Array {
  const n = f.dim;
  const theta = f.thetaFromSource(source, new Float64Array(n));
  const s = scoreNatural(f, theta, x, new Float64Array(n));
  const j = f.sourceJacobian(source, new Float64Array(n * n));
  for (let c = 0; c < n; c++) {
    let acc = 0;
    for (let r = 0; r < n; r++) acc += j[r * n + c] * s[r];
    out[c] = acc;
  }
  return out;
}

/**
 * Score in expectation coordinates: G_eta (T(x) - eta), since d theta / d eta = G_eta.
 */
export function scoreExpectation(f: ExponentialFamily<unknown>, theta: Float64Array, x: Sample, out: Float64Array): Float64Array {
  const n = f.dim;
  const s = scoreNatural(f, theta, x, new Float64Array(n));
  const g = fisherExpectation(f, theta);
  for (let r = 0; r < n; r++) {
    let acc = 0;
    for (let c = 0; c < n; c++) acc += g[r * n + c] * s[c];
    out[r] = acc;
  }
  return out;
}

/** The e-geodesic (straight line in theta) from thetaA (t = 0) to thetaB (t = 1), at t. */
export function eGeodesicPoint(thetaA: Float64Array, thetaB: Float64Array, t: number, out: Float64Array): Float64Array {
  for (let i = 0; i < thetaA.length; i++) out[i] = (1 - t) * thetaA[i] + t * thetaB[i];
  return out;
}

/** The m-geodesic (straight line in eta) from etaA (t = 0) to etaB (t = 1), at t. */
export function mGeodesicPoint(etaA: Float64Array, etaB: Float64Array, t: number, out: Float64Array): Float64Array {
  return eGeodesicPoint(etaA, etaB, t, out);
}
