import { InfogeoError } from '../errors.js';

/**
 * log(1 + exp(x)) without overflow or loss of precision (the softplus). Uses the thresholds of
 * Maechler (2012), "Accurately computing log(1 - exp(-|a|))". Domain: any number but NaN
 * (log1pexp(-Infinity) = 0, log1pexp(Infinity) = Infinity).
 * @example log1pexp(0) // 0.6931471805599453; log1pexp(800) // 800
 */
export function log1pexp(x: number): number {
  if (Number.isNaN(x)) throw new InfogeoError('log1pexp', 'x', x, 'a number (not NaN)');
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * log(1 - exp(x)) for x <= 0, accurate near 0 and for large |x| (Maechler 2012).
 * log1mexp(0) = -Infinity, log1mexp(-Infinity) = 0; x > 0 or NaN throws.
 * @example log1mexp(-1e-20) // -46.0517...; log1mexp(-50) // -1.9287e-22
 */
export function log1mexp(x: number): number {
  if (!(x <= 0)) throw new InfogeoError('log1mexp', 'x', x, 'a number <= 0');
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * The logistic function 1 / (1 + exp(-x)), with no overflow for any x (NaN throws).
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(x: number): number {
  if (Number.isNaN(x)) throw new InfogeoError('sigmoid', 'x', x, 'a number (not NaN)');
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * log(sum_i exp(x_i)) with the maximum factored out, so no overflow; -Infinity for an empty
 * input or all entries -Infinity, +Infinity if any entry is +Infinity. Accumulation is
 * compensated (Neumaier) for long inputs. A NaN entry throws.
 * @example logsumexp([1000, 1000]) // 1000.6931471805599
 */
export function logsumexp(x: ArrayLike<number>): number {
  const n = x.length;
  let m = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v > m) m = v;
    else if (Number.isNaN(v)) throw new InfogeoError('logsumexp', `x[${i}]`, v, 'a number (not NaN)');
  }
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const t = Math.exp(x[i] - m);
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? s - u + t : t - u + s;
    s = u;
  }
  return m + Math.log(s + c);
}
