/**
 * Drawing glue shared by the panels: library results (Fisher matrices, geodesics, densities)
 * turned into SVG paths. The mathematics is the library's; this file only samples and maps.
 */
import { fisherMatrix, fisherRaoGeodesic, logDensity, spdInvSqrt, type Distribution } from '../lib.js';
import type { Plot } from '../ui/index.js';

const CIRCLE = 48;

/**
 * The Fisher ball {s + v : v^T G v = r^2} around a two-parameter distribution, drawn in its
 * source coordinates: s + r G^{-1/2} (cos t, sin t), with G = fisher(p) from the library.
 * Empty when the metric is not positive definite to float64 precision.
 */
export function fisherBallPath(plot: Plot, p: Distribution<unknown>, r: number): string {
  const g = fisherMatrix(p, 'source');
  const w = spdInvSqrt(new Float64Array(4), g, 2);
  if (w === null) return '';
  const s = p.source;
  const xs = new Float64Array(CIRCLE + 1);
  const ys = new Float64Array(CIRCLE + 1);
  for (let i = 0; i <= CIRCLE; i++) {
    const c = Math.cos((2 * Math.PI * i) / CIRCLE);
    const d = Math.sin((2 * Math.PI * i) / CIRCLE);
    xs[i] = s[0] + r * (w[0] * c + w[1] * d);
    ys[i] = s[1] + r * (w[2] * c + w[3] * d);
  }
  return plot.linePath(xs, ys) + 'Z';
}

/**
 * The Fisher-Rao geodesic from p to q (library `fisherRaoGeodesic`), sampled at n + 1 points and
 * drawn in source coordinates (first two). Empty if the library cannot solve it.
 */
export function geodesicPath(plot: Plot, p: Distribution<unknown>, q: Distribution<unknown>, n = 48): string {
  let curve: (t: number) => Distribution<unknown>;
  try {
    curve = fisherRaoGeodesic(p, q);
  } catch {
    return '';
  }
  const xs = new Float64Array(n + 1);
  const ys = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const s = curve(i / n).source;
    xs[i] = s[0];
    ys[i] = s[1];
  }
  return plot.linePath(xs, ys);
}

/** The density of p at each x (exp of the library's logDensity), and its maximum. */
export function densityPath(p: Distribution<unknown>, xs: Float64Array): { ys: Float64Array; max: number } {
  const ys = new Float64Array(xs.length);
  let max = 0;
  for (let i = 0; i < xs.length; i++) {
    ys[i] = Math.exp(logDensity(p, xs[i]));
    if (ys[i] > max) max = ys[i];
  }
  return { ys, max };
}
