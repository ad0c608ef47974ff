/**
 * Scaling by a schedule, and the learning-rate block that ends every descent chain.
 */
import { InfogeoError, checkPositive } from '../errors.js';
import { checkFiniteVector, type GradientTransformation } from './transform.js';
import type { Schedule } from './schedule.js';

/** A learning rate: a constant > 0, or a schedule of the step count. */
export type LearningRate = number | Schedule;

/** State of {@link scaleBySchedule}: how many updates have been made. */
export interface ScheduleState {
  readonly count: number;
}

/**
 * Multiplies the update by `schedule(count)`, where count is the number of previous updates.
 *
 * Formula: u_t = s(t) g_t, t = 0, 1, 2, ... Domain: s(t) must be finite (else InfogeoError);
 * the gradient must be finite.
 *
 * @example
 * const t = scaleBySchedule((k) => 1 / (k + 1));
 * let s = t.init(Float64Array.of(0));
 * const [u0, s1] = t.update(Float64Array.of(6), s, Float64Array.of(0)); // u0 = [6]
 * const [u1] = t.update(Float64Array.of(6), s1, Float64Array.of(0));    // u1 = [3]
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<ScheduleState> {
  if (typeof schedule !== 'function') throw new InfogeoError('scaleBySchedule', 'schedule', schedule, 'a function count -> number');
  return {
    init: () => ({ count: 0 }),
    update: (grad, state) => {
      checkFiniteVector('scaleBySchedule', 'grad', grad);
      const factor = schedule(state.count);
      if (typeof factor !== 'number' || !Number.isFinite(factor)) {
        throw new InfogeoError('scaleBySchedule', `schedule(${state.count})`, factor, 'a finite number');
      }
      const out = new Float64Array(grad.length);
      for (let i = 0; i < grad.length; i++) out[i] = factor * grad[i];
      return [out, { count: state.count + 1 }];
    },
  };
}

/**
 * The last block of a descent chain: multiplies by -lr (a constant or a schedule), turning a
 * direction into a step that is added to the parameters.
 *
 * Formula: u_t = -lr(t) g_t. Domain: a constant lr is finite and > 0; a schedule's values must
 * be finite. The state is `{ count }` for a schedule and null for a constant.
 *
 * @example
 * const t = scaleByLearningRate(0.1);
 * t.update(Float64Array.of(1, -2), t.init(Float64Array.of(0, 0)), Float64Array.of(0, 0))[0]
 * // Float64Array [-0.1, 0.2]
 */
export function scaleByLearningRate(lr: LearningRate): GradientTransformation<ScheduleState | null> {
  if (typeof lr === 'function') {
    const inner = scaleBySchedule((k) => -lr(k));
    return inner as GradientTransformation<ScheduleState | null>;
  }
  const rate = checkPositive('scaleByLearningRate', 'lr', lr);
  return {
    init: () => null,
    update: (grad, state) => {
      checkFiniteVector('scaleByLearningRate', 'grad', grad);
      const out = new Float64Array(grad.length);
      for (let i = 0; i < grad.length; i++) out[i] = -rate * grad[i];
      return [out, state];
    },
  };
}
