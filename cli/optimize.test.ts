import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optimizeCommand } from './optimize.js';
import { OKABE_ITO } from './svg.js';

function capture(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = optimizeCommand(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

describe('infogeo optimize', () => {
  it('prints the optimizer x coords table for the Gaussian fit', () => {
    const r = capture(['--problem', 'gaussian-fit', '--coords', 'sigma,log-sigma,variance', '--optimizers', 'gd,ng,mirror,adam', '--steps', '120']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/optimizer\s+coords\s+lr\s+steps to tol\s+final loss\s+mean KL\/step/);
    const lines = r.out.split('\n').filter((l) => /^(gd|ng|mirror|adam)\s/.test(l));
    expect(lines.length).toBe(10); // 3 coords for gd, ng and adam; mirror descent once
    // Natural gradient reaches the tolerance in (nearly) the same number of steps in every coordinate system.
    const ngSteps = lines.filter((l) => l.startsWith('ng ')).map((l) => Number(l.split(/\s+/)[3]));
    expect(Math.max(...ngSteps) - Math.min(...ngSteps)).toBeLessThanOrEqual(2);
  });

  it('--json: natural-gradient runs end at the same distribution in every coordinate system; gradient descent does not', () => {
    const r = capture(['--coords', 'sigma,log-sigma,variance,precision', '--optimizers', 'gd,ng', '--steps', '30', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.problem).toBe('gaussian-fit');
    expect(j.runs.length).toBe(8);
    const ends = (o: string) => j.runs.filter((x: { optimizer: string }) => x.optimizer === o).map((x: { finalSource: number[] }) => x.finalSource);
    const spread = (pts: number[][]) => Math.max(...pts.flatMap((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1]))));
    // NG differs only by the O(lr) discretisation; GD by the geometry of each parameterisation.
    expect(spread(ends('ng'))).toBeLessThan(0.05);
    expect(spread(ends('gd'))).toBeGreaterThan(10 * spread(ends('ng')));
    expect(j.runs[0].trajectory.length).toBe(31);
  });

  it('--out writes an SVG of the trajectories with a legend in the Okabe-Ito palette', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infogeo-optimize-'));
    const file = join(dir, 'plot.svg');
    const r = capture(['--optimizers', 'ng,adam', '--steps', '20', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`trajectories written to ${file}`);
    const svg = readFileSync(file, 'utf8');
    expect(svg.match(/<polyline/g)!.length).toBe(6);
    expect(svg).toContain('(mu, sigma)');
    expect(svg).toContain('ng / log-sigma');
    expect(svg).toContain(OKABE_ITO[0]);
    expect(svg).toContain('>minimum</text>');
  });

  it('runs the other problems with their default optimizers', () => {
    for (const problem of ['bernoulli-fit', 'logistic', 'misspecified']) {
      const r = capture(['--problem', problem, '--steps', '15', '--json']);
      expect(r.code, problem).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.runs.every((x: { error: string | null }) => x.error === null)).toBe(true);
    }
  });

  it('reports a run that fails instead of aborting the comparison', () => {
    // Plain gradient descent with a huge rate overflows in the precision coordinate.
    const r = capture(['--coords', 'precision', '--optimizers', 'gd,ng', '--lr', '1e300', '--steps', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.runs.some((x: { error: string | null }) => x.error !== null)).toBe(true);
  });

  it('bad input: a clear message and exit status 2', () => {
    const cases: [string[], RegExp][] = [
      [['--problem', 'rosenbrock'], /unknown problem 'rosenbrock'; expected one of gaussian-fit, bernoulli-fit, logistic, misspecified/],
      [['--coords', 'sigma,logit'], /unknown coordinates 'logit' for gaussian-fit; expected one of .*log-sigma/],
      [['--problem', 'logistic', '--coords', 'sigma'], /unknown coordinates 'sigma' for logistic; expected one of source/],
      [['--optimizers', 'gd,lbfgs'], /unknown optimizer 'lbfgs'/],
      [['--problem', 'logistic', '--optimizers', 'mirror'], /'mirror' needs a problem on an exponential family/],
      [['--steps', '0'], /--steps must be an integer in \[1, 100000\], got '0'/],
      [['--steps', '2.5'], /--steps must be an integer/],
      [['--lr=-1'], /--lr must be a finite number > 0, got '-1'/],
      [['--lr', '-1'], /Option '--lr' argument is ambiguous/],
      [['--lr', 'abc'], /--lr must be a finite number > 0/],
      [['--tol', '0'], /--tol must be a finite number > 0/],
      [['--coords', ''], /--coords needs a comma-separated list/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['extra'], /unexpected argument 'extra'/],
      [['--steps', '2', '--out', '/dev/null/x.svg'], /cannot write --out/],
    ];
    for (const [argv, message] of cases) {
      const r = capture(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
  });

  it('--help prints the usage', () => {
    const r = capture(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('infogeo optimize [--problem P]');
  });
});
