"""SciPy baseline for bench/fhn.mjs: FitzHugh-Nagumo (a=0.7, b=0.8, tau=12.5, I=0.5) from (0, 0)
over t in [0, 1000] with solve_ivp DOP853; median wall time of 7 runs after 2 warm-up runs,
function evaluations and error at t=1000 against test/references/fhn.json.
Run: /usr/bin/python3 bench/fhn_scipy.py  (Debian's python3-scipy)
"""
import json
import os
import statistics
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

a, b, tau, I = 0.7, 0.8, 12.5, 0.5
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "test", "references", "fhn.json")) as fh:
    ref = json.load(fh)["state_t1000_I0.5_from_0_0"]


def f(_t, y):
    v, w = y
    return [v - v**3 / 3 - w + I, (v + a - b * w) / tau]


print(f"scipy {scipy.__version__}, numpy {np.__version__}; DOP853, median of 7 runs after 2 warm-up runs\n")
print("| rtol | atol | median ms | evaluations | error at t=1000 |")
print("|---:|---:|---:|---:|---:|")
for rtol, atol in [(1e-9, 1e-9), (1e-9, 1e-12), (1e-10, 1e-12)]:
    times = []
    for i in range(9):
        t0 = time.perf_counter()
        r = solve_ivp(f, (0, 1000), [0.0, 0.0], method="DOP853", rtol=rtol, atol=atol)
        if i >= 2:
            times.append((time.perf_counter() - t0) * 1e3)
    err = max(abs(r.y[0, -1] - ref["v"]), abs(r.y[1, -1] - ref["w"]))
    print(f"| {rtol:.0e} | {atol:.0e} | {statistics.median(times):.0f} | {r.nfev} | {err:.1e} |")
