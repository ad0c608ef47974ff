/**
 * A float64 reference for the float32 curvature code: the same network written with the
 * library's float64 kernels (src/linalg), its per-example Jacobians built explicitly by reverse
 * mode (one backprop per output unit) and the Fisher assembled as a dense matrix,
 * F = (1/B) sum_n J_n^T F_out(z_n) J_n. Shares no code with the tfjs passes but the layer list.
 */
import { gemm, gemmTN } from '../../linalg/gemm.js';
import { gemv } from '../../linalg/gemv.js';
import type { Sequential } from '../sequential.js';
import type { ActivationLayer } from '../layers/activation.js';
import type { OutputName } from '../outputs/output.js';

interface Layer64 {
  kind: 'dense' | 'activation';
  fn?: string;
  m: number;
  n: number;
  /** offset of W in theta (b follows) */
  off: number;
}

function layers64(net: Sequential): Layer64[] {
  let off = 0;
  return net.layers.map((l) => {
    const r: Layer64 = { kind: l.kind, m: l.inputSize, n: l.outputSize, off, fn: l.kind === 'activation' ? (l as ActivationLayer).fn : undefined };
    if (l.kind === 'dense') off += l.inputSize * l.outputSize + l.outputSize;
    return r;
  });
}

function act(fn: string, x: number): number {
  switch (fn) {
    case 'tanh':
      return Math.tanh(x);
    case 'relu':
      return Math.max(x, 0);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'softplus':
      return x > 30 ? x : Math.log1p(Math.exp(x));
    default:
      return x;
  }
}

function dact(fn: string, x: number): number {
  switch (fn) {
    case 'tanh':
      return 1 - Math.tanh(x) ** 2;
    case 'relu':
      return x > 0 ? 1 : 0;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s);
    }
    case 'softplus':
      return 1 / (1 + Math.exp(-x));
    default:
      return 1;
  }
}

/** Forward pass for one example; returns the input of every layer and the output. */
export function forward64(net: Sequential, theta: Float64Array, x: Float64Array): { inputs: Float64Array[]; z: Float64Array } {
  const inputs: Float64Array[] = [];
  let h = x;
  for (const l of layers64(net)) {
    inputs.push(h);
    const y = new Float64Array(l.n);
    if (l.kind === 'dense') {
      // y = W^T h + b with W stored m x n: y_j = sum_i h_i W_ij (gemm of the 1 x m row by W).
      gemm(y, h, theta.subarray(l.off, l.off + l.m * l.n), 1, l.m, l.n);
      for (let j = 0; j < l.n; j++) y[j] += theta[l.off + l.m * l.n + j];
    } else {
      for (let j = 0; j < l.n; j++) y[j] = act(l.fn!, h[j]);
    }
    h = y;
  }
  return { inputs, z: h };
}

/** The k x P Jacobian dz / d theta for one example, by reverse mode in float64. */
export function jacobian64(net: Sequential, theta: Float64Array, x: Float64Array): Float64Array {
  const ls = layers64(net);
  const { inputs } = forward64(net, theta, x);
  const k = net.outputSize;
  const p = net.size;
  const jac = new Float64Array(k * p);
  for (let o = 0; o < k; o++) {
    let dy = new Float64Array(k);
    dy[o] = 1;
    for (let i = ls.length - 1; i >= 0; i--) {
      const l = ls[i];
      const h = inputs[i];
      if (l.kind === 'dense') {
        const row = o * p;
        for (let a = 0; a < l.m; a++) for (let c = 0; c < l.n; c++) jac[row + l.off + a * l.n + c] = h[a] * dy[c];
        for (let c = 0; c < l.n; c++) jac[row + l.off + l.m * l.n + c] = dy[c];
        const dx = new Float64Array(l.m);
        gemv(dx, theta.subarray(l.off, l.off + l.m * l.n), dy, l.m, l.n);
        dy = dx;
      } else {
        const dx = new Float64Array(l.m);
        for (let c = 0; c < l.m; c++) dx[c] = dact(l.fn!, h[c]) * dy[c];
        dy = dx;
      }
    }
  }
  return jac;
}

/** F_out(z) as a dense k x k matrix. */
export function outputFisher64(name: OutputName, z: Float64Array, sigma = 1): Float64Array {
  const k = z.length;
  const f = new Float64Array(k * k);
  if (name === 'categorical') {
    let mx = -Infinity;
    for (const v of z) mx = Math.max(mx, v);
    let s = 0;
    const p = Array.from(z, (v) => Math.exp(v - mx));
    for (const v of p) s += v;
    for (let i = 0; i < k; i++) p[i] /= s;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) f[i * k + j] = (i === j ? p[i] : 0) - p[i] * p[j];
  } else if (name === 'bernoulli') {
    for (let i = 0; i < k; i++) {
      const q = 1 / (1 + Math.exp(-z[i]));
      f[i * k + i] = q * (1 - q);
    }
  } else {
    for (let i = 0; i < k; i++) f[i * k + i] = 1 / (sigma * sigma);
  }
  return f;
}

/** The exact Fisher (1/B) sum_n J_n^T F_out J_n as a dense P x P matrix; xs are B rows. */
export function fisher64(net: Sequential, name: OutputName, theta: Float64Array, xs: Float64Array[], sigma = 1): Float64Array {
  const p = net.size;
  const k = net.outputSize;
  const f = new Float64Array(p * p);
  const fj = new Float64Array(k * p);
  for (const x of xs) {
    const { z } = forward64(net, theta, x);
    const jac = jacobian64(net, theta, x);
    gemm(fj, outputFisher64(name, z, sigma), jac, k, k, p);
    gemmTN(f, jac, fj, p, k, p, 1 / xs.length, 1);
  }
  return f;
}

/** Relative error |a - b| / |b| in the Euclidean norm. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}
