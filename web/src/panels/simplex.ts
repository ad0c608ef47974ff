/**
 * Panel "Bernoulli and the simplex": gradient descent in probability vs logit coordinates, the
 * natural gradient, and mirror descent, first on the Bernoulli (one parameter), then on a
 * 3-category distribution drawn in the probability triangle, where mirror descent with the
 * entropy is the exponentiated-gradient algorithm and equals natural gradient in the logits.
 */
import type { Panel, PanelContext } from '../panel.js';
import { bernoulli, bernoulliFamily, klFit, sgd, naturalGradient, mirrorDescent, logPartitionMirror, fisher, type FamilyProblem } from '../lib.js';
import { fmtParam, numParam, choiceParam } from '../state.js';
import { controlRow, createPlot, dataTable, figure, fmt, h, htmlLegend, palette, panelFrame, select, slider, type Cell } from '../ui/index.js';
import { advance, startTrajectory, type Trajectory } from './trajectory.js';
import { mountTernary } from './ternary.js';

type BMethod = 'gd-p' | 'gd-logit' | 'ng' | 'mirror';
const BMETHODS: { key: BMethod; label: string; coords: string; color: string; dash: string }[] = [
  { key: 'gd-p', label: 'GD in p', coords: 'p', color: palette.vermillion, dash: '' },
  { key: 'gd-logit', label: 'GD in logit p', coords: 'logit', color: palette.orange, dash: '6 3' },
  { key: 'ng', label: 'natural gradient (logit)', coords: 'logit', color: palette.blue, dash: '' },
  { key: 'mirror', label: 'mirror descent, F on theta (= NG in p)', coords: 'natural', color: palette.bluishGreen, dash: '2 3' },
];
const X_AXES = [
  { value: 'p' as const, label: 'probability p' },
  { value: 'logit' as const, label: 'logit p' },
];

function mount(root: HTMLElement, ctx: PanelContext) {
  const p = ctx.params;
  const st = {
    lr: numParam(p, 'lr', 0.05),
    steps: Math.round(numParam(p, 'steps', 40)),
    bt: numParam(p, 'bt', 0.8),
    bs: numParam(p, 'bs', 0.1),
    xaxis: choiceParam(p, 'xaxis', ['p', 'logit'] as const, 'p'),
  };
  const notes: string[] = [];
  if (!(st.lr > 0 && st.lr <= 100)) (notes.push(`step size ${st.lr} from the link is out of range`), (st.lr = 0.05));
  if (!(st.bt > 0 && st.bt < 1)) (notes.push(`target p ${st.bt} from the link is not in (0, 1)`), (st.bt = 0.8));
  if (!(st.bs > 0 && st.bs < 1)) (notes.push(`start p ${st.bs} from the link is not in (0, 1)`), (st.bs = 0.1));
  st.steps = Math.max(0, Math.min(200, Number.isFinite(st.steps) ? st.steps : 40));

  const f = panelFrame(root, {
    title: 'Bernoulli and the probability simplex',
    intro: [
      'The loss is KL(target || p). Gradient descent in p and in the logit take different paths; the natural gradient takes nearly the same path in either. ',
      'Mirror descent with the log-partition F as mirror map on the logits steps additively in p: it is exactly natural gradient in p. ',
      'The dual statement holds on the simplex: mirror descent with the negative entropy on p multiplies each probability by exp(-step size x gradient) and renormalises ',
      '(exponentiated gradient), which is exactly natural gradient in the logits.',
    ],
    tex: [
      String.raw`G(p) = \frac{1}{p(1-p)},\qquad G(\operatorname{logit} p) = p(1-p)`,
      String.raw`\text{mirror descent (F on }\theta\text{): } \eta_{k+1} = \eta_k - \alpha\,\nabla_\theta L`,
      String.raw`\text{exponentiated gradient: } p_{k+1,i} = \frac{p_{k,i}\, e^{-\alpha g_i}}{\sum_j p_{k,j}\, e^{-\alpha g_j}}`,
    ],
  });

  const lrSlider = slider({
    label: 'Step size',
    min: -3,
    max: 2,
    step: 0.05,
    value: st.lr,
    transform: (x) => Number((10 ** x).toPrecision(2)),
    inverse: (v) => Math.log10(v),
    onInput: (v) => ((st.lr = v), update()),
  });
  const stepsSlider = slider({ label: 'Steps', min: 0, max: 200, step: 1, value: st.steps, format: (v) => String(v), onInput: (v) => ((st.steps = v), update()) });
  const btSlider = slider({ label: 'Bernoulli target p', min: 0.01, max: 0.99, step: 0.01, value: st.bt, onInput: (v) => ((st.bt = v), update()) });
  const bsSlider = slider({ label: 'Bernoulli start p', min: 0.01, max: 0.99, step: 0.01, value: st.bs, onInput: (v) => ((st.bs = v), update()) });
  const axisSel = select({ label: 'Loss plotted against', options: X_AXES, value: st.xaxis, onChange: (v) => ((st.xaxis = v), update()) });
  f.controls.append(controlRow([lrSlider.el, stepsSlider.el], 'Optimiser'), controlRow([btSlider.el, bsSlider.el, axisSel.el], 'Bernoulli'));

  const traj = createPlot({ width: 440, height: 300, x: [0, Math.max(1, st.steps)], y: [0, 1], xLabel: 'step', yLabel: 'p', title: 'Bernoulli: p against the step number for each method' });
  const landscape = createPlot({ width: 440, height: 300, x: [0, 1], y: [0, 3], xLabel: 'p', yLabel: 'KL(target || p)', title: 'Bernoulli: the loss against the chosen coordinate, with the iterates' });
  const ternaryHost = h('div', { class: 'ternary-host' });
  const items = BMETHODS.map((m) => ({ label: m.label, color: m.color, dash: m.dash }));
  f.figures.append(
    figure(traj.svg, 'Bernoulli: p at each step. The black line is the target.', htmlLegend([...items, { label: 'target', color: palette.black }])),
    figure(landscape.svg, 'The same loss seen in p or in logit p: gradient descent follows the slope of whichever curve it is given.', htmlLegend(items)),
    ternaryHost,
  );
  const table = dataTable(['Bernoulli method', 'p now', 'KL to target', 'Fisher in its coordinates', 'status'], 'Bernoulli: where each method is', [false, true, true, true, false]);
  f.readout.append(table.el);


  const ternary = mountTernary(ternaryHost, ctx, () => ({ lr: st.lr, steps: st.steps }), f.msg);

  let runs: Record<BMethod, Trajectory>;
  let problem: FamilyProblem;
  function update(): void {
    const started = performance.now();
    problem = klFit(bernoulli(st.bs), bernoulli(st.bt), 'forward');
    const lr = st.lr;
    runs = {
      'gd-p': startTrajectory(problem, 'p', () => sgd(lr)),
      'gd-logit': startTrajectory(problem, 'logit', () => sgd(lr)),
      ng: startTrajectory(problem, 'logit', (cp) => naturalGradient({ lr, fisher: cp.fisher })),
      mirror: startTrajectory(problem, 'natural', () => mirrorDescent({ lr, mirror: logPartitionMirror(bernoulliFamily) })),
    };
    for (const m of BMETHODS) advance(runs[m.key], st.steps);
    renderBernoulli();
    const ternaryNote = ternary.update();
    const stops = BMETHODS.filter((m) => runs[m.key].stopped).map((m) => `Bernoulli ${m.label}: ${runs[m.key].stopped}`);
    const all = [...stops, ...(ternaryNote ? [ternaryNote] : [])];
    if (all.length > 0) f.msg.show(`${all.join('. ')}. Try a smaller step size.`);
    else if (notes.length > 0) f.msg.show(`${notes.join('; ')}: using defaults.`, 'info');
    else f.msg.clear();
    ctx.report('bernoulliPaths', Object.fromEntries(BMETHODS.map((m) => [m.key, runs[m.key].path.map((s) => s[0])])));
    ctx.report('lr', st.lr);
    ctx.report('steps', st.steps);
    ctx.report('updateMs', performance.now() - started);
    ctx.setParams({ lr: fmtParam(st.lr), steps: String(st.steps), bt: fmtParam(st.bt), bs: fmtParam(st.bs), xaxis: st.xaxis });
    notes.length = 0;
  }

  function renderBernoulli(): void {
    const n = Math.max(1, st.steps);
    if (traj.x.domain()[1] !== n) traj.setDomain([0, n], [0, 1]);
    traj.put('target', 't', 'line', { x1: traj.x(0), x2: traj.x(n), y1: traj.y(st.bt), y2: traj.y(st.bt), stroke: palette.black, 'stroke-width': 1.5 });
    const coord = problem.coords[st.xaxis];
    const xr: [number, number] = st.xaxis === 'p' ? [0, 1] : [-6, 6];
    const xs = new Float64Array(201);
    const ys = new Float64Array(201);
    let ymax = 0;
    for (let i = 0; i < xs.length; i++) {
      xs[i] = xr[0] + ((xr[1] - xr[0]) * (i + 0.5)) / xs.length;
      ys[i] = problem.loss(coord.toSource(Float64Array.of(xs[i])));
      if (Number.isFinite(ys[i])) ymax = Math.max(ymax, Math.min(ys[i], 4));
    }
    const top = [0.5, 1, 2, 4].find((v) => v >= ymax) ?? 4;
    if (landscape.x.domain()[1] !== xr[1] || landscape.y.domain()[1] !== top) {
      landscape.setDomain(xr, [0, top]);
    }
    landscape.svg.querySelector('.axislabel')!.textContent = st.xaxis === 'p' ? 'p' : 'logit p';
    landscape.put('curve', 'loss', 'path', { d: landscape.linePath(xs, ys), fill: 'none', stroke: '#555', 'stroke-width': 2 });
    const rows: Cell[][] = [];
    BMETHODS.forEach((m, mi) => {
      const run = runs[m.key];
      const ps = run.path.map((s) => s[0]);
      traj.put('paths', m.key, 'path', { d: traj.linePath(ps.map((_, i) => i), ps), fill: 'none', stroke: m.color, 'stroke-width': 2.2, 'stroke-dasharray': m.dash });
      run.path.forEach((s, i) => {
        const xv = coord.fromSource(s)[0];
        const key = `${m.key}-${i}`;
        // Offset each method's dots a little vertically so coinciding iterates stay visible.
        landscape.put('dots', key, 'circle', { cx: landscape.x(xv).toFixed(1), cy: (landscape.y(problem.loss(s)) - 3 * mi).toFixed(1), r: i === run.path.length - 1 ? 4.5 : 2.5, fill: m.color });
      });
      const last = run.path[run.path.length - 1];
      const pNow = bernoulli(last[0]);
      const g = m.coords === 'p' ? fisher(pNow)[0][0] : fisher(pNow, 'natural')[0][0];
      rows.push([
        { text: m.label, swatch: { color: m.color, dash: m.dash } },
        fmt(last[0]),
        fmt(problem.gap(last)),
        `${fmt(g)} (${m.coords === 'p' ? 'p' : 'logit'})`,
        run.stopped ? `stopped: ${run.stopped}` : `${run.path.length - 1} steps`,
      ]);

    });
    table.setRows(rows);
    // Dots from longer runs that no longer exist are removed.
    const alive = new Set<string>();
    for (const m of BMETHODS) runs[m.key].path.forEach((_, i) => alive.add(`${m.key}-${i}`));
    landscape.prune('dots', alive);
  }

  update();
  return { destroy() {} };
}

/** The Bernoulli / simplex panel. */
export const simplexPanel: Panel = { id: 'simplex', title: 'Bernoulli and simplex', mount };
