/**
 * The `infogeo` subcommands. Each parses its arguments, calls the library and renders text or
 * JSON; no mathematics lives here.
 */
import {
  alphaDivergence,
  bhattacharyya,
  chernoff,
  entropy,
  fisher,
  fisherRaoDistance,
  fisherRaoDistanceDetailed,
  fisherRaoGeodesic,
  hellinger,
  jeffreys,
  jensenShannonEstimate,
  kl,
  renyi,
  type Coords,
  type Distribution,
} from '../src/index.js';
import { parseExpr } from './parse.js';
import { build, UsageError } from './registry.js';

/** Where a command writes. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Parses and builds a distribution from a command-line expression. */
export function dist(arg: string | undefined, what: string): Distribution<unknown> {
  if (arg === undefined) throw new UsageError(`missing ${what}: a distribution expression such as 'normal(0, 1)'`);
  return build(parseExpr(arg));
}

/** A number for tables: 10 significant digits, integers as is. */
export function fmt(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (!Number.isFinite(x)) return String(x);
  const s = x.toPrecision(10);
  return s.includes('e') ? s.replace(/\.?0+e/, 'e') : s.replace(/\.?0+$/, '');
}

/** Left-aligned text table. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

export function matrixText(m: number[][]): string {
  return table(m.map((row) => row.map(fmt)));
}

export function klCommand(args: string[], json: boolean, io: Io): void {
  const p = dist(args[0], 'P');
  const q = dist(args[1], 'Q');
  const v = kl(p, q);
  if (json) io.out(JSON.stringify({ p: p.toJSON(), q: q.toJSON(), kl: v }));
  else io.out(`KL(${p} || ${q}) = ${fmt(v)} nats`);
}

export function fisherCommand(args: string[], coords: string, json: boolean, io: Io): void {
  const p = dist(args[0], 'P');
  const g = fisher(p, coords as Coords);
  const names = coords === 'source' ? [...p.family.sourceNames] : p.family.sourceNames.map((_, i) => `${coords === 'natural' ? 'theta' : 'eta'}${i + 1}`);
  if (json) {
    io.out(JSON.stringify({ distribution: p.toJSON(), coords, coordinates: names, fisher: g }));
    return;
  }
  io.out(`Fisher information of ${p} in ${coords} coordinates (${names.join(', ')}):`);
  io.out(matrixText(g));
}

/** Every divergence between p and q, as [name, value, note] rows. */
export function divergenceRows(p: Distribution<unknown>, q: Distribution<unknown>): [string, number, string][] {
  const js = jensenShannonEstimate(p, q);
  const c = chernoff(p, q);
  return [
    ['KL(p || q)', kl(p, q), 'Bregman divergence of F'],
    ['KL(q || p)', kl(q, p), ''],
    ['Jeffreys', jeffreys(p, q), 'KL(p||q) + KL(q||p)'],
    ['alpha = -0.5', alphaDivergence(p, q, -0.5), "Amari; alpha -> -1 gives KL(p||q)"],
    ['alpha = 0', alphaDivergence(p, q, 0), '4 (1 - BC) = 4 H^2'],
    ['alpha = 0.5', alphaDivergence(p, q, 0.5), 'alpha -> +1 gives KL(q||p)'],
    ['Renyi order 0.5', renyi(p, q, 0.5), ''],
    ['Renyi order 2', renyi(p, q, 2), ''],
    ['Hellinger', hellinger(p, q), 'sqrt(1 - BC), in [0, 1]'],
    ['Bhattacharyya', bhattacharyya(p, q), '-log BC'],
    ['Chernoff information', c.information, `optimal exponent ${fmt(c.exponent)}`],
    ['Jensen-Shannon', js.value, js.method + (js.stdError > 0 ? ` (+/- ${fmt(js.stdError)})` : '')],
  ];
}

export function divergencesCommand(args: string[], json: boolean, io: Io): void {
  const p = dist(args[0], 'P');
  const q = dist(args[1], 'Q');
  const rows = divergenceRows(p, q);
  if (json) {
    io.out(JSON.stringify({ p: p.toJSON(), q: q.toJSON(), divergences: Object.fromEntries(rows.map(([k, v]) => [k, v])) }));
    return;
  }
  io.out(`Divergences between p = ${p} and q = ${q} (nats):`);
  io.out(table([['divergence', 'value', 'note'], ...rows.map(([k, v, note]) => [k, fmt(v), note])]));
}

export function infoCommand(args: string[], json: boolean, io: Io): void {
  const p = dist(args[0], 'P');
  const info = {
    distribution: p.toString(),
    family: p.family.id,
    params: p.toJSON().params,
    theta: Array.from(p.theta),
    eta: Array.from(p.eta),
    mean: p.mean(),
    variance: p.variance(),
    entropy: entropy(p),
  };
  if (json) {
    io.out(JSON.stringify(info));
    return;
  }
  const vec = (v: ArrayLike<number>): string => `[${Array.from(v).map(fmt).join(', ')}]`;
  io.out(
    table([
      ['distribution', info.distribution],
      ['family', info.family],
      ['natural theta', vec(info.theta)],
      ['expectation eta', vec(info.eta)],
      ['mean', typeof info.mean === 'number' ? fmt(info.mean) : vec(info.mean)],
      ['variance', typeof info.variance === 'number' ? fmt(info.variance) : info.variance.map(vec).join(' ')],
      ['entropy (nats)', fmt(info.entropy)],
    ]),
  );
}

export function distanceCommand(args: string[], json: boolean, io: Io): void {
  const p = dist(args[0], 'P');
  const q = dist(args[1], 'Q');
  const r = fisherRaoDistanceDetailed(p, q);
  if (json) {
    io.out(JSON.stringify({ p: p.toJSON(), q: q.toJSON(), ...r }));
    return;
  }
  io.out(`Fisher-Rao distance between ${p} and ${q}: ${fmt(r.distance)}`);
  const extra = Object.entries(r).filter(([k, v]) => k !== 'distance' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'));
  if (extra.length > 0) io.out(table(extra.map(([k, v]) => [k, typeof v === 'number' ? fmt(v) : String(v)])));
}

export function geodesicCommand(args: string[], steps: number, json: boolean, io: Io): void {
  const p = dist(args[0], 'P');
  const q = dist(args[1], 'Q');
  if (!Number.isInteger(steps) || steps < 1 || steps > 10000) throw new UsageError(`--steps must be an integer in [1, 10000], got ${steps}`);
  const path = fisherRaoGeodesic(p, q);
  const points = Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps;
    return { t, distribution: path(t) };
  });
  if (json) {
    io.out(JSON.stringify({ p: p.toJSON(), q: q.toJSON(), distance: fisherRaoDistance(p, q), points: points.map(({ t, distribution }) => ({ t, ...distribution.toJSON() })) }));
    return;
  }
  io.out(`Fisher-Rao geodesic from ${p} to ${q} (length ${fmt(fisherRaoDistance(p, q))}):`);
  io.out(table([['t', 'distribution'], ...points.map(({ t, distribution }) => [fmt(t), distribution.toString()])]));
}
