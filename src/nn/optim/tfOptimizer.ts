/**
 * Any {@link NNTransform} (K-FAC, Shampoo, CG natural gradient, ...) as a `tf.Optimizer`, usable
 * with tfjs-layers' `model.compile({ optimizer })` and `model.fit` for sequential models of dense
 * layers. The adapter reads the tfjs model's layers into a {@link Sequential} whose parameters
 * ARE the model's variables, and observes each training batch: the first layer's input (by
 * wrapping its `call`) and the targets (by wrapping the compiled loss function). The gradient is
 * the one tfjs computes (first-order autodiff, which is trustworthy); every curvature quantity
 * comes from the library's own passes on the observed batch.
 */
import { tf } from '../backend.js';
import { InfogeoError } from '../../errors.js';
import { sequential, type LayerSpec, type Sequential } from '../sequential.js';
import type { ActivationName } from '../layers/activation.js';
import type { OutputDistribution } from '../outputs/output.js';
import { categoricalOutput } from '../outputs/categorical.js';
import { bernoulliOutput } from '../outputs/bernoulli.js';
import { gaussianOutput } from '../outputs/gaussian.js';
import type { Model } from '../models.js';
import type { NNTransform } from './transform.js';
import { collectDisposables, disposeState } from './state.js';

/** A tfjs-layers model as far as the adapter needs it. */
type LayersModel = tf.Sequential | tf.LayersModel;

interface DenseLike {
  getClassName(): string;
  getConfig(): { units?: number; activation?: string; useBias?: boolean };
  trainableWeights: { read(): tf.Variable }[];
  name: string;
  call: (inputs: tf.Tensor | tf.Tensor[], kwargs: unknown) => tf.Tensor | tf.Tensor[];
  batchInputShape?: number[];
}

const HIDDEN: Record<string, ActivationName> = { linear: 'identity', tanh: 'tanh', relu: 'relu', sigmoid: 'sigmoid', softplus: 'softplus' };
const OUTPUT: Record<string, () => OutputDistribution> = { softmax: categoricalOutput, sigmoid: bernoulliOutput, linear: () => gaussianOutput(1) };

/**
 * Reads a tfjs-layers sequential model of dense layers into a {@link Model} (our network and the
 * output distribution implied by the last activation: softmax -> categorical, sigmoid ->
 * Bernoulli, linear -> Gaussian) and the parameter list (the model's own variables, in order).
 *
 * Domain: every layer a Dense layer with bias; hidden activations linear, tanh, relu, sigmoid or
 * softplus; the last softmax, sigmoid or linear. Otherwise an InfogeoError names the layer.
 *
 * @example const { model, params } = fromLayersModel(tfModel); model.net.size // parameter count
 */
export function fromLayersModel(layersModel: LayersModel): { model: Model; params: tf.Variable[] } {
  const where = 'fromLayersModel';
  const layers = layersModel.layers as unknown as DenseLike[];
  if (layers.length === 0) throw new InfogeoError(where, 'model.layers', 0, 'at least one Dense layer');
  const specs: LayerSpec[] = [];
  const params: tf.Variable[] = [];
  let inputSize = 0;
  let output: OutputDistribution | null = null;
  layers.forEach((l, i) => {
    const cls = l.getClassName();
    const cfg = l.getConfig();
    if (cls !== 'Dense') throw new InfogeoError(where, `layers[${i}]`, `${l.name} (${cls})`, 'a Dense layer (the adapter handles sequential dense networks)');
    if (cfg.useBias === false) throw new InfogeoError(where, `layers[${i}].useBias`, false, 'true (dense layers with bias)', `layer ${l.name}`);
    if (i === 0) {
      const w = l.trainableWeights[0].read();
      inputSize = w.shape[0];
    }
    specs.push(cfg.units!);
    const act = cfg.activation ?? 'linear';
    if (i < layers.length - 1) {
      if (!(act in HIDDEN)) throw new InfogeoError(where, `layers[${i}].activation`, act, `one of ${Object.keys(HIDDEN).join(', ')}`, `layer ${l.name}`);
      if (act !== 'linear') specs.push(HIDDEN[act]);
    } else {
      if (!(act in OUTPUT)) throw new InfogeoError(where, `layers[${i}].activation`, act, 'softmax (categorical), sigmoid (Bernoulli) or linear (Gaussian) on the last layer', `layer ${l.name}`);
      output = OUTPUT[act]();
    }
    params.push(...l.trainableWeights.map((v) => v.read()));
  });
  const net: Sequential = sequential(inputSize, specs);
  return { model: { name: `tfjs ${layersModel.name}`, net, output: output! }, params };
}

/**
 * A `tf.Optimizer` running one of the library's transforms; see the module comment.
 *
 * Usage: build the tfjs model, then `const opt = new TransformOptimizer(tfModel, (m) => kfac(m.net, m.output))`,
 * `tfModel.compile({ optimizer: opt, loss: 'categoricalCrossentropy' })`, `await tfModel.fit(x, y)`,
 * and `opt.dispose()` when done. Transforms that need the batch receive the observed inputs and
 * targets; notes (damping changes) go to `log`.
 */
export class TransformOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'InfogeoTransformOptimizer';
  }

  readonly model: Model;
  readonly transform: NNTransform<any>;
  private readonly params: tf.Variable[];
  private state: unknown;
  private x: tf.Tensor2D | null = null;
  private y: tf.Tensor2D | null = null;
  private restore: (() => void)[] = [];

  constructor(
    private readonly layersModel: LayersModel,
    make: (model: Model) => NNTransform<any>,
    private readonly log: (message: string) => void = () => {},
  ) {
    super();
    const { model, params } = fromLayersModel(layersModel);
    this.model = model;
    this.params = params;
    this.transform = make(model);
    this.state = this.transform.init(params);
    for (const d of collectDisposables(this.state)) if (d instanceof tf.Tensor) tf.keep(d);
    const first = layersModel.layers[0] as unknown as DenseLike;
    const call = first.call;
    first.call = (inputs, kwargs) => {
      const t = Array.isArray(inputs) ? inputs[0] : inputs;
      this.observe('x', t);
      return call.call(first, inputs, kwargs);
    };
    this.restore.push(() => (first.call = call));
  }

  private observe(which: 'x' | 'y', t: tf.Tensor): void {
    const old = this[which];
    this[which] = tf.keep(t.clone()) as tf.Tensor2D;
    if (old && !old.isDisposed) old.dispose();
  }

  /** Wraps the compiled loss once, to observe the targets of each batch. */
  private watchTargets(): void {
    type WithLoss = { lossFunctions?: ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)[]; model?: WithLoss };
    // tf.Sequential compiles and fits its inner LayersModel.
    const outer = this.layersModel as unknown as WithLoss;
    const m = outer.model ?? outer;
    if (!m.lossFunctions || m.lossFunctions.length !== 1 || (m.lossFunctions[0] as { __observed?: boolean }).__observed) return;
    const f = m.lossFunctions[0];
    const wrapped = Object.assign((yTrue: tf.Tensor, yPred: tf.Tensor) => {
      this.observe('y', yTrue);
      return f(yTrue, yPred);
    }, { __observed: true });
    m.lossFunctions[0] = wrapped;
    this.restore.push(() => (m.lossFunctions![0] = f));
  }

  override minimize(f: () => tf.Scalar, returnCost = false, varList?: tf.Variable[]): tf.Scalar | null {
    this.watchTargets();
    const { value, grads } = this.computeGradients(f, varList);
    this.step(this.params.map((p) => grads[p.name]), value.dataSync()[0]);
    tf.dispose(grads);
    if (returnCost) return value;
    value.dispose();
    return null;
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const map: tf.NamedTensorMap = Array.isArray(variableGradients) ? Object.fromEntries(variableGradients.map((g) => [g.name, g.tensor])) : variableGradients;
    this.step(this.params.map((p) => map[p.name]), Number.NaN);
  }

  private step(grads: (tf.Tensor | undefined)[], loss: number): void {
    const missing = grads.findIndex((g) => !g);
    if (missing >= 0) throw new InfogeoError('TransformOptimizer', 'gradients', this.params[missing].name, 'a gradient for every dense-layer variable');
    if (!this.x || !this.y) throw new InfogeoError('TransformOptimizer', 'batch', null, 'a batch observed through model.fit (call minimize from fit, or fit once first)');
    const [delta, next] = this.transform.update(grads as tf.Tensor[], this.state, this.params, { batch: { x: this.x, y: this.y }, loss, log: this.log });
    // model.fit runs each batch inside tf.tidy: the state must outlive that scope.
    for (const d of collectDisposables(next)) if (d instanceof tf.Tensor) tf.keep(d);
    this.state = next;
    tf.tidy(() => this.params.forEach((p, i) => p.assign(tf.add(p, delta[i]))));
    tf.dispose(delta);
    this.incrementIterations();
  }

  override dispose(): void {
    for (const r of this.restore.splice(0)) r();
    disposeState(this.state);
    tf.dispose([this.x, this.y].filter((t): t is tf.Tensor2D => t !== null));
    this.x = null;
    this.y = null;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { transform: this.transform.name };
  }
}
