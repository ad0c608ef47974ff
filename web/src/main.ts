/**
 * Boot: tabs for the registered panels (WAI-ARIA tabs pattern with automatic activation), the
 * current panel from the URL, and `window.__infogeo` for machine-readable state.
 */
import 'katex/dist/katex.min.css';
import './style.css';
import type { Panel, PanelHandle, PanelContext } from './panel.js';
import { panels } from './panels/index.js';
import { readState, writeState, writePanel, panelFromState } from './state.js';
import { h } from './ui/dom.js';

window.__infogeo = window.__infogeo ?? {};

const tabsEl = document.getElementById('tabs')!;
const panelEl = document.getElementById('panel')!;
const globalMsg = document.getElementById('global-message')!;

function showGlobal(text: string): void {
  globalMsg.textContent = text;
  globalMsg.dataset.kind = text ? 'error' : 'none';
}

// An exception that escapes a panel's handlers is reported on the page rather than left silent;
// panels are expected to catch bad input themselves and explain it in their own message area.
window.addEventListener('error', (e) => showGlobal(`Something went wrong: ${e.message}. The page keeps running; try resetting the panel.`));
window.addEventListener('unhandledrejection', (e) => showGlobal(`Something went wrong: ${String(e.reason)}.`));

const ids = panels.map((p) => p.id);
const tabButtons = new Map<string, HTMLButtonElement>();
const tablist = h('div', { role: 'tablist', 'aria-label': 'Explorer panels', class: 'tablist' });
tabsEl.append(tablist);

for (const p of panels) {
  const b = h('button', { type: 'button', role: 'tab', id: `tab-${p.id}`, 'aria-controls': 'panel', 'aria-selected': 'false', tabindex: -1, 'data-panel': p.id }, [p.title]);
  b.addEventListener('click', () => activate(p.id, true));
  b.addEventListener('keydown', (e) => {
    const i = ids.indexOf(p.id);
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % ids.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + ids.length) % ids.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = ids.length - 1;
    if (j < 0) return;
    e.preventDefault();
    activate(ids[j], true);
    tabButtons.get(ids[j])!.focus();
  });
  tabButtons.set(p.id, b);
  tablist.append(b);
}
panelEl.setAttribute('role', 'tabpanel');

let current: { panel: Panel; handle: PanelHandle } | null = null;

// URL writes are coalesced: a drag asks for one on every move, and history.replaceState costs
// more than a redraw. Panels see their parameters at once in ctx.params; the address bar
// follows within URL_DELAY_MS.
const URL_DELAY_MS = 150;
let pendingParams: Record<string, string> = {};
let urlTimer: ReturnType<typeof setTimeout> | undefined;
function flushParams(): void {
  clearTimeout(urlTimer);
  urlTimer = undefined;
  if (Object.keys(pendingParams).length > 0) writeState(pendingParams);
  pendingParams = {};
}
window.addEventListener('pagehide', flushParams);

function activate(id: string, push: boolean): void {
  const panel = panels.find((p) => p.id === id) ?? panels[0];
  if (current && current.panel.id === panel.id) return;
  if (push) {
    clearTimeout(urlTimer);
    pendingParams = {};
    writePanel(panel.id);
  }
  mount(panel);
}

function mount(panel: Panel): void {
  if (current) {
    try {
      current.handle.destroy();
    } catch (e) {
      console.warn('destroy failed', e);
    }
    current = null;
  }
  panelEl.replaceChildren();
  showGlobal('');
  for (const [pid, b] of tabButtons) {
    const on = pid === panel.id;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  }
  panelEl.setAttribute('aria-labelledby', `tab-${panel.id}`);
  document.title = `${panel.title} | infogeo explorer`;
  const reportTo: Record<string, unknown> = {};
  window.__infogeo[panel.id] = reportTo;
  window.__infogeo.current = panel.id;
  const ctx: PanelContext = {
    params: readState(),
    setParams(p) {
      const { panel: _ignored, ...rest } = p;
      const next = new URLSearchParams(ctx.params);
      for (const [k, v] of Object.entries(rest)) {
        if (v === '') next.delete(k);
        else next.set(k, v);
      }
      ctx.params = next;
      Object.assign(pendingParams, rest);
      clearTimeout(urlTimer);
      urlTimer = setTimeout(flushParams, URL_DELAY_MS);
    },
    report(name, value) {
      reportTo[name] = value;
    },
  };
  const root = h('section', { class: 'panel', 'data-panel': panel.id });
  panelEl.append(root);
  try {
    current = { panel, handle: panel.mount(root, ctx) };
    root.dataset.ready = 'true';
  } catch (e) {
    console.error(e);
    showGlobal(`The panel "${panel.title}" could not start: ${e instanceof Error ? e.message : String(e)}`);
    current = { panel, handle: { destroy() {} } };
  }
}

window.addEventListener('popstate', () => {
  clearTimeout(urlTimer);
  pendingParams = {};
  const id = panelFromState(readState(), ids, ids[0]);
  if (!current || current.panel.id !== id) mount(panels.find((p) => p.id === id)!);
});

window.__infogeo.panels = ids;
mount(panels.find((p) => p.id === panelFromState(readState(), ids, ids[0]))!);
if (readState().get('panel') === null) writeState({ panel: current!.panel.id });
window.__infogeo.ready = true;
