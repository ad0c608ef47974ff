export type { ExponentialFamily, Sample } from './family.js';
export { Distribution, fromTheta, fromEta, fromSource, logDensity, sample } from './distribution.js';
export {
  etaFromTheta,
  thetaFromEta,
  dualPotential,
  klBregman,
  fisherNatural,
  fisherExpectation,
  fisherSource,
  pullback,
  scoreNatural,
  scoreSource,
  scoreExpectation,
  eGeodesicPoint,
  mGeodesicPoint,
} from './derive.js';
export { entropy, mean, variance } from './api.js';
export { normal, normalFamily, type NormalParams } from './normal.js';
export { mvNormal, mvNormalFamily, type MvNormalParams } from './mvNormal.js';
export { diagNormal, diagNormalFamily, type DiagNormalParams } from './diagNormal.js';
export { bernoulli, bernoulliFamily, logit, type BernoulliParams } from './bernoulli.js';
export { categorical, categoricalFamily, type CategoricalParams } from './categorical.js';
export { binomial, binomialFamily, type BinomialParams } from './binomial.js';
export { multinomial, multinomialFamily, type MultinomialParams } from './multinomial.js';
export { poisson, poissonFamily, type PoissonParams } from './poisson.js';
export { exponential, exponentialFamily, type ExponentialParams } from './exponential.js';
export { geometric, geometricFamily, type GeometricParams } from './geometric.js';
export { negativeBinomial, negativeBinomialFamily, type NegativeBinomialParams } from './negativeBinomial.js';
export { gamma, gammaFamily, type GammaParams } from './gamma.js';
export { beta, betaFamily, type BetaParams } from './beta.js';
export { dirichlet, dirichletFamily, type DirichletParams } from './dirichlet.js';
export { lognormal, lognormalFamily, type LognormalParams } from './lognormal.js';
export { rayleigh, rayleighFamily, type RayleighParams } from './rayleigh.js';
export { laplace, laplaceFamily, type LaplaceParams } from './laplace.js';
export { vonMises, vonMisesFamily, type VonMisesParams } from './vonMises.js';
export { inverseGaussian, inverseGaussianFamily, type InverseGaussianParams } from './inverseGaussian.js';
