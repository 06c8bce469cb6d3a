"""Izhikevich RS spike times with the seed's step current.

a=0.02, b=0.2, c=-65, d=8; I(t) = 7 for 200 < t < 700 ms, else 0;
v(0)=-65, u(0)=-14; t in [0, 1000] ms.  Integrated piecewise on [0,200],
[200,700], [700,1000] (split exactly at 200 and 700, state carried over).
Spike = upward crossing of v = 30, located by solve_ivp events (terminal=True,
direction=+1; brentq on the dense output, xtol ~4*eps), then restart at that
time from v=c, u=u_event+d.  Main run: DOP853, rtol=atol=1e-12.
Cross-check: same procedure with Radau, rtol=atol=1e-12;
cross_check_max_diff = max |t_DOP853 - t_Radau| (ms).
Reproduce: /usr/bin/python3 test/references/izhikevich_step.py > test/references/izhikevich_step.json
"""
import json
from _izh import report

segs = [(0.0, 200.0, 0.0), (200.0, 700.0, 7.0), (700.0, 1000.0, 0.0)]
r = report(0.02, 0.2, -65.0, 8.0, -65.0, -14.0, segs)
r["params"] = dict(a=0.02, b=0.2, c=-65, d=8, I="7 for 200<t<700 else 0",
                   v0=-65, u0=-14, T=1000)
print(json.dumps(r, indent=1))
