/**
 * Fisher-Rao geometry of the diagonal (independent-coordinate) normal family in closed form.
 *
 * The Fisher metric of a product of independent families is the direct sum of the factors'
 * metrics, so the manifold is the Riemannian product of d normal half-planes: the distance is
 * d = sqrt( sum_i d_N((mean1_i, sigma1_i), (mean2_i, sigma2_i))^2 ), and a geodesic is the product
 * of the factors' geodesics, each traversed at constant speed on [0, 1].
 * Tangent vectors are blocked like the source: (dmean_1..dmean_d, dsigma_1..dsigma_d).
 * Reference: Costa, Santos and Strapasson (2015), "Fisher information distance: a geometrical
 * reading", section 4.1 (independent normals).
 */
import { diagNormal } from '../../families/diagNormal.js';
import { normalDistance, normalExp, normalGeodesic, normalLog } from './normal.js';
import { leavesManifold, type ClosedFormGeometry, type Dist } from './types.js';

/**
 * Fisher-Rao distance between diagonal normals from their blocked source vectors
 * (mean_1..mean_d, sigma_1..sigma_d): the root sum of squares of the per-coordinate normal distances.
 * @example diagNormalDistance(Float64Array.of(0, 0, 1, 1), Float64Array.of(0, 0, Math.E, Math.E)) // 2 (= sqrt(2 * 2))
 */
export function diagNormalDistance(a: Float64Array, b: Float64Array): number {
  const d = a.length / 2;
  // Scaled root sum of squares, safe from overflow of the squares.
  const di = new Float64Array(d);
  let m = 0;
  for (let i = 0; i < d; i++) {
    di[i] = normalDistance(a[i], a[d + i], b[i], b[d + i]);
    m = Math.max(m, di[i]);
  }
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < d; i++) s += (di[i] / m) ** 2;
  return m * Math.sqrt(s);
}

/** Closed-form geometry of `diagNormal(mean, sigmas)`, tangent vectors (dmean..., dsigma...). */
export const diagNormalGeometry: ClosedFormGeometry = {
  applies: () => true,
  distance: (p, q) => diagNormalDistance(p.source, q.source),
  geodesic(p, q) {
    const [a, b] = [p.source, q.source];
    const d = a.length / 2;
    const gs = Array.from({ length: d }, (_, i) => normalGeodesic(a[i], a[d + i], b[i], b[d + i]));
    return (t) => {
      if (t === 0) return p;
      if (t === 1) return q;
      const mean = new Float64Array(d);
      const sig = new Float64Array(d);
      for (let i = 0; i < d; i++) [mean[i], sig[i]] = gs[i](t);
      return diagNormal(mean, sig);
    };
  },
  logMap(p, q) {
    const [a, b] = [p.source, q.source];
    const d = a.length / 2;
    const v = new Float64Array(2 * d);
    const w = new Float64Array(2);
    for (let i = 0; i < d; i++) {
      normalLog(a[i], a[d + i], b[i], b[d + i], w);
      v[i] = w[0];
      v[d + i] = w[1];
    }
    return v;
  },
  tangentDim: (p: Dist) => p.family.dim,
  expApplies: () => true,
  expMap(p, v) {
    const a = p.source;
    const d = a.length / 2;
    const mean = new Float64Array(d);
    const sig = new Float64Array(d);
    const w = new Float64Array(2);
    for (let i = 0; i < d; i++) {
      normalExp(a[i], a[d + i], v[i], v[d + i], w);
      if (!(w[1] > 0) || !Number.isFinite(w[0])) throw leavesManifold(v, 'diagNormal', `sigmas[${i}] underflows to ${w[1]} at t = 1`);
      mean[i] = w[0];
      sig[i] = w[1];
    }
    return diagNormal(mean, sig);
  },
};
