/**
 * An optimisation problem on a statistical model: a loss of the model's source parameters, its
 * gradient, the Fisher information of the model, and the KL divergence between two members, so
 * that any optimiser can run on it in any coordinate system (`inCoords`) and the runner can
 * measure how far each step moves the distribution.
 *
 * Euclidean test functions (Rosenbrock) carry the model N(x, I), whose Fisher is the identity
 * and whose KL is |a - b|^2 / 2; quadratics 1/2 (x - c)^T A (x - c) carry N(x, A^{-1}), whose
 * Fisher is A. See euclidean.ts.
 */
import type { ExponentialFamily } from '../../families/family.js';
import { InfogeoError } from '../../errors.js';
import { checkReparam, fisherInCoords, gradInCoords, type Reparam } from '../reparam.js';
import { gemvT } from '../../linalg/index.js';

/** A loss on a model, with everything an optimiser or the runner may ask of it. */
export interface Problem {
  /** Short name, e.g. `'gaussian-fit'`, `'logistic'`. */
  readonly name: string;
  /** Length of the source parameter vector. */
  readonly dim: number;
  /** Names of the source coordinates in order. */
  readonly sourceNames: readonly string[];
  /** The default starting point, in source coordinates. */
  readonly init: Float64Array;
  /** The family, when the model is one member of an exponential family. */
  readonly family?: ExponentialFamily<unknown>;
  /** The coordinate systems this problem offers, by name; always includes `'source'`. */
  readonly coords: Readonly<Record<string, Reparam>>;
  /** The minimiser and the minimal loss, when known (closed form or solved at construction). */
  readonly minimum?: { readonly source: Float64Array; readonly loss: number };
  /**
   * L(source) - L(minimiser), when the problem can compute it without the cancellation of
   * subtracting two nearly equal losses (the runner's tolerance test prefers it).
   */
  gap?(source: Float64Array): number;
  /** Whether a source vector is a valid model. */
  inDomain(source: Float64Array): boolean;
  /** The loss L(source). */
  loss(source: Float64Array): number;
  /** d L / d source (a fresh array). */
  grad(source: Float64Array): Float64Array;
  /** The Fisher information of the model in source coordinates (dim x dim, row-major, fresh). */
  fisher(source: Float64Array): Float64Array;
  /** KL(model(a) || model(b)), in nats. */
  kl(a: Float64Array, b: Float64Array): number;
  /**
   * Per-example gradients g_1..g_n (one array each) when the loss is an average
   * L = (1/n) sum_i l_i over data; their mean outer product is the empirical Fisher.
   */
  perExampleGrads?(source: Float64Array): Float64Array[];
}

/** A problem seen in one coordinate system xi: everything by the chain rule through source(xi). */
export interface CoordProblem {
  readonly problem: Problem;
  readonly coords: Reparam;
  readonly dim: number;
  /** xi at the problem's starting point. */
  readonly init: Float64Array;
  /** Whether xi is valid in the coordinates and maps to a valid model. */
  inDomain(xi: Float64Array): boolean;
  toSource(xi: Float64Array): Float64Array;
  fromSource(source: Float64Array): Float64Array;
  /** L(source(xi)). */
  loss(xi: Float64Array): number;
  /** grad_xi L = J^T grad_source L. */
  grad(xi: Float64Array): Float64Array;
  /** G_xi = J^T G_source J. */
  fisher(xi: Float64Array): Float64Array;
  /** Per-example gradients in xi, J^T g_i, when the problem has them. */
  perExampleGrads?(xi: Float64Array): Float64Array[];
}

/** Throws unless `p` has the shape of a Problem. */
export function checkProblem(where: string, param: string, p: unknown): Problem {
  const ok =
    p !== null &&
    typeof p === 'object' &&
    Number.isInteger((p as Problem).dim) &&
    (p as Problem).init instanceof Float64Array &&
    ['inDomain', 'loss', 'grad', 'fisher', 'kl'].every((k) => typeof (p as unknown as Record<string, unknown>)[k] === 'function');
  if (!ok) throw new InfogeoError(where, param, p, 'a problem { dim, init, loss, grad, fisher, kl, inDomain, coords } such as gaussianFit(data)');
  return p as Problem;
}

/**
 * The problem in coordinates xi. `coords` is a Reparam or the name of one of `problem.coords`.
 *
 * @throws InfogeoError for an unknown coordinate name or a Reparam of the wrong dimension
 * @example inCoords(gaussianFit(data), 'log-sigma').grad(xi) // J^T grad_source L
 */
export function inCoords(problem: Problem, coords: Reparam | string): CoordProblem {
  const pr = checkProblem('inCoords', 'problem', problem);
  let r: Reparam;
  if (typeof coords === 'string') {
    const found = pr.coords[coords];
    if (found === undefined) {
      throw new InfogeoError('inCoords', 'coords', coords, `one of ${Object.keys(pr.coords).map((k) => `'${k}'`).join(', ')} (the coordinates of ${pr.name})`);
    }
    r = found;
  } else {
    r = checkReparam('inCoords', 'coords', coords);
  }
  if (r.dim !== pr.dim) throw new InfogeoError('inCoords', 'coords', r.name, `a reparameterisation of dimension ${pr.dim}`, `got ${r.dim}`);
  const n = pr.dim;
  const cp: CoordProblem = {
    problem: pr,
    coords: r,
    dim: n,
    init: r.fromSource(pr.init),
    inDomain: (xi) => r.inDomain(xi) && pr.inDomain(r.toSource(xi)),
    toSource: (xi) => r.toSource(xi),
    fromSource: (s) => r.fromSource(s),
    loss: (xi) => pr.loss(r.toSource(xi)),
    grad: (xi) => gradInCoords(r, xi, pr.grad(r.toSource(xi))),
    fisher: (xi) => fisherInCoords(r, xi, pr.fisher(r.toSource(xi))),
  };
  const peg = pr.perExampleGrads;
  if (peg !== undefined) {
    cp.perExampleGrads = (xi) => {
      const j = r.jacobian(xi);
      return peg.call(pr, r.toSource(xi)).map((g) => gemvT(new Float64Array(n), j, g, n, n));
    };
  }
  return cp;
}
