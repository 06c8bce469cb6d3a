"""Izhikevich fixed points at I = 0 (closed form), a=0.02, b=0.2.

v' = 0.04 v^2 + 5 v + 140 - u, u' = a (b v - u).  u* = b v*, so v* solves
0.04 v^2 + (5 - b) v + 140 = 0 -> v* = (-(5-b) +- sqrt((5-b)^2 - 4*0.04*140)) / 0.08
(quadratic formula evaluated with mpmath at 40 digits, then converted to float).
Jacobian [[0.08 v* + 5, -1], [a b, -a]]; eigenvalues = (tr +- sqrt(tr^2 - 4 det))/2
(mpmath).  det < 0 -> saddle; det > 0, tr < 0, real eigenvalues -> stable node.
Reproduce: /usr/bin/python3 test/references/izhikevich_fixed.py > test/references/izhikevich_fixed.json
"""
import json
import mpmath as mp

mp.mp.dps = 40
a, b = mp.mpf("0.02"), mp.mpf("0.2")
A, B, C = mp.mpf("0.04"), 5 - b, mp.mpf(140)
disc = mp.sqrt(B**2 - 4 * A * C)
out = []
for v in sorted([(-B - disc) / (2 * A), (-B + disc) / (2 * A)]):
    J = [[mp.mpf("0.08") * v + 5, -1], [a * b, -a]]
    tr, det = J[0][0] + J[1][1], J[0][0] * J[1][1] - J[0][1] * J[1][0]
    s = mp.sqrt(tr**2 - 4 * det)  # real here for both points
    ev = sorted([(tr - s) / 2, (tr + s) / 2])
    kind = "saddle" if det < 0 else ("stable node" if tr < 0 and mp.im(s) == 0 else "other")
    out.append({"v": float(v), "u": float(b * v), "jacobian": [[float(x) for x in r] for r in J],
                "trace": float(tr), "det": float(det),
                "eigenvalues": [float(mp.re(e)) for e in ev], "type": kind})
print(json.dumps({"params": {"a": 0.02, "b": 0.2, "I": 0}, "fixed_points": out}, indent=1))
