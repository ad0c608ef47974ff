/**
 * The runner: an optimiser on a problem in a coordinate system, for a number of steps, recording
 * the trajectory both in the optimiser's parameters xi and in the distributions visited (source
 * coordinates), the losses, and the KL divergence between consecutive distributions, the
 * coordinate-free measure of how far each step moved.
 */
import { InfogeoError, formatValue } from '../errors.js';
import type { GradientTransformation } from './transform.js';
import type { Reparam } from './reparam.js';
import { checkProblem, inCoords, type CoordProblem, type Problem } from './problems/problem.js';

/** An optimiser, or a function building one from the problem seen in the chosen coordinates. */
export type OptimizerSpec = GradientTransformation<any> | ((cp: CoordProblem) => GradientTransformation<any>);

/** Options of {@link optimize}. */
export interface OptimizeOptions {
  problem: Problem;
  /** A coordinate system, or the name of one of `problem.coords`. Default `'source'`. */
  coords?: Reparam | string;
  /**
   * A transformation, or a builder `(cp) => transformation` that receives the problem in the
   * chosen coordinates (e.g. `(cp) => naturalGradient({ lr: 0.1, fisher: cp.fisher })`).
   */
  optimizer: OptimizerSpec;
  /** Number of steps, an integer in [0, 1e7]. */
  steps: number;
  /**
   * Tolerance on the optimality gap L - L* (the problem's `gap` when it has one, else
   * loss - minimum.loss); `stepsToTol` is the first step count at which the gap is <= tol.
   * Finite, > 0. Default 1e-8.
   */
  tol?: number;
  /** Stop as soon as the gap is <= tol. Default false. */
  stopAtTol?: boolean;
  /** Keep the whole trajectory (params and sources); losses and KL steps are always kept. Default true. */
  record?: boolean;
  /** Starting point in source coordinates (default `problem.init`). */
  init?: ArrayLike<number>;
  /**
   * What to do when a step leaves the domain (a negative sigma, a probability above 1): throw
   * an InfogeoError naming the step (default), or halve the step until it stays inside (at most
   * 60 times). The optimiser's state is kept from the full step.
   */
  onDomainExit?: 'throw' | 'backtrack';
}

/** Result of {@link optimize}. */
export interface OptimizeResult {
  /** Name of the coordinate system. */
  coords: string;
  /** xi_0, ..., xi_K (only with record; else only the final point). */
  params: Float64Array[];
  /** The distributions visited, in source coordinates, aligned with `params`. */
  sources: Float64Array[];
  /** L at xi_0, ..., xi_K (K + 1 entries). */
  losses: number[];
  /** KL(p_k || p_{k+1}) for each step (K entries). */
  klSteps: number[];
  /** Optimality gaps, aligned with `losses`, when the problem's minimum is known. */
  gaps: number[] | null;
  /** First k with gap_k <= tol, or null (never, or minimum unknown). */
  stepsToTol: number | null;
  /** Number of steps taken. */
  steps: number;
  /** Number of step halvings done by onDomainExit 'backtrack'. */
  backtracks: number;
  finalLoss: number;
  finalParams: Float64Array;
  finalSource: Float64Array;
  /** Mean of klSteps (0 for no steps). */
  meanKlPerStep: number;
}

function firstNonFinite(v: Float64Array): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

/**
 * Runs an optimiser on a problem in a coordinate system and records what it visits.
 *
 * Each step: g = grad_xi L(xi_k) (chain rule), [s, state] = update(g, state, xi_k),
 * xi_{k+1} = xi_k + s. A loss, gradient or step that is not finite, or a point outside the
 * domain, stops the run with an InfogeoError naming the step (never continues with NaN).
 *
 * @example
 * const pr = familyFit(normal(0, 1), [1, 2, 3]);
 * const r = optimize({ problem: pr, coords: 'log-sigma', optimizer: (cp) => naturalGradient({ lr: 0.5, fisher: cp.fisher }), steps: 40 });
 * r.finalSource // about [2, 0.8165] (the maximum-likelihood estimate)
 */
export function optimize(options: OptimizeOptions): OptimizeResult {
  const where = 'optimize';
  if (options === null || typeof options !== 'object') throw new InfogeoError(where, 'options', options, 'an options object { problem, coords, optimizer, steps }');
  const problem = checkProblem(where, 'problem', options.problem);
  const cp = inCoords(problem, options.coords ?? 'source');
  const steps = options.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0 || steps > 1e7) throw new InfogeoError(where, 'steps', steps, 'an integer in [0, 1e7]');
  const tol = options.tol ?? 1e-8;
  if (typeof tol !== 'number' || !Number.isFinite(tol) || !(tol > 0)) throw new InfogeoError(where, 'tol', tol, 'a finite number > 0');
  const record = options.record ?? true;
  if (typeof record !== 'boolean') throw new InfogeoError(where, 'record', record, 'true or false');
  const onExit = options.onDomainExit ?? 'throw';
  if (onExit !== 'throw' && onExit !== 'backtrack') throw new InfogeoError(where, 'onDomainExit', onExit, "'throw' or 'backtrack'");
  let opt: GradientTransformation<any>;
  if (typeof options.optimizer === 'function') opt = options.optimizer(cp);
  else opt = options.optimizer;
  if (opt === null || typeof opt !== 'object' || typeof opt.init !== 'function' || typeof opt.update !== 'function') {
    throw new InfogeoError(where, 'optimizer', options.optimizer, 'a gradient transformation { init, update } or a function (cp) => transformation');
  }

  let source: Float64Array;
  if (options.init === undefined) source = Float64Array.from(problem.init);
  else {
    const s = options.init;
    if (s === null || typeof s !== 'object' || s.length !== problem.dim) throw new InfogeoError(where, 'init', s, `an array of ${problem.dim} finite numbers (source coordinates)`);
    source = Float64Array.from(s);
  }
  if (!problem.inDomain(source)) throw new InfogeoError(where, 'init', Array.from(source), `a valid starting point of ${problem.name}`);
  let xi = cp.fromSource(source);
  if (!cp.inDomain(xi)) throw new InfogeoError(where, 'init', Array.from(source), `a point representable in the ${cp.coords.name} coordinates`);

  const minimum = problem.minimum;
  const gapOf = problem.gap !== undefined ? (s: Float64Array) => problem.gap!(s) : minimum !== undefined ? (s: Float64Array, l: number) => l - minimum.loss : undefined;
  const lossAt = (x: Float64Array, s: Float64Array, k: number): number => {
    const l = problem.loss(s);
    if (!Number.isFinite(l)) throw new InfogeoError(where, `loss at step ${k}`, l, 'a finite number', `at params ${formatValue(Array.from(x))} in ${cp.coords.name} coordinates`);
    return l;
  };

  const params: Float64Array[] = [];
  const sources: Float64Array[] = [];
  const losses: number[] = [];
  const klSteps: number[] = [];
  const gaps: number[] | null = gapOf === undefined ? null : [];
  let stepsToTol: number | null = null;
  let backtracks = 0;
  let loss = lossAt(xi, source, 0);
  const note = (k: number): void => {
    losses.push(loss);
    if (record) {
      params.push(xi);
      sources.push(source);
    }
    if (gaps !== null) {
      const g = gapOf!(source, loss);
      gaps.push(g);
      if (stepsToTol === null && g <= tol) stepsToTol = k;
    }
  };
  note(0);

  let state = opt.init(Float64Array.from(xi));
  let k = 0;
  for (; k < steps; k++) {
    if (options.stopAtTol && stepsToTol !== null) break;
    const g = cp.grad(xi);
    const bad = firstNonFinite(g);
    if (bad >= 0) throw new InfogeoError(where, `gradient at step ${k}`, Array.from(g), 'a finite vector', `entry ${bad} is ${g[bad]} at params ${formatValue(Array.from(xi))}`);
    let update: Float64Array;
    try {
      [update, state] = opt.update(g, state, xi);
    } catch (e) {
      if (e instanceof InfogeoError) throw new InfogeoError(where, `update at step ${k}`, Array.from(xi), 'a point where the optimiser can take a step', e.message);
      throw e;
    }
    if (!(update instanceof Float64Array) || update.length !== xi.length || firstNonFinite(update) >= 0) {
      throw new InfogeoError(where, `update at step ${k}`, update, `a finite Float64Array of length ${xi.length}`);
    }
    let next = new Float64Array(xi.length);
    let halvings = 0;
    let lossNext = NaN;
    for (;;) {
      for (let i = 0; i < xi.length; i++) next[i] = xi[i] + update[i];
      const inside = cp.inDomain(next);
      lossNext = inside ? problem.loss(cp.toSource(next)) : NaN;
      if (inside && Number.isFinite(lossNext)) break;
      if (onExit === 'throw' || halvings >= 60) {
        const why = inside ? `the loss there is ${lossNext}` : 'the step leaves the domain';
        throw new InfogeoError(where, `params at step ${k + 1}`, Array.from(next), `a point of the ${cp.coords.name} coordinates where ${problem.name} is defined and finite`, halvings > 0 ? `${why}, still after ${halvings} halvings of the step` : `${why}; use onDomainExit: 'backtrack' or a smaller learning rate`);
      }
      update = update.map((u) => u / 2);
      next = new Float64Array(xi.length);
      halvings++;
      backtracks++;
    }
    const nextSource = cp.toSource(next);
    const klStep = problem.kl(source, nextSource);
    if (!Number.isFinite(klStep)) throw new InfogeoError(where, `KL at step ${k + 1}`, klStep, 'a finite number');
    klSteps.push(klStep);
    xi = next;
    source = nextSource;
    loss = lossNext;
    note(k + 1);
  }
  if (!record) {
    params.push(xi);
    sources.push(source);
  }
  return {
    coords: cp.coords.name,
    params,
    sources,
    losses,
    klSteps,
    gaps,
    stepsToTol,
    steps: k,
    backtracks,
    finalLoss: loss,
    finalParams: xi,
    finalSource: source,
    meanKlPerStep: klSteps.length === 0 ? 0 : klSteps.reduce((a, b) => a + b, 0) / klSteps.length,
  };
}
