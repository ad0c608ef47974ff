/**
 * `infogeo optimize`: several optimisers, each in several coordinate systems, on one problem;
 * prints a table (steps to tolerance, final loss, mean KL travelled per step) and writes an SVG
 * of the trajectories. Parsing and rendering only: the runs are the library's `optimize`.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InfogeoError } from '../src/errors.js';
import { normal } from '../src/families/normal.js';
import { bernoulli } from '../src/families/bernoulli.js';
import { sample } from '../src/families/distribution.js';
import { rng } from '../src/random/rng.js';
import { optimize, type OptimizeResult, type OptimizerSpec } from '../src/optim/runner.js';
import { familyFit } from '../src/optim/problems/familyFit.js';
import { logisticData, logisticRegression } from '../src/optim/problems/logistic.js';
import { misspecifiedRegression } from '../src/optim/problems/regression.js';
import type { Problem } from '../src/optim/problems/problem.js';
import { adam, sgd } from '../src/optim/optimizers.js';
import { naturalGradient } from '../src/optim/naturalGradient.js';
import { logPartitionMirror, mirrorDescent } from '../src/optim/mirrorDescent.js';
import { empiricalFisherNG } from '../src/optim/empiricalFisherNG.js';
import { diagonalFisherNG } from '../src/optim/diagonalFisherNG.js';
import { UsageError } from './registry.js';
import { fmt, table, type Io } from './commands.js';
import { DASHES, OKABE_ITO, svgLinePlot, type LineSeries, type MarkedPoint } from './svg.js';

export const OPTIMIZE_HELP = `infogeo optimize: compare optimisers and parameterisations on one problem

Usage:
  infogeo optimize [--problem P] [--coords C1,C2,...] [--optimizers O1,O2,...]
                   [--steps N] [--lr X] [--tol X] [--seed N] [--out plot.svg] [--json]

  --problem     gaussian-fit (default): a normal fitted by maximum likelihood to 200 draws of N(2, 0.5^2), from N(0, 2^2)
                bernoulli-fit: a Bernoulli fitted to 100 draws of Bernoulli(0.8), from p = 0.2
                logistic: logistic regression on 200 synthetic points in 2-D
                misspecified: a unit-variance linear regression on heteroscedastic data (Kunstner et al. 2019)
  --coords      coordinate systems to run each optimiser in; the first three are the default
                  gaussian-fit: sigma, log-sigma, variance, precision, natural, expectation
                  bernoulli-fit: p, logit, arcsine, natural, expectation
                  logistic, misspecified: source
  --optimizers  gd (gradient descent), ng (natural gradient), mirror (mirror descent with the
                log-partition; coordinate-free, one row), adam, ef-ng (empirical-Fisher NG),
                diag-ng (diagonal-Fisher NG). Default gd,ng,mirror,adam (gd,ng,ef-ng,adam for the regressions)
  --steps       steps per run, an integer in [1, 100000] (default 200)
  --lr          learning rate > 0 (default: adam 0.05, gd on the regressions 0.5, otherwise 0.1)
  --tol         tolerance on the optimality gap L - L* for "steps to tol" (default 1e-6)
  --seed        seed of the synthetic data (default 1)
  --out         write an SVG of the trajectories (the (mu, sigma) half-plane for gaussian-fit)
  --json        print the runs as JSON instead of a table
`;

const PROBLEMS = ['gaussian-fit', 'bernoulli-fit', 'logistic', 'misspecified'] as const;
type ProblemName = (typeof PROBLEMS)[number];
const OPTIMIZERS = ['gd', 'ng', 'mirror', 'adam', 'ef-ng', 'diag-ng'] as const;
type OptimizerName = (typeof OPTIMIZERS)[number];

/** The problem behind each name, and how to draw its trajectories. */
function buildProblem(name: ProblemName, seed: number): { problem: Problem; axes: [string, string]; defaultOptimizers: OptimizerName[]; defaultCoords: string[] } {
  switch (name) {
    case 'gaussian-fit':
      return {
        problem: familyFit(normal(0, 2), sample(normal(2, 0.5), 200, rng(seed))),
        axes: ['mu', 'sigma'],
        defaultOptimizers: ['gd', 'ng', 'mirror', 'adam'],
        defaultCoords: ['sigma', 'log-sigma', 'variance'],
      };
    case 'bernoulli-fit':
      return {
        problem: familyFit(bernoulli(0.2), sample(bernoulli(0.8), 100, rng(seed))),
        axes: ['step', 'p'],
        defaultOptimizers: ['gd', 'ng', 'mirror', 'adam'],
        defaultCoords: ['p', 'logit', 'arcsine'],
      };
    case 'logistic': {
      const d = logisticData(200, [1.5, -1], rng(seed));
      return { problem: logisticRegression(d.x, d.y), axes: ['w1', 'w2'], defaultOptimizers: ['gd', 'ng', 'ef-ng', 'adam'], defaultCoords: ['source'] };
    }
    case 'misspecified':
      return { problem: misspecifiedRegression({ seed }), axes: ['w1', 'w2'], defaultOptimizers: ['gd', 'ng', 'ef-ng', 'adam'], defaultCoords: ['source'] };
  }
}

function defaultLr(opt: OptimizerName, problem: ProblemName): number {
  if (opt === 'adam') return 0.05;
  if (opt === 'gd' && (problem === 'logistic' || problem === 'misspecified')) return 0.5;
  return 0.1;
}

function buildOptimizer(name: OptimizerName, lr: number, problem: Problem): OptimizerSpec {
  switch (name) {
    case 'gd':
      return sgd(lr);
    case 'adam':
      return adam(lr);
    case 'ng':
      return (cp) => naturalGradient({ lr, fisher: cp.fisher });
    case 'diag-ng':
      return (cp) => diagonalFisherNG({ lr, diagFisher: (xi) => cp.fisher(xi).filter((_, k) => k % (cp.dim + 1) === 0) });
    case 'ef-ng':
      return (cp) => empiricalFisherNG({ lr, damping: 1e-8, perExampleGrads: cp.perExampleGrads! });
    case 'mirror':
      return mirrorDescent({ lr, mirror: logPartitionMirror(problem.family!), backtrack: true });
  }
}

function splitList(flag: string, value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError(`--${flag} needs a comma-separated list`);
  return items;
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || !(x > 0)) throw new UsageError(`--${flag} must be a finite number > 0, got '${value}'`);
  return x;
}

function integer(flag: string, value: string | undefined, lo: number, hi: number, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (value.trim() === '' || !Number.isInteger(x) || x < lo || x > hi) throw new UsageError(`--${flag} must be an integer in [${lo}, ${hi}], got '${value}'`);
  return x;
}

/** One row of the comparison. */
export interface OptimizeRun {
  optimizer: OptimizerName;
  coords: string;
  lr: number;
  result?: OptimizeResult;
  error?: string;
}

/**
 * Runs `infogeo optimize` with the arguments after the command name; returns the exit status
 * (0, or 2 for bad input, with a message on io.err).
 */
export function optimizeCommand(argv: string[], io: Io): number {
  try {
    return runOptimize(argv, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InfogeoError) {
      io.err(`infogeo optimize: ${e.message}\n(run 'infogeo optimize --help' for usage)`);
      return 2;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`infogeo optimize: ${e.message}\n(run 'infogeo optimize --help' for usage)`);
      return 2;
    }
    throw e;
  }
}

function runOptimize(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      problem: { type: 'string', default: 'gaussian-fit' },
      coords: { type: 'string' },
      optimizers: { type: 'string' },
      steps: { type: 'string' },
      lr: { type: 'string' },
      tol: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(OPTIMIZE_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const problemName = values.problem as ProblemName;
  if (!PROBLEMS.includes(problemName)) throw new UsageError(`unknown problem '${values.problem}'; expected one of ${PROBLEMS.join(', ')}`);
  const steps = integer('steps', values.steps, 1, 100000, 200);
  const seed = integer('seed', values.seed, 0, 2 ** 31 - 1, 1);
  const lrFlag = positiveNumber('lr', values.lr);
  const tol = positiveNumber('tol', values.tol) ?? 1e-6;
  const { problem, axes, defaultOptimizers, defaultCoords } = buildProblem(problemName, seed);

  // 'source' is listed under its own name when a family names it (sigma, p).
  const keys = Object.keys(problem.coords);
  const available = keys.filter((k) => k !== 'source' || !keys.some((o) => o !== 'source' && problem.coords[o] === problem.coords.source));
  const coordsList = values.coords === undefined ? defaultCoords : splitList('coords', values.coords);
  for (const c of coordsList) {
    if (problem.coords[c] === undefined) throw new UsageError(`unknown coordinates '${c}' for ${problemName}; expected one of ${available.join(', ')}`);
  }
  const optimizerNames = (values.optimizers === undefined ? defaultOptimizers : splitList('optimizers', values.optimizers)) as OptimizerName[];
  for (const o of optimizerNames) {
    if (!OPTIMIZERS.includes(o)) throw new UsageError(`unknown optimizer '${o}'; expected one of ${OPTIMIZERS.join(', ')}`);
    if (o === 'mirror' && problem.family === undefined) throw new UsageError(`optimizer 'mirror' needs a problem on an exponential family (gaussian-fit, bernoulli-fit), not ${problemName}`);
  }

  const runs: OptimizeRun[] = [];
  for (const o of optimizerNames) {
    const lr = lrFlag ?? defaultLr(o, problemName);
    // Mirror descent lives on the natural parameters and their dual, whatever coordinates are asked for.
    const coordsForThis = o === 'mirror' ? ['natural'] : coordsList;
    for (const c of coordsForThis) {
      const run: OptimizeRun = { optimizer: o, coords: o === 'mirror' ? 'theta (step in eta)' : c, lr };
      try {
        run.result = optimize({ problem, coords: c, optimizer: buildOptimizer(o, lr, problem), steps, tol, onDomainExit: 'backtrack' });
      } catch (e) {
        if (!(e instanceof InfogeoError)) throw e;
        run.error = e.message;
      }
      runs.push(run);
    }
  }

  if (values.out !== undefined) {
    const svg = plotRuns(runs, problem, problemName, axes);
    try {
      mkdirSync(dirname(values.out), { recursive: true });
      writeFileSync(values.out, svg);
    } catch (e) {
      throw new UsageError(`cannot write --out '${values.out}': ${(e as Error).message}`);
    }
  }

  if (values.json) {
    io.out(
      JSON.stringify({
        problem: problemName,
        steps,
        tol,
        minimum: problem.minimum ? { source: Array.from(problem.minimum.source), loss: problem.minimum.loss } : null,
        runs: runs.map((r) => ({
          optimizer: r.optimizer,
          coords: r.coords,
          lr: r.lr,
          error: r.error ?? null,
          stepsToTol: r.result?.stepsToTol ?? null,
          finalLoss: r.result?.finalLoss ?? null,
          meanKlPerStep: r.result?.meanKlPerStep ?? null,
          backtracks: r.result?.backtracks ?? null,
          finalSource: r.result ? Array.from(r.result.finalSource) : null,
          trajectory: r.result ? r.result.sources.map((s) => Array.from(s)) : null,
        })),
      }),
    );
    return 0;
  }

  io.out(`${problemName}: ${steps} steps, tolerance ${fmt(tol)} on L - L*${problem.minimum ? ` (L* = ${fmt(problem.minimum.loss)} at ${problem.sourceNames.map((n, i) => `${n} = ${fmt(problem.minimum!.source[i])}`).join(', ')})` : ''}`);
  const rows = [['optimizer', 'coords', 'lr', 'steps to tol', 'final loss', 'mean KL/step', 'note']];
  for (const r of runs) {
    if (r.result === undefined) {
      rows.push([r.optimizer, r.coords, fmt(r.lr), '-', '-', '-', `failed: ${r.error}`]);
      continue;
    }
    const res = r.result;
    rows.push([r.optimizer, r.coords, fmt(r.lr), res.stepsToTol === null ? `> ${steps}` : String(res.stepsToTol), fmt(res.finalLoss), res.meanKlPerStep.toExponential(3), res.backtracks > 0 ? `${res.backtracks} step halvings` : '']);
  }
  io.out(table(rows));
  if (values.out !== undefined) io.out(`trajectories written to ${values.out}`);
  return 0;
}

/** The SVG: one colour per optimiser (Okabe-Ito), one dash pattern per coordinate system. */
function plotRuns(runs: OptimizeRun[], problem: Problem, problemName: ProblemName, axes: [string, string]): string {
  const optimizerOrder = [...new Set(runs.map((r) => r.optimizer))];
  const coordsOrder = [...new Set(runs.map((r) => r.coords))];
  const series: LineSeries[] = [];
  for (const r of runs) {
    if (r.result === undefined) continue;
    const points: [number, number][] = r.result.sources.map((s, k) => (axes[0] === 'step' ? [k, s[0]] : [s[0], s[1]]));
    series.push({
      label: `${r.optimizer} / ${r.coords}`,
      points,
      color: OKABE_ITO[optimizerOrder.indexOf(r.optimizer) % OKABE_ITO.length],
      dash: DASHES[coordsOrder.indexOf(r.coords) % DASHES.length],
    });
  }
  const marks: MarkedPoint[] = [];
  if (axes[0] !== 'step') marks.push({ label: 'start', x: problem.init[0], y: problem.init[1], shape: 'dot' });
  if (problem.minimum && axes[0] !== 'step') marks.push({ label: 'minimum', x: problem.minimum.source[0], y: problem.minimum.source[1] });
  const title = axes[0] === 'step' ? `${problemName}: p against step` : `${problemName}: trajectories in the (${axes[0]}, ${axes[1]}) plane`;
  return svgLinePlot({ title, xLabel: axes[0], yLabel: axes[1], series, marks });
}
