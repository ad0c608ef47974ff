/**
 * Panel "alpha-connections": Amari's one-parameter family of affine connections on a
 * two-parameter exponential family. An alpha slider, the alpha-geodesic between two draggable
 * points beside the e-geodesic (alpha = 1, straight in theta) and the m-geodesic (alpha = -1,
 * straight in eta), drawn in source, natural or expectation coordinates; and the
 * alpha-divergence between the points as a function of alpha, with its limits marked.
 */
import type { Panel, PanelContext } from '../panel.js';
import { alphaDivergence, hellinger, kl, type Distribution } from '../lib.js';
import { choiceParam, fmtParam, numParam } from '../state.js';
import { button, controlRow, createPlot, draggablePoint, figure, fmt, h, legend, messageArea, palette, panelFrame, s, select, slider, type Draggable } from '../ui/index.js';
import { alphaCurve, eCurve, FAMILIES, fromView, mCurve, tryMake, viewCoords, viewNames, type AlphaGeodesic, type FamilyKey, type Sampled, type View } from './alpha/curves.js';

const VIEWS: { value: View; label: string }[] = [
  { value: 'source', label: 'source parameters' },
  { value: 'natural', label: 'natural theta' },
  { value: 'expectation', label: 'expectation eta' },
];
const N = 48;
const PLANE_H = 380;
const ALPHA_RANGE: [number, number] = [-2, 2];
/** The alphas at which the divergence curve is drawn: steps of 0.05, so -1, 0 and 1 are hit exactly. */
const CURVE_ALPHAS = Array.from({ length: 81 }, (_, i) => ALPHA_RANGE[0] + (i * (ALPHA_RANGE[1] - ALPHA_RANGE[0])) / 80);
/** Delay before the alpha-geodesic is re-solved after a move (it is an iterative solve). */
const SOLVE_DELAY_MS = 60;
const STYLE = {
  e: { color: palette.blue, dash: '7 4', label: 'e (alpha = 1)' },
  m: { color: palette.vermillion, dash: '2 3', label: 'm (alpha = -1)' },
  a: { color: palette.bluishGreen, dash: '', label: 'alpha-geodesic' },
};

/** The smallest 1, 2 or 5 times a power of ten that is >= v (axis tops that do not jitter while dragging). */
function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * e >= v) ?? 10) * e;
}

/** Sets an element's text only when it changes (no needless DOM mutation while dragging). */
function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function parsePair(raw: string | null): [number, number] | null {
  if (raw === null) return null;
  const parts = raw.split(',').map((t) => Number(t));
  return parts.length === 2 && parts.every(Number.isFinite) ? [parts[0], parts[1]] : null;
}

function mount(root: HTMLElement, ctx: PanelContext) {
  const params = ctx.params;
  const st = {
    family: choiceParam(params, 'family', FAMILIES.map((f) => f.key), 'normal') as FamilyKey,
    view: choiceParam(params, 'view', VIEWS.map((v) => v.value), 'source'),
    alpha: numParam(params, 'alpha', 0.5),
    p: [0, 0] as [number, number],
    q: [0, 0] as [number, number],
  };
  const fam = () => FAMILIES.find((f) => f.key === st.family)!;
  const urlNotes: string[] = [];
  if (!(st.alpha >= ALPHA_RANGE[0] && st.alpha <= ALPHA_RANGE[1])) {
    urlNotes.push(`alpha ${st.alpha} from the link is outside [${ALPHA_RANGE.join(', ')}]`);
    st.alpha = 0.5;
  }
  for (const which of ['p', 'q'] as const) {
    const pair = parsePair(params.get(which));
    const made = pair ? tryMake(fam(), pair) : null;
    if (pair && typeof made === 'string') urlNotes.push(`point ${which} from the link: ${made}`);
    st[which] = pair && typeof made !== 'string' ? pair : [...fam()[which]];
  }

  const f = panelFrame(root, {
    title: 'alpha-connections and alpha-divergences',
    intro: [
      'An exponential family carries a whole line of affine connections, indexed by alpha. ',
      'alpha = 1 is the exponential connection, whose geodesics are straight lines in the natural coordinates theta; ',
      'alpha = -1 is the mixture connection, straight in the expectation coordinates eta; alpha = 0 is the Levi-Civita connection of the Fisher metric. ',
      'Drag p (orange circle) and q (purple square), move the alpha slider, and switch the coordinates the plane is drawn in: ',
      'the e-geodesic is straight in theta and the m-geodesic straight in eta. Below, the alpha-divergence between the same two points.',
    ],
    tex: [
      String.raw`\Gamma^{(\alpha)}_{ij,k} = \Gamma^{(0)}_{ij,k} - \tfrac{\alpha}{2}\,T_{ijk},\qquad T_{ijk} = \partial_i\partial_j\partial_k F(\theta)`,
      String.raw`D_\alpha(p:q) = \frac{4}{1-\alpha^2}\Bigl(1 - \int p^{\frac{1-\alpha}{2}}\,q^{\frac{1+\alpha}{2}}\,dx\Bigr)`,
      String.raw`D_{-1} = \mathrm{KL}(p\,\|\,q),\quad D_{1} = \mathrm{KL}(q\,\|\,p),\quad D_0 = 4H^2(p,q)`,
    ],
  });

  const famSel = select({
    label: 'Family',
    options: FAMILIES.map((x) => ({ value: x.key, label: x.label })),
    value: st.family,
    onChange: (v) => {
      st.family = v;
      st.p = [...fam().p];
      st.q = [...fam().q];
      warm = null;
      geo = null;
      makeHandles();
      refit();
      update('points');
      commit();
    },
  });
  const viewSel = select({ label: 'Draw in', options: VIEWS, value: st.view, onChange: (v) => ((st.view = v), makeHandles(), refit(), update('view'), commit()) });
  const alphaSlider = slider({
    label: 'alpha',
    min: ALPHA_RANGE[0],
    max: ALPHA_RANGE[1],
    step: 0.05,
    value: st.alpha,
    transform: (x) => Number(x.toFixed(2)),
    onInput: (v) => setAlpha(v),
  });
  const quick = [-1, 0, 1].map((a) =>
    button({ label: `alpha = ${a}`, ariaLabel: `Set alpha to ${a} (${a === 1 ? 'e-connection' : a === -1 ? 'm-connection' : 'Levi-Civita connection'})`, onClick: () => (alphaSlider.set(a), setAlpha(a)) }),
  );
  const resetBtn = button({ label: 'Reset points', ariaLabel: 'Put p and q back at their default positions', onClick: () => ((st.p = [...fam().p]), (st.q = [...fam().q]), (warm = null), refit(), update('points'), commit()) });
  f.controls.append(controlRow([famSel.el, viewSel.el, alphaSlider.el]), controlRow([...quick, resetBtn], 'Shortcuts'));

  const plane = createPlot({ width: 560, height: PLANE_H, x: [0, 1], y: [0, 1], title: 'The family drawn in the chosen coordinates: e-, m- and alpha-geodesics between p and q' });
  const curve = createPlot({ width: 560, height: 380, x: ALPHA_RANGE, y: [0, 1], xLabel: 'alpha', yLabel: 'D_alpha(p : q)', title: 'The alpha-divergence between p and q as a function of alpha, with its limits marked' });
  const solveNote = messageArea();
  f.figures.append(
    figure(plane.svg, 'Blue dashed: e-geodesic (straight in theta). Vermillion dotted: m-geodesic (straight in eta). Green: the alpha-geodesic for the slider value.'),
    figure(curve.svg, 'D_alpha(p : q) for alpha in [-2, 2] (breaks where it is infinite). Marked: KL(p || q) at -1, 4 H^2 at 0, KL(q || p) at 1, each computed separately.'),
  );
  f.figures.after(solveNote.el);
  // The alpha-geodesic is drawn under the e- and m-geodesics, which it covers at alpha = +-1.
  for (const name of ['alpha-curve', 'curves', 'points']) plane.layer(name);
  legend(plane, [STYLE.e, STYLE.m, STYLE.a]);
  for (const name of ['line', 'marks', 'now']) curve.layer(name);

  // The readout rows are built once and their cells updated in place (a redraw per pointer move).
  const ROWS = [
    ['D_alpha(p : q)', 'alphaDivergence(p, q, alpha)'],
    ['D_-alpha(q : p)', 'alphaDivergence(q, p, -alpha): equal by duality'],
    ['KL(p || q)', 'kl(p, q): the limit alpha -> -1'],
    ['KL(q || p)', 'kl(q, p): the limit alpha -> 1'],
    ['4 H^2(p, q)', '4 hellinger(p, q)^2: the value at alpha = 0'],
  ];
  const nameCells = ROWS.map(([name]) => h('td', {}, [name]));
  const valueCells = ROWS.map(() => h('td', { class: 'num' }));
  f.readout.append(
    h('table', {}, [
      h('thead', {}, [h('tr', {}, ['quantity', 'value', 'how'].map((t) => h('th', { scope: 'col' }, [t])))]),
      h('tbody', {}, ROWS.map(([, how], i) => h('tr', {}, [nameCells[i], valueCells[i], h('td', {}, [how])]))),
    ]),
  );

  let dragNote = '';
  let urlNote = urlNotes.length > 0 ? `${urlNotes.join('; ')}: using defaults.` : '';
  const showMessages = () => {
    if (dragNote) f.msg.show(dragNote);
    else if (urlNote) f.msg.show(urlNote, 'info');
    else f.msg.clear();
  };

  const dist = (which: 'p' | 'q'): Distribution<unknown> => fam().make(st[which][0], st[which][1]);
  const move = (which: 'p' | 'q', x: number, y: number) => {
    try {
      const d = fromView(fam(), st.view, x, y);
      const s = d.source;
      fam().make(s[0], s[1]);
      st[which] = [s[0], s[1]];
      dragNote = '';
    } catch (e) {
      const names = viewNames(fam(), st.view);
      dragNote = `${e instanceof Error ? e.message : String(e)}. Point ${which} stays where it was (${names[0]}, ${names[1]} must describe a valid ${st.family} distribution).`;
    }
    update('points');
  };
  // The handles are rebuilt when the view changes, so their accessible names give the right coordinates.
  let handles: Draggable[] = [];
  function makeHandles(): void {
    for (const hd of handles) hd.el.remove();
    handles = (['p', 'q'] as const).map((which) =>
      draggablePoint(plane, 'points', {
        label: `point ${which}`,
        coordNames: viewNames(fam(), st.view),
        color: which === 'p' ? palette.orange : palette.reddishPurple,
        shape: which === 'p' ? 'circle' : 'square',
        step: [0.05, 0.05],
        get: () => viewCoords(dist(which), st.view),
        set: (x, y) => move(which, x, y),
        commit: () => (refitIfOutside(), commit()),
      }),
    );
  }

  /** Fits the plane to the view: a fixed box for source coordinates, else the curves' extent. */
  function refit(): void {
    const names = viewNames(fam(), st.view);
    plane.svg.setAttribute('aria-label', `The ${st.family} family in ${names.join(', ')}: e-, m- and alpha-geodesics between p and q`);
    if (st.view === 'source') {
      plane.setDomain(fam().range.x, fam().range.y);
    } else {
      const pts: [number, number][] = [];
      for (const c of [eCurve(dist('p'), dist('q'), 16), mCurve(dist('p'), dist('q'), 16)]) for (const d of c) if (d) pts.push(viewCoords(d, st.view));
      const box = (i: 0 | 1): [number, number] => {
        const vs = pts.map((pt) => pt[i]);
        const lo = Math.min(...vs);
        const hi = Math.max(...vs);
        const pad = 0.25 * (hi - lo || 1);
        return [lo - pad, hi + pad];
      };
      plane.setDomain(box(0), box(1));
    }
    relabel(names);
  }
  function relabel(names: [string, string]): void {
    // Axis names change with the view, so they live in an unclipped layer of their own.
    const g = plane.layer('axis-names', false);
    const [x0, x1] = plane.x.range();
    const [y0, y1] = plane.y.range();
    const ym = (y0 + y1) / 2;
    g.replaceChildren(
      s('text', { x: (x0 + x1) / 2, y: PLANE_H - 6, 'text-anchor': 'middle', class: 'axislabel' }, [names[0]]),
      s('text', { x: 14, y: ym, 'text-anchor': 'middle', class: 'axislabel', transform: `rotate(-90 14 ${ym})` }, [names[1]]),
    );
  }
  function refitIfOutside(): void {
    if (st.view === 'source') return;
    const [xa, xb] = plane.x.domain();
    const [ya, yb] = plane.y.domain();
    const out = (['p', 'q'] as const).some((w) => {
      const [x, y] = viewCoords(dist(w), st.view);
      return x < xa || x > xb || y < ya || y > yb;
    });
    if (out) (refit(), update('view'));
  }

  const pathOf = (c: Sampled): string => {
    const xs = new Float64Array(c.length);
    const ys = new Float64Array(c.length);
    c.forEach((d, i) => {
      const v = d ? viewCoords(d, st.view) : [NaN, NaN];
      xs[i] = v[0];
      ys[i] = v[1];
    });
    return plane.linePath(xs, ys);
  };

  // The alpha-geodesic is solved after a short pause (shooting takes a few to a few hundred ms);
  // meanwhile the last solution stays drawn, faded.
  let warm: Float64Array | null = null;
  let geo: AlphaGeodesic | null = null;
  let timer = 0;
  let generation = 0;
  let lastSolveMs = 0;
  function scheduleSolve(now: boolean): void {
    clearTimeout(timer);
    const gen = ++generation;
    ctx.report('geodesic', { alpha: st.alpha, status: 'pending' });
    plane.put('alpha-curve', 'a', 'path', { opacity: 0.3 });
    const run = () => {
      if (gen !== generation) return;
      const t0 = performance.now();
      try {
        geo = alphaCurve(fam(), dist('p'), dist('q'), st.alpha, N, warm);
      } catch (e) {
        geo = { alpha: st.alpha, status: 'failed', curve: [], residual: NaN, iterations: 0, v0: null, reason: e instanceof Error ? e.message : String(e) };
      }
      warm = geo.v0 ?? warm;
      lastSolveMs = performance.now() - t0;
      drawGeodesic(lastSolveMs);
    };
    if (now) run();
    else timer = window.setTimeout(run, SOLVE_DELAY_MS);
  }
  function drawGeodesic(ms: number): void {
    if (!geo) return;
    plane.put('alpha-curve', 'a', 'path', { d: pathOf(geo.curve), fill: 'none', stroke: STYLE.a.color, 'stroke-width': 5, 'stroke-linecap': 'round', opacity: 0.8 });
    if (geo.status === 'failed') {
      solveNote.show(`No alpha-geodesic drawn for alpha = ${fmt(geo.alpha, 3)}: ${geo.reason}. Try alpha in [-1, 1] or points closer together.`, 'info');
    } else if (geo.status === 'exact') {
      solveNote.show(`alpha = ${geo.alpha}: the ${geo.alpha === 1 ? 'e' : 'm'}-geodesic, a straight line in ${geo.alpha === 1 ? 'theta' : 'eta'} (exact).`, 'info');
    } else {
      solveNote.show(`alpha = ${fmt(geo.alpha, 3)}: geodesic of the alpha-connection by shooting, ${geo.iterations} Newton iterations, relative endpoint miss ${fmt(geo.residual, 2)}, ${fmt(ms, 3)} ms.`, 'info');
    }
    const mid = geo.curve[N / 2];
    ctx.report('geodesic', {
      alpha: geo.alpha,
      status: geo.status,
      residual: geo.residual,
      iterations: geo.iterations,
      ms,
      midTheta: mid ? Array.from(mid.theta) : null,
      midEta: mid ? Array.from(mid.eta) : null,
      points: geo.curve.map((d) => (d ? viewCoords(d, st.view) : null)),
    });
  }

  const frameMs: number[] = [];
  /** Redraws after a change of the points, of alpha, or of the view (which needs no new solve). */
  function update(kind: 'points' | 'alpha' | 'view'): void {
    const t0 = performance.now();
    const p = dist('p');
    const q = dist('q');
    for (const hd of handles) hd.update();
    const eC = eCurve(p, q, N);
    const mC = mCurve(p, q, N);
    plane.put('curves', 'e', 'path', { d: pathOf(eC), fill: 'none', stroke: STYLE.e.color, 'stroke-width': 2, 'stroke-dasharray': STYLE.e.dash });
    plane.put('curves', 'm', 'path', { d: pathOf(mC), fill: 'none', stroke: STYLE.m.color, 'stroke-width': 2.4, 'stroke-dasharray': STYLE.m.dash });
    if (kind === 'view' && geo) drawGeodesic(lastSolveMs);
    drawDivergence(p, q);
    showMessages();
    ctx.report('points', { p: [...st.p], q: [...st.q], family: st.family, view: st.view });
    ctx.report('eMidTheta', eC[N / 2] ? Array.from(eC[N / 2]!.theta) : null);
    ctx.report('mMidEta', mC[N / 2] ? Array.from(mC[N / 2]!.eta) : null);
    frameMs.push(performance.now() - t0);
    if (frameMs.length > 200) frameMs.shift();
    ctx.report('frameMs', [...frameMs]);
    if (kind !== 'view') scheduleSolve(false);
  }

  function drawDivergence(p: Distribution<unknown>, q: Distribution<unknown>): void {
    // The library throws rather than return a non-finite number it cannot vouch for (an overflow
    // for far-apart points): such values are shown as missing.
    const safe = (fn: () => number): number => {
      try {
        return fn();
      } catch {
        return NaN;
      }
    };
    const vals = CURVE_ALPHAS.map((a) => safe(() => alphaDivergence(p, q, a)));
    const klPQ = safe(() => kl(p, q));
    const klQP = safe(() => kl(q, p));
    const h2 = safe(() => 4 * hellinger(p, q) ** 2);
    const now = safe(() => alphaDivergence(p, q, st.alpha));
    const dual = safe(() => alphaDivergence(q, p, -st.alpha));
    const marks = [
      { a: -1, v: klPQ, label: 'KL(p || q)', shape: 'circle' },
      { a: 0, v: h2, label: '4 H^2', shape: 'square' },
      { a: 1, v: klQP, label: 'KL(q || p)', shape: 'diamond' },
    ];
    const finite = vals.filter(Number.isFinite);
    const limits = [klPQ, klQP, h2].filter(Number.isFinite);
    const top = niceCeil(Math.min(Math.max(...finite, ...limits) * 1.15, 2.5 * Math.max(...limits)));
    if (curve.y.domain()[1] !== top) curve.setDomain(ALPHA_RANGE, [0, top]);
    curve.put('line', 'd', 'path', { d: curve.linePath(CURVE_ALPHAS, vals.map((v) => (Number.isFinite(v) && v <= top * 1.5 ? v : NaN))), fill: 'none', stroke: STYLE.a.color, 'stroke-width': 2.5 });
    marks.forEach((m, i) => {
      const cx = curve.x(m.a);
      // A limit the library could not evaluate is left out (no NaN reaches the SVG).
      const cy = Number.isFinite(m.v) ? curve.y(Math.min(m.v, top)) : -1e3;
      const attrs = { fill: '#fff', stroke: palette.black, 'stroke-width': 2 };
      if (m.shape === 'circle') curve.put('marks', `m${i}`, 'circle', { cx, cy, r: 6, ...attrs });
      else curve.put('marks', `m${i}`, 'rect', { x: cx - 5.5, y: cy - 5.5, width: 11, height: 11, transform: m.shape === 'diamond' ? `rotate(45 ${cx} ${cy})` : null, ...attrs });
      setText(curve.put('marks', `t${i}`, 'text', { x: cx + 9, y: cy - 9, class: 'label' }), `${m.label} = ${fmt(m.v, 3)}`);
    });
    const nowX = curve.x(st.alpha);
    curve.put('now', 'v', 'line', { x1: nowX, x2: nowX, y1: curve.y.range()[0], y2: curve.y.range()[1], stroke: palette.black, 'stroke-dasharray': '3 3' });
    curve.put('now', 'dot', 'circle', { cx: nowX, cy: Number.isFinite(now) ? curve.y(Math.min(now, top)) : curve.y.range()[1], r: 5, fill: STYLE.a.color, stroke: palette.black });
    setText(nameCells[0], `D_alpha(p : q), alpha = ${fmt(st.alpha, 3)}`);
    [now, dual, klPQ, klQP, h2].forEach((v, i) => setText(valueCells[i], Number.isFinite(v) ? fmt(v, 6) : 'infinite (the integral diverges)'));
    ctx.report('divergence', { alpha: st.alpha, value: finiteOr(now), dual: finiteOr(dual), klPQ, klQP, fourH2: h2 });
    ctx.report('divergenceCurve', { alphas: CURVE_ALPHAS, values: vals.map(finiteOr) });
  }
  const finiteOr = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

  function setAlpha(a: number): void {
    st.alpha = a;
    update('alpha');
    commit();
  }

  function commit(): void {
    urlNote = '';
    ctx.setParams({ family: st.family, view: st.view, alpha: fmtParam(st.alpha), p: st.p.map(fmtParam).join(','), q: st.q.map(fmtParam).join(',') });
  }

  makeHandles();
  refit();
  update('points');
  scheduleSolve(true);
  return {
    destroy() {
      clearTimeout(timer);
      generation++;
    },
  };
}

/** The alpha-connections panel. */
export const alphaPanel: Panel = { id: 'alpha', title: 'alpha-connections', mount };
