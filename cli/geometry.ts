/**
 * The `infogeo project` and `infogeo em` subcommands: parse arguments, call the library, render
 * text or JSON. Each parses its own options (they have more than the global ones), so `run` in
 * main.ts hands them the raw arguments through `runGeometryCommand`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eProjection, mProjection, type ProjectionResult } from '../src/geometry/projection.js';
import {
  fixedNaturalSubmanifold,
  independenceSubmanifold,
  mFlatSubmanifold,
  submanifoldResidual,
  type EFlatSubmanifold,
  type MFlatSubmanifold,
} from '../src/geometry/submanifold.js';
import { pythagorean } from '../src/geometry/pythagorean.js';
import { em } from '../src/inference/em.js';
import {
  bernoulliFamily,
  betaFamily,
  binomialFamily,
  categoricalFamily,
  diagNormalFamily,
  exponentialFamily,
  gammaFamily,
  geometricFamily,
  InfogeoError,
  inverseGaussianFamily,
  lognormalFamily,
  mvNormalFamily,
  normalFamily,
  poissonFamily,
  rayleighFamily,
  rng,
  vonMisesFamily,
  type Distribution,
  type ExponentialFamily,
} from '../src/index.js';
import { dist, fmt, table, type Io } from './commands.js';
import { ParseError } from './parse.js';
import { UsageError } from './registry.js';

/** Help lines for the two commands, to add to the main help text. */
export const GEOMETRY_HELP = `  infogeo project P --onto independence [--shape RxC] [--check R] [--json]
                                        m-projection onto the product (mean-field) members of P's family
  infogeo project P --fix I,J[,...] [--values=V,W,...] [--check R] [--json]
                                        m-projection onto the exponential subfamily theta_I = V, ... (default 0)
  infogeo project P --constrain '[[a11, ...], ...]' --equals '[b1, ...]' [--check R] [--json]
                                        e-projection onto { A eta = b } (maximum entropy relative to P)
  infogeo em DATA.csv --family F -k K [--seed S] [--max-iter N] [--tol T] [--prior NU] [--json] [--quiet]
                                        EM for a K-component mixture of F (one observation per line; columns for
                                        mvNormal/diagNormal; binomial needs --trials N); a progress line per
                                        iteration on stderr`;

/** Runs `project` or `em` with its raw arguments; returns the exit status (2 for bad input). */
export function runGeometryCommand(command: 'project' | 'em', args: string[], io: Io): number {
  try {
    if (command === 'project') projectCommand(args, io);
    else emCommand(args, io);
    return 0;
  } catch (e) {
    if (e instanceof InfogeoError || e instanceof ParseError) {
      io.err(`infogeo: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`infogeo: ${e.message}\n(run 'infogeo help' for usage)`);
      return 2;
    }
    throw e;
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A JSON array of numbers (or of arrays of numbers) from the command line; JSON.parse never evaluates code. */
function jsonNumbers(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} must be a JSON array of numbers, e.g. '[[1, 0]]'; got ${JSON.stringify(text)}`);
  }
}

function numberList(text: string, what: string): number[] {
  const xs = text.split(',').map((s) => s.trim());
  const out = xs.map(Number);
  if (xs.some((s) => s === '') || out.some((x) => Number.isNaN(x))) throw new UsageError(`${what} must be a comma-separated list of numbers; got ${JSON.stringify(text)}`);
  return out;
}

/** `infogeo project P ...`: an e- or m-projection, with an optional Pythagorean check against R. */
export function projectCommand(args: string[], io: Io): void {
  const { values: o, positionals } = parse(args, {
    onto: { type: 'string' },
    shape: { type: 'string' },
    fix: { type: 'string' },
    values: { type: 'string' },
    constrain: { type: 'string' },
    equals: { type: 'string' },
    check: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const p = dist(positionals[0], 'P');
  if (positionals.length > 1) throw new UsageError(`project takes one distribution, got ${positionals.length}`);
  const modes = [o.onto !== undefined, o.fix !== undefined, o.constrain !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError("project needs exactly one of --onto independence, --fix I,J or --constrain '[[...]]' --equals '[...]'");
  let sub: EFlatSubmanifold | MFlatSubmanifold;
  if (o.onto !== undefined) {
    if (o.onto !== 'independence') throw new UsageError(`--onto must be 'independence'; got '${o.onto}'`);
    let shape: [number, number] | undefined;
    if (o.shape !== undefined) {
      const m = /^(\d+)x(\d+)$/.exec(o.shape);
      if (!m) throw new UsageError(`--shape must look like 2x3; got '${o.shape}'`);
      shape = [Number(m[1]), Number(m[2])];
    } else if (p.family.name === 'categorical') {
      const k = p.family.dim + 1;
      const r = Math.round(Math.sqrt(k));
      if (r * r !== k) throw new UsageError(`--shape RxC is needed for a categorical with ${k} categories`);
      shape = [r, r];
    }
    sub = independenceSubmanifold(p.family, shape);
  } else if (o.fix !== undefined) {
    sub = fixedNaturalSubmanifold(p.family, numberList(o.fix, '--fix'), o.values === undefined ? undefined : numberList(o.values, '--values'));
  } else {
    if (o.equals === undefined) throw new UsageError("--constrain needs --equals '[b1, ...]'");
    sub = mFlatSubmanifold(p.family, jsonNumbers(o.constrain as string, '--constrain') as number[][], jsonNumbers(o.equals, '--equals') as number[]);
  }
  const eSide = sub.kind === 'm-flat';
  const res: ProjectionResult = eSide ? eProjection(p, sub as MFlatSubmanifold) : mProjection(p, sub as EFlatSubmanifold);
  const q = res.projection;
  let check: Record<string, number | string> | undefined;
  if (o.check !== undefined) {
    const r = dist(o.check, 'R');
    const residual = submanifoldResidual(sub, r);
    // m-projection: KL(P||R) = KL(P||q*) + KL(q*||R); e-projection: KL(R||P) = KL(R||q*) + KL(q*||P).
    const c = eSide ? pythagorean(r, q, p) : pythagorean(p, q, r);
    check = { r: r.toString(), residual, klPR: c.klPR, klPQ: c.klPQ, klQR: c.klQR, defect: c.defect };
  }
  const kind = eSide ? 'e-projection' : 'm-projection';
  if (o.json) {
    io.out(JSON.stringify({ kind, p: p.toJSON(), submanifold: sub.description, projection: q.toJSON(), divergence: res.divergence, iterations: res.iterations, decrement: res.decrement, coordinates: Array.from(res.coordinates), ...(check ? { check } : {}) }));
    return;
  }
  io.out(`${kind} of ${p} onto ${sub.description}:`);
  io.out(`  q* = ${q}`);
  io.out(`  ${eSide ? 'KL(q* || P)' : 'KL(P || q*)'} = ${fmt(res.divergence)} nats  (Newton: ${res.iterations} iterations, decrement ${res.decrement.toExponential(1)})`);
  if (check) {
    const [a, b] = eSide ? ['R', 'P'] : ['P', 'R'];
    io.out(`Pythagorean check with R = ${check.r}${(check.residual as number) > 1e-8 ? `  (R is ${fmt(check.residual as number)} off the submanifold: the identity need not hold)` : ''}:`);
    io.out(
      table([
        [`KL(${a} || ${b})`, fmt(check.klPR as number)],
        [`KL(${a} || q*)`, fmt(check.klPQ as number)],
        [`KL(q* || ${b})`, fmt(check.klQR as number)],
        ['defect', (check.defect as number).toExponential(2)],
      ]).replace(/^/gm, '  '),
    );
  }
}

/** The families `em` can fit, by name; some need a hyper-parameter from the data or an option. */
function familyFor(name: string, columns: number, data: number[][], trials: string | undefined): ExponentialFamily<unknown> {
  const scalar: Record<string, ExponentialFamily<unknown>> = {
    normal: normalFamily,
    lognormal: lognormalFamily,
    exponential: exponentialFamily,
    gamma: gammaFamily,
    beta: betaFamily,
    poisson: poissonFamily,
    geometric: geometricFamily,
    rayleigh: rayleighFamily,
    inverseGaussian: inverseGaussianFamily,
    vonMises: vonMisesFamily,
    bernoulli: bernoulliFamily,
  };
  if (name === 'mvNormal') return mvNormalFamily(columns);
  if (name === 'diagNormal') return diagNormalFamily(columns);
  if (columns !== 1) throw new UsageError(`--family ${name} takes one column of data; the file has ${columns} (use mvNormal or diagNormal for vectors)`);
  if (name === 'binomial') {
    if (trials === undefined) throw new UsageError('--family binomial needs --trials N');
    return binomialFamily(Number(trials));
  }
  if (name === 'categorical') return categoricalFamily(Math.max(2, ...data.map((r) => r[0] + 1)));
  const f = scalar[name];
  if (!f) throw new UsageError(`unknown family '${name}'; em fits ${[...Object.keys(scalar), 'binomial', 'categorical', 'mvNormal', 'diagNormal'].join(', ')}`);
  return f;
}

/** Rows of numbers from CSV text: one observation per line, ',' ';' or whitespace separated; '#' comments; an optional header. */
export function parseCsv(text: string, file: string): number[][] {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const cells = line.split(/[,;\s]+/).filter((c) => c !== '');
    const nums = cells.map(Number);
    if (nums.some((x) => Number.isNaN(x))) {
      if (rows.length === 0 && i === lines.findIndex((l) => l.replace(/#.*/, '').trim() !== '')) return; // header
      throw new UsageError(`${file}, line ${i + 1}: expected numbers, got ${JSON.stringify(raw.trim())}`);
    }
    if (rows.length > 0 && nums.length !== rows[0].length) throw new UsageError(`${file}, line ${i + 1}: expected ${rows[0].length} columns, got ${nums.length}`);
    rows.push(nums);
  });
  if (rows.length === 0) throw new UsageError(`${file}: no observations`);
  return rows;
}

/** `infogeo em DATA.csv --family F -k K ...`: EM with a progress line per iteration on stderr. */
export function emCommand(args: string[], io: Io): void {
  const { values: o, positionals } = parse(args, {
    family: { type: 'string' },
    k: { type: 'string', short: 'k' },
    seed: { type: 'string', default: '1' },
    'max-iter': { type: 'string', default: '500' },
    tol: { type: 'string', default: '1e-10' },
    prior: { type: 'string', default: '0' },
    trials: { type: 'string' },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  });
  const file = positionals[0];
  if (file === undefined) throw new UsageError('missing DATA.csv: a file with one observation per line');
  if (o.family === undefined) throw new UsageError('missing --family (e.g. --family normal)');
  if (o.k === undefined) throw new UsageError('missing -k (the number of components)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const rows = parseCsv(text, file);
  const family = familyFor(o.family, rows[0].length, rows, o.trials);
  const data = family.sampleDim === 0 ? rows.map((r) => r[0]) : rows;
  const int = (s: string, what: string): number => {
    const v = Number(s);
    if (!Number.isSafeInteger(v)) throw new UsageError(`${what} must be an integer; got '${s}'`);
    return v;
  };
  const result = em(data, {
    family,
    k: int(o.k, '-k'),
    rng: rng(int(o.seed as string, '--seed')),
    maxIter: int(o['max-iter'] as string, '--max-iter'),
    tol: Number(o.tol),
    prior: Number(o.prior),
    onIteration: o.quiet
      ? undefined
      : (s) => io.err(`em: iteration ${s.iteration}  log-likelihood ${s.logLikelihood.toFixed(6)}  change ${s.change.toExponential(2)}`),
  });
  const comps = result.components as Distribution<unknown>[];
  if (o.json) {
    io.out(
      JSON.stringify({
        family: family.id,
        k: comps.length,
        n: rows.length,
        weights: result.weights,
        components: comps.map((c) => c.toJSON()),
        logLikelihood: result.logLikelihood,
        objective: result.objective,
        trace: result.trace,
        iterations: result.iterations,
        converged: result.converged,
        frozen: result.frozen,
      }),
    );
    return;
  }
  io.out(`EM fit of a ${comps.length}-component ${family.id} mixture to ${rows.length} observations (${file}): ${result.converged ? 'converged' : 'not converged'} after ${result.iterations} iterations`);
  io.out(`log-likelihood ${fmt(result.logLikelihood)}${Number(o.prior) > 0 ? `, penalised ${fmt(result.objective)}` : ''}`);
  const order = comps.map((_, h) => h).sort((a, b) => result.weights[b] - result.weights[a]);
  io.out(table([['component', 'weight', 'distribution'], ...order.map((h, i) => [String(i + 1), fmt(result.weights[h]), comps[h].toString()])]));
  const degenerate = order.map((h, i) => (result.frozen[h] > 0 ? i + 1 : 0)).filter((i) => i > 0);
  if (degenerate.length > 0) io.out(`note: component(s) ${degenerate.join(', ')} degenerated (kept their last valid parameters); try --prior 0.01`);
}
