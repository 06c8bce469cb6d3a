"""AdEx (Brette & Gerstner 2005) spike times with the bundled parameters (models/adex.yaml).

C dv/dt = -gL (v - EL) + gL DeltaT exp((v - VT)/DeltaT) - w + I,  tau_w dw/dt = a (v - EL) - w;
C=281, gL=30, EL=-70.6, VT=-50.4, DeltaT=2, tau_w=144, a=4, b=80.5, V_r=-70.6, V_peak=0, I=1000;
v(0)=-70.6, w(0)=0; t in [0, 300] ms.
Spike = upward crossing of v = V_peak, located by solve_ivp events (terminal=True, direction=+1;
brentq on the dense output), then restart at that time from v = V_r, w = w_event + b.  The
right-hand side explodes near the spike (dv/dt ~ 1e10 mV/ms at v = 0), which the solvers handle
by step rejection.  Main run: DOP853, rtol=atol=1e-12.  Cross-check: RK45, rtol=atol=1e-12 (Radau stops near the blow-up: "step size less than spacing");
cross_check_max_diff = max |t_DOP853 - t_Radau| (ms).
Reproduce: /usr/bin/python3 test/references/adex.py > test/references/adex.json
"""
import json
import numpy as np
from scipy.integrate import solve_ivp

C, gL, EL, VT, DeltaT, tau_w, a, b, V_r, V_peak, I = 281.0, 30.0, -70.6, -50.4, 2.0, 144.0, 4.0, 80.5, -70.6, 0.0, 1000.0
T = 300.0


def rhs(t, y):
    v, w = y
    return [(-gL * (v - EL) + gL * DeltaT * np.exp((v - VT) / DeltaT) - w + I) / C, (a * (v - EL) - w) / tau_w]


def ev(t, y):
    return y[0] - V_peak
ev.terminal, ev.direction = True, 1.0


def spikes(method):
    out, y, t = [], np.array([-70.6, 0.0]), 0.0
    while t < T:
        s = solve_ivp(rhs, (t, T), y, method=method, events=ev, rtol=1e-12, atol=1e-12)
        assert s.success, s.message
        if s.status == 1:
            t = float(s.t_events[0][0])
            out.append(t)
            y = np.array([V_r, s.y_events[0][0][1] + b])
        else:
            t = T
    return out


main, check = spikes("DOP853"), spikes("RK45")
assert len(main) == len(check)
print(json.dumps({"spikes": main, "n_spikes": len(main),
                  "method": "DOP853 rtol=atol=1e-12; events terminal, direction=+1, brentq",
                  "cross_check_method": "RK45 rtol=atol=1e-12",
                  "cross_check_max_diff": max(abs(p - q) for p, q in zip(main, check)),
                  "params": dict(C=C, gL=gL, EL=EL, VT=VT, DeltaT=DeltaT, tau_w=tau_w, a=a, b=b, V_r=V_r,
                                 V_peak=V_peak, I=I, v0=-70.6, w0=0.0, T=T)}, indent=1))
