/**
 * The one error class the library throws for bad input. Every public function validates its
 * arguments and throws an `InfogeoError` naming the parameter, the offending value and the valid
 * domain, so that no silent NaN ever leaves the library.
 *
 * @example
 * try { normal(0, -1); } catch (e) { if (e instanceof InfogeoError) console.log(e.message); }
 * // normal: sigma = -1 is invalid; expected a finite number > 0
 */
export class InfogeoError extends Error {
  /** Name of the offending parameter, e.g. `'sigma'` or `'probs'`. */
  readonly param: string;
  /** The offending value (as given). */
  readonly value: unknown;
  /** Plain-language description of the valid domain, e.g. `'a finite number > 0'`. */
  readonly domain: string;

  constructor(where: string, param: string, value: unknown, domain: string, detail?: string) {
    super(
      `${where}: ${param} = ${formatValue(value)} is invalid; expected ${domain}` +
        (detail ? ` (${detail})` : ''),
    );
    this.name = 'InfogeoError';
    this.param = param;
    this.value = value;
    this.domain = domain;
  }
}

/** Short printable form of a value for error messages (arrays are abbreviated). */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Float64Array || Array.isArray(v)) {
    const arr = Array.from(v as ArrayLike<unknown>);
    const shown = arr.slice(0, 6).map((x) => (Array.isArray(x) ? `[${formatValue(x)}]` : formatValue(x)));
    return `[${shown.join(', ')}${arr.length > 6 ? `, ... (${arr.length} entries)` : ''}]`;
  }
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'function') return `<function ${v.name || 'anonymous'}>`;
  if (typeof v === 'object' && v !== null && 'family' in v) {
    const f = (v as { family: { id?: string } }).family;
    return f?.id ? `<${f.id} distribution>` : '<distribution>';
  }
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Throws unless `x` is a finite number. Returns `x`. */
export function checkFinite(where: string, param: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new InfogeoError(where, param, x, 'a finite number');
  }
  return x;
}

/** Throws unless `x` is a finite number strictly greater than 0. */
export function checkPositive(where: string, param: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) {
    throw new InfogeoError(where, param, x, 'a finite number > 0');
  }
  return x;
}

/** Throws unless `lo < x < hi` (open interval) and finite. */
export function checkOpenInterval(where: string, param: string, x: unknown, lo: number, hi: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x > lo && x < hi)) {
    throw new InfogeoError(where, param, x, `a number in the open interval (${lo}, ${hi})`);
  }
  return x;
}

/** Throws unless `x` is an integer >= `min`. */
export function checkInteger(where: string, param: string, x: unknown, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) {
    throw new InfogeoError(where, param, x, `an integer >= ${min}`);
  }
  return x;
}

/** Throws unless `v` is an array-like of finite numbers of the given length (if given). */
export function checkVector(where: string, param: string, v: unknown, length?: number): Float64Array {
  if (!(Array.isArray(v) || v instanceof Float64Array)) {
    throw new InfogeoError(where, param, v, length === undefined ? 'an array of finite numbers' : `an array of ${length} finite numbers`);
  }
  const arr = v as ArrayLike<unknown>;
  if (length !== undefined && arr.length !== length) {
    throw new InfogeoError(where, param, v, `an array of ${length} finite numbers`, `got length ${arr.length}`);
  }
  if (arr.length === 0) throw new InfogeoError(where, param, v, 'a non-empty array of finite numbers');
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new InfogeoError(where, `${param}[${i}]`, x, 'a finite number');
    }
    out[i] = x;
  }
  return out;
}

/** Throws unless `v` is a probability vector (entries >= 0, sum within 1e-9·k of 1). */
export function checkProbabilityVector(where: string, param: string, v: unknown, minLength = 2): Float64Array {
  const p = checkVector(where, param, v);
  if (p.length < minLength) {
    throw new InfogeoError(where, param, v, `a probability vector with at least ${minLength} entries`);
  }
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0)) throw new InfogeoError(where, `${param}[${i}]`, p[i], 'a probability >= 0');
    s += p[i];
  }
  if (Math.abs(s - 1) > 1e-9 * Math.max(1, Math.sqrt(p.length))) {
    throw new InfogeoError(where, param, v, 'a probability vector whose entries sum to 1', `they sum to ${s}`);
  }
  return p;
}

/**
 * Throws if a computed result is not finite: the library's guard against silent NaN.
 * Use at the end of numerical routines whose inputs were valid but which may still overflow.
 */
export function checkResult(where: string, what: string, x: number): number {
  if (!Number.isFinite(x)) {
    throw new InfogeoError(where, what, x, 'a finite result', 'the computation overflowed or was undefined for these arguments');
  }
  return x;
}
