import { expect, it } from 'vitest';
import { getWasmKernel } from './wasm-kernel.js';
import { makeRng } from './linalg.testutil.js';

it('the hand-assembled kernel computes packed 4 x 4 tiles, overwriting or accumulating, for strips t0..t1-1', () => {
  const wk = getWasmKernel();
  expect(wk).not.toBeNull();
  const { k, memory } = wk!;
  const kc = 7;
  const nt = 3;
  const need = (4 * kc + 4 * kc * nt + 4 * 4 * nt) * 8;
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil(need / 65536));
  const h = new Float64Array(memory.buffer);
  const pa = 0;
  const pb = 4 * kc;
  const pc = pb + 4 * kc * nt;
  const ldc = 4 * nt; // C tile rows are ldc doubles apart
  const rng = makeRng(1);
  for (let i = 0; i < pc; i++) h[i] = Math.round(8 * rng()) - 4; // small integers: exact arithmetic
  h.fill(1000, pc, pc + 4 * ldc);
  // Overwrite mode on strips 1..2 only: strip 0 must keep its sentinel.
  k(kc, pa * 8, pb * 8, 4 * kc * 8, 1, 3, pc * 8, ldc * 8, 0);
  const tile = (t: number, ii: number, jj: number): number => {
    let s = 0;
    for (let p = 0; p < kc; p++) s += h[pa + 4 * p + ii] * h[pb + t * 4 * kc + 4 * p + jj];
    return s;
  };
  for (let ii = 0; ii < 4; ii++) {
    for (let jj = 0; jj < 4; jj++) {
      expect(h[pc + ii * ldc + jj]).toBe(1000);
      for (let t = 1; t < 3; t++) expect(h[pc + ii * ldc + 4 * t + jj]).toBe(tile(t, ii, jj));
    }
  }
  // Accumulate mode adds the same products again.
  k(kc, pa * 8, pb * 8, 4 * kc * 8, 0, 3, pc * 8, ldc * 8, 1);
  for (let ii = 0; ii < 4; ii++) {
    for (let jj = 0; jj < 4; jj++) {
      expect(h[pc + ii * ldc + jj]).toBe(1000 + tile(0, ii, jj));
      for (let t = 1; t < 3; t++) expect(h[pc + ii * ldc + 4 * t + jj]).toBe(2 * tile(t, ii, jj));
    }
  }
  // An empty strip range writes nothing.
  const before = h.slice(pc, pc + 4 * ldc);
  k(kc, pa * 8, pb * 8, 4 * kc * 8, 2, 2, pc * 8, ldc * 8, 0);
  expect(h.slice(pc, pc + 4 * ldc)).toEqual(before);
});
