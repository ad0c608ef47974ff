import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EigenvalueDecomposition } from 'ml-matrix';
import { eighSym } from './eigh.js';
import { setWasmEnabled } from './wasm-kernel.js';
import { EPS, frobenius, makeRng, maxAbsDiff, orthogonalityError, randomSymmetric, toMl, withSpectrum } from './linalg.testutil.js';

/**
 * Householder tridiagonalisation + implicit QL is backward stable: the computed (w, V) are exact
 * for A + E with ||E|| = O(n eps ||A||) and V orthogonal to O(n eps) (Golub & Van Loan, 8.3).
 * For n <= 40 that is ~1e-14; measured values are 2e-15..5e-15, so 1e-14 has margin. Larger
 * sizes get the n-proportional version.
 */
const EIG_TOL = 1e-14;
const eigTol = (n: number): number => Math.max(EIG_TOL, n * 1e-16);

/** ||A V - V diag(w)||_F / ||A||_F (absolute if A = 0). */
function residual(a: Float64Array, w: Float64Array, v: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += a[i * n + k] * v[k * n + j];
      t -= v[i * n + j] * w[j];
      s += t * t;
    }
  }
  const an = frobenius(a);
  return Math.sqrt(s) / (an === 0 ? 1 : an);
}

function decompose(a: Float64Array, n: number): { w: Float64Array; v: Float64Array } {
  const w = new Float64Array(n);
  const v = new Float64Array(n * n);
  expect(eighSym(w, v, a, n)).toBe(true);
  return { w, v };
}

function expectGoodDecomposition(a: Float64Array, n: number, tol = eigTol(n)): { w: Float64Array; v: Float64Array } {
  const { w, v } = decompose(a, n);
  expect(residual(a, w, v, n)).toBeLessThanOrEqual(tol);
  expect(orthogonalityError(v, n)).toBeLessThanOrEqual(tol);
  for (let i = 1; i < n; i++) expect(w[i]).toBeGreaterThanOrEqual(w[i - 1]);
  return { w, v };
}

for (const [path, wasm] of [
  ['wasm', true],
  ['js', false],
] as const) {
  describe(`eighSym (${path} rotations)`, () => {
    beforeAll(() => {
      setWasmEnabled(wasm);
    });
    afterAll(() => {
      setWasmEnabled(true);
    });

    it('documented 2 x 2 example', () => {
      const { w, v } = expectGoodDecomposition(Float64Array.of(2, 1, 1, 2), 2);
      expect(maxAbsDiff(w, [1, 3])).toBeLessThanOrEqual(4 * EPS);
      // Columns are +-[1, -1]/sqrt 2 and +-[1, 1]/sqrt 2.
      expect(Math.abs(v[0] + v[2])).toBeLessThanOrEqual(4 * EPS);
      expect(Math.abs(v[1] - v[3])).toBeLessThanOrEqual(4 * EPS);
      expect(Math.abs(Math.abs(v[0]) - Math.SQRT1_2)).toBeLessThanOrEqual(4 * EPS);
    });

    it('property: A V = V diag(w), V^T V = I, w ascending and equal to ml-matrix, sizes 1..40; a untouched', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
          const a = randomSymmetric(makeRng(seed), n);
          const a0 = a.slice();
          const { w } = expectGoodDecomposition(a, n);
          expect(a).toEqual(a0);
          const ref = Float64Array.from(new EigenvalueDecomposition(toMl(a, n, n), { assumeSymmetric: true }).realEigenvalues);
          ref.sort();
          expect(maxAbsDiff(w, ref) / frobenius(a)).toBeLessThanOrEqual(EIG_TOL);
        }),
        { seed: 42, numRuns: 100 },
      );
    });

    it('larger sizes (n = 64, 150) keep the O(n eps) accuracy', () => {
      for (const n of [64, 150]) expectGoodDecomposition(randomSymmetric(makeRng(n), n), n);
    });

    it('vectors may alias a', () => {
      const n = 17;
      const a = randomSymmetric(makeRng(9), n);
      const { w, v } = decompose(a, n);
      const w2 = new Float64Array(n);
      const b = a.slice();
      expect(eighSym(w2, b, b, n)).toBe(true);
      expect(maxAbsDiff(w2, w)).toBe(0);
      expect(maxAbsDiff(b, v)).toBe(0);
    });

    it('reads only the lower triangle (NaN above the diagonal is ignored)', () => {
      const n = 12;
      const a = randomSymmetric(makeRng(10), n);
      const junk = a.slice();
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) junk[i * n + j] = NaN;
      const r1 = decompose(a, n);
      const r2 = decompose(junk, n);
      expect(maxAbsDiff(r1.w, r2.w)).toBe(0);
      expect(maxAbsDiff(r1.v, r2.v)).toBe(0);
    });

    it('n = 1 and n = 0', () => {
      const { w, v } = decompose(Float64Array.of(-3.5), 1);
      expect(Array.from(w)).toEqual([-3.5]);
      expect(Array.from(v)).toEqual([1]);
      expect(eighSym(new Float64Array(0), new Float64Array(0), new Float64Array(0), 0)).toBe(true);
    });

    it('zero matrix: w = 0, V orthogonal', () => {
      const n = 6;
      const { w } = expectGoodDecomposition(new Float64Array(n * n), n);
      expect(Array.from(w)).toEqual(new Array(n).fill(0));
    });

    it('diagonal matrix: exact eigenvalues, eigenvectors are signed unit vectors', () => {
      const d = [3, -1, 2, 0.5, -7];
      const n = d.length;
      const a = new Float64Array(n * n);
      d.forEach((x, i) => (a[i * n + i] = x));
      const { w, v } = expectGoodDecomposition(a, n);
      expect(Array.from(w)).toEqual([...d].sort((x, y) => x - y));
      for (let j = 0; j < n; j++) {
        const i = d.indexOf(w[j]);
        expect(Math.abs(v[i * n + j])).toBe(1);
      }
    });

    it('repeated eigenvalues: c I and Q diag(1, 1, 1, 2, 2, 5) Q^T', () => {
      const n = 5;
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[i * n + i] = 3;
      const r = expectGoodDecomposition(a, n);
      expect(Array.from(r.w)).toEqual([3, 3, 3, 3, 3]);
      const spectrum = [1, 1, 1, 2, 2, 5];
      const b = withSpectrum(makeRng(11), spectrum);
      const { w } = expectGoodDecomposition(b, 6);
      expect(maxAbsDiff(w, spectrum)).toBeLessThanOrEqual(EIG_TOL * 5);
    });

    it('graded spectrum 1e-12..1 and the Wilkinson matrix W21+ (pairs agreeing to 1e-14)', () => {
      const spectrum = Array.from({ length: 13 }, (_, i) => 10 ** -i);
      const { w } = expectGoodDecomposition(withSpectrum(makeRng(12), spectrum), 13);
      expect(maxAbsDiff(w, [...spectrum].sort((x, y) => x - y))).toBeLessThanOrEqual(EIG_TOL);
      const n = 21;
      const wk = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        wk[i * n + i] = Math.abs(10 - i);
        if (i + 1 < n) {
          wk[i * n + i + 1] = 1;
          wk[(i + 1) * n + i] = 1;
        }
      }
      const r = expectGoodDecomposition(wk, n);
      // Largest eigenvalue of W21+ is 10.746194182903393 (Wilkinson, The Algebraic Eigenvalue Problem, 1965).
      expect(Math.abs(r.w[n - 1] - 10.746194182903393)).toBeLessThanOrEqual(1e-13);
    });

    it('extreme scales: A * 2^600 and A * 2^-600 give exactly scaled eigenvalues, same vectors', () => {
      // The input is normalised by a power of two internally, so the scaled problems are
      // bitwise the same problem: no overflow of squares at 2^600, no underflow at 2^-600.
      const n = 10;
      const a = randomSymmetric(makeRng(13), n);
      const { w, v } = expectGoodDecomposition(a, n);
      for (const s of [2 ** 600, 2 ** -600]) {
        const r = decompose(a.map((x) => x * s), n);
        for (let i = 0; i < n; i++) expect(r.w[i] / s).toBe(w[i]);
        expect(maxAbsDiff(r.v, v)).toBe(0);
      }
    });

    it('non-finite input: false', () => {
      expect(eighSym(new Float64Array(2), new Float64Array(4), Float64Array.of(1, 0, NaN, 1), 2)).toBe(false);
      expect(eighSym(new Float64Array(2), new Float64Array(4), Float64Array.of(Infinity, 0, 0, 1), 2)).toBe(false);
    });
  });
}
