import { h } from './dom.js';
import { formula } from './formula.js';
import { messageArea, type MessageArea } from './message.js';

/** The standard layout of a panel: heading, explanation, formula, controls, figures, messages. */
export interface PanelFrame {
  root: HTMLElement;
  controls: HTMLElement;
  figures: HTMLElement;
  /** Text readouts (numbers from the library) below the figures. */
  readout: HTMLElement;
  msg: MessageArea;
}

/**
 * Builds the standard panel layout into `root`. `intro` is plain text or nodes; `tex` is one or
 * more display formulas.
 */
export function panelFrame(root: HTMLElement, o: { title: string; intro: (string | Node)[]; tex: string | string[] }): PanelFrame {
  const msg = messageArea();
  const controls = h('div', { class: 'panel-controls' });
  const figures = h('div', { class: 'figures' });
  const readout = h('div', { class: 'readout', 'aria-live': 'off' });
  const texs = Array.isArray(o.tex) ? o.tex : [o.tex];
  const header = h('header', { class: 'panel-header' }, [h('h2', {}, [o.title]), h('p', { class: 'intro' }, o.intro), h('div', { class: 'formulas' }, texs.map((t) => formula(t)))]);
  root.append(header, controls, msg.el, figures, readout);
  return { root, controls, figures, readout, msg };
}

/** A figure with a caption for a plot's SVG, optionally with a legend (see htmlLegend) above the caption. */
export function figure(svg: SVGSVGElement, caption: string, legendEl?: HTMLElement): HTMLElement {
  return h('figure', { class: 'fig' }, [svg, legendEl ?? null, h('figcaption', {}, [caption])]);
}
