import type { ExponentialFamily, Sample } from './family.js';
import type { Rng } from '../random/rng.js';
import {
  entropyNatural,
  etaFromTheta,
  logDensityNatural,
  thetaFromEta,
} from './derive.js';
import { InfogeoError, formatValue } from '../errors.js';

/**
 * A member of an exponential family: a point of the statistical manifold, carried in natural
 * coordinates `theta`, with its expectation coordinates `eta` and source parameters `params`
 * computed on demand (and cached). Constructed by the family constructors (`normal(0, 1)`, ...),
 * or from coordinates with `fromTheta` / `fromEta`.
 *
 * The coordinate arrays are shared, not copied: treat them as read-only.
 *
 * @example
 * const p = normal(1, 2);
 * p.theta // Float64Array [0.25, -0.125]; p.eta // [1, 5]; p.params // { mu: 1, sigma: 2 }
 */
export class Distribution<P = Record<string, unknown>> {
  readonly family: ExponentialFamily<P>;
  /** Natural parameters theta. */
  readonly theta: Float64Array;
  private etaCache: Float64Array | undefined;
  private sourceCache: Float64Array | undefined;

  /** Use the family constructors or `fromTheta`; this constructor does not validate. */
  constructor(family: ExponentialFamily<P>, theta: Float64Array, source?: Float64Array) {
    this.family = family;
    this.theta = theta;
    this.sourceCache = source;
  }

  /** Expectation parameters eta = grad F(theta) = E[T(X)]. */
  get eta(): Float64Array {
    if (this.etaCache === undefined) this.etaCache = etaFromTheta(this.family, this.theta);
    return this.etaCache;
  }

  /** Flat source-coordinate vector (the constructor's parameters, flattened in order). */
  get source(): Float64Array {
    if (this.sourceCache === undefined) {
      this.sourceCache = this.family.sourceFromTheta(this.theta, new Float64Array(this.family.dim));
    }
    return this.sourceCache;
  }

  /** Source parameters under the constructor's names, e.g. `{ mu, sigma }`. */
  get params(): P {
    return this.family.params(this.source);
  }

  /** log p(x); -Infinity outside the support. */
  logDensity(x: Sample | readonly number[]): number {
    return logDensity(this, x);
  }

  /** Shannon (differential, for continuous families) entropy in nats. */
  entropy(): number {
    return entropyNatural(this.family, this.theta);
  }

  /** Mean of X (a number, or an array for vector observations). */
  mean(): number | number[] {
    const m = this.family.mean(this.theta);
    return typeof m === 'number' ? m : Array.from(m);
  }

  /** Variance of X, or its covariance matrix (rows) for vector observations. */
  variance(): number | number[][] {
    const v = this.family.variance(this.theta);
    if (typeof v === 'number') return v;
    const d = this.family.sampleDim;
    const rows: number[][] = [];
    for (let i = 0; i < d; i++) rows.push(Array.from(v.subarray(i * d, (i + 1) * d)));
    return rows;
  }

  /** n independent draws using the given generator. */
  sample(n: number, rng: Rng): Sample[] {
    return sample(this, n, rng);
  }

  /** e.g. `normal(mu=1, sigma=2)`. */
  toString(): string {
    const p = this.params as Record<string, unknown>;
    const parts = Object.entries(p).map(([k, v]) => `${k}=${formatParam(v)}`);
    return `${this.family.name}(${parts.join(', ')})`;
  }

  /** JSON form: family id, params, theta and eta as plain arrays. */
  toJSON(): { family: string; params: unknown; theta: number[]; eta: number[] } {
    return {
      family: this.family.id,
      params: jsonify(this.params),
      theta: Array.from(this.theta),
      eta: Array.from(this.eta),
    };
  }
}

function formatParam(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v instanceof Float64Array) return `[${Array.from(v).join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map(formatParam).join(', ')}]`;
  return String(v);
}

function jsonify(v: unknown): unknown {
  if (v instanceof Float64Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(jsonify);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonify(x)]));
  }
  return v;
}

/** Throws unless `p` is a Distribution. */
export function checkDistribution(where: string, param: string, p: unknown): Distribution<unknown> {
  if (!(p instanceof Distribution)) {
    throw new InfogeoError(where, param, p, 'a distribution built by a family constructor such as normal(0, 1)');
  }
  return p as Distribution<unknown>;
}

/** Throws unless p and q are distributions of the same family (same id, so same dimension). */
export function checkSameFamily(where: string, p: unknown, q: unknown): [Distribution<unknown>, Distribution<unknown>] {
  const a = checkDistribution(where, 'p', p);
  const b = checkDistribution(where, 'q', q);
  if (a.family.id !== b.family.id) {
    throw new InfogeoError(where, 'q', q, `a ${a.family.id} distribution (the same family as p)`, `got ${b.family.id}`);
  }
  return [a, b];
}

/**
 * A distribution from natural parameters. Throws if theta is outside the natural parameter space.
 * @example fromTheta(bernoulli(0.5).family, [0]).params // { p: 0.5 }
 */
export function fromTheta<P>(family: ExponentialFamily<P>, theta: ArrayLike<number>): Distribution<P> {
  const t = toVector('fromTheta', 'theta', theta, family.dim);
  if (!family.isNaturalValid(t)) {
    throw new InfogeoError('fromTheta', 'theta', theta, `a point of the natural parameter space of ${family.id}`);
  }
  return new Distribution(family, t);
}

/**
 * A distribution from expectation parameters (inverse Legendre map). Throws if eta is outside
 * the interior of the expectation parameter space.
 * @example fromEta(bernoulli(0.5).family, [0.25]).params // { p: 0.25 }
 */
export function fromEta<P>(family: ExponentialFamily<P>, eta: ArrayLike<number>): Distribution<P> {
  const e = toVector('fromEta', 'eta', eta, family.dim);
  if (!family.isExpectationValid(e)) {
    throw new InfogeoError('fromEta', 'eta', eta, `a point in the interior of the expectation parameter space of ${family.id}`);
  }
  const theta = thetaFromEta(family, e);
  for (let i = 0; i < theta.length; i++) {
    if (!Number.isFinite(theta[i])) {
      throw new InfogeoError('fromEta', 'eta', eta, `a point whose natural parameters are finite in ${family.id}`);
    }
  }
  const d = new Distribution(family, theta);
  (d as unknown as { etaCache: Float64Array }).etaCache = e;
  return d;
}

/**
 * A distribution from its flat source-coordinate vector (the order of `fisher(p, 'source')`).
 * @example fromSource(normal(0, 1).family, [1, 2]).params // { mu: 1, sigma: 2 }
 */
export function fromSource<P>(family: ExponentialFamily<P>, source: ArrayLike<number>): Distribution<P> {
  const s = toVector('fromSource', 'source', source, family.dim);
  family.validateSource(s, 'fromSource');
  return new Distribution(family, family.thetaFromSource(s, new Float64Array(family.dim)), s);
}

function toVector(where: string, param: string, v: ArrayLike<number>, n: number): Float64Array {
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new InfogeoError(where, param, v, `an array of ${n} finite numbers`);
  }
  if (v.length !== n) throw new InfogeoError(where, param, v, `an array of ${n} finite numbers`, `got length ${v.length}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) throw new InfogeoError(where, `${param}[${i}]`, v[i], 'a finite number');
    out[i] = v[i];
  }
  return out;
}

/** Validates an observation for the family's sample shape and returns it in internal form. */
export function toSample(where: string, p: Distribution<unknown>, x: unknown): Sample {
  const d = p.family.sampleDim;
  if (d === 0) {
    if (typeof x !== 'number' || Number.isNaN(x)) throw new InfogeoError(where, 'x', x, 'a number (an observation)');
    return x;
  }
  if (!(Array.isArray(x) || x instanceof Float64Array)) {
    throw new InfogeoError(where, 'x', x, `an array of ${d} numbers (an observation)`);
  }
  return toVector(where, 'x', x as ArrayLike<number>, d);
}

/**
 * log p(x), the log-density (log-probability for discrete families); -Infinity outside the support.
 * @example logDensity(normal(0, 1), 0) // -0.9189385332046728
 */
export function logDensity(p: Distribution<unknown>, x: Sample | readonly number[]): number {
  const d = checkDistribution('logDensity', 'p', p);
  const xs = toSample('logDensity', d, x);
  return logDensityNatural(d.family, d.theta, xs);
}

/**
 * n independent draws from p with the given seeded generator.
 * @example sample(bernoulli(0.3), 5, rng(1)) // e.g. [0, 1, 0, 0, 0]
 */
export function sample(p: Distribution<unknown>, n: number, rng: Rng): Sample[] {
  const d = checkDistribution('sample', 'p', p);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new InfogeoError('sample', 'n', n, 'an integer >= 0');
  if (rng === null || typeof rng !== 'object' || typeof (rng as Rng).next !== 'function') {
    throw new InfogeoError('sample', 'rng', rng, 'a seeded generator from rng(seed)');
  }
  return d.family.sample(d.theta, n, rng);
}

/** Formats a Distribution for messages. */
export function describe(p: unknown): string {
  return p instanceof Distribution ? p.toString() : formatValue(p);
}
