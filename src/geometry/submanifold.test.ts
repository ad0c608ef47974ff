import { describe, expect, it } from 'vitest';
import {
  eFlatSubmanifold,
  fixedNaturalSubmanifold,
  independenceSubmanifold,
  mFlatSubmanifold,
  submanifoldResidual,
  thetaOnSubmanifold,
} from './submanifold.js';
import { normalFamily } from '../families/normal.js';
import { gammaFamily } from '../families/gamma.js';
import { mvNormal, mvNormalFamily } from '../families/mvNormal.js';
import { categorical, categoricalFamily } from '../families/categorical.js';
import { InfogeoError } from '../errors.js';

describe('flat submanifolds', () => {
  it('independence of mvNormal(3) fixes the three off-diagonal natural coordinates at 0', () => {
    const sub = independenceSubmanifold(mvNormalFamily(3));
    expect(sub.dim).toBe(6);
    expect(submanifoldResidual(sub, mvNormal([1, 2, 3], [[1, 0, 0], [0, 2, 0], [0, 0, 3]]))).toBe(0);
    expect(submanifoldResidual(sub, mvNormal([0, 0, 0], [[1, 0.5, 0], [0.5, 2, 0], [0, 0, 3]]))).toBeGreaterThan(0.1);
  });
  it('independence of a 2x2 categorical contains exactly the product distributions', () => {
    const sub = independenceSubmanifold(categoricalFamily(4), [2, 2]);
    expect(sub.dim).toBe(2);
    const a = 0.3;
    const b = 0.8;
    const product = categorical([(1 - a) * (1 - b), (1 - a) * b, a * (1 - b), a * b]);
    expect(submanifoldResidual(sub, product)).toBeLessThan(1e-14);
    expect(submanifoldResidual(sub, categorical([0.1, 0.2, 0.3, 0.4]))).toBeGreaterThan(0.1);
  });
  it('a 2x3 table gives r + c - 2 = 3 directions', () => {
    expect(independenceSubmanifold(categoricalFamily(6), [2, 3]).dim).toBe(3);
  });
  it('thetaOnSubmanifold is base + B u', () => {
    const sub = eFlatSubmanifold(gammaFamily, [1, -1], [[1, -0.5]]);
    expect(Array.from(thetaOnSubmanifold(sub, [2]))).toEqual([3, -2]);
  });
  it('rejects dependent directions, bad indices, wrong shapes and families without an independence structure', () => {
    expect(() => eFlatSubmanifold(normalFamily, [0, -1], [[1, 2], [2, 4]])).toThrow(/linearly independent/);
    expect(() => eFlatSubmanifold(normalFamily, [0, -1], [[1, 2, 3]])).toThrow(InfogeoError);
    expect(() => fixedNaturalSubmanifold(normalFamily, [2])).toThrow(/indices\[0\]/);
    expect(() => fixedNaturalSubmanifold(normalFamily, [0, 1])).toThrow(/indices/);
    expect(() => independenceSubmanifold(categoricalFamily(4), [3, 2] as never)).toThrow(/shape/);
    expect(() => independenceSubmanifold(normalFamily)).toThrow(/mvNormal/);
    expect(() => mFlatSubmanifold(normalFamily, [[1, 0], [2, 0]], [1, 2])).toThrow(/independent rows/);
    expect(() => mFlatSubmanifold(normalFamily, [[1, 0]], [Number.NaN])).toThrow(/values\[0\]/);
  });
});
