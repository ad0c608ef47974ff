/**
 * Pairs (p, q) from every family of the library, at ordinary and moderately extreme parameters,
 * for the identities and inequalities every divergence must satisfy whatever the family.
 * A thunk, so that a failing constructor shows up as a test failure rather than a load error.
 */
import type { Distribution } from '../families/distribution.js';
import {
  bernoulli,
  beta,
  binomial,
  categorical,
  diagNormal,
  dirichlet,
  exponential,
  gamma,
  geometric,
  inverseGaussian,
  laplace,
  lognormal,
  multinomial,
  mvNormal,
  negativeBinomial,
  normal,
  poisson,
  rayleigh,
  vonMises,
} from '../families/index.js';

export interface Pair {
  name: string;
  p: Distribution<unknown>;
  q: Distribution<unknown>;
}

export function allPairs(): Pair[] {
  const raw: [string, () => [Distribution<unknown>, Distribution<unknown>]][] = [
    ['normal', () => [normal(0, 1), normal(1, 2)]],
    ['normal close', () => [normal(0.5, 1), normal(0.5 + 1e-4, 1 + 1e-4)]],
    ['bernoulli', () => [bernoulli(0.3), bernoulli(0.6)]],
    ['bernoulli extreme', () => [bernoulli(1e-8), bernoulli(0.9)]],
    ['categorical', () => [categorical([0.2, 0.3, 0.5]), categorical([0.5, 0.25, 0.25])]],
    ['binomial', () => [binomial(10, 0.3), binomial(10, 0.45)]],
    ['multinomial', () => [multinomial(4, [0.2, 0.3, 0.5]), multinomial(4, [0.4, 0.4, 0.2])]],
    ['poisson', () => [poisson(3), poisson(4.5)]],
    ['geometric', () => [geometric(0.3), geometric(0.5)]],
    ['negativeBinomial', () => [negativeBinomial(3, 0.4), negativeBinomial(3, 0.6)]],
    ['exponential', () => [exponential(1), exponential(2.5)]],
    ['gamma', () => [gamma(2, 1), gamma(3, 1.5)]],
    ['gamma small shape', () => [gamma(0.3, 1), gamma(0.6, 2)]],
    ['beta', () => [beta(2, 3), beta(3, 2)]],
    ['beta U-shaped', () => [beta(0.5, 0.5), beta(0.7, 0.4)]],
    ['lognormal', () => [lognormal(0, 1), lognormal(0.5, 0.8)]],
    ['rayleigh', () => [rayleigh(1), rayleigh(1.7)]],
    ['laplace', () => [laplace(0, 1), laplace(0, 2)]],
    ['vonMises', () => [vonMises(0, 1), vonMises(1, 3)]],
    ['inverseGaussian', () => [inverseGaussian(1, 2), inverseGaussian(1.5, 1)]],
    ['mvNormal', () => [mvNormal([0, 0], [[1, 0.3], [0.3, 2]]), mvNormal([0.5, -1], [[1.5, -0.2], [-0.2, 1]])]],
    ['diagNormal', () => [diagNormal([0, 1], [1, 2]), diagNormal([0.5, 1], [1.2, 1.5])]],
    ['dirichlet', () => [dirichlet([2, 3, 4]), dirichlet([1, 1, 5])]],
  ];
  return raw.map(([name, make]) => {
    const [p, q] = make();
    return { name, p, q };
  });
}

/** Names of the pairs, for test titles before the distributions are built. */
export const PAIR_NAMES = [
  'normal', 'normal close', 'bernoulli', 'bernoulli extreme', 'categorical', 'binomial', 'multinomial', 'poisson',
  'geometric', 'negativeBinomial', 'exponential', 'gamma', 'gamma small shape', 'beta', 'beta U-shaped',
  'lognormal', 'rayleigh', 'laplace', 'vonMises', 'inverseGaussian', 'mvNormal', 'diagNormal', 'dirichlet',
];

/** The pair of the given name. */
export function pair(name: string): Pair {
  const found = allPairs().find((x) => x.name === name);
  if (!found) throw new Error(`no pair ${name}`);
  return found;
}
