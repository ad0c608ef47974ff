/**
 * The families whose Fisher-Rao geometry is known in closed form, keyed by family name
 * (`family.name`, without hyper-parameters: the binomial's n, the multinomial's n and k, the
 * negative binomial's r and the Laplace location enter through the distributions themselves).
 */
import type { ExponentialFamily } from '../../families/family.js';
import type { ClosedFormGeometry } from './types.js';
import { lognormalGeometry, normalGeometry } from './normal.js';
import { diagNormalGeometry } from './diagNormal.js';
import { mvNormalGeometry } from './mvNormal.js';
import { inverseGaussianGeometry } from './inverseGaussian.js';
import { bernoulliGeometry } from './bernoulli.js';
import { binomialGeometry } from './binomial.js';
import { categoricalGeometry } from './categorical.js';
import { multinomialGeometry } from './multinomial.js';
import { poissonGeometry } from './poisson.js';
import { exponentialGeometry, laplaceGeometry, rayleighGeometry } from './exponential.js';
import { geometricGeometry, negativeBinomialGeometry } from './geometric.js';

const byName: Record<string, ClosedFormGeometry> = {
  normal: normalGeometry,
  lognormal: lognormalGeometry,
  diagNormal: diagNormalGeometry,
  mvNormal: mvNormalGeometry,
  inverseGaussian: inverseGaussianGeometry,
  bernoulli: bernoulliGeometry,
  binomial: binomialGeometry,
  categorical: categoricalGeometry,
  multinomial: multinomialGeometry,
  poisson: poissonGeometry,
  exponential: exponentialGeometry,
  rayleigh: rayleighGeometry,
  laplace: laplaceGeometry,
  geometric: geometricGeometry,
  negativeBinomial: negativeBinomialGeometry,
};

/**
 * The closed-form geometry of a family, or undefined (gamma, beta, Dirichlet, von Mises and any
 * family not listed are solved numerically).
 * @example closedFormGeometry(normal(0, 1).family) === normalGeometry // true
 */
export function closedFormGeometry(family: ExponentialFamily<unknown>): ClosedFormGeometry | undefined {
  return Object.prototype.hasOwnProperty.call(byName, family.name) ? byName[family.name] : undefined;
}

/** Names of the families with closed forms. */
export const closedFormFamilies: readonly string[] = Object.keys(byName);
