/**
 * Mirror descent: take the gradient step in the dual coordinates y = grad phi(x) of a strictly
 * convex mirror map phi, then map back with grad phi* = (grad phi)^{-1}. Each step solves
 * x_{t+1} = argmin_x <g_t, x> + (1 / lr) B_phi(x : x_t), a proximal step in the Bregman
 * divergence of phi instead of in squared distance.
 *
 * With phi = F, the log-partition of an exponential family, on natural parameters theta, the dual
 * coordinates are eta = grad F(theta) and the step is eta_{t+1} = eta_t - lr grad_theta L: this
 * is natural gradient descent taken in expectation coordinates (since grad_eta L =
 * G_eta grad_theta L with G_eta = F^{-1}_eta the Fisher metric in eta), and B_F is a KL.
 * References: Nemirovski and Yudin (1983); Beck and Teboulle (2003), "Mirror descent and
 * nonlinear projected subgradient methods for convex optimization"; Raskutti and Mukherjee
 * (2015), "The information geometry of mirror descent", IEEE Trans. Inf. Theory 61.
 */
import { InfogeoError, checkPositive } from '../errors.js';
import type { ExponentialFamily } from '../families/family.js';
import { checkFiniteVector, type GradientTransformation } from './transform.js';
import { checkFunction, checkLength } from './checks.js';
import { checkStart, domainSettings, leavesDomain } from './domain.js';
import type { LearningRate } from './scaleBySchedule.js';

/** A mirror map phi given by its gradient and the inverse of its gradient. */
export interface MirrorMap {
  /** y = grad phi(x), written into `out` and returned. */
  grad: (x: Float64Array, out: Float64Array) => Float64Array;
  /**
   * x = grad phi*(y) = (grad phi)^{-1}(y), written into `out` and returned. For a y outside the
   * dual domain it may write NaN: the step is then treated as leaving the domain.
   */
  inverseGrad: (y: Float64Array, out: Float64Array) => Float64Array;
  /** Whether x lies in the domain of phi (checked on every new point when given). */
  inDomain?: (x: Float64Array) => boolean;
}

/** Options of {@link mirrorDescent}. */
export interface MirrorDescentOptions {
  /** Step size in the dual coordinates: a constant > 0 or a schedule. */
  lr: LearningRate;
  mirror: MirrorMap;
  /** Domain of the parameters; defaults to mirror.inDomain. */
  inDomain?: (x: Float64Array) => boolean;
  /**
   * When the new point is outside the domain (or NaN), halve the dual step lr g (up to 50
   * times) instead of throwing. The halving is in the dual coordinates, where the update is
   * taken, so every accepted point is a mirror step of a smaller rate.
   */
  backtrack?: boolean;
}

/** State of {@link mirrorDescent}: the update count (for a learning-rate schedule). */
export interface MirrorDescentState {
  readonly count: number;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/**
 * Mirror descent with a given mirror map, returned as a transformation whose step is
 * x_{t+1} - x_t.
 *
 * Formula: x_{t+1} = grad phi*(grad phi(x_t) - lr g_t). Domain: lr > 0; x_t in the domain of phi
 * with grad phi(x_t) finite; g finite. A new point that is NaN or outside the domain throws an
 * InfogeoError ('the step leaves the parameter domain'), or is retried with lr / 2, lr / 4, ...
 * when backtrack is true.
 *
 * @example
 * // Exponentiated gradient on the simplex: x_i <- x_i e^{-lr g_i} / Z.
 * const opt = mirrorDescent({ lr: Math.log(2), mirror: entropyMirror() });
 * const x = Float64Array.of(0.5, 0.5);
 * opt.update(Float64Array.of(0, 1), opt.init(x), x)[0]
 * // [0.16666666666666663, -0.16666666666666669]  (x_next = [2/3, 1/3])
 */
export function mirrorDescent(options: MirrorDescentOptions): GradientTransformation<MirrorDescentState> {
  const where = 'mirrorDescent';
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { lr, mirror }');
  const { lr, mirror } = options;
  if (typeof lr !== 'function') checkPositive(where, 'lr', lr);
  if (mirror === null || typeof mirror !== 'object') throw new InfogeoError(where, 'mirror', mirror, 'a mirror map { grad, inverseGrad, inDomain? }');
  checkFunction(where, 'mirror.grad', mirror.grad, 'a function (x, out) -> grad phi(x)');
  checkFunction(where, 'mirror.inverseGrad', mirror.inverseGrad, 'a function (y, out) -> grad phi*(y)');
  if (mirror.inDomain !== undefined) checkFunction(where, 'mirror.inDomain', mirror.inDomain, 'a function x -> boolean');
  const { inDomain, backtrack } = domainSettings(where, { inDomain: options.inDomain ?? mirror.inDomain, backtrack: options.backtrack });
  const maxHalvings = 50;

  return {
    init: () => ({ count: 0 }),
    update: (grad, state, params) => {
      checkLength(where, 'grad', grad, params.length);
      checkFiniteVector(where, 'grad', grad);
      if (inDomain !== undefined) checkStart(where, params, inDomain);
      const n = params.length;
      const y = mirror.grad(params, new Float64Array(n));
      if (!allFinite(y)) throw new InfogeoError(where, 'params', params, 'a point where grad phi is finite (inside the mirror map\'s domain)');
      let rate = typeof lr === 'function' ? lr(state.count) : lr;
      if (typeof rate !== 'number' || !Number.isFinite(rate)) throw new InfogeoError(where, `lr(${state.count})`, rate, 'a finite number');
      const yNext = new Float64Array(n);
      const xNext = new Float64Array(n);
      const step = new Float64Array(n);
      for (let k = 0; k <= maxHalvings; k++) {
        for (let i = 0; i < n; i++) yNext[i] = y[i] - rate * grad[i];
        mirror.inverseGrad(yNext, xNext);
        for (let i = 0; i < n; i++) step[i] = xNext[i] - params[i];
        if (allFinite(xNext) && (inDomain === undefined || inDomain(xNext) === true)) {
          return [step, { count: state.count + 1 }];
        }
        if (!backtrack) throw leavesDomain(where, step, undefined);
        rate *= 0.5;
      }
      throw leavesDomain(where, step, maxHalvings);
    },
  };
}

/**
 * The log-partition F of an exponential family as a mirror map on natural parameters:
 * grad F(theta) = eta, grad F*(eta) = theta(eta) (the family's inverse Legendre map).
 * Mirror descent with it is natural gradient descent in expectation coordinates; its
 * Bregman divergence B_F(theta' : theta) is KL(p_theta || p_theta').
 *
 * Formula: theta_{t+1} = thetaFromEta(eta(theta_t) - lr grad_theta L). Domain: the family's
 * natural parameter space; a dual point outside the expectation space maps to NaN (so the step
 * is reported, or backtracked).
 *
 * @example
 * // Poisson: theta = log rate, eta = rate. From rate 2 with g = 0.5, lr = 1: eta 2 -> 1.5.
 * const opt = mirrorDescent({ lr: 1, mirror: logPartitionMirror(poissonFamily) });
 * const th = Float64Array.of(Math.log(2));
 * opt.update(Float64Array.of(0.5), opt.init(th), th)[0] // [log(1.5) - log(2)] = [-0.2876820724517809]
 */
export function logPartitionMirror(family: ExponentialFamily<any>): MirrorMap {
  const where = 'logPartitionMirror';
  if (family === null || typeof family !== 'object' || typeof family.gradLogPartition !== 'function' || typeof family.thetaFromEta !== 'function') {
    throw new InfogeoError(where, 'family', family, 'an exponential family (e.g. normalFamily, or a distribution\'s .family)');
  }
  return {
    grad: (theta, out) => family.gradLogPartition(theta, out),
    inverseGrad: (eta, out) => {
      if (!family.isExpectationValid(eta)) return out.fill(NaN);
      return family.thetaFromEta(eta, out);
    },
    inDomain: (theta) => family.isNaturalValid(theta),
  };
}

/**
 * The negative entropy phi(x) = sum_i x_i log x_i on the probability simplex (full probability
 * vectors, all entries > 0): mirror descent with it is the exponentiated-gradient algorithm.
 * grad phi(x) = log x (up to a multiple of 1, which the inverse ignores) and
 * grad phi*(y) = softmax(y).
 *
 * Formula: x_{t+1, i} = x_{t, i} exp(-lr g_i) / sum_j x_{t, j} exp(-lr g_j).
 * Domain: x_i > 0, sum_i x_i = 1 (to 1e-9 per entry). Reference: Kivinen and Warmuth (1997),
 * "Exponentiated gradient versus gradient descent for linear predictors".
 *
 * @example entropyMirror().inverseGrad(Float64Array.of(0, Math.log(3)), new Float64Array(2)) // [0.25, 0.7499999999999999]
 */
export function entropyMirror(): MirrorMap {
  return {
    grad: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
      return out;
    },
    inverseGrad: (y, out) => {
      let m = -Infinity;
      for (let i = 0; i < y.length; i++) if (y[i] > m) m = y[i];
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        out[i] = Math.exp(y[i] - m);
        s += out[i];
      }
      for (let i = 0; i < y.length; i++) out[i] /= s;
      return out;
    },
    inDomain: (x) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        if (!(x[i] > 0)) return false;
        s += x[i];
      }
      return Math.abs(s - 1) <= 1e-9 * x.length;
    },
  };
}
