/**
 * Drawing glue for the Pythagorean panel: covariance ellipses of bivariate normals (the matrix
 * square root is the library's `spdSqrt`), the bar chart of the three KL terms, and 2x2
 * probability tables. No mathematics beyond mapping numbers to pixels.
 */
import { spdSqrt } from '../../../../src/linalg/index.js';
import type { Distribution } from '../../lib.js';
import { fmt, h, palette, type Plot } from '../../ui/index.js';

const CIRCLE = 64;

/** The ellipse {mean + r C^{1/2} (cos t, sin t)} of a bivariate normal, as a closed SVG path. */
export function ellipsePath(plot: Plot, d: Distribution<unknown>, r: number): string {
  const { mean, cov } = d.params as { mean: ArrayLike<number>; cov: ArrayLike<ArrayLike<number>> };
  const c = Float64Array.of(cov[0][0], cov[0][1], cov[1][0], cov[1][1]);
  const w = spdSqrt(new Float64Array(4), c, 2);
  if (w === null) return '';
  const xs = new Float64Array(CIRCLE + 1);
  const ys = new Float64Array(CIRCLE + 1);
  for (let i = 0; i <= CIRCLE; i++) {
    const a = Math.cos((2 * Math.PI * i) / CIRCLE);
    const b = Math.sin((2 * Math.PI * i) / CIRCLE);
    xs[i] = mean[0] + r * (w[0] * a + w[1] * b);
    ys[i] = mean[1] + r * (w[2] * a + w[3] * b);
  }
  return plot.linePath(xs, ys) + 'Z';
}

/** A round axis maximum >= v from a fixed ladder, so the axis does not change on every small move. */
function axisTop(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  return ([1, 1.5, 2, 3, 4, 5, 6, 8, 10].find((m) => m * e >= v) ?? 10) * e;
}

/** The three terms of the identity, drawn as one bar for KL(p || r) and a stacked bar beside it. */
export function drawBars(plot: Plot, terms: { klPR: number; klPQ: number; klQR: number }): void {
  const top = axisTop(Math.max(terms.klPR, terms.klPQ + terms.klQR) * 1.15);
  if (plot.y.domain()[1] !== top) plot.setDomain([0, 3.2], [0, top]);
  const half = 40;
  const bar = (key: string, x: number, lo: number, hi: number, fill: string, pattern: string) => {
    const yl = plot.y(lo);
    const yh = plot.y(hi);
    plot.put('bars', key, 'rect', { x: plot.x(x) - half, width: 2 * half, y: yh, height: Math.max(0, yl - yh), fill, stroke: palette.black, 'stroke-width': 1.2, 'stroke-dasharray': pattern });
  };
  bar('pr', 0.6, 0, terms.klPR, palette.orange, '');
  bar('pq', 1.6, 0, terms.klPQ, palette.skyBlue, '');
  bar('qr', 1.6, terms.klPQ, terms.klPQ + terms.klQR, palette.reddishPurple, '5 3');
  const label = (key: string, x: number, y: number, text: string, anchor = 'middle') => {
    const t = plot.put('bars', key, 'text', { x, y, 'text-anchor': anchor, class: 'label' });
    t.textContent = text;
  };
  label('l-pr', plot.x(0.6), plot.y(terms.klPR) - 8, `KL(p || r) = ${fmt(terms.klPR, 4)}`);
  label('l-sum', plot.x(1.6), plot.y(terms.klPQ + terms.klQR) - 8, `sum = ${fmt(terms.klPQ + terms.klQR, 4)}`);
  // Segment labels to the right of the stacked bar, kept at least a line apart.
  const yPQ = (plot.y(0) + plot.y(terms.klPQ)) / 2 + 4;
  const yQR = Math.min((plot.y(terms.klPQ) + plot.y(terms.klPQ + terms.klQR)) / 2 + 4, yPQ - 14);
  label('l-pq', plot.x(1.6) + half + 6, yPQ, `KL(p || q*) = ${fmt(terms.klPQ, 3)}`, 'start');
  label('l-qr', plot.x(1.6) + half + 6, yQR, `KL(q* || r) = ${fmt(terms.klQR, 3)}`, 'start');
}

/** A 2x2 table of joint probabilities (cells in the order (0,0), (0,1), (1,0), (1,1)), updated in place. */
export function probTable(caption: string): { el: HTMLElement; set(probs: ArrayLike<number>): void } {
  const pad = 'padding: 2px 10px; text-align: right; border: 1px solid #ddd';
  const cells = [0, 1, 2, 3].map(() => h('td', { class: 'num', style: pad }));
  const el = h('table', { class: 'prob-table', style: 'border-collapse: collapse; margin: 0 18px 8px 0; font-variant-numeric: tabular-nums' }, [
    h('caption', {}, [caption]),
    h('thead', {}, [h('tr', {}, [h('th', { scope: 'col' }, ['']), h('th', { scope: 'col' }, ['Y = 0']), h('th', { scope: 'col' }, ['Y = 1'])])]),
    h('tbody', {}, [h('tr', {}, [h('th', { scope: 'row' }, ['X = 0']), cells[0], cells[1]]), h('tr', {}, [h('th', { scope: 'row' }, ['X = 1']), cells[2], cells[3]])]),
  ]);
  return {
    el,
    set(probs) {
      cells.forEach((c, i) => {
        const t = fmt(probs[i], 3);
        if (c.textContent !== t) c.textContent = t;
      });
    },
  };
}
