"""
Mean-field rate of Brunel (2000) model A: the self-consistent stationary rate of eqs. (21)-(22),
the reference for test/network/brunel.test.ts next to the Brian2 simulation (brunel_a_brian2.py).

N. Brunel, J. Comput. Neurosci. 8:183-208, 2000. The diffusion approximation of the input of one
cell: mean mu and variance sigma^2 of the summed Poisson jumps (eq. 4, times in s, rates in Hz):
    mu      = C_E J tau (nu_ext + nu (1 - g gamma))
    sigma^2 = J^2 C_E tau (nu_ext + nu (1 + g^2 gamma)),   gamma = C_I / C_E = 0.25,
and the rate of a LIF cell under it (Siegert; Amit & Brunel 1997, eq. 21):
    1/nu = tau_rp + tau sqrt(pi) int_{(V_r - mu)/sigma}^{(theta - mu)/sigma} e^{u^2} (1 + erf u) du.
e^{u^2} (1 + erf u) = erfcx(-u), which stays finite in floating point for the whole range used here.
The equation nu = F(nu) is solved by bracketing (brentq); it has one root for these states.
For the asynchronous irregular state the rates of the network as bundled, with autapses (10 % of the
cells have one effective input fewer, see solve_autapses), are solved as well: 1-1.5 % lower.

The theory leaves out the transmission delay (it matters for the stability of the asynchronous state,
not its rate), the finite size beyond the autapses (C_E/N_E = 0.1 makes inputs partly shared) and the
jump size (J = 0.1 mV against theta - V_r = 10 mV): Brian2's rates are 1 % below it (vs_brian2 in the
output). The theory holds v at V_r for tau_rp after a spike, which is what isocline's skip of jumps
onto a refractory cell does (and brunel_a_brian2.py with it).

Run: /usr/bin/python3 test/references/brunel_a_theory.py   (writes brunel_a_theory.json; < 1 s)
"""
import datetime
import json
import os

import numpy as np
import scipy
from scipy.integrate import quad
from scipy.optimize import brentq, fsolve
from scipy.special import erfcx

HERE = os.path.dirname(os.path.abspath(__file__))

N_E, N_I = 10000, 2500
C_E, C_I = 1000, 250
TAU, THETA, V_R, TAU_RP = 0.020, 20.0, 10.0, 0.002  # s, mV, mV, s
J = 0.1  # mV
GAMMA = C_I / C_E
NU_THR = THETA / (J * C_E * TAU)  # Hz: the external rate that brings mu to theta alone (10 Hz)

STATES = {'ai': {'g': 5.0, 'eta': 2.0}, 'si-slow': {'g': 4.5, 'eta': 0.9}, 'sr': {'g': 3.0, 'eta': 2.0}}


def mu_sigma(nu, g, nu_ext):
    mu = C_E * J * TAU * (nu_ext + nu * (1 - g * GAMMA))
    sigma = np.sqrt(J * J * C_E * TAU * (nu_ext + nu * (1 + g * g * GAMMA)))
    return mu, sigma


def siegert(mu, sigma):
    """Stationary rate (Hz) of a LIF cell driven by white noise of mean mu and s.d. sigma (mV)."""
    lo, hi = (V_R - mu) / sigma, (THETA - mu) / sigma
    integral, _ = quad(lambda u: erfcx(-u), lo, hi, epsabs=0, epsrel=1e-12, limit=200)
    return 1.0 / (TAU_RP + TAU * np.sqrt(np.pi) * integral)


def solve(g, eta):
    nu_ext = eta * NU_THR
    f = lambda nu: siegert(*mu_sigma(nu, g, nu_ext)) - nu
    # F(0) > 0 (nu_ext alone fires the cells or not: then the root is tiny but positive) and
    # F(1/tau_rp) < 1/tau_rp: one sign change in (0, 1/tau_rp)
    nu = brentq(f, 1e-9, 1.0 / TAU_RP - 1e-9, xtol=1e-12, rtol=1e-14)
    mu, sigma = mu_sigma(nu, g, nu_ext)
    return {'g': g, 'eta': eta, 'nu_ext_hz': nu_ext, 'rate_hz': nu, 'mu_mV': mu, 'sigma_mV': sigma}


def solve_autapses(g, eta, nu0):
    """The rates with autapses, as the bundled network has them (fixed in-degree drawn from the whole
    presynaptic population, self included). A cell's own spike arrives D = 1.5 ms later, inside its
    refractory period, and is skipped: a cell with an autapse has one effective input fewer. That is
    C_E/N_E = 10 % of the E cells (999 E inputs) and C_I/N_I = 10 % of the I cells (249 I inputs):
    four groups, each at the Siegert rate of its own mu and sigma, the population rates their means.
    The I cells with 249 inputs fire ~1.3 Hz faster; through the strong inhibitory loop that lowers
    every rate by 1-1.5 % (Brian2 finds the same shift, brunel_a_brian2{,_no_autapses}.json)."""
    nu_ext = eta * NU_THR
    f_e, f_i = C_E / N_E, C_I / N_I

    def rate(c_e, c_i, nu_e, nu_i):
        mu = J * TAU * (C_E * nu_ext + c_e * nu_e - g * c_i * nu_i)
        var = J * J * TAU * (C_E * nu_ext + c_e * nu_e + g * g * c_i * nu_i)
        return siegert(mu, np.sqrt(var))

    def residual(x):
        e0, e1, i0, i1 = x
        nu_e, nu_i = (1 - f_e) * e0 + f_e * e1, (1 - f_i) * i0 + f_i * i1
        return [rate(C_E, C_I, nu_e, nu_i) - e0, rate(C_E - 1, C_I, nu_e, nu_i) - e1,
                rate(C_E, C_I, nu_e, nu_i) - i0, rate(C_E, C_I - 1, nu_e, nu_i) - i1]

    x, info, ok, msg = fsolve(residual, [nu0] * 4, xtol=1e-12, full_output=True)
    if ok != 1 or max(abs(r) for r in residual(x)) > 1e-8:
        raise RuntimeError(f'fsolve: {msg}')
    e0, e1, i0, i1 = x
    return {'E_rate_hz': (1 - f_e) * e0 + f_e * e1, 'I_rate_hz': (1 - f_i) * i0 + f_i * i1,
            'groups_hz': {'E': e0, 'E_with_autapse': e1, 'I': i0, 'I_with_autapse': i1}}


def main():
    states = {name: solve(**p) for name, p in STATES.items()}
    states['ai']['with_autapses'] = solve_autapses(states['ai']['g'], states['ai']['eta'], states['ai']['rate_hz'])
    result = {
        'model': 'Brunel (2000) model A, mean-field stationary rate (eqs. 21-22)',
        'parameters': {'C_E': C_E, 'C_I': C_I, 'tau_ms': TAU * 1e3, 'theta_mV': THETA, 'V_r_mV': V_R,
                       'tau_rp_ms': TAU_RP * 1e3, 'J_mV': J, 'nu_thr_hz': NU_THR},
        'states': states,
        'produced_by': {
            'command': '/usr/bin/python3 test/references/brunel_a_theory.py',
            'scipy': scipy.__version__,
            'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ'),
        },
    }
    # Brian2's rates against the theory of the same connectivity
    for name, key in (('brunel_a_brian2.json', 'with_autapses'), ('brunel_a_brian2_no_autapses.json', None)):
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            continue
        with open(path) as f:
            sim = json.load(f)
        st = states[sim['state']]
        th = {pop: st[key][f'{pop}_rate_hz'] if key else st['rate_hz'] for pop in ('E', 'I')}
        result.setdefault('vs_brian2', {})[name] = {
            pop: {'brian2_hz': sim['across_seeds'][pop]['rate_hz']['mean'], 'theory_hz': th[pop],
                  'relative_difference': sim['across_seeds'][pop]['rate_hz']['mean'] / th[pop] - 1}
            for pop in ('E', 'I')
        }
    print(json.dumps(result, indent=1))
    with open(os.path.join(HERE, 'brunel_a_theory.json'), 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
