import { InfogeoError } from '../errors.js';

/**
 * Modified Bessel functions of the first kind, orders 0 and 1, in two regimes:
 *
 * - x <= SERIES_MAX: the power series I0(x) = sum_k q^k / (k!)^2 and
 *   I1(x) = (x/2) sum_k q^k / (k! (k+1)!), q = x^2/4. Every term is positive, so the relative
 *   error is a few ulps whatever x (no cancellation), at the price of ~x/2 + 20 terms.
 * - x > SERIES_MAX: Hankel's asymptotic expansion (Abramowitz & Stegun 9.7.1)
 *   I_nu(x) ~ e^x / sqrt(2 pi x) sum_k (-1)^k a_k(nu) / x^k, truncated where its terms stop
 *   decreasing (k ~ 2x), so the error is of order e^(-2x) < 5e-18 for x > 20.
 *
 * The crossover balances the two: the series needs more terms as x grows, the expansion more
 * accuracy as x shrinks; at 20 both agree with mpmath to a few ulps.
 */
export const BESSEL_SERIES_MAX = 20;

/** Largest number of asymptotic terms ever needed: the smallest term sits near k = 2x = 40. */
const ASYMPTOTIC_TERMS = 64;

/** Stop summing once a term is below this fraction of the running sum (< eps / 20). */
const SUM_TOLERANCE = 1e-17;

/**
 * alpha_k = ((2k-1)!!)^2 / (k! 8^k): coefficients of e^-x sqrt(2 pi x) I0(x) in powers of 1/x
 * (all positive). Index 0 holds alpha_1.
 */
export const ASYMPTOTIC_I0 = new Float64Array(ASYMPTOTIC_TERMS);
/**
 * beta_k = (-1)^k prod_{j<=k} (4 - (2j-1)^2) / (k! 8^k): coefficients of e^-x sqrt(2 pi x) I1(x)
 * (all negative for k >= 1). Index 0 holds beta_1 = -3/8.
 */
export const ASYMPTOTIC_I1 = new Float64Array(ASYMPTOTIC_TERMS);
{
  let a = 1;
  let b = 1;
  for (let k = 1; k <= ASYMPTOTIC_TERMS; k++) {
    a *= ((2 * k - 1) * (2 * k - 1)) / (8 * k);
    b *= ((2 * k - 3) * (2 * k + 1)) / (8 * k);
    ASYMPTOTIC_I0[k - 1] = a;
    ASYMPTOTIC_I1[k - 1] = b;
  }
}

/**
 * sum_{k>=1} c_k / x^k for an asymptotic series with coefficients c (c[0] = c_1), stopped at
 * the first term below SUM_TOLERANCE relative, or where the terms begin to grow (optimal
 * truncation). Requires x > BESSEL_SERIES_MAX.
 */
export function asymptoticSum(c: Float64Array, x: number): number {
  const inv = 1 / x;
  let power = inv;
  let sum = 0;
  let previous = Infinity;
  for (let k = 0; k < c.length; k++) {
    const term = c[k] * power;
    const size = Math.abs(term);
    if (size > previous) break;
    sum += term;
    if (size <= SUM_TOLERANCE * Math.abs(sum)) break;
    previous = size;
    power *= inv;
  }
  return sum;
}

/** I0(x) - 1 = sum_{k>=1} q^k / (k!)^2 with q = x^2/4. For x <= BESSEL_SERIES_MAX. */
export function seriesI0Minus1(q: number): number {
  let term = q;
  let sum = q;
  for (let k = 2; term > SUM_TOLERANCE * sum; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** 2 I1(x) / x - 1 = sum_{k>=1} q^k / (k! (k+1)!) with q = x^2/4. For x <= BESSEL_SERIES_MAX. */
export function seriesI1Minus1(q: number): number {
  let term = q / 2;
  let sum = term;
  for (let k = 2; term > SUM_TOLERANCE * sum; k++) {
    term *= q / (k * (k + 1));
    sum += term;
  }
  return sum;
}

const HALF_LOG_2PI = 0.9189385332046728; // log(2 pi) / 2

function checkNonNegative(where: string, x: number): void {
  if (!(x >= 0)) throw new InfogeoError(where, 'x', x, 'a number >= 0');
}

/**
 * log I0(x), the log of the modified Bessel function of the first kind of order 0, for x >= 0.
 * Relative error about 1e-16: near 0 it is log1p of the series (log I0(x) ~ x^2/4); for large x
 * it is x - log(2 pi x)/2 + log1p(asymptotic series), finite up to x = 1.7e308.
 * logBesselI0(Infinity) = Infinity; x < 0 or NaN throws.
 * @example logBesselI0(1) // 0.23591435850717865 (I0(1) = 1.2660658777520082)
 * @example logBesselI0(1e10) // 9999999987.568136 (no overflow)
 */
export function logBesselI0(x: number): number {
  checkNonNegative('logBesselI0', x);
  if (x === Infinity) return Infinity;
  if (x <= BESSEL_SERIES_MAX) return Math.log1p(seriesI0Minus1(0.25 * x * x));
  return x - HALF_LOG_2PI - 0.5 * Math.log(x) + Math.log1p(asymptoticSum(ASYMPTOTIC_I0, x));
}

/**
 * log I1(x), the log of the modified Bessel function of the first kind of order 1, for x >= 0.
 * Relative error about 1e-16, except near its root x = 1.5906... (where I1 = 1) where the error
 * is about 1e-16 absolute (the sum log(x/2) + log1p(series) cancels there).
 * log I1(x) ~ log(x/2) as x -> 0, so logBesselI1(0) = -Infinity (I1(0) = 0).
 * logBesselI1(Infinity) = Infinity; x < 0 or NaN throws.
 * @example logBesselI1(1) // -0.5706479874908312 (I1(1) = 0.5651591039924851)
 * @example logBesselI1(1e-300) // -691.4686750787736 (= log(5e-301))
 */
export function logBesselI1(x: number): number {
  checkNonNegative('logBesselI1', x);
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  if (x <= BESSEL_SERIES_MAX) return Math.log(x) - Math.LN2 + Math.log1p(seriesI1Minus1(0.25 * x * x));
  return x - HALF_LOG_2PI - 0.5 * Math.log(x) + Math.log1p(asymptoticSum(ASYMPTOTIC_I1, x));
}
