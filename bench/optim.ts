/**
 * Natural-gradient preconditioning per step as the dimension grows: the exact solve (Cholesky
 * of the Fisher matrix) against matrix-free conjugate gradient on Fisher-vector products and
 * against the diagonal approximation, all measured in this run.
 *
 *   npx tsx bench/optim.ts           full run: d = 10, 100, 1000
 *   npx tsx bench/optim.ts --quick   smoke run: d = 10, 100, fewer repetitions
 *
 * The Fisher is a fixed random SPD matrix F = Q diag(lambda) Q^T with eigenvalues log-spaced over
 * four decades [1e-2, 1e2] (condition 1e4, a realistic spread for a Fisher), built once per
 * dimension; Q is a product of four random Householder reflections, so F is dense. The
 * Fisher-vector product is a dense matrix-vector product (2 d^2 flops). Each row times one
 * `update` of the transformation (validation included), the median of several repetitions
 * after warm-up. "rel. error" is |u - u_exact| / |u_exact| against the Cholesky step of the same
 * run; "speed-up" is time(exact) / time(row).
 */
import { gemv } from '../src/linalg/index.js';
import { scaleByFisherInverse } from '../src/optim/scaleByFisherInverse.js';
import { scaleByDiagonalFisherInverse } from '../src/optim/diagonalFisherNG.js';
import type { GradientTransformation } from '../src/optim/transform.js';
import { rng, type Rng } from '../src/random/rng.js';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [10, 100] : [10, 100, 1000];
const WARMUP_MS = quick ? 20 : 300;
/** Repetitions: fewer for the largest size, where one exact step takes ~0.1 s. */
const reps = (d: number): number => (quick ? 3 : d >= 1000 ? 7 : 21);

/** F = Q diag(lambda) Q^T with Q = H_1 H_2 H_3 H_4, H_k = I - 2 v v^T, |v| = 1. */
function randomFisher(d: number, r: Rng): Float64Array {
  const f = new Float64Array(d * d);
  for (let i = 0; i < d; i++) f[i * d + i] = Math.pow(10, -2 + (4 * i) / (d - 1));
  const w = new Float64Array(d);
  for (let k = 0; k < 4; k++) {
    const v = new Float64Array(d);
    let norm = 0;
    for (let i = 0; i < d; i++) {
      v[i] = r.normal();
      norm += v[i] * v[i];
    }
    for (let i = 0; i < d; i++) v[i] /= Math.sqrt(norm);
    // H F H = F - 2 v w^T - 2 w v^T + 4 (v . w) v v^T with w = F v.
    gemv(w, f, v, d, d);
    let c = 0;
    for (let i = 0; i < d; i++) c += v[i] * w[i];
    for (let i = 0; i < d; i++) {
      const row = i * d;
      for (let j = 0; j < d; j++) f[row + j] += -2 * v[i] * w[j] - 2 * w[i] * v[j] + 4 * c * v[i] * v[j];
    }
  }
  // Exact symmetry (the rank-2 updates are symmetric only to rounding).
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) f[j * d + i] = f[i * d + j];
  return f;
}

function median(fn: () => void, n: number): number {
  const start = performance.now();
  for (let r = 0; r < 2 || performance.now() - start < WARMUP_MS; r++) fn();
  const times: number[] = [];
  for (let r = 0; r < n; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function relErr(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

interface Row {
  d: number;
  method: string;
  ms: number;
  error: number;
  iterations: string;
}

const rows: Row[] = [];

for (const d of SIZES) {
  const r = rng(1000 + d);
  const f = randomFisher(d, r);
  const diag = Float64Array.from({ length: d }, (_, i) => f[i * d + i]);
  const g = Float64Array.from({ length: d }, () => r.normal());
  const x = new Float64Array(d);
  const fvp = (_p: Float64Array, v: Float64Array) => gemv(new Float64Array(d), f, v, d, d);

  const methods: [string, GradientTransformation<any>][] = [
    ['exact (Cholesky)', scaleByFisherInverse({ fisher: () => f })],
    ['CG, tol 1e-10', scaleByFisherInverse({ fisherVectorProduct: fvp, cg: { tol: 1e-10 } })],
    ['CG, tol 1e-4', scaleByFisherInverse({ fisherVectorProduct: fvp, cg: { tol: 1e-4 } })],
    ['CG, 20 iterations', scaleByFisherInverse({ fisherVectorProduct: fvp, cg: { tol: 1e-16, maxIter: 20 } })],
    ['diagonal', scaleByDiagonalFisherInverse({ diagFisher: () => diag })],
  ];
  let exact: Float64Array | undefined;
  let exactMs = 0;
  for (const [name, t] of methods) {
    const s0 = t.init(x);
    let out: [Float64Array, any] = t.update(g, s0, x);
    const ms = median(() => (out = t.update(g, s0, x)), reps(d));
    const [u, s] = out;
    if (exact === undefined) {
      exact = u;
      exactMs = ms;
    }
    rows.push({ d, method: name, ms, error: relErr(u, exact), iterations: s && typeof s.cgIterations === 'number' && name.startsWith('CG') ? String(s.cgIterations) : '-' });
  }
  rows.filter((row) => row.d === d).forEach((row) => ((row as Row & { speedup: number }).speedup = exactMs / row.ms));
}

function speedup(x: number): string {
  return `${x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2)}x`;
}

const header = ['d', 'method', 'time/step (ms)', 'speed-up', 'CG iters', 'rel. error'];
const table = rows.map((row) => [
  String(row.d),
  row.method,
  row.ms < 0.1 ? row.ms.toFixed(4) : row.ms.toFixed(2),
  speedup((row as Row & { speedup: number }).speedup),
  row.iterations,
  row.error === 0 ? '0 (reference)' : row.error.toExponential(1),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((c) => c[i].length)));
const line = (cells: string[]): string => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(
  `natural-gradient step: exact vs CG vs diagonal${quick ? ' (--quick)' : ''}; Fisher eigenvalues log-spaced over [1e-2, 1e2]; ` +
    `median of ${reps(SIZES[SIZES.length - 1])}-${reps(SIZES[0])} repetitions; node ${process.version}`,
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
