/**
 * Kullback-Leibler divergence and Bregman divergences.
 *
 * Argument order: kl(p, q) = KL(p || q) = E_p[log p(X) - log q(X)], the expected log-likelihood
 * ratio under the FIRST argument. For an exponential family with log-partition F it equals the
 * Bregman divergence of F with the arguments swapped:
 * KL(p_theta1 || p_theta2) = B_F(theta2 : theta1) = F(theta2) - F(theta1) - <theta2 - theta1, eta1>.
 */
import { checkSameFamily, type Distribution } from '../families/distribution.js';
import { klNatural } from '../families/derive.js';
import { checkResult, checkVector, InfogeoError } from '../errors.js';

/**
 * KL(p || q) in nats, for two distributions of the same family. Uses the family's closed form
 * when it has one (each tested against the Bregman form), else the Bregman divergence of F.
 *
 * @throws InfogeoError if p and q are not distributions of the same family
 * @example kl(normal(0, 1), normal(1, 2)) // 0.4431471805599453
 */
export function kl(p: Distribution<unknown>, q: Distribution<unknown>): number {
  const [a, b] = checkSameFamily('kl', p, q);
  return checkResult('kl', 'KL(p || q)', klNatural(a.family, a.theta, b.theta));
}

/** A strictly convex differentiable generator for `bregman`: value and gradient. */
export interface BregmanGenerator {
  /** phi(x). */
  value(x: Float64Array): number;
  /** grad phi(x), written into `out` and returned. */
  grad(x: Float64Array, out: Float64Array): Float64Array;
}

/**
 * Bregman divergence B_phi(a : b) = phi(a) - phi(b) - <a - b, grad phi(b)> of a convex
 * generator phi, for any dimension. With phi = F (a log-partition), B_F(theta2 : theta1) is
 * KL(p_theta1 || p_theta2); with phi = |x|^2 / 2 it is half the squared Euclidean distance.
 *
 * @example bregman(squaredNorm, [1, 2], [0, 0]) // 2.5
 */
export function bregman(phi: BregmanGenerator, a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (phi === null || typeof phi !== 'object' || typeof phi.value !== 'function' || typeof phi.grad !== 'function') {
    throw new InfogeoError('bregman', 'phi', phi, 'a generator { value(x), grad(x, out) }');
  }
  const x = checkVector('bregman', 'a', a);
  const y = checkVector('bregman', 'b', b, x.length);
  const g = phi.grad(y, new Float64Array(y.length));
  let inner = 0;
  for (let i = 0; i < x.length; i++) inner += (x[i] - y[i]) * g[i];
  return checkResult('bregman', 'B_phi(a : b)', phi.value(x) - phi.value(y) - inner);
}

/** phi(x) = |x|^2 / 2: its Bregman divergence is half the squared Euclidean distance. */
export const squaredNorm: BregmanGenerator = {
  value(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return 0.5 * s;
  },
  grad(x, out) {
    out.set(x);
    return out;
  },
};

/** phi(x) = sum x_i log x_i - x_i on the positive orthant: Bregman is the generalised KL (I-divergence). */
export const negEntropy: BregmanGenerator = {
  value(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] > 0 ? x[i] * Math.log(x[i]) - x[i] : 0;
    return s;
  },
  grad(x, out) {
    for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
    return out;
  },
};

/** The Bregman generator of a family's log-partition F, on natural parameters. */
export function logPartitionGenerator(family: Distribution<unknown>['family']): BregmanGenerator {
  return {
    value: (x) => family.logPartition(x),
    grad: (x, out) => family.gradLogPartition(x, out),
  };
}
