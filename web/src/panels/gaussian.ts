/**
 * Panel "Natural vs ordinary gradient" on the normal family: gradient descent in a chosen
 * parameterisation, natural gradient, mirror descent and Adam, over the contours of the loss in
 * the (mu, sigma) half-plane, with Fisher balls, the Fisher-Rao geodesic and the densities.
 */
import type { Panel, PanelContext } from '../panel.js';
import {
  normal,
  normalFamily,
  klFit,
  familyFit,
  sample,
  rng,
  sgd,
  adam,
  naturalGradient,
  mirrorDescent,
  logPartitionMirror,
  fisherRaoDistance,
  type FamilyProblem,
} from '../lib.js';
import { choiceParam, fmtParam, numParam } from '../state.js';
import { button, controlRow, createPlot, dataTable, draggablePoint, drawContours, figure, fmt, h, htmlLegend, palette, panelFrame, sampleGrid, select, slider, type Cell } from '../ui/index.js';
import { advance, startTrajectory, type Trajectory } from './trajectory.js';
import { densityPath, fisherBallPath, geodesicPath } from './draw.js';

type Loss = 'kl-fwd' | 'kl-rev' | 'nll';
type Coords = 'sigma' | 'log-sigma' | 'variance' | 'precision';
type Method = 'gd' | 'ng' | 'mirror' | 'adam';

const LOSSES: { value: Loss; label: string }[] = [
  { value: 'kl-fwd', label: 'KL(target || p)' },
  { value: 'kl-rev', label: 'KL(p || target)' },
  { value: 'nll', label: 'NLL of 50 samples' },
];
const COORDS: { value: Coords; label: string }[] = [
  { value: 'sigma', label: '(mu, sigma)' },
  { value: 'log-sigma', label: '(mu, log sigma)' },
  { value: 'variance', label: '(mu, sigma^2)' },
  { value: 'precision', label: '(mu, 1/sigma^2)' },
];
const METHODS: { key: Method; label: string; color: string; dash: string }[] = [
  { key: 'gd', label: 'gradient descent', color: palette.vermillion, dash: '' },
  { key: 'ng', label: 'natural gradient', color: palette.blue, dash: '' },
  { key: 'mirror', label: 'mirror descent', color: palette.bluishGreen, dash: '6 3' },
  { key: 'adam', label: 'Adam', color: palette.reddishPurple, dash: '2 3' },
];
const MU: [number, number] = [-4, 4];
const SIGMA: [number, number] = [0, 4];
const MAX_STEPS = 500;
const LEVELS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
const BALL = 0.2;
/** Loss grid for the contours (mu x sigma samples). */
const GRID: [number, number] = [44, 32];
const SEED = 7;

function mount(root: HTMLElement, ctx: PanelContext) {
  const p = ctx.params;
  const st = {
    target: [numParam(p, 'tmu', 1), numParam(p, 'tsig', 0.8)] as [number, number],
    start: [numParam(p, 'smu', -1.5), numParam(p, 'ssig', 2.5)] as [number, number],
    loss: choiceParam(p, 'loss', LOSSES.map((l) => l.value), 'kl-fwd'),
    coords: choiceParam(p, 'coords', COORDS.map((c) => c.value), 'sigma'),
    lr: numParam(p, 'lr', 0.1),
    steps: Math.round(numParam(p, 'steps', 40)),
    playing: false,
  };
  const f = panelFrame(root, {
    title: 'Natural vs ordinary gradient on the Gaussian',
    intro: [
      'Drag the target (black square) and the start (orange circle), or focus one and use the arrow keys. ',
      'Gradient descent depends on how you write sigma: switch the parameterisation and its path moves. ',
      'The natural gradient preconditions by the Fisher information, so its step is the same to first order in every parameterisation; ',
      'mirror descent with the log-partition as mirror map is natural gradient in expectation coordinates. ',
      'Ellipses are Fisher balls of radius 0.2 (KL about 0.02): equal-sized steps for the metric.',
    ],
    tex: [
      String.raw`\text{GD: } \xi_{k+1} = \xi_k - \alpha\,\nabla_\xi L`,
      String.raw`\text{NG: } \xi_{k+1} = \xi_k - \alpha\,G(\xi_k)^{-1}\nabla_\xi L`,
      String.raw`G_{(\mu,\sigma)} = \begin{pmatrix}1/\sigma^2 & 0\\ 0 & 2/\sigma^2\end{pmatrix},\qquad G_\xi = J^\top G_{(\mu,\sigma)} J`,
    ],
  });

  // Bad values from a shared URL are replaced, and said so, rather than propagated.
  const urlNotes: string[] = [];
  for (const [name, v, ok] of [
    ['target sigma', st.target[1], st.target[1] > 0],
    ['start sigma', st.start[1], st.start[1] > 0],
    ['step size', st.lr, st.lr > 0 && st.lr <= 1e3],
  ] as const) {
    if (!ok) urlNotes.push(`${name} ${v} from the link is out of range`);
  }
  if (!(st.target[1] > 0)) st.target = [1, 0.8];
  if (!(st.start[1] > 0)) st.start = [-1.5, 2.5];
  if (!(st.lr > 0 && st.lr <= 1e3)) st.lr = 0.1;
  st.steps = Math.max(0, Math.min(MAX_STEPS, Number.isFinite(st.steps) ? st.steps : 40));

  // Controls.
  const lossSel = select({ label: 'Loss', options: LOSSES, value: st.loss, onChange: (v) => ((st.loss = v), recompute(true), commit()) });
  const coordSel = select({ label: 'GD / NG / Adam parameterisation', options: COORDS, value: st.coords, onChange: (v) => ((st.coords = v), recompute(false), commit()) });
  const lrSlider = slider({
    label: 'Step size',
    min: -4,
    max: 3,
    step: 0.05,
    value: st.lr,
    transform: (x) => Number((10 ** x).toPrecision(2)),
    inverse: (v) => Math.log10(v),
    onInput: (v) => ((st.lr = v), recompute(false), commit()),
  });
  const playBtn = button({ label: 'Play', ariaLabel: 'Play: take one step per frame (press again to pause)', pressed: false, onClick: () => setPlaying(!st.playing) });
  const stepBtn = button({ label: 'Step', ariaLabel: 'Take one step with every method', onClick: () => (setPlaying(false), stepAll(1), commit()) });
  const resetBtn = button({ label: 'Reset', ariaLabel: 'Reset: back to the start, zero steps', onClick: () => (setPlaying(false), (st.steps = 0), recompute(false), commit()) });
  const stepsOut = h('output', { 'aria-live': 'off' }, ['']);
  f.controls.append(controlRow([lossSel.el, coordSel.el, lrSlider.el]), controlRow([playBtn, stepBtn, resetBtn, h('span', {}, ['Steps: ', stepsOut])], 'Playback'));

  // Figures.
  const plane = createPlot({ width: 560, height: 330, x: MU, y: SIGMA, xLabel: 'mu', yLabel: 'sigma', title: 'Parameter plane (mu, sigma): loss contours, Fisher balls, paths' });
  const dens = createPlot({ width: 560, height: 330, x: [-7, 7], y: [0, 1], xLabel: 'x', yLabel: 'density', title: 'Densities of the target and of each method at the current step' });
  const methodItems = METHODS.map((m) => ({ label: m.label, color: m.color, dash: m.dash }));
  f.figures.append(
    figure(
      plane.svg,
      'Grey: loss contours (KL gap to the optimum, levels 0.01 to 30). Ellipses: Fisher balls. Dashed black: Fisher-Rao geodesic from start to target.',
      htmlLegend([...methodItems, { label: 'Fisher-Rao geodesic', color: palette.black, dash: '4 4' }]),
    ),
    figure(dens.svg, 'The target density (black) and where each method has got to.', htmlLegend([{ label: 'target', color: palette.black }, ...methodItems])),
  );
  for (const name of ['contours', 'balls', 'geodesic', 'paths', 'heads']) plane.layer(name);

  const table = dataTable(['method', 'coordinates', 'mu', 'sigma', 'loss gap', 'Fisher-Rao distance to target', 'status'], 'Where each method is after the current number of steps', [false, false, true, true, true, true, false]);
  f.readout.append(table.el);


  const movePoint = (which: 'target' | 'start', mu: number, sigma: number) => {
    const m = Math.max(MU[0], Math.min(MU[1], mu));
    const sg = Math.min(SIGMA[1], sigma);
    try {
      normal(m, sg); // the library's validation: sigma must be finite and > 0
    } catch (e) {
      dragNote = `${e instanceof Error ? e.message : String(e)}. The ${which} stays at sigma = ${fmt(st[which][1], 3)}.`;
      showMessages();
      return;
    }
    dragNote = '';
    st[which] = [m, sg];
    recompute(which === 'target' || st.loss === 'nll');
  };
  const dragTarget = draggablePoint(plane, 'points', {
    label: 'target',
    coordNames: ['mu', 'sigma'],
    color: palette.black,
    shape: 'square',
    step: [0.05, 0.05],
    get: () => st.target,
    set: (x, y) => movePoint('target', x, y),
    commit: () => commit(),
  });
  const dragStart = draggablePoint(plane, 'points', {
    label: 'start',
    coordNames: ['mu', 'sigma'],
    color: palette.orange,
    step: [0.05, 0.05],
    get: () => st.start,
    set: (x, y) => movePoint('start', x, y),
    commit: () => commit(),
  });

  // Fisher balls on a fixed lattice: computed once.
  let k = 0;
  for (const mu of [-3, -1.5, 0, 1.5, 3]) {
    for (const sg of [0.5, 1.2, 2.1, 3.2]) {
      plane.put('balls', `b${k++}`, 'path', { d: fisherBallPath(plane, normal(mu, sg), BALL), fill: 'none', stroke: '#7a7a7a', 'stroke-width': 1 });
    }
  }

  let dragNote = '';
  let runNote = '';
  let urlNote = urlNotes.length > 0 ? `${urlNotes.join('; ')}: using defaults.` : '';
  function showMessages(): void {
    if (dragNote) f.msg.show(dragNote);
    else if (runNote) f.msg.show(runNote);
    else if (urlNote) f.msg.show(urlNote, 'info');
    else f.msg.clear();
  }

  let problem: FamilyProblem;
  let runs: Record<Method, Trajectory>;
  let contourKey = '';

  function buildProblem(): FamilyProblem {
    const start = normal(st.start[0], st.start[1]);
    const target = normal(st.target[0], st.target[1]);
    if (st.loss === 'nll') return familyFit(start, sample(target, 50, rng(SEED)));
    return klFit(start, target, st.loss === 'kl-fwd' ? 'forward' : 'reverse');
  }

  function recompute(lossChanged: boolean): void {
    const t0 = performance.now();
    dragNote = '';
    problem = buildProblem();
    const lr = st.lr;
    runs = {
      gd: startTrajectory(problem, st.coords, () => sgd(lr)),
      ng: startTrajectory(problem, st.coords, (cp) => naturalGradient({ lr, fisher: cp.fisher })),
      mirror: startTrajectory(problem, 'natural', () => mirrorDescent({ lr, mirror: logPartitionMirror(normalFamily) })),
      adam: startTrajectory(problem, st.coords, () => adam(lr)),
    };
    for (const m of METHODS) advance(runs[m.key], st.steps);
    const t1 = performance.now();
    const key = `${st.loss}|${st.target.join(',')}`;
    if (lossChanged || key !== contourKey) {
      contourKey = key;
      const gap = problem.gap.bind(problem);
      const grid = sampleGrid((mu, sg) => gap(Float64Array.of(mu, sg)), GRID[0], GRID[1], MU, [0.03, SIGMA[1]]);
      t2 = performance.now();
      drawContours(plane, 'contours', grid, LEVELS, '#b5b5b5');
    } else t2 = performance.now();
    const t3 = performance.now();
    render();
    ctx.report('timing', { runs: t1 - t0, grid: t2 - t1, contours: t3 - t2, render: performance.now() - t3 });
  }
  let t2 = 0;

  function stepAll(n: number): void {
    st.steps = Math.min(MAX_STEPS, st.steps + n);
    for (const m of METHODS) advance(runs[m.key], st.steps - (runs[m.key].path.length - 1));
    render();
  }

  function render(): void {
    const target = normal(st.target[0], st.target[1]);
    const start = normal(st.start[0], st.start[1]);
    dragTarget.update();
    dragStart.update();
    stepsOut.textContent = String(st.steps);
    const geo = geodesicPath(plane, start, target);
    plane.put('geodesic', 'g', 'path', { d: geo, fill: 'none', stroke: palette.black, 'stroke-width': 1.5, 'stroke-dasharray': '4 4' });
    plane.put('balls', 'start', 'path', { d: fisherBallPath(plane, start, BALL), fill: 'none', stroke: palette.orange, 'stroke-width': 1.5 });
    plane.put('balls', 'target', 'path', { d: fisherBallPath(plane, target, BALL), fill: 'none', stroke: palette.black, 'stroke-width': 1.5 });

    const xs = new Float64Array(121);
    for (let i = 0; i < xs.length; i++) xs[i] = -7 + (14 * i) / (xs.length - 1);
    const curves: { key: string; d: ReturnType<typeof densityPath>; color: string; dash: string; width: number }[] = [];
    curves.push({ key: 'target', d: densityPath(target, xs), color: palette.black, dash: '', width: 2.5 });

    const notes: string[] = [];
    const report: Record<string, number[][]> = {};
    const rows: Cell[][] = [];
    for (const m of METHODS) {
      const run = runs[m.key];
      const path = run.path;
      const mus = path.map((s) => s[0]);
      const sgs = path.map((s) => s[1]);
      plane.put('paths', m.key, 'path', { d: plane.linePath(mus, sgs), fill: 'none', stroke: m.color, 'stroke-width': 2.2, 'stroke-dasharray': m.dash });
      const last = path[path.length - 1];
      plane.put('heads', m.key, 'circle', { cx: plane.x(last[0]).toFixed(1), cy: plane.y(last[1]).toFixed(1), r: 4, fill: m.color, stroke: '#fff' });
      const pNow = normal(last[0], last[1]);
      curves.push({ key: m.key, d: densityPath(pNow, xs), color: m.color, dash: m.dash, width: 2 });
      report[m.key] = path.map((s) => [s[0], s[1]]);
      if (run.stopped) notes.push(`${m.label}: ${run.stopped}`);
      let dist = NaN;
      try {
        dist = fisherRaoDistance(pNow, target);
      } catch {
        /* shown as a dash */
      }
      const coords = m.key === 'mirror' ? 'theta (mirror map F)' : COORDS.find((c) => c.value === st.coords)!.label;
      const gap = problem.gap(last);
      rows.push([
        { text: m.label, swatch: { color: m.color, dash: m.dash } },
        coords,
        fmt(last[0]),
        fmt(last[1]),
        fmt(gap),
        Number.isFinite(dist) ? fmt(dist) : '-',
        run.stopped ? `stopped: ${run.stopped}` : `${path.length - 1} steps`,
      ]);

    }
    table.setRows(rows);
    let ymax = 0;
    for (const c of curves) ymax = Math.max(ymax, c.d.max);
    const top = [0.5, 1, 2, 4, 8].find((v) => v >= ymax * 1.05) ?? 8;
    if (dens.y.domain()[1] !== top) dens.setDomain([-7, 7], [0, top]);
    for (const c of curves) dens.put('curves', c.key, 'path', { d: dens.linePath(xs, c.d.ys), fill: 'none', stroke: c.color, 'stroke-width': c.width, 'stroke-dasharray': c.dash });

    runNote = notes.length > 0 ? `${notes.join('. ')}. Try a smaller step size.` : '';
    if (geo === '') runNote += `${runNote ? ' ' : ''}The library could not compute the Fisher-Rao geodesic between these points, so it is not drawn.`;
    showMessages();

    ctx.report('paths', report);
    ctx.report('coords', st.coords);
    ctx.report('loss', st.loss);
    ctx.report('lr', st.lr);
    ctx.report('steps', st.steps);
    ctx.report('target', st.target);
    ctx.report('start', st.start);
    ctx.report('stopped', Object.fromEntries(METHODS.map((m) => [m.key, runs[m.key].stopped])));
  }

  function commit(): void {
    urlNote = '';
    ctx.setParams({
      tmu: fmtParam(st.target[0]),
      tsig: fmtParam(st.target[1]),
      smu: fmtParam(st.start[0]),
      ssig: fmtParam(st.start[1]),
      loss: st.loss,
      coords: st.coords,
      lr: fmtParam(st.lr),
      steps: String(st.steps),
    });
  }

  let raf = 0;
  function frame(): void {
    if (!st.playing) return;
    stepAll(1);
    if (st.steps >= MAX_STEPS || METHODS.every((m) => runs[m.key].stopped !== null)) {
      setPlaying(false);
      return;
    }
    raf = requestAnimationFrame(frame);
  }
  function setPlaying(on: boolean): void {
    st.playing = on;
    playBtn.setAttribute('aria-pressed', String(on));
    cancelAnimationFrame(raf);
    if (on) raf = requestAnimationFrame(frame);
    else commit();
  }

  recompute(true);
  return {
    destroy() {
      st.playing = false;
      cancelAnimationFrame(raf);
    },
  };
}

/** The "natural vs ordinary gradient" panel. */
export const gaussianPanel: Panel = { id: 'gaussian', title: 'Natural vs ordinary gradient', mount };
