import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { invSPD } from './cholesky.js';
import { spdExp, spdFunction, spdInvSqrt, spdLog, spdPower, spdSqrt } from './spd-functions.js';
import { EPS, makeRng, maxAbsDiff, randomSPD, randomSymmetric, refMul, relErr } from './linalg.testutil.js';

/**
 * The test matrices B B^T + n I have condition number below ~10, and each identity below goes
 * through one or two backward-stable eigendecompositions plus an O(n)-term reconstruction, so
 * its relative error is a small multiple of n eps: measured at most 3.6 n eps over 300 seeded
 * cases of sizes 1..40. 16 n eps leaves a 4x margin; a wrong eigenvalue map is off by O(1).
 */
const tol = (n: number): number => 16 * (n + 1) * EPS;

const cases = fc.record({ n: fc.integer({ min: 1, max: 40 }), seed: fc.integer() });

function eye(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

function mul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  return refMul(a, b, n, n, n);
}

function expectExactlySymmetric(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(a[i * n + j]).toBe(a[j * n + i]);
}

describe('documented examples', () => {
  it('diagonal inputs give exact results', () => {
    expect(Array.from(spdSqrt(new Float64Array(4), Float64Array.of(4, 0, 0, 9), 2)!)).toEqual([2, 0, 0, 3]);
    expect(Array.from(spdInvSqrt(new Float64Array(4), Float64Array.of(4, 0, 0, 16), 2)!)).toEqual([0.5, 0, 0, 0.25]);
    expect(Array.from(spdLog(new Float64Array(4), Float64Array.of(Math.E, 0, 0, 1), 2)!)).toEqual([1, 0, 0, 0]);
    expect(Array.from(spdExp(new Float64Array(4), Float64Array.of(0, 0, 0, 1), 2)!)).toEqual([1, 0, 0, Math.E]);
    expect(Array.from(spdPower(new Float64Array(4), Float64Array.of(4, 0, 0, 9), 2, -0.5)!)).toEqual([0.5, 0, 0, 1 / 3]);
  });
  it('spdFunction with x -> x^2 on [[2, 1], [1, 2]] gives [[5, 4], [4, 5]] to rounding', () => {
    const r = spdFunction(new Float64Array(4), Float64Array.of(2, 1, 1, 2), 2, (x) => x * x)!;
    expect(maxAbsDiff(r, [5, 4, 4, 5])).toBeLessThanOrEqual(16 * EPS * 5);
  });
});

describe('identities, sizes 1..40 (seeded properties)', () => {
  it('spdFunction(f = x -> x^2) = A A; a untouched; out may alias a', () => {
    fc.assert(
      fc.property(cases, ({ n, seed }) => {
        const s = randomSymmetric(makeRng(seed), n);
        const s0 = s.slice();
        const sq = spdFunction(new Float64Array(n * n), s, n, (x) => x * x)!;
        expect(s).toEqual(s0);
        expect(relErr(sq, mul(s, s, n))).toBeLessThanOrEqual(tol(n));
        const b = s.slice();
        expect(spdFunction(b, b, n, (x) => x * x)).toBe(b);
        expect(maxAbsDiff(b, sq)).toBe(0);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('(A^{1/2})^2 = A and A^{1/2} is exactly symmetric; a untouched; out may alias a', () => {
    fc.assert(
      fc.property(cases, ({ n, seed }) => {
        const a = randomSPD(makeRng(seed), n);
        const a0 = a.slice();
        const s = spdSqrt(new Float64Array(n * n), a, n)!;
        expect(a).toEqual(a0);
        expect(relErr(mul(s, s, n), a)).toBeLessThanOrEqual(tol(n));
        expectExactlySymmetric(s, n);
        const b = a.slice();
        expect(spdSqrt(b, b, n)).toBe(b);
        expect(maxAbsDiff(b, s)).toBe(0);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('A^{-1/2} A A^{-1/2} = I; out may alias a', () => {
    fc.assert(
      fc.property(cases, ({ n, seed }) => {
        const a = randomSPD(makeRng(seed), n);
        const a0 = a.slice();
        const x = spdInvSqrt(new Float64Array(n * n), a, n)!;
        expect(a).toEqual(a0);
        expect(relErr(mul(mul(x, a, n), x, n), eye(n))).toBeLessThanOrEqual(tol(n));
        const b = a.slice();
        expect(spdInvSqrt(b, b, n)).toBe(b);
        expect(maxAbsDiff(b, x)).toBe(0);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('exp(log A) = A for SPD A; log(exp S) = S for symmetric S with ||S|| <= 2; aliasing', () => {
    fc.assert(
      fc.property(cases, ({ n, seed }) => {
        const rng = makeRng(seed);
        const a = randomSPD(rng, n);
        const a0 = a.slice();
        const l = spdLog(new Float64Array(n * n), a, n)!;
        expect(a).toEqual(a0);
        const l0 = l.slice();
        const e = spdExp(new Float64Array(n * n), l, n)!;
        expect(l).toEqual(l0);
        expect(relErr(e, a)).toBeLessThanOrEqual(tol(n));
        // Scaled to spectral radius ~1.2, so exp(S) has condition number ~10 and log is well
        // conditioned on it (unscaled, cond(exp S) reaches e^12 and the round trip loses
        // that factor, as it must). Entrywise error measured <= 1.5 (n + 1) eps.
        const s = randomSymmetric(rng, n).map((x) => x / Math.sqrt(n));
        const back = spdLog(new Float64Array(n * n), spdExp(new Float64Array(n * n), s, n)!, n)!;
        expect(maxAbsDiff(back, s)).toBeLessThanOrEqual(tol(n));
        const b = a.slice();
        expect(spdLog(b, b, n)).toBe(b);
        expect(maxAbsDiff(b, l)).toBe(0);
        expect(spdExp(b, b, n)).toBe(b);
        expect(maxAbsDiff(b, e)).toBe(0);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('spdPower: p = 1/2 is spdSqrt, p = -1 is invSPD, p = 3 on an indefinite S is S S S, p = 0 is I', () => {
    fc.assert(
      fc.property(cases, ({ n, seed }) => {
        const rng = makeRng(seed);
        const a = randomSPD(rng, n);
        const a0 = a.slice();
        const half = spdPower(new Float64Array(n * n), a, n, 0.5)!;
        expect(relErr(half, spdSqrt(new Float64Array(n * n), a, n)!)).toBeLessThanOrEqual(tol(n));
        const inv = spdPower(new Float64Array(n * n), a, n, -1)!;
        expect(relErr(inv, invSPD(new Float64Array(n * n), a, n)!)).toBeLessThanOrEqual(tol(n));
        expect(a).toEqual(a0);
        const s = randomSymmetric(rng, n);
        const cube = spdPower(new Float64Array(n * n), s, n, 3)!;
        expect(relErr(cube, mul(mul(s, s, n), s, n))).toBeLessThanOrEqual(tol(n));
        expect(relErr(spdPower(new Float64Array(n * n), s, n, 0)!, eye(n))).toBeLessThanOrEqual(tol(n));
        const b = a.slice();
        expect(spdPower(b, b, n, 0.5)).toBe(b);
        expect(maxAbsDiff(b, half)).toBe(0);
      }),
      { seed: 42, numRuns: 60 },
    );
  });
});

describe('edge cases', () => {
  it('n = 1', () => {
    expect(Array.from(spdSqrt(new Float64Array(1), Float64Array.of(6.25), 1)!)).toEqual([2.5]);
    expect(Array.from(spdLog(new Float64Array(1), Float64Array.of(1), 1)!)).toEqual([0]);
    expect(Array.from(spdExp(new Float64Array(1), Float64Array.of(-1), 1)!)).toEqual([Math.exp(-1)]);
    expect(Array.from(spdPower(new Float64Array(1), Float64Array.of(-2), 1, 3)!)).toEqual([-8]);
  });
  it('repeated eigenvalues: functions of c I are f(c) I exactly', () => {
    const a = Float64Array.of(4, 0, 0, 0, 4, 0, 0, 0, 4);
    expect(Array.from(spdSqrt(new Float64Array(9), a, 3)!)).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 2]);
    expect(Array.from(spdInvSqrt(new Float64Array(9), a, 3)!)).toEqual([0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5]);
  });
  it('zero matrix: sqrt, inverse sqrt, log and non-integer powers are null; exp is I; p = 0 is I', () => {
    const z = new Float64Array(9);
    expect(spdSqrt(new Float64Array(9), z, 3)).toBeNull();
    expect(spdInvSqrt(new Float64Array(9), z, 3)).toBeNull();
    expect(spdLog(new Float64Array(9), z, 3)).toBeNull();
    expect(spdPower(new Float64Array(9), z, 3, 1.5)).toBeNull();
    expect(spdPower(new Float64Array(9), z, 3, -2)).toBeNull();
    expect(Array.from(spdExp(new Float64Array(9), z, 3)!)).toEqual(Array.from(eye(3)));
    expect(Array.from(spdPower(new Float64Array(9), z, 3, 0)!)).toEqual(Array.from(eye(3)));
  });
  it('not SPD: null where positivity is needed, a value where it is not', () => {
    const indefinite = Float64Array.of(1, 0, 0, -1);
    const singular = Float64Array.of(1, 0, 0, 0);
    for (const m of [indefinite, singular]) {
      expect(spdSqrt(new Float64Array(4), m, 2)).toBeNull();
      expect(spdInvSqrt(new Float64Array(4), m, 2)).toBeNull();
      expect(spdLog(new Float64Array(4), m, 2)).toBeNull();
      expect(spdPower(new Float64Array(4), m, 2, 0.5)).toBeNull();
    }
    expect(spdPower(new Float64Array(4), singular, 2, -1)).toBeNull();
    expect(Array.from(spdPower(new Float64Array(4), indefinite, 2, -1)!)).toEqual([1, 0, 0, -1]);
    expect(Array.from(spdPower(new Float64Array(4), indefinite, 2, 2)!)).toEqual([1, 0, 0, 1]);
    // A null result leaves out unwritten.
    const out = Float64Array.of(7, 7, 7, 7);
    expect(spdLog(out, indefinite, 2)).toBeNull();
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });
  it('overflow and non-finite f: null', () => {
    expect(spdExp(new Float64Array(1), Float64Array.of(800), 1)).toBeNull();
    expect(spdFunction(new Float64Array(4), Float64Array.of(1, 0, 0, 2), 2, () => NaN)).toBeNull();
    expect(spdSqrt(new Float64Array(4), Float64Array.of(1, 0, NaN, 1), 2)).toBeNull();
  });
});
