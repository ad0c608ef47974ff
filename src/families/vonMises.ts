/**
 * The von Mises distributions on the circle, angles in (-pi, pi], as an exponential family.
 *
 * p(x) = exp(kappa cos(x - mu)) / (2 pi I0(kappa)); T(x) = (cos x, sin x),
 * theta = (kappa cos mu, kappa sin mu) (kappa = |theta|), h = 1,
 * F(theta) = log(2 pi I0(|theta|)), eta = A(kappa) (cos mu, sin mu) with A = I1 / I0,
 * Hess F = A'(kappa) u u^T + (A(kappa) / kappa) (I - u u^T), u = theta / kappa, which tends to
 * I / 2 as kappa -> 0. H = log(2 pi I0(kappa)) - kappa A(kappa), F*(eta) = -H.
 * KL(p || q) = [log I0(kq) - log I0(kp) - A(kp)(kq - kp)] + A(kp) kq (1 - cos(mu_q - mu_p)); the
 * bracket is integrated as int (kq - s) A'(s) ds (Gauss-Legendre) when kq ~ kp, so nearby pairs
 * keep their relative accuracy; 1 - cos is 2 sin^2 of half the angle between theta_p and theta_q.
 * For kappa >= 50 the quantities that cancel (1 - A, A', log I0(k) - k + log(2 pi k)/2) come from
 * the Hankel asymptotic series of I0 and I1 (Abramowitz and Stegun 9.7.1), so kappa = 1e6 keeps
 * full relative accuracy in the entropy and KL.
 * Source coordinates (mu, kappa), kappa > 0; the constructor reduces mu into (-pi, pi].
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkFinite, checkPositive, InfogeoError } from '../errors.js';
import {
  besselI1OverI0,
  besselI1OverI0Derivative,
  inverseBesselI1OverI0,
  logBesselI0,
} from '../special/index.js';
import { sampleVonMises } from '../random/index.js';

/** Source parameters of `vonMises(mu, kappa)`: mean direction and concentration. */
export interface VonMisesParams {
  mu: number;
  kappa: number;
}

const TWO_PI = 2 * Math.PI;
const LOG_2PI = Math.log(TWO_PI);
/** From this concentration on, the asymptotic series are used (their error is < 1e-20 there). */
const BIG = 50;
const NTERMS = 24;

/** Hankel coefficients: I0(k) ~ e^k / sqrt(2 pi k) sum p_j k^-j, I1 likewise with q_j, and
 *  1 - I1/I0 ~ sum c_j k^-j (power-series division). */
const HANKEL = (() => {
  const p = new Float64Array(NTERMS + 1);
  const q = new Float64Array(NTERMS + 1);
  const c = new Float64Array(NTERMS + 1);
  p[0] = 1;
  q[0] = 1;
  for (let j = 1; j <= NTERMS; j++) {
    const odd = (2 * j - 1) * (2 * j - 1);
    p[j] = (p[j - 1] * odd) / (8 * j);
    q[j] = (q[j - 1] * (odd - 4)) / (8 * j);
  }
  for (let j = 1; j <= NTERMS; j++) {
    let s = p[j] - q[j];
    for (let i = 1; i < j; i++) s -= c[i] * p[j - i];
    c[j] = s;
  }
  return { p, c };
})();

/** log I0(k) - k + (1/2) log(2 pi k) for k >= BIG. */
function logI0Remainder(k: number): number {
  const ik = 1 / k;
  let s = 0;
  let pw = ik;
  for (let j = 1; j <= NTERMS; j++) {
    s += HANKEL.p[j] * pw;
    pw *= ik;
  }
  return Math.log1p(s);
}

/** 1 - A(k) for k >= BIG. */
function oneMinusA(k: number): number {
  const ik = 1 / k;
  let s = 0;
  let pw = ik;
  for (let j = 1; j <= NTERMS; j++) {
    s += HANKEL.c[j] * pw;
    pw *= ik;
  }
  return s;
}

/** A(k) = I1(k) / I0(k), with A(0) = 0. */
function ratioA(k: number): number {
  if (k < 1e-5) return 0.5 * k * (1 - (k * k) / 8);
  return k < BIG ? besselI1OverI0(k) : 1 - oneMinusA(k);
}

/** A(k) / k, tending to 1/2 as k -> 0. */
function ratioAOverK(k: number): number {
  return k < 1e-5 ? 0.5 - (k * k) / 16 : ratioA(k) / k;
}

/** A'(k) = 1 - A/k - A^2 > 0, tending to 1/2 as k -> 0 and to 1/(2k^2) as k -> inf. */
function ratioADeriv(k: number): number {
  if (k < 1e-5) return 0.5 - (3 * k * k) / 16;
  if (k < BIG) return besselI1OverI0Derivative(k);
  const ik = 1 / k;
  let s = 0;
  let pw = ik * ik;
  for (let j = 1; j <= NTERMS; j++) {
    s += j * HANKEL.c[j] * pw;
    pw *= ik;
  }
  return s;
}

/** log I0(k). */
function logI0(k: number): number {
  return k < BIG ? logBesselI0(k) : k - 0.5 * Math.log(TWO_PI * k) + logI0Remainder(k);
}

/** 20-point Gauss-Legendre nodes and weights on [0, 1]. */
const GL = (() => {
  const n = 20;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = 0.5 * (1 - z);
    w[i] = 1 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
})();

/**
 * log I0(kq) - log I0(kp) - A(kp)(kq - kp) >= 0, the Bregman divergence of log I0 in kappa.
 * For |kq - kp| <= max(kp, 1) / 4 it is d^2 int_0^1 (1 - t) A'(kp + t d) dt by Gauss-Legendre
 * (A' is analytic within a distance max(kp, 2.4) of the interval, so 20 nodes reach float64).
 */
function bregmanLogI0(kq: number, kp: number): number {
  const d = kq - kp;
  if (Math.abs(d) <= 0.25 * Math.max(kp, 1)) {
    let s = 0;
    for (let i = 0; i < GL.x.length; i++) {
      const t = GL.x[i];
      s += GL.w[i] * (1 - t) * ratioADeriv(kp + t * d);
    }
    return d * d * s;
  }
  if (kp >= BIG && kq >= BIG) {
    return oneMinusA(kp) * d - 0.5 * Math.log(kq / kp) + logI0Remainder(kq) - logI0Remainder(kp);
  }
  return logI0(kq) - logI0(kp) - ratioA(kp) * d;
}

/** Entropy log(2 pi I0(k)) - k A(k), from 1 - A(k) for large k (no cancellation). */
function entropyOfKappa(k: number, oneMinusAk?: number): number {
  if (k >= BIG) return 0.5 * Math.log(TWO_PI / k) + logI0Remainder(k) + k * (oneMinusAk ?? oneMinusA(k));
  return LOG_2PI + logI0(k) - k * (oneMinusAk === undefined ? ratioA(k) : 1 - oneMinusAk);
}

/** E[(X - mu)^2] over the window (mu - pi, mu + pi]: a ratio of two Gauss-Legendre sums of
 *  exp(-2 kappa sin^2(x/2)) on panels of width ~ 1/sqrt(kappa). */
function windowVariance(k: number): number {
  const scale = k > 1 ? 1 / Math.sqrt(k) : 1;
  const h = Math.min(Math.PI / 8, scale);
  const end = Math.min(Math.PI, 40 * scale);
  let num = 0;
  let den = 0;
  for (let a = 0; a < end; a += h) {
    const b = Math.min(a + h, end);
    for (let i = 0; i < GL.x.length; i++) {
      const x = a + (b - a) * GL.x[i];
      const sx = Math.sin(0.5 * x);
      const w = GL.w[i] * (b - a) * Math.exp(-2 * k * sx * sx);
      num += w * x * x;
      den += w;
    }
  }
  return num / den;
}

/**
 * Reduces a finite angle into (-pi, pi] (modulo the double 2 Math.PI, exactly: fmod is exact).
 *
 * @param mu - a finite angle in radians
 * @example reduceAngle(4) // -2.2831853071795862 (= 4 - 2 pi)
 */
export function reduceAngle(mu: number): number {
  let r = mu % TWO_PI;
  if (r > Math.PI) r -= TWO_PI;
  else if (r <= -Math.PI) r += TWO_PI;
  return r;
}

/**
 * The exponential family object of `vonMises(mu, kappa)`: theta = kappa (cos mu, sin mu),
 * T(x) = (cos x, sin x), h = 1 on (-pi, pi], F(theta) = log(2 pi I0(|theta|)); source (mu, kappa).
 * @example vonMisesFamily.logPartition(Float64Array.of(1, 0)) // 2.073791424916524 (= log(2 pi I0(1)))
 */
export const vonMisesFamily: ExponentialFamily<VonMisesParams> = {
  id: 'vonMises',
  name: 'vonMises',
  dim: 2,
  sourceNames: ['mu', 'kappa'],
  discrete: false,
  sampleDim: 0,

  logPartition(theta) {
    return LOG_2PI + logI0(Math.hypot(theta[0], theta[1]));
  },
  gradLogPartition(theta, out) {
    const k = Math.hypot(theta[0], theta[1]);
    const r = ratioAOverK(k);
    out[0] = r * theta[0];
    out[1] = r * theta[1];
    return out;
  },
  hessLogPartition(theta, out) {
    const k = Math.hypot(theta[0], theta[1]);
    if (k === 0) {
      out[0] = 0.5;
      out[1] = 0;
      out[2] = 0;
      out[3] = 0.5;
      return out;
    }
    const [u1, u2] = [theta[0] / k, theta[1] / k];
    const ad = ratioADeriv(k);
    const ak = ratioAOverK(k);
    out[0] = ad * u1 * u1 + ak * u2 * u2;
    out[1] = (ad - ak) * u1 * u2;
    out[2] = out[1];
    out[3] = ad * u2 * u2 + ak * u1 * u1;
    return out;
  },
  thetaFromEta(eta, out) {
    const r = Math.hypot(eta[0], eta[1]);
    const k = inverseBesselI1OverI0(r);
    out[0] = (k / r) * eta[0];
    out[1] = (k / r) * eta[1];
    return out;
  },
  isNaturalValid(theta) {
    const k = Math.hypot(theta[0], theta[1]);
    return k > 0 && Number.isFinite(k);
  },
  isExpectationValid(eta) {
    const r = Math.hypot(eta[0], eta[1]);
    return r > 0 && r < 1;
  },

  sufficientStat(x, out) {
    const v = x as number;
    out[0] = Math.cos(v);
    out[1] = Math.sin(v);
    return out;
  },
  logBaseMeasure() {
    return 0;
  },
  inSupport(x) {
    // Math.PI < pi, so [-Math.PI, Math.PI] lies inside (-pi, pi].
    const v = x as number;
    return v >= -Math.PI && v <= Math.PI;
  },
  expectedLogBaseMeasure() {
    return 0;
  },

  thetaFromSource(src, out) {
    const [mu, k] = [src[0], src[1]];
    out[0] = k * Math.cos(mu);
    out[1] = k * Math.sin(mu);
    return out;
  },
  sourceFromTheta(theta, out) {
    const mu = Math.atan2(theta[1], theta[0]);
    out[0] = mu === -Math.PI ? Math.PI : mu;
    out[1] = Math.hypot(theta[0], theta[1]);
    return out;
  },
  sourceJacobian(src, out) {
    const [mu, k] = [src[0], src[1]];
    const [c, s] = [Math.cos(mu), Math.sin(mu)];
    out[0] = -k * s;
    out[1] = c;
    out[2] = k * c;
    out[3] = s;
    return out;
  },
  validateSource(src, where) {
    checkMuKappa(where, src[0], src[1]);
  },
  params(src) {
    return { mu: reduceAngle(src[0]), kappa: src[1] };
  },

  mean(theta) {
    const mu = Math.atan2(theta[1], theta[0]);
    return mu === -Math.PI ? Math.PI : mu;
  },
  variance(theta) {
    return windowVariance(Math.hypot(theta[0], theta[1]));
  },
  sample(theta, n, rng) {
    const mu = Math.atan2(theta[1], theta[0]);
    const k = Math.hypot(theta[0], theta[1]);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleVonMises(rng, mu, k);
    return out;
  },

  logDensity(theta, x) {
    // kappa (cos(x - mu) - 1) + kappa - log I0(kappa) - log 2 pi, with cos - 1 = -2 sin^2 of the half
    // angle and kappa - log I0(kappa) from the asymptotic series for large kappa (both terms of
    // the generic form are ~kappa and would cancel).
    const k = Math.hypot(theta[0], theta[1]);
    const half = Math.sin(0.5 * ((x as number) - Math.atan2(theta[1], theta[0])));
    const rest = k >= BIG ? 0.5 * Math.log(k / TWO_PI) - logI0Remainder(k) : k - logI0(k) - LOG_2PI;
    return -2 * k * half * half + rest;
  },
  fisherSource(src, out) {
    // diag(kappa A(kappa), A'(kappa)) in (mu, kappa).
    const k = src[1];
    out[0] = k * ratioA(k);
    out[1] = 0;
    out[2] = 0;
    out[3] = ratioADeriv(k);
    return out;
  },
  dualPotential(eta) {
    const r = Math.hypot(eta[0], eta[1]);
    const k = inverseBesselI1OverI0(r);
    return -entropyOfKappa(k, k >= BIG ? 1 - r : undefined);
  },
  entropy(theta) {
    return entropyOfKappa(Math.hypot(theta[0], theta[1]));
  },
  kl(thetaP, thetaQ) {
    const kp = Math.hypot(thetaP[0], thetaP[1]);
    const kq = Math.hypot(thetaQ[0], thetaQ[1]);
    const cross = thetaP[0] * thetaQ[1] - thetaP[1] * thetaQ[0];
    const dot = thetaP[0] * thetaQ[0] + thetaP[1] * thetaQ[1];
    const half = Math.sin(0.5 * Math.atan2(cross, dot));
    const d = bregmanLogI0(kq, kp) + 2 * ratioA(kp) * kq * half * half;
    return d < 0 ? 0 : d;
  },
};

function checkMuKappa(where: string, mu: unknown, kappa: unknown): void {
  checkFinite(where, 'mu', mu);
  checkPositive(where, 'kappa', kappa);
  const k = kappa as number;
  const m = reduceAngle(mu as number);
  if (!(Math.hypot(k * Math.cos(m), k * Math.sin(m)) > 0)) {
    throw new InfogeoError(where, 'kappa', kappa, 'a finite number > 0 whose natural parameters kappa (cos mu, sin mu) do not underflow to 0');
  }
}

/**
 * The von Mises distribution on the circle: density exp(kappa cos(x - mu)) / (2 pi I0(kappa)) for
 * angles x in (-pi, pi].
 *
 * Natural parameters theta = kappa (cos mu, sin mu) for T(x) = (cos x, sin x); expectation
 * parameters eta = A(kappa) (cos mu, sin mu), A = I1/I0. mu is reduced into (-pi, pi] (modulo the
 * double 2 Math.PI, so an angle like 1e20 is accepted but meaningless); `params.mu` is the reduced
 * angle. `mean()` is the mean direction mu and `variance()` is E[(X - mu)^2] for X taken in the
 * window (mu - pi, mu + pi] around the mean direction (scipy's convention); the circular variance is
 * 1 - |eta|. Accurate for kappa from 1e-8 (nearly uniform) to 1e6 and beyond.
 *
 * @param mu - mean direction, any finite angle in radians (reduced into (-pi, pi])
 * @param kappa - concentration, a finite number > 0
 * @throws InfogeoError naming `mu` or `kappa`
 * @example vonMises(0, 1).eta // Float64Array [0.4463899658965345, 0]; vonMises(4, 1).params.mu // -2.2831853071795862
 */
export function vonMises(mu: number, kappa: number): Distribution<VonMisesParams> {
  checkMuKappa('vonMises', mu, kappa);
  const src = Float64Array.of(reduceAngle(mu), kappa);
  return new Distribution(vonMisesFamily, vonMisesFamily.thetaFromSource(src, new Float64Array(2)), src);
}
