/**
 * infogeo: information geometry and natural-gradient optimisation for TypeScript.
 * Named re-exports only; see README.md for a tour.
 */
export { InfogeoError } from './errors.js';
export * from './families/index.js';
export * from './fisher/index.js';
export * from './divergences/index.js';
export { Rng, rng } from './random/rng.js';
export { integrate, type QuadratureOptions, type QuadratureResult } from './numeric/quadrature.js';
export * from './optim/index.js';
export * from './geometry/index.js';
export {
  statisticalModel,
  modelFisher,
  modelExpectation,
  familyModel,
  type ModelSpec,
  type StatisticalModel,
  type ModelSupport,
  type ModelOptions,
  type ModelFisherResult,
  type ModelExpectation,
  type ExpectationMethod,
} from './models/model.js';
export { mixtureFamily, type MixtureFamily } from './models/mixture.js';
export { em, type EmOptions, type EmResult, type EmIteration } from './inference/em.js';
export { bregmanClustering, type BregmanClusteringOptions, type BregmanClusteringResult } from './inference/bregmanClustering.js';
export { dop853, type Dop853Options, type Dop853Result, type DenseSolution } from './numeric/dop853.js';
