/**
 * The natural-gradient preconditioner: multiply the gradient by the inverse of the (damped)
 * Fisher information, by a Cholesky solve of the matrix or by conjugate gradient on
 * Fisher-vector products; optionally rescaled so the step has a prescribed KL.
 * References: Amari (1998), "Natural gradient works efficiently in learning"; Martens (2010),
 * "Deep learning via Hessian-free optimization" (CG on curvature-vector products);
 * Schulman et al. (2015), "Trust region policy optimization", appendix C (the KL step length).
 */
import { InfogeoError, checkPositive } from '../errors.js';
import { conjugateGradient, dot, gemv, solveSPD } from '../linalg/index.js';
import { checkFiniteVector, type GradientTransformation } from './transform.js';
import { checkFunction, checkNonNegative } from './checks.js';

/** Options of {@link scaleByFisherInverse} (and of naturalGradient). */
export interface FisherInverseOptions {
  /** The Fisher matrix at the parameters: dim x dim, row-major, symmetric. */
  fisher?: (params: Float64Array) => Float64Array;
  /** The Fisher-vector product F(params) v, a new array of length dim. Used by the 'cg' solver. */
  fisherVectorProduct?: (params: Float64Array, v: Float64Array) => Float64Array;
  /** lambda in (F + lambda I)^{-1} g (Levenberg-Marquardt / Tikhonov damping). Finite, >= 0. Default 0. */
  damping?: number;
  /**
   * 'cholesky' factors the matrix (needs `fisher`); 'cg' runs conjugate gradient on products
   * (with `fisherVectorProduct`, or with products by the `fisher` matrix). Default: 'cholesky'
   * when `fisher` is given, else 'cg'.
   */
  solver?: 'cholesky' | 'cg';
  /** CG stopping rule: ||r|| <= tol ||g|| or maxIter products. Defaults 1e-10 and 10 dim. */
  cg?: { tol?: number; maxIter?: number };
  /** Rescale the direction so the step's KL, to second order, is `kl` (delta > 0). */
  trustRegion?: { kl: number };
}

/** State of {@link scaleByFisherInverse}: diagnostics of the last solve (zeros before the first). */
export interface FisherInverseState {
  /** Number of solves so far. */
  readonly count: number;
  /** CG iterations of the last solve (0 for Cholesky). */
  readonly cgIterations: number;
  /** ||(F + lambda I) d - g|| / ||g|| of the last CG solve as reported by the recurrence (0 for Cholesky). */
  readonly cgRelativeResidual: number;
}

/** A linear system (F + lambda I) d = g, given by its matrix or by products. */
export interface FisherSystem {
  /** F as a dim x dim row-major matrix (checked: finite and symmetric). */
  matrix?: Float64Array;
  /** out = F v. */
  apply?: (out: Float64Array, v: Float64Array) => void;
  damping: number;
  solver: 'cholesky' | 'cg';
  tol: number;
  maxIter?: number;
}

/** Result of {@link solveFisherSystem}. */
export interface FisherSolve {
  /** d = (F + lambda I)^{-1} g (a new array). */
  direction: Float64Array;
  iterations: number;
  relativeResidual: number;
}

function singular(where: string, matrix: Float64Array | undefined, damping: number): InfogeoError {
  const detail =
    damping === 0
      ? 'the Fisher matrix is singular or indefinite at these parameters; pass damping > 0'
      : `F + ${damping} I is not positive definite: the Fisher matrix is indefinite`;
  return new InfogeoError(where, 'fisher', matrix ?? '<Fisher-vector product>', 'a positive definite matrix', detail);
}

/** Throws unless m is a finite, symmetric n x n matrix (to 1e-8 relative to its diagonal). */
export function checkFisherMatrix(where: string, m: unknown, n: number): Float64Array {
  if (!(m instanceof Float64Array) || m.length !== n * n) {
    throw new InfogeoError(where, 'fisher', m, `a Float64Array of ${n * n} entries (a ${n} x ${n} row-major matrix)`);
  }
  checkFiniteVector(where, 'fisher', m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[i * n + j];
      const b = m[j * n + i];
      if (Math.abs(a - b) > 1e-8 * (Math.sqrt(Math.abs(m[i * n + i] * m[j * n + j])) + Math.abs(a) + Math.abs(b))) {
        throw new InfogeoError(where, `fisher[${i}][${j}]`, a, `a symmetric matrix: fisher[${j}][${i}] = ${b}`);
      }
    }
  }
  return m;
}

/**
 * Solves (F + lambda I) d = g by Cholesky or by conjugate gradient; throws an InfogeoError naming
 * 'fisher' if the system is not positive definite (Cholesky fails, or CG breaks down before its
 * iteration budget). A CG solve that only runs out of iterations is returned as it is (a
 * truncated Newton step, still a descent direction).
 */
export function solveFisherSystem(where: string, g: Float64Array, sys: FisherSystem): FisherSolve {
  const n = g.length;
  const lambda = sys.damping;
  if (sys.solver === 'cholesky') {
    const f = sys.matrix as Float64Array;
    let a = f;
    if (lambda !== 0) {
      a = Float64Array.from(f);
      for (let i = 0; i < n; i++) a[i * n + i] += lambda;
    }
    const d = solveSPD(new Float64Array(n), a, g, n);
    if (d === null || !allFinite(d)) throw singular(where, f, lambda);
    return { direction: d, iterations: 0, relativeResidual: 0 };
  }
  const m = sys.matrix;
  const applyF = sys.apply ?? ((out: Float64Array, v: Float64Array) => void gemv(out, m as Float64Array, v, n, n));
  const apply = (out: Float64Array, v: Float64Array): void => {
    applyF(out, v);
    for (let i = 0; i < n; i++) out[i] += lambda * v[i];
  };
  const maxIter = sys.maxIter ?? 10 * n;
  const res = conjugateGradient(apply, g, { tol: sys.tol, maxIter });
  if ((!res.converged && res.iterations < maxIter) || !allFinite(res.x)) throw singular(where, m, lambda);
  const gnorm = Math.sqrt(dot(g, g, n));
  return { direction: res.x, iterations: res.iterations, relativeResidual: gnorm === 0 ? 0 : res.residualNorm / gnorm };
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/**
 * Step length of a KL trust region: the multiple alpha of the natural direction d = F^{-1} g for
 * which the second-order KL of the step alpha d, (1/2) alpha^2 d^T F d = (1/2) alpha^2 g^T d,
 * equals delta. Returns alpha d (zero if g = 0).
 */
export function trustRegionScale(where: string, g: Float64Array, d: Float64Array, delta: number): Float64Array {
  const quad = dot(g, d, g.length);
  if (quad === 0) return new Float64Array(g.length);
  if (!(quad > 0) || !Number.isFinite(quad)) {
    throw new InfogeoError(where, 'fisher', quad, 'a positive definite matrix', `g^T F^{-1} g = ${quad} is not positive`);
  }
  const alpha = Math.sqrt((2 * delta) / quad);
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = alpha * d[i];
  return out;
}

/**
 * Preconditions the gradient by the inverse of the damped Fisher information at the current
 * parameters: the natural-gradient direction (compose with scale(-lr) for a descent step).
 *
 * Formula: u = (F(x) + lambda I)^{-1} g; with a trust region, u = sqrt(2 delta / (g^T d)) d,
 * d = (F + lambda I)^{-1} g, so that (1/2) u^T (F + lambda I) u = delta: to second order the
 * step moves the distribution by KL = delta (KL's Hessian is F; damping makes it conservative).
 * Domain: F(x) symmetric and, with lambda = 0, positive definite (else InfogeoError naming
 * 'fisher', suggesting damping); lambda >= 0; delta > 0; g finite (else InfogeoError).
 * Cost per update: Cholesky O(dim^3); CG k Fisher-vector products, k <= maxIter.
 *
 * @example
 * const t = scaleByFisherInverse({ fisher: () => Float64Array.of(4, 0, 0, 1) });
 * const x = Float64Array.of(0, 0);
 * t.update(Float64Array.of(2, 2), t.init(x), x)[0] // Float64Array [0.5, 2]
 */
export function scaleByFisherInverse(options: FisherInverseOptions): GradientTransformation<FisherInverseState> {
  const where = 'scaleByFisherInverse';
  return fisherInverseTransform(where, options);
}

/** {@link scaleByFisherInverse} with errors attributed to `where`. */
export function fisherInverseTransform(where: string, options: FisherInverseOptions): GradientTransformation<FisherInverseState> {
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object');
  const { fisher, fisherVectorProduct } = options;
  if (fisher !== undefined) checkFunction(where, 'fisher', fisher, 'a function params -> Float64Array (dim x dim, row-major)');
  if (fisherVectorProduct !== undefined) checkFunction(where, 'fisherVectorProduct', fisherVectorProduct, 'a function (params, v) -> Float64Array');
  if (fisher === undefined && fisherVectorProduct === undefined) {
    throw new InfogeoError(where, 'fisher', fisher, 'a function params -> Fisher matrix, or a fisherVectorProduct');
  }
  const solver = options.solver ?? (fisher !== undefined ? 'cholesky' : 'cg');
  if (solver !== 'cholesky' && solver !== 'cg') throw new InfogeoError(where, 'solver', solver, "'cholesky' or 'cg'");
  if (solver === 'cholesky' && fisher === undefined) {
    throw new InfogeoError(where, 'fisher', fisher, "a function params -> Fisher matrix (the 'cholesky' solver needs the matrix; use solver: 'cg' with a fisherVectorProduct)");
  }
  const damping = checkNonNegative(where, 'damping', options.damping ?? 0);
  const tol = checkPositive(where, 'cg.tol', options.cg?.tol ?? 1e-10);
  const maxIterOpt = options.cg?.maxIter;
  if (maxIterOpt !== undefined && !(Number.isInteger(maxIterOpt) && maxIterOpt >= 1)) {
    throw new InfogeoError(where, 'cg.maxIter', maxIterOpt, 'an integer >= 1');
  }
  const delta = options.trustRegion === undefined ? undefined : checkPositive(where, 'trustRegion.kl', options.trustRegion?.kl);

  return {
    init: () => ({ count: 0, cgIterations: 0, cgRelativeResidual: 0 }),
    update: (grad, state, params) => {
      checkFiniteVector(where, 'grad', grad);
      const n = grad.length;
      const sys: FisherSystem = { damping, solver, tol, maxIter: maxIterOpt };
      if (solver === 'cholesky' || fisherVectorProduct === undefined) {
        sys.matrix = checkFisherMatrix(where, (fisher as (p: Float64Array) => Float64Array)(params), n);
      } else {
        sys.apply = (out, v) => {
          const fv = fisherVectorProduct(params, v);
          if (!(fv instanceof Float64Array) || fv.length !== n) {
            throw new InfogeoError(where, 'fisherVectorProduct', fv, `a Float64Array of length ${n}`);
          }
          checkFiniteVector(where, 'fisherVectorProduct', fv);
          out.set(fv);
        };
      }
      const res = solveFisherSystem(where, grad, sys);
      const u = delta === undefined ? res.direction : trustRegionScale(where, grad, res.direction, delta);
      return [u, { count: state.count + 1, cgIterations: res.iterations, cgRelativeResidual: res.relativeResidual }];
    },
  };
}
