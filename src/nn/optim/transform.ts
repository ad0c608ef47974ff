/**
 * Optimisers for networks as gradient transformations on lists of tensors, in the style of the
 * library's optax-like transforms (src/optim): `init(params) -> state` and
 * `update(grads, state, params, context) -> [step, state]`, the step being ADDED to the
 * parameters. Two differences forced by native tensor memory: `update` consumes its input state
 * (tensors it does not carry over are disposed, so keep only the returned state), and the
 * returned step is owned by the caller. Curvature-based transforms also read the batch from the
 * context: K-FAC and CG need the inputs to form curvature, and the loss to adapt their damping.
 */
import type { tf } from '../backend.js';

/** A minibatch: inputs [B, inputSize], targets [B, outputSize] (the same rows). */
export interface Batch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

/** What an update may use besides the gradient. */
export interface StepContext {
  batch: Batch;
  /** The mean loss on the batch at the current parameters (what `grads` is the gradient of). */
  loss: number;
  /** Receives human-readable notes (damping changes, rejected steps); default: ignored. */
  log?: (message: string) => void;
}

/** A gradient transformation on tensors with state S (a tree; see state.ts). */
export interface NNTransform<S = unknown> {
  readonly name: string;
  init(params: readonly tf.Tensor[]): S;
  /** The step to add and the next state. Consumes `state`; never modifies grads or params. */
  update(grads: readonly tf.Tensor[], state: S, params: readonly tf.Tensor[], context: StepContext): [tf.Tensor[], S];
  /**
   * Called by the training loop when the loss became non-finite after a step that was applied
   * (the loop restores the previous parameters): returns a more conservative state, e.g. with
   * more damping. Default: the state unchanged.
   */
  recover?(state: S, log?: (message: string) => void): S;
}
