export { chain, identity, scale, applyUpdate, checkFiniteVector, type GradientTransformation } from './transform.js';
export {
  constantSchedule,
  exponentialDecay,
  cosineDecay,
  warmupCosine,
  polynomialDecay,
  type Schedule,
  type ExponentialDecayOptions,
  type CosineDecayOptions,
  type WarmupCosineOptions,
  type PolynomialDecayOptions,
} from './schedule.js';
export { scaleBySchedule, scaleByLearningRate, type LearningRate, type ScheduleState } from './scaleBySchedule.js';
export { scaleByAdam, type AdamOptions, type AdamState } from './scaleByAdam.js';
export { scaleByRms, type RmsOptions, type RmsState } from './scaleByRms.js';
export { scaleByAdagrad, type AdagradOptions, type AdagradState } from './scaleByAdagrad.js';
export { traceMomentum, type MomentumOptions, type MomentumState } from './traceMomentum.js';
export { addDecayedWeights } from './addDecayedWeights.js';
export { clipByNorm } from './clipByNorm.js';
export { sgd, momentum, adam, adamw, adagrad, rmsprop, type ChainState, type MomentumOptimizerOptions, type AdamWOptions, type RmspropOptions } from './optimizers.js';
export { scaleByFisherInverse, type FisherInverseOptions, type FisherInverseState } from './scaleByFisherInverse.js';
export { naturalGradient, type NaturalGradientOptions } from './naturalGradient.js';
export { constrainToDomain, type DomainOptions } from './domain.js';
export { mirrorDescent, logPartitionMirror, entropyMirror, type MirrorMap, type MirrorDescentOptions, type MirrorDescentState } from './mirrorDescent.js';
export { diagonalFisherNG, scaleByDiagonalFisherInverse, type DiagonalFisherOptions, type DiagonalFisherNGOptions } from './diagonalFisherNG.js';
export { empiricalFisherNG, scaleByEmpiricalFisherInverse, type EmpiricalFisherOptions, type EmpiricalFisherNGOptions } from './empiricalFisherNG.js';
export { optimize, type OptimizeOptions, type OptimizeResult, type OptimizerSpec } from './runner.js';
export {
  affineCoords,
  checkReparam,
  expectationCoords,
  familyCoords,
  fisherInCoords,
  gradInCoords,
  identityCoords,
  naturalCoords,
  sourceCoords,
  type Reparam,
} from './reparam.js';
export { normalReparams } from './reparam/normal.js';
export { bernoulliReparams } from './reparam/bernoulli.js';
export * from './problems/index.js';
