#!/usr/bin/env python3
"""Reference Fisher-Rao distances for src/geometry, written to distances.json next to this script.

Independent of the library: no formula of src/geometry is reused.

- Closed forms in their textbook arccos/arccosh shapes, evaluated at 40 digits with mpmath
  (normal and log-normal: sqrt(2) arccosh(1 + ((mu1 - mu2)^2 / 2 + (s1 - s2)^2) / (2 s1 s2));
  Bernoulli, binomial, categorical, multinomial: 2 sqrt(n) arccos(sum sqrt(p_i q_i)); Poisson
  2 |sqrt l1 - sqrt l2|; exponential, Rayleigh, Laplace: c |log(s1 / s2)|; diagonal normal: root
  sum of squares of the normal distances; mvNormal with a shared mean: sqrt((1/2) sum log^2 of the
  eigenvalues of S1^{-1} S2), eigenvalues by mpmath).
- Geometric and negative binomial: the arc length int sqrt(I(p)) dp of the Fisher information
  I(p) = r / (p^2 (1 - p)) by mpmath quadrature (no antiderivative used).
- Everything else (gamma, beta, Dirichlet, von Mises, inverse Gaussian, mvNormal with a shared
  covariance and in general, and a few closed-form pairs as a cross-check): the geodesic equation
  x'' + Gamma(x)(x', x') = 0 solved as a boundary-value problem with scipy.integrate.solve_bvp,
  Gamma^k_ij = (1/2) g^kl (d_i g_jl + d_j g_il - d_l g_ij) from the Fisher metric g written out
  from its textbook form (polygammas, Bessel ratios), its derivatives by fourth-order central
  differences; the distance is the integral of sqrt(g(x'(t), x'(t))) along the solved path
  (scipy.integrate.quad). A path near the geodesic has a length correct to second order in its
  error, so the value is far more accurate than the path. Each such case is solved at two
  tolerances (1e-5 and 1e-6); "bvpRefineDiff" is the relative difference of the two lengths.
  For the closed-form cross-check pairs "closedVsBvp" is the relative difference of both routes.

Run: python3 gen_distances.py (numpy, scipy, mpmath).
"""
import json
import math
import os

import mpmath as mp
import numpy as np
import scipy
from scipy import integrate, special

mp.mp.dps = 40


# ------------------------------------------------------------------ closed forms in mpmath
def mpf(x):
    # The exact binary value of the float64 input (not its decimal repr).
    return x if isinstance(x, mp.mpf) else mp.mpf(float(x))


def normal_cf(a, b):
    m1, s1, m2, s2 = mpf(a['mu']), mpf(a['sigma']), mpf(b['mu']), mpf(b['sigma'])
    return mp.sqrt(2) * mp.acosh(1 + ((m1 - m2) ** 2 / 2 + (s1 - s2) ** 2) / (2 * s1 * s2))


def sphere_cf(p, q, n=1):
    s = mp.fsum(mp.sqrt(mpf(x) * mpf(y)) for x, y in zip(p, q))
    return 2 * mp.sqrt(n) * mp.acos(min(s, mp.mpf(1)))


def closed_form(family, a, b):
    if family in ('normal', 'lognormal'):
        return normal_cf(a, b)
    if family == 'diagNormal':
        return mp.sqrt(mp.fsum(normal_cf({'mu': m1, 'sigma': s1}, {'mu': m2, 'sigma': s2}) ** 2
                               for m1, s1, m2, s2 in zip(a['mean'], a['sigmas'], b['mean'], b['sigmas'])))
    if family == 'bernoulli':
        return sphere_cf([a['p'], 1 - mpf(a['p'])], [b['p'], 1 - mpf(b['p'])])
    if family == 'binomial':
        return sphere_cf([a['p'], 1 - mpf(a['p'])], [b['p'], 1 - mpf(b['p'])], a['n'])
    if family == 'categorical':
        return sphere_cf(a['probs'], b['probs'])
    if family == 'multinomial':
        return sphere_cf(a['probs'], b['probs'], a['n'])
    if family == 'poisson':
        return 2 * abs(mp.sqrt(mpf(a['rate'])) - mp.sqrt(mpf(b['rate'])))
    if family == 'exponential':
        return abs(mp.log(mpf(a['rate']) / mpf(b['rate'])))
    if family == 'rayleigh':
        return 2 * abs(mp.log(mpf(a['sigma']) / mpf(b['sigma'])))
    if family == 'laplace':
        return abs(mp.log(mpf(a['b']) / mpf(b['b'])))
    if family in ('geometric', 'negativeBinomial'):
        r = mpf(a.get('r', 1))
        p1, p2 = sorted([mpf(a['p']), mpf(b['p'])])
        return mp.quad(lambda p: mp.sqrt(r / (p * p * (1 - p))), [p1, p2])
    if family == 'mvNormal':
        s1 = mp.matrix(a['cov'])
        s2 = mp.matrix(b['cov'])
        ev = mp.eig(mp.inverse(s1) * s2, left=False, right=False)
        return mp.sqrt(mp.fsum(mp.log(mp.re(e)) ** 2 for e in ev) / 2)
    raise ValueError(family)


# ------------------------------------------------------------------ Fisher metrics (textbook forms)
def tri(x):
    return special.polygamma(1, x)


def metric_fn(family, extra):
    """g(x) in the chart used for the boundary-value problem, and a pack/unpack of the points."""
    if family in ('normal', 'lognormal'):
        return lambda x: np.diag([1 / x[1] ** 2, 2 / x[1] ** 2]), lambda d: [d['mu'], d['sigma']]
    if family == 'bernoulli':
        return lambda x: np.array([[1 / (x[0] * (1 - x[0]))]]), lambda d: [d['p']]
    if family == 'gamma':  # (shape a, rate b)
        def g(x):
            a, b = x
            return np.array([[tri(a), -1 / b], [-1 / b, a / b ** 2]])
        return g, lambda d: [d['shape'], d['rate']]
    if family == 'beta':
        def g(x):
            a, b = x
            t = tri(a + b)
            return np.array([[tri(a) - t, -t], [-t, tri(b) - t]])
        return g, lambda d: [d['a'], d['b']]
    if family == 'dirichlet':
        def g(x):
            return np.diag(tri(x)) - tri(np.sum(x)) * np.ones((len(x), len(x)))
        return g, lambda d: list(d['alpha'])
    if family == 'inverseGaussian':  # (mu, lambda)
        return lambda x: np.diag([x[1] / x[0] ** 3, 1 / (2 * x[1] ** 2)]), lambda d: [d['mu'], d['lambda']]
    if family == 'vonMises':  # natural coordinates theta = kappa (cos mu, sin mu)
        def g(x):
            k = math.hypot(x[0], x[1])
            u = np.array(x) / k
            A = special.ive(1, k) / special.ive(0, k)
            dA = 1 - A / k - A * A
            return dA * np.outer(u, u) + (A / k) * (np.eye(2) - np.outer(u, u))
        return g, lambda d: [d['kappa'] * math.cos(d['mu']), d['kappa'] * math.sin(d['mu'])]
    if family == 'mvNormal':  # (mean, cov[i][j] for i <= j)
        dd = extra
        pairs = [(i, j) for i in range(dd) for j in range(i, dd)]

        def unit(i, j):
            e = np.zeros((dd, dd))
            e[i, j] = e[j, i] = 1
            return e

        def g(x):
            mean_n = dd
            S = np.zeros((dd, dd))
            for (i, j), v in zip(pairs, x[dd:]):
                S[i, j] = S[j, i] = v
            P = np.linalg.inv(S)
            n = dd + len(pairs)
            out = np.zeros((n, n))
            out[:dd, :dd] = P
            Es = [P @ unit(i, j) for (i, j) in pairs]
            for a_, ea in enumerate(Es):
                for b_, eb in enumerate(Es):
                    out[mean_n + a_, mean_n + b_] = 0.5 * np.trace(ea @ eb)
            return out

        def pack(d):
            return list(d['mean']) + [d['cov'][i][j] for (i, j) in pairs]
        return g, pack
    raise ValueError(family)


def christoffel(g, x, h_rel=1e-4):
    n = len(x)
    gx = g(x)
    dg = np.zeros((n, n, n))  # dg[k] = d_k g
    for k in range(n):
        h = h_rel * max(abs(x[k]), 1e-2)
        e = np.zeros(n)
        e[k] = h
        dg[k] = (-g(x + 2 * e) + 8 * g(x + e) - 8 * g(x - e) + g(x - 2 * e)) / (12 * h)
    # lower[l, i, j] = (d_i g_jl + d_j g_il - d_l g_ij) / 2
    lower = 0.5 * (np.einsum('ijl->lij', dg) + np.einsum('jil->lij', dg) - dg)
    return np.einsum('kl,lij->kij', np.linalg.inv(gx), lower)


def bvp_distance(family, a, b, extra, tol):
    g, pack = metric_fn(family, extra)
    x0 = np.array(pack(a), dtype=float)
    x1 = np.array(pack(b), dtype=float)
    n = len(x0)

    def rhs(t, y):
        out = np.zeros_like(y)
        for c in range(y.shape[1]):
            x = y[:n, c]
            v = y[n:, c]
            G = christoffel(g, x)
            out[:n, c] = v
            out[n:, c] = -np.einsum('kij,i,j->k', G, v, v)
        return out

    def bc(ya, yb):
        return np.concatenate([ya[:n] - x0, yb[:n] - x1])

    t = np.linspace(0, 1, 21)
    y = np.zeros((2 * n, t.size))
    for i in range(n):
        y[i] = x0[i] + t * (x1[i] - x0[i])
        y[n + i] = x1[i] - x0[i]
    sol = integrate.solve_bvp(rhs, bc, t, y, tol=tol, bc_tol=1e-13, max_nodes=100000)
    if not sol.success:
        raise RuntimeError(f'{family}: solve_bvp failed: {sol.message}')

    # Gauss-Legendre (10 points) on every mesh interval: the collocation solution is a cubic
    # spline, smooth between mesh nodes.
    gx, gw = np.polynomial.legendre.leggauss(10)
    total = math.fsum(
        0.5 * (hi - lo) * w * math.sqrt(max(0.0, sol.sol(s, 1)[:n] @ g(sol.sol(s)[:n]) @ sol.sol(s, 1)[:n]))
        for lo, hi in zip(sol.x[:-1], sol.x[1:])
        for s, w in ((0.5 * (lo + hi) + 0.5 * (hi - lo) * xi, wi) for xi, wi in zip(gx, gw))
    )
    return total


# ------------------------------------------------------------------ the cases
CASES = [
    # family, p, q, method ('closed', 'bvp' or 'both'), extra
    ('normal', {'mu': 0, 'sigma': 1}, {'mu': 1, 'sigma': 1}, 'both', None),
    ('normal', {'mu': -2, 'sigma': 0.3}, {'mu': 5, 'sigma': 4}, 'both', None),
    ('normal', {'mu': 1, 'sigma': 2}, {'mu': 1, 'sigma': 2.000001}, 'closed', None),
    ('normal', {'mu': 1e3, 'sigma': 1e-3}, {'mu': 1e3 + 1e-9, 'sigma': 1e-3}, 'closed', None),
    ('lognormal', {'mu': 0.5, 'sigma': 0.2}, {'mu': -1, 'sigma': 1.5}, 'closed', None),
    ('diagNormal', {'mean': [0, 1, -1], 'sigmas': [1, 2, 0.5]}, {'mean': [2, 1, 0], 'sigmas': [0.5, 2, 3]}, 'closed', None),
    ('bernoulli', {'p': 0.1}, {'p': 0.8}, 'both', None),
    ('bernoulli', {'p': 0.3}, {'p': 0.3000001}, 'closed', None),
    ('bernoulli', {'p': 1e-12}, {'p': 0.999999}, 'closed', None),
    ('binomial', {'n': 10, 'p': 0.2}, {'n': 10, 'p': 0.6}, 'closed', None),
    ('categorical', {'probs': [0.2, 0.3, 0.5]}, {'probs': [0.6, 0.1, 0.3]}, 'closed', None),
    ('categorical', {'probs': [0.25, 0.25, 0.25, 0.25]}, {'probs': [0.25000001, 0.24999999, 0.25, 0.25]}, 'closed', None),
    ('multinomial', {'n': 7, 'probs': [0.1, 0.2, 0.7]}, {'n': 7, 'probs': [0.5, 0.25, 0.25]}, 'closed', None),
    ('poisson', {'rate': 2}, {'rate': 9}, 'closed', None),
    ('poisson', {'rate': 1e-3}, {'rate': 1e4}, 'closed', None),
    ('exponential', {'rate': 0.5}, {'rate': 7}, 'closed', None),
    ('geometric', {'p': 0.1}, {'p': 0.9}, 'closed', None),
    ('geometric', {'p': 1e-4}, {'p': 0.5}, 'closed', None),
    ('negativeBinomial', {'r': 2.5, 'p': 0.3}, {'r': 2.5, 'p': 0.75}, 'closed', None),
    ('rayleigh', {'sigma': 0.2}, {'sigma': 3}, 'closed', None),
    ('laplace', {'mu': 1, 'b': 0.5}, {'mu': 1, 'b': 4}, 'closed', None),
    ('inverseGaussian', {'mu': 1, 'lambda': 2}, {'mu': 3, 'lambda': 0.5}, 'bvp', None),
    ('inverseGaussian', {'mu': 0.2, 'lambda': 5}, {'mu': 0.5, 'lambda': 5}, 'bvp', None),
    ('gamma', {'shape': 2, 'rate': 3}, {'shape': 5, 'rate': 0.5}, 'bvp', None),
    ('gamma', {'shape': 0.5, 'rate': 1}, {'shape': 0.7, 'rate': 1.2}, 'bvp', None),
    ('gamma', {'shape': 20, 'rate': 2}, {'shape': 3, 'rate': 0.1}, 'bvp', None),
    ('beta', {'a': 2, 'b': 3}, {'a': 0.5, 'b': 4}, 'bvp', None),
    ('beta', {'a': 1, 'b': 1}, {'a': 10, 'b': 20}, 'bvp', None),
    ('dirichlet', {'alpha': [1, 2, 3]}, {'alpha': [4, 0.5, 2]}, 'bvp', None),
    ('vonMises', {'mu': 0, 'kappa': 1}, {'mu': 2, 'kappa': 3}, 'bvp', None),
    ('vonMises', {'mu': 3, 'kappa': 0.5}, {'mu': -3, 'kappa': 2}, 'bvp', None),
    ('mvNormal', {'mean': [1, 2], 'cov': [[1, 0.3], [0.3, 2]]}, {'mean': [1, 2], 'cov': [[3, -0.5], [-0.5, 0.7]]}, 'both', 2),
    ('mvNormal', {'mean': [1, 2], 'cov': [[1, 0.3], [0.3, 2]]}, {'mean': [-1, 3], 'cov': [[1, 0.3], [0.3, 2]]}, 'bvp', 2),
    ('mvNormal', {'mean': [1, 2], 'cov': [[1, 0.3], [0.3, 2]]}, {'mean': [-1, 3], 'cov': [[3, -0.5], [-0.5, 0.7]]}, 'bvp', 2),
    ('mvNormal', {'mean': [0, 0], 'cov': [[1, 0], [0, 1]]}, {'mean': [0.5, -0.5], 'cov': [[2, 0.5], [0.5, 1]]}, 'bvp', 2),
]


def main():
    out = []
    for family, a, b, method, extra in CASES:
        rec = {'family': family, 'p': a, 'q': b}
        if method in ('closed', 'both'):
            rec['closed'] = float(closed_form(family, a, b))
            rec['distance'] = rec['closed']
        if method in ('bvp', 'both'):
            coarse = bvp_distance(family, a, b, extra, 1e-5)
            fine = bvp_distance(family, a, b, extra, 1e-6)
            rec['bvp'] = fine
            rec['bvpRefineDiff'] = abs(fine - coarse) / fine
            if 'closed' in rec:
                rec['closedVsBvp'] = abs(fine - rec['closed']) / rec['closed']
            else:
                rec['distance'] = fine
        out.append(rec)
        print(family, rec)
    meta = {
        'generator': 'gen_distances.py',
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'mpmath': mp.__version__,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'distances.json')
    with open(path, 'w') as f:
        json.dump({'meta': meta, 'cases': out}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
