/**
 * Glue for the alpha-connections panel: two-parameter families, the three coordinate views of a
 * distribution, and the e-, m- and alpha-geodesics sampled for drawing. The geodesics are the
 * library's: e- and m-geodesics from `eGeodesicPoint` / `mGeodesicPoint` (straight in theta and
 * in eta), the others by shooting (`geodesicBVP`) on the library's `alphaConnection`.
 */
import {
  beta,
  betaFamily,
  eGeodesicPoint,
  fromEta,
  fromSource,
  fromTheta,
  gamma,
  gammaFamily,
  mGeodesicPoint,
  normal,
  normalFamily,
  type Distribution,
  type ExponentialFamily,
} from '../../lib.js';
import { alphaConnection, type AlphaConnection } from '../../../../src/geometry/alpha.js';
import { geodesicBVP } from '../../../../src/geometry/geodesic.js';

/** The two-parameter families the panel offers. */
export type FamilyKey = 'normal' | 'gamma' | 'beta';
/** The coordinates the plane is drawn in. */
export type View = 'source' | 'natural' | 'expectation';

/** What the panel needs to know about a family it offers. */
export interface FamilyChoice {
  key: FamilyKey;
  label: string;
  family: ExponentialFamily<unknown>;
  /** Source parameter names, for axes and messages. */
  names: [string, string];
  /** Validating constructor (throws the library's InfogeoError on bad parameters). */
  make(a: number, b: number): Distribution<unknown>;
  /** Default endpoints in source coordinates. */
  p: [number, number];
  q: [number, number];
  /** Plot range of the source view. */
  range: { x: [number, number]; y: [number, number] };
}

/** The families, with default endpoints and plot ranges of the source view. */
export const FAMILIES: readonly FamilyChoice[] = [
  {
    key: 'normal',
    label: 'normal (mu, sigma)',
    family: normalFamily as ExponentialFamily<unknown>,
    names: ['mu', 'sigma'],
    make: (a, b) => normal(a, b),
    p: [-1, 0.8],
    q: [1.5, 1.6],
    range: { x: [-3, 3], y: [0, 3] },
  },
  {
    key: 'gamma',
    label: 'gamma (shape, rate)',
    family: gammaFamily as ExponentialFamily<unknown>,
    names: ['shape', 'rate'],
    make: (a, b) => gamma(a, b),
    p: [1.5, 1],
    q: [6, 2.5],
    range: { x: [0, 8], y: [0, 4] },
  },
  {
    key: 'beta',
    label: 'beta (a, b)',
    family: betaFamily as ExponentialFamily<unknown>,
    names: ['a', 'b'],
    make: (a, b) => beta(a, b),
    p: [1.5, 4],
    q: [5, 1.5],
    range: { x: [0, 7], y: [0, 7] },
  },
];

/** Coordinates of a distribution in a view: source parameters, theta or eta. */
export function viewCoords(d: Distribution<unknown>, view: View): [number, number] {
  const v = view === 'source' ? d.source : view === 'natural' ? d.theta : d.eta;
  return [v[0], v[1]];
}

/** The distribution at view coordinates (x, y); throws the library's error outside the domain. */
export function fromView(f: FamilyChoice, view: View, x: number, y: number): Distribution<unknown> {
  if (view === 'source') return f.make(x, y);
  if (view === 'natural') return fromTheta(f.family, [x, y]);
  return fromEta(f.family, [x, y]);
}

/** Axis names of a view. */
export function viewNames(f: FamilyChoice, view: View): [string, string] {
  if (view === 'source') return f.names;
  return view === 'natural' ? ['theta1', 'theta2'] : ['eta1', 'eta2'];
}

/** A curve sampled at t = i / n, as distributions (null where the library could not place a point). */
export type Sampled = (Distribution<unknown> | null)[];

/** The e-geodesic (straight in theta) from p to q, sampled. */
export function eCurve(p: Distribution<unknown>, q: Distribution<unknown>, n: number): Sampled {
  const th = new Float64Array(p.family.dim);
  return Array.from({ length: n + 1 }, (_, i) => safe(() => fromTheta(p.family, eGeodesicPoint(p.theta, q.theta, i / n, th))));
}

/** The m-geodesic (straight in eta) from p to q, sampled. */
export function mCurve(p: Distribution<unknown>, q: Distribution<unknown>, n: number): Sampled {
  const et = new Float64Array(p.family.dim);
  return Array.from({ length: n + 1 }, (_, i) => safe(() => fromEta(p.family, mGeodesicPoint(p.eta, q.eta, i / n, et))));
}

function safe(fn: () => Distribution<unknown>): Distribution<unknown> | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

/** Outcome of an alpha-geodesic solve. */
export interface AlphaGeodesic {
  alpha: number;
  /** 'exact': alpha = +-1, a straight line in theta or eta; 'converged' / 'failed': shooting. */
  status: 'exact' | 'converged' | 'failed';
  curve: Sampled;
  /** Relative endpoint miss and Newton iterations of the shooting method (0 when exact). */
  residual: number;
  iterations: number;
  /** Initial velocity in theta, reused as a warm start for the next solve. */
  v0: Float64Array | null;
  /** Why it failed, when it did. */
  reason?: string;
}

const connections = new Map<string, AlphaConnection>();

function connection(f: FamilyChoice, alpha: number): AlphaConnection {
  const key = `${f.key}|${alpha}`;
  let c = connections.get(key);
  if (!c) {
    c = alphaConnection(f.family, alpha, 'natural');
    connections.set(key, c);
  }
  return c;
}

/**
 * The alpha-geodesic from p to q, sampled at n + 1 points. alpha = 1 is the e-geodesic and
 * alpha = -1 the m-geodesic (both exact); any other alpha is shot in natural coordinates,
 * warm-started from `warm` (a previous initial velocity) and otherwise from the e-geodesic
 * (alpha > 0) or the m-geodesic (alpha <= 0).
 */
export function alphaCurve(f: FamilyChoice, p: Distribution<unknown>, q: Distribution<unknown>, alpha: number, n: number, warm: Float64Array | null): AlphaGeodesic {
  if (alpha === 1) return { alpha, status: 'exact', curve: eCurve(p, q, n), residual: 0, iterations: 0, v0: null };
  if (alpha === -1) return { alpha, status: 'exact', curve: mCurve(p, q, n), residual: 0, iterations: 0, v0: null };
  const conn = connection(f, alpha);
  const tol = 1e-8;
  const maxIter = 25;
  const init = (t: number): Float64Array => {
    // The straight line in theta (e) or in eta (m), as a curve in theta.
    const th = new Float64Array(p.family.dim);
    return alpha > 0 ? eGeodesicPoint(p.theta, q.theta, t, th) : fromEta(p.family, mGeodesicPoint(p.eta, q.eta, t, th)).theta;
  };
  let sol = warm ? geodesicBVP(conn, p.theta, q.theta, { v0: warm, tol, maxIter }) : null;
  if (!sol || !sol.converged) sol = geodesicBVP(conn, p.theta, q.theta, { init, tol, maxIter });
  if (!sol.converged) {
    return { alpha, status: 'failed', curve: [], residual: sol.residual, iterations: sol.iterations, v0: null, reason: `the shooting method stopped after ${sol.iterations} iterations with relative miss ${sol.residual.toPrecision(2)}` };
  }
  const out = sol;
  const curve = Array.from({ length: n + 1 }, (_, i) => safe(() => fromTheta(p.family, out.x(i / n))));
  return { alpha, status: 'converged', curve, residual: sol.residual, iterations: sol.iterations, v0: sol.v0 };
}

/** A source point as a distribution of the family, or the library's error message. */
export function tryMake(f: FamilyChoice, s: [number, number]): Distribution<unknown> | string {
  try {
    return fromSource(f.family, s);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
