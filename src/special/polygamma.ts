import { InfogeoError, checkInteger } from '../errors.js';
import { checkGammaArgument, digamma, lgamma, trigamma } from './gamma.js';

/**
 * B_{2k} / (2k)! for k = 1..22 (Bernoulli numbers; printed from mpmath at 40 digits). They
 * weight the Euler-Maclaurin tail of sum_k 1/(z + k)^(n+1).
 */
const BERNOULLI_OVER_FACTORIAL = [
  8.3333333333333333e-2, -1.3888888888888889e-3, 3.3068783068783069e-5, -8.2671957671957672e-7,
  2.0876756987868099e-8, -5.2841901386874932e-10, 1.3382536530684679e-11, -3.3896802963225829e-13,
  8.5860620562778446e-15, -2.1748686985580619e-16, 5.5090028283602295e-18, -1.3954464685812523e-19,
  3.5347070396294675e-21, -8.9535174270375469e-23, 2.2679524523376831e-24, -5.7447906688722024e-26,
  1.4551724756148649e-27, -3.6859949406653102e-29, 9.3367342570950447e-31, -2.3650224157006299e-32,
  5.9906717624821343e-34, -1.5174548844682903e-35,
];

/**
 * The asymptotic expansion is used from z >= n + SHIFT_MARGIN on. With the 22 terms above, the
 * k-th correction is about 2 (n+2k-1)! / ((n-1)! (2 pi z)^(2k)), below 1e-18 by k = 12 for
 * every n when z >= n + 10.
 */
const SHIFT_MARGIN = 10;

/** n! for n <= 22: all exact in double precision (22! has 51 significant bits). */
const EXACT_FACTORIAL_MAX = 22;
const FACTORIAL: number[] = [1];
for (let k = 1; k <= EXACT_FACTORIAL_MAX; k++) FACTORIAL.push(FACTORIAL[k - 1] * k);
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * n! / x^(n+1) for x > 0, split into two powers so that no intermediate overflows or underflows
 * unless the result does; falls back to logarithms (relative error about eps * |log result|)
 * for n > 22 or when a power leaves the double range.
 */
function factorialOverPower(n: number, x: number): number {
  if (n <= EXACT_FACTORIAL_MAX) {
    const h = (n + 1) >> 1;
    const p = FACTORIAL[n] * Math.pow(x, -h) * Math.pow(x, -(n + 1 - h));
    if (p >= MIN_NORMAL && p < Infinity) return p;
  }
  return Math.exp(lgamma(n + 1) - (n + 1) * Math.log(x));
}

/**
 * |psi^(n)(x)| = n! sum_{k>=0} 1/(x+k)^(n+1) for n >= 1, x > 0. All terms are positive, so
 * there is no cancellation: shift x up to z = x + N >= n + 10 by the recurrence, then
 * Euler-Maclaurin for the tail,
 *   n! sum_{k>=0} (z+k)^-(n+1) ~ (n-1)!/z^n + n!/(2 z^(n+1)) + sum_k B_2k (2k+n-1)!/((2k)! z^(2k+n)).
 * The sums are formed relative to their leading term ((n-1)!/x^n unshifted, n!/x^(n+1) shifted)
 * so that only that one factor can overflow or underflow, and only when the result does.
 */
function polygammaMagnitude(n: number, x: number): number {
  const zMin = n + SHIFT_MARGIN;
  const shifts = x >= zMin ? 0 : Math.ceil(zMin - x);
  const z = x + shifts;
  // Tail bracket 1 + n/(2z) + sum_k B_2k/(2k)! * n(n+1)...(n+2k-1) / z^(2k).
  const invZ2 = 1 / (z * z);
  let rising = 1; // n(n+1)...(n+2k-1) / z^(2k)
  let series = 0;
  for (let k = 1; k <= BERNOULLI_OVER_FACTORIAL.length; k++) {
    rising *= (n + 2 * k - 2) * (n + 2 * k - 1) * invZ2;
    const term = BERNOULLI_OVER_FACTORIAL[k - 1] * rising;
    series += term;
    if (Math.abs(term) < 1e-18 * (1 + series)) break;
  }
  const bracket = 1 + n / (2 * z) + series;
  // No shift (large x): (n-1)!/x^n times the bracket, directly, so that nothing underflows early.
  if (shifts === 0) return factorialOverPower(n - 1, x) * bracket;
  // Shifted (x < n + 10): relative to n!/x^(n+1), the k = 0 term; summed smallest first.
  let head = 0;
  for (let k = shifts - 1; k >= 0; k--) head += Math.pow(x / (x + k), n + 1);
  const tail = Math.pow(x / z, n + 1) * (z / n) * bracket;
  return factorialOverPower(n, x) * (head + tail);
}

/** Coefficients of P_n with d^n/du^n cot(u) = P_n(cot u); P_0(c) = c, P_{n+1} = -(1 + c^2) P_n'. */
function cotDerivativePolynomial(n: number): number[] {
  let p = [0, 1];
  for (let m = 0; m < n; m++) {
    const q = new Array<number>(p.length + 1).fill(0);
    for (let j = 1; j < p.length; j++) {
      const d = j * p[j]; // coefficient of c^(j-1) in P'
      q[j - 1] -= d;
      q[j + 1] -= d;
    }
    p = q;
  }
  return p;
}

/**
 * cot(pi x) with relative accuracy everywhere, including near its zeros at half-integers (where
 * even-order derivative polynomials are dominated by their linear term): x is reduced exactly to
 * r in [-1/2, 1/2], and for |r| > 1/4 cot(pi r) = sign(r) tan(pi (1/2 - |r|)), 1/2 - |r| exact.
 */
function cotPi(x: number): number {
  const r = x - Math.round(x);
  const ar = Math.abs(r);
  if (ar <= 0.25) return Math.cos(Math.PI * r) / Math.sin(Math.PI * r);
  return Math.sign(r) * Math.tan(Math.PI * (0.5 - ar));
}

/** pi^(n+1) P_n(cot(pi x)) = d^n/dx^n [pi cot(pi x)]. */
function piCotDerivative(n: number, x: number): number {
  const c = cotPi(x);
  const p = cotDerivativePolynomial(n);
  let s = 0;
  for (let j = p.length - 1; j >= 0; j--) s = s * c + p[j];
  return Math.pow(Math.PI, n + 1) * s;
}

/**
 * Polygamma psi^(n)(x) = d^(n+1)/dx^(n+1) log Gamma(x), for an integer order n >= 0.
 *
 * psi^(0) is {@link digamma} and psi^(1) is {@link trigamma}; for n >= 2 and x > 0 the series
 * psi^(n)(x) = (-1)^(n+1) n! sum_{k>=0} (x+k)^-(n+1) is summed by recurrence plus
 * Euler-Maclaurin (Abramowitz & Stegun 6.4.10, 6.4.11), with relative error about 1e-15 for
 * n <= 22 (about eps * |log result| beyond). For x < 0 (not an integer) the reflection
 * psi^(n)(1 - x) (-1)^n - psi^(n)(x) = d^n/dx^n [pi cot(pi x)] (A&S 6.4.7) is used: relative
 * accuracy for odd n (no cancellation); for even n accurate relative to the size of the two
 * reflection terms, so not relatively near the roots of psi^(n) on the negative axis.
 *
 * Domain: n an integer >= 0; x a number other than NaN, -Infinity and the poles 0, -1, -2, ...
 * (which throw). psi^(n)(+Infinity) is 0 for n >= 1. Results beyond the double range are
 * +-Infinity (e.g. polygamma(40, 1e-8)).
 *
 * @example polygamma(2, 1) // -2.4041138063191885 (= -2 zeta(3))
 * @example polygamma(3, 0.5) // 97.40909103400242 (= pi^4)
 */
export function polygamma(n: number, x: number): number {
  checkInteger('polygamma', 'n', n, 0);
  checkGammaArgument('polygamma', x);
  if (n === 0) return digamma(x);
  if (n === 1) return trigamma(x);
  const sign = n % 2 === 1 ? 1 : -1; // (-1)^(n+1)
  if (x === Infinity) return sign * 0;
  if (x > 0) return sign * polygammaMagnitude(n, x);
  // Reflection: psi^(n)(x) = (-1)^n psi^(n)(1 - x) - pi^(n+1) P_n(cot(pi x)).
  // (-1)^n psi^(n)(1 - x) = (-1)^n (-1)^(n+1) |psi^(n)(1 - x)| = -|psi^(n)(1 - x)|.
  const result = -polygammaMagnitude(n, 1 - x) - piCotDerivative(n, x);
  if (Number.isNaN(result)) {
    throw new InfogeoError('polygamma', 'x', x, 'a number whose result is representable', 'overflow');
  }
  return result;
}
