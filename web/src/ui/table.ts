import { h } from './dom.js';

/** A table cell: text, optionally led by a line swatch in a series colour. */
export type Cell = string | { text: string; swatch?: { color: string; dash?: string }; num?: boolean };

/** A readout table whose rows are updated in place (only changed text is written). */
export interface DataTable {
  el: HTMLTableElement;
  setRows(rows: readonly (readonly Cell[])[]): void;
}

/** Creates a table with column headers and a caption for screen readers. */
export function dataTable(headers: readonly string[], caption: string, numeric: readonly boolean[] = []): DataTable {
  const body = h('tbody');
  const el = h('table', {}, [h('caption', { class: 'sr-only' }, [caption]), h('thead', {}, [h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, [t])))]), body]);
  let shape = '';
  const texts: Text[][] = [];
  return {
    el,
    setRows(rows) {
      const sig = rows.map((r) => r.map((c) => (typeof c === 'string' ? 's' : `o${c.swatch?.color ?? ''}${c.swatch?.dash ?? ''}`)).join(',')).join('|');
      if (sig !== shape) {
        shape = sig;
        body.replaceChildren();
        texts.length = 0;
        for (const r of rows) {
          const rowTexts: Text[] = [];
          body.append(
            h(
              'tr',
              {},
              r.map((c, j) => {
                const t = document.createTextNode('');
                rowTexts.push(t);
                const sw = typeof c === 'string' ? undefined : c.swatch;
                const num = numeric[j] ?? (typeof c !== 'string' && c.num === true);
                return h('td', { class: num ? 'num' : undefined }, [
                  sw ? h('span', { class: 'swatch', 'aria-hidden': 'true', style: `border-top-color:${sw.color};border-top-style:${sw.dash ? 'dashed' : 'solid'}` }) : null,
                  t,
                ]);
              }),
            ),
          );
          texts.push(rowTexts);
        }
      }
      rows.forEach((r, i) =>
        r.forEach((c, j) => {
          const v = typeof c === 'string' ? c : c.text;
          if (texts[i][j].data !== v) texts[i][j].data = v;
        }),
      );
    },
  };
}
