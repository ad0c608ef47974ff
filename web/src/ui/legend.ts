import { h } from './dom.js';
import type { LegendItem } from './plot.js';

/**
 * A legend as an HTML list (readable at any screen width, unlike text inside a scaled SVG):
 * a line swatch with the series' colour and dash pattern, then the label.
 */
export function htmlLegend(items: readonly LegendItem[]): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    items.map((it) =>
      h('li', {}, [
        it.marker === 'dot'
          ? h('span', { class: 'swatch-dot', style: `background:${it.color}`, 'aria-hidden': 'true' })
          : h('span', { class: 'swatch', style: `border-top-color:${it.color};border-top-style:${it.dash ? (it.dash.startsWith('2') || it.dash.startsWith('1') ? 'dotted' : 'dashed') : 'solid'}`, 'aria-hidden': 'true' }),
        it.label,
      ]),
    ),
  );
}
