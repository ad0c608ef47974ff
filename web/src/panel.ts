/**
 * The contract every explorer panel implements. A panel is mounted into an element, reads and
 * writes its share of the page state through `ctx.params` / `ctx.setParams`, exposes
 * machine-readable state for the browser tests through `ctx.report`, and releases everything
 * (listeners, timers, animation frames) in `destroy`.
 */

/** What the page gives a panel when it mounts. */
export interface PanelContext {
  /** The current page state (a snapshot of the URL query, including `panel`). */
  params: URLSearchParams;
  /**
   * Merges these keys into the page state (the URL, without a history entry). An empty string
   * removes the key. Never include `panel`: the page owns it.
   */
  setParams(p: Record<string, string>): void;
  /**
   * Publishes a machine-readable value as `window.__infogeo[panelId][name]`, for tests and for
   * anyone reading the page from the console. Values should be JSON-serialisable.
   */
  report(name: string, value: unknown): void;
}

/** What a mounted panel hands back. */
export interface PanelHandle {
  /** Removes listeners, timers and animation frames; the page clears the root afterwards. */
  destroy(): void;
}

/** A panel of the explorer: one idea, its explanation, its formula and its controls. */
export interface Panel {
  /** Stable identifier, used in the URL (`?panel=id`) and in `window.__infogeo[id]`. */
  id: string;
  /** Short human title, shown on the tab. */
  title: string;
  /** Builds the panel's DOM inside `root` and starts it. */
  mount(root: HTMLElement, ctx: PanelContext): PanelHandle;
}
