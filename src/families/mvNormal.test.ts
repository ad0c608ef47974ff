import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';
import { mvNormal, mvNormalFamily } from './mvNormal.js';
import { normal } from './normal.js';
import { diagNormal } from './diagNormal.js';
import { familyBattery } from './battery.testutil.js';
import { fisherNatural, fisherSourcePullback, klBregman, thetaFromEta } from './derive.js';
import { fisher, fisherMatrix } from '../fisher/fisher.js';
import { kl } from '../divergences/kl.js';
import { InfogeoError } from '../errors.js';
import { rng } from '../random/rng.js';

const ref = JSON.parse(readFileSync(new URL('./__fixtures__/vector.json', import.meta.url), 'utf8')).mvNormal;

const EPS = 2.220446049250313e-16;
/** Closed forms on well-conditioned, centred cases: a few ulps. */
const REF_TOL = 1e-13;
/**
 * A distribution is its theta = (P mu, -P/2), rounded to 1 ulp; mu and Sigma are recovered with
 * relative errors of order kappa(cov) * eps. Quantities that depend on a small difference
 * (x - mu in a log-density far out in a tight distribution, or m2 - m1, S2 - S1 in a KL between
 * nearby points) inherit that error divided by the difference's relative size. The tolerances
 * below are that bound, 4 eps * kappa * amplification, with amplification computed from the
 * inputs (never less than REF_TOL).
 */
function kappa(cov: number[][]): number {
  const ev = new EigenvalueDecomposition(new Matrix(cov)).realEigenvalues;
  return Math.max(...ev) / Math.min(...ev);
}
function logpdfTol(mean: number[], cov: number[][]): number {
  const sdMin = Math.min(...cov.map((r, i) => Math.sqrt(r[i])));
  const amp = 1 + Math.max(...mean.map(Math.abs)) / sdMin;
  return Math.max(REF_TOL, 4 * EPS * kappa(cov) * amp);
}
function klTol(p: { mean: number[]; cov: number[][] }, q: { mean: number[]; cov: number[][] }): number {
  const d = p.mean.length;
  let [dm, m, ds, s] = [0, 0, 0, 0];
  for (let i = 0; i < d; i++) {
    dm = Math.max(dm, Math.abs(q.mean[i] - p.mean[i]));
    m = Math.max(m, Math.abs(p.mean[i]), Math.sqrt(p.cov[i][i]));
    for (let j = 0; j < d; j++) {
      ds = Math.max(ds, Math.abs(q.cov[i][j] - p.cov[i][j]));
      s = Math.max(s, Math.abs(p.cov[i][j]));
    }
  }
  const amp = Math.max(dm > 0 ? m / dm : 1, ds > 0 ? s / ds : 1);
  return Math.max(REF_TOL, 4 * EPS * kappa(p.cov) * amp);
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

familyBattery('mvNormal', {
  cases: () => [
    mvNormal([1, 2], [[2, 0.5], [0.5, 1]]),
    mvNormal([0, 0, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    mvNormal([0.5, -1, 2], [[1, 0.3, 0.1], [0.3, 2, -0.4], [0.1, -0.4, 0.5]]),
    mvNormal([0.5, 1], [[1, 0.95], [0.95, 1]]), // strongly correlated
    mvNormal([30, -30], [[2e-2, 5e-3], [5e-3, 1e-2]]), // mean 200-300 standard deviations from 0
    mvNormal([1e4, 3e3], [[2e8, 5e7], [5e7, 1e8]]), // large scale
    mvNormal([3e-4, -1e-4], [[4e-8, 1e-8], [1e-8, 9e-8]]), // small scale
    mvNormal([0.3], [[4]]),
  ],
});

describe('mvNormal: coordinates', () => {
  it('has theta = (P mu, -P_ii/2, -P_ij), eta = (mu, Sigma_ij + mu_i mu_j) and params as given', () => {
    const p = mvNormal([1, 2], [[2, 0], [0, 4]]);
    [0.5, 0.5, -0.25, -0, -0.125].forEach((v, i) => expect(Math.abs(p.theta[i] - v)).toBeLessThanOrEqual(EPS));
    [1, 2, 3, 2, 8].forEach((v, i) => expect(Math.abs(p.eta[i] - v)).toBeLessThanOrEqual(2 * EPS * v));
    expect(p.params).toEqual({ mean: [1, 2], cov: [[2, 0], [0, 4]] });
    expect(p.family).toBe(mvNormalFamily(2));
    expect(p.family.id).toBe('mvNormal(d=2)');
    expect(p.family.sourceNames).toEqual(['mean[0]', 'mean[1]', 'cov[0][0]', 'cov[0][1]', 'cov[1][1]']);
    expect(mvNormalFamily(3).dim).toBe(9);
  });

  it('<theta, T(x)> = mu^T P x - x^T P x / 2', () => {
    const p = mvNormal([0.5, -1, 2], [[1, 0.3, 0.1], [0.3, 2, -0.4], [0.1, -0.4, 0.5]]);
    const x = Float64Array.of(0.7, -0.2, 1.3);
    const t = p.family.sufficientStat(x, new Float64Array(9));
    const inner = p.theta.reduce((s, v, i) => s + v * t[i], 0);
    const P = inverse(new Matrix([[1, 0.3, 0.1], [0.3, 2, -0.4], [0.1, -0.4, 0.5]]));
    const xv = Matrix.columnVector(Array.from(x));
    const mv = Matrix.columnVector([0.5, -1, 2]);
    const expected = mv.transpose().mmul(P).mmul(xv).get(0, 0) - 0.5 * xv.transpose().mmul(P).mmul(xv).get(0, 0);
    expect(relErr(inner, expected)).toBeLessThanOrEqual(1e-14);
  });

  it('mean() and variance() return mu and Sigma; samples have covariance Sigma', () => {
    const cov = [[1, 0.3, 0.1], [0.3, 2, -0.4], [0.1, -0.4, 0.5]];
    const p = mvNormal([0.5, -1, 2], cov);
    const mu = [0.5, -1, 2];
    (p.mean() as number[]).forEach((v, i) => expect(Math.abs(v - mu[i])).toBeLessThanOrEqual(4e-16 * 2));
    const v = p.variance() as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(v[i][j] - cov[i][j])).toBeLessThanOrEqual(1e-15);
    const n = 40000;
    const xs = p.sample(n, rng(3)) as Float64Array[];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (const x of xs) s += (x[i] - mu[i]) * (x[j] - mu[j]);
        // sd of a product-moment estimate: sqrt((S_ii S_jj + S_ij^2) / n); 6 standard errors
        const se = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] ** 2) / n);
        expect(Math.abs(s / n - cov[i][j])).toBeLessThanOrEqual(6 * se);
      }
    }
  });
});

describe('mvNormal: reference values (mpmath, cross-checked with scipy)', () => {
  it('logpdf and entropy', () => {
    let worst = 0;
    for (const c of ref.cases) {
      const p = mvNormal(c.mean, c.cov);
      const tol = logpdfTol(c.mean, c.cov);
      c.points.forEach((x: number[], i: number) => {
        const e = Math.abs(p.logDensity(x) - c.logpdf[i]) / Math.max(1, Math.abs(c.logpdf[i]));
        worst = Math.max(worst, e);
        expect(e, `${c.name} logpdf at ${x}`).toBeLessThanOrEqual(tol);
      });
      const e = relErr(p.entropy(), c.entropy);
      worst = Math.max(worst, e);
      expect(e, `${c.name} entropy`).toBeLessThanOrEqual(Math.max(REF_TOL, 4 * EPS * kappa(c.cov)));
    }
    console.log(`mvNormal: worst logpdf/entropy error vs mpmath ${worst.toExponential(2)}`);
  });

  it('KL(p || q), including nearby pairs where the Bregman form cancels', () => {
    let worstFar = 0;
    let worstNear = 0;
    for (const c of ref.kl) {
      const p = mvNormal(c.p.mean, c.p.cov);
      const q = mvNormal(c.q.mean, c.q.cov);
      const e = relErr(kl(p, q), c.kl);
      if (c.kl < 1e-10) worstNear = Math.max(worstNear, e);
      else worstFar = Math.max(worstFar, e);
      expect(e, `KL ${JSON.stringify(c.p.mean)} -> ${JSON.stringify(c.q.mean)}`).toBeLessThanOrEqual(klTol(c.p, c.q));
      if (c.kl < 1e-13) {
        // the spec asks for 1e-8 down to KL ~ 1e-12; the generic Bregman form is off by far more
        expect(e).toBeLessThanOrEqual(1e-8);
        expect(relErr(klBregman(p.family, p.theta, q.theta), c.kl)).toBeGreaterThan(1e-4);
      }
    }
    console.log(`mvNormal: worst KL error vs mpmath: far ${worstFar.toExponential(2)}, nearby ${worstNear.toExponential(2)}`);
  });
});

describe('mvNormal agrees with the univariate normal and with diagNormal', () => {
  it('d = 1: theta, KL and entropy equal those of normal(mu, sigma)', () => {
    for (const [m1, s1, m2, s2] of [
      [0.3, 2, -1, 1.5],
      [1e3, 1e-3, 1e3 + 1e-4, 2e-3],
      [0, 1, 0, 1 + 1e-7],
    ]) {
      const [a, b] = [mvNormal([m1], [[s1 * s1]]), mvNormal([m2], [[s2 * s2]])];
      const [na, nb] = [normal(m1, s1), normal(m2, s2)];
      for (let i = 0; i < 2; i++) expect(relErr(a.theta[i], na.theta[i])).toBeLessThanOrEqual(1e-15);
      expect(relErr(kl(a, b), kl(na, nb))).toBeLessThanOrEqual(1e-9);
      expect(relErr(a.entropy(), na.entropy())).toBeLessThanOrEqual(1e-15);
    }
  });

  it('d = 1: Fisher(mu, sigma) of normal = J^T Fisher(mu, v = sigma^2) J with J = diag(1, 2 sigma)', () => {
    for (const [mu, s] of [
      [0, 1],
      [2, 0.1],
      [-5, 30],
    ]) {
      const gm = fisher(mvNormal([mu], [[s * s]])); // coordinates (mu, v)
      expect(relErr(gm[0][0], 1 / (s * s))).toBeLessThanOrEqual(4 * EPS);
      expect(relErr(gm[1][1], 1 / (2 * s ** 4))).toBeLessThanOrEqual(4 * EPS);
      const j = [1, 2 * s];
      const pulled = [0, 1].map((r) => [0, 1].map((c) => j[r] * gm[r][c] * j[c]));
      const gn = fisher(normal(mu, s));
      for (let r = 0; r < 2; r++) {
        for (let c = 0; c < 2; c++) expect(Math.abs(pulled[r][c] - gn[r][c])).toBeLessThanOrEqual(1e-14 * gn[0][0]);
      }
    }
  });

  it('a diagonal covariance gives the KL, entropy, log-density and Fisher of diagNormal', () => {
    const [m1, s1, m2, s2] = [[1, -2, 0.5], [0.5, 2, 1.5], [0, -1, 0.7], [1, 1.5, 1.2]];
    const diag = (s: number[]): number[][] => s.map((v, i) => s.map((_, j) => (i === j ? v * v : 0)));
    const [a, b] = [mvNormal(m1, diag(s1)), mvNormal(m2, diag(s2))];
    const [da, db] = [diagNormal(m1, s1), diagNormal(m2, s2)];
    expect(relErr(kl(a, b), kl(da, db))).toBeLessThanOrEqual(1e-14);
    expect(relErr(a.entropy(), da.entropy())).toBeLessThanOrEqual(1e-15);
    expect(relErr(a.logDensity([0.1, 0.2, 0.3]), da.logDensity([0.1, 0.2, 0.3]))).toBeLessThanOrEqual(1e-15);
    const g = fisher(a); // (mean_0..2, cov00, cov01, cov02, cov11, cov12, cov22)
    const gd = fisher(da); // (mean_0..2, sigma_0..2)
    const diagIdx = [3, 6, 8];
    for (let i = 0; i < 3; i++) {
      expect(relErr(g[i][i], gd[i][i])).toBeLessThanOrEqual(1e-14);
      // Fisher in sigma_i from Fisher in v_i = sigma_i^2: (2 sigma_i)^2 g_vv
      expect(relErr(4 * s1[i] ** 2 * g[diagIdx[i]][diagIdx[i]], gd[3 + i][3 + i])).toBeLessThanOrEqual(1e-14);
    }
  });

  it('a Gaussian with known covariance has Fisher Sigma^{-1} for the mean (1/sigma^2 in 1-D)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-5, max: 1e5, noNaN: true }), (mu, s) => {
        const g = fisher(mvNormal([mu], [[s * s]]));
        expect(relErr(g[0][0], 1 / (s * s))).toBeLessThanOrEqual(4 * EPS);
        // the mixed entry is 0: in the units of the diagonal, sqrt(g_00 g_11)
        expect(Math.abs(g[0][1])).toBeLessThanOrEqual(1e-14 * Math.sqrt(g[0][0] * g[1][1]));
      }),
      { seed: 7, numRuns: 200 },
    );
    const cov = [[1, 0.3, 0.1], [0.3, 2, -0.4], [0.1, -0.4, 0.5]];
    const g = fisher(mvNormal([0.5, -1, 2], cov));
    const P = inverse(new Matrix(cov));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(Math.abs(g[i][j] - P.get(i, j))).toBeLessThanOrEqual(1e-13 * P.max());
      for (let j = 3; j < 9; j++) expect(Math.abs(g[i][j])).toBeLessThanOrEqual(1e-13 * P.max());
    }
  });
});

/** A seeded d x d covariance A A^T / d + c I (condition number a few tens). */
function randomCov(d: number, seed: number, c = 0.5): number[][] {
  const r = rng(seed);
  const a = Array.from({ length: d }, () => Array.from({ length: d }, () => 2 * r.next() - 1));
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => a[i].reduce((s, v, k) => s + v * a[j][k], 0) / d + (i === j ? c : 0)),
  );
}

describe('mvNormal in d = 50 (against ml-matrix)', () => {
  const d = 50;
  const c1 = randomCov(d, 1);
  const c2 = randomCov(d, 2, 0.8);
  const r = rng(5);
  const m1 = Array.from({ length: d }, () => 2 * r.next() - 1);
  const m2 = Array.from({ length: d }, () => 2 * r.next() - 1);
  const logdet = (c: number[][]): number => {
    const l = new CholeskyDecomposition(new Matrix(c)).lowerTriangularMatrix;
    let s = 0;
    for (let i = 0; i < d; i++) s += 2 * Math.log(l.get(i, i));
    return s;
  };

  it('KL and entropy', () => {
    const [p, q] = [mvNormal(m1, c1), mvNormal(m2, c2)];
    const [S1, S2] = [new Matrix(c1), new Matrix(c2)];
    const P2 = inverse(S2);
    const dm = Matrix.columnVector(m2.map((v, i) => v - m1[i]));
    const expected = 0.5 * (P2.mmul(S1).trace() + dm.transpose().mmul(P2).mmul(dm).get(0, 0) - d + logdet(c2) - logdet(c1));
    // condition numbers are ~10: the two computations agree to ~1e-13
    expect(relErr(kl(p, q), expected)).toBeLessThanOrEqual(1e-12);
    expect(relErr(p.entropy(), 0.5 * d * (1 + Math.log(2 * Math.PI)) + 0.5 * logdet(c1))).toBeLessThanOrEqual(1e-13);
  });

  it('Fisher in source coordinates: Sigma^{-1} for the mean, (1/2) tr(P dS_a P dS_b) for the covariance', () => {
    const p = mvNormal(m1, c1);
    const g = fisherMatrix(p, 'source');
    const n = d + (d * (d + 1)) / 2;
    expect(g.length).toBe(n * n);
    const P = inverse(new Matrix(c1)).to2DArray();
    const pairs: [number, number][] = [];
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) pairs.push([i, j]);
    const terms = ([i, j]: [number, number]): [number, number][] => (i === j ? [[i, i]] : [[i, j], [j, i]]);
    let scale = 0;
    for (let k = 0; k < g.length; k++) scale = Math.max(scale, Math.abs(g[k]));
    let worst = 0;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) worst = Math.max(worst, Math.abs(g[a * n + b] - P[a][b]));
      for (let b = d; b < n; b += 7) worst = Math.max(worst, Math.abs(g[a * n + b]));
    }
    // (1/2) tr(P E_a P E_b) with E = e_p e_q^T: (1/2) sum P_qr P_sp over the terms of a and b
    for (let a = 0; a < pairs.length; a += 3) {
      for (let b = 0; b < pairs.length; b += 5) {
        let v = 0;
        for (const [p1, q1] of terms(pairs[a])) for (const [r1, s1] of terms(pairs[b])) v += P[q1][r1] * P[s1][p1];
        worst = Math.max(worst, Math.abs(g[(d + a) * n + d + b] - 0.5 * v));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-11 * scale);
    for (let k = 0; k < g.length; k++) if (!Number.isFinite(g[k])) throw new Error('non-finite Fisher entry');
  });

  it('Fisher in natural coordinates: Hess F times dtheta/dsource equals deta/dsource (chain rule)', () => {
    // eta = grad F(theta(source)), and deta/dsource is elementary: deta_a/dmu_b = delta_ab,
    // d(Sigma_ij + mu_i mu_j)/dmu_b = delta_ib mu_j + delta_jb mu_i, d eta_(ij)/d Sigma_(kl) = [ij = kl].
    const p = mvNormal(m1, c1);
    const f = p.family;
    const n = f.dim;
    const h = fisherNatural(f, p.theta);
    const j = f.sourceJacobian(p.source, new Float64Array(n * n));
    const pairs: [number, number][] = [];
    for (let i = 0; i < d; i++) for (let k = i; k < d; k++) pairs.push([i, k]);
    let worst = 0;
    let scale = 0;
    for (let col = 0; col < n; col += 13) {
      for (let r = 0; r < n; r++) {
        let hj = 0;
        let mag = 0;
        for (let k = 0; k < n; k++) {
          hj += h[r * n + k] * j[k * n + col];
          mag += Math.abs(h[r * n + k] * j[k * n + col]);
        }
        let expected: number;
        if (r < d) expected = col === r ? 1 : 0;
        else {
          const [a, b] = pairs[r - d];
          expected = col < d ? (a === col ? m1[b] : 0) + (b === col ? m1[a] : 0) : col === r ? 1 : 0;
        }
        worst = Math.max(worst, Math.abs(hj - expected));
        scale = Math.max(scale, mag);
      }
    }
    expect(Number.isFinite(worst)).toBe(true);
    // rounding of an n-term inner product: n eps times the magnitude of its terms
    expect(worst).toBeLessThanOrEqual(n * EPS * scale);
  });

  it('the closed-form Fisher(source) equals the generic pullback J^T Hess F J (d = 8)', () => {
    const p = mvNormal(m1.slice(0, 8), randomCov(8, 9));
    const n = p.family.dim;
    const closed = fisherMatrix(p, 'source');
    const pulled = fisherSourcePullback(p.family, p.source);
    let scale = 0;
    for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(closed[k]));
    for (let k = 0; k < n * n; k++) expect(Math.abs(closed[k] - pulled[k])).toBeLessThanOrEqual(1e-12 * scale);
  });

  it('theta -> eta -> theta and source round trips', () => {
    const p = mvNormal(m1, c1);
    const back = thetaFromEta(p.family, p.eta);
    let err = 0;
    let scale = 0;
    for (let i = 0; i < back.length; i++) {
      err = Math.max(err, Math.abs(back[i] - p.theta[i]));
      scale = Math.max(scale, Math.abs(p.theta[i]));
    }
    expect(err).toBeLessThanOrEqual(1e-12 * scale);
    const cov = p.params.cov;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(Math.abs(cov[i][j] - c1[i][j])).toBeLessThanOrEqual(1e-13);
  });
});

describe('mvNormal: invalid arguments', () => {
  const expectError = (f: () => unknown, param: string, domain?: RegExp): void => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InfogeoError);
      const err = e as InfogeoError;
      expect(err.param).toBe(param);
      expect(err.message).toContain(`${param} = `);
      expect(err.message).toContain(`expected ${err.domain}`);
      if (domain) expect(err.domain).toMatch(domain);
      return;
    }
    throw new Error(`expected an InfogeoError naming ${param}`);
  };
  const I2 = [[1, 0], [0, 1]];

  it('names the mean and its entries', () => {
    expectError(() => mvNormal([Number.NaN, 0], I2), 'mean[0]', /finite/);
    expectError(() => mvNormal([0, Infinity], I2), 'mean[1]', /finite/);
    expectError(() => mvNormal([], I2), 'mean');
    expectError(() => mvNormal('x' as unknown as number[], I2), 'mean');
    expectError(() => mvNormal([1e200, 0], I2), 'mean', /finite/); // mean^T P mean overflows
  });

  it('names the covariance: shape, entries, symmetry, positive definiteness, overflow', () => {
    expectError(() => mvNormal([0, 0], 5 as unknown as number[][]), 'cov');
    expectError(() => mvNormal([0, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]), 'cov', /2 x 2/);
    expectError(() => mvNormal([0, 0], [[1, 0], [0]]), 'cov[1]', /2 finite/);
    expectError(() => mvNormal([0, 0], [[1, 0], 3 as unknown as number[]]), 'cov[1]');
    expectError(() => mvNormal([0, 0], [[1, Number.NaN], [Number.NaN, 1]]), 'cov[0][1]', /finite/);
    expectError(() => mvNormal([0, 0], [[Infinity, 0], [0, 1]]), 'cov[0][0]', /finite/);
    expectError(() => mvNormal([0, 0], [[1, 0.5], [0.4, 1]]), 'cov[1][0]', /symmetric/);
    expectError(() => mvNormal([0, 0], [[1, 2], [2, 1]]), 'cov', /^a symmetric positive definite matrix$/);
    expectError(() => mvNormal([0, 0], [[0, 0], [0, 0]]), 'cov', /^a symmetric positive definite matrix$/);
    expectError(() => mvNormal([0, 0], [[-1, 0], [0, 1]]), 'cov', /^a symmetric positive definite matrix$/);
    expectError(() => mvNormal([0, 0], [[1, 1], [1, 1]]), 'cov', /positive definite/); // singular
    expectError(() => mvNormal([0], [[1e-320]]), 'cov', /positive definite/); // precision overflows
    expect(() => mvNormal([0, 0], [[1, 0.5], [0.5 * (1 + 1e-12), 1]])).not.toThrow(); // within tolerance
  });

  it('the family factory validates d', () => {
    expectError(() => mvNormalFamily(0), 'd');
    expectError(() => mvNormalFamily(1.5), 'd');
  });
});

describe('mvNormal: properties over the valid domain', () => {
  /** cov = s (A A^T + I), mean_i = sqrt(s) * m_i * 10^e. */
  const arbCase = fc.record({
    d: fc.integer({ min: 1, max: 3 }),
    logS: fc.double({ min: -290, max: 290, noNaN: true }),
    a: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 9, maxLength: 9 }),
    m: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
    e: fc.double({ min: -3, max: 3, noNaN: true }),
  });
  const build = (c: { d: number; logS: number; a: number[]; m: number[]; e: number }): [number[], number[][]] => {
    const s = 10 ** c.logS;
    const { d } = c;
    const cov = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => s * ([0, 1, 2].reduce((acc, k) => acc + c.a[i * 3 + k] * c.a[j * 3 + k], 0) + (i === j ? 1 : 0))),
    );
    const mean = Array.from({ length: d }, (_, i) => Math.sqrt(s) * c.m[i] * 10 ** c.e);
    return [mean, cov];
  };

  it('construction succeeds; theta, eta, entropy finite; theta -> eta -> theta; KL >= 0 finite', () => {
    fc.assert(
      fc.property(arbCase, arbCase, (c1, c2) => {
        const [mean, cov] = build(c1);
        const p = mvNormal(mean, cov);
        expect(p.theta.every(Number.isFinite) && p.eta.every(Number.isFinite)).toBe(true);
        expect(Number.isFinite(p.entropy())).toBe(true);
        const back = thetaFromEta(p.family, p.eta);
        // eta_ij - mu_i mu_j cancels by a factor (1 + |mu|^2 / sigma^2) <= 1e6 * 9; cond(A A^T + I) <= 10
        const amp = 10 * (1 + 9 * 10 ** (2 * c1.e));
        const scale = p.theta.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        for (let i = 0; i < back.length; i++) expect(Math.abs(back[i] - p.theta[i])).toBeLessThanOrEqual(1e-14 * amp * scale);
        const src = p.family.sourceFromTheta(p.theta, new Float64Array(p.family.dim));
        for (let i = 0; i < src.length; i++) expect(Math.abs(src[i] - p.source[i])).toBeLessThanOrEqual(1e-13 * amp * Math.max(...p.source.map(Math.abs)));
        expect(kl(p, p)).toBe(0);
        const q = mvNormal(...build({ ...c2, d: c1.d, logS: c1.logS + (c2.logS - c1.logS) / 200 }));
        const k = kl(p, q);
        expect(Number.isFinite(k) && k >= 0).toBe(true);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('arbitrary finite input either constructs a finite distribution or throws an InfogeoError', () => {
    const num = fc.oneof(fc.double({ noNaN: false }), fc.double({ min: -10, max: 10 }));
    fc.assert(
      fc.property(fc.array(num, { minLength: 2, maxLength: 2 }), fc.array(fc.array(num, { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 2 }), (mean, cov) => {
        try {
          const p = mvNormal(mean, cov);
          expect(p.theta.every(Number.isFinite) && p.eta.every(Number.isFinite) && Number.isFinite(p.entropy())).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(InfogeoError);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
