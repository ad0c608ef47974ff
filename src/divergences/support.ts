/**
 * Numerical machinery over the sample space of a scalar family, shared by the divergences that
 * have no closed form (Jensen-Shannon) or whose closed form does not apply (alpha and Renyi
 * divergences whose mixed natural parameter leaves the natural parameter space).
 *
 * The family interface has no explicit support, so it is located from `inSupport` by bisection
 * (the support of every scalar family here is an interval, or an interval of integers).
 */
import type { ExponentialFamily } from '../families/family.js';
import { InfogeoError } from '../errors.js';

type Family = ExponentialFamily<unknown>;

/** Mean and standard deviation of a scalar family at theta, with safe defaults (0, 1). */
export function meanAndSd(f: Family, theta: Float64Array): [number, number] {
  const m = f.mean(theta);
  const v = f.variance(theta);
  const mean = typeof m === 'number' && Number.isFinite(m) ? m : 0;
  const sd = typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.sqrt(v) : 1;
  return [mean, sd];
}

/**
 * Breakpoints for adaptive quadrature of densities concentrated near the given means: each mean
 * and mean +- {0.5, 1, 2, 4, 8, 16} standard deviations, inside (lo, hi). Without them, a narrow
 * peak far from the centre of the mapped infinite interval can fall between the nodes of one
 * panel, whose error estimate then reads 0.
 */
export function bulkBreakpoints(moments: readonly [number, number][], lo: number, hi: number): number[] {
  const pts: number[] = [];
  for (const [m, sd] of moments) {
    pts.push(m);
    for (const k of [0.5, 1, 2, 4, 8, 16]) pts.push(m - k * sd, m + k * sd);
  }
  return pts.filter((x) => x > lo && x < hi && Number.isFinite(x));
}

/** The last point outside the support on the segment from `outside` to `inside` (bisection). */
function boundary(f: Family, inside: number, outside: number): number {
  let inn = inside;
  let out = outside;
  // Halving the bracket reaches adjacent doubles (even near 0, through the subnormals) in at
  // most about 2100 steps from +-Number.MAX_VALUE.
  for (let i = 0; i < 4000; i++) {
    const mid = out / 2 + inn / 2;
    if (mid === out || mid === inn) break;
    if (f.inSupport(mid)) inn = mid;
    else out = mid;
  }
  return out;
}

/**
 * The support of a scalar family as an interval [lo, hi] (either end possibly infinite),
 * located by bisection on `inSupport` from a point `inside` it. The finite ends are the last
 * points found outside the support, so a quadrature rule that never evaluates the endpoints
 * (Gauss-Legendre) only sees points of the support.
 */
export function supportInterval(f: Family, inside: number): [number, number] {
  if (!f.inSupport(inside)) {
    throw new InfogeoError('supportInterval', 'inside', inside, `a point of the support of ${f.id}`);
  }
  const big = Number.MAX_VALUE;
  const lo = f.inSupport(-big) ? -Infinity : boundary(f, inside, -big);
  const hi = f.inSupport(big) ? Infinity : boundary(f, inside, big);
  return [lo, hi];
}

/** A point of an integer support near `x` (searching outwards), or throws. */
export function integerInSupport(f: Family, x: number): number {
  const x0 = Number.isFinite(x) ? Math.round(x) : 0;
  for (let k = 0; k < 1000; k++) {
    if (f.inSupport(x0 + k)) return x0 + k;
    if (f.inSupport(x0 - k)) return x0 - k;
  }
  throw new InfogeoError('integerInSupport', 'x', x, `a point near the integer support of ${f.id}`);
}

/** log(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** How a sum over an integer support ended. */
export type WalkStatus = 'converged' | 'divergent' | 'unresolved';

/** Largest number of terms `walkIntegers` visits in each direction. */
export const MAX_TERMS = 4_000_000;
/** Terms below e^-46 (about 1e-20) of the running total stop a direction once terms decrease. */
const NEGLIGIBLE_LOG = -46;
/** A power law x^s with s >= -1 here has a divergent sum (the p-series test). */
const SLOPE_CHECK_FROM = 1 << 16;

/**
 * Visits the integers of a (contiguous) integer support outwards from `start`, upwards and then
 * downwards, calling `visit(x)`, which returns the log of the term used to decide when to stop.
 * A direction stops at the edge of the support, or once the terms have decreased for 10 steps
 * and fallen below 1e-20 of the running total, and not before passing `keepUntil[1]` upwards
 * (`keepUntil[0]` downwards): pass the modes of a mixture there so that the valley between them
 * is not mistaken for the tail.
 *
 * Divergence is recognised when a term is +Infinity, or, after 2^16 terms, when the terms decay
 * no faster than 1 / x between x/2 and x (the p-series test on log-terms; exponential-family
 * terms h(x) e^(theta x) are eventually monotone, so this cannot mistake a convergent tail that
 * has been reached for a divergent one). After `MAX_TERMS` terms without either, 'unresolved'.
 */
export function walkIntegers(
  f: Family,
  start: number,
  visit: (x: number) => number,
  keepUntil: readonly [number, number] = [start, start],
  maxTerms = MAX_TERMS,
): WalkStatus {
  let total = -Infinity;
  for (const dir of [1, -1]) {
    let x = dir === 1 ? start : start - 1;
    let prev = Infinity;
    let decreasing = 0;
    let checkpoint = SLOPE_CHECK_FROM;
    let lHalf = NaN;
    let xHalf = NaN;
    for (let n = 0; ; n++, x += dir) {
      if (!f.inSupport(x)) break;
      if (n >= maxTerms) return 'unresolved';
      const l = visit(x);
      if (l === Infinity) return 'divergent';
      if (Number.isNaN(l)) {
        throw new InfogeoError('walkIntegers', 'term', l, 'a finite log-term', `at x = ${x} in ${f.id}`);
      }
      total = logAddExp(total, l);
      decreasing = l < prev || l === -Infinity ? decreasing + 1 : 0;
      prev = l;
      const passed = dir === 1 ? x >= keepUntil[1] : x <= keepUntil[0];
      if (passed && decreasing >= 10 && l - total < NEGLIGIBLE_LOG) break;
      if (n === checkpoint >> 1) {
        lHalf = l;
        xHalf = x;
      }
      if (n === checkpoint) {
        if (Math.abs(x) > Math.abs(xHalf) && xHalf !== 0 && Number.isFinite(lHalf)) {
          const slope = (l - lHalf) / Math.log(Math.abs(x) / Math.abs(xHalf));
          if (slope >= -1) return 'divergent';
        }
        checkpoint *= 2;
      }
    }
  }
  return 'converged';
}

/** Neumaier-compensated running sum. */
export class Summation {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}
