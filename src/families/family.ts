import type { Rng } from '../random/rng.js';

/** One observation: a number for scalar families, a Float64Array for vector-valued ones. */
export type Sample = number | Float64Array;

/**
 * An exponential family p(x; theta) = h(x) exp(<theta, T(x)> - F(theta)), declared once.
 *
 * A family is an object holding the few primitives that cannot be derived: the log-partition F,
 * its gradient (the expectation parameters eta = grad F(theta)) and Hessian (the Fisher
 * information in natural coordinates, = Cov[T(X)]), the inverse Legendre map eta -> theta, the
 * sufficient statistic T, the log base measure log h, and the maps to and from the source
 * parameters people write (mu, sigma; shape, rate; ...). Everything else (log-density, KL as a
 * Bregman divergence, the dual potential F*, Fisher in any coordinates, entropy, e- and
 * m-geodesics) is derived generically in `derive.ts`; the optional members are closed-form
 * overrides, each tested against the generic derivation.
 *
 * Conventions:
 * - all parameter vectors (theta, eta, source) are flat Float64Arrays of length `dim`;
 * - matrices are row-major Float64Arrays of length dim*dim;
 * - methods taking `out` write into it and return it; `out` must not alias an input unless
 *   the method says so.
 *
 * Families with fixed hyper-parameters (binomial's n, the categorical's k, mvNormal's d,
 * negativeBinomial's r) are produced by factory functions; `id` includes the hyper-parameters,
 * and two distributions are comparable (KL, divergences) only if their ids are equal.
 */
export interface ExponentialFamily<P = Record<string, unknown>> {
  /** Identity including fixed hyper-parameters, e.g. `'binomial(n=10)'`, `'mvNormal(d=3)'`. */
  readonly id: string;
  /** Constructor name, e.g. `'binomial'`. */
  readonly name: string;
  /** Dimension of the natural (= expectation = source) parameter vector. */
  readonly dim: number;
  /** Names of the source coordinates in order, e.g. `['mu', 'sigma']`, `['p1', 'p2']`. */
  readonly sourceNames: readonly string[];
  /** Whether the sample space is discrete (a counting base measure). */
  readonly discrete: boolean;
  /** 0 for scalar observations, otherwise the length of each vector observation. */
  readonly sampleDim: number;

  /** Log-partition (cumulant) function F(theta). */
  logPartition(theta: Float64Array): number;
  /** eta = grad F(theta), the expectation parameters E[T(X)]. */
  gradLogPartition(theta: Float64Array, out: Float64Array): Float64Array;
  /** Hessian of F at theta (row-major dim x dim) = Cov[T(X)] = Fisher information in theta. */
  hessLogPartition(theta: Float64Array, out: Float64Array): Float64Array;
  /** Inverse Legendre map theta = grad F*(eta). Must be accurate to float64 where possible. */
  thetaFromEta(eta: Float64Array, out: Float64Array): Float64Array;
  /** Whether theta lies in the (open) natural parameter space. */
  isNaturalValid(theta: Float64Array): boolean;
  /** Whether eta lies in the interior of the expectation parameter space. */
  isExpectationValid(eta: Float64Array): boolean;

  /** Sufficient statistic T(x). */
  sufficientStat(x: Sample, out: Float64Array): Float64Array;
  /** log h(x), the log base measure (includes constants such as -log(2 pi)/2). */
  logBaseMeasure(x: Sample): number;
  /** Whether x lies in the support. */
  inSupport(x: Sample): boolean;
  /** E_theta[log h(X)], needed for the entropy H = F - <theta, eta> - E[log h]. */
  expectedLogBaseMeasure(theta: Float64Array): number;

  /** Natural parameters from the flat source parameter vector. */
  thetaFromSource(source: Float64Array, out: Float64Array): Float64Array;
  /** Flat source parameter vector from natural parameters. */
  sourceFromTheta(theta: Float64Array, out: Float64Array): Float64Array;
  /** Jacobian d theta_i / d source_j (row-major dim x dim) at the given source point. */
  sourceJacobian(source: Float64Array, out: Float64Array): Float64Array;
  /** Throws InfogeoError unless the flat source vector is valid. `where` names the caller. */
  validateSource(source: Float64Array, where: string): void;
  /** The source parameters as the named object users write, e.g. `{ mu, sigma }`. */
  params(source: Float64Array): P;

  /** Mean of X: a number, or a Float64Array for vector observations. */
  mean(theta: Float64Array): number | Float64Array;
  /** Variance of X: a number, or the row-major covariance matrix for vector observations. */
  variance(theta: Float64Array): number | Float64Array;
  /** n independent draws. */
  sample(theta: Float64Array, n: number, rng: Rng): Sample[];

  // ---- optional closed-form overrides, each tested against the generic derivation ----
  /** Dual potential F*(eta) = <theta, eta> - F(theta) in closed form. */
  dualPotential?(eta: Float64Array): number;
  /** Differential/Shannon entropy in closed form. */
  entropy?(theta: Float64Array): number;
  /** KL(p || q) in closed form from natural parameters, more accurate than the Bregman form. */
  kl?(thetaP: Float64Array, thetaQ: Float64Array): number;
  /**
   * log p(x; theta) in a form that avoids the cancellation of <theta, T(x)> - F(theta) when
   * both terms are large (e.g. a normal with |mu| >> sigma). Called only for x in the support.
   */
  logDensity?(theta: Float64Array, x: Sample): number;
  /**
   * Fisher information in source coordinates in closed form (row-major, written into `out`),
   * avoiding the cancellation of the pullback J^T Hess F J.
   */
  fisherSource?(source: Float64Array, out: Float64Array): Float64Array;
}
