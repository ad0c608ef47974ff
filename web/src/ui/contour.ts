import { contours } from 'd3-contour';
import { round1, type Plot } from './plot.js';

/** Values sampled on a regular grid: `values[j * nx + i]` at (x0 + i dx, y0 + j dy), j counting up in y. */
export interface Grid {
  values: ArrayLike<number>;
  nx: number;
  ny: number;
  x: [number, number];
  y: [number, number];
}

/**
 * Contour lines of a gridded function as SVG path strings in the plot's pixel space, one per
 * threshold (d3-contour marching squares; non-finite values are treated as +Infinity so a region
 * where the function is undefined reads as "above every level").
 */
export function contourPaths(plot: Plot, grid: Grid, thresholds: readonly number[]): string[] {
  const n = grid.nx * grid.ny;
  const vals = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = grid.values[k];
    vals[k] = Number.isFinite(v) ? v : 1e300;
  }
  const gen = contours().size([grid.nx, grid.ny]).thresholds(thresholds as number[]);
  const dx = (grid.x[1] - grid.x[0]) / (grid.nx - 1);
  const dy = (grid.y[1] - grid.y[0]) / (grid.ny - 1);
  // d3-contour puts value (i, j) at the cell centre (i + 0.5, j + 0.5).
  const px = (gx: number) => round1(plot.x(grid.x[0] + (gx - 0.5) * dx));
  const py = (gy: number) => round1(plot.y(grid.y[0] + (gy - 0.5) * dy));
  return gen(vals as unknown as number[]).map((mp) => {
    let d = '';
    for (const polygon of mp.coordinates) {
      for (const ring of polygon) {
        ring.forEach((p, i) => {
          d += `${i === 0 ? 'M' : 'L'}${px(p[0])},${py(p[1])}`;
        });
        d += 'Z';
      }
    }
    return d;
  });
}

/** Samples `f(x, y)` on an nx-by-ny grid over the given ranges (row j = y index). */
export function sampleGrid(f: (x: number, y: number) => number, nx: number, ny: number, xr: [number, number], yr: [number, number]): Grid {
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const yy = yr[0] + ((yr[1] - yr[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const xx = xr[0] + ((xr[1] - xr[0]) * i) / (nx - 1);
      let v: number;
      try {
        v = f(xx, yy);
      } catch {
        v = Infinity;
      }
      values[j * nx + i] = v;
    }
  }
  return { values, nx, ny, x: xr, y: yr };
}

/** Draws contour lines of `grid` into `layer` of `plot` (keyed, so redraws reuse elements). */
export function drawContours(plot: Plot, layer: string, grid: Grid, thresholds: readonly number[], color = '#999'): void {
  const paths = contourPaths(plot, grid, thresholds);
  const keep = new Set<string>();
  paths.forEach((d, i) => {
    const key = `c${i}`;
    keep.add(key);
    plot.put(layer, key, 'path', { d, fill: 'none', stroke: color, 'stroke-width': 1, class: 'contour' });
  });
  plot.prune(layer, keep);
}
