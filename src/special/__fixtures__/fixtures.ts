import { readFileSync } from 'node:fs';

/**
 * Tolerance on typical arguments: 1e-13 relative (to the row's scale) is ~450 ulps, room for
 * the few-ulp errors of the methods plus the argument's own conditioning, yet far below the
 * 1e-8 to 1e-6 errors of a wrong branch, a missing term or a single-precision shortcut.
 */
export const TYPICAL_TOL = 1e-13;

/**
 * Tolerance in the tails (tiny and huge arguments, a -> 0 and 1): 1e-10, since there the
 * conditioning grows (e.g. lgamma(x) for x = 1e12 carries x log x rounding in its argument)
 * and an asymptotic regime is allowed a looser contract; measured errors are still ~1e-15.
 */
export const TAIL_TOL = 1e-10;

/**
 * Reference values written by gen_special.py (mpmath at 80 digits). A row is
 * [...args, value, scale]; a computed value passes when |computed - value| <= tol * scale.
 */
export interface FixtureSet {
  typical: number[][];
  tail: number[][];
}

export type FixtureName =
  | 'lgamma'
  | 'digamma'
  | 'trigamma'
  | 'polygamma'
  | 'logBesselI0'
  | 'logBesselI1'
  | 'besselI1OverI0'
  | 'besselI1OverI0Derivative'
  | 'inverseBesselI1OverI0';

const data = JSON.parse(readFileSync(new URL('./special.json', import.meta.url), 'utf8')) as Record<
  FixtureName,
  FixtureSet
>;

export function fixtures(name: FixtureName): FixtureSet {
  return data[name];
}

/** Worst scaled error of fn over the rows, and the row where it occurs. */
export function worstScaledError(
  rows: number[][],
  fn: (...args: number[]) => number,
): { error: number; row: number[]; computed: number } {
  let worst = { error: 0, row: [] as number[], computed: NaN };
  for (const row of rows) {
    const args = row.slice(0, -2);
    const value = row[row.length - 2];
    const scale = row[row.length - 1];
    const computed = fn(...args);
    const diff = computed === value ? 0 : Math.abs(computed - value);
    const error = diff === 0 ? 0 : scale === 0 ? Infinity : diff / scale;
    if (!(error <= worst.error)) worst = { error, row, computed };
  }
  return worst;
}
