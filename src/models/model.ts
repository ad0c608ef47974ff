/**
 * Generic statistical models, given by a log-density and its score, that need not be
 * exponential families (mixtures, user-defined densities): Fisher information and expectations
 * by adaptive quadrature (1-D; 2-D by nested quadrature), exact sums over an integer support, or
 * seeded Monte Carlo with standard errors.
 *
 * g_ij(xi) = E[s_i(X) s_j(X)] = int p(x; xi) s_i(x; xi) s_j(x; xi) dx, s = grad_xi log p.
 * Every deterministic path also reports the total mass int p (1 to the rule's accuracy for a
 * normalised density), so a wrong support or a missing normalisation shows up at once.
 */
import type { ExponentialFamily, Sample } from '../families/family.js';
import { logDensityNatural, scoreSource } from '../families/derive.js';
import { integrate } from '../numeric/quadrature.js';
import type { Rng } from '../random/rng.js';
import { checkVector, InfogeoError } from '../errors.js';
import { bulkBreakpoints, meanAndSd, supportInterval } from '../divergences/support.js';

/** Where a model's observations live, and how its expectations are computed. */
export type ModelSupport =
  /** Scalar x in (lower, upper); quadrature hints optional (breakpoints at modes and kinks). */
  | { kind: 'continuous'; lower: number; upper: number; breakpoints?: number[]; center?: number; scale?: number }
  /** Integers lower..upper (either end may be infinite); the sum walks outwards from `start` and not before passing `keepUntil`. */
  | { kind: 'discrete'; lower: number; upper: number; start?: number; keepUntil?: [number, number] }
  /** Points (x, y) of a rectangle, as Float64Array [x, y]; nested quadrature, y inside x. */
  | { kind: 'continuous2d'; lower: [number, number]; upper: [number, number]; breakpoints?: [number[], number[]]; center?: [number, number]; scale?: [number, number] }
  /** Anything else: Monte Carlo only (the model must provide `sample`). */
  | { kind: 'sampled' };

/** What defines a model: parameters xi of length `dim`, a log-density and its score in xi. */
export interface ModelSpec {
  /** A name for messages. */
  name?: string;
  /** Number of parameters. */
  dim: number;
  /** log p(x; xi); -Infinity outside the support. */
  logDensity(params: Float64Array, x: Sample): number;
  /** The score grad_xi log p(x; xi), written into `out` (length dim) and returned. */
  score(params: Float64Array, x: Sample, out: Float64Array): Float64Array;
  /** The support at xi, with quadrature hints. */
  support(params: Float64Array): ModelSupport;
  /** n independent draws (needed for Monte Carlo). */
  sample?(params: Float64Array, n: number, rng: Rng): Sample[];
  /** Whether xi is a valid parameter (default: all entries finite). */
  isValid?(params: Float64Array): boolean;
}

/** A validated model (see `statisticalModel`). */
export interface StatisticalModel extends ModelSpec {
  readonly name: string;
}

/** How a model expectation was computed. */
export type ExpectationMethod = 'quadrature' | 'nested-quadrature' | 'sum' | 'monte-carlo';

/** Options of `modelFisher` and `modelExpectation`. */
export interface ModelOptions {
  /** 'auto' (default): quadrature, nested quadrature or sums from the support; else forced. */
  method?: 'auto' | 'quadrature' | 'sum' | 'monte-carlo';
  /** Relative tolerance of quadrature (default 1e-11 in 1-D, 1e-9 in 2-D). */
  relTol?: number;
  /** Monte Carlo: number of draws (default 20000) and the seeded generator (required). */
  n?: number;
  rng?: Rng;
}

/** A Fisher matrix of a generic model with its error estimates. */
export interface ModelFisherResult {
  /** g_ij, as rows. */
  fisher: number[][];
  /** Estimated absolute error of each entry: the rule's estimate, 0 for exact sums, the standard error for Monte Carlo. */
  error: number[][];
  method: ExpectationMethod;
  /** int p over the support (1 for a normalised density; Monte Carlo: 1 by construction). */
  mass: number;
  /** Density evaluations (quadrature, sums) or draws (Monte Carlo). */
  evaluations: number;
}

/** A scalar expectation with its error estimate. */
export interface ModelExpectation {
  value: number;
  error: number;
  method: ExpectationMethod;
  mass: number;
  evaluations: number;
}

/**
 * A statistical model from a log-density and its score (validated; the functions are kept).
 *
 * @example
 * // N(mu, 1) as a generic model: its Fisher information in mu is 1.
 * const m = statisticalModel({ dim: 1, logDensity: ([mu], x) => -0.5 * ((x as number) - mu) ** 2 - 0.9189385332046727,
 *   score: ([mu], x, out) => { out[0] = (x as number) - mu; return out; }, support: () => ({ kind: 'continuous', lower: -Infinity, upper: Infinity }) });
 * modelFisher(m, [0]).fisher // [[1]] (to about 1e-12)
 */
export function statisticalModel(spec: ModelSpec): StatisticalModel {
  const where = 'statisticalModel';
  if (spec === null || typeof spec !== 'object') throw new InfogeoError(where, 'spec', spec, 'an object { dim, logDensity, score, support, sample? }');
  if (!Number.isInteger(spec.dim) || spec.dim < 1) throw new InfogeoError(where, 'spec.dim', spec.dim, 'an integer >= 1 (the number of parameters)');
  for (const k of ['logDensity', 'score', 'support'] as const) {
    if (typeof spec[k] !== 'function') throw new InfogeoError(where, `spec.${k}`, spec[k], 'a function');
  }
  if (spec.sample !== undefined && typeof spec.sample !== 'function') throw new InfogeoError(where, 'spec.sample', spec.sample, 'a function (params, n, rng) => samples');
  return { ...spec, name: spec.name ?? 'model' };
}

function checkModel(where: string, model: unknown): StatisticalModel {
  const m = model as StatisticalModel;
  if (m === null || typeof m !== 'object' || typeof m.logDensity !== 'function' || typeof m.score !== 'function' || !Number.isInteger(m.dim)) {
    throw new InfogeoError(where, 'model', model, 'a model from statisticalModel(...)');
  }
  return m;
}

function checkParams(where: string, m: StatisticalModel, params: unknown): Float64Array {
  const xi = checkVector(where, 'params', params, m.dim);
  if (m.isValid && !m.isValid(xi)) throw new InfogeoError(where, 'params', params, `a valid parameter of ${m.name}`);
  return xi;
}

/** Writes the integrand values at x into `out`: [p(x), then p(x) v_k(x)]. */
type PointValues = (x: Sample, out: Float64Array) => Float64Array;

interface VectorIntegral {
  value: Float64Array;
  error: Float64Array;
  evaluations: number;
}

function sortedUnique(xs: number[]): number[] {
  return [...new Set(xs.filter(Number.isFinite))].sort((a, b) => a - b);
}

/**
 * int over the support of each component of f(x) (component 0 must be the density itself), by
 * quadrature with a shared memo of point values, nested quadrature, or an outward integer walk.
 * absTol gives each component's absolute tolerance (besides relTol).
 */
function integrateVector(sup: ModelSupport, m: number, f: PointValues, relTol: number, absTol: (k: number, v: Float64Array) => number): VectorIntegral {
  const value = new Float64Array(m);
  const error = new Float64Array(m);
  let evaluations = 0;
  const eval1 = (x: Sample, out: Float64Array): Float64Array => {
    evaluations++;
    const v = f(x, out.fill(0));
    for (let k = 0; k < m; k++) {
      if (!Number.isFinite(v[k])) throw new InfogeoError('modelExpectation', 'integrand', v[k], 'a finite value', `at x = ${typeof x === 'number' ? x : `[${Array.from(x).join(', ')}]`}`);
    }
    return v;
  };
  if (sup.kind === 'continuous') {
    const memo = new Map<number, Float64Array>();
    const at = (x: number): Float64Array => {
      let v = memo.get(x);
      if (v === undefined) memo.set(x, (v = eval1(x, new Float64Array(m))));
      return v;
    };
    const bps = sortedUnique(sup.breakpoints ?? []);
    for (let k = 0; k < m; k++) {
      const r = integrate((x) => at(x)[k], sup.lower, sup.upper, { relTol, absTol: Math.max(absTol(k, value), 1e-300), breakpoints: bps, center: sup.center, scale: sup.scale, maxPanels: 2000 });
      value[k] = r.value;
      error[k] = r.error;
    }
    return { value, error, evaluations };
  }
  if (sup.kind === 'continuous2d') {
    // No memo here: the allocation it needs costs more than re-evaluating the point per component.
    const point = new Float64Array(2);
    const scratch = new Float64Array(m);
    const at = (x: number, y: number, k: number): number => {
      point[0] = x;
      point[1] = y;
      return eval1(point, scratch)[k];
    };
    const [bx, by] = [sortedUnique(sup.breakpoints?.[0] ?? []), sortedUnique(sup.breakpoints?.[1] ?? [])];
    const inner = new Map<number, Float64Array>();
    for (let k = 0; k < m; k++) {
      const tolK = Math.max(absTol(k, value), 1e-300);
      // An inner integral needs only an absolute accuracy of relTol times the largest inner value
      // met so far (the outer error is about the inner errors times the width, as the total is
      // about the peak times the width); asking relTol of tiny tail values would waste most of the work.
      let peak = 0;
      const innerK = (x: number): number => {
        let rec = inner.get(x);
        if (rec === undefined) inner.set(x, (rec = new Float64Array(m).fill(Number.NaN)));
        if (Number.isNaN(rec[k])) {
          const tolIn = Math.max(0.1 * tolK, 0.1 * relTol * peak);
          rec[k] = integrate((y) => at(x, y, k), sup.lower[1], sup.upper[1], { relTol, absTol: tolIn, breakpoints: by, center: sup.center?.[1], scale: sup.scale?.[1], maxPanels: 1000 }).value;
          peak = Math.max(peak, Math.abs(rec[k]));
        }
        return rec[k];
      };
      const r = integrate(innerK, sup.lower[0], sup.upper[0], { relTol, absTol: tolK, breakpoints: bx, center: sup.center?.[0], scale: sup.scale?.[0], maxPanels: 1000 });
      value[k] = r.value;
      error[k] = r.error;
    }
    return { value, error, evaluations };
  }
  if (sup.kind === 'discrete') {
    const lo = sup.lower;
    const hi = sup.upper;
    const start = Math.min(hi, Math.max(lo, Math.round(sup.start ?? (Number.isFinite(lo) ? lo : 0))));
    const keep = sup.keepUntil ?? [start, start];
    const sums = new Float64Array(m);
    const comp = new Float64Array(m);
    const scratch = new Float64Array(m);
    const add = (v: Float64Array): void => {
      for (let k = 0; k < m; k++) {
        const y = sums[k] + v[k];
        comp[k] += Math.abs(sums[k]) >= Math.abs(v[k]) ? sums[k] - y + v[k] : v[k] - y + sums[k];
        sums[k] = y;
      }
    };
    for (const dir of [1, -1]) {
      let prev = Infinity;
      let decreasing = 0;
      for (let x = dir === 1 ? start : start - 1, steps = 0; dir === 1 ? x <= hi : x >= lo; x += dir, steps++) {
        if (steps > 10_000_000) throw new InfogeoError('modelExpectation', 'support', sup, 'a discrete support whose terms become negligible within 1e7 terms');
        const v = eval1(x, scratch);
        add(v);
        const p = v[0];
        decreasing = p < prev || p === 0 ? decreasing + 1 : 0;
        prev = p;
        const passed = dir === 1 ? x >= keep[1] : x <= keep[0];
        if (passed && decreasing >= 10 && p < 1e-20 * (sums[0] + comp[0])) break;
      }
    }
    for (let k = 0; k < m; k++) value[k] = sums[k] + comp[k];
    return { value, error, evaluations };
  }
  throw new InfogeoError('modelExpectation', 'support', sup, "a support of kind 'continuous', 'discrete' or 'continuous2d' (use method 'monte-carlo' otherwise)");
}

function methodFor(where: string, sup: ModelSupport, opts: ModelOptions): ExpectationMethod {
  const m = opts.method ?? 'auto';
  if (!['auto', 'quadrature', 'sum', 'monte-carlo'].includes(m)) throw new InfogeoError(where, 'opts.method', m, "'auto', 'quadrature', 'sum' or 'monte-carlo'");
  if (m === 'monte-carlo' || (m === 'auto' && sup.kind === 'sampled')) return 'monte-carlo';
  const natural: ExpectationMethod | null = sup.kind === 'continuous' ? 'quadrature' : sup.kind === 'continuous2d' ? 'nested-quadrature' : sup.kind === 'discrete' ? 'sum' : null;
  if (natural === null || (m === 'sum' && natural !== 'sum') || (m === 'quadrature' && natural === 'sum')) {
    throw new InfogeoError(where, 'opts.method', m, `a method that applies to a '${sup.kind}' support`);
  }
  return natural;
}

function checkSupport(where: string, sup: unknown): ModelSupport {
  const s = sup as ModelSupport;
  const ok =
    s !== null &&
    typeof s === 'object' &&
    ((s.kind === 'continuous' && s.lower < s.upper) ||
      (s.kind === 'discrete' && s.lower <= s.upper) ||
      (s.kind === 'continuous2d' && Array.isArray(s.lower) && Array.isArray(s.upper) && s.lower[0] < s.upper[0] && s.lower[1] < s.upper[1]) ||
      s.kind === 'sampled');
  if (!ok) throw new InfogeoError(where, 'support', sup, "{ kind: 'continuous' | 'discrete' | 'continuous2d' | 'sampled', lower < upper }");
  return s;
}

function monteCarloDraws(where: string, model: StatisticalModel, xi: Float64Array, opts: ModelOptions): Sample[] {
  if (typeof model.sample !== 'function') throw new InfogeoError(where, 'model', model.name, 'a model with a sample function (for Monte Carlo)');
  const n = opts.n ?? 20000;
  if (!Number.isInteger(n) || n < 2) throw new InfogeoError(where, 'opts.n', n, 'an integer >= 2');
  const rng = opts.rng;
  if (rng === undefined || rng === null || typeof (rng as Rng).next !== 'function') throw new InfogeoError(where, 'opts.rng', rng, 'a seeded generator from rng(seed) (Monte Carlo is always seeded)');
  return model.sample(xi, n, rng);
}

/**
 * The Fisher information of a generic model at xi: E[s s^T] by quadrature (1-D), nested
 * quadrature (2-D), exact sums (integer support) or seeded Monte Carlo.
 *
 * @throws InfogeoError for bad parameters or options, a non-finite integrand, or Monte Carlo without rng
 * @example modelFisher(familyModel(poissonFamily), [3]).fisher // [[0.3333333333333333]] (= 1 / rate)
 */
export function modelFisher(model: StatisticalModel, params: ArrayLike<number>, opts: ModelOptions = {}): ModelFisherResult {
  const where = 'modelFisher';
  const md = checkModel(where, model);
  const xi = checkParams(where, md, params);
  const d = md.dim;
  const sup = checkSupport(where, md.support(xi));
  const method = methodFor(where, sup, opts);
  const s = new Float64Array(d);
  const pairs: [number, number][] = [];
  for (let i = 0; i < d; i++) pairs.push([i, i]);
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) pairs.push([i, j]);
  const rows = (a: Float64Array): number[][] => {
    const out = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    pairs.forEach(([i, j], k) => (out[i][j] = out[j][i] = a[k]));
    return out;
  };
  if (method === 'monte-carlo') {
    const xs = monteCarloDraws(where, md, xi, opts);
    const mean = new Float64Array(pairs.length);
    const m2 = new Float64Array(pairs.length);
    xs.forEach((x, t) => {
      md.score(xi, x, s);
      pairs.forEach(([i, j], k) => {
        const v = s[i] * s[j];
        const delta = v - mean[k];
        mean[k] += delta / (t + 1);
        m2[k] += delta * (v - mean[k]);
      });
    });
    const se = m2.map((v) => Math.sqrt(v / (xs.length - 1) / xs.length));
    return { fisher: rows(mean), error: rows(se), method, mass: 1, evaluations: xs.length };
  }
  const m = 1 + pairs.length;
  const relTol = checkRelTol(where, opts.relTol, method === 'nested-quadrature' ? 1e-9 : 1e-11);
  const r = integrateVector(
    sup,
    m,
    (x, out) => {
      const lp = md.logDensity(xi, x);
      if (lp === -Infinity) return out;
      const p = Math.exp(lp);
      if (p === 0) return out;
      md.score(xi, x, s);
      out[0] = p;
      for (let k = 0; k < pairs.length; k++) out[k + 1] = p * s[pairs[k][0]] * s[pairs[k][1]];
      return out;
    },
    relTol,
    // Off-diagonal entries may vanish: measure them against the diagonal (computed first).
    (k, v) => (k <= d ? 0 : relTol * Math.sqrt(Math.abs(v[1 + pairs[k - 1][0]] * v[1 + pairs[k - 1][1]]))),
  );
  return { fisher: rows(r.value.subarray(1)), error: rows(r.error.subarray(1)), method, mass: r.value[0], evaluations: r.evaluations };
}

/**
 * E_xi[fn(X)] for a generic model, by the same rules as `modelFisher`.
 * `fn` receives x and log p(x; xi); it is never called outside the support.
 *
 * @example modelExpectation(familyModel(normalFamily), [0, 2], (x) => (x as number) ** 2).value // 4
 */
export function modelExpectation(model: StatisticalModel, params: ArrayLike<number>, fn: (x: Sample, logp: number) => number, opts: ModelOptions = {}): ModelExpectation {
  const where = 'modelExpectation';
  const md = checkModel(where, model);
  const xi = checkParams(where, md, params);
  if (typeof fn !== 'function') throw new InfogeoError(where, 'fn', fn, 'a function (x, logp) => number');
  const sup = checkSupport(where, md.support(xi));
  const method = methodFor(where, sup, opts);
  if (method === 'monte-carlo') {
    const xs = monteCarloDraws(where, md, xi, opts);
    let mean = 0;
    let m2 = 0;
    xs.forEach((x, t) => {
      const v = fn(x, md.logDensity(xi, x));
      const delta = v - mean;
      mean += delta / (t + 1);
      m2 += delta * (v - mean);
    });
    return { value: mean, error: Math.sqrt(m2 / (xs.length - 1) / xs.length), method, mass: 1, evaluations: xs.length };
  }
  const relTol = checkRelTol(where, opts.relTol, method === 'nested-quadrature' ? 1e-9 : 1e-11);
  const r = integrateVector(
    sup,
    2,
    (x, out) => {
      const lp = md.logDensity(xi, x);
      if (lp === -Infinity) return out;
      out[0] = Math.exp(lp);
      if (out[0] > 0) out[1] = out[0] * fn(x, lp);
      return out;
    },
    relTol,
    (k, v) => (k === 0 ? 0 : relTol * 1e-3 * Math.abs(v[0])),
  );
  return { value: r.value[1], error: r.error[1], method, mass: r.value[0], evaluations: r.evaluations };
}

function checkRelTol(where: string, t: unknown, dflt: number): number {
  if (t === undefined) return dflt;
  if (typeof t !== 'number' || !(t >= 1e-15 && t < 1)) throw new InfogeoError(where, 'opts.relTol', t, 'a number in [1e-15, 1)');
  return t;
}

/** The integer support [lo, hi] of a discrete scalar family, by bisection on inSupport from an inside integer. */
function integerSupport(f: ExponentialFamily<unknown>, inside: number): [number, number] {
  const big = 2 ** 52;
  const edge = (out: number): number => {
    let inn = inside;
    let o = out;
    while (Math.abs(o - inn) > 1) {
      const mid = Math.trunc((inn + o) / 2);
      if (f.inSupport(mid)) inn = mid;
      else o = mid;
    }
    return inn;
  };
  return [f.inSupport(-big) ? -Infinity : edge(-big), f.inSupport(big) ? Infinity : edge(big)];
}

/** @internal The support of an exponential-family distribution at theta, with quadrature hints ('sampled' beyond 2-D normals). */
export function familySupport(f: ExponentialFamily<unknown>, theta: Float64Array): ModelSupport {
  if (f.sampleDim === 0) {
    const [mean, sd] = meanAndSd(f, theta);
    if (f.discrete) {
      const m0 = Math.round(mean);
      let inside = NaN;
      for (let k = 0; k < 1000 && Number.isNaN(inside); k++) inside = f.inSupport(m0 + k) ? m0 + k : f.inSupport(m0 - k) ? m0 - k : NaN;
      if (Number.isNaN(inside)) throw new InfogeoError('familySupport', 'theta', theta, `a point of ${f.id} with support near its mean`);
      const [lo, hi] = integerSupport(f, inside);
      return { kind: 'discrete', lower: lo, upper: hi, start: inside, keepUntil: [inside, inside] };
    }
    // The mean of a scalar law lies inside its support interval.
    const [lo, hi] = supportInterval(f, mean);
    return { kind: 'continuous', lower: lo, upper: hi, center: mean, scale: sd, breakpoints: bulkBreakpoints([[mean, sd]], lo, hi) };
  }
  if (f.sampleDim === 2 && (f.name === 'mvNormal' || f.name === 'diagNormal')) {
    const mu = f.mean(theta) as Float64Array;
    const cov = f.variance(theta) as Float64Array;
    const sd: [number, number] = [Math.sqrt(cov[0]), Math.sqrt(cov[3])];
    return {
      kind: 'continuous2d',
      lower: [-Infinity, -Infinity],
      upper: [Infinity, Infinity],
      center: [mu[0], mu[1]],
      scale: sd,
      breakpoints: [bulkBreakpoints([[mu[0], sd[0]]], -Infinity, Infinity), bulkBreakpoints([[mu[1], sd[1]]], -Infinity, Infinity)],
    };
  }
  return { kind: 'sampled' };
}

/**
 * An exponential family seen as a generic model in its source coordinates (constructor
 * parameters): the check that the generic machinery reproduces the closed-form Fisher.
 *
 * @example modelFisher(familyModel(gammaFamily), [2, 3]).fisher // = fisher(gamma(2, 3)) to about 1e-11
 */
export function familyModel(family: ExponentialFamily<unknown>): StatisticalModel {
  const f = family;
  if (f === null || typeof f !== 'object' || typeof f.logPartition !== 'function') {
    throw new InfogeoError('familyModel', 'family', family, 'an exponential family such as normalFamily');
  }
  const theta = (src: Float64Array): Float64Array => f.thetaFromSource(src, new Float64Array(f.dim));
  return statisticalModel({
    name: f.id,
    dim: f.dim,
    logDensity: (src, x) => logDensityNatural(f, theta(src), x),
    score: (src, x, out) => scoreSource(f, src, x, out),
    support: (src) => familySupport(f, theta(src)),
    sample: (src, n, rng) => f.sample(theta(src), n, rng),
    isValid: (src) => {
      try {
        f.validateSource(src, 'familyModel');
        return true;
      } catch (e) {
        if (e instanceof InfogeoError) return false;
        throw e;
      }
    },
  });
}
