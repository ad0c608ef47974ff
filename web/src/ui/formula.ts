import katex from 'katex';
import { h } from './dom.js';

/**
 * Renders TeX with KaTeX into a new element (display mode by default). Errors in the TeX show
 * the source in red instead of throwing.
 */
export function formula(tex: string, display = true): HTMLElement {
  const el = h(display ? 'div' : 'span', { class: display ? 'formula' : 'formula-inline' });
  el.innerHTML = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
  return el;
}

/** Replaces the content of `el` with rendered TeX (for formulas whose numbers change). */
export function setFormula(el: HTMLElement, tex: string, display = false): void {
  el.innerHTML = katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
}
