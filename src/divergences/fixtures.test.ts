/**
 * Every divergence against reference values computed independently of the log-partition
 * formulas (__fixtures__/gen_divergences.py): integrals and sums of scipy.stats densities with
 * scipy.integrate.quad, and the same at 30 digits with mpmath. The tight comparison is with the
 * mpmath values; the scipy values are compared within their own accuracy, measured in the
 * generator as their largest disagreement with mpmath on that case (float64 quadrature cannot
 * resolve 1 - int p^l q^(1-l) ~ 1e-12 for near-equal p, q). Families not in the library are
 * skipped, and picked up as soon as their constructor exists.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Distribution } from '../families/distribution.js';
import { InfogeoError } from '../errors.js';
import {
  alphaDivergence,
  bhattacharyya,
  bhattacharyyaCoefficient,
  chernoff,
  hellinger,
  jeffreys,
  jensenShannonEstimate,
  renyi,
} from './index.js';

type Value = number | 'inf' | 'overflow';
interface Case {
  family: string;
  p: unknown;
  q: unknown;
  alpha: Record<string, Value>;
  renyi: Record<string, Value>;
  hellinger: number;
  bhattacharyya: number;
  bhattacharyyaCoefficient: number;
  jensenShannon: number;
  jeffreys: number;
  chernoff: { information: number; exponent: number };
  scipy?: Omit<Case, 'scipy' | 'scipyVsMpmath'>;
  scipyVsMpmath?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, '__fixtures__', 'divergences.json'), 'utf8')) as { cases: Case[] };

type Ctor = (p: unknown) => Distribution<unknown>;
const FILES: Record<string, [string, string]> = {
  normal: ['normal.js', 'normal'],
  bernoulli: ['bernoulli.js', 'bernoulli'],
  poisson: ['poisson.js', 'poisson'],
  gamma: ['gamma.js', 'gamma'],
  beta: ['beta.js', 'beta'],
  exponential: ['exponential.js', 'exponential'],
  categorical: ['categorical.js', 'categorical'],
  mvNormal: ['mvNormal.js', 'mvNormal'],
};

async function loadConstructor(family: string): Promise<Ctor | null> {
  const [file, name] = FILES[family];
  try {
    const mod = (await import(/* @vite-ignore */ `../families/${file}`)) as Record<string, unknown>;
    const ctor = mod[name];
    if (typeof ctor !== 'function') return null;
    const f = ctor as (...args: unknown[]) => Distribution<unknown>;
    if (family === 'mvNormal') return (p) => f((p as { mean: number[] }).mean, (p as { cov: number[][] }).cov);
    return (p) => f(...(p as unknown[]));
  } catch {
    return null;
  }
}

const ctors: Record<string, Ctor | null> = {};
for (const fam of Object.keys(FILES)) ctors[fam] = await loadConstructor(fam);

/**
 * Relative tolerances against scipy. The references are quadratures at epsrel 1e-13 (a few
 * pieces reported round-off-limited errors up to 4e-10 relative: gamma(0.1, 1) and beta(0.5, 0.5)
 * near their singular ends) and exact sums. Our side carries the representation error of theta:
 * normal(1e6, 1) is stored as theta_1 = 1e6 with a relative rounding of 1e-16, i.e. an absolute
 * shift of the mean by 1e-10, so the divergences of that case are only defined to ~1e-9.
 */
const TOL_DEFAULT = 1e-9;
const TOL_CASE: Record<string, number> = {
  'normal [1000000,1] [1000000.5,1.1]': 2e-9,
};
/** Optimal exponents: scipy's brentq on the derivative (1e-12), or a bounded minimisation (mvNormal, ~1e-8). */
const TOL_EXPONENT = 1e-7;

const worst: Record<string, { err: number; where: string }> = {};
function record(quantity: string, where: string, err: number): void {
  if (!worst[quantity] || err > worst[quantity].err) worst[quantity] = { err, where };
}

function label(c: Case): string {
  return `${c.family} ${JSON.stringify(c.p)} ${JSON.stringify(c.q)}`;
}

function compare(quantity: string, c: Case, got: () => number, want: Value, tol: number, scipy?: Value, absTol = 0): void {
  if (want === 'inf') {
    expect(got()).toBe(Infinity);
    return;
  }
  if (want === 'overflow') {
    expect(got).toThrow(InfogeoError);
    return;
  }
  const g = got();
  const err = Math.abs(g - want) / Math.max(Math.abs(want), 1e-300);
  record(quantity, label(c), err);
  expect(Math.abs(g - want), `${quantity}: got ${g}, mpmath ${want}`).toBeLessThanOrEqual(tol * Math.abs(want) + absTol);
  if (typeof scipy === 'number') {
    const tolScipy = Math.max(tol, 2 * (c.scipyVsMpmath ?? 0));
    expect(Math.abs(g - scipy), `${quantity}: got ${g}, scipy ${scipy}`).toBeLessThanOrEqual(tolScipy * Math.abs(scipy) + absTol);
  }
}

describe('divergences against scipy (divergences.json)', () => {
  for (const c of fixture.cases) {
    const ctor = ctors[c.family];
    const run = ctor ? it : it.skip;
    run(label(c), () => {
      const p = ctor!(c.p);
      const q = ctor!(c.q);
      const tol = TOL_CASE[label(c)] ?? TOL_DEFAULT;
      const sp = c.scipy;
      for (const [a, want] of Object.entries(c.alpha)) {
        compare(`alpha ${a}`, c, () => alphaDivergence(p, q, Number(a)), want, tol, sp?.alpha[a]);
      }
      for (const [o, want] of Object.entries(c.renyi)) {
        compare(`renyi ${o}`, c, () => renyi(p, q, Number(o)), want, tol, sp?.renyi[o]);
      }
      compare('hellinger', c, () => hellinger(p, q), c.hellinger, tol, sp?.hellinger);
      compare('bhattacharyya', c, () => bhattacharyya(p, q), c.bhattacharyya, tol, sp?.bhattacharyya);
      compare('bhattacharyyaCoefficient', c, () => bhattacharyyaCoefficient(p, q), c.bhattacharyyaCoefficient, tol, sp?.bhattacharyyaCoefficient);
      compare('jeffreys', c, () => jeffreys(p, q), c.jeffreys, tol, sp?.jeffreys);
      const ch = chernoff(p, q);
      compare('chernoff information', c, () => ch.information, c.chernoff.information, tol, sp?.chernoff.information);
      const expErr = Math.abs(ch.exponent - c.chernoff.exponent);
      record('chernoff exponent (absolute)', label(c), expErr);
      expect(expErr).toBeLessThanOrEqual(TOL_EXPONENT);
      const js = jensenShannonEstimate(p, q);
      if (js.method === 'monte-carlo') {
        // seeded Monte Carlo: within 6 standard errors (a false alarm about once in 5e8)
        expect(Math.abs(js.value - c.jensenShannon)).toBeLessThanOrEqual(6 * js.stdError);
        record('jensenShannon (monte-carlo, in standard errors)', label(c), Math.abs(js.value - c.jensenShannon) / js.stdError);
      } else {
        // quadrature near a singular end of a U-shaped beta loses the mass within 1e-16 of the
        // end (x cannot get closer in float64); the returned error bar accounts for it
        compare('jensenShannon', c, () => js.value, c.jensenShannon, tol, sp?.jensenShannon, 1.01 * js.stdError);
      }
    });
  }
});

afterAll(() => {
  const rows = Object.entries(worst).map(([k, v]) => `  ${k.padEnd(48)} ${v.err.toExponential(2)}  (${v.where})`);
  console.log(`worst relative error vs the mpmath references, per quantity:\n${rows.join('\n')}`);
});
