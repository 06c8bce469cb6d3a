"""Hodgkin-Huxley resting state at I = 0 and its eigenvalues (4x4, complex pair).

Model as in models/hodgkin-huxley.yaml (Dayan & Abbott parameters, rest near -65 mV); the rate
functions are written in their classic form (the rest state is far from their removable
singularities at -40 and -55 mV).  Rest: scipy.optimize.fsolve on the 4 right-hand sides
(xtol 1e-14) from (-65, 0.05, 0.6, 0.32).  Jacobian: sympy differentiation of the right-hand
sides, evaluated at the rest state.  Eigenvalues and eigenvectors: numpy.linalg.eig; vectors
normalised to unit 2-norm with the largest component real and positive.
Reproduce: /usr/bin/python3 test/references/hh_rest.py > test/references/hh_rest.json
"""
import json
import numpy as np
import sympy as sp
from scipy.optimize import fsolve

v, m, h, n = sp.symbols("v m h n")
C, gNa, gK, gL, ENa, EK, EL, I = 1, 120, 36, sp.Rational(3, 10), 50, -77, sp.Rational(-54387, 1000), 0
am = sp.Rational(1, 10) * (v + 40) / (1 - sp.exp(-(v + 40) / 10))
bm = 4 * sp.exp(-(v + 65) / 18)
ah = sp.Rational(7, 100) * sp.exp(-(v + 65) / 20)
bh = 1 / (1 + sp.exp(-(v + 35) / 10))
an = sp.Rational(1, 100) * (v + 55) / (1 - sp.exp(-(v + 55) / 10))
bn = sp.Rational(1, 8) * sp.exp(-(v + 65) / 80)
f = sp.Matrix([(I - gNa * m**3 * h * (v - ENa) - gK * n**4 * (v - EK) - gL * (v - EL)) / C,
               am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n])
X = sp.Matrix([v, m, h, n])
F = sp.lambdify([X], f, "numpy")
Jf = sp.lambdify([X], f.jacobian(X), "numpy")
x = fsolve(lambda z: np.array(F(z), dtype=float).ravel(), [-65, 0.05, 0.6, 0.32], xtol=1e-14)
J = np.array(Jf(x), dtype=float)
w, V = np.linalg.eig(J)
order = sorted(range(4), key=lambda i: (w[i].real, w[i].imag))


def unit(z):
    z = z / np.linalg.norm(z)
    k = int(np.argmax(np.abs(z)))
    z = z * np.conj(z[k]) / abs(z[k])
    return {"re": z.real.tolist(), "im": z.imag.tolist()}


print(json.dumps({"I": 0, "state": dict(zip("vmhn", map(float, x))),
                  "residual": float(np.max(np.abs(np.array(F(x), dtype=float)))),
                  "jacobian": J.tolist(),
                  "eigenvalues": [{"re": float(w[i].real), "im": float(w[i].imag)} for i in order],
                  "eigenvectors": [unit(V[:, i]) for i in order]}, indent=1))
