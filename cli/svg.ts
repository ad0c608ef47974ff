/**
 * A tiny SVG line-plot writer for the command line: polylines with a legend, axes with round
 * tick values, and marked points. No dependencies; the output is a standalone SVG document.
 */

/** The Okabe-Ito palette (Okabe and Ito 2008), distinguishable with every common colour-vision deficiency. */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#000000'] as const;

/** Dash patterns, to tell apart lines of the same colour (e.g. one optimiser in several coordinates). */
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'] as const;

/** One line of the plot. */
export interface LineSeries {
  label: string;
  points: ReadonlyArray<readonly [number, number]>;
  color: string;
  /** SVG stroke-dasharray, e.g. '6 3'; empty for a solid line. */
  dash?: string;
}

/** A labelled point, drawn as a cross (e.g. the optimum) or a dot (e.g. the start). */
export interface MarkedPoint {
  label: string;
  x: number;
  y: number;
  shape?: 'cross' | 'dot';
}

/** What to draw. */
export interface LinePlot {
  title?: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  marks?: MarkedPoint[];
  /** Pixel size of the whole picture (default 760 x 520). */
  width?: number;
  height?: number;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function label(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/**
 * Renders the plot as an SVG document. Non-finite points are skipped; an empty plot still has
 * its axes and legend.
 * @example svgLinePlot({ xLabel: 'mu', yLabel: 'sigma', series: [{ label: 'ng', color: OKABE_ITO[0], points: [[0, 1], [1, 2]] }] }).startsWith('<svg') // true
 */
export function svgLinePlot(plot: LinePlot): string {
  const width = plot.width ?? 760;
  const height = plot.height ?? 520;
  const longest = Math.max(0, ...plot.series.map((s) => s.label.length), ...(plot.marks ?? []).map((m) => m.label.length));
  const legendWidth = Math.max(150, 44 + Math.ceil(6.8 * longest));
  const margin = { left: 64, right: legendWidth + 16, top: plot.title ? 36 : 16, bottom: 48 };
  const pw = width - margin.left - margin.right;
  const ph = height - margin.top - margin.bottom;

  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of plot.series) {
    for (const [x, y] of s.points) {
      if (Number.isFinite(x) && Number.isFinite(y)) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  for (const m of plot.marks ?? []) {
    xs.push(m.x);
    ys.push(m.y);
  }
  let [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const padX = 0.04 * (x1 - x0);
  const padY = 0.04 * (y1 - y0);
  [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const sx = (x: number): number => margin.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number): number => margin.top + ph - ((y - y0) / (y1 - y0)) * ph;
  const f = (v: number): string => v.toFixed(2);

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (plot.title) parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(plot.title)}</text>`);
  // Grid, ticks and axes.
  for (const t of ticks(x0, x1)) {
    parts.push(`<line x1="${f(sx(t))}" y1="${margin.top}" x2="${f(sx(t))}" y2="${margin.top + ph}" stroke="#e6e6e6"/>`);
    parts.push(`<text x="${f(sx(t))}" y="${margin.top + ph + 16}" text-anchor="middle">${label(t)}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${margin.left}" y1="${f(sy(t))}" x2="${margin.left + pw}" y2="${f(sy(t))}" stroke="#e6e6e6"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${label(t)}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${margin.left + pw / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(plot.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${margin.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(plot.yLabel)}</text>`);
  // Lines, each ending in a small dot.
  for (const s of plot.series) {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (pts.length === 0) continue;
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(`<polyline fill="none" stroke="${escapeXml(s.color)}" stroke-width="2"${dash} points="${pts.map(([x, y]) => `${f(sx(x))},${f(sy(y))}`).join(' ')}"><title>${escapeXml(s.label)}</title></polyline>`);
    const [ex, ey] = pts[pts.length - 1];
    parts.push(`<circle cx="${f(sx(ex))}" cy="${f(sy(ey))}" r="3" fill="${escapeXml(s.color)}"/>`);
  }
  for (const m of plot.marks ?? []) {
    const [cx, cy] = [sx(m.x), sy(m.y)];
    if (m.shape === 'dot') parts.push(`<circle cx="${f(cx)}" cy="${f(cy)}" r="5" fill="none" stroke="#000" stroke-width="1.5"/>`);
    else parts.push(`<path d="M${f(cx - 6)},${f(cy - 6)}L${f(cx + 6)},${f(cy + 6)}M${f(cx - 6)},${f(cy + 6)}L${f(cx + 6)},${f(cy - 6)}" stroke="#000" stroke-width="2"/>`);
  }
  // Legend.
  const lx = width - legendWidth;
  let ly = margin.top + 8;
  for (const s of plot.series) {
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 28}" y2="${ly}" stroke="${escapeXml(s.color)}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${lx + 34}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
    ly += 18;
  }
  for (const m of plot.marks ?? []) {
    const shape = m.shape === 'dot' ? `<circle cx="${lx + 14}" cy="${ly}" r="5" fill="none" stroke="#000" stroke-width="1.5"/>` : `<path d="M${lx + 8},${ly - 6}L${lx + 20},${ly + 6}M${lx + 8},${ly + 6}L${lx + 20},${ly - 6}" stroke="#000" stroke-width="2"/>`;
    parts.push(shape, `<text x="${lx + 34}" y="${ly + 4}">${escapeXml(m.label)}</text>`);
    ly += 18;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
