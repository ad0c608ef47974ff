import type { Plot } from './plot.js';
import { s, fmt } from './dom.js';

/** Options of {@link draggablePoint}. */
export interface DraggableOptions {
  /** Accessible name, e.g. "start point". The current coordinates are appended for screen readers. */
  label: string;
  /** Names of the two coordinates, for the accessible value text. */
  coordNames: [string, string];
  color: string;
  /** 'circle' or 'square' (use both in one plot so points differ by shape too). */
  shape?: 'circle' | 'square' | 'diamond';
  /** Keyboard step in data units per arrow press (Shift: x10, Alt: x0.1). */
  step: [number, number];
  /** Current position in data coordinates. */
  get(): [number, number];
  /** Requests a move; the panel validates, stores and redraws. */
  set(x: number, y: number): void;
  /** Called once when a drag or key move ends (e.g. to write the URL). */
  commit?(): void;
}

/** A point the user can drag with a pointer or move with the arrow keys. */
export interface Draggable {
  el: SVGGElement;
  /** Re-reads `get()` and moves the marker. */
  update(): void;
}

/**
 * Adds a draggable, focusable marker to `layer` of `plot`. Pointer: press and drag. Keyboard:
 * Tab to focus, arrows move by `step` (Shift x10, Alt x0.1), Enter/Escape do nothing special.
 */
export function draggablePoint(plot: Plot, layer: string, o: DraggableOptions): Draggable {
  const g = s('g', {
    class: 'draggable',
    tabindex: 0,
    role: 'slider',
    'aria-roledescription': 'draggable point',
    'aria-label': `${o.label}: drag, or use the arrow keys`,
  });
  const shape = o.shape ?? 'circle';
  const mark =
    shape === 'circle'
      ? s('circle', { r: 7, fill: o.color, stroke: '#000', 'stroke-width': 1.5 })
      : shape === 'square'
        ? s('rect', { x: -6.5, y: -6.5, width: 13, height: 13, fill: o.color, stroke: '#000', 'stroke-width': 1.5 })
        : s('rect', { x: -6, y: -6, width: 12, height: 12, fill: o.color, stroke: '#000', 'stroke-width': 1.5, transform: 'rotate(45)' });
  const halo = s('circle', { r: 16, class: 'hit' });
  const ring = s('circle', { r: 12, class: 'focus-ring' });
  g.append(halo, ring, mark);
  plot.layer(layer, false).append(g);

  const update = () => {
    const [x, y] = o.get();
    const px = Math.max(-1e4, Math.min(1e4, plot.x(x)));
    const py = Math.max(-1e4, Math.min(1e4, plot.y(y)));
    g.setAttribute('transform', `translate(${px.toFixed(1)},${py.toFixed(1)})`);
    g.setAttribute('aria-valuetext', `${o.coordNames[0]} = ${fmt(x, 3)}, ${o.coordNames[1]} = ${fmt(y, 3)}`);
  };

  let dragging = false;
  g.addEventListener('pointerdown', (e) => {
    dragging = true;
    g.setPointerCapture(e.pointerId);
    g.focus();
    e.preventDefault();
  });
  g.addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const [x, y] = plot.toData(e.clientX, e.clientY);
    o.set(x, y);
    update();
  });
  const end = (e: PointerEvent) => {
    if (!dragging) return;
    dragging = false;
    if (g.hasPointerCapture(e.pointerId)) g.releasePointerCapture(e.pointerId);
    o.commit?.();
  };
  g.addEventListener('pointerup', end);
  g.addEventListener('pointercancel', end);
  g.addEventListener('keydown', (e) => {
    const mult = e.shiftKey ? 10 : e.altKey ? 0.1 : 1;
    let dx = 0;
    let dy = 0;
    if (e.key === 'ArrowLeft') dx = -1;
    else if (e.key === 'ArrowRight') dx = 1;
    else if (e.key === 'ArrowUp') dy = 1;
    else if (e.key === 'ArrowDown') dy = -1;
    else return;
    e.preventDefault();
    const [x, y] = o.get();
    o.set(x + dx * o.step[0] * mult, y + dy * o.step[1] * mult);
    update();
    o.commit?.();
  });
  update();
  return { el: g, update };
}
