/**
 * Adaptive Gauss-Legendre quadrature on finite and infinite intervals.
 *
 * Each panel is integrated with a 15-point Gauss-Legendre rule and compared with the sum of the
 * rule on its two halves; panels whose difference exceeds their share of the tolerance are
 * bisected (a global priority on the worst panel). Infinite intervals are mapped to finite ones
 * by x = c + s t / (1 - t^2) (both ends infinite) or x = a + s t / (1 - t) (one end), with the
 * centre c and scale s chosen by the caller so that the integrand's mass sits near t = 0:
 * pass the mean and standard deviation of the density being integrated against.
 */
import { InfogeoError } from '../errors.js';

const N = 15;
const NODES = new Float64Array(N);
const WEIGHTS = new Float64Array(N);

// Gauss-Legendre nodes and weights by Newton's method on P_N (converges to machine precision).
(function initRule(): void {
  for (let i = 0; i < N; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (N + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= N; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (N * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-17) break;
    }
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= N; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = (N * (x * p1 - p0)) / (x * x - 1);
    NODES[i] = x;
    WEIGHTS[i] = 2 / ((1 - x * x) * dp * dp);
  }
})();

function rule(g: (t: number) => number, a: number, b: number): number {
  const h = 0.5 * (b - a);
  const m = 0.5 * (a + b);
  let s = 0;
  for (let i = 0; i < N; i++) s += WEIGHTS[i] * g(m + h * NODES[i]);
  return s * h;
}

/** Options for `integrate`. */
export interface QuadratureOptions {
  /** Relative tolerance on the total (default 1e-12). */
  relTol?: number;
  /** Absolute tolerance on the total (default 1e-300). */
  absTol?: number;
  /** Maximum number of panels (default 4000). */
  maxPanels?: number;
  /** Centre of the mass for infinite intervals (default 0, or the finite end). */
  center?: number;
  /** Scale of the mass for infinite intervals (default 1). */
  scale?: number;
  /** Extra split points inside (a, b), e.g. kinks or modes. */
  breakpoints?: number[];
}

/** Result of `integrate`: the value and an estimate of its absolute error. */
export interface QuadratureResult {
  value: number;
  error: number;
  panels: number;
}

interface Panel {
  a: number;
  b: number;
  whole: number;
  left: number;
  right: number;
  err: number;
}

/**
 * The integral of f over (a, b); a may be -Infinity and b +Infinity.
 *
 * @throws InfogeoError if the integrand returns a non-finite value inside the interval
 * @example integrate((x) => Math.exp(-x * x / 2), -Infinity, Infinity).value // 2.5066282746310002
 */
export function integrate(f: (x: number) => number, a: number, b: number, opts: QuadratureOptions = {}): QuadratureResult {
  if (Number.isNaN(a) || Number.isNaN(b) || !(a < b)) throw new InfogeoError('integrate', 'a, b', [a, b], 'an interval with a < b');
  const relTol = opts.relTol ?? 1e-12;
  const absTol = opts.absTol ?? 1e-300;
  const maxPanels = opts.maxPanels ?? 4000;
  const s = opts.scale ?? 1;

  // Map to a finite t-interval.
  let x: (t: number) => number;
  let dx: (t: number) => number;
  let t0: number;
  let t1: number;
  let inv: (x: number) => number;
  if (a === -Infinity && b === Infinity) {
    const c = opts.center ?? 0;
    x = (t) => c + (s * t) / (1 - t * t);
    dx = (t) => (s * (1 + t * t)) / ((1 - t * t) * (1 - t * t));
    inv = (y) => {
      const u = (y - c) / s;
      return u === 0 ? 0 : (2 * u) / (1 + Math.sqrt(1 + 4 * u * u));
    };
    [t0, t1] = [-1, 1];
  } else if (b === Infinity) {
    const c = Math.max(a, opts.center ?? a);
    const shift = c - a; // place the centre at t = 1/2 when given
    const sc = shift > 0 ? shift : s;
    x = (t) => a + (sc * t) / (1 - t);
    dx = (t) => sc / ((1 - t) * (1 - t));
    inv = (y) => (y - a) / (sc + (y - a));
    [t0, t1] = [0, 1];
  } else if (a === -Infinity) {
    const c = Math.min(b, opts.center ?? b);
    const shift = b - c;
    const sc = shift > 0 ? shift : s;
    x = (t) => b - (sc * t) / (1 - t);
    dx = (t) => sc / ((1 - t) * (1 - t));
    inv = (y) => (b - y) / (sc + (b - y));
    [t0, t1] = [0, 1];
  } else {
    x = (t) => t;
    dx = () => 1;
    inv = (y) => y;
    [t0, t1] = [a, b];
  }
  const g = (t: number): number => {
    const xv = x(t);
    const w = dx(t);
    if (!Number.isFinite(xv) || w === 0 || !Number.isFinite(w)) return 0;
    const fv = f(xv);
    if (fv === 0) return 0;
    if (!Number.isFinite(fv)) throw new InfogeoError('integrate', 'f(x)', fv, 'a finite integrand value', `at x = ${xv}`);
    return fv * w;
  };

  const cuts = [t0, t1];
  for (const bp of opts.breakpoints ?? []) {
    if (bp > a && bp < b) cuts.push(inv(bp));
  }
  cuts.sort((p, q) => p - q);

  // Max-heap of panels keyed by error estimate; running totals updated incrementally
  // (recomputed exactly at the end to avoid drift).
  const heap: Panel[] = [];
  const up = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].err >= heap[i].err) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l].err > heap[m].err) m = l;
      if (r < heap.length && heap[r].err > heap[m].err) m = r;
      if (m === i) return;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  };
  const push = (panel: Panel): void => {
    heap.push(panel);
    up(heap.length - 1);
  };
  const makePanel = (pa: number, pb: number): Panel => {
    const mid = 0.5 * (pa + pb);
    const whole = rule(g, pa, pb);
    const left = rule(g, pa, mid);
    const right = rule(g, mid, pb);
    return { a: pa, b: pb, whole, left, right, err: Math.abs(left + right - whole) };
  };
  let value = 0;
  let error = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    if (cuts[i + 1] > cuts[i]) {
      const panel = makePanel(cuts[i], cuts[i + 1]);
      value += panel.left + panel.right;
      error += panel.err;
      push(panel);
    }
  }
  while (error > Math.max(absTol, relTol * Math.abs(value)) && heap.length < maxPanels) {
    const p = heap[0];
    const mid = 0.5 * (p.a + p.b);
    if (!(mid > p.a && mid < p.b)) break;
    const last = heap.pop() as Panel;
    if (heap.length > 0) {
      heap[0] = last;
      down(0);
    }
    const l = makePanel(p.a, mid);
    const r = makePanel(mid, p.b);
    value += l.left + l.right + r.left + r.right - p.left - p.right;
    error += l.err + r.err - p.err;
    push(l);
    push(r);
  }
  value = 0;
  error = 0;
  for (const p of heap) {
    value += p.left + p.right;
    error += p.err;
  }
  return { value, error, panels: heap.length };
}
