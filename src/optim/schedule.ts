/**
 * Learning-rate schedules: functions from the step count (0, 1, 2, ...) to a multiplier.
 * Pure and stateless; the count is carried by the transformation that uses them
 * ({@link scaleBySchedule}). Conventions follow optax's `schedules` module, so a schedule
 * written for one reads the same here.
 */
import { InfogeoError, checkFinite, checkPositive } from '../errors.js';

/** A learning-rate schedule: step count (an integer >= 0) -> value. */
export type Schedule = (count: number) => number;

function checkSteps(where: string, param: string, x: unknown, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) throw new InfogeoError(where, param, x, `an integer >= ${min}`);
  return x;
}

/** Step counts are non-negative integers; anything else is a caller's bug, not a value to clamp. */
function checkCount(where: string, count: number): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new InfogeoError(where, 'count', count, 'an integer >= 0');
  }
  return count;
}

/**
 * The schedule that always returns `value`.
 *
 * Formula: s(t) = value. Domain: value finite.
 *
 * @example constantSchedule(0.1)(1000) // 0.1
 */
export function constantSchedule(value: number): Schedule {
  checkFinite('constantSchedule', 'value', value);
  return (count) => (checkCount('constantSchedule', count), value);
}

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  /** s(0). Finite. */
  initValue: number;
  /** Factor applied every `transitionSteps` steps. Finite, > 0 (< 1 decays, > 1 grows). */
  decayRate: number;
  /** Steps per factor of `decayRate`. Integer >= 1. Default 1. */
  transitionSteps?: number;
  /** Apply the factor in whole jumps (floor(t / transitionSteps)) instead of continuously. Default false. */
  staircase?: boolean;
  /** Steps before the decay starts (s is initValue until then). Integer >= 0. Default 0. */
  transitionBegin?: number;
  /** Bound the value is clipped to: a floor when decaying, a ceiling when growing. Default none. */
  endValue?: number;
}

/**
 * Exponential decay of the learning rate.
 *
 * Formula: s(t) = initValue * decayRate^(k / transitionSteps) with k = max(t - transitionBegin, 0)
 * (k / transitionSteps rounded down with `staircase`), then clipped at `endValue` if given.
 *
 * @example exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 10 })(20) // 0.25
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const where = 'exponentialDecay';
  const init = checkFinite(where, 'initValue', options?.initValue);
  const rate = checkPositive(where, 'decayRate', options.decayRate);
  const steps = checkSteps(where, 'transitionSteps', options.transitionSteps ?? 1, 1);
  const begin = checkSteps(where, 'transitionBegin', options.transitionBegin ?? 0, 0);
  const staircase = options.staircase ?? false;
  const end = options.endValue === undefined ? undefined : checkFinite(where, 'endValue', options.endValue);
  return (count) => {
    const k = Math.max(checkCount(where, count) - begin, 0);
    const e = staircase ? Math.floor(k / steps) : k / steps;
    const v = init * Math.pow(rate, e);
    if (end === undefined) return v;
    return rate < 1 ? Math.max(v, end) : Math.min(v, end);
  };
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** s(0). Finite. */
  initValue: number;
  /** Steps over which the value decays; constant afterwards. Integer >= 1. */
  decaySteps: number;
  /** Final value as a fraction of initValue. Finite. Default 0. */
  alpha?: number;
}

/**
 * Cosine decay (Loshchilov and Hutter 2017, "SGDR", without restarts).
 *
 * Formula: s(t) = initValue * ((1 - alpha) (1 + cos(pi min(t, T) / T)) / 2 + alpha), T = decaySteps.
 *
 * @example cosineDecay({ initValue: 1, decaySteps: 100 })(50) // 0.5
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const where = 'cosineDecay';
  const init = checkFinite(where, 'initValue', options?.initValue);
  const T = checkSteps(where, 'decaySteps', options.decaySteps, 1);
  const alpha = checkFinite(where, 'alpha', options.alpha ?? 0);
  return (count) => {
    const t = Math.min(checkCount(where, count), T);
    return init * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * t) / T)) + alpha);
  };
}

/** Options of {@link warmupCosine}. */
export interface WarmupCosineOptions {
  /** s(0), the start of the linear warm-up. Finite. Default 0. */
  initValue?: number;
  /** Value at the end of the warm-up, where the cosine starts. Finite. */
  peakValue: number;
  /** Length of the linear warm-up. Integer >= 0. */
  warmupSteps: number;
  /** Total length, warm-up included (optax's convention). Integer > warmupSteps. */
  decaySteps: number;
  /** Value at t >= decaySteps. Finite. Default 0. */
  endValue?: number;
}

/**
 * Linear warm-up followed by cosine decay.
 *
 * Formula: s(t) = init + (peak - init) t / W for t < W; then
 * s(t) = end + (peak - end) (1 + cos(pi min(t - W, T - W) / (T - W))) / 2, W = warmupSteps, T = decaySteps.
 *
 * @example
 * const s = warmupCosine({ peakValue: 1, warmupSteps: 10, decaySteps: 110 });
 * [s(0), s(5), s(10), s(60), s(200)] // [0, 0.5, 1, 0.5, 0]
 */
export function warmupCosine(options: WarmupCosineOptions): Schedule {
  const where = 'warmupCosine';
  const init = checkFinite(where, 'initValue', options?.initValue ?? 0);
  const peak = checkFinite(where, 'peakValue', options.peakValue);
  const W = checkSteps(where, 'warmupSteps', options.warmupSteps, 0);
  const T = checkSteps(where, 'decaySteps', options.decaySteps, W + 1);
  const end = checkFinite(where, 'endValue', options.endValue ?? 0);
  const span = T - W;
  return (count) => {
    const t = checkCount(where, count);
    if (t < W) return init + ((peak - init) * t) / W;
    const k = Math.min(t - W, span);
    return end + (peak - end) * 0.5 * (1 + Math.cos((Math.PI * k) / span));
  };
}

/** Options of {@link polynomialDecay}. */
export interface PolynomialDecayOptions {
  /** s(t) for t <= transitionBegin. Finite. */
  initValue: number;
  /** s(t) for t >= transitionBegin + transitionSteps. Finite. */
  endValue: number;
  /** Exponent of the decay (1 = linear). Finite, > 0. Default 1. */
  power?: number;
  /** Length of the decay. Integer >= 1. */
  transitionSteps: number;
  /** Steps before the decay starts. Integer >= 0. Default 0. */
  transitionBegin?: number;
}

/**
 * Polynomial interpolation from initValue to endValue.
 *
 * Formula: s(t) = (init - end) (1 - k / T)^power + end, k = min(max(t - transitionBegin, 0), T),
 * T = transitionSteps.
 *
 * @example polynomialDecay({ initValue: 1, endValue: 0, power: 2, transitionSteps: 10 })(5) // 0.25
 */
export function polynomialDecay(options: PolynomialDecayOptions): Schedule {
  const where = 'polynomialDecay';
  const init = checkFinite(where, 'initValue', options?.initValue);
  const end = checkFinite(where, 'endValue', options.endValue);
  const power = checkPositive(where, 'power', options.power ?? 1);
  const T = checkSteps(where, 'transitionSteps', options.transitionSteps, 1);
  const begin = checkSteps(where, 'transitionBegin', options.transitionBegin ?? 0, 0);
  return (count) => {
    const k = Math.min(Math.max(checkCount(where, count) - begin, 0), T);
    return (init - end) * Math.pow(1 - k / T, power) + end;
  };
}
