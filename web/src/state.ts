/**
 * Page state in the URL query (`?panel=gaussian&family=normal&...`): read, write and share.
 * Writes use `history.replaceState` for parameter changes (no history spam while dragging) and
 * `pushState` for panel changes (so Back returns to the previous panel).
 */

/** Reads the current page state from `location.search`. */
export function readState(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

/** The panel named in the state, or `fallback` if none or unknown. */
export function panelFromState(params: URLSearchParams, known: readonly string[], fallback: string): string {
  const id = params.get('panel');
  return id !== null && known.includes(id) ? id : fallback;
}

/**
 * Merges `patch` into the URL query. Keys with an empty string are removed.
 * `push` adds a history entry (used for panel changes); otherwise the entry is replaced.
 */
export function writeState(patch: Record<string, string>, push = false): URLSearchParams {
  const params = readState();
  for (const [k, v] of Object.entries(patch)) {
    if (v === '') params.delete(k);
    else params.set(k, v);
  }
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  return params;
}

/**
 * Switches panel: keeps only the keys that belong to the new panel (none, since a panel's keys
 * are its own) and the `panel` key itself, and pushes a history entry.
 */
export function writePanel(id: string): URLSearchParams {
  const params = new URLSearchParams({ panel: id });
  const url = `${window.location.pathname}?${params.toString()}${window.location.hash}`;
  window.history.pushState(null, '', url);
  return params;
}

/** Reads a finite number from the state, or `fallback` when absent or not a finite number. */
export function numParam(params: URLSearchParams, key: string, fallback: number): number {
  const raw = params.get(key);
  if (raw === null || raw.trim() === '') return fallback;
  const v = Number(raw);
  return Number.isFinite(v) ? v : fallback;
}

/** Reads one of `choices` from the state, or `fallback`. */
export function choiceParam<T extends string>(params: URLSearchParams, key: string, choices: readonly T[], fallback: T): T {
  const raw = params.get(key);
  return raw !== null && (choices as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/** Formats a number for the URL: short but round-trippable to about 6 significant digits. */
export function fmtParam(v: number): string {
  return String(Number(v.toPrecision(6)));
}
