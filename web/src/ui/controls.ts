import { h, uid, fmt } from './dom.js';

/** A labelled range slider with its current value shown beside it. */
export interface Slider {
  el: HTMLElement;
  input: HTMLInputElement;
  get(): number;
  /** Sets the value without firing `onInput`. */
  set(v: number): void;
}

/** Options of {@link slider}: range, initial value, an optional display transform (e.g. log scale) and the callback. */
export interface SliderOptions {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** Maps the slider position to the value shown and passed on (e.g. a log scale). */
  transform?: (position: number) => number;
  /** The inverse of `transform`. */
  inverse?: (value: number) => number;
  format?: (v: number) => string;
  onInput(v: number): void;
}

/** Creates a labelled slider (`<label for>` + `<input type=range>` + `<output>`). */
export function slider(o: SliderOptions): Slider {
  const id = uid('slider');
  const tr = o.transform ?? ((x: number) => x);
  const inv = o.inverse ?? ((x: number) => x);
  const format = o.format ?? ((v: number) => fmt(v, 3));
  const input = h('input', { id, type: 'range', min: o.min, max: o.max, step: o.step, value: inv(o.value) });
  const out = h('output', { for: id }, [format(o.value)]);
  const sync = () => {
    const v = tr(Number(input.value));
    out.textContent = format(v);
    input.setAttribute('aria-valuetext', format(v));
    return v;
  };
  sync();
  input.addEventListener('input', () => o.onInput(sync()));
  const el = h('div', { class: 'control slider' }, [h('label', { for: id }, [o.label]), input, out]);
  return {
    el,
    input,
    get: () => tr(Number(input.value)),
    set(v: number) {
      input.value = String(inv(v));
      sync();
    },
  };
}

/** A labelled `<select>`. */
export interface Select<T extends string> {
  el: HTMLElement;
  select: HTMLSelectElement;
  get(): T;
  /** Sets the value without firing `onChange`. */
  set(v: T): void;
}

/** Options of {@link select}: label, choices, initial value and the callback. */
export interface SelectOptions<T extends string> {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange(v: T): void;
}

/** Creates a labelled select. */
export function select<T extends string>(o: SelectOptions<T>): Select<T> {
  const id = uid('select');
  const sel = h('select', { id });
  for (const opt of o.options) sel.append(h('option', { value: opt.value }, [opt.label]));
  sel.value = o.value;
  sel.addEventListener('change', () => o.onChange(sel.value as T));
  const el = h('div', { class: 'control select' }, [h('label', { for: id }, [o.label]), sel]);
  return { el, select: sel, get: () => sel.value as T, set: (v: T) => void (sel.value = v) };
}

/** A labelled checkbox. */
export function checkbox(o: { label: string; checked: boolean; onChange(v: boolean): void }): { el: HTMLElement; input: HTMLInputElement } {
  const id = uid('check');
  const input = h('input', { id, type: 'checkbox' });
  input.checked = o.checked;
  input.addEventListener('change', () => o.onChange(input.checked));
  return { el: h('div', { class: 'control checkbox' }, [input, h('label', { for: id }, [o.label])]), input };
}

/** A labelled text/number input (for typed answers); `onCommit` fires on Enter and change. */
export function textInput(o: { label: string; value?: string; placeholder?: string; onCommit(v: string): void }): { el: HTMLElement; input: HTMLInputElement } {
  const id = uid('text');
  const input = h('input', { id, type: 'text', inputmode: 'decimal', value: o.value ?? '', placeholder: o.placeholder ?? '' });
  input.addEventListener('change', () => o.onCommit(input.value));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') o.onCommit(input.value);
  });
  return { el: h('div', { class: 'control text' }, [h('label', { for: id }, [o.label]), input]), input };
}

/** A button with visible text and, optionally, a fuller aria-label. */
export function button(o: { label: string; ariaLabel?: string; onClick(): void; pressed?: boolean }): HTMLButtonElement {
  const b = h('button', { type: 'button', 'aria-label': o.ariaLabel, 'aria-pressed': o.pressed === undefined ? undefined : String(o.pressed) }, [o.label]);
  b.addEventListener('click', () => o.onClick());
  return b;
}

/** A row of controls (wraps on narrow screens). */
export function controlRow(children: HTMLElement[], label?: string): HTMLElement {
  return h('div', { class: 'controls', role: 'group', 'aria-label': label }, children);
}
