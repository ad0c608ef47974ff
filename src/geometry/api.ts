/**
 * The public Fisher-Rao geometry of exponential families: distance, minimising geodesic,
 * exponential and logarithm maps between distributions.
 *
 * Each function uses the family's closed form when one exists (normal, log-normal, diagonal
 * normal, inverse Gaussian, Bernoulli, binomial, categorical, multinomial, Poisson, exponential,
 * geometric, negative binomial, Rayleigh, Laplace; mvNormal with a shared mean or a shared
 * covariance, and its exponential map always), and otherwise solves the geodesic equation
 * numerically (gamma, beta, Dirichlet, von Mises, general mvNormal, any other family): a
 * boundary-value problem by shooting, warm-started from the e- or m-geodesic, reported with its
 * residual and with lower and upper bounds of the distance. A shooting method that does not
 * converge makes these functions throw (the detailed variant returns `converged: false`); they
 * never return a number they could not verify.
 *
 * Tangent vectors are in SOURCE coordinates (the order of `fisher(p, 'source')`), except for the
 * categorical and multinomial families, whose tangent vectors are full probability vectors (k
 * components summing to zero).
 */
import { checkDistribution, checkSameFamily, type Distribution } from '../families/distribution.js';
import { InfogeoError, checkResult, formatValue } from '../errors.js';
import { closedFormGeometry } from './distance/registry.js';
import type { ClosedFormGeometry, Dist } from './distance/types.js';
import { distanceBounds, numericalCurve, numericalDistance, numericalExp, numericalLog, solveGeodesic, type NumericalGeodesic } from './distance/numerical.js';

/** Options of the Fisher-Rao functions (used only where the geodesic is solved numerically). */
export interface FisherRaoOptions {
  /** Relative endpoint miss accepted by the shooting method, in [1e-15, 1e-2] (default 1e-10). */
  tol?: number;
  /** Newton iterations per warm start, an integer >= 0 (default 50). */
  maxIter?: number;
  /** 'auto' (default): the closed form when there is one; 'numerical' forces the geodesic solver. */
  method?: 'auto' | 'numerical';
}

/** A Fisher-Rao distance with the evidence for it. */
export interface FisherRaoResult {
  /** The distance (for a numerical solve that did not converge: the best shot's length). */
  distance: number;
  /** Lower bound (equal to the distance for closed forms). */
  lower: number;
  /** Upper bound: the length of an explicit path (equal to the distance for closed forms). */
  upper: number;
  /** Relative endpoint miss of the geodesic shot (0 for closed forms). */
  residual: number;
  /** Newton iterations of the shooting method (0 for closed forms). */
  iterations: number;
  /** Whether the value is verified: a closed form, or a shot with residual <= tol. */
  converged: boolean;
  /**
   * 'closed-form'; 'geodesic-bvp' (shooting); or 'bounds' when the lower and upper bounds
   * already agree to the tolerance (nearby points) and their midpoint is the distance.
   */
  method: 'closed-form' | 'geodesic-bvp' | 'bounds';
}

function checkOptions(where: string, opts: unknown): FisherRaoOptions {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object') throw new InfogeoError(where, 'opts', opts, 'an options object { tol?, maxIter?, method? }');
  const o = opts as FisherRaoOptions;
  if (o.tol !== undefined && (typeof o.tol !== 'number' || !(o.tol >= 1e-15 && o.tol <= 1e-2))) {
    throw new InfogeoError(where, 'opts.tol', o.tol, 'a number in [1e-15, 1e-2]');
  }
  if (o.maxIter !== undefined && (typeof o.maxIter !== 'number' || !Number.isInteger(o.maxIter) || o.maxIter < 0)) {
    throw new InfogeoError(where, 'opts.maxIter', o.maxIter, 'an integer >= 0');
  }
  if (o.method !== undefined && o.method !== 'auto' && o.method !== 'numerical') {
    throw new InfogeoError(where, 'opts.method', o.method, "'auto' or 'numerical'");
  }
  return o;
}

/** The closed form for the pair, or null when the geodesic must be solved numerically. */
function closedFor(p: Dist, q: Dist, o: FisherRaoOptions): ClosedFormGeometry | null {
  if (o.method === 'numerical') return null;
  const g = closedFormGeometry(p.family);
  return g !== undefined && g.applies(p, q) ? g : null;
}

/** Categorical and multinomial tangent vectors are full probability vectors (k entries summing to 0). */
function isSimplex(p: Dist): boolean {
  return p.family.name === 'categorical' || p.family.name === 'multinomial';
}

/** A source tangent vector in the public form: for the simplex families, with its k-th entry appended. */
function fullTangent(p: Dist, v: Float64Array): Float64Array {
  if (!isSimplex(p)) return v;
  const out = new Float64Array(v.length + 1);
  out.set(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  out[v.length] = -s;
  return out;
}

function notConverged(where: string, q: Dist, s: { residual: number; iterations: number; lower: number; upper: number }): InfogeoError {
  return new InfogeoError(
    where,
    'q',
    q,
    'a distribution that the geodesic shooting method reaches from p',
    `the geodesic boundary-value problem did not converge: best relative residual ${formatValue(s.residual)} after ${s.iterations} Newton iterations; ` +
      `the distance lies in [${formatValue(s.lower)}, ${formatValue(s.upper)}]`,
  );
}

function solved(where: string, p: Dist, q: Dist, o: FisherRaoOptions): NumericalGeodesic {
  const s = solveGeodesic(p, q, o);
  if (!s.converged) throw notConverged(where, q, s);
  return s;
}

/**
 * Fisher-Rao distance: the length of the shortest path from p to q in the Fisher information
 * metric, d(p, q) = inf int_0^1 sqrt(g(gamma', gamma')) dt.
 *
 * Closed forms (1e-10 relative or better, also for nearby points), e.g. normal:
 * d = 2 sqrt(2) asinh(sqrt(((mu1 - mu2)^2 / 2 + (sigma1 - sigma2)^2) / (4 sigma1 sigma2)));
 * categorical: 2 arccos(sum sqrt(p_i q_i)); Poisson: 2 |sqrt(l1) - sqrt(l2)|. Other families by
 * the geodesic boundary-value problem (about 1e-8 relative at the default tolerance).
 *
 * @param p - a distribution; q - a distribution of the same family (same id)
 * @param opts - tol, maxIter, method (see FisherRaoOptions)
 * @throws InfogeoError naming q for a different family, or when the boundary-value problem does
 *   not converge (the message gives the best residual and the bounds)
 * @example fisherRaoDistance(normal(0, 1), normal(1, 1)) // 0.9802581434685472
 * @example fisherRaoDistance(poisson(1), poisson(4))     // 2
 */
export function fisherRaoDistance(p: Distribution<unknown>, q: Distribution<unknown>, opts?: FisherRaoOptions): number {
  const where = 'fisherRaoDistance';
  const [a, b] = checkSameFamily(where, p, q);
  const o = checkOptions(where, opts);
  const g = closedFor(a, b, o);
  if (g !== null) return checkResult(where, 'd(p, q)', g.distance(a, b));
  const s = numericalDistance(a, b, o);
  if (!s.converged) throw notConverged(where, b, s);
  return checkResult(where, 'd(p, q)', s.distance);
}

/**
 * Fisher-Rao distance with its evidence: `{ distance, lower, upper, residual, iterations,
 * converged, method }`. Never throws for non-convergence: check `converged` (the distance of a
 * failed solve is the best shot's length, bracketed by `lower` and `upper`).
 *
 * @throws InfogeoError naming q for a different family, or for bad options
 * @example fisherRaoDistanceDetailed(gamma(2, 1), gamma(3, 2))
 * // { distance: 0.5411369317986037, lower: 0.5322163066611215, upper: 0.5412768187902317,
 * //   residual: 6.6e-11, iterations: 4, converged: true, method: 'geodesic-bvp' }
 */
export function fisherRaoDistanceDetailed(p: Distribution<unknown>, q: Distribution<unknown>, opts?: FisherRaoOptions): FisherRaoResult {
  const where = 'fisherRaoDistanceDetailed';
  const [a, b] = checkSameFamily(where, p, q);
  const o = checkOptions(where, opts);
  const g = closedFor(a, b, o);
  if (g !== null) {
    const d = checkResult(where, 'd(p, q)', g.distance(a, b));
    return { distance: d, lower: d, upper: d, residual: 0, iterations: 0, converged: true, method: 'closed-form' };
  }
  return numericalDistance(a, b, o);
}

/**
 * Lower and upper bounds of the Fisher-Rao distance without solving for the geodesic:
 * lower = 2 arccos(BC(p, q)) (BC the Bhattacharyya coefficient; for mvNormal also the Calvo-Oller
 * bound), upper = the Fisher length of the e- or m-geodesic (for mvNormal also of the two-leg
 * mean-then-covariance paths), whichever is shorter.
 *
 * @throws InfogeoError naming q for a different family
 * @example fisherRaoDistanceBounds(normal(0, 1), normal(1, 1))
 * // { lower: 0.9793026409392388, upper: 0.9954449924148594 } around the distance 0.9802581434685472
 */
export function fisherRaoDistanceBounds(p: Distribution<unknown>, q: Distribution<unknown>): { lower: number; upper: number } {
  const where = 'fisherRaoDistanceBounds';
  const [a, b] = checkSameFamily(where, p, q);
  const { lower, upper } = distanceBounds(a, b);
  return { lower: checkResult(where, 'lower', lower), upper: checkResult(where, 'upper', upper) };
}

/**
 * The minimising Fisher-Rao geodesic from p (t = 0) to q (t = 1), at constant speed
 * d(p, q): returns t -> distribution for t in [0, 1] (exactly p at 0 and q at 1).
 *
 * Closed forms: half-plane geodesics for the normal (vertical lines and half-ellipses in
 * (mu, sigma)), great circles of sqrt(p) for the categorical, straight lines in sqrt(rate) for
 * the Poisson, and so on; otherwise the solved boundary-value problem's dense output.
 *
 * @throws InfogeoError naming q for a different family or a boundary-value problem that does not
 *   converge; the returned function throws naming t outside [0, 1]
 * @example fisherRaoGeodesic(normal(0, 1), normal(0, 4))(0.5).params // { mu: 0, sigma: 2 }
 */
export function fisherRaoGeodesic(p: Distribution<unknown>, q: Distribution<unknown>, opts?: FisherRaoOptions): (t: number) => Distribution<unknown> {
  const where = 'fisherRaoGeodesic';
  const [a, b] = checkSameFamily(where, p, q);
  const o = checkOptions(where, opts);
  const g = closedFor(a, b, o);
  const curve = g !== null ? g.geodesic(a, b) : numericalCurve(a, b, solved(where, a, b, o));
  return (t: number) => {
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new InfogeoError(where, 't', t, 'a number in [0, 1]');
    return curve(t);
  };
}

/**
 * Riemannian logarithm: the initial velocity v at p of the geodesic reaching q at t = 1, in
 * source coordinates (categorical and multinomial: a full probability vector summing to 0). Its
 * Fisher length sqrt(v^T G(p) v) is d(p, q), and expMap(p, logMap(p, q)) = q.
 *
 * @throws InfogeoError naming q for a different family or a boundary-value problem that does not converge
 * @example logMap(normal(0, 1), normal(0, Math.E)) // Float64Array [0, 0.9999999999999998] (dsigma = sigma log(e / 1))
 */
export function logMap(p: Distribution<unknown>, q: Distribution<unknown>, opts?: FisherRaoOptions): Float64Array {
  const where = 'logMap';
  const [a, b] = checkSameFamily(where, p, q);
  const o = checkOptions(where, opts);
  const g = closedFor(a, b, o);
  const v = g !== null ? g.logMap(a, b) : fullTangent(a, numericalLog(a, solved(where, a, b, o)));
  for (let i = 0; i < v.length; i++) checkResult(where, `v[${i}]`, v[i]);
  return v;
}

/**
 * Riemannian exponential: the distribution reached at t = 1 by the geodesic leaving p with
 * initial velocity v (source coordinates; categorical and multinomial: a full probability
 * vector summing to 0).
 *
 * @param v - a tangent vector: an array of finite numbers of the family's tangent length
 * @throws InfogeoError naming v for a wrong length, a non-finite entry, or a geodesic that leaves
 *   the manifold before t = 1 (e.g. a Bernoulli p pushed past 0 or 1)
 * @example expMap(normal(0, 1), [0, 1]).params // { mu: 0, sigma: 2.718281828459045 }
 */
export function expMap(p: Distribution<unknown>, v: ArrayLike<number>, opts?: FisherRaoOptions): Distribution<unknown> {
  const where = 'expMap';
  const a = checkDistribution(where, 'p', p);
  const o = checkOptions(where, opts);
  const g = o.method === 'numerical' ? undefined : closedFormGeometry(a.family);
  const simplex = isSimplex(a);
  const n = simplex ? a.family.dim + 1 : a.family.dim;
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number' || v.length !== n) {
    throw new InfogeoError(where, 'v', v, `a tangent vector of ${n} finite numbers${simplex ? ' summing to 0 (a full probability vector)' : ''}`);
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) throw new InfogeoError(where, `v[${i}]`, v[i], 'a finite number');
    w[i] = v[i];
  }
  if (g !== undefined && g.expApplies(a, w)) return g.expMap(a, w);
  if (simplex) {
    let sum = 0;
    let abs = 0;
    for (let i = 0; i < n; i++) [sum, abs] = [sum + w[i], abs + Math.abs(w[i])];
    if (Math.abs(sum) > 1e-9 * Math.max(1, abs)) {
      throw new InfogeoError(where, 'v', v, `a tangent vector of ${n} components summing to 0 (a full probability vector)`, `they sum to ${sum}`);
    }
    return numericalExp(a, w.subarray(0, n - 1), { tol: o.tol });
  }
  return numericalExp(a, w, { tol: o.tol });
}
