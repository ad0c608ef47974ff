/**
 * A battery every problem must pass, at given points (source coordinates):
 * - the gradient equals central differences of the loss;
 * - the Fisher is symmetric positive definite and is the Hessian of KL(p_a || p_b) in b at b = a
 *   (checked along directions v: [KL(a, a + e v) + KL(a, a - e v)] / e^2 -> v^T G v);
 * - KL(a || a) = 0;
 * - the mean of the per-example gradients is the gradient;
 * - at the known minimum the gradient vanishes, and the gap equals loss - minimum loss.
 */
import { expect } from 'vitest';
import { cholesky } from '../../linalg/index.js';
import { rng } from '../../random/rng.js';
import { maxAbsDiff, norm, numGrad } from '../flow.testutil.js';
import type { Problem } from './problem.js';

/** Gradient against central differences with step 1e-5 (truncation ~1e-10 relative). */
export const GRAD_FD = 1e-7;
/** v^T G v against the second difference of KL with e = 1e-3 (O(e^2) truncation). */
export const KL_HESSIAN = 1e-4;

export function checkProblemCalculus(p: Problem, points: Float64Array[], options: { gradTol?: number } = {}): void {
  const r = rng(3);
  const n = p.dim;
  for (const a of points) {
    expect(p.inDomain(a)).toBe(true);
    const g = p.grad(a);
    const fd = numGrad((x) => p.loss(x), a, 1e-5);
    expect(maxAbsDiff(g, fd) / Math.max(norm(fd), 1e-3)).toBeLessThan(options.gradTol ?? GRAD_FD);

    const G = p.fisher(a);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(G[i * n + j]).toBe(G[j * n + i]);
    expect(cholesky(new Float64Array(n * n), G, n)).not.toBeNull();
    expect(p.kl(a, a)).toBe(0);
    for (let trial = 0; trial < 3; trial++) {
      const v = Float64Array.from({ length: n }, () => r.normal());
      let vGv = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vGv += v[i] * G[i * n + j] * v[j];
      const e = 1e-3 / Math.max(1, Math.sqrt(vGv));
      const plus = a.map((x, i) => x + e * v[i]);
      const minus = a.map((x, i) => x - e * v[i]);
      const second = (p.kl(a, plus) + p.kl(a, minus)) / (e * e);
      expect(Math.abs(second - vGv) / vGv).toBeLessThan(KL_HESSIAN);
    }

    if (p.perExampleGrads) {
      const rows = p.perExampleGrads(a);
      const m = rows.length;
      const mean = new Float64Array(n);
      for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) mean[k] += rows[i][k] / m;
      expect(maxAbsDiff(mean, g)).toBeLessThan(1e-12 * Math.max(1, norm(g)) * Math.sqrt(m));
    }
    if (p.gap && p.minimum) {
      const direct = p.loss(a) - p.minimum.loss;
      expect(Math.abs(p.gap(a) - direct)).toBeLessThan(1e-12 * Math.max(1, Math.abs(p.loss(a))));
    }
  }
  if (p.minimum) {
    const g = p.grad(p.minimum.source);
    expect(norm(g)).toBeLessThan(1e-10);
    expect(Math.abs(p.loss(p.minimum.source) - p.minimum.loss)).toBeLessThan(1e-14 * Math.max(1, Math.abs(p.minimum.loss)));
  }
}
