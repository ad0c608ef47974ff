/**
 * Panel "Empirical vs true Fisher": the misspecified linear regression of Kunstner, Hennig and
 * Balles (2019), fitted by natural gradient with the true Fisher X^T X / n and with the empirical
 * Fisher (1/n) sum r_i^2 x_i x_i^T, with plain gradient descent for reference. Paths over the
 * loss contours, the two preconditioners drawn as ellipses at the start, and the loss curves.
 * Problem, optimisers and runner are the library's (`misspecifiedRegression`, `naturalGradient`,
 * `empiricalFisherNG`, `sgd`, `optimize`).
 */
import type { Panel, PanelContext } from '../panel.js';
import { empiricalFisherNG, misspecifiedRegression, naturalGradient, optimize, sgd, spdInvSqrt, type OptimizeResult, type Problem, type RegressionNoise } from '../lib.js';
import { gram } from '../../../src/linalg/index.js';
import { choiceParam, fmtParam, numParam } from '../state.js';
import { button, controlRow, createPlot, draggablePoint, drawContours, figure, fmt, h, legend, palette, panelFrame, sampleGrid, select, slider, type Plot } from '../ui/index.js';

type Method = 'ng' | 'ef' | 'gd';
const METHODS: { key: Method; label: string; color: string; dash: string }[] = [
  { key: 'ng', label: 'NG, true Fisher', color: palette.blue, dash: '' },
  { key: 'ef', label: 'NG, empirical Fisher', color: palette.vermillion, dash: '7 4' },
  { key: 'gd', label: 'gradient descent', color: palette.bluishGreen, dash: '2 3' },
];
const NOISES: { value: RegressionNoise; label: string }[] = [
  { value: 'heteroscedastic', label: 'heteroscedastic (sd 0.25 + 1.5 |x1|)' },
  { value: 'student-t', label: 'Student t, 3 degrees of freedom' },
  { value: 'gaussian', label: 'unit Gaussian (well specified)' },
];
const W_TRUE: [number, number] = [1, -1];
const XR: [number, number] = [W_TRUE[0] - 3, W_TRUE[0] + 3];
const YR: [number, number] = [W_TRUE[1] - 3, W_TRUE[1] + 3];
const LEVELS = [0.001, 0.01, 0.1, 0.3, 1, 2, 4, 8];
const N_RANGE: [number, number] = [10, 2000];
/** Slider stops: sample sizes and step sizes. */
const SIZES = [10, 20, 50, 100, 200, 500, 1000, 2000];
const RATES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.2, 1.5, 2, 2.5, 3];
/** Index of the entry of `list` closest to v in ratio. */
const nearest = (list: readonly number[], v: number): number => {
  let best = 0;
  for (let i = 1; i < list.length; i++) if (Math.abs(Math.log(list[i] / v)) < Math.abs(Math.log(list[best] / v))) best = i;
  return best;
};

/** The empirical Fisher (1/n) sum g_i g_i^T from the problem's per-example gradients (library `gram`). */
function empiricalFisherAt(pr: Problem, w: Float64Array): Float64Array {
  const gs = pr.perExampleGrads!(w);
  const flat = new Float64Array(gs.length * 2);
  gs.forEach((g, i) => flat.set(g, 2 * i));
  return gram(new Float64Array(4), flat, gs.length, 2, 1 / gs.length);
}

/** The ellipse {w + s M^{-1/2} u : |u| = 1}, scaled so its longest semi-axis is `size`. */
function ballPath(plot: Plot, w: Float64Array, m: Float64Array, size: number): string {
  const a = spdInvSqrt(new Float64Array(4), m, 2);
  if (a === null) return '';
  const n = 64;
  const pts: [number, number][] = [];
  let longest = 0;
  for (let i = 0; i <= n; i++) {
    const c = Math.cos((2 * Math.PI * i) / n);
    const s = Math.sin((2 * Math.PI * i) / n);
    const v: [number, number] = [a[0] * c + a[1] * s, a[2] * c + a[3] * s];
    longest = Math.max(longest, Math.hypot(v[0], v[1]));
    pts.push(v);
  }
  const k = size / longest;
  return plot.linePath(pts.map((v) => w[0] + k * v[0]), pts.map((v) => w[1] + k * v[1])) + 'Z';
}

function mount(root: HTMLElement, ctx: PanelContext) {
  const prm = ctx.params;
  const st = {
    noise: choiceParam(prm, 'noise', NOISES.map((x) => x.value), 'heteroscedastic'),
    n: Math.round(numParam(prm, 'n', 200)),
    seed: Math.round(numParam(prm, 'seed', 1)),
    lr: numParam(prm, 'lr', 0.7),
    steps: Math.round(numParam(prm, 'steps', 20)),
    start: [numParam(prm, 'w1', W_TRUE[0] + 1.5), numParam(prm, 'w2', W_TRUE[1] + 1.5)] as [number, number],
  };
  const urlNotes: string[] = [];
  if (!(st.n >= N_RANGE[0] && st.n <= N_RANGE[1])) (urlNotes.push(`sample size ${st.n} from the link is outside [${N_RANGE.join(', ')}]`), (st.n = 200));
  if (!(st.lr > 0 && st.lr <= 3)) (urlNotes.push(`step size ${st.lr} from the link is outside (0, 3]`), (st.lr = 0.7));
  if (!(st.steps >= 1 && st.steps <= 200)) (urlNotes.push(`steps ${st.steps} from the link is outside [1, 200]`), (st.steps = 20));
  if (!Number.isSafeInteger(st.seed)) st.seed = 1;

  const f = panelFrame(root, {
    title: 'Empirical vs true Fisher',
    intro: [
      'Linear regression fitted with the model y ~ N(x . w, 1) on data whose noise is not unit Gaussian: the model is misspecified. ',
      'The Fisher information X^T X / n does not depend on w, and natural gradient with it goes straight to the least-squares fit (one step with step size 1). ',
      'The empirical Fisher, the mean of squared per-example gradients, is built from the residuals: far from the fit it is large and the steps shrink, ',
      'and even at the fit it is not a multiple of the Fisher, so its path bends. Drag the start (orange), change the noise or the sample size.',
    ],
    tex: [
      String.raw`F = \frac{1}{n}\sum_i x_i x_i^\top \qquad\text{vs}\qquad \widetilde F(w) = \frac{1}{n}\sum_i (y_i - x_i^\top w)^2\, x_i x_i^\top`,
      String.raw`w_{k+1} = w_k - \alpha\, F^{-1}\nabla L(w_k) \qquad\text{vs}\qquad w_{k+1} = w_k - \alpha\, \widetilde F(w_k)^{-1}\nabla L(w_k)`,
    ],
  });

  const noiseSel = select({ label: 'Noise', options: NOISES, value: st.noise, onChange: (v) => ((st.noise = v), rebuild(), commit()) });
  const nSlider = slider({
    label: 'Sample size n',
    min: 0,
    max: SIZES.length - 1,
    step: 1,
    value: st.n,
    transform: (i) => SIZES[i],
    inverse: (v) => nearest(SIZES, v),
    format: (v) => String(v),
    onInput: (v) => ((st.n = v), rebuild(), commit()),
  });
  const lrSlider = slider({
    label: 'Step size',
    min: 0,
    max: RATES.length - 1,
    step: 1,
    value: st.lr,
    transform: (i) => RATES[i],
    inverse: (v) => nearest(RATES, v),
    onInput: (v) => ((st.lr = v), run(), commit()),
  });
  const stepsSlider = slider({ label: 'Steps', min: 1, max: 200, step: 1, value: st.steps, format: (v) => String(v), onInput: (v) => ((st.steps = v), run(), commit()) });
  const dataBtn = button({ label: 'New data', ariaLabel: 'Draw a new data set with the next seed', onClick: () => (st.seed++, rebuild(), commit()) });
  f.controls.append(controlRow([noiseSel.el, nSlider.el, dataBtn], 'Data'), controlRow([lrSlider.el, stepsSlider.el], 'Optimisers'));

  const plane = createPlot({ width: 520, height: 460, x: XR, y: YR, xLabel: 'w1', yLabel: 'w2', title: 'Weight plane: loss contours and the paths of the three optimisers' });
  const curves = createPlot({ width: 520, height: 460, x: [0, st.steps], y: [-16, 1], xLabel: 'step', yLabel: 'log10 (L - L*)', title: 'Optimality gap per step, log scale' });
  f.figures.append(
    figure(plane.svg, 'Grey: contours of the loss gap L(w) - L(w*); black cross: the least-squares fit w*. At the start, the unit balls of the two preconditioners (scaled): blue the Fisher, vermillion the empirical Fisher.'),
    figure(curves.svg, 'log10 of the loss gap after each step; natural gradient with the true Fisher contracts the gap by (1 - step)^2 per step.'),
  );
  for (const name of ['contours', 'balls', 'paths', 'marks', 'points']) plane.layer(name);
  legend(plane, METHODS);
  legend(curves, METHODS);
  // One row per method, built once; its cells are updated in place on every redraw.
  const cells = Object.fromEntries(METHODS.map((m) => [m.key, Array.from({ length: 5 }, (_, i) => h('td', { class: i < 4 ? 'num' : undefined }))])) as unknown as Record<Method, HTMLElement[]>;
  f.readout.append(
    h('table', {}, [
      h('thead', {}, [h('tr', {}, ['method', 'final w1', 'final w2', 'final gap L - L*', 'steps to gap 1e-8', 'status'].map((t) => h('th', { scope: 'col' }, [t])))]),
      h('tbody', {}, METHODS.map((m) => h('tr', {}, [h('td', {}, [h('span', { class: 'swatch', style: `border-top-color:${m.color};border-top-style:${m.dash ? 'dashed' : 'solid'}` }), m.label]), ...cells[m.key]]))),
    ]),
  );
  const setText = (el: Element, text: string) => {
    if (el.textContent !== text) el.textContent = text;
  };

  const dragStart = draggablePoint(plane, 'points', {
    label: 'start point w0',
    coordNames: ['w1', 'w2'],
    color: palette.orange,
    step: [0.05, 0.05],
    get: () => st.start,
    set: (x, y) => ((st.start = [Math.max(XR[0], Math.min(XR[1], x)), Math.max(YR[0], Math.min(YR[1], y))]), run()),
    commit: () => commit(),
  });

  let urlNote = urlNotes.length > 0 ? `${urlNotes.join('; ')}: using defaults.` : '';
  let problem: ReturnType<typeof misspecifiedRegression>;
  function rebuild(): void {
    problem = misspecifiedRegression({ n: st.n, noise: st.noise, seed: st.seed });
    const gap = problem.gap.bind(problem);
    drawContours(plane, 'contours', sampleGrid((a, b) => gap(Float64Array.of(a, b)), 49, 49, XR, YR), LEVELS, '#b5b5b5');
    const ws = problem.minimum!.source;
    const [cx, cy] = [plane.x(ws[0]), plane.y(ws[1])];
    plane.put('marks', 'star1', 'line', { x1: cx - 7, x2: cx + 7, y1: cy - 7, y2: cy + 7, stroke: palette.black, 'stroke-width': 2.5 });
    plane.put('marks', 'star2', 'line', { x1: cx - 7, x2: cx + 7, y1: cy + 7, y2: cy - 7, stroke: palette.black, 'stroke-width': 2.5 });
    plane.put('marks', 'starLabel', 'text', { x: cx + 9, y: cy + 16, class: 'label' }).textContent = 'w*';
    run();
  }

  const frameMs: number[] = [];
  function run(): void {
    const t0 = performance.now();
    const init = Float64Array.from(st.start);
    const lr = st.lr;
    const builders: Record<Method, Parameters<typeof optimize>[0]['optimizer']> = {
      ng: (cp) => naturalGradient({ lr, fisher: cp.fisher }),
      ef: (cp) => empiricalFisherNG({ lr, perExampleGrads: cp.perExampleGrads! }),
      gd: () => sgd(lr),
    };
    const notes: string[] = [];
    const results: Partial<Record<Method, OptimizeResult>> = {};
    for (const m of METHODS) {
      try {
        results[m.key] = optimize({ problem, init, optimizer: builders[m.key], steps: st.steps });
      } catch (e) {
        notes.push(`${m.label}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    dragStart.update();
    plane.put('balls', 'fisher', 'path', { d: ballPath(plane, init, problem.fisher(init), 0.9), fill: 'none', stroke: palette.blue, 'stroke-width': 1.6 });
    let efBall = '';
    try {
      efBall = ballPath(plane, init, empiricalFisherAt(problem, init), 0.9);
    } catch {
      /* no ball when the empirical Fisher is singular */
    }
    plane.put('balls', 'ef', 'path', { d: efBall, fill: 'none', stroke: palette.vermillion, 'stroke-width': 1.6, 'stroke-dasharray': '7 4' });

    if (curves.x.domain()[1] !== st.steps) curves.setDomain([0, st.steps], [-16, 1]);
    const report: Record<string, unknown> = {};
    for (const m of METHODS) {
      const r = results[m.key];
      const path = r ? r.sources : [];
      plane.put('paths', m.key, 'path', { d: plane.linePath(path.map((s) => s[0]), path.map((s) => s[1])), fill: 'none', stroke: m.color, 'stroke-width': 2.2, 'stroke-dasharray': m.dash });
      const gaps = r?.gaps ?? [];
      const logs = gaps.map((g) => (g > 0 ? Math.max(-16, Math.log10(g)) : -16));
      curves.put('lines', m.key, 'path', { d: curves.linePath(gaps.map((_, k) => k), logs), fill: 'none', stroke: m.color, 'stroke-width': 2.2, 'stroke-dasharray': m.dash });
      const last = r?.finalSource;
      const finalGap = gaps.length > 0 ? gaps[gaps.length - 1] : NaN;
      const diverging = gaps.length > 1 && finalGap > gaps[0];
      if (diverging) notes.push(`${m.label} diverges at step size ${fmt(lr, 3)}: its gap grows from ${fmt(gaps[0], 3)} to ${fmt(finalGap, 3)}`);
      [
        last ? fmt(last[0], 6) : '-',
        last ? fmt(last[1], 6) : '-',
        Number.isFinite(finalGap) ? fmt(finalGap, 3) : '-',
        r?.stepsToTol != null ? String(r.stepsToTol) : 'not reached',
        r ? (diverging ? 'diverging' : 'ran') : 'stopped',
      ].forEach((t, i) => setText(cells[m.key][i], t));
      report[m.key] = { path: path.map((s) => [s[0], s[1]]), gaps, stepsToTol: r?.stepsToTol ?? null };
    }
    const msgs = [...notes];
    if (msgs.length > 0) f.msg.show(`${msgs.join('. ')}. Try a smaller step size.`);
    else if (urlNote) f.msg.show(urlNote, 'info');
    else f.msg.clear();
    ctx.report('runs', report);
    ctx.report('wStar', Array.from(problem.minimum!.source));
    ctx.report('setup', { noise: st.noise, n: st.n, seed: st.seed, lr: st.lr, steps: st.steps, start: [...st.start] });
    frameMs.push(performance.now() - t0);
    if (frameMs.length > 200) frameMs.shift();
    ctx.report('frameMs', [...frameMs]);
  }

  function commit(): void {
    urlNote = '';
    ctx.setParams({ noise: st.noise, n: String(st.n), seed: String(st.seed), lr: fmtParam(st.lr), steps: String(st.steps), w1: fmtParam(st.start[0]), w2: fmtParam(st.start[1]) });
  }

  rebuild();
  return { destroy() {} };
}

/** The empirical-vs-true-Fisher panel. */
export const empiricalPanel: Panel = { id: 'empirical', title: 'Empirical vs true Fisher', mount };
