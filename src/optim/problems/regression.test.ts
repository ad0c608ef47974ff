import { describe, expect, it } from 'vitest';
import { linearRegression, misspecifiedRegression, regressionData } from './regression.js';
import { checkProblemCalculus } from './problems.testutil.js';
import { rng } from '../../random/rng.js';
import { maxAbsDiff } from '../flow.testutil.js';

describe('linear regression under the unit-variance Gaussian model', () => {
  it('minimiser is least squares; Fisher is X^T X / n whatever w and y', () => {
    const pr = linearRegression([[1, 0], [1, 1], [1, 2]], [1, 2, 4]);
    expect(maxAbsDiff(pr.minimum!.source, [5 / 6, 1.5])).toBeLessThan(1e-15);
    expect(maxAbsDiff(pr.fisher(Float64Array.of(7, -3)), [1, 1, 1, 5 / 3])).toBeLessThan(1e-15);
    // Residuals (1/6, -1/3, 1/6): L* = (1/6) / (2 * 3) + log(2 pi) / 2.
    expect(Math.abs(pr.minimum!.loss - (1 / 36 + 0.5 * Math.log(2 * Math.PI)))).toBeLessThan(1e-15);
  });

  it('passes the calculus battery for every noise model', () => {
    for (const noise of ['gaussian', 'heteroscedastic', 'student-t'] as const) {
      const pr = misspecifiedRegression({ n: 200, noise, seed: 4 });
      checkProblemCalculus(pr, [pr.init, Float64Array.of(0.5, 0.5)]);
    }
  });

  it('heteroscedastic data: residual variance grows with |x_1|', () => {
    const { x, y } = regressionData(4000, [1, -1], 'heteroscedastic', rng(2));
    let small = 0;
    let nSmall = 0;
    let large = 0;
    let nLarge = 0;
    x.forEach((row, i) => {
      const r = y[i] - row[0] + row[1];
      if (Math.abs(row[0]) < 0.5) {
        small += r * r;
        nSmall++;
      } else if (Math.abs(row[0]) > 1.5) {
        large += r * r;
        nLarge++;
      }
    });
    expect(large / nLarge / (small / nSmall)).toBeGreaterThan(8);
  });

  it('validates', () => {
    expect(() => linearRegression([[1, 2]], [1])).toThrow(/at least d = 2 rows/);
    expect(() => linearRegression([[1, 1], [2, 2]], [1, 2])).toThrow(/full column rank/);
    expect(() => regressionData(10, [1], 'cauchy' as never, rng(1))).toThrow(/noise = "cauchy"/);
    expect(() => misspecifiedRegression({ seed: 1.5 })).toThrow(/seed = 1.5/);
  });
});
