import { describe, expect, it } from 'vitest';
import { addDecayedWeights } from './addDecayedWeights.js';

describe('addDecayedWeights', () => {
  it('adds lambda x to the update', () => {
    const t = addDecayedWeights(0.1);
    expect(Array.from(t.update(Float64Array.of(1, 0), null, Float64Array.of(5, -10))[0])).toEqual([1.5, -1]);
  });

  it('lambda = 0 is the identity', () => {
    const t = addDecayedWeights(0);
    expect(Array.from(t.update(Float64Array.of(1, 2), null, Float64Array.of(5, -10))[0])).toEqual([1, 2]);
  });

  it('rejects a negative decay and params of another length', () => {
    expect(() => addDecayedWeights(-0.1)).toThrow(/weightDecay/);
    expect(() => addDecayedWeights(0.1).update(Float64Array.of(1), null, Float64Array.of(1, 2))).toThrow(/params/);
  });
});
