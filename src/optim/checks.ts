/**
 * Argument checks shared by the transformations of this folder (internal: not re-exported).
 */
import { InfogeoError } from '../errors.js';

/** Throws unless x is a finite number in [0, 1). */
export function checkUnitInterval(where: string, param: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x >= 1) {
    throw new InfogeoError(where, param, x, 'a number in [0, 1)');
  }
  return x;
}

/** Throws unless x is a finite number >= 0. */
export function checkNonNegative(where: string, param: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new InfogeoError(where, param, x, 'a finite number >= 0');
  return x;
}

/** Throws unless the gradient has the length the state was initialised with. */
export function checkLength(where: string, param: string, v: Float64Array, n: number): void {
  if (!(v instanceof Float64Array) || v.length !== n) {
    throw new InfogeoError(where, param, v, `a Float64Array of ${n} finite numbers (the length of the parameters)`, v instanceof Float64Array ? `got length ${v.length}` : undefined);
  }
}

/** Throws unless f is a function. */
export function checkFunction(where: string, param: string, f: unknown, what: string): void {
  if (typeof f !== 'function') throw new InfogeoError(where, param, f, what);
}
