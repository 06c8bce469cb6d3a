"""References for equilibrium continuation (src/continuation): special points of the bundled
FitzHugh-Nagumo, Morris-Lecar (both Rinzel-Ermentrout sets) and Hodgkin-Huxley models.

AUTO-07p was not driven for these (no time in the session that wrote this); every number here
comes from a reduction that needs no continuation at all:

* Equilibria of these models are a one-dimensional family parameterised by v: the gating
  variables sit at steady state, and I = I_ss(v) is explicit.  So
  - fold (LP): I_ss'(v) = 0 (brentq on the analytic derivative),
  - Hopf (H):  the trace (planar) or the largest real part of a complex eigenvalue pair (HH) of
    the Jacobian along (v, I_ss(v)) is zero (brentq), with a complex pair there,
  - cusp (CP) in (I, gCa): I_ss' = I_ss'' = 0 (fsolve in (v, gCa)),
  - Bogdanov-Takens (BT) in (I, gCa): I_ss' = 0 and trace = 0 (fsolve in (v, gCa)).
  Morris-Lecar derivatives are analytic (tanh/cosh written out below); Hodgkin-Huxley's 4x4
  Jacobian is analytic too (rates differentiated by hand below) and its eigenvalues come from
  numpy.linalg.eigvals.
* First Lyapunov coefficient of FHN at both Hopf points by the Guckenheimer-Holmes planar formula
  (Nonlinear Oscillations..., eq. 3.4.11) in the Jordan basis built from the unit-norm eigenvector
  q = qr + i qi (columns qr, -qi): a_GH; then l1 = 4 a_GH / omega, the same quantity as Kuznetsov's
  n-dimensional formula with <q, q> = 1 (MatCont's normalisation).  Independent of the TS code: a
  different formula, analytic derivatives.

Reproduce: /usr/bin/python3 test/references/continuation_eq.py > test/references/continuation_eq.json
"""
import json
import numpy as np
from scipy.optimize import brentq, fsolve

out = {}

# ---------------- FitzHugh-Nagumo: v' = v - v^3/3 - w + I, w' = (v + a - b w)/tau
a, b, tau = 0.7, 0.8, 12.5
fhn = []
for s in (-1, 1):
    v = s * np.sqrt(1 - b / tau)
    w = (v + a) / b
    I = w - v + v ** 3 / 3
    A = np.array([[1 - v * v, -1.0], [1 / tau, -b / tau]])
    lam, vec = np.linalg.eig(A)
    k = int(np.argmax(lam.imag))
    omega = lam[k].imag
    q = vec[:, k] / np.linalg.norm(vec[:, k])
    P = np.column_stack([q.real, -q.imag])
    Pi = np.linalg.inv(P)
    # second/third derivatives of f1 = v - v^3/3 - w + I (f2 is linear): d2 = -2v, d3 = -2 in v only
    def F2(i, j, k_):  # d^2 F_i / dz_j dz_k in the Jordan coordinates
        return Pi[i, 0] * (-2 * v) * P[0, j] * P[0, k_]
    def F3(i, j, k_, l):
        return Pi[i, 0] * (-2.0) * P[0, j] * P[0, k_] * P[0, l]
    fxx, fxy, fyy = F2(0, 0, 0), F2(0, 0, 1), F2(0, 1, 1)
    gxx, gxy, gyy = F2(1, 0, 0), F2(1, 0, 1), F2(1, 1, 1)
    fxxx, fxyy, gxxy, gyyy = F3(0, 0, 0, 0), F3(0, 0, 1, 1), F3(1, 0, 0, 1), F3(1, 1, 1, 1)
    aGH = (fxxx + fxyy + gxxy + gyyy) / 16 + (fxy * (fxx + fyy) - gxy * (gxx + gyy) - fxx * gxx + fyy * gyy) / (16 * omega)
    fhn.append({"I": I, "v": v, "w": w, "omega": omega, "l1": 4 * aGH / omega})
out["fhn_hopf"] = fhn

# ---------------- Morris-Lecar
def ml_params(**kw):
    p = dict(C=20, gL=2, VL=-60, gCa=4.4, VCa=120, gK=8, VK=-84, V1=-1.2, V2=18, V3=2, V4=30, phi=0.04)
    p.update(kw)
    return p

HOPF_SET = ml_params()
SNIC_SET = ml_params(gCa=4.0, V3=12.0, V4=17.4, phi=1 / 15)

def ml_parts(v, p):
    x1 = (v - p["V1"]) / p["V2"]
    x3 = (v - p["V3"]) / p["V4"]
    m = 0.5 * (1 + np.tanh(x1)); m1 = 0.5 / np.cosh(x1) ** 2 / p["V2"]; m2 = -np.tanh(x1) / np.cosh(x1) ** 2 / p["V2"] ** 2
    w = 0.5 * (1 + np.tanh(x3)); w1 = 0.5 / np.cosh(x3) ** 2 / p["V4"]; w2 = -np.tanh(x3) / np.cosh(x3) ** 2 / p["V4"] ** 2
    return m, m1, m2, w, w1, w2

def I_ss(v, p, d=0):
    m, m1, m2, w, w1, w2 = ml_parts(v, p)
    if d == 0:
        return p["gL"] * (v - p["VL"]) + p["gCa"] * m * (v - p["VCa"]) + p["gK"] * w * (v - p["VK"])
    if d == 1:
        return p["gL"] + p["gCa"] * (m1 * (v - p["VCa"]) + m) + p["gK"] * (w1 * (v - p["VK"]) + w)
    return p["gCa"] * (m2 * (v - p["VCa"]) + 2 * m1) + p["gK"] * (w2 * (v - p["VK"]) + 2 * w1)

def ml_jac(v, p):
    m, m1, m2, w, w1, w2 = ml_parts(v, p)
    x3 = (v - p["V3"]) / (2 * p["V4"])
    inv_tau = np.cosh(x3)  # 1/tau_w
    fv = -(p["gL"] + p["gCa"] * (m1 * (v - p["VCa"]) + m) + p["gK"] * w * 1) / p["C"]
    fw = -p["gK"] * (v - p["VK"]) / p["C"]
    gv = p["phi"] * w1 * inv_tau   # (w_inf - w) = 0 at equilibrium, so d(1/tau)/dv drops out
    gw = -p["phi"] * inv_tau
    return np.array([[fv, fw], [gv, gw]])

def ml_trace(v, p):
    return np.trace(ml_jac(v, p))

def roots(fun, lo, hi, n=4000):
    xs = np.linspace(lo, hi, n); ys = [fun(x) for x in xs]
    return [brentq(fun, xs[i], xs[i + 1], xtol=1e-15, rtol=1e-15, maxiter=200) for i in range(n - 1) if ys[i] * ys[i + 1] < 0]

def ml_points(p, Ilo, Ihi):
    res = {"LP": [], "H": []}
    for v in roots(lambda v: I_ss(v, p, 1), -80, 60):
        res["LP"].append({"I": I_ss(v, p), "v": v})
    for v in roots(lambda v: ml_trace(v, p), -80, 60):
        if np.linalg.det(ml_jac(v, p)) > 0:
            lam = np.linalg.eigvals(ml_jac(v, p))
            res["H"].append({"I": I_ss(v, p), "v": v, "omega": abs(lam[0].imag)})
    for k in res:
        res[k] = [x for x in res[k] if Ilo <= x["I"] <= Ihi]
    return res

out["ml_hopf_set"] = ml_points(HOPF_SET, 0, 300)
out["ml_snic_set"] = ml_points(SNIC_SET, 0, 300)

# cusp and BT in (I, gCa) from the SNIC set
def cusp_eq(z):
    v, g = z
    p = dict(SNIC_SET, gCa=g)
    return [I_ss(v, p, 1), I_ss(v, p, 2)]
def bt_eq(z):
    v, g = z
    p = dict(SNIC_SET, gCa=g)
    return [I_ss(v, p, 1), ml_trace(v, p)]
cusps, bts = [], []
for v0 in np.linspace(-60, 40, 41):
    for g0 in (2.0, 3.0, 4.0, 5.0, 6.0):
        for eqs, store in ((cusp_eq, cusps), (bt_eq, bts)):
            z, info, ier, _ = fsolve(eqs, [v0, g0], full_output=True, xtol=1e-14)
            if ier == 1 and 0 < z[1] < 10 and max(abs(np.array(eqs(z)))) < 1e-10 and not any(abs(z[0] - s["v"]) < 1e-6 for s in store):
                p = dict(SNIC_SET, gCa=z[1])
                store.append({"v": z[0], "gCa": z[1], "I": I_ss(z[0], p)})
out["ml_snic_gCa"] = {"CP": cusps, "BT": bts}

# ---------------- Hodgkin-Huxley (bundled): I_ss(v) and the analytic Jacobian
C, gNa, gK_, gL, ENa, EK, EL = 1.0, 120.0, 36.0, 0.3, 50.0, -77.0, -54.387
def rates(v):
    x = -(v + 40) / 10; am = x / np.expm1(x); dam = (np.expm1(x) - x * np.exp(x)) / np.expm1(x) ** 2 * (-0.1)
    bm = 4 * np.exp(-(v + 65) / 18); dbm = -bm / 18
    ah = 0.07 * np.exp(-(v + 65) / 20); dah = -ah / 20
    bh = 1 / (1 + np.exp(-(v + 35) / 10)); dbh = bh * (1 - bh) / 10
    y = -(v + 55) / 10; an = 0.1 * y / np.expm1(y); dan = 0.1 * (np.expm1(y) - y * np.exp(y)) / np.expm1(y) ** 2 * (-0.1)
    bn = 0.125 * np.exp(-(v + 65) / 80); dbn = -bn / 80
    return (am, bm, dam, dbm), (ah, bh, dah, dbh), (an, bn, dan, dbn)
def hh_state(v):
    (am, bm, *_), (ah, bh, *_), (an, bn, *_) = rates(v)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)
def hh_I(v):
    m, h, n = hh_state(v)
    return gNa * m ** 3 * h * (v - ENa) + gK_ * n ** 4 * (v - EK) + gL * (v - EL)
def hh_jac(v):
    m, h, n = hh_state(v)
    R = rates(v)
    J = np.zeros((4, 4))
    J[0] = [-(gNa * m ** 3 * h + gK_ * n ** 4 + gL) / C, -3 * gNa * m ** 2 * h * (v - ENa) / C, -gNa * m ** 3 * (v - ENa) / C, -4 * gK_ * n ** 3 * (v - EK) / C]
    for i, (x, (al, be, dal, dbe)) in enumerate(zip((m, h, n), R)):
        J[i + 1, 0] = dal * (1 - x) - dbe * x
        J[i + 1, i + 1] = -(al + be)
    return J
def hh_crit(v):
    lam = np.linalg.eigvals(hh_jac(v))
    c = lam[np.abs(lam.imag) > 1e-9]
    return max(c.real) if len(c) else np.nan
hh = []
vs = np.linspace(-70.000371, -20.000113, 4001)  # grid off the removable singularities at -40, -55
vals = [hh_crit(v) for v in vs]
for i in range(len(vs) - 1):
    if np.isfinite(vals[i]) and np.isfinite(vals[i + 1]) and vals[i] * vals[i + 1] < 0:
        v = brentq(hh_crit, vs[i], vs[i + 1], xtol=1e-14, rtol=1e-15)
        lam = np.linalg.eigvals(hh_jac(v))
        hh.append({"I": hh_I(v), "v": v, "omega": float(max(lam.imag))})
out["hh_hopf"] = hh

def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return float(x)
print(json.dumps(clean(out), indent=1))
