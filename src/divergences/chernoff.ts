/**
 * Chernoff information of an exponential family.
 *
 * C(p, q) = max over lambda in [0, 1] of -log int p^lambda q^(1-lambda) dx = -J(lambda*),
 * the best exponent of the Bayes error in testing p against q (Chernoff 1952, Ann. Math.
 * Statist. 23(4); Cover and Thomas, Elements of Information Theory, sec. 11.9). J is convex in
 * lambda with J(0) = J(1) = 0, J'(0) = -KL(q || p) <= 0, J'(1) = KL(p || q) >= 0, and
 * J'(lambda) = KL(p_lambda || q) - KL(p_lambda || p) (skew.ts), so at the optimum
 * C = KL(p_lambda* || p) = KL(p_lambda* || q): the e-geodesic point equidistant in KL from
 * both (Nielsen 2013, "An information-geometric characterization of Chernoff information",
 * IEEE Signal Process. Lett. 20(3)).
 */
import { checkSameFamily, type Distribution } from '../families/distribution.js';
import { checkResult, InfogeoError } from '../errors.js';
import { sameTheta, skewParts, skewSlope } from './skew.js';

/** Chernoff information and the exponent attaining it. */
export interface ChernoffResult {
  /** C(p, q) = max_lambda -log int p^lambda q^(1-lambda) dx, in nats. */
  information: number;
  /** The optimal lambda in [0, 1] (the exponent of p); 1/2 by convention when p = q. */
  exponent: number;
}

/**
 * Chernoff information C(p, q) and the optimal exponent lambda* (the power of p in
 * int p^lambda q^(1-lambda)), found by safeguarded Newton iteration on J'(lambda) = 0 within
 * the bracket [0, 1] (J'' = Var_lambda[log p/q] > 0), to about 1e-15 in lambda.
 * Symmetric: C(q, p) = C(p, q) with exponent 1 - lambda*. At least the Bhattacharyya distance
 * (the value at lambda = 1/2) and at most min(KL(p || q), KL(q || p)) (convexity of J).
 *
 * @throws InfogeoError if p and q are not of the same family (naming q)
 * @example chernoff(normal(0, 1), normal(1, 1)) // { information: 0.125, exponent: 0.5 }
 */
export function chernoff(p: Distribution<unknown>, q: Distribution<unknown>): ChernoffResult {
  const where = 'chernoff';
  const [a, b] = checkSameFamily(where, p, q);
  const f = a.family;
  if (sameTheta(a.theta, b.theta)) return { information: 0, exponent: 0.5 };
  let lo = 0;
  let hi = 1;
  let lambda = 0.5;
  let best = evaluate(lambda);
  for (let it = 0; it < 200; it++) {
    const [g, g2] = skewSlope(f, a.theta, b.theta, best.parts);
    if (g === 0) break;
    if (g < 0) lo = lambda;
    else hi = lambda;
    let next = g2 > 0 ? lambda - g / g2 : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next === lambda || hi - lo <= 1e-16) break;
    const step = Math.abs(next - lambda);
    lambda = next;
    best = evaluate(lambda);
    if (step <= 1e-15) break;
  }
  return { information: checkResult(where, 'C(p, q)', best.information), exponent: lambda };

  function evaluate(l: number): { parts: NonNullable<ReturnType<typeof skewParts>>; information: number } {
    const wQ = 1 - l;
    const parts = skewParts(f, a.theta, b.theta, l, wQ);
    if (parts === null) {
      throw new InfogeoError(where, 'q', q, `a ${f.id} distribution whose e-geodesic to p stays in the natural parameter space`, `the mixed parameter at lambda = ${l} was rejected by isNaturalValid`);
    }
    const c = l * parts.klToP + wQ * parts.klToQ;
    return { parts, information: c <= 0 ? 0 : c };
  }
}
