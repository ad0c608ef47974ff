/**
 * The DOP853 integrator of Dormand and Prince: an adaptive explicit Runge-Kutta method of order
 * 8 with a 7th-order continuous extension (Hairer, Norsett and Wanner, Solving Ordinary
 * Differential Equations I, 2nd ed., sec. II.10), for smooth non-stiff systems y' = f(t, y)
 * solved to tight tolerances (1e-10 .. 1e-13) in few steps. `odeSolve` in ode.ts uses it with
 * `method: 'dop853'`; geodesics call it directly for its per-component tolerances.
 *
 * Step-size control uses the method's combined 5th- and 3rd-order error estimate,
 * err = |h| e5^2 / sqrt(n (e5^2 + 0.01 e3^2)) in the scaled RMS norm with scale
 * atol_i + rtol max(|y_i|, |y_new_i|), and h_new = h min(10, max(0.2, 0.9 err^(-1/8))).
 * A step whose stages produce a non-finite value (for example, when a trial point leaves the
 * domain where f is defined) is rejected and retried with a quarter of the step.
 */
import { InfogeoError } from '../errors.js';

/** Right-hand side: writes dy/dt at (t, y) into `dydt` (which never aliases `y`). */
export type Dop853Rhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Options for `dop853`. */
export interface Dop853Options {
  /** Relative tolerance (default 1e-10). */
  rtol?: number;
  /** Absolute tolerance, one number or one per component (default 1e-3 rtol). */
  atol?: number | Float64Array;
  /** Record the continuous extension (default false). */
  denseOutput?: boolean;
  /** Give up after this many attempted steps (default 100000). */
  maxSteps?: number;
  /** Initial step size (default: chosen from f as in Hairer's HINIT). */
  h0?: number;
  /** Only the first `controlled` components enter the error norm (default all). */
  controlled?: number;
  /** Stop with 'stepTooSmall' when the step would fall below this (default 0: only rounding). */
  hmin?: number;
}

/** The continuous solution on the integrated interval. */
export interface DenseSolution {
  /** Start and end of the integrated interval. */
  readonly t0: number;
  readonly t1: number;
  /** y(t) for t between t0 and t1 (7th-order interpolant), into `out` if given. */
  at(t: number, out?: Float64Array): Float64Array;
  /** dy/dt of the interpolant at t, into `out` if given. */
  derivative(t: number, out?: Float64Array): Float64Array;
}

/** Result of `dop853`. `t`, `y` are the last point reached (t1 on success). */
export interface Dop853Result {
  status: 'success' | 'maxSteps' | 'stepTooSmall';
  t: number;
  y: Float64Array;
  /** Accepted and rejected steps, and evaluations of f. */
  steps: number;
  rejected: number;
  evaluations: number;
  /** Present when `denseOutput` was requested. */
  dense?: DenseSolution;
}

// ---- DOP853 coefficients (Hairer's dop853.f). Stage 12 is f(t + h, y_new); 13-15 serve the
// continuous extension only. ----
const C = [
  0, 0.526001519587677318785587544488e-1, 0.789002279381515978178381316732e-1, 0.11835034190722739672675719751,
  0.28164965809277260327324280249, 1 / 3, 0.25, 0.307692307692307692307692307692, 0.651282051282051282051282051282, 0.6,
  0.857142857142857142857142857142, 1, 1, 0.1, 0.2, 0.777777777777777777777777777778,
];

/** Rows of the Butcher matrix as [column, value] pairs. */
const A: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
  [],
  [[0, 5.26001519587677318785587544488e-2]],
  [[0, 1.97250569845378994544595329183e-2], [1, 5.91751709536136983633785987549e-2]],
  [[0, 2.95875854768068491816892993775e-2], [2, 8.87627564304205475450678981324e-2]],
  [[0, 2.41365134159266685502369798665e-1], [2, -8.84549479328286085344864962717e-1], [3, 9.24834003261792003115737966543e-1]],
  [[0, 3.7037037037037037037037037037e-2], [3, 1.70828608729473871279604482173e-1], [4, 1.25467687566822425016691814123e-1]],
  [[0, 3.7109375e-2], [3, 1.70252211019544039314978060272e-1], [4, 6.02165389804559606850219397283e-2], [5, -1.7578125e-2]],
  [
    [0, 3.70920001185047927108779319836e-2], [3, 1.70383925712239993810214054705e-1], [4, 1.07262030446373284651809199168e-1],
    [5, -1.53194377486244017527936158236e-2], [6, 8.27378916381402288758473766002e-3],
  ],
  [
    [0, 6.24110958716075717114429577812e-1], [3, -3.36089262944694129406857109825], [4, -8.68219346841726006818189891453e-1],
    [5, 2.75920996994467083049415600797e1], [6, 2.01540675504778934086186788979e1], [7, -4.34898841810699588477366255144e1],
  ],
  [
    [0, 4.77662536438264365890433908527e-1], [3, -2.48811461997166764192642586468], [4, -5.90290826836842996371446475743e-1],
    [5, 2.12300514481811942347288949897e1], [6, 1.52792336328824235832596922938e1], [7, -3.32882109689848629194453265587e1],
    [8, -2.03312017085086261358222928593e-2],
  ],
  [
    [0, -9.3714243008598732571704021658e-1], [3, 5.18637242884406370830023853209], [4, 1.09143734899672957818500254654],
    [5, -8.14978701074692612513997267357], [6, -1.85200656599969598641566180701e1], [7, 2.27394870993505042818970056734e1],
    [8, 2.49360555267965238987089396762], [9, -3.0467644718982195003823669022],
  ],
  [
    [0, 2.27331014751653820792359768449], [3, -1.05344954667372501984066689879e1], [4, -2.00087205822486249909675718444],
    [5, -1.79589318631187989172765950534e1], [6, 2.79488845294199600508499808837e1], [7, -2.85899827713502369474065508674],
    [8, -8.87285693353062954433549289258], [9, 1.23605671757943030647266201528e1], [10, 6.43392746015763530355970484046e-1],
  ],
  // Row 12: the 8th-order weights b.
  [
    [0, 5.42937341165687622380535766363e-2], [5, 4.45031289275240888144113950566], [6, 1.89151789931450038304281599044],
    [7, -5.8012039600105847814672114227], [8, 3.1116436695781989440891606237e-1], [9, -1.52160949662516078556178806805e-1],
    [10, 2.01365400804030348374776537501e-1], [11, 4.47106157277725905176885569043e-2],
  ],
  [
    [0, 5.61675022830479523392909219681e-2], [6, 2.53500210216624811088794765333e-1], [7, -2.46239037470802489917441475441e-1],
    [8, -1.24191423263816360469010140626e-1], [9, 1.5329179827876569731206322685e-1], [10, 8.20105229563468988491666602057e-3],
    [11, 7.56789766054569976138603589584e-3], [12, -8.298e-3],
  ],
  [
    [0, 3.18346481635021405060768473261e-2], [5, 2.83009096723667755288322961402e-2], [6, 5.35419883074385676223797384372e-2],
    [7, -5.49237485713909884646569340306e-2], [10, -1.08347328697249322858509316994e-4], [11, 3.82571090835658412954920192323e-4],
    [12, -3.40465008687404560802977114492e-4], [13, 1.41312443674632500278074618366e-1],
  ],
  [
    [0, -4.28896301583791923408573538692e-1], [5, -4.69762141536116384314449447206], [6, 7.68342119606259904184240953878],
    [7, 4.06898981839711007970213554331], [8, 3.56727187455281109270669543021e-1], [12, -1.39902416515901462129418009734e-3],
    [13, 2.9475147891527723389556272149], [14, -9.15095847217987001081870187138],
  ],
];

const B = A[12];

/** 3rd-order error weights: b minus the embedded 3rd-order weights (at stages 0, 8, 11). */
const E3: ReadonlyArray<readonly [number, number]> = B.map(([j, b]) => {
  const bhat = j === 0 ? 0.244094488188976377952755905512 : j === 8 ? 0.733846688281611857341361741547 : j === 11 ? 0.220588235294117647058823529412e-1 : 0;
  return [j, b - bhat] as const;
});

/** 5th-order error weights. */
const E5: ReadonlyArray<readonly [number, number]> = [
  [0, 0.1312004499419488073250102996e-1], [5, -0.1225156446376204440720569753e1], [6, -0.4957589496572501915214079952],
  [7, 0.1664377182454986536961530415e1], [8, -0.350328848749973681688648729], [9, 0.3341791187130174790297318841],
  [10, 0.8192320648511571246570742613e-1], [11, -0.2235530786388629525884427845e-1],
];

/** Continuous-extension weights of the s^3 .. s^6 coefficients, over stages 0, 5..15. */
const D: ReadonlyArray<ReadonlyArray<number>> = [
  [-0.84289382761090128651353491142e1, 0.5667149535193777696253178359, -0.30689499459498916912797304727e1, 0.2384667656512069828772814968e1,
    0.21170345824450282767155149946e1, -0.8713915837779729920678990749, 0.2240437430260788275854177165e1, 0.6315787787694688181557024929,
    -0.889903364513333108206981174e-1, 0.18148505520854727256656404962e2, -0.91946323924783554000451984436e1, -0.44360363875948939664310572e1],
  [0.10427508642579134603413151009e2, 0.24228349177525818288430175319e3, 0.16520045171727028198505394887e3, -0.37454675472269020279518312152e3,
    -0.22113666853125306036270938578e2, 0.77334326684722638389603898808e1, -0.30674084731089398182061213626e2, -0.93321305264302278729567221706e1,
    0.15697238121770843886131091075e2, -0.31139403219565177677282850411e2, -0.93529243588444783865713862664e1, 0.3581684148639408375246589854e2],
  [0.19985053242002433820987653617e2, -0.38703730874935176555105901742e3, -0.18917813819516756882830838328e3, 0.52780815920542364900561016686e3,
    -0.11573902539959630126141871134e2, 0.68812326946963000169666922661e1, -0.1000605096691083840318386098e1, 0.7777137798053443209286926574,
    -0.27782057523535084065932004339e1, -0.60196695231264120758267380846e2, 0.84320405506677161018159903784e2, 0.1199229113618278932803513003e2],
  [-0.25693933462703749003312586129e2, -0.15418974869023643374053993627e3, -0.23152937917604549567536039109e3, 0.3576391179106141237828534991e3,
    0.93405324183624310003907691704e2, -0.37458323136451633156875139351e2, 0.10409964950896230045147246184e3, 0.29840293426660503123344363579e2,
    -0.43533456590011143754432175058e2, 0.963245539591882829483949506e2, -0.39177261675615439165231486172e2, -0.14972683625798562581422125276e3],
];
/** Stage index of each column of D. */
const D_STAGES = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

const EPS = 2 ** -52;

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** A sparse row of weights as parallel arrays (stage indices, values), for tight loops. */
interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
}

function sparse(row: ReadonlyArray<readonly [number, number]>): SparseRow {
  return { idx: Int32Array.from(row.map(([j]) => j)), val: Float64Array.from(row.map(([, a]) => a)) };
}

const A_ROWS = A.map(sparse);
const E3_ROW = sparse(E3);
const E5_ROW = sparse(E5);

/** Sets out = y + h * sum_j w_j K[j] over a sparse row of weights. */
function combine(out: Float64Array, y: Float64Array, h: number, row: SparseRow, k: Float64Array[]): void {
  const n = y.length;
  out.set(y);
  const { idx, val } = row;
  for (let p = 0; p < idx.length; p++) {
    const kj = k[idx[p]];
    const ha = h * val[p];
    for (let i = 0; i < n; i++) out[i] += ha * kj[i];
  }
}

/** sum_j w_j K[j][i] over a sparse row of weights. */
function weighted(row: SparseRow, k: Float64Array[], i: number): number {
  const { idx, val } = row;
  let s = 0;
  for (let p = 0; p < idx.length; p++) s += val[p] * k[idx[p]][i];
  return s;
}

function validate(f: unknown, t0: unknown, y0: unknown, t1: unknown, opts: Dop853Options): Float64Array {
  const where = 'dop853';
  if (typeof f !== 'function') throw new InfogeoError(where, 'f', f, 'a function (t, y, dydt) => void');
  if (typeof t0 !== 'number' || !Number.isFinite(t0)) throw new InfogeoError(where, 't0', t0, 'a finite number');
  if (typeof t1 !== 'number' || !Number.isFinite(t1)) throw new InfogeoError(where, 't1', t1, 'a finite number');
  if (!(y0 instanceof Float64Array || Array.isArray(y0)) || y0.length === 0) throw new InfogeoError(where, 'y0', y0, 'a non-empty array of finite numbers');
  const y = Float64Array.from(y0 as ArrayLike<number>);
  if (!allFinite(y)) throw new InfogeoError(where, 'y0', y0, 'an array of finite numbers');
  const { rtol, atol, maxSteps, h0, controlled } = opts;
  if (rtol !== undefined && !(rtol >= 1e-15 && rtol < 1)) throw new InfogeoError(where, 'rtol', rtol, 'a number in [1e-15, 1)');
  if (atol !== undefined) {
    const bad = typeof atol === 'number' ? !(atol >= 0 && atol < Infinity) : !(atol instanceof Float64Array && atol.length === y.length && atol.every((a) => a >= 0 && a < Infinity));
    if (bad) throw new InfogeoError(where, 'atol', atol, `a finite number >= 0 or a Float64Array of ${y.length} such numbers`);
  }
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 1)) throw new InfogeoError(where, 'maxSteps', maxSteps, 'an integer >= 1');
  if (h0 !== undefined && !(h0 > 0 && h0 < Infinity)) throw new InfogeoError(where, 'h0', h0, 'a finite number > 0');
  if (opts.hmin !== undefined && !(opts.hmin >= 0 && opts.hmin < Infinity)) throw new InfogeoError(where, 'hmin', opts.hmin, 'a finite number >= 0');
  if (controlled !== undefined && !(Number.isInteger(controlled) && controlled >= 1 && controlled <= y.length)) {
    throw new InfogeoError(where, 'controlled', controlled, `an integer in [1, ${y.length}]`);
  }
  return y;
}

/**
 * Solves y' = f(t, y), y(t0) = y0, from t0 to t1 (either direction) with DOP853.
 *
 * Returns the state at t1 with `status: 'success'`, or, when the step size collapses (f
 * undefined or singular ahead) or `maxSteps` runs out, the last state reached with the status
 * saying why; it never returns a state it did not reach. With `denseOutput`, `dense.at(t)`
 * interpolates to 7th order anywhere between t0 and the time reached. The local error per step
 * is kept near rtol |y| + atol; the global error is typically within 10-100 times that.
 *
 * @param f - right-hand side (t, y, dydt) => void, writing into dydt
 * @param t0 - initial time; t1 - final time (finite numbers)
 * @param y0 - initial state, a non-empty array of finite numbers
 * @throws InfogeoError for invalid arguments or options
 * @example
 * dop853((t, y, d) => { d[0] = y[1]; d[1] = -y[0]; }, 0, [0, 1], 10, { rtol: 1e-12, atol: 1e-12 })
 * // { status: 'success', y: [sin 10, cos 10] to 2e-12, steps: 51, ... }
 */
export function dop853(f: Dop853Rhs, t0: number, y0: ArrayLike<number>, t1: number, opts: Dop853Options = {}): Dop853Result {
  const y = validate(f, t0, y0, t1, opts);
  const n = y.length;
  const rtol = opts.rtol ?? 1e-10;
  const atolOpt = opts.atol ?? rtol * 1e-3;
  const atol = typeof atolOpt === 'number' ? new Float64Array(n).fill(atolOpt) : atolOpt;
  const maxSteps = opts.maxSteps ?? 100000;
  const nc = opts.controlled ?? n;
  const hmin = opts.hmin ?? 0;
  const dense = opts.denseOutput === true;
  const yInit = y.slice();

  const k: Float64Array[] = Array.from({ length: 16 }, () => new Float64Array(n));
  const ytmp = new Float64Array(n);
  const ynew = new Float64Array(n);
  let evaluations = 0;
  const call = (t: number, yy: Float64Array, out: Float64Array): void => {
    evaluations++;
    f(t, yy, out);
  };

  const stepsT: number[] = [];
  const stepsH: number[] = [];
  const coeffs: Float64Array[] = [];
  const result = (status: Dop853Result['status'], t: number, steps: number, rejected: number): Dop853Result => {
    const r: Dop853Result = { status, t, y, steps, rejected, evaluations };
    if (dense) r.dense = denseSolution(t0, t, stepsT, stepsH, coeffs, yInit);
    return r;
  };

  let t = t0;
  if (t1 === t0) return result('success', t, 0, 0);
  const dir = t1 > t0 ? 1 : -1;
  call(t, y, k[0]);
  if (!allFinite(k[0])) return result('stepTooSmall', t, 0, 0);

  const rms = (v: (i: number) => number): number => {
    let s = 0;
    for (let i = 0; i < nc; i++) {
      const x = v(i);
      s += x * x;
    }
    return Math.sqrt(s / nc);
  };
  let h: number;
  if (opts.h0 !== undefined) h = Math.min(opts.h0, Math.abs(t1 - t0));
  else {
    // Hairer's HINIT: h ~ (0.01 / max(|f|, |f'|))^(1/8) in the scaled norm.
    const sc = (i: number): number => atol[i] + rtol * Math.abs(y[i]);
    const d0 = rms((i) => y[i] / sc(i));
    const d1 = rms((i) => k[0][i] / sc(i));
    let hh = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    hh = Math.min(hh, Math.abs(t1 - t0));
    for (let i = 0; i < n; i++) ytmp[i] = y[i] + dir * hh * k[0][i];
    call(t + dir * hh, ytmp, k[1]);
    const d2 = rms((i) => (k[1][i] - k[0][i]) / sc(i)) / hh;
    const dm = Math.max(d1, d2);
    const h1 = !Number.isFinite(d2) ? hh * 1e-3 : dm <= 1e-15 ? Math.max(1e-6, hh * 1e-3) : Math.pow(0.01 / dm, 1 / 8);
    h = Math.min(100 * hh, h1, Math.abs(t1 - t0));
  }

  let steps = 0;
  let rejected = 0;
  let lastRejected = false;
  for (let attempt = 0; attempt < maxSteps; attempt++) {
    const remaining = Math.abs(t1 - t);
    let last = false;
    if (h >= remaining * (1 - 4 * EPS)) {
      h = remaining;
      last = true;
    }
    if (h <= 16 * EPS * Math.max(Math.abs(t), Math.abs(t1 - t0)) || (h < hmin && !last)) return result('stepTooSmall', t, steps, rejected);
    const hs = dir * h;
    let finite = true;
    for (let s = 1; s <= 12 && finite; s++) {
      const target = s === 12 ? ynew : ytmp;
      combine(target, y, hs, A_ROWS[s], k);
      call(s === 12 ? (last ? t1 : t + hs) : t + C[s] * hs, target, k[s]);
      finite = allFinite(k[s]) && allFinite(target);
    }
    if (!finite) {
      h *= 0.25;
      rejected++;
      lastRejected = true;
      continue;
    }
    // Combined error estimate.
    let e5 = 0;
    let e3 = 0;
    for (let i = 0; i < nc; i++) {
      const sc = atol[i] + rtol * Math.max(Math.abs(y[i]), Math.abs(ynew[i]));
      const a5 = weighted(E5_ROW, k, i) / sc;
      const a3 = weighted(E3_ROW, k, i) / sc;
      e5 += a5 * a5;
      e3 += a3 * a3;
    }
    const err = e5 === 0 && e3 === 0 ? 0 : (h * e5) / Math.sqrt((e5 + 0.01 * e3) * nc);
    if (!(err <= 1)) {
      h *= Math.max(0.2, 0.9 * Math.pow(err, -1 / 8));
      rejected++;
      lastRejected = true;
      continue;
    }
    if (dense) {
      for (let s = 13; s <= 15; s++) {
        combine(ytmp, y, hs, A_ROWS[s], k);
        call(t + C[s] * hs, ytmp, k[s]);
      }
      const co = new Float64Array(8 * n);
      for (let i = 0; i < n; i++) {
        const dy = ynew[i] - y[i];
        const bspl = hs * k[0][i] - dy;
        co[i] = y[i];
        co[n + i] = dy;
        co[2 * n + i] = bspl;
        co[3 * n + i] = dy - hs * k[12][i] - bspl;
        for (let r = 0; r < 4; r++) {
          let s = 0;
          for (let c = 0; c < D_STAGES.length; c++) s += D[r][c] * k[D_STAGES[c]][i];
          co[(4 + r) * n + i] = hs * s;
        }
      }
      stepsT.push(t);
      stepsH.push(hs);
      coeffs.push(co);
    }
    steps++;
    t = last ? t1 : t + hs;
    y.set(ynew);
    const tmp = k[0];
    k[0] = k[12];
    k[12] = tmp;
    if (last) return result('success', t, steps, rejected);
    let factor = err === 0 ? 10 : Math.min(10, Math.max(0.2, 0.9 * Math.pow(err, -1 / 8)));
    if (lastRejected) factor = Math.min(1, factor);
    lastRejected = false;
    h *= factor;
  }
  return result('maxSteps', t, steps, rejected);
}

/** The piecewise 7th-order interpolant over the accepted steps. */
function denseSolution(t0: number, tEnd: number, ts: number[], hs: number[], coeffs: Float64Array[], y0: Float64Array): DenseSolution {
  const n = y0.length;
  const lo = Math.min(t0, tEnd);
  const hi = Math.max(t0, tEnd);
  const forward = tEnd >= t0;
  const slack = 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
  const locate = (t: number): number => {
    if (!(t >= lo - slack && t <= hi + slack)) {
      throw new InfogeoError('dop853', 't', t, `a time in the integrated interval [${lo}, ${hi}]`);
    }
    // Last step whose start is at or before t (in the direction of integration).
    let a = 0;
    let b = ts.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (forward ? ts[mid] <= t : ts[mid] >= t) a = mid;
      else b = mid - 1;
    }
    return a;
  };
  const evaluate = (t: number, out: Float64Array | undefined, deriv: boolean): Float64Array => {
    const o = out ?? new Float64Array(n);
    if (ts.length === 0) {
      // Nothing was integrated (t1 = t0): the constant initial state, which the caller knows.
      if (!(Math.abs(t - t0) <= slack)) throw new InfogeoError('dop853', 't', t, `the time ${t0} (nothing was integrated)`);
      if (deriv) throw new InfogeoError('dop853', 't', t, 'a time inside an integrated interval of positive length');
      o.set(y0);
      return o;
    }
    const idx = locate(t);
    const co = coeffs[idx];
    const h = hs[idx];
    const s = (t - ts[idx]) / h;
    const s1 = 1 - s;
    for (let i = 0; i < n; i++) {
      const f6 = co[7 * n + i];
      const p5 = co[6 * n + i] + s * f6;
      const p4 = co[5 * n + i] + s1 * p5;
      const p3 = co[4 * n + i] + s * p4;
      const p2 = co[3 * n + i] + s1 * p3;
      const p1 = co[2 * n + i] + s * p2;
      const p0 = co[n + i] + s1 * p1;
      if (!deriv) {
        o[i] = co[i] + s * p0;
        continue;
      }
      const d4 = -p5 + s1 * f6;
      const d3 = p4 + s * d4;
      const d2 = -p3 + s1 * d3;
      const d1 = p2 + s * d2;
      const d0 = -p1 + s1 * d1;
      o[i] = (p0 + s * d0) / h;
    }
    return o;
  };
  return {
    t0,
    t1: tEnd,
    at: (t, out) => evaluate(t, out, false),
    derivative: (t, out) => evaluate(t, out, true),
  };
}
