import { describe, expect, it } from 'vitest';
import { empiricalFisherNG, scaleByEmpiricalFisherInverse } from './empiricalFisherNG.js';
import { naturalGradient } from './naturalGradient.js';
import { leastSquares } from './testProblems.testutil.js';
import { InfogeoError } from '../errors.js';

function relErr(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

describe('empiricalFisherNG', () => {
  const p = leastSquares();
  const w = Float64Array.of(0.3, -0.2, 1, 0, 0.5);

  it('is natural gradient with the matrix (1 / N) sum_n g_n g_n^T', () => {
    const grads = p.perExampleGrads(w);
    const n = p.dim;
    const ef = new Float64Array(n * n);
    for (const g of grads) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ef[i * n + j] += (g[i] * g[j]) / grads.length;
    const a = empiricalFisherNG({ lr: 0.1, perExampleGrads: p.perExampleGrads });
    const b = naturalGradient({ lr: 0.1, fisher: () => ef });
    const g = p.grad(w);
    expect(relErr(a.update(g, a.init(w), w)[0], b.update(g, b.init(w), w)[0])).toBeLessThanOrEqual(1e-12);
  });

  it("the 'cg' solver, with products (1 / N) G^T (G v), agrees with the Cholesky solve", () => {
    const g = p.grad(w);
    const a = empiricalFisherNG({ lr: 1, damping: 1e-3, perExampleGrads: p.perExampleGrads });
    const b = empiricalFisherNG({ lr: 1, damping: 1e-3, perExampleGrads: p.perExampleGrads, solver: 'cg', cg: { tol: 1e-14, maxIter: 200 } });
    expect(relErr(b.update(g, b.init(w), w)[0], a.update(g, a.init(w), w)[0])).toBeLessThanOrEqual(1e-9);
  });

  it('is not the Fisher: it vanishes at an interpolating fit, so without damping the step is undefined', () => {
    // Residual-free data y = X w*: at w* every per-example gradient r_n x_n is exactly zero.
    const d = p.dim;
    const row = (v: Float64Array, i: number) => {
      let acc = 0;
      for (let k = 0; k < d; k++) acc += p.x[i * d + k] * v[k];
      return acc;
    };
    const y = Array.from({ length: p.count }, (_, i) => row(p.xStar, i));
    const exact = {
      perExampleGrads: (v: Float64Array) => y.map((yi, i) => Float64Array.from({ length: d }, (_, k) => (row(v, i) - yi) * p.x[i * d + k])),
    };
    const w = p.xStar;
    const t = empiricalFisherNG({ lr: 0.1, perExampleGrads: exact.perExampleGrads });
    expect(() => t.update(Float64Array.of(1, 0, 0, 0, 0), t.init(w), w)).toThrow(/fisher/);
    // With damping lambda it reduces to gradient descent with step lr / lambda.
    const damped = empiricalFisherNG({ lr: 0.1, damping: 4, perExampleGrads: exact.perExampleGrads });
    expect(Array.from(damped.update(Float64Array.of(1, 0, 0, 0, 0), damped.init(w), w)[0])).toEqual([-0.025, -0, -0, -0, -0]);
  });

  it('fewer examples than dimensions and no damping: a singular matrix, reported as such', () => {
    const t = scaleByEmpiricalFisherInverse({ perExampleGrads: () => [Float64Array.of(1, 0, 0)] });
    const x = new Float64Array(3);
    let err: unknown;
    try {
      t.update(Float64Array.of(1, 1, 1), t.init(x), x);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InfogeoError);
    expect((err as InfogeoError).param).toBe('fisher');
    expect((err as InfogeoError).message).toMatch(/damping/);
  });

  it('documented examples', () => {
    const t = scaleByEmpiricalFisherInverse({ perExampleGrads: () => [Float64Array.of(2, 2), Float64Array.of(2, -2)] });
    const x = Float64Array.of(0, 0);
    expect(Array.from(t.update(Float64Array.of(1, 1), t.init(x), x)[0])).toEqual([0.25, 0.25]);
    const opt = empiricalFisherNG({ lr: 0.1, damping: 1, perExampleGrads: () => [Float64Array.of(3)] });
    expect(Math.abs(opt.update(Float64Array.of(3), opt.init(Float64Array.of(0)), Float64Array.of(0))[0][0] + 0.03)).toBeLessThanOrEqual(1e-17);
  });

  it('rejects malformed per-example gradients', () => {
    const x = Float64Array.of(0, 0);
    const make = (gs: unknown) => {
      const t = empiricalFisherNG({ lr: 0.1, damping: 1, perExampleGrads: () => gs as Float64Array[] });
      return () => t.update(Float64Array.of(1, 1), t.init(x), x);
    };
    expect(make([])).toThrow(/perExampleGrads/);
    expect(make([Float64Array.of(1)])).toThrow(/perExampleGrads\[0\]/);
    expect(make([Float64Array.of(1, 1), Float64Array.of(NaN, 1)])).toThrow(/perExampleGrads\[1\]/);
    expect(() => empiricalFisherNG({ lr: 0.1, perExampleGrads: () => [], solver: 'qr' as never })).toThrow(/solver/);
  });
});
