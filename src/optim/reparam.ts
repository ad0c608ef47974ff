/**
 * Reparameterisations: coordinate systems xi on a model's parameter space, each given by a map
 * to the model's flat source coordinates and the Jacobian of that map.
 *
 * Convention: "source" means the family's flat source vector (normal: mu, sigma; Bernoulli: p;
 * see `fisher(p, 'source')`), or, for a problem that is not one member of a family (logistic
 * regression, Rosenbrock), the problem's own parameter vector. Every reparameterisation maps
 * xi -> source, so two of them compose through source, and the Fisher information in xi is the
 * pullback G_xi = J^T G_source J with J = d source / d xi; the gradient of a loss is
 * grad_xi L = J^T grad_source L (the chain rule).
 *
 * A natural-gradient step G_xi^{-1} grad_xi L maps to J G_xi^{-1} J^T grad_source L
 * = G_source^{-1} grad_source L in source coordinates whatever xi is: the flow is invariant,
 * a discrete step is invariant to first order in the step size (Amari 1998, "Natural gradient
 * works efficiently in learning"; Martens 2020, "New insights and perspectives on the natural
 * gradient method", section 12).
 */
import type { ExponentialFamily } from '../families/family.js';
import { etaFromTheta, fisherNatural, pullback } from '../families/derive.js';
import { gemm, gemv, gemvT, lstsq, identity as identityMatrix } from '../linalg/index.js';
import { InfogeoError, checkVector } from '../errors.js';
import { normalReparams } from './reparam/normal.js';
import { bernoulliReparams } from './reparam/bernoulli.js';

/**
 * A coordinate system xi on a parameter space, with its map to source coordinates.
 *
 * Maps allocate and return fresh arrays; they do not validate (call `inDomain` first).
 */
export interface Reparam {
  /** Short name, as the command line spells it: `'log-sigma'`, `'natural'`, `'logit'`. */
  readonly name: string;
  /** Number of coordinates (= the source dimension). */
  readonly dim: number;
  /** Names of the coordinates in order, e.g. `['mu', 'log sigma']`. */
  readonly coordNames: readonly string[];
  /** source(xi). */
  toSource(xi: Float64Array): Float64Array;
  /** xi(source), the inverse of `toSource`. */
  fromSource(source: Float64Array): Float64Array;
  /** J = d source / d xi at xi, row-major dim x dim: J[i * dim + j] = d source_i / d xi_j. */
  jacobian(xi: Float64Array): Float64Array;
  /** Whether xi is a valid point of this coordinate system (finite, inside its open domain). */
  inDomain(xi: Float64Array): boolean;
}

/** Throws unless `r` has the shape of a Reparam. */
export function checkReparam(where: string, param: string, r: unknown): Reparam {
  const ok =
    r !== null &&
    typeof r === 'object' &&
    typeof (r as Reparam).name === 'string' &&
    Number.isInteger((r as Reparam).dim) &&
    (r as Reparam).dim >= 1 &&
    ['toSource', 'fromSource', 'jacobian', 'inDomain'].every((k) => typeof (r as unknown as Record<string, unknown>)[k] === 'function');
  if (!ok) throw new InfogeoError(where, param, r, 'a reparameterisation { name, dim, toSource, fromSource, jacobian, inDomain }');
  return r as Reparam;
}

/**
 * The gradient in xi by the chain rule: grad_xi L = J^T grad_source L.
 * @example gradInCoords(normalReparams['log-sigma'], Float64Array.of(0, Math.log(2)), Float64Array.of(1, 3)) // [1, 6]
 */
export function gradInCoords(r: Reparam, xi: Float64Array, gradSource: Float64Array): Float64Array {
  const n = r.dim;
  return gemvT(new Float64Array(n), r.jacobian(xi), gradSource, n, n);
}

/**
 * The metric in xi as the pullback of the metric in source coordinates: G_xi = J^T G_source J.
 * @example fisherInCoords(normalReparams['log-sigma'], Float64Array.of(0, Math.log(2)), Float64Array.of(0.25, 0, 0, 0.5)) // [0.25, 0, 0, 2]
 */
export function fisherInCoords(r: Reparam, xi: Float64Array, gSource: Float64Array): Float64Array {
  return pullback(gSource, r.jacobian(xi), r.dim);
}

/** The inverse of a small square matrix (row-major), by Householder QR. Throws if singular. */
export function invertSquare(a: Float64Array, n: number, where: string): Float64Array {
  const inv = lstsq(new Float64Array(n * n), a, identityMatrix(new Float64Array(n * n), n), n, n, n);
  if (inv === null) {
    throw new InfogeoError(where, 'jacobian', Array.from(a), 'an invertible Jacobian', 'the coordinate map is singular to float64 precision at this point');
  }
  return inv;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Whether a flat source vector is valid for the family (its own validation, without throwing). */
export function isSourceValid(family: ExponentialFamily<unknown>, source: Float64Array): boolean {
  if (source.length !== family.dim || !allFinite(source)) return false;
  try {
    family.validateSource(source, 'isSourceValid');
  } catch {
    return false;
  }
  const theta = family.thetaFromSource(source, new Float64Array(family.dim));
  return allFinite(theta) && family.isNaturalValid(theta);
}

/**
 * The identity coordinate system on R^dim: xi = source, J = I.
 * @example identityCoords(2).toSource(Float64Array.of(1, 2)) // [1, 2]
 */
export function identityCoords(dim: number, coordNames?: readonly string[], name = 'source'): Reparam {
  if (!Number.isInteger(dim) || dim < 1) throw new InfogeoError('identityCoords', 'dim', dim, 'an integer >= 1');
  const names = coordNames ?? Array.from({ length: dim }, (_, i) => `x${i + 1}`);
  return {
    name,
    dim,
    coordNames: names,
    toSource: (xi) => Float64Array.from(xi),
    fromSource: (s) => Float64Array.from(s),
    jacobian: () => identityMatrix(new Float64Array(dim * dim), dim),
    inDomain: (xi) => xi.length === dim && allFinite(xi),
  };
}

/**
 * A family's own source coordinates (the constructor's parameters), as a Reparam with J = I.
 * @example sourceCoords(gammaFamily).coordNames // ['shape', 'rate']
 */
export function sourceCoords(family: ExponentialFamily<unknown>): Reparam {
  const id = identityCoords(family.dim, family.sourceNames, 'source');
  return { ...id, inDomain: (xi) => isSourceValid(family, xi) };
}

/**
 * Natural coordinates theta of any family: source = sourceFromTheta(theta), and
 * J = d source / d theta = (d theta / d source)^{-1}.
 * Domain: the natural parameter space. Reference: Amari (2016), section 2.2.
 * @example naturalCoords(normalFamily).fromSource(Float64Array.of(1, 2)) // [0.25, -0.125]
 */
export function naturalCoords(family: ExponentialFamily<unknown>): Reparam {
  const n = family.dim;
  return {
    name: 'natural',
    dim: n,
    coordNames: Array.from({ length: n }, (_, i) => `theta${i + 1}`),
    toSource: (theta) => family.sourceFromTheta(theta, new Float64Array(n)),
    fromSource: (s) => family.thetaFromSource(s, new Float64Array(n)),
    jacobian: (theta) => {
      const s = family.sourceFromTheta(theta, new Float64Array(n));
      return invertSquare(family.sourceJacobian(s, new Float64Array(n * n)), n, 'naturalCoords');
    },
    inDomain: (theta) => theta.length === n && allFinite(theta) && family.isNaturalValid(theta),
  };
}

/**
 * Expectation coordinates eta = grad F(theta) of any family: source = sourceFromTheta(theta(eta)),
 * and J = d source / d eta = (Hess F(theta) (d theta / d source))^{-1}, since d eta / d theta = Hess F.
 * Domain: the interior of the expectation parameter space.
 * @example expectationCoords(normalFamily).fromSource(Float64Array.of(1, 2)) // [1, 5]
 */
export function expectationCoords(family: ExponentialFamily<unknown>): Reparam {
  const n = family.dim;
  return {
    name: 'expectation',
    dim: n,
    coordNames: Array.from({ length: n }, (_, i) => `eta${i + 1}`),
    toSource: (eta) => family.sourceFromTheta(family.thetaFromEta(eta, new Float64Array(n)), new Float64Array(n)),
    fromSource: (s) => etaFromTheta(family, family.thetaFromSource(s, new Float64Array(n))),
    jacobian: (eta) => {
      const theta = family.thetaFromEta(eta, new Float64Array(n));
      const s = family.sourceFromTheta(theta, new Float64Array(n));
      const dEtaDSource = gemm(new Float64Array(n * n), fisherNatural(family, theta), family.sourceJacobian(s, new Float64Array(n * n)), n, n, n);
      return invertSquare(dEtaDSource, n, 'expectationCoords');
    },
    inDomain: (eta) => {
      if (eta.length !== n || !allFinite(eta) || !family.isExpectationValid(eta)) return false;
      return allFinite(family.thetaFromEta(eta, new Float64Array(n)));
    },
  };
}

/**
 * Affine coordinates: source = A xi + b with A invertible (n x n, row-major), J = A.
 * Natural-gradient steps are exactly invariant (not only to first order) under these.
 *
 * @param a - invertible n x n matrix, row-major (n^2 finite numbers)
 * @param b - offset (n finite numbers); default 0
 * @example affineCoords([2, 0, 0, 1]).toSource(Float64Array.of(1, 1)) // [2, 1]
 */
export function affineCoords(a: ArrayLike<number>, b?: ArrayLike<number>, name = 'affine'): Reparam {
  const av = checkVector('affineCoords', 'a', a);
  const n = Math.round(Math.sqrt(av.length));
  if (n * n !== av.length) throw new InfogeoError('affineCoords', 'a', a, 'a square matrix as n^2 numbers, row-major');
  const bv = b === undefined ? new Float64Array(n) : checkVector('affineCoords', 'b', b, n);
  const inv = invertSquare(av, n, 'affineCoords');
  return {
    name,
    dim: n,
    coordNames: Array.from({ length: n }, (_, i) => `xi${i + 1}`),
    toSource: (xi) => gemv(Float64Array.from(bv), av, xi, n, n, 1, 1),
    fromSource: (s) => {
      const shifted = new Float64Array(n);
      for (let i = 0; i < n; i++) shifted[i] = s[i] - bv[i];
      return gemv(new Float64Array(n), inv, shifted, n, n);
    },
    jacobian: () => Float64Array.from(av),
    inDomain: (xi) => xi.length === n && allFinite(xi),
  };
}

/**
 * Every coordinate system this module knows for a family, by name. All families get `'source'`,
 * `'natural'` and `'expectation'`; the normal adds `'sigma'` (= source), `'log-sigma'`,
 * `'variance'` and `'precision'` (closed forms for its natural and expectation coordinates);
 * the Bernoulli adds `'p'` (= source), `'logit'` and `'arcsine'`.
 *
 * @example Object.keys(familyCoords(normalFamily)) // ['source', 'natural', 'expectation', 'sigma', 'log-sigma', 'variance', 'precision']
 */
export function familyCoords(family: ExponentialFamily<unknown>): Readonly<Record<string, Reparam>> {
  if (family === null || typeof family !== 'object' || typeof family.sourceFromTheta !== 'function') {
    throw new InfogeoError('familyCoords', 'family', family, 'an exponential family (e.g. normalFamily)');
  }
  const generic: Record<string, Reparam> = {
    source: sourceCoords(family),
    natural: naturalCoords(family),
    expectation: expectationCoords(family),
  };
  if (family.id === 'normal') return { ...generic, ...normalReparams, source: normalReparams.sigma };
  if (family.id === 'bernoulli') return { ...generic, ...bernoulliReparams, source: bernoulliReparams.p };
  return generic;
}
