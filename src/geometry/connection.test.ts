import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkConnection, checkCoordinateVector, checkPoint, contractChristoffel, metricInner } from './connection.js';
import { familyMetric } from './metric.js';
import { normalFamily } from '../families/normal.js';
import { InfogeoError } from '../errors.js';

describe('contractChristoffel', () => {
  it('is Gamma^k_ij u^i w^j, bilinear and symmetric for symmetric Gamma', () => {
    const n = 3;
    const gamma = new Float64Array(27);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        for (let j = i; j < 3; j++) {
          const v = (k + 1) * (i + 2) - j; // small integers: every sum below is exact
          gamma[(k * n + i) * n + j] = v;
          gamma[(k * n + j) * n + i] = v;
        }
      }
    }
    const vec = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(vec, vec, (a, b) => {
        const u = Float64Array.from(a);
        const w = Float64Array.from(b);
        const out = contractChristoffel(new Float64Array(3), gamma, u, w, n);
        for (let k = 0; k < 3; k++) {
          let s = 0;
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += gamma[(k * n + i) * n + j] * u[i] * w[j];
          expect(out[k]).toBe(s);
        }
        expect(Array.from(contractChristoffel(new Float64Array(3), gamma, w, u, n))).toEqual(Array.from(out));
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});

describe('metricInner', () => {
  it('is u^T g w', () => {
    expect(metricInner(Float64Array.of(1, 0, 0, 2), Float64Array.of(1, 1), Float64Array.of(3, 4), 2)).toBe(11);
  });
});

describe('checks', () => {
  const g = familyMetric(normalFamily, 'source');

  it('checkPoint copies valid points and throws InfogeoError naming the parameter outside the manifold', () => {
    const x = [0.5, 2];
    const p = checkPoint('f', 'x0', g, x);
    expect(p).toBeInstanceOf(Float64Array);
    expect(Array.from(p)).toEqual(x);
    expect(() => checkPoint('f', 'x0', g, [0, -2])).toThrow(InfogeoError);
    expect(() => checkPoint('f', 'x0', g, [0, -2])).toThrow('f: x0 = [0, -2] is invalid; expected a point inside the coordinate domain of the manifold');
    expect(() => checkPoint('f', 'x0', g, [0, Number.NaN])).toThrow(/x0\[1\] = NaN/);
  });

  it('checkCoordinateVector wants the chart dimension', () => {
    expect(() => checkCoordinateVector('f', 'v', [1, 2, 3], 2)).toThrow(/an array of 2 finite numbers/);
    expect(() => checkCoordinateVector('f', 'v', 'ab', 2)).toThrow(InfogeoError);
  });

  it('checkConnection accepts connections and metrics and rejects other objects', () => {
    expect(checkConnection('f', 'c', g, true)).toBe(g);
    expect(() => checkConnection('f', 'c', { dim: 2, christoffel: () => 0, inDomain: () => true }, true)).toThrow(/Metric/);
    expect(() => checkConnection('f', 'c', null)).toThrow(/Connection/);
  });
});
