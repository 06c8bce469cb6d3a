"""Shared helper for the Izhikevich spike-time references (not a reference itself).

Integrates dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u) with
scipy.integrate.solve_ivp.  The spike event g(t, y) = v - 30 is declared
terminal with direction=+1; solve_ivp locates its root on the dense-output
interpolant with scipy.optimize.brentq (xtol = 4*eps, rtol = 4*eps).  At each
event the crossing time is recorded and integration restarts at that exact time
from v = c, u = u_event + d.  A piecewise-constant current is handled by
splitting the integration exactly at the breakpoints.
"""
import numpy as np
from scipy.integrate import solve_ivp

RTOL = ATOL = 1e-12


def spikes(a, b, c, d, v0, u0, segments, method):
    """segments: list of (t_start, t_end, I) covering the run in order."""
    def rhs(t, y, I):
        v, u = y
        return [0.04 * v * v + 5.0 * v + 140.0 - u + I, a * (b * v - u)]

    def ev(t, y, I):
        return y[0] - 30.0
    ev.terminal, ev.direction = True, 1.0

    out, y = [], np.array([v0, u0], float)
    for t0, t1, I in segments:
        t = t0
        while t < t1:
            s = solve_ivp(rhs, (t, t1), y, method=method, args=(I,),
                          events=ev, rtol=RTOL, atol=ATOL)
            assert s.success, s.message
            if s.status == 1:                      # spike: reset and restart
                t = float(s.t_events[0][0])
                out.append(t)
                y = np.array([c, s.y_events[0][0][1] + d])
            else:                                  # reached end of segment
                t, y = t1, s.y[:, -1]
    return out


def report(a, b, c, d, v0, u0, segments):
    main = spikes(a, b, c, d, v0, u0, segments, "DOP853")
    check = spikes(a, b, c, d, v0, u0, segments, "Radau")
    assert len(main) == len(check), (len(main), len(check))
    diff = max((abs(p - q) for p, q in zip(main, check)), default=0.0)
    return {"spikes": main, "n_spikes": len(main),
            "method": "DOP853 rtol=atol=1e-12; events terminal, direction=+1, brentq",
            "cross_check_method": "Radau rtol=atol=1e-12",
            "cross_check_max_diff": diff}
