/** Machine-readable page state for tests and the console: `window.__infogeo[panelId][name]`. */
interface InfogeoPageState {
  [panelId: string]: Record<string, unknown> | unknown;
}

interface Window {
  __infogeo: InfogeoPageState;
}
