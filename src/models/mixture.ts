/**
 * The mixture family of fixed components p_1..p_k: p_w(x) = sum_i w_i p_i(x), w in the open
 * simplex. It is m-flat: the weights are affine (mixture) coordinates, m-geodesics are straight
 * lines in w, and the family is dually flat with potential the negative entropy
 * phi(w) = int p_w log p_w, whose Hessian is the Fisher metric and whose Bregman divergence is KL.
 *
 * Coordinates xi = (w_1..w_{k-1}), w_k = 1 - sum xi. The score is s_i = (p_i - p_k) / p_w and
 * g_ij(w) = int (p_i - p_k)(p_j - p_k) / p_w dx, with no closed form in general: computed by
 * quadrature (scalar continuous components), exact sums (discrete), nested quadrature (2-D
 * components) or seeded Monte Carlo. Reference: Amari (2016), Information Geometry and Its
 * Applications, section 2.6; Nielsen and Nock (2018), "On the geometry of mixtures of prescribed
 * distributions".
 */
import { checkDistribution, type Distribution } from '../families/distribution.js';
import { logDensityNatural } from '../families/derive.js';
import type { Sample } from '../families/family.js';
import type { Rng } from '../random/rng.js';
import { checkProbabilityVector, checkResult, InfogeoError } from '../errors.js';
import { bulkBreakpoints } from '../divergences/support.js';
import {
  familySupport,
  modelExpectation,
  modelFisher,
  statisticalModel,
  type ModelExpectation,
  type ModelFisherResult,
  type ModelOptions,
  type ModelSupport,
  type StatisticalModel,
} from './model.js';

type Dist = Distribution<unknown>;

/** A mixture family of fixed components, with its m-flat geometry. */
export interface MixtureFamily {
  /** Number of components k. */
  readonly k: number;
  /** Number of coordinates, k - 1. */
  readonly dim: number;
  readonly components: readonly Dist[];
  /** The family as a generic model in xi = (w_1..w_{k-1}). */
  readonly model: StatisticalModel;
  /** log p_w(x) for a full weight vector w (entries >= 0 summing to 1). */
  logDensity(weights: ArrayLike<number>, x: Sample | readonly number[]): number;
  /** Fisher information in (w_1..w_{k-1}) at an interior w, by quadrature, sums or Monte Carlo. */
  fisher(weights: ArrayLike<number>, opts?: ModelOptions): ModelFisherResult;
  /** phi(w) = int p_w log p_w (minus the entropy), the potential whose Hessian is the Fisher metric. */
  negEntropy(weights: ArrayLike<number>, opts?: ModelOptions): ModelExpectation;
  /** grad phi in (w_1..w_{k-1}): int (p_i - p_k) log p_w, the dual (e-) coordinates. */
  dualCoordinates(weights: ArrayLike<number>, opts?: ModelOptions): Float64Array;
  /** KL(p_w || p_v) = int p_w log(p_w / p_v). */
  kl(w: ArrayLike<number>, v: ArrayLike<number>, opts?: ModelOptions): ModelExpectation;
  /** The m-geodesic t -> (1 - t) w0 + t w1 (full weight vectors), t in [0, 1]. */
  mGeodesic(w0: ArrayLike<number>, w1: ArrayLike<number>): (t: number) => Float64Array;
  /** n draws from p_w. */
  sample(weights: ArrayLike<number>, n: number, rng: Rng): Sample[];
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * The mixture family of the given fixed components (two or more distributions with the same
 * kind of observations: all scalar, or all vectors of one length; families may differ).
 *
 * @example
 * const mix = mixtureFamily([normal(-2, 1), normal(2, 1)]);
 * mix.fisher([0.5, 0.5]).fisher // [[3.725610364837047]] (= int (p1 - p2)^2 / p_w)
 * mix.mGeodesic([0.2, 0.8], [0.6, 0.4])(0.5) // Float64Array [0.4, 0.6]
 */
export function mixtureFamily(components: readonly Dist[]): MixtureFamily {
  const where = 'mixtureFamily';
  if (!Array.isArray(components) || components.length < 2) throw new InfogeoError(where, 'components', components, 'an array of at least 2 distributions');
  const comps = components.map((c, i) => checkDistribution(where, `components[${i}]`, c));
  const sd = comps[0].family.sampleDim;
  const discrete = comps[0].family.discrete;
  comps.forEach((c, i) => {
    if (c.family.sampleDim !== sd || c.family.discrete !== discrete) {
      throw new InfogeoError(where, `components[${i}]`, c, `a distribution with the observations of components[0] (${sd === 0 ? 'scalar' : `vectors of length ${sd}`}, ${discrete ? 'discrete' : 'continuous'})`);
    }
  });
  const k = comps.length;
  const dim = k - 1;

  const logComponents = (x: Sample, out: Float64Array): Float64Array => {
    for (let i = 0; i < k; i++) out[i] = comps[i].family.inSupport(x) ? logDensityNatural(comps[i].family, comps[i].theta, x) : -Infinity;
    return out;
  };
  const full = (xi: Float64Array): Float64Array => {
    const w = new Float64Array(k);
    let s = 0;
    for (let i = 0; i < dim; i++) [w[i], s] = [xi[i], s + xi[i]];
    w[dim] = 1 - s;
    return w;
  };
  const lc = new Float64Array(k);
  const logMix = (w: Float64Array, x: Sample): number => {
    logComponents(x, lc);
    let acc = -Infinity;
    for (let i = 0; i < k; i++) if (w[i] > 0) acc = logAdd(acc, Math.log(w[i]) + lc[i]);
    return acc;
  };

  // The support and quadrature hints of the union of the components' supports.
  const supports = comps.map((c) => familySupport(c.family, c.theta));
  const support = ((): ModelSupport => {
    const kinds = new Set(supports.map((s) => s.kind));
    if (kinds.size !== 1) return { kind: 'sampled' };
    const s0 = supports[0];
    if (s0.kind === 'continuous') {
      const ss = supports as Extract<ModelSupport, { kind: 'continuous' }>[];
      const lo = Math.min(...ss.map((s) => s.lower));
      const hi = Math.max(...ss.map((s) => s.upper));
      const moments = ss.map((s) => [s.center ?? 0, s.scale ?? 1] as [number, number]);
      const ends = ss.flatMap((s) => [s.lower, s.upper]).filter((x) => x > lo && x < hi);
      const center = moments.reduce((a, [m]) => a + m, 0) / k;
      const scale = Math.max(...moments.map(([m, s]) => Math.abs(m - center) + s));
      return { kind: 'continuous', lower: lo, upper: hi, breakpoints: [...bulkBreakpoints(moments, lo, hi), ...ends], center, scale };
    }
    if (s0.kind === 'discrete') {
      const ss = supports as Extract<ModelSupport, { kind: 'discrete' }>[];
      const starts = ss.map((s) => s.start ?? s.lower);
      return { kind: 'discrete', lower: Math.min(...ss.map((s) => s.lower)), upper: Math.max(...ss.map((s) => s.upper)), start: starts[0], keepUntil: [Math.min(...starts), Math.max(...starts)] };
    }
    if (s0.kind === 'continuous2d') {
      const ss = supports as Extract<ModelSupport, { kind: 'continuous2d' }>[];
      const axis = (a: 0 | 1): { moments: [number, number][]; center: number; scale: number } => {
        const moments = ss.map((s) => [s.center?.[a] ?? 0, s.scale?.[a] ?? 1] as [number, number]);
        const center = moments.reduce((acc, [m]) => acc + m, 0) / k;
        return { moments, center, scale: Math.max(...moments.map(([m, s]) => Math.abs(m - center) + s)) };
      };
      const [ax, ay] = [axis(0), axis(1)];
      return {
        kind: 'continuous2d',
        lower: [-Infinity, -Infinity],
        upper: [Infinity, Infinity],
        center: [ax.center, ay.center],
        scale: [ax.scale, ay.scale],
        // Few breakpoints: in 2-D every outer panel multiplies the inner work.
        breakpoints: [ax.moments.map(([m]) => m), ay.moments.map(([m]) => m)],
      };
    }
    return { kind: 'sampled' };
  })();

  const sampleFrom = (w: Float64Array, n: number, rng: Rng): Sample[] => {
    const out: Sample[] = [];
    for (let t = 0; t < n; t++) {
      let u = rng.next();
      let i = 0;
      while (i < k - 1 && u >= w[i]) u -= w[i++];
      out.push(comps[i].family.sample(comps[i].theta, 1, rng)[0]);
    }
    return out;
  };

  const model = statisticalModel({
    name: `mixture of ${comps.map((c) => c.toString()).join(', ')}`,
    dim,
    logDensity: (xi, x) => logMix(full(xi), x),
    score: (xi, x, out) => {
      const w = full(xi);
      const lp = logMix(w, x); // also fills lc
      for (let i = 0; i < dim; i++) out[i] = lp === -Infinity ? 0 : Math.exp(lc[i] - lp) - Math.exp(lc[dim] - lp);
      return out;
    },
    support: () => support,
    sample: (xi, n, rng) => sampleFrom(full(xi), n, rng),
    isValid: (xi) => {
      const w = full(xi);
      return w.every((v) => v > 0 && v < 1);
    },
  });

  const interior = (fn: string, param: string, weights: unknown): Float64Array => {
    const w = checkProbabilityVector(`mixture.${fn}`, param, weights);
    if (w.length !== k) throw new InfogeoError(`mixture.${fn}`, param, weights, `a weight vector of length ${k}`);
    w.forEach((v, i) => {
      if (!(v > 0)) throw new InfogeoError(`mixture.${fn}`, `${param}[${i}]`, v, 'a weight > 0 (an interior point of the mixture family)');
    });
    return w;
  };
  const xiOf = (w: Float64Array): Float64Array => w.slice(0, dim);

  return {
    k,
    dim,
    components: comps,
    model,
    logDensity(weights, x) {
      const w = checkProbabilityVector('mixture.logDensity', 'weights', weights);
      if (w.length !== k) throw new InfogeoError('mixture.logDensity', 'weights', weights, `a weight vector of length ${k}`);
      const xs: Sample = sd === 0 ? (x as number) : Float64Array.from(x as ArrayLike<number>);
      if (sd === 0 ? typeof x !== 'number' : (xs as Float64Array).length !== sd) {
        throw new InfogeoError('mixture.logDensity', 'x', x, sd === 0 ? 'a number' : `an array of ${sd} numbers`);
      }
      return logMix(w, xs);
    },
    fisher(weights, opts) {
      return modelFisher(model, xiOf(interior('fisher', 'weights', weights)), opts);
    },
    negEntropy(weights, opts) {
      return modelExpectation(model, xiOf(interior('negEntropy', 'weights', weights)), (_x, lp) => lp, opts);
    },
    dualCoordinates(weights, opts) {
      const xi = xiOf(interior('dualCoordinates', 'weights', weights));
      const out = new Float64Array(dim);
      for (let i = 0; i < dim; i++) {
        // int (p_i - p_k) log p_w = E_w[(p_i - p_k) / p_w * log p_w].
        const r = modelExpectation(
          model,
          xi,
          (x, lp) => {
            logComponents(x, lc);
            return (Math.exp(lc[i] - lp) - Math.exp(lc[dim] - lp)) * lp;
          },
          opts,
        );
        out[i] = checkResult('mixture.dualCoordinates', `eta[${i}]`, r.value);
      }
      return out;
    },
    kl(wa, wb, opts) {
      const a = interior('kl', 'w', wa);
      const b = interior('kl', 'v', wb);
      return modelExpectation(model, xiOf(a), (x, lp) => lp - logMix(b, x), opts);
    },
    mGeodesic(w0, w1) {
      const a = interior('mGeodesic', 'w0', w0);
      const b = interior('mGeodesic', 'w1', w1);
      return (t: number) => {
        if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new InfogeoError('mixture.mGeodesic', 't', t, 'a number in [0, 1]');
        const out = new Float64Array(k);
        for (let i = 0; i < k; i++) out[i] = (1 - t) * a[i] + t * b[i];
        return out;
      };
    },
    sample(weights, n, rng) {
      const w = checkProbabilityVector('mixture.sample', 'weights', weights);
      if (w.length !== k) throw new InfogeoError('mixture.sample', 'weights', weights, `a weight vector of length ${k}`);
      if (!Number.isInteger(n) || n < 0) throw new InfogeoError('mixture.sample', 'n', n, 'an integer >= 0');
      if (rng === null || typeof rng !== 'object' || typeof rng.next !== 'function') throw new InfogeoError('mixture.sample', 'rng', rng, 'a seeded generator from rng(seed)');
      return sampleFrom(w, n, rng);
    },
  };
}
