/**
 * Dense float64 kernels of src/linalg against ml-matrix, both measured in this run.
 *
 *   npx tsx bench/linalg.ts           full run (about a minute)
 *   npx tsx bench/linalg.ts --quick   smoke run: fewer repetitions, smaller sizes
 *
 * Each time is the median of several repetitions after warm-up runs (the JIT needs them, and
 * the machine may be shared); both libraries get the same warm-up. ratio = ml-matrix time /
 * our time (a speed-up). Rows marked "(js)" switch the WebAssembly SIMD kernels off (gemm
 * micro-kernel, eigenvector rotations) and measure the pure-JavaScript fallback.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { cholesky, eighSym, gemm } from '../src/linalg/index.js';
import { setWasmEnabled } from '../src/linalg/wasm-kernel.js';

const quick = process.argv.includes('--quick');
const REPS = quick ? 3 : 11;
const ML_REPS = quick ? 1 : 5;
/** Warm-up: at least this many calls and this many milliseconds, for both libraries alike. */
const WARMUP = quick ? 1 : 3;
const WARMUP_MS = quick ? 20 : 400;

/** mulberry32, so every run benchmarks the same matrices. */
function makeRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMatrix(n: number, m: number, rng: () => number): Float64Array {
  const a = new Float64Array(n * m);
  for (let i = 0; i < a.length; i++) a[i] = 2 * rng() - 1;
  return a;
}

function randomSymmetric(n: number, rng: () => number): Float64Array {
  const a = randomMatrix(n, n, rng);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  return a;
}

/** B B^T + n I, exactly symmetric (ml-matrix's Cholesky insists on exact symmetry). */
function randomSPD(n: number, rng: () => number): Float64Array {
  const b = randomMatrix(n, n, rng);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = i === j ? n : 0;
      for (let p = 0; p < n; p++) s += b[i * n + p] * b[j * n + p];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

function toMl(a: Float64Array, n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  return m;
}

function median(f: () => void, reps: number): number {
  const start = performance.now();
  for (let r = 0; r < WARMUP || performance.now() - start < WARMUP_MS; r++) f();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1];
}

interface Row {
  op: string;
  n: number;
  ours: number;
  ml: number;
  target?: number;
  gflops?: number;
}

const rows: Row[] = [];

function benchGemm(n: number, label: string, target?: number): void {
  const rng = makeRng(n);
  const a = randomMatrix(n, n, rng);
  const b = randomMatrix(n, n, rng);
  const c = new Float64Array(n * n);
  const ours = median(() => gemm(c, a, b, n, n, n), REPS);
  const A = toMl(a, n);
  const B = toMl(b, n);
  let C = A.mmul(B);
  const ml = median(() => (C = A.mmul(B)), ML_REPS);
  let err = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(C.get(i, j) - c[i * n + j]));
  if (err > 1e-10 * n) console.warn(`gemm n=${n}: results differ by ${err}`);
  rows.push({ op: label, n, ours, ml, target, gflops: (2 * n ** 3) / ours / 1e6 });
}

function benchCholesky(n: number, label: string, target?: number): void {
  const a = randomSPD(n, makeRng(n + 1));
  const l = new Float64Array(n * n);
  const ours = median(() => cholesky(l, a, n), REPS);
  const A = toMl(a, n);
  let dec = new CholeskyDecomposition(A);
  const ml = median(() => (dec = new CholeskyDecomposition(A)), ML_REPS);
  const L = dec.lowerTriangularMatrix;
  let err = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) err = Math.max(err, Math.abs(L.get(i, j) - l[i * n + j]));
  if (err > 1e-10 * n) console.warn(`cholesky n=${n}: results differ by ${err}`);
  rows.push({ op: label, n, ours, ml, target });
}

function benchEigen(n: number, label: string, target?: number): void {
  const a = randomSymmetric(n, makeRng(n + 2));
  const w = new Float64Array(n);
  const v = new Float64Array(n * n);
  const ours = median(() => eighSym(w, v, a, n), REPS);
  const A = toMl(a, n);
  let dec = new EigenvalueDecomposition(A, { assumeSymmetric: true });
  const ml = median(() => (dec = new EigenvalueDecomposition(A, { assumeSymmetric: true })), ML_REPS);
  const ref = Float64Array.from(dec.realEigenvalues).sort();
  let err = 0;
  for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(ref[i] - w[i]));
  if (err > 1e-10 * n) console.warn(`eighSym n=${n}: eigenvalues differ by ${err}`);
  rows.push({ op: label, n, ours, ml, target });
}

const wasm = setWasmEnabled(true);
const gemmSizes = quick ? [128, 256] : [128, 256, 512];
const cholSizes = quick ? [100, 200] : [100, 200, 500];
const eigSizes = quick ? [50, 100] : [50, 100, 200];
for (const n of gemmSizes) benchGemm(n, 'gemm', n === 512 ? 4 : undefined);
for (const n of cholSizes) benchCholesky(n, 'cholesky', n === 500 ? 10 : undefined);
for (const n of eigSizes) benchEigen(n, 'eighSym', n === 200 ? 1.5 : undefined);
setWasmEnabled(false);
benchGemm(gemmSizes[gemmSizes.length - 1], 'gemm (js)');
benchCholesky(cholSizes[cholSizes.length - 1], 'cholesky (js)');
benchEigen(eigSizes[eigSizes.length - 1], 'eighSym (js)');
setWasmEnabled(true);

const header = ['op', 'n', 'ours (ms)', 'ml-matrix (ms)', 'ratio', 'target', 'hit/miss', 'GFLOP/s'];
const table = rows.map((r) => {
  const ratio = r.ml / r.ours;
  return [
    r.op,
    String(r.n),
    r.ours.toFixed(3),
    r.ml.toFixed(3),
    `${ratio.toFixed(1)}x`,
    r.target === undefined ? '-' : `>= ${r.target}x`,
    r.target === undefined ? '-' : ratio >= r.target ? 'hit' : 'miss',
    r.gflops === undefined ? '' : r.gflops.toFixed(2),
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(
  `linalg vs ml-matrix${quick ? ' (--quick)' : ''}; median of ${REPS} (ml-matrix ${ML_REPS}); ` +
    `wasm SIMD kernels: ${wasm ? 'on' : 'unavailable'}; node ${process.version}`,
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
const targeted = rows.filter((r) => r.target !== undefined);
const missed = targeted.filter((r) => r.ml / r.ours < r.target!);
console.log(
  targeted.length === 0
    ? 'no targeted sizes in --quick mode'
    : missed.length === 0
      ? `all ${targeted.length} targets hit`
      : `${missed.length} of ${targeted.length} targets missed`,
);
