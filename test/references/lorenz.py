"""Lorenz equilibria (s = 10, r = 28, b = 8/3) and their eigenvalues; a linear ring's equilibrium.

x' = s(y - x), y' = x(r - z) - y, z' = xy - bz.  Equilibria in closed form: the origin and
C+- = (+-sqrt(b(r-1)), +-sqrt(b(r-1)), r-1).  Eigenvalues: at the origin -b and
(-(s+1) +- sqrt((s+1)^2 + 4s(r-1)))/2 (closed form); at C+- the roots of the characteristic
polynomial l^3 + (s+b+1) l^2 + b(s+r) l + 2bs(r-1) (numpy.roots, Newton-polished in mpmath to
40 digits).  Regenerate: /usr/bin/python3 test/references/lorenz.py (writes lorenz.json).
"""
import json
import os
import numpy as np
import mpmath as mp

mp.mp.dps = 40
s, r, b = mp.mpf(10), mp.mpf(28), mp.mpf(8) / 3
q = mp.sqrt(b * (r - 1))
origin_eigs = [-b, (-(s + 1) + mp.sqrt((s + 1) ** 2 + 4 * s * (r - 1))) / 2, (-(s + 1) - mp.sqrt((s + 1) ** 2 + 4 * s * (r - 1))) / 2]
coeffs = [1, s + b + 1, b * (s + r), 2 * b * s * (r - 1)]
roots = [mp.findroot(lambda l: mp.polyval(coeffs, l), mp.mpc(complex(z))) for z in np.roots([float(c) for c in coeffs])]
out = {
    "params": {"s": 10, "r": 28, "b": 8 / 3},
    "points": [
        {"x": float(-q), "y": float(-q), "z": float(r - 1)},
        {"x": 0.0, "y": 0.0, "z": 0.0},
        {"x": float(q), "y": float(q), "z": float(r - 1)},
    ],
    "origin_eigenvalues": sorted(float(e) for e in origin_eigs),
    "c_eigenvalues": sorted(([float(mp.re(z)), float(mp.im(z))] for z in roots), key=lambda z: (z[0], z[1])),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "lorenz.json"), "w") as f:
    json.dump(out, f, indent=1)
