"""Izhikevich (a=0.02, b=0.2) bifurcations of the resting state in I, closed form.

v' = 0.04 v^2 + 5 v + 140 - u + I, u' = a (b v - u).  Fixed points: u = b v and
0.04 v^2 + (5 - b) v + 140 + I = 0.
Fold (saddle-node): double root, discriminant (5-b)^2 - 4*0.04*(140 + I) = 0
  -> I_fold = (5-b)^2/0.16 - 140 = 4, v_fold = -(5-b)/0.08 = -60.
Hopf: Jacobian [[0.08 v + 5, -1], [a b, -a]] has trace 0 at v_H = (a - 5)/0.08 = -62.25,
  I_H = -(0.04 v_H^2 + (5-b) v_H + 140) = 3.7975; det = a (b - a) = 0.0036 > 0 there, so the
  eigenvalues are +-i omega with omega = sqrt(a (b - a)) = 0.06.  The lower (node/focus) branch
  loses stability at I_H before it meets the saddle at I_fold.
Evaluated with mpmath at 40 digits.
Reproduce: /usr/bin/python3 test/references/izhikevich_bifurcation.py > test/references/izhikevich_bifurcation.json
"""
import json
import mpmath as mp

mp.mp.dps = 40
a, b = mp.mpf("0.02"), mp.mpf("0.2")
I_fold = (5 - b) ** 2 / mp.mpf("0.16") - 140
v_fold = -(5 - b) / mp.mpf("0.08")
v_h = (a - 5) / mp.mpf("0.08")
I_h = -(mp.mpf("0.04") * v_h**2 + (5 - b) * v_h + 140)
omega = mp.sqrt(a * (b - a))
print(json.dumps({"params": {"a": 0.02, "b": 0.2},
                  "fold": {"I": float(I_fold), "v": float(v_fold), "u": float(b * v_fold)},
                  "hopf": {"I": float(I_h), "v": float(v_h), "u": float(b * v_h), "omega": float(omega)}}, indent=1))
