/**
 * Fisher-Rao distances against src/geometry/__fixtures__/distances.json, written by
 * gen_distances.py from an independent implementation (closed forms in mpmath at 40 digits, or
 * scipy's solve_bvp on the geodesic equation with the length integrated along the path).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as families from '../../families/index.js';
import type { Distribution } from '../../families/distribution.js';
import { fisherRaoDistance, fisherRaoDistanceDetailed } from '../api.js';

interface Case {
  family: string;
  p: Record<string, unknown>;
  q: Record<string, unknown>;
  distance: number;
  closed?: number;
  bvp?: number;
  bvpRefineDiff?: number;
  closedVsBvp?: number;
}

const data = JSON.parse(readFileSync(fileURLToPath(new URL('../__fixtures__/distances.json', import.meta.url)), 'utf8')) as { cases: Case[] };

/** The distribution a fixture's parameter object describes. */
function build(family: string, o: Record<string, unknown>): Distribution<unknown> {
  const n = (k: string): number => o[k] as number;
  const a = (k: string): number[] => o[k] as number[];
  switch (family) {
    case 'normal': return families.normal(n('mu'), n('sigma'));
    case 'lognormal': return families.lognormal(n('mu'), n('sigma'));
    case 'diagNormal': return families.diagNormal(a('mean'), a('sigmas'));
    case 'mvNormal': return families.mvNormal(a('mean'), o.cov as number[][]);
    case 'bernoulli': return families.bernoulli(n('p'));
    case 'binomial': return families.binomial(n('n'), n('p'));
    case 'categorical': return families.categorical(a('probs'));
    case 'multinomial': return families.multinomial(n('n'), a('probs'));
    case 'poisson': return families.poisson(n('rate'));
    case 'exponential': return families.exponential(n('rate'));
    case 'geometric': return families.geometric(n('p'));
    case 'negativeBinomial': return families.negativeBinomial(n('r'), n('p'));
    case 'rayleigh': return families.rayleigh(n('sigma'));
    case 'laplace': return families.laplace(n('mu'), n('b'));
    case 'inverseGaussian': return families.inverseGaussian(n('mu'), n('lambda'));
    case 'gamma': return families.gamma(n('shape'), n('rate'));
    case 'beta': return families.beta(n('a'), n('b'));
    case 'dirichlet': return families.dirichlet(a('alpha'));
    case 'vonMises': return families.vonMises(n('mu'), n('kappa'));
    default: throw new Error(`no constructor for ${family}`);
  }
}

// mpmath closed forms are exact to float64; the scipy boundary-value references agree with a
// coarser solve and with the closed forms to about 1e-12 (bvpRefineDiff, closedVsBvp).
const CLOSED = 1e-12;
const NUMERICAL = 1e-8;

describe('Fisher-Rao distances against the scipy/mpmath reference (gen_distances.py)', () => {
  it('the references are self-consistent (refinement and closed-form cross-checks below 1e-11)', () => {
    for (const c of data.cases) {
      if (c.bvpRefineDiff !== undefined) expect(c.bvpRefineDiff).toBeLessThan(1e-11);
      if (c.closedVsBvp !== undefined) expect(c.closedVsBvp).toBeLessThan(1e-11);
    }
  });

  for (const c of data.cases) {
    const label = `${c.family}: ${JSON.stringify(c.p)} to ${JSON.stringify(c.q)}`;
    it(label, () => {
      const p = build(c.family, c.p);
      const q = build(c.family, c.q);
      const r = fisherRaoDistanceDetailed(p, q);
      expect(r.converged).toBe(true);
      const tol = r.method === 'closed-form' ? (c.closed !== undefined ? CLOSED : NUMERICAL) : NUMERICAL;
      expect(Math.abs(r.distance - c.distance)).toBeLessThanOrEqual(tol * c.distance);
      if (r.method === 'closed-form' && c.bvp !== undefined) {
        expect(Math.abs(fisherRaoDistance(p, q) - c.bvp)).toBeLessThanOrEqual(NUMERICAL * c.bvp);
      }
    });
  }
});
