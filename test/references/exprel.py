"""exprel(x) = x/(exp(x) - 1) (= 1 at x = 0) and its derivative, for the emitted JS and the
Jacobian rule (src/model/derivative.ts).

Evaluated with mpmath at 50 significant digits: exprel directly (limit 1 at 0); the derivative
as mp.diff of the same function (numerical differentiation at 50 digits, accurate far beyond
double precision), with the exact limit -1/2 at x = 0.  Reported as doubles.
Reproduce: /usr/bin/python3 test/references/exprel.py > test/references/exprel.json
"""
import json
import mpmath as mp

mp.mp.dps = 50


def exprel(x):
    x = mp.mpf(x)
    return mp.mpf(1) if x == 0 else x / mp.expm1(x)


def dexprel(x):
    x = mp.mpf(x)
    return mp.mpf(-0.5) if x == 0 else mp.diff(exprel, x)


xs = [-700.0, -30.0, -2.5, -1.0, -0.0123, -1e-3, -9.99e-4, -1e-6, -1e-12, 0.0, 1e-12, 1e-6, 9.99e-4,
      1e-3, 0.05, 0.5, 1.0, 2.5, 30.0, 700.0]
print(json.dumps({"points": [{"x": x, "exprel": float(exprel(x)), "dexprel": float(dexprel(x))} for x in xs]}, indent=1))
