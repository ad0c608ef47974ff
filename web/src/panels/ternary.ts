/**
 * The 3-category half of the simplex panel: the probability triangle with a draggable target
 * and start, contours of KL(target || p), and four methods: gradient descent in the first two
 * probabilities, gradient descent in the logits, exponentiated gradient (mirror descent with the
 * negative entropy) and natural gradient in the logits; the last two coincide exactly.
 */
import type { PanelContext } from '../panel.js';
import { categorical, klFit, sgd, naturalGradient, mirrorDescent, entropyMirror, applyUpdate, type FamilyProblem } from '../lib.js';
import { fmtParam } from '../state.js';
import { createPlot, draggablePoint, drawContours, figure, fmt, h, htmlLegend, palette, s, sampleGrid, uid, type MessageArea } from '../ui/index.js';
import { advance, startTrajectory, type Trajectory } from './trajectory.js';

type TMethod = 'gd-p' | 'gd-logit' | 'eg' | 'ng';
const TMETHODS: { key: TMethod; label: string; color: string; dash: string }[] = [
  { key: 'gd-p', label: 'GD in (p1, p2)', color: palette.vermillion, dash: '' },
  { key: 'gd-logit', label: 'GD in logits', color: palette.orange, dash: '6 3' },
  { key: 'ng', label: 'natural gradient in logits', color: palette.blue, dash: '' },
  { key: 'eg', label: 'exponentiated gradient (mirror, entropy)', color: palette.bluishGreen, dash: '2 3' },
];
const H = Math.sqrt(3) / 2;
const LEVELS = [0.01, 0.03, 0.1, 0.3, 1, 3];

/** Barycentric (p1, p2, p3) to the triangle's plane: e1 at (0, 0), e2 at (1, 0), e3 at (1/2, sqrt 3 / 2). */
function toPlane(p: ArrayLike<number>): [number, number] {
  return [p[1] + 0.5 * p[2], H * p[2]];
}
/** The inverse of toPlane. */
function fromPlane(x: number, y: number): [number, number, number] {
  const p3 = y / H;
  const p2 = x - 0.5 * p3;
  return [1 - p2 - p3, p2, p3];
}

function parseProbs(raw: string | null, fallback: [number, number, number]): [number, number, number] | null {
  if (raw === null) return fallback;
  const v = raw.split(',').map(Number);
  if (v.length !== 3 || v.some((x) => !(x > 0))) return null;
  const t = v[0] + v[1] + v[2];
  return [v[0] / t, v[1] / t, v[2] / t];
}

/** An exponentiated-gradient run: the visited points as (p1, p2), and why it stopped early, if it did. */
export interface EgRun {
  path: Float64Array[];
  stopped: string | null;
}

/**
 * Exponentiated gradient on a 3-category problem: mirror descent with the negative entropy
 * (library `mirrorDescent` + `entropyMirror`) on the full probability vector, for `steps` steps.
 */
export function runEg(problem: FamilyProblem, start: [number, number, number], lr: number, steps: number): EgRun {
  const opt = mirrorDescent({ lr, mirror: entropyMirror() });
  let x: Float64Array = Float64Array.from(start);
  let state = opt.init(x);
  const path = [Float64Array.of(x[0], x[1])];
  for (let k = 0; k < steps; k++) {
    try {
      // The problem's gradient is in (p1, p2) with p3 = 1 - p1 - p2: entry j is dL/dp_j - dL/dp_3.
      // Padding it with 0 shifts the full gradient by the constant dL/dp_3, which the entropy
      // mirror step (a softmax) ignores, so this is exactly exponentiated gradient.
      const g2 = problem.grad(x.subarray(0, 2));
      const [step, next] = opt.update(Float64Array.of(g2[0], g2[1], 0), state, x);
      x = applyUpdate(x, step);
      state = next;
      path.push(Float64Array.of(x[0], x[1]));
    } catch (e) {
      return { path, stopped: `step ${k + 1}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { path, stopped: null };
}

/** Mounts the triangle into `host`; `update()` recomputes and redraws, returning a note on stopped runs. */
export function mountTernary(host: HTMLElement, ctx: PanelContext, opts: () => { lr: number; steps: number }, msg: MessageArea): { update(): string | null } {
  let target = parseProbs(ctx.params.get('q'), [0.6, 0.3, 0.1]) ?? [0.6, 0.3, 0.1];
  let start = parseProbs(ctx.params.get('s'), [0.1, 0.15, 0.75]) ?? [0.1, 0.15, 0.75];
  let dragNote = '';

  const plot = createPlot({ width: 440, height: 400, x: [-0.08, 1.08], y: [-0.1, 0.95], title: 'Probability triangle: KL contours and paths for three categories', margin: { left: 12, right: 12, top: 12, bottom: 12 } });
  plot.svg.querySelectorAll('.axes .tick, .axes .ticklabel, .axes .grid, .axes .frame').forEach((el) => el.remove());
  const tri = [toPlane([1, 0, 0]), toPlane([0, 1, 0]), toPlane([0, 0, 1])];
  const clipId = uid('triangle');
  plot.svg.querySelector('defs')!.append(s('clipPath', { id: clipId }, [s('path', { d: `${plot.linePath(tri.map((t) => t[0]), tri.map((t) => t[1]))}Z` })]));
  plot.layer('contours').setAttribute('clip-path', `url(#${clipId})`);
  plot.put('frame', 'tri', 'path', { d: `${plot.linePath(tri.map((t) => t[0]), tri.map((t) => t[1]))}Z`, fill: 'none', stroke: '#333', 'stroke-width': 1.5 });
  const lbl = plot.layer('labels', false);
  lbl.append(
    s('text', { x: plot.x(-0.02), y: plot.y(-0.06), class: 'label', 'text-anchor': 'start' }, ['p1 = 1']),
    s('text', { x: plot.x(1.02), y: plot.y(-0.06), class: 'label', 'text-anchor': 'end' }, ['p2 = 1']),
    s('text', { x: plot.x(0.5), y: plot.y(H + 0.04), class: 'label', 'text-anchor': 'middle' }, ['p3 = 1']),
  );
  host.append(
    figure(plot.svg, 'Three categories: drag the target (black square) or the start (orange circle) inside the triangle. Grey: contours of KL(target || p).', htmlLegend(TMETHODS.map((m) => ({ label: m.label, color: m.color, dash: m.dash })))),
  );
  const readout = h('p', { class: 'readout' });
  host.append(readout);

  let update: () => string | null = () => null;
  const move = (which: 'target' | 'start', x: number, y: number) => {
    const p = fromPlane(x, y);
    try {
      categorical(p); // the library's validation: every probability > 0
    } catch (e) {
      dragNote = `${e instanceof Error ? e.message : String(e)}. The ${which} stays inside the triangle.`;
      msg.show(dragNote);
      return;
    }
    dragNote = '';
    if (which === 'target') target = p;
    else start = p;
    const note = update();
    if (note) msg.show(note);
    else msg.clear();
  };
  const commit = () => ctx.setParams({ q: target.map(fmtParam).join(','), s: start.map(fmtParam).join(',') });
  const dTarget = draggablePoint(plot, 'points', { label: 'three-category target', coordNames: ['x', 'y'], color: palette.black, shape: 'square', step: [0.02, 0.02], get: () => toPlane(target), set: (x, y) => move('target', x, y), commit });
  const dStart = draggablePoint(plot, 'points', { label: 'three-category start', coordNames: ['x', 'y'], color: palette.orange, step: [0.02, 0.02], get: () => toPlane(start), set: (x, y) => move('start', x, y), commit });

  let contourKey = '';
  update = () => {
    const { lr, steps } = opts();
    const problem = klFit(categorical(start), categorical(target), 'forward');
    const key = target.join(',');
    if (key !== contourKey) {
      contourKey = key;
      const grid = sampleGrid(
        (x, y) => {
          // Outside the triangle, continue the function from a point just inside it, so the
          // contours run to the edge (they are clipped to the triangle) instead of tracing it.
          const p = fromPlane(x, y).map((v) => Math.max(v, 1e-3));
          const t = p[0] + p[1] + p[2];
          return problem.gap(Float64Array.of(p[0] / t, p[1] / t));
        },
        44,
        38,
        [-0.02, 1.02],
        [-0.02, H + 0.02],
      );
      drawContours(plot, 'contours', grid, LEVELS, '#b5b5b5');
    }
    const runs: Record<Exclude<TMethod, 'eg'>, Trajectory> = {
      'gd-p': startTrajectory(problem, 'source', () => sgd(lr)),
      'gd-logit': startTrajectory(problem, 'natural', () => sgd(lr)),
      ng: startTrajectory(problem, 'natural', (cp) => naturalGradient({ lr, fisher: cp.fisher })),
    };
    for (const k of Object.keys(runs) as (keyof typeof runs)[]) advance(runs[k], steps);
    const eg = runEg(problem, start, lr, steps);
    const paths: Record<TMethod, Float64Array[]> = { 'gd-p': runs['gd-p'].path, 'gd-logit': runs['gd-logit'].path, ng: runs.ng.path, eg: eg.path };
    for (const m of TMETHODS) {
      const pts = paths[m.key].map((q) => toPlane([q[0], q[1], 1 - q[0] - q[1]]));
      plot.put('paths', m.key, 'path', { d: plot.linePath(pts.map((q) => q[0]), pts.map((q) => q[1])), fill: 'none', stroke: m.color, 'stroke-width': 2.2, 'stroke-dasharray': m.dash });
      const last = pts[pts.length - 1];
      plot.put('heads', m.key, 'circle', { cx: plot.x(last[0]).toFixed(1), cy: plot.y(last[1]).toFixed(1), r: 4, fill: m.color, stroke: '#fff' });
    }
    dTarget.update();
    dStart.update();
    // Exponentiated gradient and NG in the logits are the same iteration: measure the gap.
    let maxDiff = 0;
    const n = Math.min(eg.path.length, runs.ng.path.length);
    for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(eg.path[i][0] - runs.ng.path[i][0]), Math.abs(eg.path[i][1] - runs.ng.path[i][1]));
    const egLast = eg.path[eg.path.length - 1];
    readout.textContent = `After ${eg.path.length - 1} steps: exponentiated gradient at p = (${fmt(egLast[0], 3)}, ${fmt(egLast[1], 3)}, ${fmt(1 - egLast[0] - egLast[1], 3)}), KL to target ${fmt(problem.gap(egLast))}; largest difference from natural gradient in the logits along the path: ${fmt(maxDiff, 2)}.`;
    ctx.report('ternaryPaths', Object.fromEntries(TMETHODS.map((m) => [m.key, paths[m.key].map((q) => [q[0], q[1]])])));
    ctx.report('egVsNgMaxDiff', maxDiff);
    ctx.report('ternaryTarget', target);
    ctx.report('ternaryStart', start);
    const stops = [
      ...(['gd-p', 'gd-logit', 'ng'] as const).filter((k) => runs[k].stopped).map((k) => `${TMETHODS.find((m) => m.key === k)!.label}: ${runs[k].stopped}`),
      ...(eg.stopped ? [`exponentiated gradient: ${eg.stopped}`] : []),
    ];
    if (dragNote) return dragNote;
    return stops.length > 0 ? stops.join('. ') : null;
  };
  return { update: () => update() };
}
