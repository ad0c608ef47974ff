import { describe, expect, it } from 'vitest';
import { bernoulli, normal } from '../families/index.js';
import {
  alphaDivergence,
  bhattacharyya,
  bhattacharyyaCoefficient,
  chernoff,
  hellinger,
  jeffreys,
  jensenShannon,
  jensenShannonEstimate,
  renyi,
} from './index.js';

describe('the @example lines of the doc comments hold', () => {
  const [p, q] = [normal(0, 1), normal(1, 1)];
  it('alpha, Renyi, Bhattacharyya, Hellinger, Jeffreys, Chernoff', () => {
    expect(alphaDivergence(p, q, 0)).toBeCloseTo(4 * (1 - Math.exp(-1 / 8)), 15);
    expect(renyi(p, q, 2)).toBeCloseTo(1, 15);
    expect(bhattacharyyaCoefficient(p, q)).toBeCloseTo(Math.exp(-1 / 8), 15);
    expect(bhattacharyya(p, q)).toBeCloseTo(0.125, 15);
    expect(hellinger(p, q)).toBeCloseTo(Math.sqrt(1 - Math.exp(-1 / 8)), 15);
    expect(jeffreys(p, q)).toBeCloseTo(1, 15);
    const c = chernoff(p, q);
    expect(c.information).toBeCloseTo(0.125, 15);
    expect(c.exponent).toBeCloseTo(0.5, 15);
  });
  it('Jensen-Shannon of bernoulli(0.1), bernoulli(0.9) is log 2 - H(0.1)', () => {
    const h = -(0.1 * Math.log(0.1) + 0.9 * Math.log(0.9));
    expect(jensenShannon(bernoulli(0.1), bernoulli(0.9))).toBeCloseTo(Math.LN2 - h, 15);
    const e = jensenShannonEstimate(bernoulli(0.1), bernoulli(0.9));
    expect(e.method).toBe('exact');
    expect(e.stdError).toBeLessThan(1e-15);
  });
});
