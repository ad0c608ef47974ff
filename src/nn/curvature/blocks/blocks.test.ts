import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initBackend, tf } from '../../backend.js';
import { sequential } from '../../sequential.js';
import { categoricalOutput } from '../../outputs/categorical.js';
import { bernoulliOutput } from '../../outputs/bernoulli.js';
import { networkFisher } from '../perExample.js';
import { estimateBlocks } from '../statistics.js';
import { kroneckerBlock } from './kronecker.js';
import { fullBlock } from './full.js';
import { diagonalBlock } from './diagonal.js';
import { ekfacBlock } from './ekfac.js';
import type { CurvatureBlock } from './block.js';
import { relErr } from '../reference.testutil.js';
import { randn } from '../../testutil.testutil.js';
import { gemv } from '../../../linalg/gemv.js';
import { rng } from '../../../random/rng.js';
import { InfogeoError } from '../../../errors.js';

/** float32 round-off through a few matrix products of O(1) entries. */
const F32_REL = 1e-5;

beforeAll(async () => {
  await initBackend();
});

/** Rows [r0, r0 + d) x columns [r0, r0 + d) of a p x p matrix. */
function subBlock(f: Float64Array, p: number, r0: number, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = f[(r0 + i) * p + r0 + j];
  return out;
}

function frob(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

describe('curvature blocks against the exact Fisher', () => {
  it('single dense layer, one example: the Kronecker-factored block A (x) G equals the exact Fisher block', () => {
    const net = sequential(4, [3]);
    const out = categoricalOutput();
    const params = net.init(2);
    const x = randn(rng(2), 1, 4);
    const f = networkFisher(net, out, params, x);
    const [blk] = estimateBlocks(net, out, params, x, { kind: 'kronecker', estimator: 'exact' });
    expect(relErr(blk.toMatrix(), f)).toBeLessThan(F32_REL);
    blk.dispose();
  });

  it('deeper net, one example: every layer block of the exact Fisher is A (x) G; EKFAC equals it too', () => {
    const net = sequential(3, [4, 'tanh', 3, 'sigmoid', 2]);
    const out = bernoulliOutput();
    const params = net.init(3);
    const x = randn(rng(3), 1, 3);
    const f = networkFisher(net, out, params, x);
    const kron = estimateBlocks(net, out, params, x, { kind: 'kronecker', estimator: 'exact' });
    const ek = estimateBlocks(net, out, params, x, { kind: 'ekfac', estimator: 'exact' });
    let off = 0;
    net.dense.forEach((slot, i) => {
      const d = (slot.inputSize + 1) * slot.outputSize;
      const want = subBlock(f, net.size, off, d);
      expect(relErr(kron[i].toMatrix(), want)).toBeLessThan(F32_REL);
      expect(relErr(ek[i].toMatrix(), want)).toBeLessThan(1e-4);
      off += d;
    });
    tf.dispose([]);
    [...kron, ...ek].forEach((b) => b.dispose());
  });

  it('several examples: K-FAC is only an approximation, EKFAC is at least as close in Frobenius norm, full and diagonal are exact', () => {
    const net = sequential(3, [4, 'tanh', 3]);
    const out = categoricalOutput();
    const params = net.init(4);
    const x = randn(rng(4), 12, 3);
    const f = networkFisher(net, out, params, x);
    const kinds = ['kronecker', 'ekfac', 'full', 'diagonal'] as const;
    const blocks = Object.fromEntries(kinds.map((k) => [k, estimateBlocks(net, out, params, x, { kind: k, estimator: 'exact' })]));
    let off = 0;
    net.dense.forEach((slot, i) => {
      const d = (slot.inputSize + 1) * slot.outputSize;
      const want = subBlock(f, net.size, off, d);
      const kErr = frob(blocks.kronecker[i].toMatrix(), want);
      const eErr = frob(blocks.ekfac[i].toMatrix(), want);
      expect(kErr).toBeGreaterThan(1e-3 * frob(want, new Float64Array(d * d)));
      expect(eErr).toBeLessThanOrEqual(kErr * (1 + 1e-4));
      expect(relErr(blocks.full[i].toMatrix(), want)).toBeLessThan(F32_REL);
      const diag = blocks.diagonal[i].toMatrix();
      for (let r = 0; r < d; r++) expect(Math.abs(diag[r * d + r] - want[r * d + r])).toBeLessThanOrEqual(F32_REL * Math.abs(want[r * d + r]) + 1e-9);
      off += d;
    });
    Object.values(blocks).flat().forEach((b) => b.dispose());
  });
});

describe('the shared primitive: multiply by (C + damping I)^power', () => {
  function allBlocks(seed: number): [string, CurvatureBlock, boolean][] {
    const net = sequential(3, [4, 'tanh', 3]);
    const out = categoricalOutput();
    const params = net.init(seed);
    const x = randn(rng(seed), 10, 3);
    const opts = { estimator: 'exact' as const };
    const second = (o: Parameters<typeof estimateBlocks>[4]): CurvatureBlock => {
      const [first, keep] = estimateBlocks(net, out, params, x, { ...opts, ...o });
      first.dispose();
      return keep;
    };
    const res: [string, CurvatureBlock, boolean][] = [
      ['full', second({ kind: 'full' }), true],
      ['diagonal', second({ kind: 'diagonal' }), true],
      ['kronecker (factored)', second({ kind: 'kronecker' }), false],
      ['kronecker (exact damping)', second({ kind: 'kronecker', kronecker: 'exact' }), true],
      ['ekfac', second({ kind: 'ekfac' }), true],
    ];
    tf.dispose([...params, x]);
    return res;
  }

  it('M then M^-1 returns v; power 1/2 twice is power 1; power 1 is (C + damping I) v where damping is exact (property, seeded)', () => {
    const blocks = allBlocks(5);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 1e-3, max: 1, noNaN: true }), (seed, damping) => {
        for (const [name, blk, exactDamping] of blocks) {
          const v = randn(rng(seed), blk.rows, blk.cols);
          const mv = blk.multiply(v, damping, 1);
          const back = blk.multiply(mv, damping, -1);
          expect(relErr(back.dataSync(), v.dataSync()), name).toBeLessThan(1e-4);
          const h = blk.multiply(v, damping, 0.5);
          const hh = blk.multiply(h, damping, 0.5);
          expect(relErr(hh.dataSync(), mv.dataSync()), name).toBeLessThan(1e-4);
          if (exactDamping) {
            const d = blk.rows * blk.cols;
            const want = gemv(new Float64Array(d), blk.toMatrix(), Float64Array.from(v.dataSync()), d, d);
            const vv = v.dataSync();
            for (let i = 0; i < d; i++) want[i] += damping * vv[i];
            expect(relErr(mv.dataSync(), want), name).toBeLessThan(F32_REL * 10);
          }
          tf.dispose([v, mv, back, h, hh]);
        }
      }),
      { seed: 7, numRuns: 20 },
    );
    blocks.forEach(([, b]) => b.dispose());
  });

  it('factored damping is (A + pi sqrt(d) I) (x) (G + sqrt(d) / pi I) with pi = sqrt((tr A / m) / (tr G / n))', () => {
    const a = Float64Array.of(4, 1, 1, 2);
    const g = Float64Array.of(0.5);
    const blk = kroneckerBlock(a, g, 2, 1);
    expect(blk.pi).toBeCloseTo(Math.sqrt(3 / 0.5), 12);
    const d = 0.09;
    const got = blk.multiply(tf.tensor2d([[1], [-1]]), d, 1).dataSync();
    const sa = blk.pi * 0.3;
    const sg = 0.3 / blk.pi;
    expect(got[0]).toBeCloseTo((4 + sa - 1) * (0.5 + sg), 5);
    expect(got[1]).toBeCloseTo((1 - 2 - sa) * (0.5 + sg), 5);
    blk.dispose();
  });

  it('documented examples', () => {
    expect(Array.from(fullBlock(Float64Array.of(2, 0, 0, 8), 2, 1).multiply(tf.tensor2d([[1], [1]]), 0, -0.5).dataSync())).toEqual([expect.closeTo(Math.SQRT1_2, 6), expect.closeTo(Math.sqrt(1 / 8), 6)]);
    expect(Array.from(diagonalBlock(tf.tensor2d([[4], [1]])).multiply(tf.tensor2d([[1], [1]]), 0, -1).dataSync())).toEqual([0.25, 1]);
    expect(Array.from(kroneckerBlock(Float64Array.of(2, 0, 0, 1), Float64Array.of(4), 2, 1, { damping: 'exact' }).multiply(tf.tensor2d([[1], [1]]), 0, -1).dataSync())).toEqual([expect.closeTo(0.125, 6), expect.closeTo(0.25, 6)]);
    expect(Array.from(ekfacBlock(Float64Array.of(1, 0, 0, 1), Float64Array.of(1), Float64Array.of(4, 1), 2, 1).multiply(tf.tensor2d([[1], [1]]), 0, -1).dataSync())).toEqual([0.25, 1]);
  });

  it('a factor that fails to invert, or a singular block without damping: a typed error naming the layer', () => {
    const singular = kroneckerBlock(Float64Array.of(1, 1, 1, 1), Float64Array.of(1), 2, 1, { name: 'dense_7' });
    expect(() => singular.multiply(tf.tensor2d([[1], [1]]), 0, -1)).toThrow(/kroneckerBlock\(dense_7\).*A.*positive definite/);
    const nan = kroneckerBlock(Float64Array.of(1, NaN, NaN, 1), Float64Array.of(1), 2, 1, { name: 'dense_3' });
    expect(() => nan.multiply(tf.tensor2d([[1], [1]]), 1e-2, -1)).toThrow(/dense_3/);
    expect(() => nan.multiply(tf.tensor2d([[1], [1]]), 1e-2, -0.5)).toThrow(/dense_3.*non-finite|NaN/);
    expect(() => diagonalBlock(tf.tensor2d([[0], [1]])).multiply(tf.tensor2d([[1], [1]]), 0, -1)).toThrow(InfogeoError);
    expect(() => singular.multiply(tf.tensor2d([[1, 2]]), 1, -1)).toThrow(/v = \[1, 2\]/);
    expect(() => singular.multiply(tf.tensor2d([[1], [1]]), -1, -1)).toThrow(/damping/);
  });

  it('blocks release their tensors', () => {
    const before = tf.memory().numTensors;
    const blocks = allBlocks(6).map(([, b]) => b);
    const v = randn(rng(1), blocks[0].rows, blocks[0].cols);
    for (const b of blocks) {
      tf.dispose([b.multiply(v, 0.1, -1), b.multiply(v, 0.1, -0.25), b.multiply(v, 0.2, -1)]);
      b.dispose();
    }
    v.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
