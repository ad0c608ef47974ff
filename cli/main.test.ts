import { describe, expect, it } from 'vitest';
import { run } from './main.js';
import { parseExpr, ParseError } from './parse.js';

function capture(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

describe('distribution expression grammar', () => {
  it('parses positional, named and list arguments', () => {
    expect(parseExpr('normal(0, 1)')).toEqual({ name: 'normal', args: [0, 1], named: {} });
    expect(parseExpr(' gamma( shape = 2 , rate=3.5e-1 ) ')).toEqual({ name: 'gamma', args: [], named: { shape: 2, rate: 0.35 } });
    expect(parseExpr('mvNormal([0, -1], [[1, 0.5], [0.5, 2]])').args).toEqual([[0, -1], [[1, 0.5], [0.5, 2]]]);
  });
  it('never evaluates code: anything outside the grammar is a syntax error', () => {
    for (const bad of ['normal(0, process.exit(1))', 'normal(0, 1); rm', 'normal(1+1, 2)', 'normal(0, 1', '(0, 1)', 'normal(a=1, 2)']) {
      expect(() => parseExpr(bad)).toThrow(ParseError);
    }
  });
});

describe('infogeo command line', () => {
  it('kl prints KL(P || Q) and --json gives the number', () => {
    const r = capture(['kl', 'normal(0,1)', 'normal(1,2)']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('0.4431471806');
    const j = JSON.parse(capture(['kl', 'normal(0,1)', 'normal(1,2)', '--json']).out);
    expect(Math.abs(j.kl - (Math.log(2) + 2 / 8 - 0.5))).toBeLessThan(1e-15);
  });
  it('fisher --coords natural for gamma(2, 3) is [[trigamma(2), -1/3], [-1/3, 2/9]] up to sign conventions', () => {
    const j = JSON.parse(capture(['fisher', 'gamma(2,3)', '--coords', 'natural', '--json']).out);
    expect(j.fisher.length).toBe(2);
    // Cov[log x, x] = 1 / rate and Var[log x] = trigamma(shape); the sign of the off-diagonal follows theta's orientation.
    expect(Math.abs(j.fisher[0][0] - (Math.PI ** 2 / 6 - 1))).toBeLessThan(1e-14);
    expect(Math.abs(Math.abs(j.fisher[0][1]) - 1 / 3)).toBeLessThan(1e-15);
    expect(Math.abs(j.fisher[1][1] - 2 / 9)).toBeLessThan(1e-15);
  });
  it('divergences prints a table with every divergence', () => {
    const r = capture(['divergences', 'poisson(3)', 'poisson(5)']);
    expect(r.code).toBe(0);
    for (const name of ['KL(p || q)', 'Jeffreys', 'alpha = 0', 'Renyi', 'Hellinger', 'Bhattacharyya', 'Chernoff', 'Jensen-Shannon']) expect(r.out).toContain(name);
    const j = JSON.parse(capture(['divergences', 'poisson(3)', 'poisson(5)', '--json']).out);
    expect(Object.values(j.divergences).every((v) => Number.isFinite(v as number))).toBe(true);
  });
  it('info prints parameters, moments and entropy', () => {
    const j = JSON.parse(capture(['info', 'dirichlet([1,2,3])', '--json']).out);
    expect(j.mean).toEqual([1 / 6, 2 / 6, 3 / 6].map((x) => expect.closeTo(x, 15)));
  });
  it('bad parameters print the library message and exit with status 2', () => {
    const r = capture(['kl', 'normal(0,-1)', 'normal(0,1)']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/sigma = -1 is invalid; expected a finite number > 0/);
    const mixed = capture(['kl', 'normal(0,1)', 'poisson(1)']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/same family/);
    expect(capture(['kl', 'normal(0,1']).code).toBe(2);
    expect(capture(['kl', 'nosuch(1)', 'normal(0,1)']).code).toBe(2);
    expect(capture(['frobnicate']).code).toBe(2);
    expect(capture(['fisher', 'normal(0,1)', '--coords', 'polar']).err).toMatch(/coords/);
  });
  it('distance prints the Fisher-Rao distance (normal: sqrt 2 times the hyperbolic distance) and geodesic its points', () => {
    const j = JSON.parse(capture(['distance', 'normal(0,1)', 'normal(0,2)', '--json']).out);
    // Same mean: d = sqrt(2) |log(s2 / s1)|
    expect(Math.abs(j.distance - Math.SQRT2 * Math.log(2))).toBeLessThan(1e-14);
    const g = JSON.parse(capture(['geodesic', 'normal(0,1)', 'normal(0,2)', '--steps', '2', '--json']).out);
    expect(g.points.length).toBe(3);
    // The midpoint of the vertical geodesic is the geometric mean of the sigmas.
    expect(Math.abs(g.points[1].params.sigma - Math.SQRT2)).toBeLessThan(1e-12);
    expect(capture(['geodesic', 'normal(0,1)', 'normal(0,2)', '--steps', '0']).code).toBe(2);
    expect(capture(['distance', 'normal(0,1)', 'gamma(1,1)']).code).toBe(2);
  });

  it('the tour runs and shows every section', () => {
    const r = capture(['tour']);
    expect(r.code).toBe(0);
    for (const s of ['Fisher information metric', 'Hessian of KL', 'Bregman', 'Legendre', 'Divergences', 'empirical Fisher']) expect(r.out).toContain(s);
  });
});
