/**
 * Fisher-Rao geometry of the categorical family (and, scaled by sqrt(n), the multinomial) on the
 * open probability simplex, in closed form.
 *
 * The map p -> u = sqrt(p) sends the simplex onto the positive orthant of the unit sphere, and
 * the Fisher metric sum_i dp_i^2 / p_i = 4 sum_i du_i^2 is 4 times the round metric: the simplex
 * is a piece of the sphere of radius 2. Hence d = 2 theta with theta = arccos(sum_i sqrt(p_i q_i))
 * the great-circle angle, and the geodesics are great circles, u(t) = (sin((1-t) theta) u + sin(t theta) w) / sin theta.
 * The angle is evaluated as 2 atan2(|u - w|, |u + w|) with u_i - w_i = (p_i - q_i) / (u_i + w_i),
 * accurate for nearby points where arccos of a number near 1 loses half the digits.
 * The positive orthant is geodesically convex (theta <= pi/2 for any two of its points).
 * Tangent vectors are full probability vectors v (k components summing to 0): v = dp/dt = 2 u du/dt.
 * Reference: Rao (1945); Kass and Vos (1997), Geometrical Foundations of Asymptotic Inference,
 * sec. 2.3; Amari (2016), Information Geometry and Its Applications, sec. 2.5.
 */
import { categorical } from '../../families/categorical.js';
import { leavesManifold, type ClosedFormGeometry, type Dist } from './types.js';
import { InfogeoError } from '../../errors.js';

/** sqrt(sum x_i^2) without overflow or underflow of the squares. */
function norm(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] / m) ** 2;
  return m * Math.sqrt(s);
}

/**
 * The great-circle angle between sqrt(p) and sqrt(q) (full probability vectors of equal length),
 * in [0, pi/2]: arccos(sum_i sqrt(p_i q_i)), evaluated as 2 atan2(|u - w|, |u + w|).
 * @example categoricalAngle(Float64Array.of(1, 0), Float64Array.of(0, 1)) // 1.5707963267948966
 */
export function categoricalAngle(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const k = p.length;
  const minus = new Float64Array(k);
  const plus = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const a = Math.sqrt(p[i]);
    const b = Math.sqrt(q[i]);
    plus[i] = a + b;
    minus[i] = plus[i] === 0 ? 0 : (p[i] - q[i]) / plus[i];
  }
  return 2 * Math.atan2(norm(minus), norm(plus));
}

/**
 * Fisher-Rao distance between categorical distributions with full probability vectors p and q:
 * d = 2 arccos(sum_i sqrt(p_i q_i)).
 * @example categoricalDistance([0.5, 0.5], [1, 0]) // 1.5707963267948968 (pi/2)
 */
export function categoricalDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  return 2 * categoricalAngle(p, q);
}

/** The full probability vector of a categorical or multinomial distribution. */
export function probsOf(d: Dist): Float64Array {
  return Float64Array.from((d.params as { probs: number[] }).probs);
}

/**
 * Geometry of the simplex with the Fisher metric scale(p) * sum dp_i^2 / p_i; `make(p, probs)`
 * builds the member with probabilities `probs` and p's fixed hyper-parameters.
 */
export function sphereGeometry(
  name: string,
  scale: (p: Dist) => number,
  make: (p: Dist, probs: Float64Array) => Dist,
): ClosedFormGeometry {
  return {
    applies: () => true,
    distance: (p, q) => 2 * Math.sqrt(scale(p)) * categoricalAngle(probsOf(p), probsOf(q)),
    geodesic(p, q) {
      const [a, b] = [probsOf(p), probsOf(q)];
      const th = categoricalAngle(a, b);
      const k = a.length;
      return (t) => {
        if (t === 0 || th === 0) return p;
        if (t === 1) return q;
        const ca = Math.sin((1 - t) * th) / Math.sin(th);
        const cb = Math.sin(t * th) / Math.sin(th);
        const r = new Float64Array(k);
        for (let i = 0; i < k; i++) r[i] = (ca * Math.sqrt(a[i]) + cb * Math.sqrt(b[i])) ** 2;
        return make(p, r);
      };
    },
    logMap(p, q) {
      const [a, b] = [probsOf(p), probsOf(q)];
      const th = categoricalAngle(a, b);
      const k = a.length;
      const v = new Float64Array(k);
      if (th === 0) return v;
      // du/dt(0) = (theta / sin theta) (w - cos(theta) u), w - cos(theta) u = (w - u) + 2 sin^2(theta/2) u.
      const f = th / Math.sin(th);
      const h = 2 * Math.sin(th / 2) ** 2;
      for (let i = 0; i < k; i++) {
        const u = Math.sqrt(a[i]);
        const w = Math.sqrt(b[i]);
        v[i] = 2 * u * f * ((b[i] - a[i]) / (u + w) + h * u);
      }
      return v;
    },
    tangentDim: (p) => probsOf(p).length,
    expApplies: () => true,
    expMap(p, v) {
      const a = probsOf(p);
      const k = a.length;
      let sum = 0;
      let abs = 0;
      for (let i = 0; i < k; i++) {
        sum += v[i];
        abs += Math.abs(v[i]);
      }
      if (Math.abs(sum) > 1e-9 * Math.max(1, abs)) {
        throw new InfogeoError('expMap', 'v', Array.from(v), `a tangent vector of the ${name} simplex: ${k} components summing to 0`, `they sum to ${sum}`);
      }
      // xi = du/dt(0) = v / (2u), projected onto the tangent space u . xi = 0 of the sphere.
      const u = new Float64Array(k);
      const xi = new Float64Array(k);
      let ux = 0;
      for (let i = 0; i < k; i++) {
        u[i] = Math.sqrt(a[i]);
        xi[i] = v[i] / (2 * u[i]);
        ux += u[i] * xi[i];
      }
      for (let i = 0; i < k; i++) xi[i] -= ux * u[i];
      const th = norm(xi);
      if (th === 0) return p;
      const [c, s] = [Math.cos(th), Math.sin(th) / th];
      const r = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        const ui = c * u[i] + s * xi[i];
        // A component u_i(s) = A cos s + B sin s with A > 0 that is positive at s = theta < pi
        // stays positive on [0, theta]; otherwise the great circle leaves the orthant.
        if (!(ui > 0) || !(th < Math.PI)) {
          throw leavesManifold(v, name, `probs[${i}] reaches 0 before t = 1 (the great circle leaves the open simplex)`);
        }
        r[i] = ui * ui;
      }
      return make(p, r);
    },
  };
}

/** Closed-form geometry of `categorical(probs)`, tangent vectors full probability vectors summing to 0. */
export const categoricalGeometry: ClosedFormGeometry = sphereGeometry('categorical', () => 1, (_, r) => categorical(normalise(r)));

/** r / sum(r): the squares of a unit vector sum to 1 only up to rounding. */
export function normalise(r: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i];
  for (let i = 0; i < r.length; i++) r[i] /= s;
  return r;
}
