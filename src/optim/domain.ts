/**
 * Step acceptance: keep the parameters inside their domain (a positive scale, a probability,
 * a valid natural parameter) by halving a step that would leave it, or report the step with a
 * typed error. An optimiser never continues from a point outside the domain or from NaN.
 */
import { InfogeoError } from '../errors.js';
import type { GradientTransformation } from './transform.js';
import { checkFunction } from './checks.js';

/** Options of {@link constrainToDomain}. */
export interface DomainOptions {
  /** Whether a parameter vector lies in the (open) domain. */
  inDomain: (params: Float64Array) => boolean;
  /** Halve a step that leaves the domain (up to `maxHalvings` times) instead of throwing. Default false. */
  backtrack?: boolean;
  /** Most halvings before giving up. Integer >= 1. Default 50 (a factor of about 1e-15). */
  maxHalvings?: number;
}

/** Whether every entry of params + step is finite and the point is in the domain. */
function accepted(params: Float64Array, step: Float64Array, inDomain: (x: Float64Array) => boolean): boolean {
  const x = new Float64Array(params.length);
  for (let i = 0; i < x.length; i++) {
    x[i] = params[i] + step[i];
    if (!Number.isFinite(x[i])) return false;
  }
  return inDomain(x) === true;
}

/** Reads and checks the domain options; `where` names the optimiser in errors. */
export function domainSettings(where: string, options: Partial<DomainOptions>): { inDomain?: (x: Float64Array) => boolean; backtrack: boolean; maxHalvings: number } {
  const { inDomain } = options;
  if (inDomain !== undefined) checkFunction(where, 'inDomain', inDomain, 'a function params -> boolean');
  const backtrack = options.backtrack ?? false;
  if (typeof backtrack !== 'boolean') throw new InfogeoError(where, 'backtrack', backtrack, 'true or false');
  if (backtrack && inDomain === undefined) throw new InfogeoError(where, 'inDomain', inDomain, 'a function params -> boolean (backtracking needs the domain)');
  const maxHalvings = options.maxHalvings ?? 50;
  if (!Number.isInteger(maxHalvings) || maxHalvings < 1) throw new InfogeoError(where, 'maxHalvings', maxHalvings, 'an integer >= 1');
  return { inDomain, backtrack, maxHalvings };
}

/** Throws unless the current parameters are in the domain: no step can repair a bad start. */
export function checkStart(where: string, params: Float64Array, inDomain: (x: Float64Array) => boolean): void {
  if (inDomain(params) !== true) {
    throw new InfogeoError(where, 'params', params, 'parameters inside the domain (inDomain(params) is false)');
  }
}

/** The error for a step that leaves the domain. */
export function leavesDomain(where: string, step: Float64Array, halvings: number | undefined): InfogeoError {
  return new InfogeoError(
    where,
    'step',
    step,
    'a step that keeps the parameters in the domain',
    halvings === undefined
      ? 'the step leaves the parameter domain; pass backtrack: true to halve it, or lower the learning rate'
      : `the step leaves the parameter domain even after ${halvings} halvings`,
  );
}

/**
 * Wraps a transformation so that params + step stays in the domain: a step that leaves it is
 * halved until it does (backtracking) or reported with an InfogeoError. The wrapped state is
 * the inner state, unchanged.
 *
 * Formula: step' = step / 2^k with the least k in 0..maxHalvings for which params + step' is
 * finite and inDomain; without backtracking only k = 0 is tried. Domain: inDomain(params) must
 * hold (else InfogeoError naming 'params').
 *
 * @example
 * const opt = constrainToDomain(sgd(1), { inDomain: (x) => x[0] > 0, backtrack: true });
 * const x = Float64Array.of(1);
 * opt.update(Float64Array.of(3), opt.init(x), x)[0] // Float64Array [-0.75]  (-3 halved twice)
 */
export function constrainToDomain<S>(t: GradientTransformation<S>, options: DomainOptions, where = 'constrainToDomain'): GradientTransformation<S> {
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { inDomain, backtrack }');
  const { inDomain, backtrack, maxHalvings } = domainSettings(where, options);
  if (inDomain === undefined) throw new InfogeoError(where, 'inDomain', inDomain, 'a function params -> boolean');
  return {
    init: (params) => t.init(params),
    update: (grad, state, params) => {
      checkStart(where, params, inDomain);
      const [step, next] = t.update(grad, state, params);
      if (accepted(params, step, inDomain)) return [step, next];
      if (!backtrack) throw leavesDomain(where, step, undefined);
      const s = Float64Array.from(step);
      for (let k = 1; k <= maxHalvings; k++) {
        for (let i = 0; i < s.length; i++) s[i] *= 0.5;
        if (accepted(params, s, inDomain)) return [s, next];
      }
      throw leavesDomain(where, step, maxHalvings);
    },
  };
}
