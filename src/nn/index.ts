export { initBackend, tf, type BackendName } from './backend.js';
export { Sequential, sequential, type LayerSpec, type Trace, type Backward, type DenseSlot, type InitOptions } from './sequential.js';
export { DenseLayer } from './layers/dense.js';
export { ActivationLayer, ACTIVATIONS, type ActivationName } from './layers/activation.js';
export type { Layer, LayerVjp } from './layers/layer.js';
export { matmul } from './matmul.js';
export { flattenParams, unflattenParams, dotParams, disposeAll, allFinite } from './params.js';
export type { OutputDistribution, OutputName } from './outputs/output.js';
export { categoricalOutput, oneHot } from './outputs/categorical.js';
export { bernoulliOutput } from './outputs/bernoulli.js';
export { gaussianOutput } from './outputs/gaussian.js';
export { lossAndGradient, jacobianVp, fisherVp, gaussNewtonVp, fisherQuadratic, fisherBilinear, type LossAndGradient } from './curvature/products.js';
export { perExampleGradients, networkFisher, type NetworkFisherOptions } from './curvature/perExample.js';
export {
  layerStatistics,
  kroneckerFactors,
  diagonalFactor,
  ekfacScaling,
  estimateBlocks,
  type FisherEstimator,
  type LayerStatistics,
  type StatisticsOptions,
  type EstimateBlocksOptions,
} from './curvature/statistics.js';
export { layerMatrix, splitLayerMatrix, type BlockKind, type CurvatureBlock } from './curvature/blocks/block.js';
export { fullBlock } from './curvature/blocks/full.js';
export { diagonalBlock } from './curvature/blocks/diagonal.js';
export { kroneckerBlock, type KroneckerBlock, type KroneckerEigen, type KroneckerOptions } from './curvature/blocks/kronecker.js';
export { ekfacBlock } from './curvature/blocks/ekfac.js';
export type { NNTransform, Batch, StepContext } from './optim/transform.js';
export { disposeState, stateToJSON, stateFromJSON } from './optim/state.js';
export { sgdNN, adamNN, type SgdOptions, type SgdState, type AdamNNOptions, type AdamNNState } from './optim/baselines.js';
export { kfac, type KfacOptions, type KfacState } from './optim/kfac.js';
export { shampoo, type ShampooOptions, type ShampooState } from './optim/shampoo.js';
export { inverseRoot } from './optim/inverseRoot.js';
export { diagonalFisher, type DiagonalFisherOptions, type DiagonalFisherState } from './optim/diagonalFisher.js';
export { naturalGradientCG, type NaturalGradientCGOptions, type NaturalGradientCGState } from './optim/naturalGradientCG.js';
export { TransformOptimizer, fromLayersModel } from './optim/tfOptimizer.js';
export { autoencoder, mlpClassifier, type Model, type AutoencoderOptions, type ClassifierOptions } from './models.js';
export { loadMnist, mnistAutoencoderData, mnistClassifierData, type Dataset, type Mnist, type MnistOptions } from './data/mnist.js';
export { train, evalLoss, gatherRows, type TrainOptions, type TrainResult, type StepInfo } from './train/loop.js';
export { BatchSampler, type SamplerState } from './train/sampler.js';
export { saveCheckpoint, loadCheckpoint, type Checkpoint, type History } from './train/checkpoint.js';
export { optimizerRecipe, OPTIMIZER_NAMES, type OptimizerName, type RecipeOptions } from './recipes.js';
