/**
 * The figure of exercise 2: the log-partition F(theta) of a one-parameter family, sampled from the
 * library (`family.logPartition`), with the point of the exercise marked. Its curvature there is
 * the Fisher information the exercise asks for.
 */
import type { ExponentialFamily } from '../../lib.js';
import { createPlot, figure, palette } from '../../ui/index.js';

/** A plot of F on [theta0 - 2, theta0 + 2] with theta0 marked. */
export function logPartitionFigure(family: ExponentialFamily<unknown>, theta0: number, caption: string): HTMLElement {
  const n = 81;
  const xs = Float64Array.from({ length: n }, (_, i) => theta0 - 2 + (4 * i) / (n - 1));
  const ys = xs.map((t) => family.logPartition(Float64Array.of(t)));
  let top = 0;
  for (const y of ys) if (Number.isFinite(y) && y > top) top = y;
  const plot = createPlot({ width: 460, height: 260, x: [xs[0], xs[n - 1]], y: [0, top * 1.05 || 1], xLabel: 'theta', yLabel: 'F(theta)', title: `The log-partition F(theta) of the ${family.name} family` });
  plot.put('curve', 'f', 'path', { d: plot.linePath(xs, ys), fill: 'none', stroke: palette.blue, 'stroke-width': 2.5 });
  const cx = plot.x(theta0);
  const cy = plot.y(family.logPartition(Float64Array.of(theta0)));
  plot.put('mark', 'dot', 'circle', { cx, cy, r: 5, fill: palette.orange, stroke: palette.black });
  plot.put('mark', 'label', 'text', { x: cx + 8, y: cy - 8, class: 'label' }).textContent = 'theta0';
  return figure(plot.svg, caption);
}
