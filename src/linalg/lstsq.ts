/**
 * Linear least squares by Householder QR (Golub & Van Loan, Matrix Computations, 4th ed.,
 * algorithms 5.2.1 and 5.3.2): backward stable, unlike the normal equations A^T A x = A^T b,
 * which square the condition number.
 */

const EPS = 2 ** -52;

let w = new Float64Array(0);
let y = new Float64Array(0);
let u = new Float64Array(0);
let t = new Float64Array(0);

/**
 * Least-squares solution of A X ~ B: X minimises ||A X - B||_F, for A m x n with m >= n and
 * full column rank.
 *
 * Formula: A = Q R (Householder), X = R^{-1} (Q^T B)[0..n). Domain: m >= n >= 1, B m x nrhs
 * row-major (nrhs >= 1), out n x nrhs. `a` and `b` are untouched; `out` may alias `a` or `b`
 * (both are copied before anything is written). Returns `out`, or null if m < n, an entry is not finite,
 * or A is numerically rank deficient (some |R[j, j]| <= max(m, n) eps max_i |R[i, i]|; there is no
 * column pivoting, so this detects exact and near-exact rank loss, not every ill-conditioned A).
 * For square A it solves A X = B.
 *
 * @example lstsq(new Float64Array(2), Float64Array.of(1, 0, 1, 1, 1, 2), Float64Array.of(1, 2, 4), 3, 2)
 * // fit of y = c0 + c1 t at t = 0, 1, 2: Float64Array [0.8333..., 1.5] (= [5/6, 3/2])
 */
export function lstsq(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  m: number,
  n: number,
  nrhs = 1,
): Float64Array | null {
  if (m < n || n < 1) return null;
  if (w.length < m * n) w = new Float64Array(m * n);
  if (y.length < m * nrhs) y = new Float64Array(m * nrhs);
  if (u.length < m) u = new Float64Array(m);
  if (t.length < Math.max(n, nrhs)) t = new Float64Array(Math.max(n, nrhs));
  for (let i = 0; i < m * n; i++) {
    const x = a[i];
    if (!Number.isFinite(x)) return null;
    w[i] = x;
  }
  for (let i = 0; i < m * nrhs; i++) y[i] = b[i];

  let rmax = 0;
  for (let j = 0; j < n; j++) {
    // Householder vector for column j, rows j..m-1: H x = beta e_1, beta = -sign(x0) ||x||.
    let ss = 0;
    let amax = 0;
    for (let i = j; i < m; i++) amax = Math.max(amax, Math.abs(w[i * n + j]));
    if (amax === 0) return null;
    for (let i = j; i < m; i++) {
      const x = w[i * n + j] / amax; // scaled: no overflow in the squares
      u[i] = x;
      ss += x * x;
    }
    const x0 = u[j];
    const norm = Math.sqrt(ss);
    const beta = x0 >= 0 ? -norm : norm;
    // v = x - beta e_1 (scaled), tau = 2 / (v^T v) = 1 / (norm (norm + |x0|)).
    u[j] = x0 - beta;
    const tau = 1 / (norm * (norm + Math.abs(x0)));
    w[j * n + j] = beta * amax;
    for (let i = j + 1; i < m; i++) w[i * n + j] = 0;
    rmax = Math.max(rmax, Math.abs(beta * amax));
    applyReflector(w, n, j + 1, n, u, j, m, tau);
    applyReflector(y, nrhs, 0, nrhs, u, j, m, tau);
  }
  const tiny = Math.max(m, n) * EPS * rmax;
  for (let j = 0; j < n; j++) if (!(Math.abs(w[j * n + j]) > tiny)) return null;

  // Back substitution R X = (Q^T B)[0..n), row by row (contiguous in X).
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    for (let c = 0; c < nrhs; c++) t[c] = y[i * nrhs + c];
    for (let p = i + 1; p < n; p++) {
      const rip = w[ri + p];
      for (let c = 0; c < nrhs; c++) t[c] -= rip * y[p * nrhs + c];
    }
    const inv = 1 / w[ri + i];
    for (let c = 0; c < nrhs; c++) y[i * nrhs + c] = t[c] * inv;
  }
  for (let i = 0; i < n * nrhs; i++) out[i] = y[i];
  return out;
}

/**
 * M <- (I - tau v v^T) M on rows r0..m-1 and columns c0..c1-1 of the row-major matrix M with
 * `cols` columns, where v = u[r0..m). Computed as s = v^T M (a sum of scaled rows), then
 * M[i, :] -= tau v_i s, so both passes run along rows.
 */
function applyReflector(
  mat: Float64Array,
  cols: number,
  c0: number,
  c1: number,
  v: Float64Array,
  r0: number,
  m: number,
  tau: number,
): void {
  if (c0 >= c1) return;
  const s = t;
  s.fill(0, c0, c1);
  for (let i = r0; i < m; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const ri = i * cols;
    for (let c = c0; c < c1; c++) s[c] += vi * mat[ri + c];
  }
  for (let i = r0; i < m; i++) {
    const f = tau * v[i];
    if (f === 0) continue;
    const ri = i * cols;
    for (let c = c0; c < c1; c++) mat[ri + c] -= f * s[c];
  }
}
