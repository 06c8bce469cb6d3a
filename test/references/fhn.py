"""FitzHugh-Nagumo references: v' = v - v^3/3 - w + I, w' = (v + a - b w)/tau,
a=0.7, b=0.8, tau=12.5.

Fixed points: w* = (v*+a)/b substituted in v' = 0 gives the cubic
  -v^3/3 + (1 - 1/b) v + (I - a/b) = 0, solved with numpy.roots (real roots kept,
  then polished by 3 Newton steps).  Eigenvalues of the analytic Jacobian
  [[1 - v*^2, -1], [1/tau, -b/tau]] via numpy.linalg.eigvals.
Hopf points: trace = 0 -> v*^2 = 1 - b/tau, v* = +-sqrt(1 - b/tau);
  I = w* - v* + v*^3/3 with w* = (v*+a)/b (closed form); det > 0 checked.
Limit cycle at I=0.5: solve_ivp DOP853, rtol=atol=1e-13, from (0,0) to t=2000;
  upward crossings of v=0 located with an events function (direction=+1,
  non-terminal; brentq on the dense output).  Period = mean of the last 10
  successive crossing-time differences (their spread is reported).  Cycle
  min/max of v, w: bounded scalar minimisation (scipy.optimize.minimize_scalar,
  xatol=1e-12) of the dense output over the last full period, seeded by a 20001-point grid.
State at t=1000 from (0,0), I=0.5: same DOP853 run, rtol=atol=1e-13, t_eval=[1000].
Cross-check: period and t=1000 state recomputed with Radau, rtol=atol=1e-12
  (same event procedure); absolute differences reported under "cross_check".
Reproduce: /usr/bin/python3 test/references/fhn.py > test/references/fhn.json
"""
import json
import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import minimize_scalar

a, b, tau = 0.7, 0.8, 12.5


def jac(v):
    return np.array([[1 - v * v, -1.0], [1 / tau, -b / tau]])


def classify(ev):
    tr, det = ev.sum().real, np.prod(ev).real
    if det < 0:
        return "saddle"
    kind = "focus" if abs(ev[0].imag) > 0 else "node"
    return ("stable " if tr < 0 else "unstable ") + kind


def fixed_points(I):
    roots = np.roots([-1 / 3, 0.0, 1 - 1 / b, I - a / b])
    out = []
    for v in sorted(r.real for r in roots if abs(r.imag) < 1e-9):
        for _ in range(3):  # Newton polish on f(v) = -v^3/3 + (1-1/b) v + I - a/b
            v -= (-v**3 / 3 + (1 - 1 / b) * v + I - a / b) / (-v * v + 1 - 1 / b)
        ev = np.linalg.eigvals(jac(v))
        ev = ev[np.argsort(ev.imag)]
        out.append({"v": v, "w": (v + a) / b,
                    "eig_re": [float(e.real) for e in ev], "eig_im": [float(e.imag) for e in ev],
                    "trace": 1 - v * v - b / tau, "det": float(np.linalg.det(jac(v))),
                    "type": classify(ev)})
    return out


def hopf():
    res = []
    for v in (-np.sqrt(1 - b / tau), np.sqrt(1 - b / tau)):
        w = (v + a) / b
        res.append({"v": v, "w": w, "I": w - v + v**3 / 3,
                    "det": float(np.linalg.det(jac(v))),
                    "omega": float(np.sqrt(np.linalg.det(jac(v))))})
    return sorted(res, key=lambda h: h["I"])


def rhs(t, y, I):
    v, w = y
    return [v - v**3 / 3 - w + I, (v + a - b * w) / tau]


def cycle(I=0.5, T=2000.0, nlast=10, method="DOP853", tol=1e-13):
    ev = lambda t, y, I: y[0]
    ev.direction = 1.0
    s = solve_ivp(rhs, (0, T), [0.0, 0.0], method=method, args=(I,), events=ev,
                  rtol=tol, atol=tol, dense_output=True, t_eval=[1000.0])
    tc = s.t_events[0]
    dts = np.diff(tc)[-nlast:]
    t0, t1 = tc[-2], tc[-1]
    ext = {}
    grid = np.linspace(t0, t1, 20001)
    Y = s.sol(grid)
    for k, name in enumerate("vw"):
        for sign, lab in ((1, "min"), (-1, "max")):
            i = int(np.argmin(sign * Y[k]))
            lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
            r = minimize_scalar(lambda t: sign * s.sol(t)[k], bounds=(lo, hi),
                                method="bounded", options={"xatol": 1e-12})
            ext[f"{name}_{lab}"] = float(s.sol(r.x)[k])
    return {"period": float(dts.mean()), "period_spread_last": float(np.ptp(dts)),
            "n_crossings": len(tc), "last_crossings": tc[-3:].tolist(), **ext,
            "state_t1000": {"v": float(s.y[0, 0]), "w": float(s.y[1, 0])}}


c = cycle()
r = cycle(method="Radau", tol=1e-12)
print(json.dumps({
    "params": {"a": a, "b": b, "tau": tau},
    "fixed_points": {"I=0": fixed_points(0.0), "I=0.5": fixed_points(0.5)},
    "hopf": hopf(),
    "limit_cycle_I0.5": {k: v for k, v in c.items() if k != "state_t1000"},
    "state_t1000_I0.5_from_0_0": c["state_t1000"],
    "cross_check": {"method": "Radau rtol=atol=1e-12",
                    "period_abs_diff": abs(c["period"] - r["period"]),
                    "state_t1000_abs_diff": [abs(c["state_t1000"][k] - r["state_t1000"][k]) for k in "vw"],
                    "extrema_max_abs_diff": max(abs(c[k] - r[k]) for k in ("v_min", "v_max", "w_min", "w_max"))},
}, indent=1))
