/**
 * Named optimiser configurations for the benchmark networks, shared by `infogeo train` and
 * bench/nn.ts so that both run exactly the same settings. Each is a transform from src/nn/optim
 * with the hyperparameters that worked best in short tuning runs on the MNIST autoencoder and
 * classifier (batch 1000); see bench/nn.ts for the measurements.
 */
import { InfogeoError } from '../errors.js';
import type { Model } from './models.js';
import type { NNTransform } from './optim/transform.js';
import { adamNN, sgdNN } from './optim/baselines.js';
import { kfac } from './optim/kfac.js';
import { shampoo } from './optim/shampoo.js';
import { diagonalFisher } from './optim/diagonalFisher.js';
import { naturalGradientCG } from './optim/naturalGradientCG.js';

/** The optimiser names the command line and the benchmark accept. */
export const OPTIMIZER_NAMES = ['adam', 'sgd', 'kfac', 'kfac-kl', 'shampoo', 'diag', 'cg'] as const;
/** One of {@link OPTIMIZER_NAMES}. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Options of {@link optimizerRecipe}. */
export interface RecipeOptions {
  /** Batch size of the run (K-FAC and CG use a quarter of it, at least 100 examples, for curvature). */
  batchSize?: number;
  /** Seed of the optimiser's own sampling (K-FAC, diagonal Fisher). */
  seed?: number;
}

/**
 * The transform behind an optimiser name for a model.
 *
 * Domain: name one of {@link OPTIMIZER_NAMES}.
 *
 * @example optimizerRecipe('kfac', autoencoder(), { batchSize: 1000 }).name // 'kfac'
 */
export function optimizerRecipe(name: string, model: Model, options: RecipeOptions = {}): NNTransform<any> {
  const b = options.batchSize ?? 1000;
  const curvatureBatch = Math.min(b, Math.max(100, Math.round(b / 4)));
  const seed = options.seed ?? 0;
  const ae = model.output.name === 'bernoulli';
  switch (name) {
    case 'adam':
      return adamNN(ae ? 3e-3 : 1e-3);
    case 'sgd':
      return sgdNN(ae ? 0.01 : 0.1, { momentum: 0.9 });
    case 'kfac':
      return kfac(model.net, model.output, { curvatureBatch, seed });
    case 'kfac-kl':
      return kfac(model.net, model.output, { stepSize: 'klClip', lr: 0.1, curvatureBatch, seed });
    case 'shampoo':
      return shampoo(model.net, { lr: ae ? 3e-3 : 1e-3 });
    case 'diag':
      return diagonalFisher(model.net, model.output, { lr: 1e-3, damping: 1e-3, seed });
    case 'cg':
      return naturalGradientCG(model.net, model.output, { maxIter: 10, curvatureBatch });
    default:
      throw new InfogeoError('optimizerRecipe', 'name', name, `one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
