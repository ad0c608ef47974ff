import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, runGeometryCommand } from './geometry.js';
import { rng } from '../src/random/rng.js';

function capture(command: 'project' | 'em', argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runGeometryCommand(command, argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'infogeo-geometry-'));
const csv = join(dir, 'mix.csv');
{
  const g = rng(7);
  const lines = ['# three normal components', 'x'];
  for (let i = 0; i < 600; i++) {
    const u = g.next();
    lines.push(String(u < 0.3 ? -4 + g.normal() : u < 0.8 ? 0.7 * g.normal() : 5 + 1.5 * g.normal()));
  }
  writeFileSync(csv, lines.join('\n'));
}

describe('infogeo project', () => {
  it('m-projects a 2x2 categorical onto the product distributions and checks Pythagoras against R', () => {
    const r = capture('project', ['categorical([0.1, 0.2, 0.3, 0.4])', '--onto', 'independence', '--check', 'categorical([0.25, 0.25, 0.25, 0.25])', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.kind).toBe('m-projection');
    j.projection.params.probs.forEach((p: number, i: number) => expect(Math.abs(p - [0.12, 0.18, 0.28, 0.42][i])).toBeLessThan(1e-13));
    expect(Math.abs(j.check.defect)).toBeLessThan(1e-10);
    expect(j.check.residual).toBeLessThan(1e-14);
  });
  it('e-projects onto { A eta = b } and prints the dual identity KL(R||P) = KL(R||q*) + KL(q*||P)', () => {
    const r = capture('project', ['gamma(2, 3)', '--constrain', '[[0, 1]]', '--equals', '[5]', '--check', 'gamma(7, 1.4)']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('e-projection of gamma(shape=2, rate=3)');
    expect(r.out).toContain('KL(R || P)');
    expect(r.out).toMatch(/shape=2, rate=0\.(4\b|399999999)/);
  });
  it('fixes natural coordinates with --fix and --values', () => {
    const j = JSON.parse(capture('project', ['normal(3, 0.2)', '--fix', '1', '--values=-0.5', '--json']).out);
    expect(Math.abs(j.projection.params.mu - 3)).toBeLessThan(1e-13);
    expect(Math.abs(j.projection.params.sigma - 1)).toBeLessThan(1e-15);
  });
  it('reports usage errors and infeasible problems with status 2', () => {
    expect(capture('project', ['normal(0, 1)']).code).toBe(2);
    expect(capture('project', ['normal(0, 1)', '--onto', 'nothing']).code).toBe(2);
    expect(capture('project', ['normal(0, 1)', '--constrain', 'not json', '--equals', '[1]']).code).toBe(2);
    const bad = capture('project', ['normal(0, 1)', '--constrain', '[[1, 0], [0, 1]]', '--equals', '[2, 1]']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/decrement/);
    expect(capture('project', ['normal(0, -1)', '--fix', '1']).err).toMatch(/sigma = -1 is invalid/);
  });
});

describe('infogeo em', () => {
  it('fits a 3-component normal mixture, prints a progress line per iteration and a JSON result', () => {
    const r = capture('em', [csv, '--family', 'normal', '-k', '3', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.k).toBe(3);
    expect(j.n).toBe(600);
    expect(j.trace.length).toBe(j.iterations + 1);
    for (let i = 1; i < j.trace.length; i++) expect(j.trace[i]).toBeGreaterThanOrEqual(j.trace[i - 1] - 1e-12 * Math.abs(j.trace[i - 1]));
    const mus = j.components.map((c: { params: { mu: number } }) => c.params.mu).sort((a: number, b: number) => a - b);
    [-4, 0, 5].forEach((m, i) => expect(Math.abs(mus[i] - m)).toBeLessThan(0.5));
    expect(r.err.trim().split('\n').length).toBe(j.iterations);
    expect(r.err).toMatch(/^em: iteration 1 {2}log-likelihood -\d+\.\d+ {2}change /);
  });
  it('prints a table without --json and is silent on stderr with --quiet', () => {
    const r = capture('em', [csv, '--family', 'normal', '-k', '2', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('component  weight');
  });
  it('reports bad files, families and options with status 2', () => {
    expect(capture('em', [join(dir, 'missing.csv'), '--family', 'normal', '-k', '2']).err).toMatch(/cannot read/);
    expect(capture('em', [csv, '--family', 'nosuch', '-k', '2']).err).toMatch(/unknown family/);
    expect(capture('em', [csv, '--family', 'normal']).err).toMatch(/missing -k/);
    expect(capture('em', [csv, '--family', 'gamma', '-k', '2', '--quiet']).err).toMatch(/data\[\d+\]/);
    expect(capture('em', [csv, '--family', 'normal', '-k', '2', '--bogus']).code).toBe(2);
  });
});

describe('CSV parsing', () => {
  it('skips comments, blank lines and a header; accepts , ; and spaces', () => {
    expect(parseCsv('# c\na,b\n1,2\n\n3;4\n5 6 # end\n', 'f')).toEqual([[1, 2], [3, 4], [5, 6]]);
  });
  it('rejects ragged rows and non-numbers after the header', () => {
    expect(() => parseCsv('1,2\n3\n', 'f')).toThrow(/line 2: expected 2 columns/);
    expect(() => parseCsv('1\nx\n', 'f')).toThrow(/line 2/);
    expect(() => parseCsv('# only\n', 'f')).toThrow(/no observations/);
  });
});
