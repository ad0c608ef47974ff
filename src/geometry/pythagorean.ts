/**
 * The generalised Pythagorean theorem of a dually flat space, as a check with its three terms.
 *
 * For distributions p, q, r of one exponential family,
 *   KL(p || r) - KL(p || q) - KL(q || r) = <theta_r - theta_q, eta_q - eta_p>,
 * so the defect vanishes exactly when the m-geodesic from p to q (straight in eta) is
 * Fisher-orthogonal at q to the e-geodesic from q to r (straight in theta). Hence:
 * - at the m-projection q* of p onto an e-flat M, KL(p || r) = KL(p || q*) + KL(q* || r) for
 *   every r in M (call `pythagorean(p, qStar, r)`);
 * - at the e-projection q* of p onto an m-flat M, KL(r || p) = KL(r || q*) + KL(q* || p) for
 *   every r in M (call `pythagorean(r, qStar, p)`).
 * Reference: Amari (2016), Information Geometry and Its Applications, theorem 1.2;
 * Amari and Nagaoka (2000), Methods of Information Geometry, theorem 3.8.
 */
import { checkDistribution, type Distribution } from '../families/distribution.js';
import { klNatural } from '../families/derive.js';
import { checkResult, InfogeoError } from '../errors.js';

/** The three divergences of the Pythagorean identity KL(p || r) = KL(p || q) + KL(q || r). */
export interface PythagoreanCheck {
  /** KL(p || r), the hypotenuse. */
  klPR: number;
  /** KL(p || q). */
  klPQ: number;
  /** KL(q || r). */
  klQR: number;
  /** klPR - (klPQ + klQR): zero at a projection, to rounding. */
  defect: number;
  /** |defect| / max(klPR, 1e-300). */
  relativeDefect: number;
  /**
   * <theta_r - theta_q, eta_q - eta_p>, the defect computed directly (no cancellation between
   * the three divergences): the Fisher inner product at q of the m-geodesic from p to q and the
   * e-geodesic from q to r.
   */
  orthogonality: number;
}

/**
 * Checks the Pythagorean identity KL(p || r) = KL(p || q) + KL(q || r) and reports its terms.
 *
 * At the m-projection qStar of p onto an e-flat set and any r on it: `pythagorean(p, qStar, r)`.
 * At the e-projection qStar of p onto an m-flat set and any r on it: `pythagorean(r, qStar, p)`.
 *
 * @throws InfogeoError unless p, qStar, r are distributions of one family
 * @example
 * const sub = independenceSubmanifold(categoricalFamily(4), [2, 2]);
 * const p = categorical([0.1, 0.2, 0.3, 0.4]);
 * const q = mProjection(p, sub).projection;      // categorical([0.12, 0.18, 0.28, 0.42])
 * pythagorean(p, q, categorical([0.25, 0.25, 0.25, 0.25])).defect // about 1e-17
 */
export function pythagorean(p: Distribution<unknown>, qStar: Distribution<unknown>, r: Distribution<unknown>): PythagoreanCheck {
  const where = 'pythagorean';
  const a = checkDistribution(where, 'p', p);
  const b = checkDistribution(where, 'qStar', qStar);
  const c = checkDistribution(where, 'r', r);
  for (const [name, d] of [['qStar', b], ['r', c]] as const) {
    if (d.family.id !== a.family.id) {
      throw new InfogeoError(where, name, d, `a ${a.family.id} distribution (the family of p)`, `got ${d.family.id}`);
    }
  }
  const f = a.family;
  const klPR = checkResult(where, 'KL(p || r)', klNatural(f, a.theta, c.theta));
  const klPQ = checkResult(where, 'KL(p || qStar)', klNatural(f, a.theta, b.theta));
  const klQR = checkResult(where, 'KL(qStar || r)', klNatural(f, b.theta, c.theta));
  let orthogonality = 0;
  for (let i = 0; i < f.dim; i++) orthogonality += (c.theta[i] - b.theta[i]) * (b.eta[i] - a.eta[i]);
  const defect = klPR - (klPQ + klQR);
  return { klPR, klPQ, klQR, defect, relativeDefect: Math.abs(defect) / Math.max(klPR, 1e-300), orthogonality: checkResult(where, 'orthogonality', orthogonality) };
}
