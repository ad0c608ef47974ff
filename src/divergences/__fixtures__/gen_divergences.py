#!/usr/bin/env python3
"""Reference values for src/divergences, written to divergences.json next to this script.

Independent of the library's log-partition formulas: every quantity is an integral (or a sum)
of scipy.stats densities (pmfs), evaluated with scipy.integrate.quad (or math.fsum over the
support), and again at 40 digits with mpmath (tanh-sinh quadrature or exact sums of the
densities written out in mpmath). The main values in the JSON are the mpmath ones; the scipy
record of each case is kept under "scipy", with the largest relative difference between the two
under "scipyVsMpmath". They agree to about 1e-10 except where float64 quadrature cannot resolve
the answer: near-equal p and q (1 - int p^l q^(1-l) of order 1e-12 is a cancellation of terms
of order 1e-6 in float64) and integrals of order 1e-11 taken as 1 - (1 - I). For the 2-D normal the power integral int p^l q^(1-l) is the Gaussian integral of
exp(-x'Ax/2 + b'x + c) built from the two densities' means and covariances with numpy, checked
against scipy.integrate.dblquad, and the Jensen-Shannon divergence is a dblquad.

Conventions (Amari): D_alpha(p : q) = 4 / (1 - alpha^2) (1 - int p^((1-alpha)/2) q^((1+alpha)/2)),
Renyi D_o(p || q) = log(int p^o q^(1-o)) / (o - 1), Hellinger H = sqrt(1 - BC), Bhattacharyya
-log BC, JS = KL(p || m)/2 + KL(q || m)/2, Jeffreys KL(p||q) + KL(q||p), Chernoff
max_l -log int p^l q^(1-l) with its maximiser l (the exponent of p).

Accuracy: 1 - int p^wP q^wQ is integrated directly as -int base * expm1(w * log-ratio) (base
the density with the larger weight) so that it does not cancel when the integral is near 1;
the JS integrand is (m/2) phi(tanh(d/2)) with phi(r) = (1-r)log(1-r) + (1+r)log(1+r) summed
as a series for small r. Divergent integrals (decided by the elementary integrability
conditions of the densities, e.g. int x^(c-1) e^(-r x) dx < inf iff c > 0 and r > 0) are
written as the string "inf". Run: python3 gen_divergences.py (numpy, scipy).
"""
import json
import math
import os
import time
import warnings

import mpmath as mp
import numpy as np
import scipy
from scipy import integrate, optimize, stats

ALPHAS = [-3, -0.5, 0, 0.5, 0.99, 3]
ORDERS = [0.5, 2]
EPSREL = 1e-13
mp.mp.dps = 40


def phi(r):
    r = float(r)
    if abs(r) < 0.1:
        r2 = r * r
        return sum(r2 ** k / (k * (2 * k - 1)) for k in range(1, 12))
    if r >= 1.0 or r <= -1.0:
        return 2 * math.log(2)
    return (1 - r) * math.log1p(-r) + (1 + r) * math.log1p(r)


# ---------------------------------------------------------------- scalar families
class Scalar:
    """A pair (p, q) of scalar distributions given by scipy frozen objects."""

    def __init__(self, family, pp, qp, p, q, discrete, support, finite, mlp=None, mlq=None):
        self.family, self.pp, self.qp = family, pp, qp
        self.mlp, self.mlq = mlp, mlq  # log-densities in mpmath
        self.p, self.q = p, q
        self.discrete = discrete
        self.support = support  # (lo, hi) for continuous; integer range for discrete
        self.finite = finite  # finite(wP, wQ) -> bool, elementary integrability

    def logs(self, x):
        if self.discrete:
            return self.p.logpmf(x), self.q.logpmf(x)
        return self.p.logpdf(x), self.q.logpdf(x)

    # --- integration of g(lp, lq) over the support
    def points(self):
        pts = []
        for d in (self.p, self.q):
            m, s = d.mean(), d.std()
            for k in (0, -1, 1, -3, 3, -10, 10, -30, 30):
                pts.append(m + k * s)
        lo, hi = self.support
        pts = sorted(set(x for x in pts if lo < x < hi))
        return pts

    def integral(self, g, tilt=(0.5, 0.5)):
        if self.discrete:
            xs = self.grid(tilt)
            lp, lq = self.logs(xs)
            vals = [g(a, b) for a, b in zip(lp, lq)]
            return math.fsum(vals)
        lo, hi = self.support
        edges = [lo] + self.points() + [hi]
        total = []
        for a, b in zip(edges[:-1], edges[1:]):
            def h(x):
                lp, lq = self.logs(x)
                return g(float(lp), float(lq))
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter('always')
                v, err = integrate.quad(h, a, b, epsabs=0, epsrel=EPSREL, limit=2000)
            if caught:
                # quad could not reach 1e-13 relative on this piece: record the error estimate
                QUAD_WARNINGS.append({'piece': [str(a), str(b)], 'value': v, 'error': err, 'message': str(caught[0].message).split('.')[0]})
            total.append(v)
        return math.fsum(total)

    def grid(self, tilt):
        lo, hi = self.support
        if hi != math.inf:
            return np.arange(lo, hi + 1)
        # Poisson: far beyond both bulks and the bulk of the tilted terms p^wP q^wQ, which are
        # proportional to (r_p^wP r_q^wQ)^x / x! (read off the pmf r^x e^-r / x!).
        rp, rq = self.p.mean(), self.q.mean()
        top = max(rp, rq, rp ** tilt[0] * rq ** tilt[1])
        n = int(2 * top + 60 * math.sqrt(top + 1) + 200)
        return np.arange(0, n)


def mp_integral(c, g, tilt=(0.5, 0.5)):
    """int g(log p, log q) in mpmath: exact sums, or tanh-sinh quadrature split at the bulk."""
    if c.discrete:
        return mp.fsum(g(c.mlp(int(x)), c.mlq(int(x))) for x in c.grid(tilt))
    lo, hi = c.support
    pts = [mp.mpf(x) for x in c.points()]

    def h(x):
        lp, lq = c.mlp(x), c.mlq(x)
        # nodes within 1e-40 of an end round onto it (log 0): no mass there at this precision
        return g(lp, lq) if mp.isfinite(lp) and mp.isfinite(lq) else mp.mpf(0)

    edges = [mp.mpf(lo) if lo != -math.inf else mp.ninf] + pts + [mp.mpf(hi) if hi != math.inf else mp.inf]
    total = mp.quad(h, edges[1:-1], maxdegree=10) if len(pts) > 1 else mp.mpf(0)
    # The end pieces: towards a finite end in u = log(distance), where singularities such as
    # x^-0.9 or (1 - x)^-0.5 become exponentials (tanh-sinh on [0, 0.1] alone misses 1e-9 of them).
    if lo == -math.inf:
        total += mp.quad(h, [mp.ninf, pts[0]], maxdegree=10)
    else:
        total += mp.quad(lambda u: h(lo + mp.exp(u)) * mp.exp(u), [mp.ninf, mp.log(pts[0] - lo)], maxdegree=10)
    if hi == math.inf:
        total += mp.quad(h, [pts[-1], mp.inf], maxdegree=10)
    else:
        total += mp.quad(lambda u: h(hi - mp.exp(u)) * mp.exp(u), [mp.ninf, mp.log(hi - pts[-1])], maxdegree=10)
    return total


def mp_record(c, ref):
    """The quantities of scalar_record at 40 digits; 'inf' / 'overflow' entries are kept."""
    power = lambda wP, wQ: mp_integral(c, lambda lp, lq: mp.exp(wP * lp + wQ * lq), (wP, wQ))
    rec = {'family': c.family, 'p': c.pp, 'q': c.qp}
    rec['alpha'] = {}
    for a in ALPHAS:
        want = ref['alpha'][str(a)]
        if isinstance(want, str):
            rec['alpha'][str(a)] = want
            continue
        wP, wQ = mp.mpf(1 - a) / 2, mp.mpf(1 + a) / 2
        rec['alpha'][str(a)] = float(4 / (1 - mp.mpf(a) ** 2) * (1 - power(wP, wQ)))
    rec['renyi'] = {}
    for o in ORDERS:
        want = ref['renyi'][str(o)]
        rec['renyi'][str(o)] = want if isinstance(want, str) else float(mp.log(power(mp.mpf(o), 1 - mp.mpf(o))) / (mp.mpf(o) - 1))
    bc = power(mp.mpf(0.5), mp.mpf(0.5))
    rec['hellinger'] = float(mp.sqrt(1 - bc))
    rec['bhattacharyya'] = float(-mp.log(bc))
    rec['bhattacharyyaCoefficient'] = float(bc)

    def js_term(lp, lq):
        p, q = mp.exp(lp), mp.exp(lq)
        if p == 0 and q == 0:
            return mp.mpf(0)
        m = (p + q) / 2
        return (p * mp.log(p / m) if p > 0 else 0) / 2 + (q * mp.log(q / m) if q > 0 else 0) / 2

    rec['jensenShannon'] = float(mp_integral(c, js_term))
    rec['jeffreys'] = float(mp_integral(c, lambda lp, lq: (mp.exp(lp) - mp.exp(lq)) * (lp - lq)))
    slope = lambda l: mp_integral(c, lambda lp, lq: mp.exp(l * lp + (1 - l) * lq) * (lp - lq), (float(l), 1 - float(l)))
    lam = mp.findroot(slope, mp.mpf(ref['chernoff']['exponent']), tol=mp.mpf(10) ** -26)
    rec['chernoff'] = {'information': float(-mp.log(power(lam, 1 - lam))), 'exponent': float(lam)}
    return rec


def one_minus_power_integral(c, wP, wQ):
    """1 - int p^wP q^wQ without cancellation."""
    def term(lbase, lother, w):
        # base - base^(1-w) other^w = -base * expm1(w (lother - lbase)), written so nothing overflows
        if lbase == -math.inf:
            return 0.0
        t = w * (lother - lbase)
        if t > 1:
            return math.exp(lbase) - math.exp(lbase + t)
        return -math.exp(lbase) * math.expm1(t)

    if abs(wQ) <= abs(wP):
        g = lambda lp, lq: term(lp, lq, wQ)  # p^wP q^wQ = p (q/p)^wQ
    else:
        g = lambda lp, lq: term(lq, lp, wP)
    return c.integral(g, (wP, wQ))


def log_power_integral(c, wP, wQ):
    om = one_minus_power_integral(c, wP, wQ)
    if om < 0.5:
        return math.log1p(-om)
    # the integral itself is small: integrate it directly rather than 1 - (1 - I)
    return math.log(c.integral(lambda lp, lq: math.exp(wP * lp + wQ * lq) if lp > -math.inf else 0.0, (wP, wQ)))


def js(c):
    def g(lp, lq):
        if lp == -math.inf and lq == -math.inf:
            return 0.0
        lm = np.logaddexp(lp, lq) - math.log(2)
        return 0.5 * math.exp(lm) * phi(math.tanh(0.5 * (lq - lp)))
    return c.integral(g)


def jeffreys(c):
    # (p - q)(log p - log q) = p * (-expm1(lq - lp)) * (lp - lq)
    def g(lp, lq):
        if lp == -math.inf and lq == -math.inf:
            return 0.0
        if abs(lq - lp) > 1:
            return (math.exp(lp) - math.exp(lq)) * (lp - lq)
        return -math.exp(lp) * math.expm1(lq - lp) * (lp - lq)

    return c.integral(g)


def chernoff(c):
    # d/dl log int p^l q^(1-l) = int p^l q^(1-l) (lp - lq) / int p^l q^(1-l): increasing in l.
    def slope(l):
        num = c.integral(lambda lp, lq: math.exp(l * lp + (1 - l) * lq) * (lp - lq) if lp > -math.inf else 0.0, (l, 1 - l))
        return num

    lam = optimize.brentq(slope, 1e-12, 1 - 1e-12, xtol=1e-15, rtol=1e-15, maxiter=500)
    return {'information': -log_power_integral(c, lam, 1 - lam), 'exponent': lam}


QUAD_WARNINGS = []


def scalar_record(c):
    QUAD_WARNINGS.clear()
    rec = {'family': c.family, 'p': c.pp, 'q': c.qp}
    alpha = {}
    for a in ALPHAS:
        wP, wQ = (1 - a) / 2, (1 + a) / 2
        if not c.finite(wP, wQ):
            alpha[str(a)] = 'inf'
            continue
        try:
            alpha[str(a)] = 4 / (1 - a * a) * one_minus_power_integral(c, wP, wQ)
        except OverflowError:
            alpha[str(a)] = 'overflow'  # finite but beyond float64
    rec['alpha'] = alpha
    renyi = {}
    for o in ORDERS:
        if not c.finite(o, 1 - o):
            renyi[str(o)] = 'inf'
            continue
        renyi[str(o)] = log_power_integral(c, o, 1 - o) / (o - 1)
    rec['renyi'] = renyi
    h2 = one_minus_power_integral(c, 0.5, 0.5)
    rec['hellinger'] = math.sqrt(h2)
    rec['bhattacharyya'] = -log_power_integral(c, 0.5, 0.5)
    rec['bhattacharyyaCoefficient'] = 1 - h2
    rec['jensenShannon'] = js(c)
    rec['jeffreys'] = jeffreys(c)
    rec['chernoff'] = chernoff(c)
    if QUAD_WARNINGS:
        rec['quadWarnings'] = list(QUAD_WARNINGS)
    return rec


M = mp.mpf


def normal_case(p, q):
    fin = lambda wP, wQ: wP / p[1] ** 2 + wQ / q[1] ** 2 > 0
    ml = lambda mu, s: (lambda x: -((x - M(mu)) / M(s)) ** 2 / 2 - mp.log(M(s)) - mp.log(2 * mp.pi) / 2)
    return Scalar('normal', p, q, stats.norm(p[0], p[1]), stats.norm(q[0], q[1]), False, (-math.inf, math.inf), fin, ml(*p), ml(*q))


def bernoulli_case(p, q):
    ml = lambda a: (lambda x: mp.log(M(a)) if x == 1 else mp.log(1 - M(a)))
    return Scalar('bernoulli', [p], [q], stats.bernoulli(p), stats.bernoulli(q), True, (0, 1), lambda wP, wQ: True, ml(p), ml(q))


def poisson_case(p, q):
    ml = lambda r: (lambda x: x * mp.log(M(r)) - M(r) - mp.loggamma(x + 1))
    return Scalar('poisson', [p], [q], stats.poisson(p), stats.poisson(q), True, (0, math.inf), lambda wP, wQ: True, ml(p), ml(q))


def categorical_case(p, q):
    k = len(p)
    pp = stats.rv_discrete(values=(np.arange(k), p))
    qq = stats.rv_discrete(values=(np.arange(k), q))
    ml = lambda v: (lambda x: mp.log(M(v[x])))
    return Scalar('categorical', [p], [q], pp, qq, True, (0, k - 1), lambda wP, wQ: True, ml(p), ml(q))


def gamma_case(p, q):
    # density x^(a-1) e^(-r x): integrable iff mixed (a - 1) > -1 and mixed r > 0
    fin = lambda wP, wQ: wP * (p[0] - 1) + wQ * (q[0] - 1) > -1 and wP * p[1] + wQ * q[1] > 0
    ml = lambda a, r: (lambda x: M(a) * mp.log(M(r)) + (M(a) - 1) * mp.log(x) - M(r) * x - mp.loggamma(M(a)))
    return Scalar('gamma', p, q, stats.gamma(p[0], scale=1 / p[1]), stats.gamma(q[0], scale=1 / q[1]), False, (0, math.inf), fin, ml(*p), ml(*q))


def beta_case(p, q):
    fin = lambda wP, wQ: wP * (p[0] - 1) + wQ * (q[0] - 1) > -1 and wP * (p[1] - 1) + wQ * (q[1] - 1) > -1
    ml = lambda a, b: (lambda x: (M(a) - 1) * mp.log(x) + (M(b) - 1) * mp.log(1 - x) - mp.log(mp.beta(M(a), M(b))))
    return Scalar('beta', p, q, stats.beta(p[0], p[1]), stats.beta(q[0], q[1]), False, (0, 1), fin, ml(*p), ml(*q))


def exponential_case(p, q):
    fin = lambda wP, wQ: wP * p + wQ * q > 0
    ml = lambda r: (lambda x: mp.log(M(r)) - M(r) * x)
    return Scalar('exponential', [p], [q], stats.expon(scale=1 / p), stats.expon(scale=1 / q), False, (0, math.inf), fin, ml(p), ml(q))


# ---------------------------------------------------------------- 2-D normal
def gaussian_log_power_integral(mp, cp, mq, cq, wP, wQ):
    """log int p^wP q^wQ for Gaussians: a Gaussian integral; +inf unless A is positive definite."""
    pp, pq = np.linalg.inv(cp), np.linalg.inv(cq)
    A = wP * pp + wQ * pq
    if np.min(np.linalg.eigvalsh(A)) <= 0:
        return math.inf
    b = wP * pp @ mp + wQ * pq @ mq
    d = len(mp)
    cst = lambda m, P, C: -0.5 * m @ P @ m - 0.5 * math.log(np.linalg.det(2 * math.pi * C))
    c = wP * cst(mp, pp, cp) + wQ * cst(mq, pq, cq)
    return c + 0.5 * b @ np.linalg.solve(A, b) + 0.5 * d * math.log(2 * math.pi) - 0.5 * math.log(np.linalg.det(A))


def gaussian_kl(mp, cp, mq, cq):
    pq = np.linalg.inv(cq)
    dm = mq - mp
    d = len(mp)
    return 0.5 * (np.trace(pq @ cp) + dm @ pq @ dm - d + math.log(np.linalg.det(cq) / np.linalg.det(cp)))


def mvnormal_record(mp, cp, mq, cq):
    mp, cp, mq, cq = map(np.array, (mp, cp, mq, cq))
    P, Q = stats.multivariate_normal(mp, cp), stats.multivariate_normal(mq, cq)
    rec = {'family': 'mvNormal', 'p': {'mean': mp.tolist(), 'cov': cp.tolist()}, 'q': {'mean': mq.tolist(), 'cov': cq.tolist()}}
    lpi = lambda wP, wQ: gaussian_log_power_integral(mp, cp, mq, cq, wP, wQ)
    alpha = {}
    for a in ALPHAS:
        wP, wQ = (1 - a) / 2, (1 + a) / 2
        j = lpi(wP, wQ)
        alpha[str(a)] = 'inf' if j == math.inf else -4 / (1 - a * a) * math.expm1(j)
    rec['alpha'] = alpha
    rec['renyi'] = {str(o): ('inf' if lpi(o, 1 - o) == math.inf else lpi(o, 1 - o) / (o - 1)) for o in ORDERS}
    j = lpi(0.5, 0.5)
    rec['hellinger'] = math.sqrt(-math.expm1(j))
    rec['bhattacharyya'] = -j
    rec['bhattacharyyaCoefficient'] = math.exp(j)
    rec['jeffreys'] = gaussian_kl(mp, cp, mq, cq) + gaussian_kl(mq, cq, mp, cp)
    # Chernoff: maximise -log int p^l q^(1-l) (smooth and concave in l)
    res = optimize.minimize_scalar(lambda l: lpi(l, 1 - l), bounds=(0, 1), method='bounded', options={'xatol': 1e-12})
    rec['chernoff'] = {'information': -res.fun, 'exponent': res.x}

    # Jensen-Shannon by dblquad over a box holding all but ~e^-200 of both densities.
    half = 20 * math.sqrt(max(np.max(np.diag(cp)), np.max(np.diag(cq))))
    lo = np.minimum(mp, mq) - half
    hi = np.maximum(mp, mq) + half

    def g(y, x):
        z = np.array([x, y])
        lp, lq = P.logpdf(z), Q.logpdf(z)
        lm = np.logaddexp(lp, lq) - math.log(2)
        return 0.5 * math.exp(lm) * phi(math.tanh(0.5 * (lq - lp)))

    v, _ = integrate.dblquad(g, lo[0], hi[0], lo[1], hi[1], epsabs=1e-14, epsrel=1e-10)
    rec['jensenShannon'] = v

    # Cross-check of the Gaussian-integral power integral by dblquad at alpha = 0.5.
    wP, wQ = 0.25, 0.75
    check, _ = integrate.dblquad(lambda y, x: math.exp(wP * P.logpdf([x, y]) + wQ * Q.logpdf([x, y])), lo[0], hi[0], lo[1], hi[1], epsabs=1e-14, epsrel=1e-11)
    assert abs(check - math.exp(lpi(wP, wQ))) < 1e-9, (check, math.exp(lpi(wP, wQ)))
    return rec


def max_rel_diff(a, b):
    """Largest relative difference between the numbers of two records of the same shape."""
    worst = 0.0
    for k, v in a.items():
        if k in ('family', 'p', 'q', 'quadWarnings'):
            continue
        if isinstance(v, dict):
            worst = max(worst, max_rel_diff(v, b[k]))
        elif isinstance(v, float):
            worst = max(worst, abs(v - b[k]) / max(abs(b[k]), 1e-300))
    return worst


def main():
    cases = [
        normal_case([0, 1], [1, 2]),
        normal_case([0.3, 0.7], [-0.2, 0.9]),
        normal_case([1e6, 1], [1e6 + 0.5, 1.1]),
        normal_case([0, 1e-4], [1e-4, 1.2e-4]),
        normal_case([0, 1], [1e-3, 1.0005]),
        normal_case([0, 1], [8, 0.5]),
        bernoulli_case(0.3, 0.6),
        bernoulli_case(1e-10, 0.5),
        bernoulli_case(0.5, 0.5 + 1e-6),
        bernoulli_case(0.999999, 0.001),
        poisson_case(3, 5),
        poisson_case(1e-3, 50),
        poisson_case(1000, 1010),
        poisson_case(2, 2.0001),
        gamma_case([2, 1], [3, 2]),
        gamma_case([0.1, 1], [5, 0.1]),
        gamma_case([50, 50], [55, 50]),
        gamma_case([1, 1], [1.001, 1]),
        beta_case([2, 3], [4, 1.5]),
        beta_case([0.5, 0.5], [5, 2]),
        beta_case([100, 100], [90, 110]),
        exponential_case(1, 3),
        exponential_case(1e-3, 10),
        exponential_case(2, 2.001),
        categorical_case([0.2, 0.3, 0.5], [0.4, 0.4, 0.2]),
        categorical_case([1e-8, 0.5, 0.5 - 1e-8], [1 / 3, 1 / 3, 1 / 3]),
    ]
    records = []
    for c in cases:
        t0 = time.time()
        sp = scalar_record(c)
        t1 = time.time()
        rec = mp_record(c, sp)
        rec['scipy'] = sp
        rec['scipyVsMpmath'] = max_rel_diff(sp, rec)
        records.append(rec)
        print(f'{c.family} {c.pp} {c.qp}: scipy {t1 - t0:.1f} s, mpmath {time.time() - t1:.1f} s, worst scipy/mpmath relative difference {rec["scipyVsMpmath"]:.1e}', flush=True)
    records.append(mvnormal_record([0, 0], [[1, 0.3], [0.3, 2]], [0.5, -1], [[1.5, -0.2], [-0.2, 1]]))
    records.append(mvnormal_record([0, 0], [[1, 0.9], [0.9, 1]], [0.2, 0.1], [[1, 0], [0, 1]]))
    out = {
        'generator': 'src/divergences/__fixtures__/gen_divergences.py',
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'alphas': ALPHAS,
        'orders': ORDERS,
        'cases': records,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'divergences.json')
    with open(path, 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')
    print(f'wrote {len(records)} cases to {path}')


if __name__ == '__main__':
    main()
