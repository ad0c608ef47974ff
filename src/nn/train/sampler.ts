/**
 * Minibatches by epochs of a seeded random permutation, with a state small enough to checkpoint
 * (the generator's state at the start of the epoch and the position in it) so that a resumed
 * run draws exactly the batches the uninterrupted run would have drawn.
 */
import { InfogeoError } from '../../errors.js';
import { Rng } from '../../random/rng.js';

/** The sampler's checkpointable state. */
export interface SamplerState {
  epochRng: number[];
  epoch: number;
  pos: number;
}

/**
 * Draws batches of `batchSize` distinct indices in [0, count) without replacement within an
 * epoch; a batch never straddles two epochs (the tail of a permutation shorter than a batch is
 * skipped).
 *
 * @example const s = new BatchSampler(10, 4, 1); s.next().length // 4
 */
export class BatchSampler {
  private perm: Int32Array;
  private st: SamplerState;

  constructor(
    readonly count: number,
    readonly batchSize: number,
    seed: number,
    state?: SamplerState,
  ) {
    if (!Number.isInteger(count) || count < 1) throw new InfogeoError('BatchSampler', 'count', count, 'an integer >= 1');
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > count) throw new InfogeoError('BatchSampler', 'batchSize', batchSize, `an integer in [1, ${count}] (the dataset size)`);
    this.st = state ? { ...state, epochRng: [...state.epochRng] } : { epochRng: new Rng(seed).getState(), epoch: 0, pos: 0 };
    this.perm = this.permutation();
  }

  private permutation(): Int32Array {
    const r = new Rng(0);
    r.setState(this.st.epochRng);
    const p = Int32Array.from({ length: this.count }, (_, i) => i);
    for (let i = this.count - 1; i > 0; i--) {
      const j = r.nextInt(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    this.nextEpochRng = r.getState();
    return p;
  }

  private nextEpochRng: number[] = [];

  /** The next batch's indices. */
  next(): Int32Array {
    if (this.st.pos + this.batchSize > this.count) {
      this.st = { epochRng: this.nextEpochRng, epoch: this.st.epoch + 1, pos: 0 };
      this.perm = this.permutation();
    }
    const out = this.perm.slice(this.st.pos, this.st.pos + this.batchSize);
    this.st.pos += this.batchSize;
    return out;
  }

  /** A copy of the state, for checkpoints. */
  state(): SamplerState {
    return { ...this.st, epochRng: [...this.st.epochRng] };
  }
}
