import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../backend.js';
import { categoricalOutput, oneHot } from './categorical.js';
import { bernoulliOutput } from './bernoulli.js';
import { gaussianOutput } from './gaussian.js';
import type { OutputDistribution } from './output.js';
import { fisher } from '../../fisher/fisher.js';
import { categorical } from '../../families/categorical.js';
import { bernoulli } from '../../families/bernoulli.js';
import { InfogeoError } from '../../errors.js';
import { rng } from '../../random/rng.js';
import { randn } from '../testutil.testutil.js';

/** float32 round-off on O(1) quantities. */
const F32 = 2e-6;

beforeAll(async () => {
  await initBackend();
});

const outputs: [string, OutputDistribution][] = [
  ['categorical', categoricalOutput()],
  ['bernoulli', bernoulliOutput()],
  ['gaussian', gaussianOutput(0.7)],
];

function fOut(out: OutputDistribution, z: tf.Tensor2D): number[][][] {
  // F_out per example, column by column: F e_j.
  const [b, k] = z.shape;
  const mats = Array.from({ length: b }, () => Array.from({ length: k }, () => new Array<number>(k).fill(0)));
  for (let j = 0; j < k; j++) {
    const col = tf.tidy(() => out.fisherVp(z, tf.tile(oneHot([j], k), [b, 1]) as tf.Tensor2D).arraySync());
    for (let n = 0; n < b; n++) for (let i = 0; i < k; i++) mats[n][i][j] = col[n][i];
  }
  return mats;
}

describe('output distributions', () => {
  it('loss values: log 2 at z = 0 for categorical (2 classes) and Bernoulli; squared error / (2 sigma^2) for the Gaussian', () => {
    expect(categoricalOutput().loss(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]])).dataSync()[0]).toBeCloseTo(Math.LN2, 6);
    expect(bernoulliOutput().loss(tf.tensor2d([[0]]), tf.tensor2d([[1]])).dataSync()[0]).toBeCloseTo(Math.LN2, 6);
    expect(gaussianOutput(2).loss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]])).dataSync()[0]).toBeCloseTo(5 / 8, 6);
  });

  for (const [name, out] of outputs) {
    it(`${name}: lossGrad is the gradient of the per-example loss (against tfjs first-order autodiff)`, () => {
      const r = rng(3);
      const z = randn(r, 4, 3);
      const y = out.name === 'gaussian' ? randn(r, 4, 3) : out.name === 'bernoulli' ? tf.tensor2d([[0, 1, 0.3], [1, 1, 0], [0.5, 0, 0], [0, 0, 1]]) : oneHot([0, 2, 1, 1], 3);
      const auto = tf.grad((zz: tf.Tensor) => tf.sum(out.lossPerExample(zz as tf.Tensor2D, y)))(z).dataSync();
      const ours = out.lossGrad(z, y).dataSync();
      for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - auto[i])).toBeLessThanOrEqual(F32);
    });

    it(`${name}: the square-root columns reconstruct F_out = S S^T, and F_out is symmetric PSD`, () => {
      const z = randn(rng(5), 3, 4);
      const f = fOut(out, z);
      const cols = out.fisherSqrtColumns(z).map((c) => c.arraySync());
      for (let n = 0; n < 3; n++) {
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            let s = 0;
            for (const c of cols) s += c[n][i] * c[n][j];
            expect(Math.abs(s - f[n][i][j])).toBeLessThanOrEqual(F32 * 4);
            expect(Math.abs(f[n][i][j] - f[n][j][i])).toBeLessThanOrEqual(F32);
          }
        }
      }
    });

    it(`${name}: Fisher = expected outer product of the score, E_y[g g^T] with g = d loss / dz (sampled, 4 sigma)`, () => {
      const z = tf.tensor2d([[0.3, -0.8, 1.1]]);
      const f = fOut(out, z)[0];
      const m = 20000;
      const zz = tf.tile(z, [m, 1]) as tf.Tensor2D;
      const g = out.lossGrad(zz, out.sample(zz, rng(11))).arraySync();
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const prods = g.map((row) => row[i] * row[j]);
          const mean = prods.reduce((a, b) => a + b, 0) / m;
          const sd = Math.sqrt(prods.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1) / m);
          expect(Math.abs(mean - f[i][j])).toBeLessThanOrEqual(4 * sd + 1e-6);
        }
      }
    });
  }

  it("categorical: F_out in logits is D^T F D with F the library's natural-coordinate Fisher and D = [I, -1] (theta_i = z_i - z_k)", () => {
    const zs = [0.2, -1.3, 0.7, 0.1];
    const f = fOut(categoricalOutput(), tf.tensor2d([zs]))[0];
    const mx = Math.max(...zs);
    const e = zs.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, b) => a + b, 0);
    const nat = fisher(categorical(e.map((v) => v / s)), 'natural') as number[][];
    const k = 4;
    const d = (i: number, a: number): number => (i === k - 1 ? -1 : i === a ? 1 : 0); // D[a][i]
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let v = 0;
        for (let a = 0; a < k - 1; a++) for (let b = 0; b < k - 1; b++) v += d(i, a) * nat[a][b] * d(j, b);
        expect(Math.abs(f[i][j] - v)).toBeLessThanOrEqual(F32);
      }
    }
  });

  it("bernoulli: F_out is diagonal with the library's natural-coordinate Fisher p (1 - p)", () => {
    const zs = [-2, 0.5];
    const f = fOut(bernoulliOutput(), tf.tensor2d([zs]))[0];
    zs.forEach((z, i) => {
      const want = (fisher(bernoulli(1 / (1 + Math.exp(-z))), 'natural') as number[][])[0][0];
      expect(Math.abs(f[i][i] - want)).toBeLessThanOrEqual(F32);
    });
    expect(f[0][1]).toBe(0);
  });

  it('samplers: categorical draws one-hot rows, Bernoulli 0/1, frequencies match the mean (4 sigma)', () => {
    const z = tf.tile(tf.tensor2d([[1, 0, -1]]), [5000, 1]) as tf.Tensor2D;
    for (const out of [categoricalOutput(), bernoulliOutput()]) {
      const s = out.sample(z, rng(2)).arraySync();
      const p = out.mean(z).arraySync()[0];
      for (let j = 0; j < 3; j++) {
        const freq = s.reduce((a, row) => a + row[j], 0) / s.length;
        expect(Math.abs(freq - p[j])).toBeLessThanOrEqual(4 * Math.sqrt((p[j] * (1 - p[j])) / s.length));
      }
      if (out.name === 'categorical') expect(s.every((row) => row.reduce((a, b) => a + b, 0) === 1)).toBe(true);
      else expect(s.every((row) => row.every((v) => v === 0 || v === 1))).toBe(true);
    }
  });

  it('checkTargets names the bad entry; constructors and oneHot validate', () => {
    expect(() => categoricalOutput().checkTargets('t', 'y', tf.tensor2d([[0.5, 0.4]]), 1, 2)).toThrow(/y\[0\].*sum/);
    expect(() => bernoulliOutput().checkTargets('t', 'y', tf.tensor2d([[0.5, 1.5]]), 1, 2)).toThrow(/y\[0\]\[1\] = 1.5/);
    expect(() => gaussianOutput().checkTargets('t', 'y', tf.tensor2d([[NaN, 0]]), 1, 2)).toThrow(/y\[0\]\[0\] = NaN/);
    expect(() => gaussianOutput().checkTargets('t', 'y', tf.tensor2d([[0, 0]]), 1, 3)).toThrow(InfogeoError);
    expect(() => gaussianOutput(0)).toThrow(/sigma/);
    expect(() => oneHot([0, 3], 3)).toThrow(/labels\[1\]/);
  });
});
