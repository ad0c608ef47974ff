import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initBackend, tf } from '../backend.js';
import { sequential } from '../sequential.js';
import { shampoo } from './shampoo.js';
import { inverseRoot } from './inverseRoot.js';
import { disposeState } from './state.js';
import { flattenParams } from '../params.js';
import { randnList } from '../testutil.testutil.js';
import { gemm, gemmNT } from '../../linalg/gemm.js';
import { rng } from '../../random/rng.js';

/** float32 unit roundoff. */
const EPS32 = 2 ** -24;

beforeAll(async () => {
  await initBackend();
});

/** A random SPD statistic G G^T (n x n) from k gradient columns, plus a small ridge. */
function statistic(n: number, k: number, seed: number): Float64Array {
  const r = rng(seed);
  const g = Float64Array.from({ length: n * k }, () => r.normal());
  const l = new Float64Array(n * n);
  gemmNT(l, g, g, n, k, n);
  for (let i = 0; i < n; i++) l[i * n + i] += 0.05 * k;
  return l;
}

function matPow4Times(root: Float64Array, l: Float64Array, n: number): Float64Array {
  const r2 = gemm(new Float64Array(n * n), root, root, n, n, n);
  const r4 = gemm(new Float64Array(n * n), r2, r2, n, n, n);
  return gemm(new Float64Array(n * n), r4, l, n, n, n);
}

function maxDevFromIdentity(m: Float64Array, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) e = Math.max(e, Math.abs(m[i * n + j] - (i === j ? 1 : 0)));
  return e;
}

describe("Shampoo's inverse fourth roots", () => {
  it('(L^-1/4)^4 (L + eps lambda_max I) = I: to 1e-10 in float64, and to float32 precision after rounding the root to float32 (property, seeded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 24 }), fc.integer({ min: 1, max: 1e6 }), (n, seed) => {
        const eps = 1e-6;
        const l = statistic(n, n + 3, seed);
        const root = inverseRoot(new Float64Array(n * n), l, n, 4, eps)!;
        // The regulariser is relative: L + eps lambda_max I, lambda_max by power iteration here.
        const lmax = lambdaMax(l, n);
        const shifted = Float64Array.from(l);
        for (let i = 0; i < n; i++) shifted[i * n + i] += eps * lmax;
        expect(maxDevFromIdentity(matPow4Times(root, shifted, n), n)).toBeLessThan(1e-10 * n);
        // Rounded to float32 as the optimiser stores it: relative perturbation EPS32 per entry,
        // amplified by at most 4 cond(root) = 4 cond(L)^(1/4) in the product.
        const root32 = Float64Array.from(Float32Array.from(root));
        const cond = lmax / minEig(shifted, n, lmax);
        expect(maxDevFromIdentity(matPow4Times(root32, shifted, n), n)).toBeLessThan(16 * n * EPS32 * Math.pow(cond, 0.25));
      }),
      { seed: 7, numRuns: 40 },
    );
  });

  it('A = 0 gives the identity; a non-finite statistic returns null; bad p or eps throw', () => {
    expect(Array.from(inverseRoot(new Float64Array(4), new Float64Array(4), 2, 4, 1e-6)!)).toEqual([1, 0, 0, 1]);
    expect(inverseRoot(new Float64Array(4), Float64Array.of(1, NaN, NaN, 1), 2, 4, 1e-6)).toBeNull();
    expect(() => inverseRoot(new Float64Array(4), new Float64Array(4), 2, 0, 1e-6)).toThrow(/p/);
    expect(() => inverseRoot(new Float64Array(4), new Float64Array(4), 2, 4, 0)).toThrow(/eps/);
    const r = inverseRoot(new Float64Array(4), Float64Array.of(16, 0, 0, 1), 2, 4, 1e-12)!;
    expect(r[0]).toBeCloseTo(0.5, 9);
    expect(r[3]).toBeCloseTo(1, 9);
  });
});

describe('shampoo', () => {
  it('first step with one tile: direction L^-1/4 G R^-1/4 (b2 = 1, L = G G^T, R = G^T G), norm grafted from Adam, sign descent', () => {
    const net = sequential(3, [2]);
    const params = net.init(1);
    const [gw, gb] = randnList(rng(2), net.paramShapes);
    const opt = shampoo(net, { lr: 0.1, b1: 0, b2: 1, eps: 1e-8, graft: 'adam', blockSize: 8 });
    const [step, state] = opt.update([gw, gb], opt.init(params), params, { batch: { x: tf.zeros([1, 3]), y: tf.zeros([1, 2]) }, loss: 0 });
    // Layer matrix V = [W; b] (4 x 2).
    const v = Float64Array.from([...gw.dataSync(), ...gb.dataSync()]);
    const m = 4;
    const n = 2;
    const l = new Float64Array(m * m);
    gemmNT(l, v, v, m, n, m);
    const rr = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) rr[i * n + j] += v[k * n + i] * v[k * n + j];
    const lr = inverseRoot(new Float64Array(m * m), l, m, 4, 1e-8)!;
    const rrt = inverseRoot(new Float64Array(n * n), rr, n, 4, 1e-8)!;
    const p = gemm(new Float64Array(m * n), gemm(new Float64Array(m * n), lr, v, m, m, n), rrt, m, n, n);
    // Adam's first step has magnitude 1 per entry: |a| = sqrt(m n).
    const pn = Math.hypot(...p);
    const want = p.map((x) => (-0.1 * Math.sqrt(m * n) * x) / pn);
    const got = flattenParams(step);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(2e-4 * Math.max(1, Math.abs(want[i])));
    disposeState(state);
  });

  it('tiles: with blockSize 2 on a 5 x 3 layer matrix the statistics are block-diagonal (3 x 2 = 6 tiles)', () => {
    const net = sequential(4, [3]);
    const params = net.init(1);
    const opt = shampoo(net, { blockSize: 2 });
    const s = opt.init(params);
    expect(s.tiles[0].map((t) => [t.rows, t.cols])).toEqual([[2, 2], [2, 1], [2, 2], [2, 1], [1, 2], [1, 1]]);
    disposeState(s);
  });
});

function lambdaMax(a: Float64Array, n: number): number {
  let v = new Float64Array(n).fill(1);
  let lam = 0;
  for (let it = 0; it < 500; it++) {
    const w = gemm(new Float64Array(n), a, v, n, n, 1);
    lam = Math.hypot(...w);
    v = w.map((x) => x / lam);
  }
  return lam;
}

function minEig(a: Float64Array, n: number, lmax: number): number {
  const b = a.map((x, i) => (Math.floor(i / n) === i % n ? lmax - x : -x));
  return lmax - lambdaMax(b, n);
}
