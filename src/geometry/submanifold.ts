/**
 * Flat submanifolds of an exponential family, the sets onto which `projection.ts` projects.
 *
 * - e-flat (an exponential subfamily): an affine subspace in natural coordinates,
 *   M = { theta = base + B u }, e.g. the independence (mean-field) submanifold of a
 *   multivariate family, or some natural coordinates held fixed;
 * - m-flat: an affine subspace in expectation coordinates, given by linear constraints
 *   M = { A eta = b } (moment constraints, as in maximum entropy).
 * Reference: Amari (2016), Information Geometry and Its Applications, sections 1.6 and 2.8.
 */
import type { ExponentialFamily } from '../families/family.js';
import { checkDistribution, type Distribution } from '../families/distribution.js';
import { cholesky, solveLower, solveLowerT } from '../linalg/index.js';
import { checkVector, formatValue, InfogeoError } from '../errors.js';

type Family = ExponentialFamily<unknown>;

/** An e-flat submanifold { theta = base + B u : u in R^dim } of an exponential family. */
export interface EFlatSubmanifold {
  readonly kind: 'e-flat';
  readonly family: Family;
  /** The affine offset in theta (length family.dim). */
  readonly base: Float64Array;
  /** B, row-major family.dim x dim: its columns are the directions. */
  readonly basis: Float64Array;
  /** Number of free coordinates u. */
  readonly dim: number;
  /** What it is, for messages and the command line. */
  readonly description: string;
}

/** An m-flat submanifold { eta : A eta = b } of an exponential family. */
export interface MFlatSubmanifold {
  readonly kind: 'm-flat';
  readonly family: Family;
  /** A, row-major rows x family.dim. */
  readonly constraints: Float64Array;
  /** b, length rows. */
  readonly values: Float64Array;
  /** Number of constraints. */
  readonly rows: number;
  readonly description: string;
}


/** @internal Throws unless `family` is an exponential family. */
export function checkFamily(where: string, family: unknown): Family {
  const f = family as Family;
  if (f === null || typeof f !== 'object' || typeof f.logPartition !== 'function' || typeof f.dim !== 'number') {
    throw new InfogeoError(where, 'family', family, 'an exponential family such as normalFamily or mvNormalFamily(2)');
  }
  return f;
}

/** Rows of a matrix given as number[][] (or Float64Array[]), each of length n. */
function checkRows(where: string, param: string, rows: unknown, n: number): Float64Array {
  if (!Array.isArray(rows) || rows.length === 0) throw new InfogeoError(where, param, rows, `a non-empty array of vectors of length ${n}`);
  const out = new Float64Array(rows.length * n);
  rows.forEach((r, i) => out.set(checkVector(where, `${param}[${i}]`, r, n), i * n));
  return out;
}

/** Lower Cholesky factor of M M^T (rows x rows) for row-major M (rows x n), or null if rank-deficient. */
function gramFactor(m: Float64Array, rows: number, n: number): Float64Array | null {
  const g = new Float64Array(rows * rows);
  let trace = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
      g[i * rows + j] = s;
      g[j * rows + i] = s;
    }
    trace += g[i * rows + i];
  }
  const l = cholesky(new Float64Array(rows * rows), g, rows);
  if (l === null) return null;
  // Reject numerically dependent rows: the smallest pivot against the scale of the Gram matrix.
  for (let i = 0; i < rows; i++) if (l[i * rows + i] ** 2 <= 1e-12 * trace) return null;
  return l;
}

/**
 * The e-flat submanifold { theta = base + sum_j u_j directions[j] } (an exponential subfamily).
 *
 * @param base - an offset in natural coordinates (length family.dim; it need not itself be a valid theta)
 * @param directions - 1..family.dim linearly independent vectors of length family.dim
 * @example eFlatSubmanifold(normalFamily, [0, -0.5], [[1, 0]]) // the normals with sigma = 1
 */
export function eFlatSubmanifold(family: Family, base: ArrayLike<number>, directions: ArrayLike<number>[], description?: string): EFlatSubmanifold {
  const where = 'eFlatSubmanifold';
  const f = checkFamily(where, family);
  const n = f.dim;
  const b0 = checkVector(where, 'base', base, n);
  if (!Array.isArray(directions) || directions.length === 0 || directions.length > n) {
    throw new InfogeoError(where, 'directions', directions, `an array of 1 to ${n} vectors of length ${n}`);
  }
  const m = directions.length;
  const rows = checkRows(where, 'directions', directions, n);
  if (gramFactor(rows, m, n) === null) throw new InfogeoError(where, 'directions', directions, 'linearly independent vectors');
  // Store B column-wise as an n x m row-major matrix.
  const basis = new Float64Array(n * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) basis[i * m + j] = rows[j * n + i];
  return { kind: 'e-flat', family: f, base: b0, basis, dim: m, description: description ?? `an e-flat submanifold of dimension ${m} of ${f.id}` };
}

/**
 * The e-flat submanifold on which the natural coordinates listed are held at given values
 * (default 0): e.g. the off-diagonal precision entries of an mvNormal, or a fixed theta_2 = -1/(2 sigma^2).
 *
 * @param indices - distinct integers in [0, family.dim), fewer than family.dim of them
 * @example fixedNaturalSubmanifold(normalFamily, [1], [-0.5]) // the normals with sigma = 1
 */
export function fixedNaturalSubmanifold(family: Family, indices: readonly number[], values?: readonly number[]): EFlatSubmanifold {
  const where = 'fixedNaturalSubmanifold';
  const f = checkFamily(where, family);
  const n = f.dim;
  if (!Array.isArray(indices) || indices.length === 0 || indices.length >= n) {
    throw new InfogeoError(where, 'indices', indices, `an array of 1 to ${n - 1} distinct indices in [0, ${n})`);
  }
  const fixed = new Set<number>();
  indices.forEach((i, k) => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n || fixed.has(i)) {
      throw new InfogeoError(where, `indices[${k}]`, i, `a distinct integer in [0, ${n})`);
    }
    fixed.add(i);
  });
  const vals = values === undefined ? new Float64Array(indices.length) : checkVector(where, 'values', values, indices.length);
  const base = new Float64Array(n);
  indices.forEach((i, k) => (base[i] = vals[k]));
  const dirs: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    if (fixed.has(i)) continue;
    const e = new Float64Array(n);
    e[i] = 1;
    dirs.push(e);
  }
  return eFlatSubmanifold(f, base, dirs, `${f.id} with theta[${indices.join(', ')}] fixed at ${formatValue(Array.from(vals))}`);
}

/**
 * The independence (mean-field) submanifold: the product distributions of a multivariate family.
 *
 * - mvNormal(d): the Gaussians with diagonal precision (equivalently covariance), i.e. the
 *   off-diagonal natural coordinates -P_ij held at 0;
 * - categorical(k) with `shape` [r, c], r c = k: the joint laws of two variables with r and c
 *   values (cell index i c + j) that factorise, p_ij = a_i b_j. With the last cell as reference,
 *   theta_ij = alpha_i + beta_j (alpha_{r-1} = beta_{c-1} = 0): r + c - 2 directions.
 *
 * @example independenceSubmanifold(categoricalFamily(4), [2, 2]) // products of two Bernoullis
 */
export function independenceSubmanifold(family: Family, shape?: readonly [number, number]): EFlatSubmanifold {
  const where = 'independenceSubmanifold';
  const f = checkFamily(where, family);
  if (f.name === 'mvNormal') {
    const d = f.sampleDim;
    if (d < 2) throw new InfogeoError(where, 'family', f.id, 'a multivariate family of dimension >= 2');
    const off: number[] = [];
    for (let i = 0, q = d; i < d; i++) for (let j = i; j < d; j++, q++) if (j > i) off.push(q);
    const sub = fixedNaturalSubmanifold(f, off);
    return { ...sub, description: `the independent (diagonal-covariance) members of ${f.id}` };
  }
  if (f.name === 'categorical') {
    const k = f.dim + 1;
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && s >= 2) || shape[0] * shape[1] !== k) {
      throw new InfogeoError(where, 'shape', shape, `[r, c], integers >= 2 with r * c = ${k} (the table shape of the categorical)`);
    }
    const [r, c] = shape;
    const dirs: Float64Array[] = [];
    for (let i = 0; i < r - 1; i++) {
      const v = new Float64Array(k - 1);
      for (let j = 0; j < c; j++) v[i * c + j] = 1;
      dirs.push(v);
    }
    for (let j = 0; j < c - 1; j++) {
      const v = new Float64Array(k - 1);
      for (let i = 0; i < r; i++) v[i * c + j] = 1;
      dirs.push(v);
    }
    return eFlatSubmanifold(f, new Float64Array(k - 1), dirs, `the product distributions of a ${r}x${c} table in ${f.id}`);
  }
  throw new InfogeoError(where, 'family', f.id, 'mvNormal(d) with d >= 2, or categorical(k) with a table shape');
}

/**
 * The m-flat submanifold { q : A eta(q) = b } (linear constraints on expectations).
 *
 * @param constraints - the rows of A, 1..family.dim linearly independent vectors of length family.dim
 * @param values - b, one finite number per row
 * @example mFlatSubmanifold(normalFamily, [[1, 0]], [2]) // the normals with mean 2
 */
export function mFlatSubmanifold(family: Family, constraints: ArrayLike<number>[], values: ArrayLike<number>, description?: string): MFlatSubmanifold {
  const where = 'mFlatSubmanifold';
  const f = checkFamily(where, family);
  const n = f.dim;
  if (!Array.isArray(constraints) || constraints.length === 0 || constraints.length > n) {
    throw new InfogeoError(where, 'constraints', constraints, `an array of 1 to ${n} vectors of length ${n} (the rows of A)`);
  }
  const rows = constraints.length;
  const a = checkRows(where, 'constraints', constraints, n);
  if (gramFactor(a, rows, n) === null) throw new InfogeoError(where, 'constraints', constraints, 'linearly independent rows');
  const b = checkVector(where, 'values', values, rows);
  return { kind: 'm-flat', family: f, constraints: a, values: b, rows, description: description ?? `{ A eta = b } with ${rows} constraint(s) in ${f.id}` };
}

/** theta = base + B u on an e-flat submanifold (a fresh array). */
export function thetaOnSubmanifold(sub: EFlatSubmanifold, u: ArrayLike<number>): Float64Array {
  const n = sub.family.dim;
  const m = sub.dim;
  const out = Float64Array.from(sub.base);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i] += sub.basis[i * m + j] * u[j];
  return out;
}

/** @internal Least-squares coordinates u of theta on an e-flat submanifold, and the residual max |theta - base - B u|. */
export function leastSquares(sub: EFlatSubmanifold, theta: Float64Array): { u: Float64Array; residual: number } {
  const n = sub.family.dim;
  const m = sub.dim;
  const bt = new Float64Array(m * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) bt[j * n + i] = sub.basis[i * m + j];
  const l = gramFactor(bt, m, n) as Float64Array;
  const rhs = new Float64Array(m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) rhs[j] += bt[j * n + i] * (theta[i] - sub.base[i]);
  const u = solveLowerT(new Float64Array(m), l, solveLower(new Float64Array(m), l, rhs, m), m);
  const back = thetaOnSubmanifold(sub, u);
  let r = 0;
  for (let i = 0; i < n; i++) r = Math.max(r, Math.abs(back[i] - theta[i]));
  return { u, residual: r };
}

/**
 * How far q is from a submanifold: for an e-flat one, max_i |theta_i - (base + B u)_i| at the
 * least-squares u; for an m-flat one, max_r |(A eta)_r - b_r|. Zero (to rounding) on it.
 * @example submanifoldResidual(independenceSubmanifold(mvNormalFamily(2)), mvNormal([0, 0], [[1, 0], [0, 2]])) // 0
 */
export function submanifoldResidual(sub: EFlatSubmanifold | MFlatSubmanifold, q: Distribution<unknown>): number {
  const where = 'submanifoldResidual';
  const d = checkDistribution(where, 'q', q);
  checkOnFamily(where, 'q', d, sub);
  if (sub.kind === 'e-flat') return leastSquares(sub, d.theta).residual;
  const n = sub.family.dim;
  let r = 0;
  for (let c = 0; c < sub.rows; c++) {
    let s = -sub.values[c];
    for (let i = 0; i < n; i++) s += sub.constraints[c * n + i] * d.eta[i];
    r = Math.max(r, Math.abs(s));
  }
  return r;
}

/** @internal Throws unless `sub` is a submanifold and p belongs to its family. */
export function checkOnFamily(where: string, param: string, p: Distribution<unknown>, sub: EFlatSubmanifold | MFlatSubmanifold | undefined): void {
  if (sub === null || typeof sub !== 'object' || (sub.kind !== 'e-flat' && sub.kind !== 'm-flat')) {
    throw new InfogeoError(where, 'submanifold', sub, 'a submanifold from eFlatSubmanifold, independenceSubmanifold, fixedNaturalSubmanifold or mFlatSubmanifold');
  }
  if (p.family.id !== sub.family.id) {
    throw new InfogeoError(where, param, p, `a ${sub.family.id} distribution (the family of the submanifold)`, `got ${p.family.id}`);
  }
}
