/**
 * Incremental optimisation runs for the panels: the same loop as the library's `optimize`
 * (gradient by the chain rule, the transform's update, xi + step), one step at a time so that
 * "play" can advance every run by one frame, and stopping with a readable reason instead of
 * throwing when a step leaves the domain or diverges.
 */
import { applyUpdate, inCoords, type CoordProblem, type GradientTransformation, type Problem, type Reparam } from '../lib.js';

/** One optimiser running on one problem in one coordinate system. */
export interface Trajectory {
  readonly cp: CoordProblem;
  readonly opt: GradientTransformation<unknown>;
  state: unknown;
  xi: Float64Array;
  /** The distributions visited, in source coordinates (path[0] is the start). */
  readonly path: Float64Array[];
  /** The loss at each point of `path`. */
  readonly losses: number[];
  /** Why the run stopped early, or null while it can continue. */
  stopped: string | null;
}

/** Largest |source coordinate| before a run is called divergent (keeps drawings finite). */
const DIVERGED = 1e6;

/** Starts a run at the source point `init` (default the problem's own start). */
export function startTrajectory(
  problem: Problem,
  coords: string | Reparam,
  build: (cp: CoordProblem) => GradientTransformation<any>,
  init: Float64Array = problem.init,
): Trajectory {
  const cp = inCoords(problem, coords);
  const opt = build(cp);
  const xi = cp.fromSource(init);
  const t: Trajectory = { cp, opt, state: null, xi, path: [Float64Array.from(init)], losses: [problem.loss(init)], stopped: null };
  if (!cp.inDomain(xi)) {
    t.stopped = `the start is not representable in the ${cp.coords.name} coordinates`;
    return t;
  }
  t.state = opt.init(Float64Array.from(xi));
  return t;
}

/** Advances a run by up to `steps` steps; stops (with a reason) instead of throwing. */
export function advance(t: Trajectory, steps: number): void {
  for (let k = 0; k < steps && t.stopped === null; k++) {
    const at = t.path.length - 1;
    try {
      const g = t.cp.grad(t.xi);
      if (!g.every(Number.isFinite)) {
        t.stopped = `step ${at + 1}: the gradient is not finite`;
        return;
      }
      const [s, next] = t.opt.update(g, t.state, t.xi);
      const xi = applyUpdate(t.xi, s);
      if (!t.cp.inDomain(xi)) {
        t.stopped = `step ${at + 1} leaves the parameter domain (${t.cp.coords.coordNames.join(', ')} = ${Array.from(xi, (v) => v.toPrecision(3)).join(', ')})`;
        return;
      }
      const src = t.cp.toSource(xi);
      const loss = t.cp.problem.loss(src);
      if (!Number.isFinite(loss) || src.some((v) => !(Math.abs(v) < DIVERGED))) {
        t.stopped = `step ${at + 1} diverges (loss ${loss.toPrecision(3)})`;
        return;
      }
      t.state = next;
      t.xi = xi;
      t.path.push(src);
      t.losses.push(loss);
    } catch (e) {
      t.stopped = `step ${at + 1}: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
  }
}
