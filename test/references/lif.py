"""Leaky integrate-and-fire references, closed form (no ODE solver).

tau dv/dt = -(v - v_rest) + R I, threshold theta, reset v_reset = v_rest = 0,
refractory t_ref.  From v = 0 with constant I: v(t) = R I (1 - exp(-t/tau)),
which reaches theta at t = tau ln(R I / (R I - theta)) when R I > theta, so
  ISI = t_ref + tau * ln(R I / (R I - theta)),   rate f = 1000 / ISI  [Hz, t in ms];
f = 0 for R I <= theta (rheobase I = theta / R = 1; at I = 1 exactly the
threshold is never reached, so f(1) = 0).
Parameters: tau=10 ms, R=1, theta=1, t_ref=4 ms.  Evaluated in double precision with math.log.
Reproduce: /usr/bin/python3 test/references/lif.py > test/references/lif.json
"""
import json, math

tau, R, theta, t_ref = 10.0, 1.0, 1.0, 4.0


def isi(I):
    return t_ref + tau * math.log(R * I / (R * I - theta)) if R * I > theta else math.inf


print(json.dumps({
    "params": {"tau": tau, "R": R, "theta": theta, "t_ref": t_ref, "v_reset": 0.0, "v_rest": 0.0},
    "isi_ms": [{"I": I, "isi": isi(I)} for I in (1.2, 1.5, 2.0, 5.0)],
    "fI": [{"I": 0.25 * k, "rate_hz": 1000.0 / isi(0.25 * k) if 0.25 * k > theta / R else 0.0}
           for k in range(21)],
}, indent=1))
