/**
 * The diagonal block: C = diag(c), the Fisher's diagonal (per-parameter mean squared
 * per-example gradient). Cheap for any layer; ignores every correlation between parameters.
 */
import { tf } from '../../backend.js';
import { InfogeoError } from '../../../errors.js';
import { checkMultiply, type CurvatureBlock } from './block.js';

/**
 * A diagonal curvature block with entries c (a [rows, cols] tensor, entries >= 0; the block
 * keeps its own copy).
 *
 * Formula: ((C + lambda I)^p V)_ij = (c_ij + lambda)^p V_ij. Domain: c >= 0 finite; lambda >= 0;
 * for p < 0, c + lambda > 0 everywhere (a zero entry with lambda = 0 gives a typed error on the
 * first multiply).
 *
 * @example diagonalBlock(tf.tensor2d([[4], [1]])).multiply(tf.tensor2d([[1], [1]]), 0, -1) // [[0.25], [1]]
 */
export function diagonalBlock(c: tf.Tensor2D): CurvatureBlock {
  if (!(c instanceof tf.Tensor) || c.rank !== 2) throw new InfogeoError('diagonalBlock', 'c', c instanceof tf.Tensor ? c.shape : c, 'a [rows, cols] tensor');
  const diag = tf.keep(c.clone());
  const [rows, cols] = c.shape;
  return {
    kind: 'diagonal',
    rows,
    cols,
    multiply(v, damping, power) {
      checkMultiply('diagonalBlock.multiply', rows, cols, v, damping, power);
      if (power === 0) return v.clone();
      return tf.tidy(() => {
        const d = tf.add(diag, damping);
        if (power < 0 || !Number.isInteger(power)) {
          const min = tf.min(d).dataSync()[0];
          if (!(min > 0)) throw new InfogeoError('diagonalBlock.multiply', 'damping', damping, 'a damping that makes every c + damping > 0', `min(c) + damping = ${min}`);
        }
        return tf.mul(v, tf.pow(d, power)) as tf.Tensor2D;
      });
    },
    toMatrix() {
      const v = diag.dataSync();
      const d = v.length;
      const m = new Float64Array(d * d);
      for (let i = 0; i < d; i++) m[i * d + i] = v[i];
      return m;
    },
    dispose: () => diag.dispose(),
  };
}
