/**
 * Shampoo (Gupta, Koren and Singer 2018, "Shampoo: preconditioned stochastic tensor
 * optimization"), on each dense layer's [in + 1, out] gradient matrix G, split into tiles of at
 * most blockSize x blockSize (the blocking of Anil et al. 2020): per tile, statistics
 * L <- b2 L + G G^T and R <- b2 R + G^T G, inverse fourth roots recomputed every invEvery steps
 * in float64, and the direction P = L^-1/4 G R^-1/4. The step's size per layer is grafted from
 * Adam (or SGD): u = |a| P / |P|, a the grafted optimiser's step; then momentum and the
 * learning rate: step = -lr m_hat with m = b1 m + (1 - b1) u.
 */
import { tf } from '../backend.js';
import { matmul } from '../matmul.js';
import { InfogeoError } from '../../errors.js';
import type { Sequential } from '../sequential.js';
import type { NNTransform } from './transform.js';
import { releaseReplaced } from './state.js';
import { checkGrads, checkInt, checkPositive, checkUnit } from './checks.js';
import { fromLayerMatrices, toLayerMatrices } from './layerView.js';
import { inverseRoot } from './inverseRoot.js';
import { toFloat64 } from '../curvature/statistics.js';

/** Options of {@link shampoo}. */
export interface ShampooOptions {
  /** Learning rate. Default 1e-3. */
  lr?: number;
  /** Momentum of the grafted step, in [0, 1). Default 0.9. */
  b1?: number;
  /** Decay of the statistics, in (0, 1]; 1 accumulates sums (the original Shampoo). Default 0.999. */
  b2?: number;
  /** Relative regulariser of the roots: (L + eps lambda_max I)^(-1/4). Default 1e-4. */
  eps?: number;
  /** Recompute the inverse roots every invEvery steps. Default 20. */
  invEvery?: number;
  /** Largest tile side. Default 128. */
  blockSize?: number;
  /** Whose step norm to graft: 'adam' (default) or 'sgd'. */
  graft?: 'adam' | 'sgd';
  /** Adam's epsilon in the grafted step. Default 1e-8. */
  graftEps?: number;
}

/** One tile's statistics and roots. */
interface Tile {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
  L: tf.Tensor2D;
  R: tf.Tensor2D;
  Lroot: tf.Tensor2D | null;
  Rroot: tf.Tensor2D | null;
}

/** State of {@link shampoo}. */
export interface ShampooState {
  count: number;
  tiles: Tile[][];
  /** Adam's second moments of the layer matrices (grafting 'adam'). */
  v: tf.Tensor2D[];
  /** Momentum of the grafted step. */
  m: tf.Tensor2D[];
}

function splits(n: number, size: number): [number, number][] {
  const k = Math.ceil(n / size);
  const base = Math.floor(n / k);
  const extra = n % k;
  const out: [number, number][] = [];
  let o = 0;
  for (let i = 0; i < k; i++) {
    const len = base + (i < extra ? 1 : 0);
    out.push([o, len]);
    o += len;
  }
  return out;
}

/**
 * The Shampoo optimiser for a sequential network's dense layers.
 *
 * Formula: see the module comment. Domain: lr, eps > 0; b1 in [0, 1); b2 in (0, 1];
 * invEvery, blockSize integers >= 1. Before the first roots exist the step is the grafted
 * optimiser's. A root that cannot be computed (non-finite statistics) raises an InfogeoError
 * naming the layer.
 *
 * @example const opt = shampoo(net, { lr: 1e-3 }); let s = opt.init(params);
 */
export function shampoo(net: Sequential, options: ShampooOptions = {}): NNTransform<ShampooState> {
  const where = 'shampoo';
  const lr = checkPositive(where, 'lr', options.lr ?? 1e-3);
  const b1 = checkUnit(where, 'b1', options.b1 ?? 0.9);
  const b2 = options.b2 ?? 0.999;
  if (!(b2 > 0 && b2 <= 1)) throw new InfogeoError(where, 'b2', b2, 'a number in (0, 1]');
  const eps = checkPositive(where, 'eps', options.eps ?? 1e-4);
  const invEvery = checkInt(where, 'invEvery', options.invEvery ?? 20, 1);
  const blockSize = checkInt(where, 'blockSize', options.blockSize ?? 128, 1);
  const graft = options.graft ?? 'adam';
  if (graft !== 'adam' && graft !== 'sgd') throw new InfogeoError(where, 'graft', graft, "'adam' or 'sgd'");
  const graftEps = options.graftEps ?? 1e-8;

  function root(t: tf.Tensor2D, n: number, layer: string, which: string): tf.Tensor2D {
    const r = inverseRoot(new Float64Array(n * n), toFloat64(t), n, 4, eps);
    if (!r) throw new InfogeoError(`shampoo(${layer})`, which, 'a statistic with non-finite entries', 'finite statistics', 'the gradients contained NaN or Infinity');
    return tf.tensor2d(Float32Array.from(r), [n, n]);
  }

  return {
    name: 'shampoo',
    init() {
      const tiles = net.dense.map((s) => {
        const rows = s.inputSize + 1;
        const list: Tile[] = [];
        for (const [r0, nr] of splits(rows, blockSize)) {
          for (const [c0, nc] of splits(s.outputSize, blockSize)) {
            list.push({ r0, c0, rows: nr, cols: nc, L: tf.zeros([nr, nr]), R: tf.zeros([nc, nc]), Lroot: null, Rroot: null });
          }
        }
        return list;
      });
      const v = net.dense.map((s) => tf.zeros([s.inputSize + 1, s.outputSize]) as tf.Tensor2D);
      const m = net.dense.map((s) => tf.zeros([s.inputSize + 1, s.outputSize]) as tf.Tensor2D);
      return { count: 0, tiles, v, m };
    },

    update(grads, state) {
      checkGrads(where, grads);
      const count = state.count + 1;
      const refresh = (count - 1) % invEvery === 0;
      const gm = toLayerMatrices(net, grads);
      const tiles: Tile[][] = [];
      const v: tf.Tensor2D[] = [];
      const m: tf.Tensor2D[] = [];
      const stepMats: tf.Tensor2D[] = [];
      net.dense.forEach((slot, li) => {
        const g = gm[li];
        const layerTiles: Tile[] = state.tiles[li].map((t) => {
          const [L, R] = tf.tidy(() => {
            const gt = tf.slice(g, [t.r0, t.c0], [t.rows, t.cols]);
            return [tf.add(tf.mul(t.L, b2), matmul(gt, gt, false, true)) as tf.Tensor2D, tf.add(tf.mul(t.R, b2), matmul(gt, gt, true, false)) as tf.Tensor2D];
          });
          let Lroot = t.Lroot;
          let Rroot = t.Rroot;
          if (refresh) {
            Lroot = root(L, t.rows, slot.name, 'L');
            Rroot = root(R, t.cols, slot.name, 'R');
          }
          return { ...t, L, R, Lroot, Rroot };
        });
        tiles.push(layerTiles);
        const vNew = tf.tidy(() => tf.add(tf.mul(state.v[li], 0.999), tf.mul(tf.square(g), 0.001)) as tf.Tensor2D);
        v.push(vNew);
        const u = tf.tidy(() => {
          const graftStep: tf.Tensor2D = graft === 'adam' ? (tf.div(g, tf.add(tf.sqrt(tf.div(vNew, 1 - Math.pow(0.999, count))), graftEps)) as tf.Tensor2D) : g;
          const rowsOf = new Map<number, tf.Tensor2D[]>();
          for (const t of layerTiles) {
            const gt = tf.slice(g, [t.r0, t.c0], [t.rows, t.cols]);
            const pt: tf.Tensor2D = t.Lroot && t.Rroot ? tf.matMul(tf.matMul(t.Lroot, gt), t.Rroot) : (tf.slice(graftStep, [t.r0, t.c0], [t.rows, t.cols]) as tf.Tensor2D);
            if (!rowsOf.has(t.r0)) rowsOf.set(t.r0, []);
            rowsOf.get(t.r0)!.push(pt);
          }
          const p = tf.concat([...rowsOf.values()].map((ts) => (ts.length === 1 ? ts[0] : tf.concat(ts, 1))), 0) as tf.Tensor2D;
          const pn = tf.norm(p);
          const an = tf.norm(graftStep);
          return tf.mul(p, tf.div(an, tf.maximum(pn, 1e-30))) as tf.Tensor2D;
        });
        const mNew = tf.tidy(() => tf.add(tf.mul(state.m[li], b1), tf.mul(u, 1 - b1)) as tf.Tensor2D);
        u.dispose();
        m.push(mNew);
        stepMats.push(tf.mul(mNew, -lr / (1 - Math.pow(b1, count))) as tf.Tensor2D);
      });
      const step = fromLayerMatrices(net, stepMats);
      tf.dispose([...gm, ...stepMats]);
      const next: ShampooState = { count, tiles, v, m };
      releaseReplaced(state, next);
      return [step, next];
    },
  };
}
