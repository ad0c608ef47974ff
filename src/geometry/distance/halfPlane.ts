/**
 * The Poincare upper half-plane H = {(x, y) : y > 0} with the metric (dx^2 + dy^2) / y^2 of
 * constant curvature -1: distance, logarithm, exponential map and geodesics in closed form.
 *
 * Several statistical manifolds are this plane up to a constant factor: the univariate normal in
 * (mu / sqrt 2, sigma) with ds^2 = 2 (dx^2 + dy^2) / y^2 (so distances are sqrt(2) times the
 * hyperbolic ones and the curvature is -1/2), the log-normal likewise, and the inverse Gaussian
 * in (sqrt(2 / mu), 1 / sqrt(lambda)).
 *
 * Every kernel takes the coordinate DIFFERENCES dx = x2 - x1, dy = y2 - y1 as arguments besides
 * y1, y2, so that callers can form them without cancellation (e.g. 1/sqrt(a) - 1/sqrt(b) as
 * (b - a) / (sqrt(ab) (sqrt a + sqrt b))); then nearby points keep their relative accuracy.
 *
 * Formulas. d = arccosh(1 + (dx^2 + dy^2) / (2 y1 y2)) = 2 asinh(|(dx, dy)| / (2 sqrt(y1 y2))).
 * The isometry w = (z - x1) / y1 moves the base point to i = (0, 1); the unit-speed geodesic from
 * i with unit initial direction (u1, u2) is
 *   x(s) = u1 tanh s / (1 - u2 tanh s),  y(s) = sech s / (1 - u2 tanh s)
 * (the image of i e^s under the rotation about i), which is inverted in `halfPlaneLog`.
 * 1 - u2 tanh s is evaluated as (1 - u2) + u2 (1 - tanh s) with 1 - u2 = u1^2 / (1 + u2) and
 * 1 - tanh s = 2 e^{-2s} / (1 + e^{-2s}), so no difference of nearly equal numbers and no
 * overflow occurs for any s.
 * Reference: Beardon (1983), The Geometry of Discrete Groups, ch. 7; Costa, Santos and Strapasson
 * (2015), "Fisher information distance: a geometrical reading", Discrete Appl. Math. 197.
 */

/**
 * Hyperbolic distance between (x1, y1) and (x1 + dx, y2) in the half-plane (curvature -1).
 *
 * d = 2 asinh(sqrt(dx^2 + dy^2) / (2 sqrt(y1 y2))) with dy = y2 - y1; y1, y2 > 0.
 * @example halfPlaneDistance(0, 1, 1, 2) // 0.6931471805599453 (= log 2, a vertical segment)
 */
export function halfPlaneDistance(dx: number, dy: number, y1: number, y2: number): number {
  return 2 * Math.asinh(Math.hypot(dx, dy) / (2 * Math.sqrt(y1) * Math.sqrt(y2)));
}

/**
 * Initial velocity (vx, vy) at (x1, y1) of the geodesic reaching (x1 + dx, y2 = y1 + dy) at time 1 (the
 * Riemannian logarithm), written into out[0], out[1]. Its hyperbolic length is the distance.
 * @example halfPlaneLog(0, 1, 1, 2, new Float64Array(2)) // [0, 0.6931471805599453]
 */
export function halfPlaneLog(dx: number, dy: number, y1: number, y2: number, out: Float64Array): Float64Array {
  const d = halfPlaneDistance(dx, dy, y1, y2);
  if (d < 1e-150) {
    // The metric is flat to O(d) here: the logarithm is the coordinate difference (and the
    // direction below would lose digits to subnormal arithmetic).
    out[0] = dx;
    out[1] = dy;
    return out;
  }
  // In w = (z - x1) / y1 the target is (a, b) = (dx / y1, y2 / y1); invert
  // b = sech d / (1 - u2 tanh d), a = u1 tanh d / (1 - u2 tanh d):
  // u1 = a / (b sinh d), u2 = (cosh d - 1 / b) / sinh d, with
  // cosh d - 1 / b = 2 sinh^2(d / 2) + (b - 1) / b = 2 sinh^2(d / 2) + dy / y2.
  const sh = Math.sinh(d);
  const h = Math.sinh(d / 2);
  let u1 = dx / y2 / sh;
  let u2 = (2 * h * h + dy / y2) / sh;
  const r = Math.hypot(u1, u2);
  u1 /= r;
  u2 /= r;
  out[0] = y1 * d * u1;
  out[1] = y1 * d * u2;
  return out;
}

/**
 * The point reached at time 1 by the geodesic from (x1, y1) with initial velocity (vx, vy) (the
 * Riemannian exponential; the half-plane is complete, so it always exists), written as
 * out[0] = x, out[1] = y. y may underflow to 0 for speeds beyond about 700 y1.
 * @example halfPlaneExp(0, 1, 0, Math.LN2, new Float64Array(2)) // [0, 2]
 */
export function halfPlaneExp(x1: number, y1: number, vx: number, vy: number, out: Float64Array): Float64Array {
  const a = vx / y1;
  const b = vy / y1;
  const s = Math.hypot(a, b);
  if (s < 1e-150) {
    // Below this the O(s^2) curvature terms are far under the rounding of the result, and the
    // direction a / s would lose digits to subnormal arithmetic.
    out[0] = x1 + vx;
    out[1] = y1 + vy;
    return out;
  }
  const u1 = a / s;
  const u2 = b / s;
  // With e = e^{-s}: 1 - u2 tanh s = (1 - u2) + u2 (1 - tanh s), 1 - tanh s = 2 e^2 / (1 + e^2),
  // sech s = 2 e / (1 + e^2); tanh s itself from Math.tanh (1 - e^2 would cancel for small s).
  const e = Math.exp(-s);
  const oneMinusU2 = u2 > 0 ? (u1 * u1) / (1 + u2) : 1 - u2;
  if (e > 1e-150) {
    const e2 = e * e;
    const den = oneMinusU2 + (u2 * 2 * e2) / (1 + e2);
    out[0] = x1 + y1 * ((u1 * Math.tanh(s)) / den);
    out[1] = y1 * ((2 * e) / (1 + e2) / den);
  } else {
    // e^2 underflows and tanh s = 1: the denominator is (1 - u2) + 2 u2 e^2, and
    // y = 2e / ((1 - u2) + 2 u2 e^2) is written 2 / ((1 - u2) / e + 2 u2 e) to avoid overflow.
    out[0] = u1 === 0 ? x1 : x1 + y1 * (u1 / (oneMinusU2 + 2 * u2 * e * e));
    out[1] = y1 * (2 / (oneMinusU2 / e + 2 * u2 * e));
  }
  return out;
}

/**
 * The constant-speed geodesic from (x1, y1) (t = 0) to (x1 + dx, y2 = y1 + dy) (t = 1): a vertical line
 * when dx = 0, otherwise an arc of a circle centred on the x-axis. Returns t -> (x, y) written
 * into `out` (a fresh pair if omitted). The endpoints are returned exactly at t = 0 and t = 1.
 * @example halfPlaneGeodesic(0, 1, 0, 3, 4)(0.5) // [0, 2] (= sqrt(1 * 4))
 */
export function halfPlaneGeodesic(
  x1: number,
  y1: number,
  dx: number,
  dy: number,
  y2: number,
): (t: number, out?: Float64Array) => Float64Array {
  const v = halfPlaneLog(dx, dy, y1, y2, new Float64Array(2));
  return (t, out = new Float64Array(2)) => {
    if (t === 0) {
      out[0] = x1;
      out[1] = y1;
      return out;
    }
    if (t === 1) {
      out[0] = x1 + dx;
      out[1] = y2;
      return out;
    }
    return halfPlaneExp(x1, y1, t * v[0], t * v[1], out);
  };
}
