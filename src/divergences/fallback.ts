/**
 * log int p^wP q^wQ dx by summation or quadrature, for mixed natural parameters
 * theta = wP theta_p + wQ theta_q outside the natural parameter space (possible only when a
 * weight is negative: alpha-divergences with |alpha| > 1, Renyi divergences of order > 1).
 *
 * The integrand is h(x) exp(<theta, T(x)> - wP F(theta_p) - wQ F(theta_q)). The natural
 * parameter space is by definition where int h e^<theta, T> is finite, so for a regular family
 * (open natural parameter space, as for every family in this library) the integral is +Infinity
 * there. These routines establish that numerically for scalar families rather than assume it,
 * which also covers non-regular families whose `isNaturalValid` excludes boundary points where
 * the integral converges (e.g. the inverse Gaussian at theta_1 = 0).
 */
import type { ExponentialFamily } from '../families/family.js';
import { InfogeoError } from '../errors.js';
import { integrate } from '../numeric/quadrature.js';
import { bulkBreakpoints, integerInSupport, logAddExp, meanAndSd, supportInterval, walkIntegers } from './support.js';

type Family = ExponentialFamily<unknown>;

/**
 * Vector families whose natural parameter space is open (regular), so that the integral of
 * h e^<theta, T> is +Infinity at every theta outside it: mvNormal (theta_2 = -Sigma^-1 / 2 must
 * be negative definite, else a direction of non-decaying Gaussian exponent), diagNormal (the
 * same per coordinate), dirichlet (alpha_i > 0, else a non-integrable face singularity),
 * categorical and multinomial (natural space R^(k-1): never left).
 */
const REGULAR_VECTOR_FAMILIES = new Set(['mvNormal', 'diagNormal', 'dirichlet', 'categorical', 'multinomial']);

/** <theta, T(x)> + log h(x), skipping zero components of theta (so 0 * Infinity is not NaN). */
function logKernel(f: Family, theta: Float64Array, t: Float64Array, x: number): number {
  if (!f.inSupport(x)) return -Infinity;
  f.sufficientStat(x, t);
  let s = f.logBaseMeasure(x);
  for (let i = 0; i < theta.length; i++) if (theta[i] !== 0) s += theta[i] * t[i];
  return s;
}

/**
 * Tail test at one end of a continuous support for int exp(ell): the log-masses
 * L_k = ell(x_k) + log(w_k) of shells whose width doubles towards an infinite end
 * (x_k = c +- s 2^k) or halves towards a finite end (distance (end - c) 2^-k). A power law
 * |x|^-a at an infinite end gives L_k ~ (1 - a) k log 2, a singularity |x - end|^-a at a finite
 * end gives (a - 1) k log 2, exponential tails give slopes tending to -+Infinity: the integral
 * converges at that end exactly when the slope of L_k is eventually negative.
 * Returns the status and the largest ell(x_k) seen (a scale for the quadrature).
 */
function tailStatus(ell: (x: number) => number, c: number, s: number, end: number, side: 1 | -1): { status: 'converged' | 'divergent' | 'unresolved'; maxEll: number } {
  const masses: number[] = [];
  let maxEll = -Infinity;
  // Towards a finite end, stop while the distance to it is still resolved to ~2^-8 relative
  // (x = end -+ d is rounded to a multiple of ulp(end)), and before subnormals.
  const dMin = Number.isFinite(end) ? Math.max(Math.abs(end) * 2 ** -45, 1e-290) : 0;
  for (let k = 0; k < 2200; k++) {
    let x: number;
    let logW: number;
    if (!Number.isFinite(end)) {
      const w = s * 2 ** k;
      x = c + side * w;
      if (!Number.isFinite(x) || !Number.isFinite(w)) break;
      logW = Math.log(w);
    } else {
      const d = Math.abs(end - c) * 2 ** -k;
      if (d < dMin) break;
      x = end - side * d;
      // the distance actually sampled (exact for x near end), so ell(x) and the width agree
      logW = Math.log(Math.abs(end - x)) - Math.LN2;
    }
    const l = ell(x);
    if (Number.isNaN(l)) break; // T(x) overflowed (Infinity - Infinity): the walk has gone far enough
    if (l === Infinity) return { status: 'divergent', maxEll: Infinity };
    if (l > maxEll) maxEll = l;
    masses.push(l + logW);
  }
  const n = masses.length;
  if (n < 25) return { status: 'unresolved', maxEll };
  const last = masses[n - 1];
  if (last === -Infinity) return { status: 'converged', maxEll };
  const slope = (last - masses[n - 21]) / 20;
  if (!(slope < -1e-9)) return { status: 'divergent', maxEll };
  // Remaining tail of a geometric series of shells with ratio e^slope, relative to the peak.
  const r = Math.exp(slope);
  const tail = last + Math.log(r / (1 - r));
  const peak = Math.max(...masses.filter((m) => Number.isFinite(m)));
  return { status: tail - peak < Math.log(1e-14) ? 'converged' : 'unresolved', maxEll };
}

/**
 * log int h(x) exp(<theta, T(x)>) dx - shift for a scalar family, with theta possibly outside the
 * natural parameter space: +Infinity when the integral (sum) diverges.
 *
 * @throws InfogeoError when convergence can neither be established nor ruled out (a series that
 *   decays but too slowly to sum, a singularity too close to integrable to resolve in float64),
 *   or for a vector family not known to be regular
 */
export function logIntegralOutsideDomain(
  f: Family,
  theta: Float64Array,
  shift: number,
  thetaP: Float64Array,
  thetaQ: Float64Array,
  where: string,
  blame: unknown,
): number {
  if (f.sampleDim !== 0) {
    if (REGULAR_VECTOR_FAMILIES.has(f.name)) return Infinity;
    throw new InfogeoError(
      where,
      'q',
      blame,
      'a distribution for which the mixed natural parameter lies in the natural parameter space',
      `the mixed parameter [${Array.from(theta).join(', ')}] is outside the natural parameter space of ${f.id}; for a regular family the integral int p^lambda q^(1-lambda) is then +Infinity, but ${f.name} is not known to be regular and a Monte Carlo estimate of a possibly infinite integral has no error bound`,
    );
  }
  const t = new Float64Array(f.dim);
  const ell = (x: number): number => logKernel(f, theta, t, x) - shift;
  const [mp, sp] = meanAndSd(f, thetaP);
  const [mq, sq] = meanAndSd(f, thetaQ);

  if (f.discrete) {
    const start = integerInSupport(f, mq);
    let total = -Infinity;
    const status = walkIntegers(f, start, (x) => {
      const l = ell(x);
      total = logAddExp(total, l);
      return l;
    });
    if (status === 'divergent') return Infinity;
    if (status === 'unresolved') {
      throw new InfogeoError(where, 'q', blame, 'parameters for which the series int p^lambda q^(1-lambda) can be summed', `outside the natural parameter space of ${f.id} the series neither diverged recognisably nor converged within the term limit`);
    }
    return total;
  }

  const c = f.inSupport(mq) ? mq : mp;
  const [lo, hi] = supportInterval(f, c);
  const s = Math.max(sp, sq, Math.abs(mp - mq) / 2, Number.MIN_VALUE);
  const lower = tailStatus(ell, c, s, lo, -1);
  const upper = tailStatus(ell, c, s, hi, 1);
  if (lower.status === 'divergent' || upper.status === 'divergent') return Infinity;
  if (lower.status === 'unresolved' || upper.status === 'unresolved') {
    throw new InfogeoError(where, 'q', blame, 'parameters for which int p^lambda q^(1-lambda) can be resolved', `outside the natural parameter space of ${f.id} the integral decays too slowly at an end of the support to decide in float64 whether it converges`);
  }
  return logQuadrature(ell, c, s, lo, hi, bulkBreakpoints([[mp, sp], [mq, sq]], lo, hi), Math.max(lower.maxEll, upper.maxEll), where, blame);
}

/** Core panels of a finite stretch of the support around the centre: 2^12 scales, or up to 2^-12 of the way to a finite end. */
const CORE = 2 ** 12;

/**
 * log int exp(ell) over (lo, hi), once both ends are known to converge: adaptive Gauss-Legendre
 * on a core interval around c, and on each side the rest of the support in the variable
 * u = log |x - anchor| (x = c +- e^u towards an infinite end, x = end -+ e^u towards a finite one),
 * where power-law tails and end singularities become exponentials in u and reach the float64
 * range (1e308 at infinity, 1e-300 at 0), which a rational map of an infinite interval cannot.
 */
function logQuadrature(ell: (x: number) => number, c: number, s: number, lo: number, hi: number, bulk: number[], ref0: number, where: string, blame: unknown): number {
  const coreLo = Number.isFinite(lo) ? lo + (c - lo) / CORE : c - s * CORE;
  const coreHi = Number.isFinite(hi) ? hi - (hi - c) / CORE : c + s * CORE;
  let ref = ref0;
  for (const b of bulk) ref = Math.max(ref, ell(b));
  const opts = { relTol: 1e-13, maxPanels: 4000 };
  const pieces = [integrate((x) => Math.exp(ell(x) - ref), coreLo, coreHi, { ...opts, breakpoints: bulk.filter((b) => b > coreLo && b < coreHi) })];
  // the two outer stretches in u = log of the distance from the anchor
  for (const [end, edge, side] of [[hi, coreHi, 1], [lo, coreLo, -1]] as const) {
    if (Number.isFinite(end)) {
      const uMax = Math.log(Math.abs(end - edge));
      const uMin = Math.log(Math.max(Math.abs(end) * 2 ** -52, 1e-300));
      if (uMin < uMax) pieces.push(integrate((u) => Math.exp(ell(end - side * Math.exp(u)) - ref + u), uMin, uMax, opts));
    } else {
      const uMin = Math.log(Math.abs(edge - c));
      const uMax = Math.log(Number.MAX_VALUE) - 1;
      pieces.push(integrate((u) => Math.exp(ell(c + side * Math.exp(u)) - ref + u), uMin, uMax, opts));
    }
  }
  let value = 0;
  let error = 0;
  for (const r of pieces) {
    value += r.value;
    error += r.error;
  }
  if (!(error <= 1e-10 * Math.abs(value)) || !(value > 0)) {
    throw new InfogeoError(where, 'q', blame, 'parameters for which int p^lambda q^(1-lambda) can be integrated', `quadrature did not converge (estimate ${value}, error ${error})`);
  }
  return Math.log(value) + ref;
}
