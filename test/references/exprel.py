"""exprel(x) = (exp(x) - 1)/x (= 1 at x = 0), the convention of scipy.special.exprel, Brian2 and
the literature, and its derivative, for the emitted JS, the tensor table and the Jacobian rule
(src/model/derivative.ts).

Evaluated with mpmath at 50 significant digits: exprel as expm1(x)/x (limit 1 at 0); the derivative
as mp.diff of the same function (numerical differentiation at 50 digits, accurate far beyond
double precision), with the exact limit 1/2 at x = 0.  Reported as doubles, with
scipy.special.exprel beside them: it is the independent statement of the convention (the script
stops if the two disagree beyond 1e-14 relative, or if scipy's definition ever changes).
Reproduce: /usr/bin/python3 test/references/exprel.py > test/references/exprel.json
(Debian's python3 with python3-scipy and python3-mpmath).
"""
import json
import mpmath as mp
import scipy.special

mp.mp.dps = 50


def exprel(x):
    x = mp.mpf(x)
    return mp.mpf(1) if x == 0 else mp.expm1(x) / x


def dexprel(x):
    x = mp.mpf(x)
    return mp.mpf(0.5) if x == 0 else mp.diff(exprel, x)


# 700 stays below exp's overflow at 709.78; -700 and 700 probe both tails
xs = [-700.0, -30.0, -2.5, -1.0, -0.0123, -1e-3, -9.99e-4, -1e-6, -1e-12, 0.0, 1e-12, 1e-6, 9.99e-4,
      1e-3, 0.05, 0.5, 1.0, 2.5, 30.0, 700.0]
points = []
for x in xs:
    ref = float(exprel(x))
    sp = float(scipy.special.exprel(x))
    assert abs(sp - ref) <= 1e-14 * abs(ref), (x, sp, ref)
    points.append({"x": x, "exprel": ref, "dexprel": float(dexprel(x)), "scipy": sp})
print(json.dumps({"convention": "exprel(x) = (exp(x) - 1)/x, scipy.special.exprel", "points": points}, indent=1))
