import { h } from './dom.js';

/** A polite live region for messages about bad input; the panel keeps working meanwhile. */
export interface MessageArea {
  el: HTMLElement;
  /** Shows `text`; `kind` 'error' is styled as a warning, 'info' as a note. */
  show(text: string, kind?: 'error' | 'info'): void;
  clear(): void;
  /** The text currently shown ('' when none). */
  text(): string;
}

/** Creates a message area (role="status", aria-live="polite"). */
export function messageArea(): MessageArea {
  const el = h('div', { class: 'message', role: 'status', 'aria-live': 'polite', 'data-kind': 'none' });
  return {
    el,
    // Both methods are called on every redraw: touch the DOM only when something changes.
    show(text, kind = 'error') {
      if (el.textContent !== text) el.textContent = text;
      if (el.dataset.kind !== kind) el.dataset.kind = kind;
    },
    clear() {
      if (el.textContent !== '') el.textContent = '';
      if (el.dataset.kind !== 'none') el.dataset.kind = 'none';
    },
    text() {
      return el.textContent ?? '';
    },
  };
}

/**
 * Runs `fn`; if it throws, shows the error's message in `msg` and returns `fallback`.
 * Library errors (InfogeoError) carry the parameter, the value and the domain in their message.
 */
export function guard<T>(msg: MessageArea, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    msg.show(e instanceof Error ? e.message : String(e));
    return fallback;
  }
}
