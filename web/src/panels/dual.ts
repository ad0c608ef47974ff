/**
 * Panel "Dual coordinates": the normal family drawn in natural coordinates theta and in
 * expectation coordinates eta side by side, two draggable points, the e-geodesic (straight in
 * theta) and the m-geodesic (straight in eta) between them, and the Bregman divergence of the
 * log-partition F along the segment, drawn as the gap between F and its tangent, equal to KL.
 */
import type { Panel, PanelContext } from '../panel.js';
import { normal, normalFamily, fromTheta, fromEta, eGeodesicPoint, mGeodesicPoint, kl, bregman, logPartitionGenerator, type Distribution } from '../lib.js';
import { fmtParam, numParam } from '../state.js';
import { createPlot, draggablePoint, figure, fmt, h, htmlLegend, palette, panelFrame, type Draggable, type Plot } from '../ui/index.js';

type Pt = 'a' | 'b';
const TH1: [number, number] = [-4, 4];
const TH2: [number, number] = [-3, 0];
const ET1: [number, number] = [-2.5, 2.5];
const ET2: [number, number] = [0, 6];
const N = 64;
const T_RANGE: [number, number] = [-0.25, 1.25];

function mount(root: HTMLElement, ctx: PanelContext) {
  const p = ctx.params;
  const pts: Record<Pt, Distribution<unknown>> = { a: normal(-1, 1), b: normal(1, 0.8) };
  let urlNote = '';
  for (const k of ['a', 'b'] as const) {
    const mu = numParam(p, `${k}mu`, k === 'a' ? -1 : 1);
    const sg = numParam(p, `${k}sig`, k === 'a' ? 1 : 0.8);
    try {
      pts[k] = normal(mu, sg);
    } catch (e) {
      urlNote = `Point ${k.toUpperCase()} from the link is invalid (${e instanceof Error ? e.message : String(e)}): using the default.`;
    }
  }

  const f = panelFrame(root, {
    title: 'Dual coordinates: theta and eta',
    intro: [
      'An exponential family has two flat coordinate systems: the natural parameters theta, where the log-partition F is convex, and the expectation parameters eta = grad F(theta). ',
      'For the normal, theta = (mu/sigma^2, -1/(2 sigma^2)) and eta = (mu, mu^2 + sigma^2). ',
      'The e-geodesic between two distributions is straight in theta and the m-geodesic straight in eta; each looks curved in the other chart. ',
      'Drag A (blue circle) or B (vermillion square) in either plane. The lower plot follows F along the e-geodesic: the gap at B between F and the tangent at A is the Bregman divergence, which is KL(A || B).',
    ],
    tex: [
      String.raw`\eta = \nabla F(\theta),\qquad B_F(\theta_B : \theta_A) = \mathrm{KL}(p_A \,\|\, p_B)`,
      String.raw`B_F(\theta_B : \theta_A) = F(\theta_B) - F(\theta_A) - \langle \theta_B - \theta_A,\ \eta_A\rangle`,
      String.raw`\text{e-geodesic: } \theta(t) = (1-t)\,\theta_A + t\,\theta_B`,
      String.raw`\text{m-geodesic: } \eta(t) = (1-t)\,\eta_A + t\,\eta_B`,
    ],
  });

  const thetaPlot = createPlot({ width: 440, height: 330, x: TH1, y: TH2, xLabel: 'theta1 = mu / sigma^2', yLabel: 'theta2 = -1 / (2 sigma^2)', title: 'Natural coordinates theta with both geodesics' });
  const etaPlot = createPlot({ width: 440, height: 330, x: ET1, y: ET2, xLabel: 'eta1 = mu', yLabel: 'eta2 = mu^2 + sigma^2', title: 'Expectation coordinates eta with both geodesics' });
  const slice = createPlot({ width: 440, height: 330, x: T_RANGE, y: [0, 1], xLabel: 't along the e-geodesic from A (t = 0) to B (t = 1)', yLabel: 'F(theta(t))', title: 'Log-partition F along the e-geodesic, its tangent at A, and the Bregman gap at B' });
  const geoItems = [
    { label: 'e-geodesic (straight in theta)', color: palette.blue, dash: '' },
    { label: 'm-geodesic (straight in eta)', color: palette.vermillion, dash: '6 3' },
  ];
  f.figures.append(
    figure(thetaPlot.svg, 'theta-plane. The domain is theta2 < 0 (sigma > 0); the top edge is its boundary.', htmlLegend(geoItems)),
    figure(etaPlot.svg, 'eta-plane. The domain is eta2 > eta1^2 (above the grey parabola, where sigma = 0).', htmlLegend(geoItems)),
    figure(
      slice.svg,
      'F along the e-geodesic (black), its tangent at A (blue, dashed); the vertical green segment at t = 1 is the Bregman divergence.',
      htmlLegend([
        { label: 'F(theta(t))', color: palette.black },
        { label: 'tangent at A', color: palette.blue, dash: '6 3' },
        { label: 'Bregman gap = KL(A || B)', color: palette.bluishGreen },
      ]),
    ),
  );
  const readout = h('p', { class: 'readout' });
  f.readout.append(readout);

  // The boundary of the eta domain: eta of normals with sigma -> 0, computed by the library.
  const bx: number[] = [];
  const by: number[] = [];
  for (let i = 0; i <= 80; i++) {
    const e = normal(ET1[0] + ((ET1[1] - ET1[0]) * i) / 80, 1e-6).eta;
    bx.push(e[0]);
    by.push(e[1]);
  }
  etaPlot.put('boundary', 'parabola', 'path', { d: etaPlot.linePath(bx, by), fill: 'none', stroke: '#8a8a8a', 'stroke-width': 2 });
  for (const [plot, layer] of [[thetaPlot, 'geo'], [etaPlot, 'geo']] as const) plot.layer(layer);

  let dragNote = '';
  const setFrom = (k: Pt, chart: 'theta' | 'eta', x: number, y: number) => {
    try {
      pts[k] = chart === 'theta' ? fromTheta(normalFamily, [x, y]) : fromEta(normalFamily, [x, y]);
      dragNote = '';
    } catch (e) {
      dragNote = `${e instanceof Error ? e.message : String(e)}. Point ${k.toUpperCase()} stays where it was.`;
    }
    render();
  };
  const commit = () => {
    urlNote = '';
    ctx.setParams({
      amu: fmtParam(pts.a.source[0]),
      asig: fmtParam(pts.a.source[1]),
      bmu: fmtParam(pts.b.source[0]),
      bsig: fmtParam(pts.b.source[1]),
    });
  };
  const handles: Draggable[] = [];
  for (const k of ['a', 'b'] as const) {
    const color = k === 'a' ? palette.blue : palette.vermillion;
    const shape = k === 'a' ? 'circle' : 'square';
    handles.push(
      draggablePoint(thetaPlot, 'points', { label: `point ${k.toUpperCase()} in the theta-plane`, coordNames: ['theta1', 'theta2'], color, shape, step: [0.05, 0.05], get: () => [pts[k].theta[0], pts[k].theta[1]], set: (x, y) => setFrom(k, 'theta', x, y), commit }),
      draggablePoint(etaPlot, 'points', { label: `point ${k.toUpperCase()} in the eta-plane`, coordNames: ['eta1', 'eta2'], color, shape, step: [0.05, 0.05], get: () => [pts[k].eta[0], pts[k].eta[1]], set: (x, y) => setFrom(k, 'eta', x, y), commit }),
    );
  }

  function drawGeodesics(): void {
    const tA = pts.a.theta;
    const tB = pts.b.theta;
    const eA = pts.a.eta;
    const eB = pts.b.eta;
    const th = new Float64Array(2);
    const et = new Float64Array(2);
    const curves = { e: { tx: [] as number[], ty: [] as number[], ex: [] as number[], ey: [] as number[] }, m: { tx: [] as number[], ty: [] as number[], ex: [] as number[], ey: [] as number[] } };
    for (let i = 0; i <= N; i++) {
      const t = i / N;
      // e-geodesic: straight in theta; its eta image comes from the library's Legendre map.
      eGeodesicPoint(tA, tB, t, th);
      const pe = fromTheta(normalFamily, th);
      curves.e.tx.push(th[0]), curves.e.ty.push(th[1]), curves.e.ex.push(pe.eta[0]), curves.e.ey.push(pe.eta[1]);
      // m-geodesic: straight in eta; its theta image by the inverse map.
      mGeodesicPoint(eA, eB, t, et);
      const pm = fromEta(normalFamily, et);
      curves.m.tx.push(pm.theta[0]), curves.m.ty.push(pm.theta[1]), curves.m.ex.push(et[0]), curves.m.ey.push(et[1]);
    }
    for (const [plot, x, y, key, color, dash] of [
      [thetaPlot, curves.e.tx, curves.e.ty, 'e', palette.blue, ''],
      [thetaPlot, curves.m.tx, curves.m.ty, 'm', palette.vermillion, '6 3'],
      [etaPlot, curves.e.ex, curves.e.ey, 'e', palette.blue, ''],
      [etaPlot, curves.m.ex, curves.m.ey, 'm', palette.vermillion, '6 3'],
    ] as [Plot, number[], number[], string, string, string][]) {
      plot.put('geo', key, 'path', { d: plot.linePath(x, y), fill: 'none', stroke: color, 'stroke-width': 2.4, 'stroke-dasharray': dash });
    }
  }

  function drawSlice(): number {
    const gen = logPartitionGenerator(normalFamily);
    const tA = pts.a.theta;
    const tB = pts.b.theta;
    const ts: number[] = [];
    const fv: number[] = [];
    const tan: number[] = [];
    const th = new Float64Array(2);
    for (let i = 0; i <= N; i++) {
      const t = T_RANGE[0] + ((T_RANGE[1] - T_RANGE[0]) * i) / N;
      eGeodesicPoint(tA, tB, t, th);
      if (!normalFamily.isNaturalValid(th)) {
        ts.push(t), fv.push(NaN), tan.push(NaN);
        continue;
      }
      const F = gen.value(th);
      ts.push(t);
      fv.push(F);
      // The tangent plane of F at A, evaluated on the line: F minus the Bregman divergence from A.
      tan.push(F - bregman(gen, th, tA));
    }
    const fB = gen.value(tB);
    const gap = bregman(gen, tB, tA);
    const finite = [...fv, ...tan].filter(Number.isFinite);
    let lo = Math.min(...finite);
    let hi = Math.max(...finite);
    if (!(hi > lo)) (lo -= 1), (hi += 1);
    const pad = 0.08 * (hi - lo);
    slice.setDomain(T_RANGE, [lo - pad, hi + pad]);
    slice.put('curves', 'F', 'path', { d: slice.linePath(ts, fv), fill: 'none', stroke: palette.black, 'stroke-width': 2.2 });
    slice.put('curves', 'tan', 'path', { d: slice.linePath(ts, tan), fill: 'none', stroke: palette.blue, 'stroke-width': 2, 'stroke-dasharray': '6 3' });
    slice.put('curves', 'gap', 'line', { x1: slice.x(1), x2: slice.x(1), y1: slice.y(fB), y2: slice.y(fB - gap), stroke: palette.bluishGreen, 'stroke-width': 4 });
    slice.put('marks', 'A', 'circle', { cx: slice.x(0), cy: slice.y(gen.value(tA)), r: 5, fill: palette.blue, stroke: '#000' });
    slice.put('marks', 'B', 'rect', { x: slice.x(1) - 5, y: slice.y(fB) - 5, width: 10, height: 10, fill: palette.vermillion, stroke: '#000' });
    const label = slice.put('marks', 'label', 'text', { x: slice.x(1) - 8, y: slice.y(fB - gap / 2) + 4, class: 'label', 'text-anchor': 'end' });
    label.textContent = `B_F = ${fmt(gap, 3)}`;
    return gap;
  }

  function render(): void {
    const started = performance.now();
    for (const hd of handles) hd.update();
    drawGeodesics();
    const gap = drawSlice();
    const klAB = kl(pts.a, pts.b);
    const klBA = kl(pts.b, pts.a);
    const [am, as] = pts.a.source;
    const [bm, bs] = pts.b.source;
    readout.textContent = `A = N(${fmt(am, 3)}, ${fmt(as, 3)}^2), B = N(${fmt(bm, 3)}, ${fmt(bs, 3)}^2). Bregman gap B_F(theta_B : theta_A) = ${fmt(gap, 6)}; KL(A || B) = ${fmt(klAB, 6)}; KL(B || A) = ${fmt(klBA, 6)} (KL is not symmetric; the gap at A of the tangent at B would give it).`;
    if (dragNote) f.msg.show(dragNote);
    else if (urlNote) f.msg.show(urlNote, 'info');
    else f.msg.clear();
    ctx.report('a', { mu: am, sigma: as, theta: Array.from(pts.a.theta), eta: Array.from(pts.a.eta) });
    ctx.report('b', { mu: bm, sigma: bs, theta: Array.from(pts.b.theta), eta: Array.from(pts.b.eta) });
    ctx.report('bregman', gap);
    ctx.report('klAB', klAB);
    ctx.report('updateMs', performance.now() - started);
  }

  render();
  return { destroy() {} };
}

/** The dual-coordinates panel. */
export const dualPanel: Panel = { id: 'dual', title: 'Dual coordinates', mount };
