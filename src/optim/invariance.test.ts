/**
 * Natural gradient does not depend on the parameterisation; plain gradient descent does.
 *
 * For a loss L on an exponential family, the natural-gradient flow d xi/dt = -G_xi^{-1} grad_xi L
 * maps to the same curve of distributions in every coordinate system xi. Two of those curves are
 * known in closed form, which makes them exact references:
 * - maximum likelihood (L = mean NLL, T-bar the mean statistic): eta(t) = T-bar + e^{-t} (eta_0 - T-bar),
 *   the m-geodesic to the MLE traversed exponentially fast;
 * - reverse KL (L = KL(p || target)): theta(t) = theta_target + e^{-t} (theta_0 - theta_target),
 *   the e-geodesic to the target.
 * A discrete natural-gradient step of size lr is Euler's method on that flow, so trajectories
 * from the same start agree across parameterisations up to O(lr) after a fixed time, and one
 * step agrees up to O(lr^2).
 */
import { describe, expect, it } from 'vitest';
import { optimize } from './runner.js';
import { familyFit, klFit, type FamilyProblem } from './problems/familyFit.js';
import { inCoords, type Problem } from './problems/problem.js';
import { logisticData, logisticRegression } from './problems/logistic.js';
import { affineCoords, expectationCoords, naturalCoords, type Reparam } from './reparam.js';
import { naturalGradient } from './naturalGradient.js';
import { sgd } from './optimizers.js';
import { normal } from '../families/normal.js';
import { bernoulli } from '../families/bernoulli.js';
import { gamma } from '../families/gamma.js';
import { sample } from '../families/distribution.js';
import { etaFromTheta } from '../families/derive.js';
import { rng } from '../random/rng.js';
import { maxAbsDiff, ngField, rk4 } from './flow.testutil.js';

/** Distributions visited by the natural-gradient flow in any two coordinate systems (source coordinates, absolute). */
const FLOW_AGREEMENT = 1e-10;
/**
 * ... and measured by KL between corresponding points: at the float64 floor of a KL evaluated
 * from logarithms (a few eps), far below the KL between points of the flow one step apart.
 */
const FLOW_KL = 1e-15;

const normalData = sample(normal(1.5, 0.6), 200, rng(3)) as number[];
const bernoulliData = sample(bernoulli(0.8), 100, rng(4)) as number[];
const gammaData = sample(gamma(3, 2), 200, rng(5)) as number[];

const NORMAL_COORDS = ['sigma', 'log-sigma', 'variance', 'precision', 'natural', 'expectation'];
const BERNOULLI_COORDS = ['p', 'logit', 'arcsine'];

interface Case {
  label: string;
  problem: FamilyProblem;
  coords: (string | Reparam)[];
  /** The flow in closed form, in source coordinates, at time t. */
  exact: (t: number) => Float64Array;
}

function mleFlow(pr: FamilyProblem, data: number[]): (t: number) => Float64Array {
  const f = pr.family;
  const n = f.dim;
  const tBar = new Float64Array(n);
  const tmp = new Float64Array(n);
  for (const x of data) {
    f.sufficientStat(x, tmp);
    for (let k = 0; k < n; k++) tBar[k] += tmp[k] / data.length;
  }
  const eta0 = etaFromTheta(f, f.thetaFromSource(pr.init, new Float64Array(n)));
  return (t) => {
    const eta = eta0.map((e, k) => tBar[k] + Math.exp(-t) * (e - tBar[k]));
    return f.sourceFromTheta(f.thetaFromEta(eta, new Float64Array(n)), new Float64Array(n));
  };
}

function reverseKlFlow(pr: FamilyProblem): (t: number) => Float64Array {
  const f = pr.family;
  const n = f.dim;
  const thetaT = f.thetaFromSource(pr.minimum!.source, new Float64Array(n));
  const theta0 = f.thetaFromSource(pr.init, new Float64Array(n));
  return (t) => f.sourceFromTheta(theta0.map((th, k) => thetaT[k] + Math.exp(-t) * (th - thetaT[k])), new Float64Array(n));
}

function cases(): Case[] {
  const gMle = familyFit(normal(0, 1), normalData);
  const gRev = klFit(normal(0, 1), normal(1.5, 0.6), 'reverse');
  const bMle = familyFit(bernoulli(0.2), bernoulliData);
  const bRev = klFit(bernoulli(0.2), bernoulli(0.8), 'reverse');
  const gaMle = familyFit(gamma(1, 1), gammaData);
  const genericNormal = [naturalCoords(gMle.family), expectationCoords(gMle.family)];
  return [
    { label: 'normal, maximum likelihood', problem: gMle, coords: [...NORMAL_COORDS, ...genericNormal], exact: mleFlow(gMle, normalData) },
    { label: 'normal, reverse KL', problem: gRev, coords: NORMAL_COORDS, exact: reverseKlFlow(gRev) },
    { label: 'Bernoulli, maximum likelihood', problem: bMle, coords: [...BERNOULLI_COORDS, 'natural', 'expectation'], exact: mleFlow(bMle, bernoulliData) },
    { label: 'Bernoulli, reverse KL', problem: bRev, coords: BERNOULLI_COORDS, exact: reverseKlFlow(bRev) },
    { label: 'gamma (generic coordinates), maximum likelihood', problem: gaMle, coords: ['source', 'natural', 'expectation'], exact: mleFlow(gaMle, gammaData) },
  ];
}

function coordName(c: string | Reparam): string {
  return typeof c === 'string' ? c : `generic ${c.name}`;
}

describe('natural-gradient flow: the same distributions in every parameterisation', () => {
  for (const c of cases()) {
    it(`${c.label}: RK4 on d xi/dt = -G^-1 grad in each coordinate system matches the closed-form flow to ${FLOW_AGREEMENT}`, () => {
      const T = 2.5;
      const samples = 10;
      const times = Array.from({ length: samples + 1 }, (_, i) => (i * T) / samples);
      const exact = times.map(c.exact);
      let worst = 0;
      for (const name of c.coords) {
        const cp = inCoords(c.problem, name);
        const path = rk4(ngField(cp), cp.init, T, 2000, samples).map((xi) => cp.toSource(xi));
        for (let i = 0; i <= samples; i++) {
          const d = maxAbsDiff(path[i], exact[i]);
          worst = Math.max(worst, d);
          expect(d, `${coordName(name)} at t = ${times[i]}`).toBeLessThan(FLOW_AGREEMENT);
          expect(c.problem.kl(path[i], exact[i])).toBeLessThan(FLOW_KL);
        }
      }
      // The flow really moves: the distributions at t = 0 and t = T are far apart.
      expect(c.problem.kl(exact[0], exact[samples])).toBeGreaterThan(0.1);
      expect(worst).toBeLessThan(FLOW_AGREEMENT);
    });
  }
});

/** Max over visited steps k of |source_k - flow(k lr)|, for natural gradient run by the runner. */
function discreteError(c: Case, coords: string | Reparam, lr: number, T: number): number {
  const r = optimize({ problem: c.problem, coords, optimizer: (cp) => naturalGradient({ lr, fisher: cp.fisher }), steps: Math.round(T / lr) });
  return Math.max(...r.sources.map((s, k) => maxAbsDiff(s, c.exact(k * lr))));
}

describe('natural-gradient descent converges to that flow as the step size shrinks (first order)', () => {
  for (const c of cases().slice(0, 4)) {
    it(`${c.label}: halving lr halves the distance to the flow in every coordinate system`, () => {
      for (const name of c.coords) {
        const e1 = discreteError(c, name, 0.02, 1);
        const e2 = discreteError(c, name, 0.01, 1);
        const e3 = discreteError(c, name, 0.005, 1);
        // Euler's global error is C lr + O(lr^2): the ratio tends to 2.
        expect(e1 / e2, coordName(name)).toBeGreaterThan(1.8);
        expect(e1 / e2, coordName(name)).toBeLessThan(2.25);
        expect(e2 / e3, coordName(name)).toBeGreaterThan(1.9);
        expect(e2 / e3, coordName(name)).toBeLessThan(2.12);
        expect(e3).toBeLessThan(0.01);
      }
    });
  }
});

describe('one natural-gradient step agrees across parameterisations to first order', () => {
  /** |one step in coords - one step in the reference coords|, in source coordinates. */
  function stepGap(pr: Problem, coords: string, reference: string, lr: number, start: Float64Array): number {
    const run = (c: string) => optimize({ problem: pr, coords: c, init: start, optimizer: (cp) => naturalGradient({ lr, fisher: cp.fisher }), steps: 1 }).finalSource;
    return maxAbsDiff(run(coords), run(reference));
  }

  const settings: [string, Problem, string[], string, Float64Array][] = [
    ['normal', familyFit(normal(0, 1), normalData), NORMAL_COORDS.slice(1), 'sigma', Float64Array.of(0.4, 1.3)],
    ['Bernoulli', familyFit(bernoulli(0.2), bernoulliData), ['logit', 'arcsine'], 'p', Float64Array.of(0.3)],
  ];
  for (const [label, pr, coordsList, reference, start] of settings) {
    it(`${label}: the difference is O(lr^2): it shrinks 4x when lr halves`, () => {
      for (const c of coordsList) {
        const d = [0.08, 0.04, 0.02, 0.01].map((lr) => stepGap(pr, c, reference, lr, start));
        for (let i = 0; i + 1 < d.length; i++) {
          expect(d[i] / d[i + 1], `${c}, lr = ${0.08 / 2 ** i}`).toBeGreaterThan(3.5);
          expect(d[i] / d[i + 1], `${c}, lr = ${0.08 / 2 ** i}`).toBeLessThan(4.5);
        }
        // ... while the step itself is O(lr): the relative disagreement vanishes with lr.
        expect(d[3]).toBeGreaterThan(0);
      }
    });
  }
});

/** Largest KL between the endpoints of runs in different coordinate systems, both directions. */
function endpointSpread(pr: Problem, coordsList: string[], optimizer: Parameters<typeof optimize>[0]['optimizer'], steps: number): number {
  const ends = coordsList.map((c) => optimize({ problem: pr, coords: c, optimizer, steps }).finalSource);
  let m = 0;
  for (const a of ends) for (const b of ends) m = Math.max(m, pr.kl(a, b));
  return m;
}

describe('plain gradient descent depends on the parameterisation, and by how much', () => {
  it('normal: after 50 steps of lr 0.02 from N(0, 1), GD endpoints differ by KL > 0.3 nats; NG endpoints by < 1e-4', () => {
    const pr = familyFit(normal(0, 1), normalData);
    const gd = endpointSpread(pr, NORMAL_COORDS, sgd(0.02), 50);
    const ng = endpointSpread(pr, NORMAL_COORDS, (cp) => naturalGradient({ lr: 0.02, fisher: cp.fisher }), 50);
    expect(gd).toBeGreaterThan(0.3); // measured 0.43
    expect(ng).toBeLessThan(1e-4); // measured 3.9e-5 (the O(lr) discretisation difference)
    expect(gd / ng).toBeGreaterThan(1e3);
  });

  it('Bernoulli: after 20 steps of lr 0.05 from p = 0.2, GD endpoints differ by KL > 0.5 nats; NG endpoints by < 1e-4', () => {
    const pr = familyFit(bernoulli(0.2), bernoulliData);
    const gd = endpointSpread(pr, BERNOULLI_COORDS, sgd(0.05), 20);
    const ng = endpointSpread(pr, BERNOULLI_COORDS, (cp) => naturalGradient({ lr: 0.05, fisher: cp.fisher }), 20);
    expect(gd).toBeGreaterThan(0.5); // measured 0.63
    expect(ng).toBeLessThan(1e-4); // measured 1.3e-5
  });

  it('in the arcsine coordinate of the Bernoulli the Fisher is 1, so GD there is exactly natural gradient', () => {
    const pr = familyFit(bernoulli(0.2), bernoulliData);
    const a = optimize({ problem: pr, coords: 'arcsine', optimizer: sgd(0.05), steps: 20 });
    const b = optimize({ problem: pr, coords: 'arcsine', optimizer: (cp) => naturalGradient({ lr: 0.05, fisher: cp.fisher }), steps: 20 });
    for (let k = 0; k <= 20; k++) expect(Math.abs(a.params[k][0] - b.params[k][0])).toBeLessThan(1e-15);
  });
});

describe('affine reparameterisations: natural gradient is invariant exactly, step by step', () => {
  it('logistic regression in weights and in affine coordinates visits the same models at every step (1e-12); GD does not', () => {
    const d = logisticData(200, [1, -2], rng(8));
    const pr = logisticRegression(d.x, d.y);
    const aff = affineCoords([3, 1, -0.5, 0.2], [0.4, -0.1]);
    const ng = (cp: ReturnType<typeof inCoords>) => naturalGradient({ lr: 0.5, fisher: cp.fisher });
    const a = optimize({ problem: pr, coords: 'source', optimizer: ng, steps: 15 });
    const b = optimize({ problem: pr, coords: aff, optimizer: ng, steps: 15 });
    for (let k = 0; k <= 15; k++) expect(maxAbsDiff(a.sources[k], b.sources[k])).toBeLessThan(1e-12);
    const ga = optimize({ problem: pr, coords: 'source', optimizer: sgd(0.5), steps: 15 });
    const gb = optimize({ problem: pr, coords: aff, optimizer: sgd(0.5), steps: 15 });
    expect(pr.kl(ga.finalSource, gb.finalSource)).toBeGreaterThan(1e-3);
  });
});
