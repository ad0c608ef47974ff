import gammaln from '@stdlib/math-base-special-gammaln';
import digammaStd from '@stdlib/math-base-special-digamma';
import trigammaStd from '@stdlib/math-base-special-trigamma';
import betalnStd from '@stdlib/math-base-special-betaln';
import { InfogeoError } from '../errors.js';

/** True at the poles of Gamma: 0, -1, -2, ... (every double <= -2^52 is an integer). */
export function isGammaPole(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/** Throws unless x is a number other than NaN and -Infinity and not a pole 0, -1, -2, .... */
export function checkGammaArgument(where: string, x: number): void {
  if (typeof x !== 'number' || Number.isNaN(x) || x === -Infinity || isGammaPole(x)) {
    throw new InfogeoError(where, 'x', x, 'a number other than 0, -1, -2, ... (a pole of Gamma)');
  }
}

// @stdlib 0.3.1 (a port of FreeBSD's e_lgamma_r.c) applies the rational approximation centred
// at the minimum tc = 1.4616 down to tc - 0.27 = 1.1916, whereas the original switches to the
// approximation around 1 below tc - 0.23 = 1.2316. On [1.1916, 1.2316) that leaves relative
// errors up to 6e-14 (measured against mpmath). There we use lgamma(x) = lgamma(x + 1) - log(x)
// instead: x + 1 falls in stdlib's accurate [2, 8) branch, and the rounding of x + 1 is
// corrected to first order with digamma (s - 1 is exact by Sterbenz's lemma).
const LGAMMA_PATCH_LO = 1.1916;
const LGAMMA_PATCH_HI = 1.2317;

/**
 * log |Gamma(x)|, relative error about 1e-15 for x > 0 (also near the zeros at x = 1 and 2).
 * Domain: any number except NaN and -Infinity. At the poles x = 0, -1, -2, ... the result is
 * +Infinity (the limit of log|Gamma|); for negative non-integers it is log|Gamma(x)| by
 * reflection, with absolute (not relative) accuracy near its zeros there.
 * Built on @stdlib's gammaln, patched on [1.1916, 1.2316) where that one loses 2 digits.
 * @example lgamma(0.5) // 0.5723649429247001 (= log sqrt(pi))
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) {
    throw new InfogeoError('lgamma', 'x', x, 'a number other than NaN and -Infinity');
  }
  if (x >= LGAMMA_PATCH_LO && x < LGAMMA_PATCH_HI) {
    const s = x + 1;
    const delta = x - (s - 1);
    return gammaln(s) + digammaStd(s) * delta - Math.log(x);
  }
  return gammaln(x);
}

/**
 * Digamma psi(x) = d/dx log Gamma(x) (from @stdlib; relative error below 1e-15 for x > 0,
 * including the positive root x0 = 1.4616...). Domain: x not in {0, -1, -2, ...} (poles, where
 * psi changes sign: these throw), not NaN or -Infinity; digamma(+Infinity) = +Infinity.
 * For x < 0 the reflection psi(x) = psi(1 - x) - pi cot(pi x) is used, accurate relative to
 * |psi(1 - x)| + |pi cot(pi x)| (so not relatively near the negative roots).
 * @example digamma(1) // -0.5772156649015329 (minus the Euler-Mascheroni constant)
 */
export function digamma(x: number): number {
  checkGammaArgument('digamma', x);
  return digammaStd(x);
}

/**
 * Trigamma psi'(x) = d^2/dx^2 log Gamma(x) (from @stdlib; relative error below 1e-15 for x > 0,
 * measured against mpmath). Domain: as for {@link digamma}: the poles 0, -1, -2, ... throw;
 * trigamma(+Infinity) = 0. Overflows to +Infinity for 0 < x < 1e-154.
 * @example trigamma(1) // 1.6449340668482264 (= pi^2 / 6)
 */
export function trigamma(x: number): number {
  checkGammaArgument('trigamma', x);
  return trigammaStd(x);
}

/**
 * log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b) (from @stdlib), accurate also
 * when one argument is much larger than the other. Domain: a > 0, b > 0 (+Infinity allowed).
 * @example lbeta(2, 3) // -2.4849066497880004 (= log(1/12))
 */
export function lbeta(a: number, b: number): number {
  if (!(a > 0)) throw new InfogeoError('lbeta', 'a', a, 'a number > 0');
  if (!(b > 0)) throw new InfogeoError('lbeta', 'b', b, 'a number > 0');
  const r = betalnStd(a, b);
  if (Number.isNaN(r)) {
    throw new InfogeoError('lbeta', 'a, b', [a, b], 'arguments with a finite log-beta', 'both infinite');
  }
  return r;
}
