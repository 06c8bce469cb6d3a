"""Linear damped oscillator x' = y, y' = -w0^2 x - 2 zeta w0 y, w0=1, zeta=0.1,
x(0)=1, y(0)=0.  Exact underdamped solution with wd = w0 sqrt(1 - zeta^2):
  x(t) = exp(-zeta w0 t) [cos(wd t) + (zeta w0 / wd) sin(wd t)]
  y(t) = -exp(-zeta w0 t) (w0^2 / wd) sin(wd t)
Evaluated with mpmath at 40 significant digits; reported as float (double) and as
30-digit strings.  Also eigenvalues -zeta w0 +- i wd of [[0,1],[-w0^2,-2 zeta w0]].
Reproduce: /usr/bin/python3 test/references/linear.py > test/references/linear.json
"""
import json
import mpmath as mp

mp.mp.dps = 40
w0, zeta = mp.mpf(1), mp.mpf("0.1")
wd = w0 * mp.sqrt(1 - zeta**2)


def xy(t):
    t = mp.mpf(t)
    e = mp.exp(-zeta * w0 * t)
    return (e * (mp.cos(wd * t) + zeta * w0 / wd * mp.sin(wd * t)),
            -e * w0**2 / wd * mp.sin(wd * t))


rows = []
for t in (1, 5, 10, 20, 50):
    x, y = xy(t)
    rows.append({"t": t, "x": float(x), "y": float(y),
                 "x_str": mp.nstr(x, 30), "y_str": mp.nstr(y, 30)})
print(json.dumps({"params": {"w0": 1.0, "zeta": 0.1, "x0": 1.0, "y0": 0.0},
                  "eigenvalues": {"re": float(-zeta * w0), "im": [float(-wd), float(wd)]},
                  "values": rows}, indent=1))
