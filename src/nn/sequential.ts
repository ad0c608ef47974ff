/**
 * A sequential model: a chain of dense and activation layers x -> f_L(...f_1(x)), with the whole
 * network's forward pass, backprop (VJP) and tangent (JVP) passes composed from the layers'.
 * Parameters live outside the model, as a flat list of tensors in layer order
 * ([W_1, b_1, W_2, b_2, ...]), so that optimisers, curvature estimators and tfjs-layers
 * variables can all supply them.
 */
import { tf } from './backend.js';
import { matmul } from './matmul.js';
import { InfogeoError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { ActivationLayer, ACTIVATIONS, type ActivationName } from './layers/activation.js';
import { DenseLayer } from './layers/dense.js';
import type { Layer } from './layers/layer.js';

/** A layer in {@link sequential}'s shorthand: a number is a dense layer of that many units, a name an activation. */
export type LayerSpec = number | ActivationName;

/** The intermediate values of one forward pass: the input and output of every layer. */
export interface Trace {
  readonly inputs: tf.Tensor2D[];
  readonly outputs: tf.Tensor2D[];
  /** The network's output (= outputs[outputs.length - 1]). */
  readonly output: tf.Tensor2D;
}

/** Result of {@link Sequential.backward}. */
export interface Backward {
  /** Gradient for every parameter (summed over the batch), or null when not requested. */
  grads: tf.Tensor[] | null;
  /** For every layer, the gradient with respect to its output (for a dense layer, its pre-activation). */
  outputGrads: tf.Tensor2D[];
}

/** A dense layer's position: its index in `layers` and the index of its W in the parameter list (b follows). */
export interface DenseSlot {
  readonly layer: number;
  readonly param: number;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly name: string;
}

/** Options of {@link Sequential.init}. */
export interface InitOptions {
  /**
   * 'glorot' (default): W uniform on +-sqrt(6 / (in + out)) (Glorot and Bengio 2010).
   * 'sparse': 15 (or all, if fewer) incoming weights per unit drawn from N(0, 1), the rest 0
   * (Martens 2010; the initialisation of the K-FAC autoencoder experiments). Biases are 0.
   */
  scheme?: 'glorot' | 'sparse';
}

/**
 * A chain of layers with explicit forward, VJP and JVP passes.
 *
 * @example
 * const net = sequential(2, [3, 'tanh', 1]);
 * const params = net.init(1);
 * net.forward(params, tf.tensor2d([[0.5, -1]])).shape // [1, 1]
 */
export class Sequential {
  readonly layers: readonly Layer[];
  readonly inputSize: number;
  readonly outputSize: number;
  /** Shapes of every parameter, flattened over layers. */
  readonly paramShapes: readonly (readonly number[])[];
  /** Index of each layer's first parameter in the flat list. */
  readonly paramStart: readonly number[];
  /** The dense layers in order. */
  readonly dense: readonly DenseSlot[];
  /** Total number of scalar parameters. */
  readonly size: number;

  constructor(layers: Layer[]) {
    if (layers.length === 0) throw new InfogeoError('Sequential', 'layers', layers, 'at least one layer');
    for (let i = 1; i < layers.length; i++) {
      if (layers[i].inputSize !== layers[i - 1].outputSize) {
        throw new InfogeoError('Sequential', `layers[${i}].inputSize`, layers[i].inputSize, `${layers[i - 1].outputSize} (the output size of layer ${i - 1}, ${layers[i - 1].name})`);
      }
    }
    this.layers = layers;
    this.inputSize = layers[0].inputSize;
    this.outputSize = layers[layers.length - 1].outputSize;
    const shapes: (readonly number[])[] = [];
    const start: number[] = [];
    const dense: DenseSlot[] = [];
    layers.forEach((layer, i) => {
      start.push(shapes.length);
      if (layer.kind === 'dense') dense.push({ layer: i, param: shapes.length, inputSize: layer.inputSize, outputSize: layer.outputSize, name: layer.name });
      shapes.push(...layer.paramShapes);
    });
    this.paramShapes = shapes;
    this.paramStart = start;
    this.dense = dense;
    this.size = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
  }

  /** The parameters of layer i, as a slice of the flat list. */
  layerParams(params: readonly tf.Tensor[], i: number): tf.Tensor[] {
    return params.slice(this.paramStart[i], this.paramStart[i] + this.layers[i].paramShapes.length) as tf.Tensor[];
  }

  /**
   * Fresh parameters (float32 tensors, owned by the caller), drawn from a seeded generator so
   * that a seed gives the same network on every backend.
   */
  init(seed: number | Rng, options: InitOptions = {}): tf.Tensor[] {
    const r = typeof seed === 'number' ? new Rng(seed) : seed;
    const scheme = options.scheme ?? 'glorot';
    if (scheme !== 'glorot' && scheme !== 'sparse') throw new InfogeoError('Sequential.init', 'scheme', scheme, "'glorot' or 'sparse'");
    const out: tf.Tensor[] = [];
    for (const slot of this.dense) {
      const { inputSize: m, outputSize: n } = slot;
      const w = new Float32Array(m * n);
      if (scheme === 'glorot') {
        const a = Math.sqrt(6 / (m + n));
        for (let i = 0; i < w.length; i++) w[i] = a * (2 * r.next() - 1);
      } else {
        const k = Math.min(15, m);
        const idx = Array.from({ length: m }, (_, i) => i);
        for (let j = 0; j < n; j++) {
          // k distinct inputs per unit: a partial Fisher-Yates shuffle.
          for (let t = 0; t < k; t++) {
            const s = t + r.nextInt(m - t);
            [idx[t], idx[s]] = [idx[s], idx[t]];
            w[idx[t] * n + j] = r.normal();
          }
        }
      }
      out.push(tf.tensor2d(w, [m, n]), tf.zeros([n]));
    }
    return out;
  }

  /** Throws unless `params` has this model's parameter shapes. */
  checkParams(where: string, params: readonly tf.Tensor[]): void {
    if (!Array.isArray(params) || params.length !== this.paramShapes.length) {
      throw new InfogeoError(where, 'params', params?.length, `a list of ${this.paramShapes.length} tensors (two per dense layer)`);
    }
    params.forEach((p, i) => {
      const want = this.paramShapes[i];
      if (!(p instanceof tf.Tensor) || p.shape.length !== want.length || p.shape.some((d: number, k: number) => d !== want[k])) {
        const layer = this.dense.find((s) => s.param === i || s.param + 1 === i);
        throw new InfogeoError(where, `params[${i}]`, p instanceof tf.Tensor ? p.shape : p, `a tensor of shape [${want.join(', ')}]`, layer ? `parameter of layer ${layer.name}` : undefined);
      }
    });
  }

  /** Throws unless x is a [batch, inputSize] tensor with batch >= 1. */
  checkInput(where: string, x: tf.Tensor): asserts x is tf.Tensor2D {
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== this.inputSize || x.shape[0] < 1) {
      throw new InfogeoError(where, 'x', x instanceof tf.Tensor ? x.shape : x, `a tensor of shape [batch >= 1, ${this.inputSize}]`);
    }
  }

  /** The network's output f(x; params), [batch, outputSize]. */
  forward(params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.forward(this.layerParams(params, i), h);
    });
    return h;
  }

  /** The forward pass keeping every layer's input and output, for the VJP and JVP passes. */
  trace(params: readonly tf.Tensor[], x: tf.Tensor2D): Trace {
    const inputs: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    let h = x;
    this.layers.forEach((layer, i) => {
      inputs.push(h);
      h = layer.forward(this.layerParams(params, i), h);
      outputs.push(h);
    });
    return { inputs, outputs, output: h };
  }

  /**
   * Backprop of the output gradient dz ([batch, outputSize]) through the network: parameter
   * gradients sum over the batch of J_n^T dz_n. With paramGrads = false only the per-layer
   * output gradients are computed (what K-FAC's G factor needs).
   */
  backward(params: readonly tf.Tensor[], trace: Trace, dz: tf.Tensor2D, paramGrads = true): Backward {
    const grads: tf.Tensor[] | null = paramGrads ? new Array(this.paramShapes.length) : null;
    const outputGrads: tf.Tensor2D[] = new Array(this.layers.length);
    let dy: tf.Tensor2D = dz;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      outputGrads[i] = dy;
      const needDx = i > 0;
      const lp = this.layerParams(params, i);
      if (!paramGrads && layer.kind === 'dense') {
        if (!needDx) break;
        dy = matmul(dy, lp[0] as tf.Tensor2D, false, true);
        continue;
      }
      const r = layer.vjp(lp, trace.inputs[i], trace.outputs[i], dy, needDx);
      if (grads) r.dparams.forEach((g, k) => (grads[this.paramStart[i] + k] = g));
      if (r.dx) dy = r.dx;
    }
    return { grads, outputGrads };
  }

  /** Tangent of the output, J v, for a parameter tangent v (same shapes as params): [batch, outputSize]. */
  jvp(params: readonly tf.Tensor[], trace: Trace, v: readonly tf.Tensor[]): tf.Tensor2D {
    let dh: tf.Tensor2D | null = null;
    this.layers.forEach((layer, i) => {
      const lp = this.layerParams(params, i);
      const lv = lp.length === 0 ? null : this.layerParams(v, i);
      dh = layer.jvp(lp, trace.inputs[i], trace.outputs[i], dh, lv);
    });
    if (dh === null) return tf.zeros([trace.output.shape[0], this.outputSize]);
    return dh;
  }
}

/**
 * Builds a {@link Sequential} model from a compact description: a number is a dense layer with
 * that many units (with bias), a name an activation of the previous layer's size.
 *
 * Domain: inputSize an integer >= 1; specs non-empty; unit counts integers >= 1; activation
 * names from {@link ACTIVATIONS}. Dense layers are named dense_1, dense_2, ...
 *
 * @example sequential(784, [1000, 'sigmoid', 10]).size // 795010 (= 785 * 1000 + 1001 * 10)
 */
export function sequential(inputSize: number, specs: readonly LayerSpec[]): Sequential {
  if (!Number.isInteger(inputSize) || inputSize < 1) throw new InfogeoError('sequential', 'inputSize', inputSize, 'an integer >= 1');
  if (!Array.isArray(specs) || specs.length === 0) throw new InfogeoError('sequential', 'specs', specs, 'a non-empty list of unit counts and activation names');
  const layers: Layer[] = [];
  let size = inputSize;
  let nDense = 0;
  specs.forEach((s, i) => {
    if (typeof s === 'number') {
      if (!Number.isInteger(s) || s < 1) throw new InfogeoError('sequential', `specs[${i}]`, s, 'a unit count (an integer >= 1) or an activation name');
      layers.push(new DenseLayer(size, s, `dense_${++nDense}`));
      size = s;
    } else if (ACTIVATIONS.includes(s)) {
      layers.push(new ActivationLayer(s, size));
    } else {
      throw new InfogeoError('sequential', `specs[${i}]`, s, `a unit count or one of ${ACTIVATIONS.join(', ')}`);
    }
  });
  return new Sequential(layers);
}
