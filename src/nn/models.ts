/**
 * The benchmark networks: the deep autoencoder of Hinton and Salakhutdinov (2006) used by
 * Martens (2010) and Martens and Grosse (2015), and an MLP classifier, each with its output
 * distribution; scaled-down variants run in the tests.
 */
import { InfogeoError } from '../errors.js';
import { sequential, type LayerSpec, type Sequential } from './sequential.js';
import type { ActivationName } from './layers/activation.js';
import type { OutputDistribution } from './outputs/output.js';
import { bernoulliOutput } from './outputs/bernoulli.js';
import { categoricalOutput } from './outputs/categorical.js';

/** A network with the distribution its outputs parameterise. */
export interface Model {
  readonly name: string;
  readonly net: Sequential;
  readonly output: OutputDistribution;
}

/** Options of {@link autoencoder}. */
export interface AutoencoderOptions {
  /** Encoder sizes from the input to the code. Default [784, 1000, 500, 250, 30]. */
  sizes?: readonly number[];
  /** Hidden activation. Default 'sigmoid' (logistic units, as in the papers). */
  activation?: ActivationName;
}

/**
 * A deep autoencoder: the encoder sizes[0] -> ... -> sizes[last] (linear code layer), then the
 * mirrored decoder back to sizes[0] logits under a Bernoulli output (cross-entropy on pixel
 * intensities).
 *
 * Domain: at least two sizes, integers >= 1.
 *
 * @example autoencoder().net.size // 2837314 parameters (784-1000-500-250-30-250-500-1000-784)
 */
export function autoencoder(options: AutoencoderOptions = {}): Model {
  const sizes = options.sizes ?? [784, 1000, 500, 250, 30];
  const act = options.activation ?? 'sigmoid';
  if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new InfogeoError('autoencoder', 'sizes', sizes, 'at least two layer sizes, integers >= 1');
  }
  const specs: LayerSpec[] = [];
  const enc = sizes.slice(1);
  enc.forEach((s, i) => {
    specs.push(s);
    if (i < enc.length - 1) specs.push(act);
  });
  const dec = sizes.slice(0, -1).reverse();
  dec.forEach((s, i) => {
    specs.push(s);
    if (i < dec.length - 1) specs.push(act);
  });
  return { name: `autoencoder ${[...sizes, ...dec].join('-')}`, net: sequential(sizes[0], specs), output: bernoulliOutput() };
}

/** Options of {@link mlpClassifier}. */
export interface ClassifierOptions {
  input?: number;
  /** Hidden layer sizes. Default [256, 128]. */
  hidden?: readonly number[];
  classes?: number;
  /** Default 'tanh'. */
  activation?: ActivationName;
}

/**
 * A multilayer perceptron classifier with a softmax (categorical) output.
 *
 * @example mlpClassifier().net.size // 235146 (784-256-128-10)
 */
export function mlpClassifier(options: ClassifierOptions = {}): Model {
  const input = options.input ?? 784;
  const hidden = options.hidden ?? [256, 128];
  const classes = options.classes ?? 10;
  const act = options.activation ?? 'tanh';
  if (!Number.isInteger(classes) || classes < 2) throw new InfogeoError('mlpClassifier', 'classes', classes, 'an integer >= 2');
  const specs: LayerSpec[] = [];
  for (const h of hidden) specs.push(h, act);
  specs.push(classes);
  return { name: `mlp ${[input, ...hidden, classes].join('-')}`, net: sequential(input, specs), output: categoricalOutput() };
}
