/**
 * Coordinates of the multivariate normal family for the geometry files: the flat source vector
 * (mean, then cov[i][j] for i <= j) unpacked to a mean and a full covariance and back, and the
 * congruences X -> L X L^T and X -> L^{-1} X L^{-T} by a Cholesky factor L that whiten a pair.
 */
import { mvNormal } from '../../families/mvNormal.js';
import { gemm, gemmNT, solveLower } from '../../linalg/index.js';
import type { Dist } from './types.js';

/** Dimension d of an mvNormal source vector of length d + d(d+1)/2. */
export function mvDim(n: number): number {
  return Math.round((Math.sqrt(9 + 8 * n) - 3) / 2);
}

/** Mean and full covariance (row-major) of a source vector. */
export function unpack(src: Float64Array): { d: number; mean: Float64Array; cov: Float64Array } {
  const d = mvDim(src.length);
  const cov = new Float64Array(d * d);
  for (let i = 0, q = d; i < d; i++) {
    for (let j = i; j < d; j++, q++) {
      cov[i * d + j] = src[q];
      cov[j * d + i] = src[q];
    }
  }
  return { d, mean: src.slice(0, d), cov };
}

/** Flat source vector (mean, upper triangle of cov) from mean and a symmetric cov. */
export function pack(mean: Float64Array, cov: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d + (d * (d + 1)) / 2);
  out.set(mean);
  for (let i = 0, q = d; i < d; i++) for (let j = i; j < d; j++, q++) out[q] = 0.5 * (cov[i * d + j] + cov[j * d + i]);
  return out;
}

export function toDist(mean: Float64Array, cov: Float64Array, d: number): Dist {
  const rows: Float64Array[] = [];
  for (let i = 0; i < d; i++) rows.push(cov.slice(i * d, (i + 1) * d));
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) rows[i][j] = rows[j][i];
  return mvNormal(mean, rows);
}

/** L^{-1} X L^{-T} for symmetric X (exactly symmetric result). */
export function congruenceInv(l: Float64Array, x: Float64Array, d: number): Float64Array {
  const y = new Float64Array(d * d); // rows of y = columns of L^{-1} X (X symmetric)
  const col = new Float64Array(d);
  const sol = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) col[i] = x[i * d + j];
    solveLower(sol, l, col, d);
    y.set(sol, j * d);
  }
  // y[j][i] = (L^{-1} X)[i][j]; M = (L^{-1} X) L^{-T}: column j of M^T = L^{-1} (row j of L^{-1} X).
  const m = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) col[i] = y[i * d + j];
    solveLower(sol, l, col, d);
    for (let i = 0; i < d; i++) m[j * d + i] = sol[i];
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (m[i * d + j] + m[j * d + i]);
      m[i * d + j] = s;
      m[j * d + i] = s;
    }
  }
  return m;
}

/** L X L^T (L lower triangular, X symmetric). */
export function congruence(l: Float64Array, x: Float64Array, d: number): Float64Array {
  const lx = gemm(new Float64Array(d * d), l, x, d, d, d);
  return gemmNT(new Float64Array(d * d), lx, l, d, d, d);
}

