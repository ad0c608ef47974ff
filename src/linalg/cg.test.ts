import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conjugateGradient } from './cg.js';
import { solveSPD } from './cholesky.js';
import { gemv } from './gemv.js';
import { makeRng, randomMatrix, randomSPD, relErr } from './linalg.testutil.js';
import { norm2 } from './vector.js';

/**
 * CG stops when ||b - A x|| <= tol ||b||, which bounds the relative error of x by
 * cond(A) * tol. The test matrices B B^T + n I have cond(A) < 10, so with tol = 1e-12 the
 * solution must match the direct solve to 1e-11 (plus rounding of the direct solve, ~1e-15).
 */
const CG_TOL = 1e-12;
const SOLUTION_TOL = 10 * CG_TOL;

const operator = (a: Float64Array, n: number) => (out: Float64Array, v: Float64Array): void => {
  gemv(out, a, v, n, n);
};

function trueResidual(a: Float64Array, x: Float64Array, b: Float64Array, n: number): number {
  const r = gemv(new Float64Array(n), a, x, n, n);
  for (let i = 0; i < n; i++) r[i] = b[i] - r[i];
  return norm2(r, n);
}

describe('conjugateGradient', () => {
  it('documented 2 x 2 example: exact in 2 iterations', () => {
    const res = conjugateGradient((out, v) => {
      out[0] = 4 * v[0] + v[1];
      out[1] = v[0] + 3 * v[1];
    }, Float64Array.of(1, 2));
    expect(res.converged).toBe(true);
    expect(res.iterations).toBe(2);
    expect(relErr(res.x, [1 / 11, 7 / 11])).toBeLessThanOrEqual(1e-15);
  });

  it('property: matches solveSPD, sizes 1..40; b untouched; residualNorm is the true residual', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        const rng = makeRng(seed);
        const a = randomSPD(rng, n);
        const b = randomMatrix(rng, n, 1);
        const b0 = b.slice();
        const res = conjugateGradient(operator(a, n), b, { tol: CG_TOL });
        expect(res.converged).toBe(true);
        expect(b).toEqual(b0);
        expect(res.residualNorm).toBeLessThanOrEqual(CG_TOL * norm2(b, n));
        const direct = solveSPD(new Float64Array(n), a, b, n)!;
        expect(relErr(res.x, direct)).toBeLessThanOrEqual(SOLUTION_TOL);
        // The recurrence residual tracks the true one to rounding (~ eps cond ||b|| per step).
        expect(Math.abs(trueResidual(a, res.x, b, n) - res.residualNorm)).toBeLessThanOrEqual(CG_TOL * norm2(b, n));
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('a Jacobi preconditioner fixes bad diagonal scaling (D A D, D from 1e-3 to 1e3)', () => {
    const n = 30;
    const rng = makeRng(4);
    const a0 = randomSPD(rng, n);
    const d = Array.from({ length: n }, (_, i) => 10 ** (-3 + (6 * i) / (n - 1)));
    const a = a0.map((x, k) => x * d[Math.floor(k / n)] * d[k % n]);
    const b = randomMatrix(rng, n, 1);
    const plain = conjugateGradient(operator(a, n), b, { tol: CG_TOL, maxIter: 10_000 });
    const jacobi = conjugateGradient(operator(a, n), b, {
      tol: CG_TOL,
      preconditioner: (out, r) => {
        for (let i = 0; i < n; i++) out[i] = r[i] / a[i * n + i];
      },
    });
    expect(jacobi.converged).toBe(true);
    expect(jacobi.iterations).toBeLessThan(plain.iterations);
    expect(jacobi.iterations).toBeLessThanOrEqual(n);
    const direct = solveSPD(new Float64Array(n), a, b, n)!;
    // The preconditioned system has cond < ~10 again; the error bound is as above in the D-scaled norm.
    expect(relErr(jacobi.x.map((x, i) => x * d[i]), direct.map((x, i) => x * d[i]))).toBeLessThanOrEqual(100 * SOLUTION_TOL);
  });

  it('x0: the exact solution needs 0 iterations; x0 is not modified', () => {
    const n = 8;
    const rng = makeRng(5);
    const a = randomSPD(rng, n);
    const b = randomMatrix(rng, n, 1);
    const x0 = solveSPD(new Float64Array(n), a, b, n)!;
    const copy = x0.slice();
    const res = conjugateGradient(operator(a, n), b, { x0, tol: 1e-10 });
    expect(res.iterations).toBe(0);
    expect(res.converged).toBe(true);
    expect(x0).toEqual(copy);
    expect(res.x).not.toBe(x0);
    // A poor x0 still converges to the same point.
    const far = conjugateGradient(operator(a, n), b, { x0: new Float64Array(n).fill(100), tol: CG_TOL });
    expect(far.converged).toBe(true);
    expect(relErr(far.x, x0)).toBeLessThanOrEqual(100 * SOLUTION_TOL);
  });

  it('b = 0 returns x = 0 without calling the operator', () => {
    let calls = 0;
    const res = conjugateGradient(() => calls++, new Float64Array(5));
    expect(Array.from(res.x)).toEqual([0, 0, 0, 0, 0]);
    expect(res).toMatchObject({ iterations: 0, residualNorm: 0, converged: true });
    expect(calls).toBe(0);
  });

  it('n = 1: one iteration, exact', () => {
    const res = conjugateGradient((out, v) => {
      out[0] = 4 * v[0];
    }, Float64Array.of(2));
    expect(res).toMatchObject({ iterations: 1, converged: true });
    expect(res.x[0]).toBe(0.5);
  });

  it('maxIter reached: converged = false, iterations = maxIter, residual above target', () => {
    const n = 20;
    const rng = makeRng(6);
    const a = randomSPD(rng, n, 0.01);
    const b = randomMatrix(rng, n, 1);
    const res = conjugateGradient(operator(a, n), b, { maxIter: 2 });
    expect(res.converged).toBe(false);
    expect(res.iterations).toBe(2);
    expect(res.residualNorm).toBeGreaterThan(1e-10 * norm2(b, n));
  });

  it('operator not positive definite: stops with converged = false and finite x', () => {
    const res = conjugateGradient((out, v) => {
      for (let i = 0; i < 3; i++) out[i] = -v[i];
    }, Float64Array.of(1, 2, 3));
    expect(res.converged).toBe(false);
    expect(res.iterations).toBe(1);
    expect(res.x.every(Number.isFinite)).toBe(true);
    const nan = conjugateGradient((out) => out.fill(NaN), Float64Array.of(1, 2));
    expect(nan.converged).toBe(false);
  });
});
