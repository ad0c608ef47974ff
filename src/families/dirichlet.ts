/**
 * The Dirichlet family on the open simplex {x : x_i > 0, sum x_i = 1} (k >= 2 components).
 *
 * Chosen coordinates: theta = alpha (not alpha - 1), T(x) = (log x_1, ..., log x_k),
 * log h(x) = -sum log x_i (density with respect to Lebesgue measure on x_1..x_{k-1}),
 * F(alpha) = sum lgamma(alpha_i) - lgamma(alpha_0), alpha_0 = sum alpha_i,
 * eta_i = E[log X_i] = psi(alpha_i) - psi(alpha_0),
 * Hess F = diag(psi'(alpha_i)) - psi'(alpha_0) 1 1^T. Source coordinates = theta = alpha.
 *
 * Numerics: every difference psi(a) - psi(a + c), psi'(a) - psi'(a + c), F, the entropy and KL
 * are evaluated through Stirling's series with the remainder (Binet's function
 * mu(x) = lgamma(x) - (x - 1/2) log x + x - log(2 pi) / 2) and the recurrence x -> x + 1, so that
 * no large terms cancel: alpha from 1e-300 to 1e300 stays accurate, and KL between nearby
 * Dirichlets keeps its relative accuracy. The inverse Legendre map solves a bracketed 1-D
 * equation in alpha_0 (Minka 2000, "Estimating a Dirichlet distribution", fixed point
 * psi(alpha_i) = eta_i + psi(alpha_0)) and polishes with Newton steps in alpha.
 */
import type { ExponentialFamily } from './family.js';
import { Distribution } from './distribution.js';
import { checkInteger, checkVector, InfogeoError } from '../errors.js';
import { digamma, logsumexp, trigamma } from '../special/index.js';
import { sampleDirichlet } from '../random/index.js';

/** Source parameters of a Dirichlet distribution: the concentration vector. */
export interface DirichletParams {
  alpha: number[];
}

const LOG_2PI = Math.log(2 * Math.PI);
const EULER = 0.5772156649015329;
/** Stirling's series is used from X0 on; below, the recurrence x -> x + 1 shifts up to it. */
const X0 = 10;
/** B_2k / (2k): psi(x) ~ log x - 1/(2x) - sum B_2k / (2k x^2k). */
const PSI_C = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12, -3617 / 8160];
/** B_2k: psi'(x) ~ 1/x + 1/(2x^2) + sum B_2k / x^(2k+1). */
const TRI_C = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];
/** B_2k / (2k (2k-1)): mu(x) ~ sum B_2k / (2k (2k-1) x^(2k-1)). */
const BINET_C = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

/**
 * x - log(1 + x) for x > -1, without cancellation near 0 (a series for |x| < 0.01).
 * Non-negative; it is the Bregman divergence of -log at 1 in direction x.
 * @example xMinusLog1p(1e-8) // 4.999999966666667e-17
 */
export function xMinusLog1p(x: number): number {
  if (Math.abs(x) < 0.01) {
    // sum_{n>=2} (-1)^n x^n / n
    let term = x * x;
    let s = 0;
    for (let n = 2; n < 40; n++) {
      const t = term / n;
      s += n % 2 === 0 ? t : -t;
      if (Math.abs(t) <= 1e-17 * Math.abs(s)) break;
      term *= x;
    }
    return s;
  }
  return x - Math.log1p(x);
}

/** (1 + v) log(1 + v) - v for v >= -1 (the Bregman divergence of t log t at 1), series near 0. */
function onePlusLogMinus(v: number): number {
  if (Math.abs(v) < 0.01) {
    // sum_{n>=2} (-1)^n v^n / (n (n - 1))
    let term = v * v;
    let s = 0;
    for (let n = 2; n < 40; n++) {
      const t = term / (n * (n - 1));
      s += n % 2 === 0 ? t : -t;
      if (Math.abs(t) <= 1e-17 * Math.abs(s)) break;
      term *= v;
    }
    return s;
  }
  return v === -1 ? 1 : (1 + v) * Math.log1p(v) - v;
}

/** (1 + u)^{-m} - 1 + m u for u > -1 (the Bregman divergence of x^{-m} at 1), series near 0. */
function powBregman(m: number, u: number): number {
  if (Math.abs(u) < 0.01) {
    // sum_{n>=2} binom(-m, n) u^n
    let coef = 1;
    let s = 0;
    let un = 1;
    for (let n = 1; n < 60; n++) {
      coef *= (-m - n + 1) / n;
      un *= u;
      if (n < 2) continue;
      const t = coef * un;
      s += t;
      if (Math.abs(t) <= 1e-17 * Math.abs(s)) break;
    }
    return s;
  }
  return Math.expm1(-m * Math.log1p(u)) + m * u;
}

/** psi(a + c) - psi(a) >= 0 for a > 0, c >= 0, as a sum of non-negative terms. */
function digammaDiff(a: number, c: number): number {
  if (c === 0) return 0;
  let s = 0;
  let x = a;
  for (; x < X0; x += 1) s += c / (x + c) / x; // psi(x+1) - psi(x) = 1/x
  const v = c / x;
  const l = Math.log1p(v);
  s += l + v / (1 + v) / (2 * x);
  let xp = 1;
  const x2 = 1 / (x * x);
  for (let k = 0; k < PSI_C.length; k++) {
    xp *= x2;
    s -= PSI_C[k] * xp * Math.expm1(-2 * (k + 1) * l);
  }
  return s;
}

/** psi'(a) - psi'(a + c) >= 0 for a > 0, c >= 0, as a sum of non-negative terms. */
function trigammaDiff(a: number, c: number): number {
  if (c === 0) return 0;
  let s = 0;
  let x = a;
  for (; x < X0; x += 1) s += (c / (x + c) / x) * (1 / x + 1 / (x + c));
  const v = c / x;
  const l = Math.log1p(v);
  s += v / (1 + v) / x - (0.5 / (x * x)) * Math.expm1(-2 * l);
  let xp = 1 / x;
  const x2 = 1 / (x * x);
  for (let k = 0; k < TRI_C.length; k++) {
    xp *= x2;
    s -= TRI_C[k] * xp * Math.expm1(-(2 * k + 3) * l);
  }
  return s;
}

/** Binet's function mu(x) = lgamma(x) - (x - 1/2) log x + x - log(2 pi)/2, x > 0. */
function binet(x: number): number {
  let s = 0;
  for (; x < X0; x += 1) s += (x + 0.5) * Math.log1p(1 / x) - 1;
  const x2 = 1 / (x * x);
  let xp = 1 / x;
  for (let k = 0; k < BINET_C.length; k++, xp *= x2) s += BINET_C[k] * xp;
  return s;
}

/** mu'(x) = psi(x) - log x + 1/(2x), x > 0. */
function binetDeriv(x: number): number {
  let s = 0;
  for (; x < X0; x += 1) s += Math.log1p(1 / x) - (x + 0.5) / (x * (x + 1));
  const x2 = 1 / (x * x);
  let xp = 1;
  for (let k = 0; k < PSI_C.length; k++) {
    xp *= x2;
    s -= PSI_C[k] * xp;
  }
  return s;
}

/**
 * g(u) = u - log(1 + u) at u = delta / x, where y = x + delta is also passed: when y << x the
 * sum 1 + u would round to 0, so log(y / x) is formed from logs instead.
 */
function gRatio(x: number, delta: number, y: number): number {
  const u = delta / x;
  return u > -0.5 ? xMinusLog1p(u) : u - (Math.log(y) - Math.log(x));
}

/** x phi(delta / x) = y log(y / x) - y + x (phi as in onePlusLogMinus), y = x + delta. */
function xPhiRatio(x: number, delta: number, y: number): number {
  const u = delta / x;
  return Math.abs(u) < 0.5 ? x * onePlusLogMinus(u) : y * (Math.log(y) - Math.log(x)) - delta;
}

/** Bregman divergence of G(x) = x log x - x - (1/2) log x: B_G(y, x), y = x + delta. */
function stirlingBregman(x: number, delta: number, y: number): number {
  return xPhiRatio(x, delta, y) + 0.5 * gRatio(x, delta, y);
}

/**
 * Bregman divergence of Binet's mu: mu(y) - mu(x) - delta mu'(x) with y = x + delta > 0, x > 0.
 * delta is passed separately so that nearby points keep their exact difference.
 */
function binetBregman(x: number, delta: number, y: number): number {
  const lo = Math.min(x, y);
  const n = lo < X0 ? Math.ceil(X0 - lo) : 0;
  let s = 0;
  if (n > 0) {
    // lgamma(x) = lgamma(x + n) - sum_j log(x + j): mu shifts by G and -log terms.
    for (let j = 0; j < n; j++) s += gRatio(x + j, delta, y + j);
    const [xs, ys] = [x + n, y + n];
    // B_G(ys, xs) - B_G(y, x): the linear terms -y + x of the two cancel exactly. Keep them (the
    // series forms are exact near delta = 0) unless they are the larger terms, as for
    // x = 1e150, y = 1e-150, where each is 1e150 against a result of 1e3.
    const ylogyx = y * (Math.log(y) - Math.log(x));
    const ylogyxS = ys * (Math.log(ys) - Math.log(xs));
    if (Math.abs(delta / x) < 0.5 || Math.abs(delta) <= Math.abs(ylogyx) + Math.abs(ylogyxS)) {
      s += stirlingBregman(xs, delta, ys) - stirlingBregman(x, delta, y);
    } else {
      s += ylogyxS - ylogyx + 0.5 * (gRatio(xs, delta, ys) - gRatio(x, delta, y));
    }
    x = xs;
    y = ys;
  }
  const u = delta / x;
  if (Math.abs(u) >= 0.5) return s + binet(y) - binet(x) - delta * binetDeriv(x);
  const x2 = 1 / (x * x);
  let xp = 1 / x;
  for (let k = 0; k < BINET_C.length; k++, xp *= x2) s += BINET_C[k] * xp * powBregman(2 * k + 1, u);
  return s;
}

/** c_i = sum_{j != i} a_j by prefix and suffix sums (no cancellation). */
function othersSums(a: Float64Array, out: Float64Array): Float64Array {
  const k = a.length;
  let acc = 0;
  for (let i = 0; i < k; i++) {
    out[i] = acc;
    acc += a[i];
  }
  acc = 0;
  for (let i = k - 1; i >= 0; i--) {
    out[i] += acc;
    acc += a[i];
  }
  return out;
}

function total(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** log(a / (a + c)), accurate whether c is small or large compared with a. */
function logShare(a: number, c: number, a0: number): number {
  return c < a ? -Math.log1p(c / a) : Math.log(a) - Math.log(a0);
}

/** psi^{-1}(y): Minka's starting point, then Newton with trigamma. */
function invDigamma(y: number): number {
  let x = y >= -2.22 ? Math.exp(y) + 0.5 : -1 / (y + EULER);
  for (let it = 0; it < 100; it++) {
    const t = trigamma(x);
    if (!Number.isFinite(t)) break; // x below ~1e-154: the starting point is already exact
    let xn = x - (digamma(x) - y) / t;
    if (!(xn > 0)) xn = x / 16;
    const done = Math.abs(xn - x) <= 4e-16 * x;
    x = xn;
    if (done) break;
  }
  return x;
}

/**
 * The split of s into a + c (a, c > 0) with psi(s) - psi(a) = d > 0, each part to relative
 * accuracy. Newton on log(psi(s) - psi(a)) = log d in the log of whichever of a and c is the
 * smaller (the other is s minus it), with the cancellation-free difference psi(a + c) - psi(a):
 * the log-log form is nearly linear both where a -> 0 (psi(s) - psi(a) ~ 1/a) and where c -> 0
 * (~ c psi'(s)), so roots as small as 1e-300 are reached in a few steps. Started from
 * psi^{-1}(psi(s) - d) or, for a dominant component (a > s/2), from c = -s expm1(-d).
 */
function splitSolve(s: number, d: number, out: Float64Array): void {
  let a = invDigamma(digamma(s) - d);
  if (!(a > 0)) a = Number.MIN_VALUE;
  const onC = a > 0.5 * s;
  let c: number;
  if (onC) {
    c = s >= X0 ? -s * Math.expm1(-d) : s - a;
    if (!(c > 0 && c < s)) c = Math.min(0.5 * s, d / trigamma(s));
    if (!(c > 0)) c = Number.MIN_VALUE;
    a = s - c;
  } else {
    if (!(a < s)) a = 0.5 * s;
    c = s - a;
  }
  const logD = Math.log(d);
  for (let it = 0; it < 100; it++) {
    const dpsi = digammaDiff(a, c);
    // G = log(psi(s) - psi(a)) - log d; |dG / d log(v)| = v psi'(a) / (psi(s) - psi(a)), v = a or c
    const step = (Math.log(dpsi) - logD) / ((trigamma(a) * (onC ? c : a)) / dpsi);
    if (!Number.isFinite(step)) break;
    const t = Math.max(-30, Math.min(30, step));
    if (onC) {
      let cn = c * Math.exp(-t);
      if (!(cn < s)) cn = 0.5 * (c + s);
      c = cn;
      a = s - c;
    } else {
      let an = a * Math.exp(t);
      if (!(an < s)) an = 0.5 * (a + s);
      a = an;
      c = s - a;
    }
    if (Math.abs(step) <= 2e-16) break;
  }
  out[0] = a;
  out[1] = c;
}

/**
 * alpha from eta: the unique root s = alpha_0 of h(s) = sum_i a_i(s) - s, where
 * psi(s) - psi(a_i(s)) = -eta_i (Minka's fixed-point relation), positive below the root and
 * negative above. h is formed as sum_{i != j} a_i - c_j with j the dominant component and
 * c_j = s - a_j from `splitSolve`, so it keeps its relative accuracy when alpha_0 is huge. The
 * root is bracketed and found by safeguarded Newton in s, then polished by Newton in alpha.
 */
function alphaFromEta(eta: Float64Array, out: Float64Array): Float64Array {
  const k = eta.length;
  const a = out;
  let j = 0;
  for (let i = 1; i < k; i++) if (eta[i] > eta[j]) j = i;
  const split = new Float64Array(2);
  let cj = 0;
  let scale = 0;
  const fill = (s: number): number => {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      splitSolve(s, -eta[i], split);
      a[i] = split[0];
      if (i === j) cj = split[1];
      else sum += a[i];
    }
    scale = sum + cj;
    return sum - cj;
  };
  const deficit = -Math.expm1(logsumexp(Array.from(eta)));
  let s = (k - 1) / (2 * deficit); // the large-alpha asymptote of the root
  if (!(s > 0 && s < 1e300)) s = 1;
  let h = fill(s);
  let lo = s;
  let hi = s;
  if (h > 0) {
    for (let it = 0; it < 600 && h > 0 && hi < 1e307; it++) {
      lo = hi;
      hi = Math.min(hi * 16, 1.7e308);
      h = fill(hi);
    }
    s = hi;
  } else {
    for (let it = 0; it < 600 && h <= 0 && lo > 1e-320; it++) {
      hi = lo;
      lo /= 16;
      h = fill(lo);
    }
    s = lo;
  }
  // Invariant: h(lo) > 0 >= h(hi); `a` and h belong to s. |h| at the level of its rounding
  // (a few eps * (sum a_i + c_j)) is a backward-stable answer.
  for (let it = 0; it < 400 && hi / lo - 1 > 2e-16 && Math.abs(h) > 4e-16 * scale; it++) {
    let tsum = 0;
    for (let i = 0; i < k; i++) tsum += 1 / trigamma(a[i]);
    const dh = trigamma(s) * tsum - 1;
    let sn = s - h / dh;
    if (!(sn > lo && sn < hi)) sn = Math.exp(0.5 * (Math.log(lo) + Math.log(hi)));
    s = sn;
    h = fill(s);
    if (h > 0) lo = s;
    else hi = s;
  }
  a[j] = s - cj;
  polish(eta, a);
  return a;
}

/**
 * Newton on grad F(alpha) = eta: (diag(q) - z 1 1^T) step = g, by Sherman-Morrison. A step is
 * kept only if it lowers the relative residual max_i |eta_i(alpha) - eta_i| / |eta_i| (the
 * rank-one denominator cancels for large alpha, so a step can be poor; the residual cannot lie).
 */
function polish(eta: Float64Array, a: Float64Array): void {
  const k = a.length;
  const c = new Float64Array(k);
  const g = new Float64Array(k);
  const next = new Float64Array(k);
  const residual = (x: Float64Array): number => {
    othersSums(x, c);
    let r = 0;
    for (let i = 0; i < k; i++) {
      g[i] = eta[i] + digammaDiff(x[i], c[i]);
      r = Math.max(r, Math.abs(g[i]) / Math.abs(eta[i]));
    }
    return r;
  };
  let r = residual(a);
  for (let it = 0; it < 6 && r > 2.3e-16; it++) {
    const z = trigamma(total(a));
    let sg = 0;
    let sq = 0;
    for (let i = 0; i < k; i++) {
      const q = trigamma(a[i]);
      sg += g[i] / q;
      sq += 1 / q;
    }
    const den = 1 - z * sq;
    if (!(den > 0) || !Number.isFinite(z)) return;
    const corr = (z * sg) / den;
    for (let i = 0; i < k; i++) {
      next[i] = a[i] + (g[i] + corr) / trigamma(a[i]);
      if (!(next[i] > 0.5 * a[i] && next[i] < Infinity)) return;
    }
    const rn = residual(next);
    if (!(rn < r)) return;
    a.set(next);
    r = rn;
  }
}

function buildFamily(k: number): ExponentialFamily<DirichletParams> {
  const id = `dirichlet(k=${k})`;
  const names = Array.from({ length: k }, (_, i) => `alpha[${i}]`);
  const family: ExponentialFamily<DirichletParams> = {
    id,
    name: 'dirichlet',
    dim: k,
    sourceNames: names,
    discrete: false,
    sampleDim: k,

    logPartition(alpha) {
      // Stirling form: sum alpha_i log w_i - (1/2) sum log alpha_i + (1/2) log alpha_0
      // + sum mu(alpha_i) - mu(alpha_0) + (k - 1) log(2 pi) / 2, w_i = alpha_i / alpha_0.
      const a0 = total(alpha);
      const c = othersSums(alpha, new Float64Array(k));
      let s = 0.5 * Math.log(a0) - binet(a0) + 0.5 * (k - 1) * LOG_2PI;
      for (let i = 0; i < k; i++) s += alpha[i] * logShare(alpha[i], c[i], a0) - 0.5 * Math.log(alpha[i]) + binet(alpha[i]);
      return s;
    },
    gradLogPartition(alpha, out) {
      const c = othersSums(alpha, new Float64Array(k));
      for (let i = 0; i < k; i++) out[i] = -digammaDiff(alpha[i], c[i]);
      return out;
    },
    hessLogPartition(alpha, out) {
      const c = othersSums(alpha, new Float64Array(k));
      const off = -trigamma(total(alpha));
      out.fill(off);
      for (let i = 0; i < k; i++) out[i * k + i] = trigammaDiff(alpha[i], c[i]);
      return out;
    },
    thetaFromEta(eta, out) {
      return alphaFromEta(eta, out);
    },
    isNaturalValid(alpha) {
      if (alpha.length !== k) return false;
      for (let i = 0; i < k; i++) if (!(alpha[i] > 0 && alpha[i] < Infinity)) return false;
      return Number.isFinite(total(alpha));
    },
    isExpectationValid(eta) {
      if (eta.length !== k) return false;
      for (let i = 0; i < k; i++) if (!(eta[i] < 0 && eta[i] > -Infinity)) return false;
      // E[X_i] > exp(E[log X_i]) by Jensen, so sum exp(eta_i) < 1; the margin is about
      // (k - 1) / (2 alpha_0), below rounding for alpha_0 > 1e15, hence the tolerance.
      return logsumexp(Array.from(eta)) <= 4 * k * 2.220446049250313e-16;
    },

    sufficientStat(x, out) {
      const v = x as Float64Array;
      for (let i = 0; i < k; i++) out[i] = Math.log(v[i]);
      return out;
    },
    logBaseMeasure(x) {
      const v = x as Float64Array;
      let s = 0;
      for (let i = 0; i < k; i++) s -= Math.log(v[i]);
      return s;
    },
    inSupport(x) {
      if (typeof x === 'number' || x.length !== k) return false;
      let s = 0;
      for (let i = 0; i < k; i++) {
        if (!(x[i] > 0 && x[i] <= 1)) return false;
        s += x[i];
      }
      return Math.abs(s - 1) <= 1e-9 * Math.max(1, Math.sqrt(k));
    },
    expectedLogBaseMeasure(alpha) {
      const c = othersSums(alpha, new Float64Array(k));
      let s = 0;
      for (let i = 0; i < k; i++) s += digammaDiff(alpha[i], c[i]);
      return s;
    },

    thetaFromSource(src, out) {
      out.set(src.subarray(0, k));
      return out;
    },
    sourceFromTheta(theta, out) {
      out.set(theta.subarray(0, k));
      return out;
    },
    sourceJacobian(_src, out) {
      out.fill(0);
      for (let i = 0; i < k; i++) out[i * k + i] = 1;
      return out;
    },
    validateSource(src, where) {
      checkedAlpha(src, where);
    },
    params(src) {
      return { alpha: Array.from(src.subarray(0, k)) };
    },

    mean(alpha) {
      const a0 = total(alpha);
      return Float64Array.from(alpha, (x) => x / a0);
    },
    variance(alpha) {
      // Cov(X_i, X_j) = (delta_ij w_i - w_i w_j) / (alpha_0 + 1); 1 - w_i = c_i / alpha_0 exactly.
      const a0 = total(alpha);
      const c = othersSums(alpha, new Float64Array(k));
      const out = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        const wi = alpha[i] / a0;
        for (let j = 0; j < k; j++) out[i * k + j] = i === j ? (wi * (c[i] / a0)) / (a0 + 1) : (-wi * (alpha[j] / a0)) / (a0 + 1);
      }
      return out;
    },
    sample(alpha, n, rng) {
      const out: Float64Array[] = new Array(n);
      for (let s = 0; s < n; s++) out[s] = sampleDirichlet(rng, alpha, new Float64Array(k));
      return out;
    },

    entropy(alpha) {
      // H = F - sum (alpha_i - 1) eta_i in Stirling form:
      // (1/2) sum log w_i - ((k-1)/2) log alpha_0 + ((k-1)/2)(1 + log 2 pi) - (1/2) sum 1/alpha_i
      // + k / (2 alpha_0) + sum mu(alpha_i) - mu(alpha_0) - sum (alpha_i - 1)(mu'(alpha_i) - mu'(alpha_0)).
      const a0 = total(alpha);
      const c = othersSums(alpha, new Float64Array(k));
      const d0 = binetDeriv(a0);
      let s = -0.5 * (k - 1) * Math.log(a0) + 0.5 * (k - 1) * (1 + LOG_2PI) + k / (2 * a0) - binet(a0);
      for (let i = 0; i < k; i++) {
        const ai = alpha[i];
        s += 0.5 * logShare(ai, c[i], a0) - 0.5 / ai + binet(ai) - (ai - 1) * (binetDeriv(ai) - d0);
      }
      return s;
    },
    kl(thetaP, thetaQ) {
      return klDirichlet(thetaP, thetaQ);
    },
    logDensity(alpha, x) {
      // sum (alpha_i - 1) log x_i - F in Stirling form, without the cancellation of two terms of
      // size alpha_0 near the mode: with u_i = x_i / w_i - 1 (w = alpha / alpha_0),
      // sum alpha_i log(x_i / w_i) = -sum alpha_i g(u_i) + alpha_0 (sum x_i - 1), g(u) = u - log1p(u).
      const v = x as Float64Array;
      const a0 = total(alpha);
      const c = othersSums(alpha, new Float64Array(k));
      // sum x_i - 1 by Neumaier's compensated summation: it is multiplied by alpha_0
      let sx = -1;
      let comp = 0;
      let s = -0.5 * Math.log(a0) + binet(a0) - 0.5 * (k - 1) * LOG_2PI;
      for (let i = 0; i < k; i++) {
        const ai = alpha[i];
        const logW = logShare(ai, c[i], a0);
        const u = (v[i] * a0) / ai - 1;
        const ag = Math.abs(u) < 0.5 ? ai * xMinusLog1p(u) : v[i] * a0 - ai - ai * (Math.log(v[i]) - logW);
        s += -ag - Math.log(v[i]) + 0.5 * Math.log(ai) - binet(ai);
        const t = sx + v[i];
        comp += Math.abs(sx) >= Math.abs(v[i]) ? sx - t + v[i] : v[i] - t + sx;
        sx = t;
      }
      return s + a0 * (sx + comp);
    },
  };
  return family;
}

/**
 * KL(Dir(alpha) || Dir(beta)) = sum_i B(beta_i, alpha_i) - B(beta_0, alpha_0), B the Bregman
 * divergence of lgamma, split as lgamma = G + mu (Stirling part and Binet remainder):
 * - the x log x - x part is sum_i alpha_i t0 phi(v_i) >= 0 with t0 = beta_0 / alpha_0 and
 *   1 + v_i = (beta_i / alpha_i) / t0 (a weighted discrete KL; the linear terms cancel exactly);
 * - the -(1/2) log x part is (1/2)[sum_i g(u_i) - g(u_0)] >= 0, g(u) = u - log1p(u), u = delta/alpha;
 * - the Binet part sum_i B_mu(alpha_i, delta_i) - B_mu(alpha_0, delta_0) is O(1/alpha) smaller.
 * All from the differences delta_i = beta_i - alpha_i, so nearby points keep relative accuracy.
 */
function klDirichlet(alpha: Float64Array, beta: Float64Array): number {
  const k = alpha.length;
  const a0 = total(alpha);
  const b0 = total(beta);
  const delta = new Float64Array(k);
  for (let i = 0; i < k; i++) delta[i] = beta[i] - alpha[i];
  const d0 = total(delta);
  const u0 = d0 / a0;
  const t0 = b0 / a0;
  let t1 = 0;
  let t2 = 0;
  let t3 = -binetBregman(a0, d0, b0);
  const logT0 = Math.log(b0) - Math.log(a0);
  for (let i = 0; i < k; i++) {
    const ui = delta[i] / alpha[i];
    // 1 + v_i = (beta_i / alpha_i) / t0, from the differences when both ratios are near 1
    const v = ui > -0.5 && u0 > -0.5 ? (ui - u0) / t0 : Infinity;
    const w = (alpha[i] / a0) * b0;
    // Far from 1 the ratio is formed in logs: beta_i log s_i - beta_i + alpha_i t0.
    t1 += Math.abs(v) < 0.5 ? w * onePlusLogMinus(v) : beta[i] * (Math.log(beta[i]) - Math.log(alpha[i]) - logT0 - 1) + w;
    t2 += gRatio(alpha[i], delta[i], beta[i]);
    t3 += binetBregman(alpha[i], delta[i], beta[i]);
  }
  const kl = t1 + 0.5 * (t2 - gRatio(a0, d0, b0)) + t3;
  // Rounding may leave -0-ish values at p = q; NaN is passed on (kl() turns it into an error).
  return kl < 0 ? 0 : kl;
}

const families = new Map<number, ExponentialFamily<DirichletParams>>();

/**
 * The Dirichlet family with k components (one cached object per k), id `dirichlet(k=K)`.
 * @param k - number of components, an integer >= 2
 * @example dirichletFamily(3).id // 'dirichlet(k=3)'
 */
export function dirichletFamily(k: number): ExponentialFamily<DirichletParams> {
  checkInteger('dirichletFamily', 'k', k, 2);
  let f = families.get(k);
  if (f === undefined) {
    f = buildFamily(k);
    families.set(k, f);
  }
  return f;
}

/** Validates alpha (entries > 0, finite sum, finite F, eta and entropy); returns it. */
function checkedAlpha(alpha: Float64Array, where: string): Float64Array {
  const k = alpha.length;
  for (let i = 0; i < k; i++) {
    if (!(alpha[i] > 0 && alpha[i] < Infinity)) throw new InfogeoError(where, `alpha[${i}]`, alpha[i], 'a finite number > 0');
  }
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(1 / alpha[i])) {
      throw new InfogeoError(where, `alpha[${i}]`, alpha[i], 'a concentration whose expectation parameter E[log X_i] ~ -1/alpha_i is finite (alpha_i > about 5.6e-309)');
    }
  }
  const f = dirichletFamily(k);
  if (!Number.isFinite(total(alpha)) || !Number.isFinite(f.logPartition(alpha))) {
    throw new InfogeoError(where, 'alpha', Array.from(alpha), 'concentrations whose sum and log-partition are finite in float64 (each below about 1e305)');
  }
  const eta = f.gradLogPartition(alpha, new Float64Array(k));
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(eta[i])) {
      throw new InfogeoError(where, `alpha[${i}]`, alpha[i], 'a concentration whose expectation parameter E[log X_i] (about -1/alpha_i) is finite');
    }
  }
  if (!Number.isFinite(f.entropy!(alpha))) {
    throw new InfogeoError(where, 'alpha', Array.from(alpha), 'concentrations whose entropy (about -sum 1/alpha_i for tiny alpha) is finite in float64');
  }
  return alpha;
}

/**
 * The Dirichlet distribution Dir(alpha) on the open simplex of k >= 2 components.
 *
 * Density Gamma(alpha_0) / prod Gamma(alpha_i) * prod x_i^(alpha_i - 1) on x_i > 0,
 * sum x_i = 1; mean alpha / alpha_0. Natural parameters theta = alpha, T(x) = log x.
 *
 * @param alpha - concentrations: an array (or Float64Array) of k >= 2 finite numbers > 0
 * @throws InfogeoError naming `alpha` (not an array, fewer than 2 entries, overflowing sum) or
 *   `alpha[i]` (not a finite number > 0)
 * @example dirichlet([1, 2, 3]).mean() // [0.16666666666666666, 0.3333333333333333, 0.5]
 */
export function dirichlet(alpha: readonly number[] | Float64Array): Distribution<DirichletParams> {
  const where = 'dirichlet';
  const a = checkVector(where, 'alpha', alpha);
  if (a.length < 2) throw new InfogeoError(where, 'alpha', alpha, 'an array of at least 2 finite numbers > 0');
  checkedAlpha(a, where);
  return new Distribution(dirichletFamily(a.length), a, Float64Array.from(a));
}
