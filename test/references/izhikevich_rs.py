"""Izhikevich regular-spiking (RS) spike times, I = 10 constant.

a=0.02, b=0.2, c=-65, d=8, I=10; v(0)=-65, u(0)=-13; t in [0, 1000] ms.
Spike = upward crossing of v = 30, located by solve_ivp events (terminal=True,
direction=+1; root found by brentq on the dense output, xtol ~4*eps), then
restart at that time from v=c, u=u_event+d.  Main run: DOP853, rtol=atol=1e-12.
Cross-check: identical procedure with Radau, rtol=atol=1e-12;
cross_check_max_diff = max |t_DOP853 - t_Radau| over all spikes (ms).
Reproduce: /usr/bin/python3 test/references/izhikevich_rs.py > test/references/izhikevich_rs.json
(see _izh.py for the shared integrator code).
"""
import json
from _izh import report

r = report(0.02, 0.2, -65.0, 8.0, -65.0, -13.0, [(0.0, 1000.0, 10.0)])
r["params"] = dict(a=0.02, b=0.2, c=-65, d=8, I=10, v0=-65, u0=-13, T=1000)
print(json.dumps(r, indent=1))
