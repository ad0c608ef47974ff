// log k! and differences of it, for the rejection steps of the binomial and Poisson samplers.
// Internal to src/random (not re-exported): src/special owns the public lgamma.

const TABLE_SIZE = 256;
const HALF_LOG_2PI = 0.9189385332046728; // log(2 pi) / 2

/** log k! for k < 256, summed with Neumaier compensation (absolute error about 1e-13). */
const LOG_FACT = (() => {
  const t = new Float64Array(TABLE_SIZE);
  let sum = 0;
  let comp = 0;
  for (let i = 2; i < TABLE_SIZE; i++) {
    const x = Math.log(i);
    const s = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - s + x : x - s + sum;
    sum = s;
    t[i] = sum + comp;
  }
  return t;
})();

/**
 * The Stirling remainder fc(k) = log k! - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi)/2]
 * = 1/(12 z) - 1/(360 z^3) + 1/(1260 z^5) - ..., z = k + 1; truncation error below 1e-20 for
 * k >= 255, where it is used.
 */
function stirlingTail(k: number): number {
  const z = k + 1;
  const z2 = 1 / (z * z);
  return (1 / 12 - z2 * (1 / 360 - z2 / 1260)) / z;
}

/**
 * log k! for an integer k >= 0: a table below 256, Stirling's series with its remainder above.
 * Relative error about 1e-16.
 * @example logFactorial(10) // 15.104412573075516
 */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return LOG_FACT[k];
  return (k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_2PI + stirlingTail(k);
}

/**
 * log k! - log m! for integers k, m >= 0, without the cancellation of subtracting two huge
 * logFactorial values: for k, m >= 256,
 * (k + 1/2) log1p((k - m)/(m + 1)) + (k - m)(log(m + 1) - 1) + fc(k) - fc(m),
 * whose absolute error is about 1e-16 |k - m| log m rather than 1e-16 k log k (2e-6 at 1e9).
 * @example logFactorialRatio(1e9 + 5, 1e9) // 103.61632919973205 (= sum of log(1e9 + i), i = 1..5)
 */
export function logFactorialRatio(k: number, m: number): number {
  if (k < TABLE_SIZE || m < TABLE_SIZE) return logFactorial(k) - logFactorial(m);
  const d = k - m;
  return (k + 0.5) * Math.log1p(d / (m + 1)) + d * (Math.log(m + 1) - 1) + stirlingTail(k) - stirlingTail(m);
}

/**
 * -lambda + m log(lambda) - log m!, the Poisson log-pmf at m = floor(lambda), accurate to about
 * 1e-15 absolute even for lambda = 1e9 (where its three terms are about 2e10 each).
 */
export function poissonLogPmfAtFloor(lambda: number, m: number): number {
  if (m < TABLE_SIZE) return -lambda + m * Math.log(lambda) - LOG_FACT[m];
  // = (m + 1 - lambda) + m log(lambda / (m + 1)) - log(m + 1)/2 - log(2 pi)/2 - fc(m)
  return (
    m + 1 - lambda + m * Math.log1p((lambda - m - 1) / (m + 1)) - 0.5 * Math.log(m + 1) - HALF_LOG_2PI - stirlingTail(m)
  );
}
