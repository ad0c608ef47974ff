/**
 * Fisher-Rao geometry per family: distances, geodesic points and exp/log round trips per second,
 * with the accuracy reached, and a baseline measured in the same run.
 *
 *   npx tsx bench/geometry.ts           full run (a few minutes)
 *   npx tsx bench/geometry.ts --quick   smoke run: fewer pairs
 *
 * Closed-form families: the baseline is the numerical geodesic boundary-value problem (shooting,
 * DOP853, tol 1e-11) on the same pairs; `ratio` = baseline time / closed-form time per distance,
 * and `dist err` the largest relative difference between the two. Numerically solved families:
 * the baseline is the same solve on the generic Fisher metric (Koszul formula by Richardson
 * differences) instead of the family's closed-form connection (gamma, beta, Dirichlet, mvNormal),
 * and `dist err` the largest relative change when the tolerance is tightened from 1e-10 to 1e-11.
 * `exp(log) err` is max |exp(p, log(p, q)) - q| relative to the largest source coordinate.
 * `geodesic pts/s` builds the geodesic and evaluates its midpoint (for the numerical families
 * this includes the boundary-value problem), `exp+log/s` is one logarithm plus one exponential.
 */
import * as F from '../src/families/index.js';
import type { Distribution } from '../src/families/distribution.js';
import { expMap, fisherRaoDistance, fisherRaoDistanceDetailed, fisherRaoGeodesic, logMap } from '../src/geometry/api.js';
import { familyMetric } from '../src/geometry/metric.js';
import { geodesicBVP } from '../src/geometry/geodesic.js';
import { solveGeodesic } from '../src/geometry/distance/numerical.js';

type Dist = Distribution<unknown>;
const quick = process.argv.includes('--quick');

/** mulberry32, so every run benchmarks the same pairs. */
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
const rnd = makeRng(2024);
const u = (a: number, b: number): number => a + (b - a) * rnd();
const logU = (a: number, b: number): number => Math.exp(u(Math.log(a), Math.log(b)));
function simplex(k: number): number[] {
  const w = Array.from({ length: k }, () => logU(0.05, 1));
  const s = w.reduce((x, y) => x + y, 0);
  return w.map((x) => x / s);
}
function spd2(): number[][] {
  const [l1, l2, t] = [logU(0.3, 3), logU(0.3, 3), u(0, Math.PI)];
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const off = (l1 - l2) * c * s;
  return [[l1 * c * c + l2 * s * s, off], [off, l1 * s * s + l2 * c * c]];
}

interface Family {
  name: string;
  closed: boolean;
  point: () => Dist;
  /** Pairs for families whose closed form needs a shared part (mvNormal). */
  pair?: () => [Dist, Dist];
}

const S = spd2();
const families: Family[] = [
  { name: 'normal', closed: true, point: () => F.normal(u(-3, 3), logU(0.2, 5)) },
  { name: 'lognormal', closed: true, point: () => F.lognormal(u(-3, 3), logU(0.2, 5)) },
  { name: 'diagNormal(d=3)', closed: true, point: () => F.diagNormal([u(-3, 3), u(-3, 3), u(-3, 3)], [logU(0.2, 5), logU(0.2, 5), logU(0.2, 5)]) },
  { name: 'mvNormal(2), shared mean', closed: true, point: () => F.mvNormal([0, 0], spd2()), pair: () => [F.mvNormal([1, 0], spd2()), F.mvNormal([1, 0], spd2())] },
  { name: 'mvNormal(2), shared cov', closed: true, point: () => F.mvNormal([0, 0], S), pair: () => [F.mvNormal([u(-2, 2), u(-2, 2)], S), F.mvNormal([u(-2, 2), u(-2, 2)], S)] },
  { name: 'inverseGaussian', closed: true, point: () => F.inverseGaussian(logU(0.2, 5), logU(0.2, 5)) },
  { name: 'bernoulli', closed: true, point: () => F.bernoulli(u(0.02, 0.98)) },
  { name: 'binomial(10)', closed: true, point: () => F.binomial(10, u(0.02, 0.98)) },
  { name: 'categorical(4)', closed: true, point: () => F.categorical(simplex(4)) },
  { name: 'multinomial(10, 4)', closed: true, point: () => F.multinomial(10, simplex(4)) },
  { name: 'poisson', closed: true, point: () => F.poisson(logU(0.1, 50)) },
  { name: 'exponential', closed: true, point: () => F.exponential(logU(0.1, 50)) },
  { name: 'geometric', closed: true, point: () => F.geometric(u(0.02, 0.98)) },
  { name: 'negativeBinomial(3)', closed: true, point: () => F.negativeBinomial(3, u(0.02, 0.98)) },
  { name: 'rayleigh', closed: true, point: () => F.rayleigh(logU(0.1, 50)) },
  { name: 'laplace', closed: true, point: () => F.laplace(0, logU(0.1, 50)) },
  { name: 'gamma', closed: false, point: () => F.gamma(logU(0.5, 5), logU(0.5, 5)) },
  { name: 'beta', closed: false, point: () => F.beta(logU(0.5, 5), logU(0.5, 5)) },
  { name: 'dirichlet(3)', closed: false, point: () => F.dirichlet([logU(0.5, 5), logU(0.5, 5), logU(0.5, 5)]) },
  { name: 'vonMises', closed: false, point: () => F.vonMises(u(-3, 3), logU(0.3, 5)) },
  { name: 'mvNormal(2), general', closed: false, point: () => F.mvNormal([u(-1, 1), u(-1, 1)], spd2()) },
];

/** Seconds per call of f over all pairs, after one warm-up pass. */
function timePerCall(pairs: [Dist, Dist][], f: (p: Dist, q: Dist) => void): number {
  for (const [p, q] of pairs.slice(0, Math.min(pairs.length, 20))) f(p, q);
  let reps = 0;
  const t0 = performance.now();
  do {
    for (const [p, q] of pairs) f(p, q);
    reps++;
  } while (performance.now() - t0 < (quick ? 50 : 400));
  return (performance.now() - t0) / 1000 / (reps * pairs.length);
}

function relSource(a: Float64Array, b: Float64Array): number {
  const scale = Math.max(...b.map(Math.abs));
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / scale);
  return e;
}

/** The generic solve (Fisher metric from familyMetric, Richardson derivative), e-geodesic start. */
function genericBvp(p: Dist, q: Dist, tol: number): number {
  const f = p.family;
  const natural = f.name === 'vonMises';
  const m = familyMetric(f, natural ? 'natural' : 'source');
  const init = (t: number): Float64Array => {
    const th = p.theta.map((a, i) => (1 - t) * a + t * q.theta[i]);
    return natural ? th : f.sourceFromTheta(th, new Float64Array(f.dim));
  };
  const r = geodesicBVP(m, natural ? p.theta : p.source, natural ? q.theta : q.source, { init, tol });
  if (!r.converged) throw new Error(`generic BVP did not converge for ${f.id}`);
  return r.length;
}

interface Row {
  family: string;
  method: string;
  dist: number;
  geo: number;
  explog: number;
  distErr: number;
  roundTrip: number;
  baseline: number;
}

/**
 * A copy of p (a new object): the numerical solver remembers recent solves by identity, so
 * repeated timings of the same pair would otherwise measure a cache hit.
 */
const fresh = (p: Dist): Dist => F.fromSource(p.family, p.source);

const rows: Row[] = [];
for (const fam of families) {
  const n = fam.closed ? (quick ? 50 : 400) : quick ? 2 : 8;
  const pairs: [Dist, Dist][] = Array.from({ length: n }, () => (fam.pair ? fam.pair() : [fam.point(), fam.point()]));
  const method = fisherRaoDistanceDetailed(pairs[0][0], pairs[0][1]).method;
  const f = fam.closed ? (p: Dist): Dist => p : fresh;
  const dist = timePerCall(pairs, (p, q) => void fisherRaoDistance(f(p), q));
  const geo = timePerCall(pairs, (p, q) => void fisherRaoGeodesic(f(p), q)(0.5));
  let roundTrip = 0;
  const explog = timePerCall(pairs, (p, q) => {
    const a = f(p);
    const e = expMap(a, logMap(a, q));
    roundTrip = Math.max(roundTrip, relSource(e.source, q.source));
  });
  // Baseline and accuracy on (a subset of) the same pairs.
  const sub = pairs.slice(0, fam.closed ? (quick ? 3 : 10) : n);
  let distErr = 0;
  let baseline: number;
  if (fam.closed) {
    // Always the shooting method (the public numerical path may short-cut through exact bounds).
    baseline = timePerCall(sub, (p, q) => void solveGeodesic(fresh(p), q, { tol: 1e-11 }));
    for (const [p, q] of sub) {
      const d = fisherRaoDistance(p, q);
      distErr = Math.max(distErr, Math.abs(solveGeodesic(fresh(p), q, { tol: 1e-11 }).distance - d) / d);
    }
  } else {
    for (const [p, q] of sub) {
      const d = fisherRaoDistance(p, q);
      distErr = Math.max(distErr, Math.abs(fisherRaoDistance(p, q, { tol: 1e-11 }) - d) / d);
    }
    baseline = ['gamma', 'beta', 'dirichlet', 'mvNormal'].includes(pairs[0][0].family.name)
      ? timePerCall(sub, (p, q) => void genericBvp(p, q, 1e-10))
      : Number.NaN;
  }
  rows.push({ family: fam.name, method, dist, geo, explog, distErr, roundTrip, baseline });
  process.stderr.write(`.`);
}
process.stderr.write('\n');

const rate = (s: number): string => (Number.isFinite(s) ? (1 / s >= 1e4 ? (1 / s).toExponential(2) : (1 / s).toPrecision(3)) : '-');
const header = ['family', 'method', 'dist/s', 'geodesic pts/s', 'exp+log/s', 'dist err', 'exp(log) err', 'baseline dist/s', 'ratio'];
const table = rows.map((r) => [
  r.family,
  r.method,
  rate(r.dist),
  rate(r.geo),
  rate(r.explog),
  r.distErr.toExponential(1),
  r.roundTrip.toExponential(1),
  rate(r.baseline),
  Number.isFinite(r.baseline) ? `${(r.baseline / r.dist).toFixed(r.baseline / r.dist >= 100 ? 0 : 1)}x` : '-',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`Fisher-Rao geometry${quick ? ' (--quick)' : ''}: ${rows.length} families, node ${process.version}`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
console.log(
  '\nratio = baseline time / our time per distance. Baseline: closed forms vs the numerical boundary-value problem (tol 1e-11) on the same pairs;\n' +
    'numerical families vs the same solve on the generic Fisher metric (Richardson-differentiated Koszul connection).',
);
