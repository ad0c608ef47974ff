/**
 * Panel "Pythagorean theorem": a distribution p, its m-projection q* onto an e-flat subfamily
 * (the independent bivariate normals, or the product laws of a 2x2 table), a draggable r on the
 * subfamily, and the three KL terms adding up: KL(p || r) = KL(p || q*) + KL(q* || r).
 * Projection and check are the library's `mProjection` and `pythagorean`.
 */
import type { Panel, PanelContext } from '../panel.js';
import { categorical, categoricalFamily, fromTheta, kl, mvNormal, mvNormalFamily, type Distribution } from '../lib.js';
import { mProjection } from '../../../src/geometry/projection.js';
import { independenceSubmanifold, thetaOnSubmanifold, type EFlatSubmanifold } from '../../../src/geometry/submanifold.js';
import { pythagorean, type PythagoreanCheck } from '../../../src/geometry/pythagorean.js';
import { choiceParam, fmtParam, numParam } from '../state.js';
import { controlRow, createPlot, draggablePoint, drawContours, figure, fmt, h, legend, palette, panelFrame, sampleGrid, select, slider, type PanelFrame, type Plot } from '../ui/index.js';
import { drawBars, ellipsePath, probTable } from './pythagorean/draw.js';

type Mode = 'gaussian' | 'table';
const MODES: { value: Mode; label: string }[] = [
  { value: 'gaussian', label: 'bivariate normal, independent subfamily' },
  { value: 'table', label: '2x2 table, product subfamily' },
];
const BOX: [number, number] = [-4, 4];
const LEVELS = [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4];
const CONTOUR_DELAY_MS = 80;

interface Ctx {
  ctx: PanelContext;
  f: PanelFrame;
  figures: HTMLElement;
  controls: HTMLElement;
  readout: HTMLElement;
  report(terms: PythagoreanCheck, extra: Record<string, unknown>): void;
  note(text: string): void;
  /**
   * Runs `draw` now, or after a short pause when `defer` (contours cost a grid of divergences:
   * while a point or slider moves they are redrawn once it rests). Reports `contours` as
   * 'pending' or 'drawn'.
   */
  contours(draw: () => void, defer: boolean): void;
}

function mount(root: HTMLElement, ctx: PanelContext) {
  let mode: Mode = choiceParam(ctx.params, 'mode', MODES.map((m) => m.value), 'gaussian');
  const f = panelFrame(root, {
    title: 'The Pythagorean theorem of KL divergence',
    intro: [
      'An e-flat subfamily is a flat piece of the natural parameter space: here the independent bivariate normals, or the product laws of two binary variables. ',
      'The m-projection q* of p onto it minimises KL(p || q) over the subfamily (for these subfamilies: the product of the marginals of p). ',
      'For every r on the subfamily the divergences add like the sides of a right triangle: the m-geodesic from p to q* meets the subfamily orthogonally in the Fisher metric. ',
      'Drag r (purple square) anywhere on the subfamily and change p with the sliders: the bars stay equal.',
    ],
    tex: [
      String.raw`q^* = \arg\min_{q \in M} \mathrm{KL}(p\,\|\,q)`,
      String.raw`\mathrm{KL}(p\,\|\,r) = \mathrm{KL}(p\,\|\,q^*) + \mathrm{KL}(q^*\,\|\,r)\quad\text{for all } r \in M`,
    ],
  });
  const modeSel = select({ label: 'Example', options: MODES, value: mode, onChange: (v) => ((mode = v), ctx.setParams({ mode: v }), start()) });
  const modeRow = controlRow([modeSel.el]);
  const controls = h('div');
  f.controls.append(modeRow, controls);

  const bars = createPlot({ width: 420, height: 420, x: [0, 3.2], y: [0, 1], xTicks: 0, yLabel: 'nats', title: 'KL(p || r) beside KL(p || q*) + KL(q* || r)' });
  const frameMs: number[] = [];
  const c: Ctx = {
    ctx,
    f,
    figures: f.figures,
    controls,
    readout: f.readout,
    report(terms, extra) {
      drawBars(bars, terms);
      ctx.report('terms', { ...terms });
      for (const [k, v] of Object.entries(extra)) ctx.report(k, v);
    },
    note(text) {
      if (text) f.msg.show(text);
      else f.msg.clear();
    },
    contours(draw, defer) {
      clearTimeout(contourTimer);
      const run = () => {
        draw();
        ctx.report('contours', 'drawn');
      };
      ctx.report('contours', 'pending');
      if (defer) contourTimer = window.setTimeout(run, CONTOUR_DELAY_MS);
      else run();
    },
  };
  let contourTimer = 0;

  let stop: (() => void) | null = null;
  function start(): void {
    stop?.();
    clearTimeout(contourTimer);
    controls.replaceChildren();
    f.figures.replaceChildren();
    f.readout.replaceChildren();
    f.msg.clear();
    ctx.report('mode', mode);
    const timed = (draw: () => void) => () => {
      const t0 = performance.now();
      try {
        draw();
      } catch (e) {
        // A projection that fails to converge (the library throws) leaves the last drawing up.
        f.msg.show(`${e instanceof Error ? e.message : String(e)}. Move the sliders back a little.`);
      }
      frameMs.push(performance.now() - t0);
      if (frameMs.length > 200) frameMs.shift();
      ctx.report('frameMs', [...frameMs]);
    };
    stop = mode === 'gaussian' ? mountGaussian(c, bars, timed) : mountTable(c, bars, timed);
  }
  start();
  return {
    destroy: () => {
      clearTimeout(contourTimer);
      stop?.();
    },
  };
}

type Timed = (draw: () => void) => () => void;

/** The readout table (built once, values updated in place): the terms, their sum, the defect, and extra rows. */
function termsTable(readout: HTMLElement, extraLabels: string[]): (t: PythagoreanCheck, extra: string[]) => void {
  const labels = [
    'KL(p || q*)',
    'KL(q* || r)',
    'KL(p || q*) + KL(q* || r)',
    'KL(p || r)',
    'defect KL(p || r) - sum',
    '<theta_r - theta_q*, eta_q* - eta_p> (the defect, computed directly)',
    ...extraLabels,
  ];
  const cells = labels.map(() => h('td', { class: 'num' }));
  readout.replaceChildren(h('table', {}, [h('tbody', {}, labels.map((k, i) => h('tr', {}, [h('th', { scope: 'row' }, [k]), cells[i]])))]));
  return (t, extra) => {
    const values = [fmt(t.klPQ, 8), fmt(t.klQR, 8), fmt(t.klPQ + t.klQR, 8), fmt(t.klPR, 8), fmt(t.defect, 3), fmt(t.orthogonality, 3), ...extra];
    values.forEach((v, i) => {
      if (cells[i].textContent !== v) cells[i].textContent = v;
    });
  };
}

function mountGaussian(c: Ctx, bars: Plot, timed: Timed): () => void {
  const prm = c.ctx.params;
  const st = {
    pm: [numParam(prm, 'pmx', 0.5), numParam(prm, 'pmy', -0.3)] as [number, number],
    ps: [numParam(prm, 'ps1', 1.2), numParam(prm, 'ps2', 0.7)] as [number, number],
    rho: numParam(prm, 'rho', 0.85),
    rm: [numParam(prm, 'rmx', 1.5), numParam(prm, 'rmy', 0.8)] as [number, number],
    rs: [numParam(prm, 'rs1', 1), numParam(prm, 'rs2', 1)] as [number, number],
  };
  const sub: EFlatSubmanifold = independenceSubmanifold(mvNormalFamily(2));
  let note = '';
  const sig = (label: string, get: () => number, set: (v: number) => void) =>
    slider({ label, min: 0.2, max: 2.5, step: 0.05, value: get(), onInput: (v) => (set(v), redraw(), commit()) });
  const sliders = [
    sig('p: sigma1', () => st.ps[0], (v) => (st.ps[0] = v)),
    sig('p: sigma2', () => st.ps[1], (v) => (st.ps[1] = v)),
    slider({ label: 'p: correlation', min: -0.95, max: 0.95, step: 0.05, value: st.rho, onInput: (v) => ((st.rho = v), redraw(), commit()) }),
    sig('r: sigma1', () => st.rs[0], (v) => (st.rs[0] = v)),
    sig('r: sigma2', () => st.rs[1], (v) => (st.rs[1] = v)),
  ];
  c.controls.append(controlRow(sliders.slice(0, 3).map((s) => s.el), 'The distribution p'), controlRow(sliders.slice(3).map((s) => s.el), 'The point r on the subfamily'));

  const plane = createPlot({ width: 500, height: 488, x: BOX, y: BOX, xLabel: 'x1', yLabel: 'x2', title: 'Sample plane: 1- and 2-sigma ellipses of p, its projection q* and r' });
  c.figures.append(
    figure(plane.svg, 'Ellipses at 1 and 2 standard deviations: p (orange), q* (blue, dashed), r (purple, dotted). Grey: contours of KL(p || r) as r\u2019s mean moves with its sigmas fixed.'),
    figure(bars.svg, 'Left: KL(p || r). Right: KL(p || q*) stacked with KL(q* || r). The two bars are equal for every r.'),
  );
  for (const name of ['contours', 'ellipses', 'points']) plane.layer(name);
  legend(plane, [
    { label: 'p', color: palette.orange },
    { label: 'q* = m-projection', color: palette.blue, dash: '7 4' },
    { label: 'r (drag)', color: palette.reddishPurple, dash: '2 3' },
  ]);

  const makeP = () => {
    const c01 = st.rho * st.ps[0] * st.ps[1];
    return mvNormal(st.pm, [[st.ps[0] ** 2, c01], [c01, st.ps[1] ** 2]]);
  };
  const makeR = (mx = st.rm[0], my = st.rm[1]) => mvNormal([mx, my], [[st.rs[0] ** 2, 0], [0, st.rs[1] ** 2]]);
  const clampBox = (v: number) => Math.max(BOX[0], Math.min(BOX[1], v));
  // Values from a shared link that do not describe valid distributions are replaced, and said so.
  try {
    makeP();
    makeR();
  } catch (e) {
    note = `${e instanceof Error ? e.message : String(e)} (from the link): using the default p and r.`;
    Object.assign(st, { pm: [0.5, -0.3], ps: [1.2, 0.7], rho: 0.85, rm: [1.5, 0.8], rs: [1, 1] });
    sliders.forEach((s, i) => s.set([st.ps[0], st.ps[1], st.rho, st.rs[0], st.rs[1]][i]));
  }
  const dragP = draggablePoint(plane, 'points', { label: 'mean of p', coordNames: ['x1', 'x2'], color: palette.orange, step: [0.05, 0.05], get: () => st.pm, set: (x, y) => ((st.pm = [clampBox(x), clampBox(y)]), redraw()), commit: () => commit() });
  const dragR = draggablePoint(plane, 'points', { label: 'mean of r', coordNames: ['x1', 'x2'], color: palette.reddishPurple, shape: 'square', step: [0.05, 0.05], get: () => st.rm, set: (x, y) => ((st.rm = [clampBox(x), clampBox(y)]), redraw()), commit: () => commit() });

  const draw = (d: Distribution<unknown>, key: string, color: string, dash: string) => {
    for (const r of [1, 2]) plane.put('ellipses', `${key}${r}`, 'path', { d: ellipsePath(plane, d, r), fill: 'none', stroke: color, 'stroke-width': r === 1 ? 2.4 : 1.2, 'stroke-dasharray': dash });
  };
  const showTerms = termsTable(c.readout, ['q* (mProjection)', 'Newton iterations of the projection']);
  let contourKey = '';
  const redraw = () =>
    timed(() => {
      const p = makeP();
      const r = makeR();
      const proj = mProjection(p, sub);
      const q = proj.projection;
      const t = pythagorean(p, q, r);
      const key = `${st.pm}|${st.ps}|${st.rho}|${st.rs}`;
      if (key !== contourKey) {
        c.contours(() => drawContours(plane, 'contours', sampleGrid((x, y) => kl(p, makeR(x, y)), 33, 33, BOX, BOX), LEVELS, '#b5b5b5'), contourKey !== '');
        contourKey = key;
      }
      draw(p, 'p', palette.orange, '');
      draw(q, 'q', palette.blue, '7 4');
      draw(r, 'r', palette.reddishPurple, '2 3');
      dragP.update();
      dragR.update();
      const qp = q.params as { mean: number[]; cov: number[][] };
      showTerms(t, [`mean (${qp.mean.map((v) => fmt(v, 4)).join(', ')}), variances (${fmt(qp.cov[0][0], 4)}, ${fmt(qp.cov[1][1], 4)}), covariance ${fmt(qp.cov[0][1], 2)}`, String(proj.iterations)]);
      c.note(note);
      c.report(t, { qStar: { mean: qp.mean, cov: qp.cov }, p: { mean: [...st.pm], sigmas: [...st.ps], rho: st.rho }, r: { mean: [...st.rm], sigmas: [...st.rs] } });
    })();

  function commit(): void {
    c.ctx.setParams({
      mode: 'gaussian',
      pmx: fmtParam(st.pm[0]),
      pmy: fmtParam(st.pm[1]),
      ps1: fmtParam(st.ps[0]),
      ps2: fmtParam(st.ps[1]),
      rho: fmtParam(st.rho),
      rmx: fmtParam(st.rm[0]),
      rmy: fmtParam(st.rm[1]),
      rs1: fmtParam(st.rs[0]),
      rs2: fmtParam(st.rs[1]),
    });
  }
  redraw();
  return () => {};
}

function mountTable(c: Ctx, bars: Plot, timed: Timed): () => void {
  const prm = c.ctx.params;
  const family = categoricalFamily(4);
  const sub = independenceSubmanifold(family, [2, 2]);
  const st = {
    w: [numParam(prm, 'w00', 0.4), numParam(prm, 'w01', 0.1), numParam(prm, 'w10', 0.15), numParam(prm, 'w11', 0.35)],
    u: [numParam(prm, 'u1', -1.5), numParam(prm, 'u2', 1)] as [number, number],
  };
  const cells = ['(0, 0)', '(0, 1)', '(1, 0)', '(1, 1)'];
  const sliders = st.w.map((w, i) => slider({ label: `p weight of cell ${cells[i]}`, min: 0, max: 1, step: 0.01, value: w, onInput: (v) => ((st.w[i] = v), redraw(), commit()) }));
  c.controls.append(controlRow(sliders.map((s) => s.el), 'The joint law p (weights are normalised)'));

  const plane = createPlot({
    width: 500,
    height: 488,
    x: BOX,
    y: BOX,
    xLabel: 'u1 = log P(X=0) / P(X=1)',
    yLabel: 'u2 = log P(Y=0) / P(Y=1)',
    title: 'The product subfamily in its natural coordinates u: contours of KL(p || r), the projection q* and r',
  });
  const tables = h('div', { class: 'controls' });
  c.figures.append(
    figure(plane.svg, 'The product laws r(u) of two binary variables, in natural coordinates (a flat plane of theta). Grey: contours of KL(p || r(u)); its minimum is q* (black diamond).'),
    figure(bars.svg, 'Left: KL(p || r). Right: KL(p || q*) stacked with KL(q* || r). The two bars are equal for every r.'),
  );
  c.figures.after(tables);
  for (const name of ['contours', 'marks', 'points']) plane.layer(name);

  const rAt = (u1: number, u2: number) => fromTheta(family, thetaOnSubmanifold(sub, [u1, u2]));
  const clampBox = (v: number) => Math.max(BOX[0], Math.min(BOX[1], v));
  const dragR = draggablePoint(plane, 'points', { label: 'r on the product subfamily', coordNames: ['u1', 'u2'], color: palette.reddishPurple, shape: 'square', step: [0.05, 0.05], get: () => st.u, set: (x, y) => ((st.u = [clampBox(x), clampBox(y)]), redraw()), commit: () => commit() });

  const showTerms = termsTable(c.readout, ['q* in u (mProjection)', 'Newton iterations of the projection']);
  const [pTable, qTable, rTable] = ['p', 'q* = m-projection', 'r'].map((cap) => probTable(cap));
  tables.append(pTable.el, qTable.el, rTable.el);
  let contourKey = '';
  const redraw = () =>
    timed(() => {
      const total = st.w.reduce((a, b) => a + b, 0);
      let p: Distribution<unknown>;
      try {
        p = categorical(st.w.map((w) => w / total));
      } catch (e) {
        c.note(`${e instanceof Error ? e.message : String(e)}. Give every cell of p a positive weight.`);
        return;
      }
      c.note('');
      const r = rAt(st.u[0], st.u[1]);
      const proj = mProjection(p, sub);
      const q = proj.projection;
      const t = pythagorean(p, q, r);
      const key = st.w.join(',');
      if (key !== contourKey) {
        c.contours(() => drawContours(plane, 'contours', sampleGrid((x, y) => kl(p, rAt(x, y)), 41, 41, BOX, BOX), LEVELS, '#b5b5b5'), contourKey !== '');
        contourKey = key;
      }
      const [qx, qy] = [proj.coordinates[0], proj.coordinates[1]];
      const cx = plane.x(qx);
      const cy = plane.y(qy);
      plane.put('marks', 'q', 'rect', { x: cx - 6, y: cy - 6, width: 12, height: 12, transform: `rotate(45 ${cx} ${cy})`, fill: palette.black, stroke: '#fff' });
      plane.put('marks', 'qlabel', 'text', { x: cx + 10, y: cy + 16, class: 'label' }).textContent = 'q*';
      plane.put('marks', 'seg', 'line', { x1: cx, y1: cy, x2: plane.x(st.u[0]), y2: plane.y(st.u[1]), stroke: palette.reddishPurple, 'stroke-width': 1.5, 'stroke-dasharray': '2 3' });
      dragR.update();
      const probs = (d: Distribution<unknown>) => (d.params as { probs: ArrayLike<number> }).probs;
      pTable.set(probs(p));
      qTable.set(probs(q));
      rTable.set(probs(r));
      showTerms(t, [`(${fmt(qx, 5)}, ${fmt(qy, 5)})`, String(proj.iterations)]);
      c.report(t, { qStar: { u: [qx, qy], probs: Array.from(probs(q)) }, p: { probs: Array.from(probs(p)) }, r: { u: [...st.u], probs: Array.from(probs(r)) } });
    })();

  function commit(): void {
    c.ctx.setParams({ mode: 'table', w00: fmtParam(st.w[0]), w01: fmtParam(st.w[1]), w10: fmtParam(st.w[2]), w11: fmtParam(st.w[3]), u1: fmtParam(st.u[0]), u2: fmtParam(st.u[1]) });
  }
  redraw();
  return () => tables.remove();
}

/** The Pythagorean-theorem panel. */
export const pythagoreanPanel: Panel = { id: 'pythagorean', title: 'Pythagorean theorem', mount };
