import { describe, expect, it } from 'vitest';
import { constrainToDomain } from './domain.js';
import { sgd } from './optimizers.js';
import { InfogeoError } from '../errors.js';

describe('constrainToDomain', () => {
  const inDomain = (x: Float64Array) => x[0] > 0;
  const x = Float64Array.of(1);

  it('passes a step that stays in the domain unchanged, with the inner state', () => {
    const opt = constrainToDomain(sgd(0.1), { inDomain });
    const [u, s] = opt.update(Float64Array.of(3), opt.init(x), x);
    expect(u[0]).toBe(-0.30000000000000004);
    expect(s).toEqual(sgd(0.1).init(x));
  });

  it('halves a step that leaves the domain the least number of times (documented example: -3 -> -0.75)', () => {
    const opt = constrainToDomain(sgd(1), { inDomain, backtrack: true });
    expect(Array.from(opt.update(Float64Array.of(3), opt.init(x), x)[0])).toEqual([-0.75]);
  });

  it('without backtracking, reports the step; after maxHalvings, gives up', () => {
    const plain = constrainToDomain(sgd(1), { inDomain });
    expect(() => plain.update(Float64Array.of(3), plain.init(x), x)).toThrow(/leaves the parameter domain/);
    const few = constrainToDomain(sgd(1), { inDomain, backtrack: true, maxHalvings: 1 });
    expect(() => few.update(Float64Array.of(3), few.init(x), x)).toThrow(/after 1 halvings/);
  });

  it('treats a point that overflows as outside the domain', () => {
    const big = Float64Array.of(1e308);
    const opt = constrainToDomain(sgd(1), { inDomain: () => true, backtrack: true });
    const [u] = opt.update(Float64Array.of(-1e308), opt.init(big), big);
    expect(u[0]).toBe(5e307);
  });

  it('rejects a start outside the domain and missing options', () => {
    const opt = constrainToDomain(sgd(1), { inDomain, backtrack: true });
    expect(() => opt.update(Float64Array.of(1), opt.init(x), Float64Array.of(-1))).toThrow(/params/);
    expect(() => constrainToDomain(sgd(1), {} as never)).toThrow(InfogeoError);
    expect(() => constrainToDomain(sgd(1), { inDomain, maxHalvings: 0 })).toThrow(/maxHalvings/);
  });
});
