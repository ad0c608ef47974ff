import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { s, uid, setAttrs } from './dom.js';

/** Margins around the plotting area, in SVG user units. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Options of {@link createPlot}. */
export interface PlotOptions {
  /** Size of the SVG in user units; it scales to its container (viewBox, width 100%). */
  width: number;
  height: number;
  margin?: Partial<Margin>;
  x: [number, number];
  y: [number, number];
  xLabel?: string;
  yLabel?: string;
  /** Accessible name of the figure (aria-label). */
  title: string;
  xTicks?: number;
  yTicks?: number;
}

type Attrs = Record<string, string | number | undefined | null | boolean>;

/**
 * An SVG plot with d3-scale axes and named layers drawn in creation order, clipped to the
 * plotting area. Elements are keyed so a redraw updates attributes instead of rebuilding the DOM
 * (the explorer redraws on every pointer move).
 */
export interface Plot {
  svg: SVGSVGElement;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  margin: Margin;
  /** The layer `name` (created, clipped, on first use; later layers draw on top). */
  layer(name: string, clip?: boolean): SVGGElement;
  /** Removes every element of the layer. */
  clear(name: string): void;
  /** Creates or updates the element of `tag` keyed `key` in `layer` with `attrs`. */
  put<K extends keyof SVGElementTagNameMap>(layer: string, key: string, tag: K, attrs: Attrs): SVGElementTagNameMap[K];
  /** Removes keyed elements of `layer` whose keys are not in `keep`. */
  prune(layer: string, keep: Set<string>): void;
  /** Changes the data domain and redraws the axes. */
  setDomain(x: [number, number], y: [number, number]): void;
  /** Maps a pointer position (client pixels) to data coordinates. */
  toData(clientX: number, clientY: number): [number, number];
  /** An SVG path string through the points (data coordinates); non-finite points break the line. */
  linePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string;
}

/** Rounds to 0.1 user units for path data (much cheaper than toFixed in a tight loop). */
export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Creates a plot; append `plot.svg` to the page. */
export function createPlot(o: PlotOptions): Plot {
  const margin: Margin = { top: 12, right: 12, bottom: 40, left: 52, ...o.margin };
  const W = o.width;
  const H = o.height;
  const x = scaleLinear().domain(o.x).range([margin.left, W - margin.right]);
  const y = scaleLinear().domain(o.y).range([H - margin.bottom, margin.top]);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': o.title, class: 'plot', preserveAspectRatio: 'xMidYMid meet' });
  const clipId = uid('clip');
  const defs = s('defs', {}, [
    s('clipPath', { id: clipId }, [s('rect', { x: margin.left, y: margin.top, width: W - margin.left - margin.right, height: H - margin.top - margin.bottom })]),
  ]);
  const axes = s('g', { class: 'axes', 'aria-hidden': 'true' });
  svg.append(defs, axes);
  const layers = new Map<string, SVGGElement>();
  const keyed = new Map<string, Map<string, SVGElement>>();
  const written = new WeakMap<SVGElement, Map<string, string | null>>();

  const drawAxes = () => {
    axes.replaceChildren();
    const x0 = margin.left;
    const x1 = W - margin.right;
    const y0 = H - margin.bottom;
    const y1 = margin.top;
    axes.append(s('rect', { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: 'frame' }));
    for (const t of x.ticks(o.xTicks ?? 6)) {
      const px = x(t);
      axes.append(s('line', { x1: px, x2: px, y1: y0, y2: y0 + 5, class: 'tick' }));
      axes.append(s('line', { x1: px, x2: px, y1: y0, y2: y1, class: 'grid' }));
      axes.append(s('text', { x: px, y: y0 + 18, 'text-anchor': 'middle', class: 'ticklabel' }, [x.tickFormat(o.xTicks ?? 6)(t)]));
    }
    for (const t of y.ticks(o.yTicks ?? 5)) {
      const py = y(t);
      axes.append(s('line', { x1: x0 - 5, x2: x0, y1: py, y2: py, class: 'tick' }));
      axes.append(s('line', { x1: x0, x2: x1, y1: py, y2: py, class: 'grid' }));
      axes.append(s('text', { x: x0 - 8, y: py + 4, 'text-anchor': 'end', class: 'ticklabel' }, [y.tickFormat(o.yTicks ?? 5)(t)]));
    }
    if (o.xLabel) axes.append(s('text', { x: (x0 + x1) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axislabel' }, [o.xLabel]));
    if (o.yLabel)
      axes.append(s('text', { x: 14, y: (y0 + y1) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(y0 + y1) / 2})`, class: 'axislabel' }, [o.yLabel]));
  };
  drawAxes();

  const plot: Plot = {
    svg,
    x,
    y,
    margin,
    layer(name, clip = true) {
      let g = layers.get(name);
      if (!g) {
        g = s('g', { class: `layer layer-${name}`, 'clip-path': clip ? `url(#${clipId})` : undefined });
        svg.append(g);
        layers.set(name, g);
        keyed.set(name, new Map());
      }
      return g;
    },
    clear(name) {
      plot.layer(name).replaceChildren();
      keyed.get(name)?.clear();
    },
    put(layerName, key, tag, attrs) {
      const g = plot.layer(layerName);
      const m = keyed.get(layerName)!;
      let el = m.get(key);
      if (!el || el.tagName !== tag) {
        el?.remove();
        el = s(tag, { 'data-key': key });
        g.append(el);
        m.set(key, el);
      }
      // Write only attributes whose value changed: setting an SVG presentation attribute, even
      // to its current value, invalidates style and layout of the element.
      let last = written.get(el);
      if (!last) {
        last = new Map();
        written.set(el, last);
      }
      const changed: Attrs = {};
      let any = false;
      for (const k in attrs) {
        const v = attrs[k];
        const str = v === false || v === null || v === undefined ? null : v === true ? '' : String(v);
        if (last.get(k) !== str) {
          last.set(k, str);
          changed[k] = v;
          any = true;
        }
      }
      if (any) setAttrs(el, changed);
      return el as SVGElementTagNameMap[typeof tag];
    },
    prune(layerName, keep) {
      const m = keyed.get(layerName);
      if (!m) return;
      for (const [k, el] of m) {
        if (!keep.has(k)) {
          el.remove();
          m.delete(k);
        }
      }
    },
    setDomain(xd, yd) {
      x.domain(xd);
      y.domain(yd);
      drawAxes();
    },
    toData(clientX, clientY) {
      const ctm = svg.getScreenCTM();
      if (!ctm) return [x.invert(margin.left), y.invert(margin.top)];
      const pt = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
      return [x.invert(pt.x), y.invert(pt.y)];
    },
    linePath(xs, ys) {
      let d = '';
      let pen = false;
      const n = Math.min(xs.length, ys.length);
      for (let i = 0; i < n; i++) {
        const px = x(xs[i]);
        const py = y(ys[i]);
        if (!Number.isFinite(px) || !Number.isFinite(py)) {
          pen = false;
          continue;
        }
        // Clamp far-off points so the browser never sees enormous coordinates.
        const cx = Math.max(-1e4, Math.min(1e4, px));
        const cy = Math.max(-1e4, Math.min(1e4, py));
        d += `${pen ? 'L' : 'M'}${round1(cx)},${round1(cy)}`;
        pen = true;
      }
      return d;
    },
  };
  return plot;
}

/** A legend entry: colour, dash pattern and label. */
export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  marker?: 'line' | 'dot';
}

/** Adds a small legend in the top-right corner of the plotting area. */
export function legend(plot: Plot, items: readonly LegendItem[], where: 'right' | 'left' = 'right'): void {
  plot.clear('legend');
  const g = plot.layer('legend', false);
  const [r0, r1] = plot.x.range();
  const lineH = 16;
  const w = 150;
  const x0 = where === 'right' ? r1 - w - 6 : r0 + 6;
  const y0 = plot.y.range()[1] + 6;
  g.append(s('rect', { x: x0, y: y0, width: w, height: items.length * lineH + 8, class: 'legend-bg' }));
  items.forEach((it, i) => {
    const yy = y0 + 12 + i * lineH;
    if (it.marker === 'dot') g.append(s('circle', { cx: x0 + 16, cy: yy, r: 4, fill: it.color }));
    else g.append(s('line', { x1: x0 + 6, x2: x0 + 26, y1: yy, y2: yy, stroke: it.color, 'stroke-width': 2.5, 'stroke-dasharray': it.dash ?? '' }));
    g.append(s('text', { x: x0 + 32, y: yy + 4, class: 'legend-text' }, [it.label]));
  });
}
