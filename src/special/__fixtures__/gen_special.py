#!/usr/bin/env python3
"""Reference values for src/special, written to special.json next to this script.

Independent implementation: mpmath at 80 significant digits (scipy.special is only good to
~1e-15, not enough to judge a 1e-16 implementation). Every input is a double and mpmath
evaluates at that exact double, so the reference is the true function value rounded once.

Layout: {function: {"typical": rows, "tail": rows}}. A row is [*args, value, scale]; tests check
|computed - value| <= tol * scale. scale is |value| (a relative error) except where the
mathematics only allows accuracy relative to the size of the terms being combined:
  - reflection formulas on the negative axis (near the roots of lgamma, digamma and the
    even-order polygammas): scale = |term 1| + |term 2| of the reflection;
  - log I1(x) = log(x/2) + log(2 I1(x)/x) for x <= 20, which has a root at x = 1.5906...
    (I1 = 1): scale = |log(x/2)| + |log(2 I1(x)/x)|.
Run:  python3 src/special/__fixtures__/gen_special.py
"""
import json
import os

import mpmath as mp
import numpy as np

mp.mp.dps = 80
HERE = os.path.dirname(os.path.abspath(__file__))


def f(v):
    """mpmath number -> nearest double; refuse non-finite values (JSON has no Infinity)."""
    out = float(v)
    if not np.isfinite(out):
        raise ValueError(f"non-finite reference {v}")
    return out


def uniq(xs):
    return sorted(set(float(x) for x in xs))


def logspace(a, b, n):
    return list(np.logspace(a, b, n))


def lgamma_row(x):
    x = mp.mpf(x)
    v = mp.log(abs(mp.gamma(x))) if x < 0 else mp.loggamma(x)
    if x > 0:
        return [f(x), f(v), f(abs(v))]
    # log|Gamma(x)| = log(pi / |x sin(pi x)|) - log Gamma(-x)
    t1 = mp.log(mp.pi / abs(x * mp.sinpi(x)))
    t2 = mp.loggamma(-x)
    return [f(x), f(v), f(abs(t1) + abs(t2))]


def polygamma_row(n, x):
    x = mp.mpf(x)
    v = mp.psi(n, x)
    if x > 0:
        return [n, f(x), f(v), f(abs(v))]
    # psi^(n)(x) = (-1)^n psi^(n)(1 - x) - d^n/dx^n [pi cot(pi x)]
    t1 = (-1) ** n * mp.psi(n, 1 - x)
    t2 = v - t1
    return [n, f(x), f(v), f(abs(t1) + abs(t2))]


def bessel_ratio(x):
    x = mp.mpf(x)
    return mp.besseli(1, x) / mp.besseli(0, x)


def log_bessel_i1_row(x):
    x = mp.mpf(float(x))
    v = mp.log(mp.besseli(1, x))
    scale = abs(mp.log(x / 2)) + abs(mp.log(2 * mp.besseli(1, x) / x)) if x <= 20 else abs(v)
    return [float(x), f(v), f(scale)]


def rows1(fun, xs):
    out = []
    for x in xs:
        v = fun(mp.mpf(float(x)))
        out.append([float(x), f(v), f(abs(v))])
    return out


# Arguments ------------------------------------------------------------------------------------

near_one_two = [c + s * 10.0 ** -k for c in (1.0, 2.0) for k in range(1, 13) for s in (1, -1)]
lgamma_typical = uniq(
    logspace(-3, 2, 40)
    + list(np.linspace(0.05, 10, 80))
    + list(np.linspace(1.18, 1.245, 27))  # the window where @stdlib's gammaln needs a patch
    + near_one_two
    + [0.5, 1.5, 2.5, 1.4616321449683622]
    + [-0.5, -1.5, -2.5, -0.1, -0.9, -1.3, -2.457024738220800, -2.7, -3.2, -7.7, -9.999]
)
lgamma_tail = uniq(logspace(-10, -3, 15) + logspace(3, 12, 19) + [1e100, 1e300, -1e6 + 0.3, -123456.789])

digamma_typical = uniq(
    logspace(-2, 2, 40)
    + list(np.linspace(1.40, 1.52, 25))
    + [1.4616321449683622, 1.4616321449683623, 0.5, 1.0, 2.0]
    + [-0.5, -1.5, -0.1, -0.9, -2.3, -3.7, -5.5, -10.25, -15.735]
)
digamma_tail = uniq(logspace(-10, -3, 15) + logspace(3, 12, 19) + [1e100, 1e300, -1e6 + 0.3])

trigamma_typical = uniq(logspace(-2, 2, 40) + [0.5, 1.0, 1.5, 2.0, 3.0, -0.5, -1.5, -0.1, -0.9, -2.3, -5.5, -10.25])
trigamma_tail = uniq(logspace(-10, -3, 15) + logspace(3, 12, 19) + [1e100, 1e150, -1e6 + 0.3])

poly_orders = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15]
poly_typical_x = uniq(logspace(-2, 2, 17) + [0.5, 1.0, 1.5, 2.5, 7.5, 14.0, 25.0, 37.3])
poly_negative_x = [-0.5, -0.1, -0.9, -1.25, -2.7, -5.5, -10.3, -31.4]
poly_tail_x = uniq(logspace(-10, -3, 8) + logspace(3, 12, 10) + [1e50])

I1_ROOT = float(mp.findroot(lambda x: mp.besseli(1, x) - 1, 1.59))  # I1(1.5906...) = 1
bessel_typical = uniq(
    logspace(-3, 2, 60) + [0.5, 1, 2, 5, 10, 19.9, 20, 20.1, 25, 50, 300, 700] + [I1_ROOT, I1_ROOT * (1 + 1e-9)]
)
bessel_tail = uniq(logspace(-10, -3, 15) + logspace(3, 12, 19) + [1e-300, 1e50, 1e300])

ratio_typical = bessel_typical
ratio_tail = uniq(logspace(-10, -3, 15) + logspace(3, 12, 19) + [1e-300, 1e50, 1e150])

inverse_typical = uniq(list(np.linspace(0.001, 0.999, 60)) + [0.1, 0.5, 0.9, 0.95, 0.99])
inverse_tail = uniq(
    logspace(-10, -3, 8) + [1e-300] + [1 - 10.0 ** -k for k in range(4, 13)] + [1 - 2.0 ** -40, 1 - 2.0 ** -52]
)


def inverse_row(a):
    am = mp.mpf(a)
    # Amos's bounds bracket the root: a/(1 - a^2) <= kappa <= 2a/(1 - a^2).
    lo = am / (1 - am**2)
    hi = 2 * am / (1 - am**2)
    g = lambda k: bessel_ratio(k) - am
    assert g(lo) <= 0 <= g(hi), f"Amos bracket fails at a = {a}"
    k = mp.findroot(g, (lo, hi), solver="anderson")
    return [float(a), f(k), f(abs(k))]


def derivative(x):
    # 1 - A/x - A^2 cancels about 2 log10(x) digits; raise the precision to match.
    extra = int(2 * max(0.0, float(mp.log10(x)))) + 10
    with mp.workdps(mp.mp.dps + extra):
        x = mp.mpf(x)
        a = bessel_ratio(x)
        return +(1 - a / x - a * a)


data = {
    "lgamma": {"typical": [lgamma_row(x) for x in lgamma_typical], "tail": [lgamma_row(x) for x in lgamma_tail]},
    "digamma": {
        "typical": [polygamma_row(0, x)[1:] for x in digamma_typical],
        "tail": [polygamma_row(0, x)[1:] for x in digamma_tail],
    },
    "trigamma": {
        "typical": [polygamma_row(1, x)[1:] for x in trigamma_typical],
        "tail": [polygamma_row(1, x)[1:] for x in trigamma_tail],
    },
    "polygamma": {
        "typical": [polygamma_row(n, x) for n in poly_orders for x in poly_typical_x + poly_negative_x],
        "tail": [polygamma_row(n, x) for n in poly_orders for x in poly_tail_x],
    },
    "logBesselI0": {
        "typical": rows1(lambda x: mp.log(mp.besseli(0, x)), bessel_typical),
        "tail": rows1(lambda x: mp.log(mp.besseli(0, x)), bessel_tail),
    },
    "logBesselI1": {
        "typical": [log_bessel_i1_row(x) for x in bessel_typical],
        "tail": [log_bessel_i1_row(x) for x in bessel_tail],
    },
    "besselI1OverI0": {"typical": rows1(bessel_ratio, ratio_typical), "tail": rows1(bessel_ratio, ratio_tail)},
    "besselI1OverI0Derivative": {"typical": rows1(derivative, ratio_typical), "tail": rows1(derivative, ratio_tail)},
    "inverseBesselI1OverI0": {
        "typical": [inverse_row(a) for a in inverse_typical],
        "tail": [inverse_row(a) for a in inverse_tail],
    },
}

data = {
    "generator": "src/special/__fixtures__/gen_special.py",
    "reference": f"mpmath {mp.__version__} at {mp.mp.dps} digits",
    "row": "[...args, value, scale]; check |computed - value| <= tol * scale",
    **data,
}

with open(os.path.join(HERE, "special.json"), "w") as fh:
    json.dump(data, fh, indent=None, separators=(",", ":"))
    fh.write("\n")
counts = {k: (len(v["typical"]), len(v["tail"])) for k, v in data.items() if isinstance(v, dict)}
print("wrote special.json:", counts)
