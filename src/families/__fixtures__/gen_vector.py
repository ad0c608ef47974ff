#!/usr/bin/env python3
"""Reference values for the vector families mvNormal, diagNormal and dirichlet.

Writes vector.json beside this script. Run: python3 src/families/__fixtures__/gen_vector.py

Every stored number is evaluated with mpmath at 50 significant digits (400 for the Dirichlet) AT THE FLOAT64 INPUTS
(mpf(x) is exact for a double), then rounded once to float64: log-densities, means, variances,
entropies and KL(p || q). KL uses the textbook closed forms (Gaussian trace/log-det formula;
the Dirichlet lgamma/digamma formula), which share nothing with the library's Bregman or
Cholesky code. Independent cross-checks, asserted here and not stored:
  - scipy.stats (multivariate_normal, norm, dirichlet): logpdf, entropy, mean and variance agree
    with the mpmath values to scipy's own accuracy on the ordinary cases;
  - KL by quadrature of p log(p / q) (scipy.integrate) agrees with the closed forms for a 1-D and
    a 2-D Gaussian pair, a diagonal pair and a k = 2 Dirichlet (a Beta pair).
"""
import json
import os

import mpmath as mp
import numpy as np
from scipy import integrate, stats

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))


def f(x):
    return float(x)


# ---------------------------------------------------------------- multivariate normal
def mvn_entropy(cov):
    d = cov.rows
    return mp.mpf(d) / 2 * (1 + mp.log(2 * mp.pi)) + mp.log(mp.det(cov)) / 2


def mvn_logpdf(mean, cov, x):
    d = cov.rows
    r = x - mean
    return -(mp.mpf(d) / 2) * mp.log(2 * mp.pi) - mp.log(mp.det(cov)) / 2 - (r.T * mp.inverse(cov) * r)[0] / 2


def mvn_kl(m1, s1, m2, s2):
    d = s1.rows
    p2 = mp.inverse(s2)
    dm = m2 - m1
    tr = sum((p2 * s1)[i, i] for i in range(d))
    return (tr + (dm.T * p2 * dm)[0] - d + mp.log(mp.det(s2)) - mp.log(mp.det(s1))) / 2


def mpmat(rows):
    return mp.matrix([[mp.mpf(v) for v in r] for r in rows])


def mpvec(v):
    return mp.matrix([mp.mpf(x) for x in v])


rs = np.random.RandomState(20240607)


def random_spd(d, scale=1.0):
    a = rs.uniform(-1, 1, size=(d, d))
    s = a @ a.T / d + 0.5 * np.eye(d)
    s = (s + s.T) / 2 * scale
    return s.tolist()


MVN = {
    'ordinary2': ([1.0, 2.0], [[2.0, 0.5], [0.5, 1.0]]),
    'ordinary3': ([0.0, -1.0, 0.5], [[1.0, 0.3, 0.1], [0.3, 2.0, -0.4], [0.1, -0.4, 0.5]]),
    'correlated': ([0.0, 0.0], [[1.0, 0.999], [0.999, 1.0]]),
    'tiny': ([1e3, -1e3], [[2e-6, 5e-7], [5e-7, 1e-6]]),
    'huge': ([1e4, 0.0], [[2e8, 5e7], [5e7, 1e8]]),
    'd1': ([0.3], [[4.0]]),
    'random10': (rs.uniform(-2, 2, size=10).tolist(), random_spd(10)),
}
MVN_PAIRS = [
    ('ordinary2', ([0.0, 1.0], [[1.0, 0.2], [0.2, 3.0]])),
    ('ordinary3', ([0.1, -1.2, 0.4], [[1.5, 0.2, 0.0], [0.2, 1.0, 0.1], [0.0, 0.1, 0.7]])),
    ('correlated', ([0.01, 0.0], [[1.0, 0.99], [0.99, 1.0]])),
    ('tiny', ([1e3 + 1e-3, -1e3], [[2e-6, 4e-7], [4e-7, 1.5e-6]])),
    ('huge', ([0.0, 1e4], [[1e8, 0.0], [0.0, 1e8]])),
    # nearby pairs: KL of order 1e-13..1e-15, where the Bregman form loses everything
    ('ordinary2', ([1.0 + 1e-7, 2.0], [[2.0, 0.5], [0.5, 1.0]])),
    ('ordinary2', ([1.0, 2.0], [[2.0 * (1 + 1e-7), 0.5], [0.5, 1.0]])),
    ('random10', (None, None)),  # filled below: a 1e-6 relative perturbation
]


def mvn_points(mean, cov):
    m = np.array(mean)
    sd = np.sqrt(np.diag(np.array(cov)))
    return [m.tolist(), (m + sd).tolist(), (m - 3 * sd * np.linspace(1, -1, len(m))).tolist()]


mvn_out = []
for name, (mean, cov) in MVN.items():
    M, S = mpvec(mean), mpmat(cov)
    pts = mvn_points(mean, cov)
    rec = {
        'name': name,
        'mean': mean,
        'cov': cov,
        'points': pts,
        'logpdf': [f(mvn_logpdf(M, S, mpvec(x))) for x in pts],
        'entropy': f(mvn_entropy(S)),
    }
    if name not in ('tiny', 'correlated'):
        sp = stats.multivariate_normal(mean, cov)
        assert abs(sp.entropy() - rec['entropy']) <= 1e-12 * max(1, abs(rec['entropy'])), name
        for x, lp in zip(pts, rec['logpdf']):
            assert abs(sp.logpdf(x) - lp) <= 1e-10 * max(1, abs(lp)), (name, x)
    mvn_out.append(rec)

m10, s10 = MVN['random10']
pert = np.array(s10) * (1 + 1e-6 * rs.uniform(-1, 1, size=(10, 10)))
pert = ((pert + pert.T) / 2).tolist()
MVN_PAIRS[-1] = ('random10', ((np.array(m10) + 1e-6).tolist(), pert))

mvn_kl_out = []
for pname, (qm, qc) in MVN_PAIRS:
    pm, pc = MVN[pname]
    val = mvn_kl(mpvec(pm), mpmat(pc), mpvec(qm), mpmat(qc))
    mvn_kl_out.append({'p': {'mean': pm, 'cov': pc}, 'q': {'mean': qm, 'cov': qc}, 'kl': f(val)})


def kl_quad_1d(lp, lq, lo, hi):
    return integrate.quad(lambda x: np.exp(lp(x)) * (lp(x) - lq(x)), lo, hi, epsabs=0, epsrel=1e-12, limit=500)[0]


# 1-D Gaussian pair by quadrature
p1 = stats.norm(0.3, 2.0)
q1 = stats.norm(-1.0, 1.5)
kq = kl_quad_1d(p1.logpdf, q1.logpdf, -60, 60)
kc = f(mvn_kl(mpvec([0.3]), mpmat([[4.0]]), mpvec([-1.0]), mpmat([[2.25]])))
assert abs(kq - kc) <= 1e-10 * kc, (kq, kc)
# 2-D Gaussian pair by 2-D quadrature
pm, pc = MVN['ordinary2']
qm, qc = MVN_PAIRS[0][1]
P2, Q2 = stats.multivariate_normal(pm, pc), stats.multivariate_normal(qm, qc)
kq2 = integrate.dblquad(lambda y, x: np.exp(P2.logpdf([x, y])) * (P2.logpdf([x, y]) - Q2.logpdf([x, y])), -12, 14, -10, 14, epsabs=1e-13, epsrel=1e-11)[0]
assert abs(kq2 - mvn_kl_out[0]['kl']) <= 1e-8 * mvn_kl_out[0]['kl'], (kq2, mvn_kl_out[0]['kl'])

# ---------------------------------------------------------------- diagonal normal
DIAG = {
    'ordinary': ([0.0, 1.0], [1.0, 2.0]),
    'mixed': ([1e3, -5.0, 0.1], [1e-3, 10.0, 1e5]),
    'five': ([0.5, -0.5, 2.0, 0.0, 3.0], [0.5, 1.5, 0.1, 4.0, 1.0]),
}
DIAG_PAIRS = [
    ('ordinary', ([1.0, 0.0], [2.0, 1.0])),
    ('mixed', ([1e3 + 1e-3, -4.0, 0.0], [2e-3, 10.0, 2e5])),
    ('ordinary', ([1e-7, 1.0], [1.0, 2.0 * (1 + 1e-7)])),  # nearby
]


def diag_logpdf(mean, sig, x):
    return sum(-mp.log(2 * mp.pi) / 2 - mp.log(mp.mpf(s)) - (mp.mpf(xi) - mp.mpf(m)) ** 2 / (2 * mp.mpf(s) ** 2) for m, s, xi in zip(mean, sig, x))


def diag_kl(m1, s1, m2, s2):
    return sum(mp.log(mp.mpf(b) / mp.mpf(a)) + (mp.mpf(a) ** 2 + (mp.mpf(x) - mp.mpf(y)) ** 2) / (2 * mp.mpf(b) ** 2) - mp.mpf(1) / 2 for x, a, y, b in zip(m1, s1, m2, s2))


diag_out = []
for name, (mean, sig) in DIAG.items():
    pts = [mean, [m + s for m, s in zip(mean, sig)], [m - 2.5 * s for m, s in zip(mean, sig)]]
    ent = sum(mp.log(2 * mp.pi * mp.e * mp.mpf(s) ** 2) / 2 for s in sig)
    rec = {'name': name, 'mean': mean, 'sigmas': sig, 'points': pts, 'logpdf': [f(diag_logpdf(mean, sig, x)) for x in pts], 'entropy': f(ent)}
    sp_ent = sum(stats.norm(m, s).entropy() for m, s in zip(mean, sig))
    assert abs(sp_ent - rec['entropy']) <= 1e-12 * max(1, abs(rec['entropy']))
    for x, lp in zip(pts, rec['logpdf']):
        assert abs(sum(stats.norm(m, s).logpdf(xi) for m, s, xi in zip(mean, sig, x)) - lp) <= 1e-12 * max(1, abs(lp))
    diag_out.append(rec)
diag_kl_out = []
for pname, (qm, qs) in DIAG_PAIRS:
    pm, ps = DIAG[pname]
    diag_kl_out.append({'p': {'mean': pm, 'sigmas': ps}, 'q': {'mean': qm, 'sigmas': qs}, 'kl': f(diag_kl(pm, ps, qm, qs))})
# quadrature cross-check of the first diagonal pair (a sum of 1-D KLs)
kq = sum(kl_quad_1d(stats.norm(m, s).logpdf, stats.norm(m2, s2).logpdf, -60, 60) for m, s, m2, s2 in zip(*DIAG['ordinary'], *DIAG_PAIRS[0][1]))
assert abs(kq - diag_kl_out[0]['kl']) <= 1e-10 * diag_kl_out[0]['kl']

# ---------------------------------------------------------------- Dirichlet
def dir_parts(a):
    # callers raise the precision: terms of size alpha log alpha (up to 1e152) cancel
    a = [mp.mpf(x) for x in a]
    a0 = sum(a)
    F = sum(mp.loggamma(x) for x in a) - mp.loggamma(a0)
    eta = [mp.digamma(x) - mp.digamma(a0) for x in a]
    return a, a0, F, eta


def dir_entropy(alpha):
    a, a0, F, eta = dir_parts(alpha)
    return F - sum((x - 1) * e for x, e in zip(a, eta))


def dir_logpdf(alpha, x):
    a, a0, F, _ = dir_parts(alpha)
    return sum((ai - 1) * mp.log(mp.mpf(xi)) for ai, xi in zip(a, x)) - F


def dir_kl(alpha, beta):
    a, a0, Fa, eta = dir_parts(alpha)
    b, b0, Fb, _ = dir_parts(beta)
    return Fb - Fa - sum((bi - ai) * e for ai, bi, e in zip(a, b, eta))


DIR = {
    'ordinary': [1.0, 2.0, 3.0],
    'half': [0.5, 0.5],
    'small': [1e-3, 1e-3, 1e-3],
    'large': [1e6, 2e6],
    'mixed': [1e6, 1e-3],
    'spread': [0.1, 1.0, 10.0, 100.0, 1000.0],
    'tiny': [1e-300, 1.0],
    'k20': rs.uniform(0.2, 5.0, size=20).tolist(),
}


def simplex_points(k, alpha):
    a = np.array(alpha, dtype=float)
    pts = [(a / a.sum()).tolist(), [1.0 / k] * k]  # the mean first: log p is small there for large alpha
    w = np.arange(1, k + 1, dtype=float)
    pts.append((w / w.sum()).tolist())
    w = np.exp(-np.arange(k, dtype=float))
    pts.append((w / w.sum()).tolist())
    return pts


dir_out = []
for name, alpha in DIR.items():
    k = len(alpha)
    pts = simplex_points(k, alpha)
    a0 = mp.fsum([mp.mpf(x) for x in alpha])
    mean = [f(mp.mpf(x) / a0) for x in alpha]
    # a0 - alpha_i as the sum of the others (it cancels for alpha = (1e-300, 1))
    var = [f(mp.mpf(x) * mp.fsum([mp.mpf(y) for j, y in enumerate(alpha) if j != i]) / (a0 ** 2 * (a0 + 1))) for i, x in enumerate(alpha)]
    with mp.workdps(400):
        rec = {'name': name, 'alpha': alpha, 'points': pts, 'logpdf': [f(dir_logpdf(alpha, x)) for x in pts], 'mean': mean, 'variance': var, 'entropy': f(dir_entropy(alpha))}
        a_mp, a0_mp, _, eta_mp = dir_parts(alpha)
        rec['eta'] = [f(e) for e in eta_mp]
        # Fisher in theta = alpha: diag(psi'(alpha_i) - psi'(alpha_0)) on the diagonal, -psi'(alpha_0) off it
        # (null where it exceeds float64: psi'(1e-300) = 1e600)
        rec['fisherDiag'] = [f(v) if mp.isfinite(v) and abs(v) < 1e308 else None for v in (mp.psi(1, x) - mp.psi(1, a0_mp) for x in a_mp)]
        rec['fisherOff'] = f(-mp.psi(1, a0_mp))
    if name in ('ordinary', 'half', 'spread', 'k20'):
        sp = stats.dirichlet(alpha)
        assert abs(sp.entropy() - rec['entropy']) <= 1e-12 * max(1, abs(rec['entropy'])), name
        assert np.allclose(sp.mean(), mean, rtol=1e-14, atol=0)
        assert np.allclose(sp.var(), var, rtol=1e-12, atol=0)
        for x, lp in zip(pts, rec['logpdf']):
            assert abs(sp.logpdf(x) - lp) <= 1e-11 * max(1, abs(lp)), (name, x)
    dir_out.append(rec)

DIR_PAIRS = [
    ([1.0, 2.0, 3.0], [1.5, 2.0, 2.5]),
    ([2.0, 3.0, 4.0], [2.0 * (1 + 1e-7), 3.0 * (1 + 1e-7), 4.0 * (1 + 1e-7)]),  # scaling direction
    ([1e6, 1e6], [1e6 * (1 + 1e-6), 1e6 * (1 + 1e-6)]),
    ([1e6, 2e6], [1e6 + 1, 2e6 - 1]),
    ([1e-3, 1e-3, 5.0], [1.0000001e-3, 1e-3, 5.0]),
    ([1e6, 1e-3], [1e6, 2e-3]),
    ([0.1, 0.2], [30.0, 40.0]),
    ([30.0, 40.0], [0.1, 0.2]),
    ([1e-150, 1e-150], [1e150, 1e150]),
    ([1e150, 2e150, 1.0], [1e-150, 1.0, 1.0]),
    ([0.5, 0.5], [0.7, 0.4]),
]
with mp.workdps(400):
    dir_kl_out = [{'p': a, 'q': b, 'kl': f(dir_kl(a, b))} for a, b in DIR_PAIRS]
assert all(r['kl'] > 0 for r in dir_kl_out)
# k = 2: Dir(a, b) is Beta(a, b) on x_1; KL by quadrature of the Beta densities
pa, qa = DIR_PAIRS[-1]
bp, bq = stats.beta(*pa), stats.beta(*qa)
# x = sin^2 t removes the x^(-1/2) endpoint singularities of Beta(1/2, 1/2)
def beta_integrand(t):
    x = np.sin(t) ** 2
    return bp.pdf(x) * (bp.logpdf(x) - bq.logpdf(x)) * 2 * np.sin(t) * np.cos(t)


kq = integrate.quad(beta_integrand, 0, np.pi / 2, epsabs=1e-13, epsrel=1e-10, limit=500)[0]
assert abs(kq - dir_kl_out[-1]['kl']) <= 1e-8 * dir_kl_out[-1]['kl'], (kq, dir_kl_out[-1]['kl'])

out = {
    'generator': 'gen_vector.py (mpmath 50 digits at the float64 inputs; scipy and quadrature cross-checks asserted)',
    'mvNormal': {'cases': mvn_out, 'kl': mvn_kl_out},
    'diagNormal': {'cases': diag_out, 'kl': diag_kl_out},
    'dirichlet': {'cases': dir_out, 'kl': dir_kl_out},
}
with open(os.path.join(HERE, 'vector.json'), 'w') as fh:
    json.dump(out, fh, indent=1, allow_nan=False)
print('wrote', os.path.join(HERE, 'vector.json'))
