#!/usr/bin/env python3
"""Reference values for the discrete families of infogeo:
categorical, binomial, multinomial, poisson, geometric, negativeBinomial.

Run from the repository root:   python3 src/families/__fixtures__/gen_discrete.py
Writes src/families/__fixtures__/discrete.json (about a minute: the large cases sum ~1e5-1e6
terms in mpmath).

Independence: nothing here uses infogeo's formulas (no Loader form, no Bregman divergence, no
asymptotic expansions). Every value is computed with mpmath at 40 significant digits from the
textbook pmf:
  - log-pmf: log-gamma form, e.g. x log(rate) - rate - log Gamma(x + 1), at 40 digits, so the
    cancellation that limits float64 does not matter;
  - mean, variance: the textbook closed forms in the source parameters;
  - entropy and E[log h(X)]: exact sums over the support, walking out from the mode with the pmf
    ratio recurrences until the terms fall below e^-70 of the largest (mass deficit < 1e-28);
    geometric: the closed form (-p log p - q log q) / p; negative binomial at p = 1e-300: the
    gamma limit r - log p + log Gamma(r) + (1 - r) psi(r), exact up to O(p^min(r,1)) ~ 1e-150;
    multinomial: enumeration of all count vectors for small n and k, and for large n the
    identity H = -n sum p log p - log n! + sum_i E[log X_i!] with binomial marginal sums;
  - KL(p || q): exact sums E_p[log p(X) - log q(X)] (enumeration for the categorical and small
    multinomials, walking sums for binomial/poisson/negative binomial), or for astronomically wide
    supports the definition reduced to moments (e.g. E[X] log(rate1/rate2) - rate1 + rate2), all in
    mpmath. Nearby pairs are given by natural parameters (exact doubles), so the reference is the
    KL of exactly the distributions the test builds.
The scipy.stats values (logpmf, mean, var, entropy) are compared with the mpmath ones and the
largest discrepancies printed, as a check of the references themselves.
"""
import json
import math
import os
import sys

import mpmath as mp
import numpy as np
from scipy import stats

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))
M = mp.mpf


def f(x):
    """mpf -> float (correctly rounded)."""
    return float(x)


def finite_or_none(x):
    """mpf -> float, or None where the value overflows float64 (JSON has no Infinity)."""
    v = float(x)
    return v if math.isfinite(v) else None


def big(xs):
    """Observation points as they reach float64 (exact up to 2^53; beyond, the nearest double)."""
    return [x if abs(x) < 2 ** 53 else float(x) for x in xs]


def walk(mode, lo, hi, init, step, values, drop=70):
    """Sum exp(lw(x)) * values(x, state) over lo <= x <= hi, unimodal weights.

    init(x) -> state (a list whose [0] is the log-weight at x);
    step(x, state, d) -> state at x + d (d = +1 or -1);
    values(x, state) -> list of mpf.
    Stops in each direction when lw < max lw - drop and the terms are < 1e-32 of the sums."""
    sums = None
    lwmax = None

    def add(x, st):
        nonlocal sums, lwmax
        lw = st[0]
        if lwmax is None or lw > lwmax:
            lwmax = lw
        w = mp.exp(lw)
        vals = values(x, st)
        if sums is None:
            sums = [M(0)] * len(vals)
        small = lw < lwmax - drop
        for j, v in enumerate(vals):
            t = w * v
            sums[j] += t
            if small and abs(t) > mp.mpf('1e-32') * abs(sums[j]) and abs(t) > mp.mpf('1e-400'):
                small = False
        return small

    st0 = init(mode)
    st = st0
    x = mode
    add(x, st)
    while x < hi:
        st = step(x, st, 1)
        x += 1
        if add(x, st):
            break
    st = st0
    x = mode
    while x > lo:
        st = step(x, st, -1)
        x -= 1
        if add(x, st):
            break
    return sums


# ----------------------------------------------------------------------------------------------
# Poisson


def extra_digits(x):
    """Digits to add so that log Gamma(x) ~ x log x keeps 40 significant digits after cancelling."""
    return 5 + max(0, int(math.log10(float(x) + 1) + math.log10(math.log(float(x) + 2))))


def poisson_lp(x, rate):
    with mp.workdps(mp.mp.dps + extra_digits(x)):
        rate = M(rate)
        x = M(x)
        return +(-rate if x == 0 else x * mp.log(rate) - rate - mp.loggamma(x + 1))


def poisson_sums(rate):
    """[mass, entropy, E[log X!]]."""
    r = M(rate)
    lr = mp.log(r)
    mode = int(math.floor(rate))

    def init(x):
        return [poisson_lp(x, rate), mp.loggamma(x + 1)]

    def step(x, st, d):
        if d > 0:
            l = mp.log(x + 1)
            return [st[0] + lr - l, st[1] + l]
        l = mp.log(x)
        return [st[0] - lr + l, st[1] - l]

    return walk(mode, 0, math.inf, init, step, lambda x, st: [M(1), -st[0], st[1]])


# ----------------------------------------------------------------------------------------------
# Binomial


def binom_lc(n, x):
    with mp.workdps(mp.mp.dps + extra_digits(n)):
        return +(mp.loggamma(M(n) + 1) - mp.loggamma(M(x) + 1) - mp.loggamma(M(n) - x + 1))


def binom_lp(x, n, p):
    with mp.workdps(mp.mp.dps + extra_digits(n)):
        p = M(p)
        x = M(x)
        return +(binom_lc(n, x) + x * mp.log(p) + (n - x) * mp.log1p(-p))


def binom_sums(n, p, extra_q=None):
    """[mass, entropy, E[log C(n,X)], E[log X!], (KL to Binomial(n, extra_q))]."""
    pm = M(p)
    lpq = mp.log(pm) - mp.log1p(-pm)
    mode = min(n, int(math.floor((n + 1) * p)))
    if extra_q is not None:
        qm = M(extra_q)
        lqq = mp.log(qm) - mp.log1p(-qm)

    def init(x):
        st = [binom_lp(x, n, p), binom_lc(n, x), mp.loggamma(x + 1)]
        if extra_q is not None:
            st.append(binom_lp(x, n, extra_q))
        return st

    def step(x, st, d):
        if d > 0:
            l = mp.log(M(n - x) / (x + 1))
            out = [st[0] + l + lpq, st[1] + l, st[2] + mp.log(x + 1)]
            if extra_q is not None:
                out.append(st[3] + l + lqq)
        else:
            l = mp.log(M(x) / (n - x + 1))
            out = [st[0] + l - lpq, st[1] + l, st[2] - mp.log(x)]
            if extra_q is not None:
                out.append(st[3] + l - lqq)
        return out

    def values(x, st):
        v = [M(1), -st[0], st[1], st[2]]
        if extra_q is not None:
            v.append(st[0] - st[3])
        return v

    return walk(mode, 0, n, init, step, values)


# ----------------------------------------------------------------------------------------------
# Negative binomial (failures before the r-th success; scipy.stats.nbinom(r, p))


def nb_lh(x, r):
    with mp.workdps(mp.mp.dps + extra_digits(x + r)):
        r = M(r)
        x = M(x)
        return +(mp.loggamma(x + r) - mp.loggamma(r) - mp.loggamma(x + 1))


def nb_lp(x, r, p):
    with mp.workdps(mp.mp.dps + extra_digits(x + r)):
        p = M(p)
        x = M(x)
        return +(nb_lh(x, r) + M(r) * mp.log(p) + x * mp.log1p(-p))


def nb_sums(r, p, extra_q=None):
    """[mass, entropy, E[log h], (KL to NB(r, extra_q))]."""
    rm = M(r)
    lq = mp.log1p(-M(p))
    mode = int(math.floor((r - 1) * (1 - p) / p)) if r > 1 else 0
    if extra_q is not None:
        lq2 = mp.log1p(-M(extra_q))

    def init(x):
        st = [nb_lp(x, r, p), nb_lh(x, r)]
        if extra_q is not None:
            st.append(nb_lp(x, r, extra_q))
        return st

    def step(x, st, d):
        if d > 0:
            l = mp.log((x + rm) / (x + 1))
            out = [st[0] + l + lq, st[1] + l]
            if extra_q is not None:
                out.append(st[2] + l + lq2)
        else:
            l = mp.log((x - 1 + rm) / x)
            out = [st[0] - l - lq, st[1] - l]
            if extra_q is not None:
                out.append(st[2] - l - lq2)
        return out

    def values(x, st):
        v = [M(1), -st[0], st[1]]
        if extra_q is not None:
            v.append(st[0] - st[2])
        return v

    return walk(mode, 0, math.inf, init, step, values)


def nb_theta_kl(r, t1, t2):
    """KL between NB(r, p_i) with theta_i = log(1 - p_i) given exactly: r * KL_Bern(p1||p2) / p1."""
    t1, t2 = M(t1), M(t2)
    q1, q2 = mp.exp(t1), mp.exp(t2)
    p1, p2 = -mp.expm1(t1), -mp.expm1(t2)
    return M(r) * (p1 * mp.log(p1 / p2) + q1 * (t1 - t2)) / p1


# ----------------------------------------------------------------------------------------------
# Categorical / multinomial


def zipf_probs(k, s=1.1):
    w = [M(i + 1) ** (-M(s)) for i in range(k)]
    tot = mp.fsum(w)
    return [x / tot for x in w]


def cat_from_theta(theta):
    th = [M(t) for t in theta] + [M(0)]
    lse = mp.log(mp.fsum(mp.exp(t) for t in th))
    return [mp.exp(t - lse) for t in th]


def cat_entropy(ps):
    return -mp.fsum(p * mp.log(p) for p in ps)


def cat_kl(ps, qs):
    return mp.fsum(p * mp.log(p / q) for p, q in zip(ps, qs))


def compositions(n, k):
    if k == 1:
        yield (n,)
        return
    for i in range(n + 1):
        for rest in compositions(n - i, k - 1):
            yield (i,) + rest


def mult_lp(x, n, ps):
    return mp.loggamma(n + 1) - mp.fsum(mp.loggamma(xi + 1) for xi in x) + mp.fsum(
        xi * mp.log(p) for xi, p in zip(x, ps) if xi > 0)


def mult_enum(n, ps, qs=None):
    """[mass, entropy, E[log h], (KL)] by enumerating every count vector."""
    k = len(ps)
    mass = ent = elh = kl = M(0)
    lnf = mp.loggamma(n + 1)
    for x in compositions(n, k):
        lp = mult_lp(x, n, ps)
        w = mp.exp(lp)
        mass += w
        ent -= w * lp
        elh += w * (lnf - mp.fsum(mp.loggamma(xi + 1) for xi in x))
        if qs is not None:
            kl += w * (lp - mult_lp(x, n, qs))
    return [mass, ent, elh, kl]


def mult_large(n, ps):
    """[entropy, E[log h]] from binomial marginal sums: E[log h] = log n! - sum E[log X_i!]."""
    elf = [binom_sums(n, float(p))[3] for p in ps]
    elh = mp.loggamma(n + 1) - mp.fsum(elf)
    ent = -n * mp.fsum(p * mp.log(p) for p in ps) - elh
    return [ent, elh]


# ----------------------------------------------------------------------------------------------

scipy_worst = {}


def note_scipy(name, ours, theirs, scale=None):
    if theirs is None or not np.isfinite(theirs):
        return
    s = abs(float(ours)) if scale is None else scale
    err = abs(float(ours) - float(theirs)) / max(s, 1e-300)
    if err > scipy_worst.get(name, (0, ''))[0]:
        scipy_worst[name] = (err, f'{float(ours)!r} vs scipy {float(theirs)!r}')


def case_poisson(rate, xs):
    xs = big(xs)
    d = stats.poisson(rate)
    s = poisson_sums(rate)
    out = {
        'params': {'rate': rate},
        'logpmf': [[x, f(poisson_lp(x, rate))] for x in xs],
        'mean': rate, 'variance': rate,
        'entropy': f(s[1]), 'expectedLogBase': f(-s[2]), 'mass': f(s[0]),
    }
    for x, v in out['logpmf']:
        note_scipy('poisson logpmf', v, d.logpmf(x))
    if rate < 1e7:
        note_scipy('poisson entropy', out['entropy'], d.entropy())
    return out


def case_binomial(n, p, xs):
    xs = big(xs)
    d = stats.binom(n, p)
    s = binom_sums(n, p)
    pm = M(p)
    out = {
        'params': {'n': n, 'p': p},
        'logpmf': [[x, f(binom_lp(x, n, p))] for x in xs],
        'mean': f(n * pm), 'variance': f(n * pm * (1 - pm)),
        'entropy': f(s[1]), 'expectedLogBase': f(s[2]), 'mass': f(s[0]),
    }
    for x, v in out['logpmf']:
        note_scipy('binomial logpmf', v, d.logpmf(x))
    if n <= 1e6 and p > 1e-200:
        note_scipy('binomial entropy', out['entropy'], d.entropy())
    return out


def case_nb(r, p, xs, sums=True):
    xs = big(xs)
    d = stats.nbinom(r, p)
    rm, pm = M(r), M(p)
    out = {
        'params': {'r': r, 'p': p},
        'logpmf': [[x, f(nb_lp(x, r, p))] for x in xs],
        'mean': f(rm * (1 - pm) / pm), 'variance': finite_or_none(rm * (1 - pm) / pm ** 2),
    }
    if sums:
        s = nb_sums(r, p)
        out.update({'entropy': f(s[1]), 'expectedLogBase': f(s[2]), 'mass': f(s[0])})
    else:
        # Gamma limit (see the module docstring); E[log h] = F - theta eta - H.
        h = rm - mp.log(pm) + mp.loggamma(rm) + (1 - rm) * mp.digamma(rm)
        mu = rm * (1 - pm) / pm
        out.update({'entropy': f(h), 'expectedLogBase': f(-rm * mp.log(pm) - mu * mp.log1p(-pm) - h), 'mass': 1.0})
    for x, v in out['logpmf']:
        note_scipy('nbinom logpmf', v, d.logpmf(x))
    return out


def case_geometric(p, xs):
    xs = big(xs)
    d = stats.geom(p)
    pm = M(p)
    qm = 1 - pm
    h = -mp.log(pm) - qm / pm * mp.log1p(-pm)
    out = {
        'params': {'p': p},
        'logpmf': [[x, f(mp.log(pm) + (M(x) - 1) * mp.log1p(-pm))] for x in xs],
        'mean': f(1 / pm), 'variance': finite_or_none(qm / pm ** 2), 'entropy': f(h), 'expectedLogBase': 0.0,
    }
    for x, v in out['logpmf']:
        note_scipy('geom logpmf', v, d.logpmf(x))
    note_scipy('geom entropy', out['entropy'], d.entropy())
    return out


def main():
    data = {'generator': 'gen_discrete.py (mpmath %s, scipy %s, 40 digits)' % (mp.__version__, __import__('scipy').__version__)}

    # ---------------- Poisson
    data['poisson'] = [
        case_poisson(1e-300, [0, 1, 2]),
        case_poisson(1e-10, [0, 1, 3]),
        case_poisson(0.5, [0, 1, 5]),
        case_poisson(3.0, [0, 3, 10, 40]),
        case_poisson(100.0, [0, 90, 100, 150]),
        case_poisson(1e5, [99000, 100000, 101000]),
        case_poisson(2e5, [199000, 200000, 202000]),
        case_poisson(1e8, [0, 99990000, 100000000, 100020000]),
    ]
    print('poisson done', file=sys.stderr)
    data['poissonKl'] = []
    for a, b in [(3.0, 5.0), (0.5, 40.0), (1e-10, 1.0), (100.0, 101.0)]:
        s = walk(int(a), 0, math.inf,
                 lambda x, a=a, b=b: [poisson_lp(x, a), poisson_lp(x, b)],
                 lambda x, st, d, a=a, b=b: [poisson_lp(x + d, a), poisson_lp(x + d, b)],
                 lambda x, st: [st[0] - st[1]])
        data['poissonKl'].append({'p': {'rate': a}, 'q': {'rate': b}, 'kl': f(s[0])})
    for ta, tb in [(math.log(3.0), math.log(3.0) + 1e-6), (10.0, 10.0 + 1e-7), (-690.0, -689.0), (0.3, 0.3 + 1e-9)]:
        la, lb = mp.exp(M(ta)), mp.exp(M(tb))
        data['poissonKl'].append({'thetaP': [ta], 'thetaQ': [tb], 'kl': f(la * (M(ta) - M(tb)) - la + lb)})

    # ---------------- Binomial
    data['binomial'] = [
        case_binomial(1, 0.5, [0, 1]),
        case_binomial(10, 0.3, [0, 3, 10]),
        case_binomial(100, 0.01, [0, 1, 5, 100]),
        case_binomial(10, 1e-300, [0, 1, 10]),
        case_binomial(10, 1 - 1e-16, [0, 9, 10]),
        case_binomial(1000000, 0.5, [0, 499000, 500000, 501234]),
        case_binomial(1000000, 1e-300, [0, 1, 2]),
        case_binomial(10 ** 15, 1e-12, [0, 900, 1000, 1100]),
        case_binomial(10 ** 9, 0.3, [300000000, 300010000]),
    ]
    print('binomial done', file=sys.stderr)
    data['binomialKl'] = []
    for n, a, b in [(10, 0.3, 0.6), (100, 0.01, 0.5), (1000, 0.5, 0.49), (10, 1e-300, 0.5)]:
        s = binom_sums(n, a, extra_q=b)
        data['binomialKl'].append({'p': {'n': n, 'p': a}, 'q': {'n': n, 'p': b}, 'kl': f(s[4])})
    for n, ta, tb in [(10, 0.2, 0.2 + 1e-6), (1000000, -1.0, -1.0 + 1e-8), (10, 30.0, 30.5), (5, -600.0, -599.0)]:
        t1, t2 = M(ta), M(tb)
        # log p = -log(1 + e^-t), log q = -log(1 + e^t): no 1 - p is ever formed.
        lp1, lp2 = -mp.log1p(mp.exp(-t1)), -mp.log1p(mp.exp(-t2))
        lq1, lq2 = -mp.log1p(mp.exp(t1)), -mp.log1p(mp.exp(t2))
        kl = n * (mp.exp(lp1) * (lp1 - lp2) + mp.exp(lq1) * (lq1 - lq2))
        data['binomialKl'].append({'n': n, 'thetaP': [ta], 'thetaQ': [tb], 'kl': f(kl)})

    # ---------------- Geometric (support 1, 2, ...)
    data['geometric'] = [
        case_geometric(0.5, [1, 2, 10]),
        case_geometric(0.3, [1, 5, 50]),
        case_geometric(0.9, [1, 2, 20]),
        case_geometric(1e-12, [1, 10 ** 12, 5 * 10 ** 12]),
        case_geometric(1 - 1e-16, [1, 2]),
        case_geometric(1e-300, [1, 10 ** 300]),
    ]
    data['geometricKl'] = []
    for a, b in [(0.5, 0.25), (0.3, 0.9), (1e-12, 1e-11), (0.99, 0.01)]:
        # E_p[log p(X) - log q(X)] with log p(x) = log p + (x - 1) log(1 - p): linear in x.
        am, bm = M(a), M(b)
        kl = mp.log(am / bm) + (1 / am - 1) * (mp.log1p(-am) - mp.log1p(-bm))
        data['geometricKl'].append({'p': {'p': a}, 'q': {'p': b}, 'kl': f(kl)})
    for ta, tb in [(math.log(0.5), math.log(0.5) + 1e-7), (-1e-12, -1.000001e-12), (-30.0, -29.9)]:
        data['geometricKl'].append({'thetaP': [ta], 'thetaQ': [tb], 'kl': f(nb_theta_kl(1, ta, tb))})
    # cross-check the geometric closed form by an exact sum at p = 0.3
    s = walk(1, 1, math.inf, lambda x: [mp.log(M('0.3')) + (x - 1) * mp.log(M('0.7'))],
             lambda x, st, d: [st[0] + d * mp.log(M('0.7'))], lambda x, st: [-st[0]])
    assert abs(s[0] - (-(M('0.3') * mp.log(M('0.3')) + M('0.7') * mp.log(M('0.7'))) / M('0.3'))) < 1e-30

    # ---------------- Negative binomial
    data['negativeBinomial'] = [
        case_nb(3, 0.4, [0, 2, 4, 30]),
        case_nb(0.5, 0.3, [0, 1, 10]),
        case_nb(1e-3, 0.5, [0, 1, 10]),
        case_nb(1, 0.25, [0, 3, 20]),
        case_nb(7, 0.001, [0, 6000, 7000, 20000]),
        case_nb(20000, 0.05, [380000, 400000]),
        case_nb(100000, 0.7, [40000, 42857, 45000]),
        case_nb(2.5, 1e-4, [0, 10000, 25000]),
        case_nb(1e8, 0.5, [99990000, 100000000]),
        case_nb(5, 1 - 1e-16, [0, 1, 2]),
        case_nb(0.5, 1e-300, [0, 10 ** 299], sums=False),
        case_nb(2.5, 1e-300, [0, 10 ** 300], sums=False),
    ]
    print('negative binomial done', file=sys.stderr)
    data['negativeBinomialKl'] = []
    for r, a, b in [(3, 0.4, 0.6), (0.5, 0.3, 0.1), (7, 0.001, 0.002)]:
        s = nb_sums(r, a, extra_q=b)
        data['negativeBinomialKl'].append({'p': {'r': r, 'p': a}, 'q': {'r': r, 'p': b}, 'kl': f(s[3])})
    for r, ta, tb in [(3, -0.5, -0.5 + 1e-6), (2.5, -1e-12, -2e-12), (1e8, -0.7, -0.7 - 1e-9), (0.5, -1e-300, -0.1)]:
        data['negativeBinomialKl'].append({'r': r, 'thetaP': [ta], 'thetaQ': [tb], 'kl': f(nb_theta_kl(r, ta, tb))})

    # ---------------- Categorical
    cats = []
    for probs in [[0.2, 0.3, 0.5], [0.5, 0.5], [1e-300, 0.3, 0.7], [0.3, 0.7, 1e-300], [0.1] * 10]:
        ps = [M(p) for p in probs]
        tot = mp.fsum(ps)
        ps = [p / tot for p in ps]
        mean = mp.fsum(i * p for i, p in enumerate(ps))
        var = mp.fsum(p * (i - mean) ** 2 for i, p in enumerate(ps))
        cats.append({'params': {'probs': probs}, 'logpmf': [[i, f(mp.log(p))] for i, p in enumerate(ps)],
                     'mean': f(mean), 'variance': f(var), 'entropy': f(cat_entropy(ps)), 'expectedLogBase': 0.0})
    k = 10000
    zp = zipf_probs(k)
    zmean = mp.fsum(i * p for i, p in enumerate(zp))
    cats.append({'params': {'zipf': {'k': k, 's': 1.1}},
                 'logpmf': [[i, f(mp.log(zp[i]))] for i in [0, 1, 999, 9999]],
                 'mean': f(zmean), 'variance': f(mp.fsum(p * (i - zmean) ** 2 for i, p in enumerate(zp))),
                 'entropy': f(cat_entropy(zp)), 'expectedLogBase': 0.0})
    data['categorical'] = cats
    ckl = []
    for a, b in [([0.2, 0.3, 0.5], [0.3, 0.3, 0.4]), ([1e-300, 0.3, 0.7], [0.2, 0.3, 0.5]), ([0.2, 0.3, 0.5], [1e-300, 0.3, 0.7])]:
        ckl.append({'p': {'probs': a}, 'q': {'probs': b}, 'kl': f(cat_kl([M(x) for x in a], [M(x) for x in b]))})
    for ta, tb in [([0.1, -0.4], [0.1 + 1e-6, -0.4 - 2e-6]), ([700.0, 0.0], [0.0, 700.0]), ([-5.0, 3.0, 1.0], [-5.0, 3.0 + 1e-8, 1.0])]:
        ckl.append({'thetaP': ta, 'thetaQ': tb, 'kl': f(cat_kl(cat_from_theta(ta), cat_from_theta(tb)))})
    zq = zipf_probs(k, 1.2)
    ckl.append({'p': {'zipf': {'k': k, 's': 1.1}}, 'q': {'zipf': {'k': k, 's': 1.2}}, 'kl': f(cat_kl(zp, zq))})
    data['categoricalKl'] = ckl
    print('categorical done', file=sys.stderr)

    # ---------------- Multinomial
    mults = []
    for n, probs in [(1, [0.2, 0.8]), (10, [0.2, 0.3, 0.5]), (20, [1e-300, 0.5, 0.5]), (6, [0.1, 0.2, 0.3, 0.4])]:
        ps = [M(p) for p in probs]
        tot = mp.fsum(ps)
        ps = [p / tot for p in ps]
        s = mult_enum(n, ps)
        pts = [x for x in [tuple([n] + [0] * (len(ps) - 1)), tuple([0] * (len(ps) - 1) + [n])]]
        mid = [int(n * float(p)) for p in ps]
        mid[-1] = n - sum(mid[:-1])
        pts.append(tuple(mid))
        mults.append({'params': {'n': n, 'probs': probs}, 'logpmf': [[list(x), f(mult_lp(x, n, ps))] for x in pts],
                      'mean': [f(n * p) for p in ps], 'entropy': f(s[1]), 'expectedLogBase': f(s[2]), 'mass': f(s[0])})
    th = [math.log(1e-17), math.log(1e-17)]
    ps = cat_from_theta(th)
    s = mult_enum(10, ps)
    mults.append({'params': {'n': 10, 'theta': th}, 'logpmf': [[[0, 0, 10], f(mult_lp((0, 0, 10), 10, ps))], [[1, 0, 9], f(mult_lp((1, 0, 9), 10, ps))]],
                  'mean': [f(10 * p) for p in ps], 'entropy': f(s[1]), 'expectedLogBase': f(s[2]), 'mass': f(s[0])})
    for n, probs in [(1000000, [0.25, 0.25, 0.5]), (1000, [0.001] * 1000)]:
        ps = [M(p) for p in probs]
        tot = mp.fsum(ps)
        ps = [p / tot for p in ps]
        if len(set(probs)) == 1:
            e1 = binom_sums(n, float(ps[0]))
            elh = mp.loggamma(n + 1) - len(ps) * e1[3]
            ent = -n * mp.fsum(p * mp.log(p) for p in ps) - elh
        else:
            ent, elh = mult_large(n, ps)
        mults.append({'params': {'n': n, 'probs': probs}, 'logpmf': [], 'mean': [f(n * p) for p in ps][:5],
                      'entropy': f(ent), 'expectedLogBase': f(elh)})
    # Multinomial(1e9, [0.3, 0.7]) has the entropy of Binomial(1e9, 0.3).
    b9 = next(c for c in data['binomial'] if c['params']['n'] == 10 ** 9)
    mults.append({'params': {'n': 10 ** 9, 'probs': [0.3, 0.7]}, 'logpmf': [[[300000000, 700000000], b9['logpmf'][0][1]]],
                  'mean': [f(10 ** 9 * M('0.3')), f(10 ** 9 * M('0.7'))], 'entropy': b9['entropy'], 'expectedLogBase': b9['expectedLogBase']})
    data['multinomial'] = mults
    mkl = []
    for n, a, b in [(10, [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]), (5, [1e-300, 0.5, 0.5], [0.2, 0.3, 0.5])]:
        am = [M(x) for x in a]
        bm = [M(x) for x in b]
        mkl.append({'p': {'n': n, 'probs': a}, 'q': {'n': n, 'probs': b}, 'kl': f(mult_enum(n, am, bm)[3])})
    data['multinomialKl'] = mkl
    print('multinomial done', file=sys.stderr)

    with open(os.path.join(HERE, 'discrete.json'), 'w') as fh:
        json.dump(data, fh, indent=1)
        fh.write('\n')
    print('scipy vs mpmath, worst relative discrepancies (a check of scipy, not of infogeo):', file=sys.stderr)
    for k2, (err, where) in sorted(scipy_worst.items()):
        print(f'  {k2}: {err:.2e}  ({where})', file=sys.stderr)


if __name__ == '__main__':
    main()
