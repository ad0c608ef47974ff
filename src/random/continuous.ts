import type { Rng } from './rng.js';

// Univariate continuous samplers. Internal kernels: parameters are assumed validated by the
// caller (the family constructors); each doc states the domain it relies on.

const TWO_PI = 2 * Math.PI;

/**
 * One draw from Normal(mu, sigma^2): mu + sigma Z with Z from the Rng's polar method.
 * Domain: mu finite, sigma > 0 finite.
 * @example sampleNormal(rng(1), 0, 1) // a finite number; mean 0, sd 1
 */
export function sampleNormal(rng: Rng, mu: number, sigma: number): number {
  return mu + sigma * rng.normal();
}

/**
 * One draw from LogNormal(mu, sigma): exp(mu + sigma Z); mu and sigma are the mean and standard
 * deviation of log X. Domain: mu finite, sigma > 0. Overflows to Infinity only when
 * mu + sigma Z > 709.78.
 * @example sampleLognormal(rng(1), 0, 1) // > 0; median 1, mean exp(1/2)
 */
export function sampleLognormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * rng.normal());
}

/**
 * One draw from Exponential(rate): E / rate with E = -log U, U uniform on (0, 1).
 * Domain: rate > 0. Result in (0, Infinity); mean 1/rate.
 * @example sampleExponential(rng(1), 2) // > 0; mean 0.5
 */
export function sampleExponential(rng: Rng, rate: number): number {
  return rng.exponential() / rate;
}

/**
 * One draw from Laplace(mu, b), density exp(-|x - mu| / b) / (2b): mu +- b E with a fair sign
 * and E standard exponential. Domain: mu finite, b > 0. Mean mu, variance 2 b^2.
 * @example sampleLaplace(rng(1), 0, 1) // a finite number; variance 2
 */
export function sampleLaplace(rng: Rng, mu: number, b: number): number {
  const e = b * rng.exponential();
  return rng.nextUint32() < 2147483648 ? mu + e : mu - e;
}

/**
 * One draw from Rayleigh(sigma), density x/sigma^2 exp(-x^2 / (2 sigma^2)) on x > 0:
 * sigma sqrt(2E), E standard exponential (inversion of the CDF 1 - exp(-x^2 / (2 sigma^2))).
 * Domain: sigma > 0. Mean sigma sqrt(pi/2), variance (4 - pi) sigma^2 / 2.
 * @example sampleRayleigh(rng(1), 1) // > 0; mean 1.2533
 */
export function sampleRayleigh(rng: Rng, sigma: number): number {
  return sigma * Math.sqrt(2 * rng.exponential());
}

/**
 * One draw from the inverse Gaussian (Wald) IG(mu, lambda), density
 * sqrt(lambda / (2 pi x^3)) exp(-lambda (x - mu)^2 / (2 mu^2 x)) on x > 0; mean mu, variance
 * mu^3 / lambda. Michael, Schucany and Haas (1976): with Y = Z^2 chi-square(1), the roots of
 * lambda (x - mu)^2 / (mu^2 x) = Y are x1 = mu / w and x2 = mu w with
 * w = 1 + phi + sqrt(phi^2 + 2 phi), phi = mu Y / (2 lambda); choose x1 with probability
 * mu / (mu + x1) = w / (1 + w). The smaller root is formed as mu / w rather than the textbook
 * mu + mu phi - mu sqrt(phi^2 + 2 phi), which cancels catastrophically when mu / lambda is large.
 * Domain: mu > 0, lambda > 0 (any ratio; the result underflows or overflows only when phi does).
 * @example sampleInverseGaussian(rng(1), 1, 1) // > 0; mean 1, variance 1
 */
export function sampleInverseGaussian(rng: Rng, mu: number, lambda: number): number {
  const z = rng.normal();
  const phi = 0.5 * (mu / lambda) * (z * z);
  // sqrt(phi) sqrt(phi + 2) instead of sqrt(phi^2 + 2 phi): no overflow for phi > 1e154.
  const w = 1 + phi + Math.sqrt(phi) * Math.sqrt(phi + 2);
  return rng.next() * (1 + w) < w ? mu / w : mu * w;
}

/**
 * One draw from the von Mises distribution VM(mu, kappa) on the circle, density
 * exp(kappa cos(x - mu)) / (2 pi I0(kappa)), returned in (-pi, pi].
 *
 * Best and Fisher (1979), wrapped-Cauchy envelope: with tau = 1 + sqrt(1 + 4 kappa^2),
 * rho = (tau - sqrt(2 tau)) / (2 kappa), r = (1 + rho^2) / (2 rho); draw z = cos(pi U1),
 * f = (1 + r z) / (r + z), c = kappa (r - f); accept if c (2 - c) > U2 or
 * log(c / U2) + 1 - c >= 0; then x = mu +- acos(f). The textbook expressions cancel for both
 * small kappa (tau - sqrt(2 tau) ~ kappa^2) and large kappa (r, f -> 1), so they are rewritten
 * exactly: rho = 2 kappa / (tau + sqrt(2 tau)), r - 1 = (1 - rho)^2 / (2 rho),
 * c = kappa (r^2 - 1) / (r + z), 1 - f = (r - 1)(1 - z) / (r + z), 1 + f = (r + 1)(1 + z) / (r + z),
 * with 1 - z = 2 sin^2(pi U1 / 2), 1 + z = 2 cos^2(pi U1 / 2), and the angle taken as
 * 2 asin(sqrt((1 - f) / 2)) (or pi minus the same in 1 + f), which is exact in float64 for every
 * kappa, so no normal approximation is needed for large kappa (tested at kappa = 1e8).
 * For kappa < 1e-10 the density differs from uniform by a factor within 1 +- 2e-10 and a
 * uniform angle is returned. Expected number of trials at most about 1.5 for every kappa.
 *
 * Domain: mu finite (any real; the result is wrapped), kappa >= 0.
 * @example sampleVonMises(rng(1), 0, 1) // in (-pi, pi]; E[cos X] = I1(1)/I0(1) = 0.4464
 */
export function sampleVonMises(rng: Rng, mu: number, kappa: number): number {
  let theta: number;
  if (!(kappa >= 1e-10)) {
    theta = Math.PI * (2 * rng.next() - 1);
  } else {
    const s = Math.hypot(1, 2 * kappa);
    const tau = 1 + s;
    const sq = Math.sqrt(2 * tau);
    const rho = (2 * kappa) / (tau + sq);
    // 1 - rho = (tau + sq - 2 kappa) / (tau + sq), tau - 2 kappa = 1 + 1 / (s + 2 kappa).
    const oneMinusRho = (1 + 1 / (s + 2 * kappa) + sq) / (tau + sq);
    const rm1 = (oneMinusRho * oneMinusRho) / (2 * rho); // r - 1
    const rp1 = ((1 + rho) * (1 + rho)) / (2 * rho); // r + 1
    for (;;) {
      const h = 0.5 * Math.PI * rng.next();
      const sh = Math.sin(h);
      const ch = Math.cos(h);
      const omz = 2 * sh * sh; // 1 - z
      const opz = 2 * ch * ch; // 1 + z
      const rpz = rm1 + opz; // r + z
      const c = (kappa * rm1 * rp1) / rpz;
      const u2 = rng.next();
      if (c * (2 - c) > u2 || Math.log(c / u2) + 1 - c >= 0) {
        const omf = (rm1 * omz) / rpz; // 1 - f, in [0, 2]
        theta =
          omf <= 1
            ? 2 * Math.asin(Math.sqrt(0.5 * omf))
            : Math.PI - 2 * Math.asin(Math.sqrt((0.5 * rp1 * opz) / rpz));
        break;
      }
    }
    if (rng.nextUint32() < 2147483648) theta = -theta;
  }
  let x = mu + theta;
  if (x > Math.PI || x <= -Math.PI) {
    x -= TWO_PI * Math.floor((x + Math.PI) / TWO_PI);
    if (x <= -Math.PI) x += TWO_PI;
    if (x > Math.PI) x -= TWO_PI;
  }
  return x;
}
