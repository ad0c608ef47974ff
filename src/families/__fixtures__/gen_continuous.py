#!/usr/bin/env python3
"""Reference values for the scalar continuous families, written to continuous.json next to this file.

Families: exponential, gamma, beta, lognormal, rayleigh, laplace, vonMises, inverseGaussian.

Independent implementations:
  - mpmath at 40 significant digits evaluates the textbook log-density, mean, variance and
    entropy formulas at the exact double parameters (the "ref" values);
  - scipy.stats evaluates the same quantities (logpdf, mean, var, entropy); the script asserts
    that scipy agrees with mpmath to SCIPY_TOL wherever scipy is finite (it is not used as the
    reference because it is only good to ~1e-13 on the ordinary cases and fails on some
    extreme ones: e.g. vonmises(1e6).entropy, gamma(1e8).entropy);
  - every KL(p || q) is the integral of p log(p / q) by mpmath.quad (tanh-sinh on panels around
    the mass, in a variable where the density is smooth: log x on (0, inf), logit x on (0, 1)),
    i.e. E_p[log p - log q], never the Bregman form. Where a textbook closed form exists it is
    also evaluated in mpmath and the script asserts that the two agree (KL_AGREE).
  - the differential entropy is also integrated (-E[log p]) and compared with the closed form.

Every parameter and evaluation point is a double (printed with repr, so JSON round-trips it
exactly) and mpmath works on that exact double.

Layout: {family: {"cases": [case...], "kl": [pair...]}} with
  case = {"params": [...], "logpdf": [[x, ref], ...], "mean": ref|null, "variance": ref|null,
          "entropy": ref}
  pair = {"p": [...], "q": [...], "kl": ref, "method": "quad"}
(null marks a value that overflows float64, e.g. the variance of exponential(1e-300)).

Run:  python3 src/families/__fixtures__/gen_continuous.py
"""
import json
import math
import os
import sys

import mpmath as mp
import numpy as np
from scipy import integrate as sp_integrate
from scipy import stats

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))
SCIPY_TOL = 1e-9  # scipy's accuracy on the ordinary cases (it is usually ~1e-14)
KL_AGREE = 1e-15  # relative agreement required between quadrature and the mpmath closed form
NORM_TOL = 1e-25  # |integral of p - 1|


def fl(v):
    """mpmath number -> double, or None if it overflows float64."""
    out = float(v)
    return out if math.isfinite(out) else None


# ---------------------------------------------------------------- quadrature machinery
def quad_points(lo, hi, center, scale, n_uniform=48):
    """Panel edges covering [lo, hi], dense around center +- 40 scale."""
    pts = set(np.linspace(lo, hi, n_uniform))
    for k in [-40, -30, -20, -14, -10, -7, -5, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 5, 7, 10, 14, 20, 30, 40]:
        t = center + k * scale
        if lo < t < hi:
            pts.add(t)
    return [mp.mpf(float(t)) for t in sorted(pts)]


def integrate(fun, pts):
    """sum of mpmath.quad over consecutive panels."""
    total = mp.mpf(0)
    for a, b in zip(pts[:-1], pts[1:]):
        total += mp.quad(fun, [a, b])
    return total


class Fam:
    """A family: log-density in a smooth integration variable t, with x(t) and log |dx/dt|."""

    name = ''

    def logpdf(self, x, p):  # mpmath, at x
        raise NotImplementedError

    def logpdf_t(self, t, p):  # log of the density of t (includes the Jacobian)
        raise NotImplementedError

    def tgrid(self, p):  # panel edges in t
        raise NotImplementedError

    def logjac(self, t):  # log |dx/dt|
        return 0

    def integral(self, p, g):
        """E_p[g(t)] by quadrature, g given as a function of t."""
        return integrate(lambda t: mp.exp(self.logpdf_t(t, p)) * g(t), self.tgrid(p))


class PositiveFam(Fam):
    """Support (0, inf), integrated in t = log x."""

    def logpdf_t(self, t, p):
        return self.logpdf(mp.exp(t), p) + t

    def logjac(self, t):
        return t


class Exponential(PositiveFam):
    name = 'exponential'

    def logpdf(self, x, p):
        r = mp.mpf(p[0])
        return mp.log(r) - r * x

    def tgrid(self, p):
        lr = math.log(p[0])
        return quad_points(-80 - lr, math.log(120) - lr, -lr, 1.0)

    def mean(self, p):
        return 1 / mp.mpf(p[0])

    def var(self, p):
        return 1 / mp.mpf(p[0]) ** 2

    def entropy(self, p):
        return 1 - mp.log(p[0])

    def kl(self, p, q):
        r1, r2 = mp.mpf(p[0]), mp.mpf(q[0])
        return mp.log(r1 / r2) + r2 / r1 - 1

    def scipy(self, p):
        return stats.expon(scale=1 / p[0])


class Gamma(PositiveFam):
    name = 'gamma'

    def logpdf(self, x, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        return a * mp.log(b) - mp.loggamma(a) + (a - 1) * mp.log(x) - b * x

    def logpdf_t(self, t, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        return a * mp.log(b) - mp.loggamma(a) + a * t - b * mp.exp(t)

    def tgrid(self, p):
        a, b = p
        mt = float(mp.digamma(a)) - math.log(b)
        st = math.sqrt(float(mp.psi(1, a)))
        # P(X < x) <= (b x)^a / Gamma(a + 1): the left tail below e^-80 of mass
        tail = (-80 + float(mp.loggamma(a + 1))) / a - math.log(b)
        lo = min(tail, mt - 40 * st)
        hi = math.log((a + 120 + 20 * math.sqrt(a)) / b)
        return quad_points(lo, hi, mt, st, 80)

    def mean(self, p):
        return mp.mpf(p[0]) / p[1]

    def var(self, p):
        return mp.mpf(p[0]) / mp.mpf(p[1]) ** 2

    def entropy(self, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        return a - mp.log(b) + mp.loggamma(a) + (1 - a) * mp.digamma(a)

    def kl(self, p, q):
        a1, b1 = mp.mpf(p[0]), mp.mpf(p[1])
        a2, b2 = mp.mpf(q[0]), mp.mpf(q[1])
        return (a1 - a2) * mp.digamma(a1) - mp.loggamma(a1) + mp.loggamma(a2) + a2 * (mp.log(b1) - mp.log(b2)) + a1 * (b2 - b1) / b1

    def scipy(self, p):
        return stats.gamma(p[0], scale=1 / p[1])


class Beta(Fam):
    """Support (0, 1), integrated in t = logit x."""

    name = 'beta'

    def logpdf(self, x, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        x = mp.mpf(x)
        return (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-x) - mp.log(mp.beta(a, b))

    def logpdf_t(self, t, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        lx = -mp.log1p(mp.exp(-t))
        l1x = -mp.log1p(mp.exp(t))
        return a * lx + b * l1x - mp.log(mp.beta(a, b))

    def logjac(self, t):
        return -mp.log1p(mp.exp(-t)) - mp.log1p(mp.exp(t))

    def tgrid(self, p):
        a, b = p
        lb = float(mp.log(mp.beta(a, b)))
        # P(X < x) <= x^a / (a B(a, b)), P(1 - X < y) <= y^b / (b B(a, b))
        lo_tail = (-80 + math.log(a) + lb) / a
        hi_tail = -(-80 + math.log(b) + lb) / b
        mt = float(mp.digamma(a) - mp.digamma(b))
        st = math.sqrt(float(mp.psi(1, a) + mp.psi(1, b)))
        return quad_points(min(lo_tail, mt - 40 * st), max(hi_tail, mt + 40 * st), mt, st, 80)

    def mean(self, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        return a / (a + b)

    def var(self, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        return a * b / ((a + b) ** 2 * (a + b + 1))

    def entropy(self, p):
        a, b = mp.mpf(p[0]), mp.mpf(p[1])
        return mp.log(mp.beta(a, b)) - (a - 1) * mp.digamma(a) - (b - 1) * mp.digamma(b) + (a + b - 2) * mp.digamma(a + b)

    def kl(self, p, q):
        a1, b1 = mp.mpf(p[0]), mp.mpf(p[1])
        a2, b2 = mp.mpf(q[0]), mp.mpf(q[1])
        return (mp.log(mp.beta(a2, b2)) - mp.log(mp.beta(a1, b1)) + (a1 - a2) * mp.digamma(a1) + (b1 - b2) * mp.digamma(b1)
                + (a2 - a1 + b2 - b1) * mp.digamma(a1 + b1))

    def scipy(self, p):
        return stats.beta(p[0], p[1])


class Lognormal(PositiveFam):
    name = 'lognormal'

    def logpdf(self, x, p):
        mu, s = mp.mpf(p[0]), mp.mpf(p[1])
        lx = mp.log(x)
        return -lx - mp.log(s) - mp.log(2 * mp.pi) / 2 - (lx - mu) ** 2 / (2 * s * s)

    def tgrid(self, p):
        return quad_points(p[0] - 40 * p[1], p[0] + 40 * p[1], p[0], p[1], 40)

    def mean(self, p):
        return mp.exp(mp.mpf(p[0]) + mp.mpf(p[1]) ** 2 / 2)

    def var(self, p):
        s2 = mp.mpf(p[1]) ** 2
        return mp.expm1(s2) * mp.exp(2 * mp.mpf(p[0]) + s2)

    def entropy(self, p):
        return mp.mpf(p[0]) + mp.mpf(1) / 2 + mp.log(p[1]) + mp.log(2 * mp.pi) / 2

    def kl(self, p, q):
        m1, s1, m2, s2 = (mp.mpf(v) for v in (p[0], p[1], q[0], q[1]))
        return mp.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - mp.mpf(1) / 2

    def scipy(self, p):
        return stats.lognorm(p[1], scale=math.exp(p[0])) if abs(p[0]) < 700 else None


class Rayleigh(PositiveFam):
    name = 'rayleigh'

    def logpdf(self, x, p):
        s = mp.mpf(p[0])
        return mp.log(x) - 2 * mp.log(s) - x * x / (2 * s * s)

    def tgrid(self, p):
        ls = math.log(p[0])
        return quad_points(ls - 45, ls + math.log(20), ls, 1.0, 60)

    def mean(self, p):
        return mp.mpf(p[0]) * mp.sqrt(mp.pi / 2)

    def var(self, p):
        return (4 - mp.pi) / 2 * mp.mpf(p[0]) ** 2

    def entropy(self, p):
        return 1 + mp.log(mp.mpf(p[0]) / mp.sqrt(2)) + mp.euler / 2

    def kl(self, p, q):
        s1, s2 = mp.mpf(p[0]), mp.mpf(q[0])
        return 2 * mp.log(s2 / s1) + s1 ** 2 / s2 ** 2 - 1

    def scipy(self, p):
        return stats.rayleigh(scale=p[0])


class Laplace(Fam):
    """Real line, integrated in u = (x - mu) / b_ref of the reference law (all laws in a pair
    share mu), so that b = 1e-300 next to mu = -5 needs no extra digits. params = [mu, b]."""

    name = 'laplace'

    def logpdf(self, x, p):
        mu, b = mp.mpf(p[0]), mp.mpf(p[1])
        return -mp.log(2 * b) - abs(mp.mpf(x) - mu) / b

    def logpdf_t(self, t, p, ref=None):
        bref = mp.mpf((ref or p)[1])
        b = mp.mpf(p[1])
        return -mp.log(2 * b) - abs(t) * bref / b + mp.log(bref)

    def logjac(self, t, ref=None):
        raise NotImplementedError  # entropy handled below

    def integral(self, p, g):
        pts = [mp.mpf(k) for k in (-120, -80, -40, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 40, 80, 120)]
        return integrate(lambda t: mp.exp(self.logpdf_t(t, p)) * g(t), pts)

    def mean(self, p):
        return mp.mpf(p[0])

    def var(self, p):
        return 2 * mp.mpf(p[1]) ** 2

    def entropy(self, p):
        return 1 + mp.log(2 * mp.mpf(p[1]))

    def kl(self, p, q):
        b1, b2 = mp.mpf(p[1]), mp.mpf(q[1])
        return mp.log(b2 / b1) + b1 / b2 - 1

    def scipy(self, p):
        return stats.laplace(loc=p[0], scale=p[1])


class VonMises(Fam):
    """Angles; integrated over the window (mu - pi, mu + pi] of p (densities are periodic)."""

    name = 'vonMises'

    def logpdf(self, x, p):
        mu, k = mp.mpf(p[0]), mp.mpf(p[1])
        return k * mp.cos(mp.mpf(x) - mu) - mp.log(2 * mp.pi * mp.besseli(0, k))

    def logpdf_t(self, t, p):
        return self.logpdf(t, p)

    def tgrid(self, p):
        mu, k = p
        s = min(1.0, 1 / math.sqrt(k))
        pts = set(np.linspace(mu - 3.1, mu + 3.1, 32))
        for j in range(-40, 41):
            if abs(j * s) < 3.1:
                pts.add(mu + j * s)
        inner = [mp.mpf(float(t)) for t in sorted(pts)]
        return [mp.mpf(mu) - mp.pi] + inner + [mp.mpf(mu) + mp.pi]

    def mean(self, p):
        return mp.mpf(p[0])

    def var(self, p):
        # E[(X - mu)^2] over the window centred at mu (scipy's convention)
        return self.integral(p, lambda t: (t - mp.mpf(p[0])) ** 2)

    def entropy(self, p):
        k = mp.mpf(p[1])
        return mp.log(2 * mp.pi * mp.besseli(0, k)) - k * mp.besseli(1, k) / mp.besseli(0, k)

    def kl(self, p, q):
        m1, k1, m2, k2 = (mp.mpf(v) for v in (p[0], p[1], q[0], q[1]))
        a1 = mp.besseli(1, k1) / mp.besseli(0, k1)
        return mp.log(mp.besseli(0, k2) / mp.besseli(0, k1)) + a1 * (k1 - k2 * mp.cos(m1 - m2))

    def scipy(self, p):
        return stats.vonmises(p[1], loc=p[0])

    def scipy_var(self, d, p):
        # scipy's vonmises.var() integrates with loose default tolerances (4e-5 off at
        # kappa = 50); scipy.integrate.quad at epsrel 1e-13 over the centred window instead.
        mu = p[0]
        f = lambda x: (x - mu) ** 2 * d.pdf(x)  # noqa: E731
        return sp_integrate.quad(f, mu - math.pi, mu + math.pi, epsabs=0, epsrel=1e-13, limit=400, points=[mu])[0]


class InverseGaussian(PositiveFam):
    """params = [mu, lambda]; scipy: invgauss(mu / lambda, scale=lambda)."""

    name = 'inverseGaussian'

    def logpdf(self, x, p):
        mu, lam = mp.mpf(p[0]), mp.mpf(p[1])
        x = mp.mpf(x)
        return (mp.log(lam) - mp.log(2 * mp.pi) - 3 * mp.log(x)) / 2 - lam * (x - mu) ** 2 / (2 * mu * mu * x)

    def tgrid(self, p):
        mu, lam = p
        # the exponent lam (x - mu)^2 / (2 mu^2 x) exceeds 200 outside [x_lo, x_hi], the roots of
        # lam x^2 - (2 lam mu + 400 mu^2) x + lam mu^2 = 0 (their product is mu^2)
        bq = 2 * lam * mu + 400 * mu * mu
        x_hi = (bq + math.sqrt(bq * bq - 4 * lam * lam * mu * mu)) / (2 * lam)
        lo, hi = math.log(mu * mu / x_hi), math.log(x_hi)
        st = min(math.sqrt(mu / lam), 3.0)
        return quad_points(lo, hi, math.log(mu), st, 120)

    def mean(self, p):
        return mp.mpf(p[0])

    def var(self, p):
        return mp.mpf(p[0]) ** 3 / p[1]

    def entropy(self, p):
        mu, lam = mp.mpf(p[0]), mp.mpf(p[1])
        phi = lam / mu
        return mp.log(2 * mp.pi * mp.e * mu ** 3 / lam) / 2 - mp.mpf(3) / 2 * mp.exp(2 * phi) * mp.e1(2 * phi)

    def kl(self, p, q):
        m1, l1, m2, l2 = (mp.mpf(v) for v in (p[0], p[1], q[0], q[1]))
        return (mp.log(l1 / l2) - 1 + l2 / l1) / 2 + l2 * (m1 - m2) ** 2 / (2 * m1 * m2 ** 2)

    def scipy(self, p):
        return stats.invgauss(p[0] / p[1], scale=p[1])


# ---------------------------------------------------------------- cases
E6 = 1 + 1e-6
FAMILIES = [
    (Exponential(),
     [[2.0], [0.5], [1e-150], [1e150], [1e-300], [1e300]],
     [([2.0], [3.0]), ([1.0], [E6]), ([1e-300], [3e-300]), ([1e300], [1e299]), ([1e-150], [2e-150 * E6])]),
    (Gamma(),
     [[2.0, 3.0], [0.5, 1.0], [1e-3, 1.0], [1e8, 1e8], [1e8, 1.0], [1e-6, 1e-6], [50.0, 0.1]],
     [([2.0, 3.0], [3.0, 2.0]), ([1e-3, 1.0], [2e-3, 0.5]), ([1e8, 1e8], [1e8 * E6, 1e8]),
      ([1e8, 1e8], [1e8 * E6, 1e8 * E6]), ([2.0, 3.0], [2.0 * E6, 3.0]), ([0.5, 1.0], [0.5 + 1e-7, 1.0]),
      ([50.0, 0.1], [40.0, 0.2])]),
    (Beta(),
     [[2.0, 3.0], [0.5, 0.5], [1e-3, 1e-3], [1e6, 2.0], [1e6, 1e6], [1e-3, 1e6], [30.0, 0.7]],
     [([2.0, 3.0], [3.0, 2.0]), ([1e-3, 1e-3], [2e-3, 1e-3]), ([1e6, 2.0], [1e6, 2.0 * E6]),
      ([1e6, 1e6], [1e6 * E6, 1e6 * E6]), ([0.5, 0.5], [0.5 + 1e-7, 0.5]), ([30.0, 0.7], [25.0, 1.5])]),
    (Lognormal(),
     [[0.0, 1.0], [1.0, 0.5], [-3.0, 1e-3], [2.0, 1e-8], [0.0, 30.0], [500.0, 2.0]],
     [([0.0, 1.0], [1.0, 2.0]), ([1.0, 0.5], [1.0 + 1e-7, 0.5]), ([0.0, 30.0], [0.0, 31.0]),
      ([0.0, 1e-8], [1e-14, 1e-8 * E6])]),
    (Rayleigh(),
     [[1.0], [2.5], [1e-100], [1e100], [1e-150], [1e150]],
     [([1.0], [2.0]), ([1.0], [E6]), ([1e-100], [3e-100])]),
    (Laplace(),
     [[0.0, 1.0], [1.0, 2.0], [-5.0, 1e-150], [3.0, 1e150], [0.0, 1e-300]],
     [([0.0, 1.0], [0.0, 2.0]), ([1.0, 2.0], [1.0, 2.0 * E6]), ([-5.0, 1e-300], [-5.0, 3e-300])]),
    (VonMises(),
     [[0.0, 1.0], [1.0, 2.0], [-2.0, 1e-8], [0.5, 1e6], [3.0, 50.0], [math.pi, 0.3], [0.0, 700.0]],
     [([0.0, 1.0], [1.0, 2.0]), ([0.5, 1e6], [0.5 + 1e-7, 1e6]), ([0.5, 1e6], [0.5, 1e6 * E6]),
      ([-2.0, 1e-8], [1.0, 2e-8]), ([3.0, 50.0], [-3.0, 60.0]), ([0.0, 1.0], [1e-7, 1.0 * E6])]),
    (InverseGaussian(),
     [[1.0, 1.0], [2.0, 0.5], [1.0, 1e6], [1.0, 1e-6], [1e-3, 5.0], [1e3, 1e3]],
     [([1.0, 1.0], [2.0, 0.5]), ([1.0, 1e6], [E6, 1e6]), ([1.0, 1e-6], [2.0, 1e-6]), ([1.0, 1.0], [1.0, E6]),
      ([1e-3, 5.0], [2e-3, 4.0])]),
]


def eval_points(fam, p):
    """A few doubles in the support where the density is not negligible."""
    d = fam.scipy(p)
    xs = []
    if d is not None:
        for u in (1e-3, 0.3, 0.5, 0.9, 0.999):
            try:
                x = float(d.ppf(u))
            except Exception:  # noqa: BLE001
                continue
            if math.isfinite(x):
                xs.append(x)
    m = float(fam.mean(p)) if fl(fam.mean(p)) is not None else None
    if fam.name == 'vonMises':
        xs = [p[0] + dx for dx in (0.0, 0.5 / math.sqrt(p[1]), -2 / math.sqrt(p[1]), 1.0, -3.0) if abs(dx) <= math.pi]
        xs = [x - 2 * math.pi if x > math.pi else x + 2 * math.pi if x <= -math.pi else x for x in xs]
    if m is not None and not xs:
        xs = [m]
    lo, hi = {'beta': (0, 1), 'laplace': (-math.inf, math.inf), 'vonMises': (-math.pi, math.pi)}.get(fam.name, (0, math.inf))
    return sorted({x for x in xs if lo < x < hi or (fam.name == 'vonMises' and x == math.pi)})


def main():
    out = {}
    worst_scipy = {}
    for fam, cases, pairs in FAMILIES:
        rows = []
        ws = 0.0
        for p in cases:
            norm = fam.integral(p, lambda t: 1)
            assert abs(norm - 1) < NORM_TOL, (fam.name, p, norm)
            h = fam.entropy(p)
            hq = -fam.integral(p, lambda t: fam.logpdf_t(t, p) - (mp.log(p[1]) if fam.name == 'laplace' else fam.logjac(t)))
            assert abs(hq - h) <= 1e-20 * max(1, abs(h)), (fam.name, p, h, hq)
            logpdf = [[x, fl(fam.logpdf(mp.mpf(x), p))] for x in eval_points(fam, p)]
            row = {'params': p, 'logpdf': logpdf, 'mean': fl(fam.mean(p)), 'variance': fl(fam.var(p)), 'entropy': fl(h)}
            d = fam.scipy(p)
            if d is not None:
                with np.errstate(all='ignore'):
                    checks = [(float(d.logpdf(x)), v) for x, v in logpdf] + [(float(d.mean()), row['mean']), (float(fam.scipy_var(d, p) if hasattr(fam, 'scipy_var') else d.var()), row['variance']), (float(d.entropy()), row['entropy'])]
                for s, v in checks:
                    if v is None or not math.isfinite(s):
                        continue
                    err = abs(s - v) / max(abs(v), 1.0)
                    ordinary = all(1e-3 <= abs(x) <= 1e3 or x == 0 for x in p)
                    if ordinary:
                        assert err <= SCIPY_TOL, (fam.name, p, s, v)
                    ws = max(ws, err if ordinary else 0)
            rows.append(row)
        kls = []
        for p, q in pairs:
            val = fam.integral(p, lambda t: fam.logpdf_t(t, p) - (fam.logpdf_t(t, q, p) if fam.name == 'laplace' else fam.logpdf_t(t, q)))
            closed = fam.kl(p, q)
            assert abs(val - closed) <= KL_AGREE * abs(closed), (fam.name, p, q, val, closed)
            kls.append({'p': p, 'q': q, 'kl': fl(val), 'method': 'quad'})
        out[fam.name] = {'cases': rows, 'kl': kls}
        worst_scipy[fam.name] = ws
        print(f'{fam.name}: {len(rows)} cases, {len(kls)} KL pairs; scipy vs mpmath worst relative difference (ordinary cases) {ws:.2e}', file=sys.stderr)
    out['_scipyWorstRelDiff'] = worst_scipy
    with open(os.path.join(HERE, 'continuous.json'), 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()
