/**
 * Fitting one member of an exponential family: by maximum likelihood on data, or by minimising
 * KL(target || p) (the infinite-data limit of maximum likelihood, "forward" or inclusive KL) or
 * KL(p || target) ("reverse" or exclusive KL, the variational objective).
 *
 * In natural coordinates, with T-bar the mean sufficient statistic of the data:
 * - mean negative log-likelihood L(theta) = F(theta) - <theta, T-bar> - mean log h(x_i),
 *   grad_theta L = eta - T-bar; its minimiser has eta = T-bar, and L(theta) - L(theta*) =
 *   KL(p_theta* || p_theta) exactly;
 * - KL(target || p): grad_theta = eta_p - eta_target;
 * - KL(p || target): grad_theta = Hess F(theta_p) (theta_p - theta_target), so the natural
 *   gradient in theta is theta_p - theta_target.
 * Gradients in source coordinates follow by the chain rule J^T grad_theta, J = d theta / d source.
 */
import type { Sample } from '../../families/family.js';
import { checkDistribution, toSample, type Distribution } from '../../families/distribution.js';
import { etaFromTheta, fisherNatural, fisherSource, klNatural } from '../../families/derive.js';
import { gemv, gemvT } from '../../linalg/index.js';
import { InfogeoError } from '../../errors.js';
import { familyCoords, isSourceValid } from '../reparam.js';
import type { Problem } from './problem.js';

/** Problem with an accurate optimality gap L(source) - L*. */
export interface FamilyProblem extends Problem {
  readonly family: NonNullable<Problem['family']>;
  /** L(source) - L(minimiser), computed without cancellation (a KL divergence). */
  gap(source: Float64Array): number;
}

function problemName(familyId: string): string {
  return familyId === 'normal' ? 'gaussian-fit' : `${familyId}-fit`;
}

/**
 * Mean negative log-likelihood of a family on data: L(p) = -(1/n) sum_i log p(x_i), as a problem
 * started at `init` (which also fixes the family).
 *
 * @param init - the starting distribution; its family is the model
 * @param data - at least one observation in the family's support
 * @throws InfogeoError for an empty data set or an observation outside the support
 * @example familyFit(normal(0, 1), [1, 2, 3]).minimum?.source // Float64Array [2, 0.8164965809277257] (the MLE: mean, sqrt(2/3))
 */
export function familyFit(init: Distribution<unknown>, data: ReadonlyArray<Sample | readonly number[]>): FamilyProblem {
  const p0 = checkDistribution('familyFit', 'init', init);
  const f = p0.family;
  const n = f.dim;
  if (!Array.isArray(data) || data.length === 0) throw new InfogeoError('familyFit', 'data', data, 'a non-empty array of observations');
  const tBar = new Float64Array(n);
  const t = new Float64Array(n);
  let meanLogH = 0;
  data.forEach((x, i) => {
    const xs = toSample('familyFit', p0, x);
    if (!f.inSupport(xs)) throw new InfogeoError('familyFit', `data[${i}]`, x, `a point in the support of ${f.id}`);
    f.sufficientStat(xs, t);
    for (let k = 0; k < n; k++) tBar[k] += (t[k] - tBar[k]) / (i + 1);
    meanLogH += (f.logBaseMeasure(xs) - meanLogH) / (i + 1);
  });
  const samples = data.map((x) => toSample('familyFit', p0, x));
  const thetaOf = (s: Float64Array): Float64Array => f.thetaFromSource(s, new Float64Array(n));
  const jac = (s: Float64Array): Float64Array => f.sourceJacobian(s, new Float64Array(n * n));
  const lossTheta = (theta: Float64Array): number => {
    let inner = 0;
    for (let k = 0; k < n; k++) inner += theta[k] * tBar[k];
    return f.logPartition(theta) - inner - meanLogH;
  };

  let minimum: FamilyProblem['minimum'];
  let thetaStar: Float64Array | undefined;
  if (f.isExpectationValid(tBar)) {
    const th = f.thetaFromEta(tBar, new Float64Array(n));
    if (th.every(Number.isFinite) && f.isNaturalValid(th)) {
      thetaStar = th;
      minimum = { source: f.sourceFromTheta(th, new Float64Array(n)), loss: lossTheta(th) };
    }
  }

  return {
    name: problemName(f.id),
    dim: n,
    sourceNames: f.sourceNames,
    init: Float64Array.from(p0.source),
    family: f,
    coords: familyCoords(f),
    minimum,
    inDomain: (s) => isSourceValid(f, s),
    loss: (s) => lossTheta(thetaOf(s)),
    gap: (s) => (thetaStar === undefined ? lossTheta(thetaOf(s)) : klNatural(f, thetaStar, thetaOf(s))),
    grad: (s) => {
      const d = etaFromTheta(f, thetaOf(s));
      for (let k = 0; k < n; k++) d[k] -= tBar[k];
      return gemvT(new Float64Array(n), jac(s), d, n, n);
    },
    fisher: (s) => fisherSource(f, s),
    kl: (a, b) => klNatural(f, thetaOf(a), thetaOf(b)),
    perExampleGrads: (s) => {
      // J^T (eta - T(x_i)): the gradient of -log p(x_i) in theta, pulled back to source.
      const eta = etaFromTheta(f, thetaOf(s));
      const j = jac(s);
      const d = new Float64Array(n);
      return samples.map((x) => {
        f.sufficientStat(x, t);
        for (let k = 0; k < n; k++) d[k] = eta[k] - t[k];
        return gemvT(new Float64Array(n), j, d, n, n);
      });
    },
  };
}

/**
 * Minimise a KL divergence to a fixed target over the target's family, started at `init`:
 * `'forward'` minimises KL(target || p) (mass-covering), `'reverse'` minimises KL(p || target)
 * (mode-seeking). Both have the minimiser p = target with loss 0.
 *
 * @param init - the starting distribution
 * @param target - a distribution of the same family
 * @param direction - `'forward'` (default) or `'reverse'`
 * @example klFit(normal(0, 1), normal(1, 2), 'reverse').loss(Float64Array.of(0, 1)) // 0.4431471805599453 (= kl(normal(0, 1), normal(1, 2)))
 */
export function klFit(init: Distribution<unknown>, target: Distribution<unknown>, direction: 'forward' | 'reverse' = 'forward'): FamilyProblem {
  const p0 = checkDistribution('klFit', 'init', init);
  const q = checkDistribution('klFit', 'target', target);
  if (p0.family.id !== q.family.id) throw new InfogeoError('klFit', 'target', target, `a ${p0.family.id} distribution (the family of init)`, `got ${q.family.id}`);
  if (direction !== 'forward' && direction !== 'reverse') throw new InfogeoError('klFit', 'direction', direction, "'forward' (KL(target || p)) or 'reverse' (KL(p || target))");
  const f = p0.family;
  const n = f.dim;
  const thetaT = Float64Array.from(q.theta);
  const etaT = Float64Array.from(q.eta);
  const thetaOf = (s: Float64Array): Float64Array => f.thetaFromSource(s, new Float64Array(n));
  const loss = direction === 'forward' ? (s: Float64Array) => klNatural(f, thetaT, thetaOf(s)) : (s: Float64Array) => klNatural(f, thetaOf(s), thetaT);
  return {
    name: direction === 'forward' ? `kl(target||p) ${f.id}` : `kl(p||target) ${f.id}`,
    dim: n,
    sourceNames: f.sourceNames,
    init: Float64Array.from(p0.source),
    family: f,
    coords: familyCoords(f),
    minimum: { source: Float64Array.from(q.source), loss: 0 },
    inDomain: (s) => isSourceValid(f, s),
    loss,
    gap: loss,
    grad: (s) => {
      const theta = thetaOf(s);
      let gTheta: Float64Array;
      if (direction === 'forward') {
        gTheta = etaFromTheta(f, theta);
        for (let k = 0; k < n; k++) gTheta[k] -= etaT[k];
      } else {
        const d = new Float64Array(n);
        for (let k = 0; k < n; k++) d[k] = theta[k] - thetaT[k];
        gTheta = gemv(new Float64Array(n), fisherNatural(f, theta), d, n, n);
      }
      return gemvT(new Float64Array(n), f.sourceJacobian(s, new Float64Array(n * n)), gTheta, n, n);
    },
    fisher: (s) => fisherSource(f, s),
    kl: (a, b) => klNatural(f, thetaOf(a), thetaOf(b)),
  };
}
