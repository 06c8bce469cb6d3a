"""
Brunel (2000) model A in Brian2: the reference for models/brunel-2000-a.network.json and
test/network/brunel.test.ts.

N. Brunel, Dynamics of sparsely connected networks of excitatory and inhibitory spiking neurons,
J. Comput. Neurosci. 8:183-208, 2000. Model A: N_E = 10 000, N_I = 2 500 LIF cells, tau = 20 ms,
theta = 20 mV, V_r = 10 mV, tau_rp = 2 ms; every cell receives C_E = 1000 excitatory and C_I = 250
inhibitory connections (fixed in-degree), J = 0.1 mV, -g J, delay D = 1.5 ms; external
drive: C_E independent Poisson trains of nu_ext = eta nu_thr each (nu_thr = theta / (J C_E tau) = 10 Hz).
State: asynchronous irregular, g = 5, eta = 2 (nu_ext = 20 Hz); the slow synchronous irregular state
g = 4.5, eta = 0.9 is recorded too (`--state si-slow`), not tested.

Built to match isocline's semantics, so the rates are comparable:
- v is clamped while refractory (`unless refractory`), integrated exactly (v *= exp(-dt/tau)), dt 0.1 ms;
  threshold v >= theta as in the bundled lif model (the paper's v > theta: the same, v never lands on 20);
- a jump (recurrent or external) is skipped while the cell is refractory: isocline applies no jump to a
  clamped variable, so the weights here are J*int(not_refractory) (Brian2 itself would add them);
- spikes of step n arrive D = 15 steps later; initial v uniform in [0, theta) per cell.
Brian2 orders a step as state update, threshold, synapses (and PoissonInput), reset; isocline as jumps,
integration, threshold, reset: the same cycle seen from another phase (a jump is tested for threshold
after the next integration in both).

Run (Debian's Python, Brian2 2.5.1, runtime code generation with the cython target; about a minute
per seed on one core):
    /usr/bin/python3 test/references/brunel_a_brian2.py            # writes brunel_a_brian2.json
    /usr/bin/python3 test/references/brunel_a_brian2.py --seeds 1 --t 0.5 --no-write   # a quick look
Statistics over the window [t_discard, t]: mean rate per population (spikes / cells / window), mean CV
of the inter-spike intervals over cells with >= 3 spikes in the window, the Fano factor of the
population spike count in 1 ms bins (a synchrony measure: ~1 for independent Poisson cells), and the
fraction of cells that fired.
"""
import argparse
import datetime
import json
import os
import sys
import time

import numpy as np
import brian2 as b2
from brian2 import ms, mV, Hz, second

HERE = os.path.dirname(os.path.abspath(__file__))

STATES = {'ai': {'g': 5.0, 'eta': 2.0}, 'si-slow': {'g': 4.5, 'eta': 0.9}}

N_E, N_I = 10000, 2500
C_E, C_I = 1000, 250
TAU, THETA, V_R, TAU_RP = 20.0, 20.0, 10.0, 2.0  # ms, mV, mV, ms
J_MV, D, DT = 0.1, 1.5, 0.1  # mV, ms, ms


def indegree(rng, n_pre, n_post, k, autapses=True):
    """k distinct presynaptic cells per postsynaptic cell (pre and post the same population when
    `autapses` is False, which then leaves each cell itself out).

    Autapses are allowed by default, as in the bundled file (isocline's default). A cell's spike
    reaches itself after D = 1.5 ms, inside its 2 ms refractory period, where the jump is skipped, so
    an autapse only takes one of the k slots (~10 % of the cells get k - 1 effective inputs). Yet the
    rates move: 37.0 Hz with autapses, 37.6 Hz without (`--no-autapses`, brunel_a_brian2_no_autapses.json):
    the I cells with 249 inhibitory inputs fire faster and the inhibitory loop lowers every rate, as
    the mean field of brunel_a_theory.py (solve_autapses) predicts."""
    pre = np.empty(n_post * k, dtype=np.int32)
    for j in range(n_post):
        if autapses:
            pre[j * k:(j + 1) * k] = rng.choice(n_pre, k, replace=False)
        else:
            c = rng.choice(n_pre - 1, k, replace=False)
            c[c >= j] += 1
            pre[j * k:(j + 1) * k] = c
    post = np.repeat(np.arange(n_post, dtype=np.int32), k)
    return pre, post


def stats(i, t, n, t0, t1):
    """Rate, mean CV of ISI, population-count Fano factor (1 ms bins), fraction active, in [t0, t1) ms."""
    w = (t >= t0) & (t < t1)
    i, t = i[w], t[w]
    rate = len(t) / n / ((t1 - t0) / 1000.0)
    order = np.lexsort((t, i))
    i, t = i[order], t[order]
    cvs = []
    bounds = np.searchsorted(i, np.arange(n + 1))
    for c in range(n):
        s = t[bounds[c]:bounds[c + 1]]
        if len(s) >= 3:
            isi = np.diff(s)
            cvs.append(isi.std() / isi.mean())
    counts = np.histogram(t, bins=np.arange(t0, t1 + 1e-9, 1.0))[0]
    return {
        'rate_hz': rate,
        'cv_isi': float(np.mean(cvs)) if cvs else None,
        'cells_with_cv': len(cvs),
        'fano_pop_1ms': float(counts.var() / counts.mean()) if counts.mean() > 0 else None,
        'active_fraction': float(len(np.unique(i)) / n),
    }


def run(seed, state, t_total, t_discard, autapses=True):
    g, eta = STATES[state]['g'], STATES[state]['eta']
    nu_thr = THETA / (J_MV * C_E * TAU) * 1000.0  # Hz
    nu_ext = eta * nu_thr
    b2.start_scope()
    b2.defaultclock.dt = DT * ms
    b2.seed(seed)
    rng = np.random.default_rng(seed)
    ns = {'tau': TAU * ms, 'theta': THETA * mV, 'V_r': V_R * mV, 'J': J_MV * mV, 'g': g}
    cells = b2.NeuronGroup(N_E + N_I, 'dv/dt = -v/tau : volt (unless refractory)', threshold='v >= theta',
                           reset='v = V_r', refractory=TAU_RP * ms, method='exact', namespace=ns)
    cells.v = 'rand() * theta'
    E, I = cells[:N_E], cells[N_E:]
    # weights gated by not_refractory: isocline skips a jump onto a clamped (refractory) variable
    exc = b2.Synapses(E, cells, on_pre='v_post += J * int(not_refractory_post)', delay=D * ms, namespace=ns)
    inh = b2.Synapses(I, cells, on_pre='v_post += -g * J * int(not_refractory_post)', delay=D * ms, namespace=ns)
    tb = time.time()
    for S, n_pre, k, pre_e in ((exc, N_E, C_E, True), (inh, N_I, C_I, False)):
        pe, qe = indegree(rng, n_pre, N_E, k, autapses or not pre_e)
        pi, qi = indegree(rng, n_pre, N_I, k, autapses or pre_e)
        S.connect(i=np.concatenate([pe, pi]), j=np.concatenate([qe, qi + N_E]))
    build_s = time.time() - tb
    ext = b2.PoissonInput(cells, 'v', N=C_E, rate=nu_ext * Hz, weight='J * int(not_refractory)')
    mon = b2.SpikeMonitor(cells)
    net = b2.Network(cells, exc, inh, ext, mon)
    tr = time.time()
    net.run(t_total * ms)
    run_s = time.time() - tr
    i = np.asarray(mon.i[:])
    t = np.asarray(mon.t[:] / ms)
    e = i < N_E
    return {
        'seed': seed,
        'E': stats(i[e], t[e], N_E, t_discard, t_total),
        'I': stats(i[~e] - N_E, t[~e], N_I, t_discard, t_total),
        'build_s': round(build_s, 1),
        'run_s': round(run_s, 1),
    }


def summary(per_seed):
    out = {}
    for pop in ('E', 'I'):
        out[pop] = {}
        for key in ('rate_hz', 'cv_isi', 'fano_pop_1ms', 'active_fraction'):
            x = np.array([r[pop][key] for r in per_seed], dtype=float)
            out[pop][key] = {'mean': float(x.mean()), 'sd': float(x.std(ddof=1)) if len(x) > 1 else None,
                             'min': float(x.min()), 'max': float(x.max())}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--state', choices=sorted(STATES), default='ai')
    ap.add_argument('--seeds', type=int, default=5)
    ap.add_argument('--t', type=float, default=1.0, help='duration (s)')
    ap.add_argument('--discard', type=float, default=0.2, help='transient left out (s)')
    ap.add_argument('--target', choices=['cython', 'numpy'], default='cython')
    ap.add_argument('--no-autapses', action='store_true', help='leave each cell out of its own inputs')
    ap.add_argument('--no-write', action='store_true')
    a = ap.parse_args()
    b2.prefs.codegen.target = a.target
    t_total, t_discard = a.t * 1000.0, a.discard * 1000.0
    per_seed = []
    for s in range(1, a.seeds + 1):
        r = run(s, a.state, t_total, t_discard, not a.no_autapses)
        print(json.dumps(r), flush=True)
        per_seed.append(r)
    g, eta = STATES[a.state]['g'], STATES[a.state]['eta']
    result = {
        'model': 'Brunel (2000) model A',
        'state': a.state,
        'parameters': {'N_E': N_E, 'N_I': N_I, 'C_E': C_E, 'C_I': C_I, 'tau_ms': TAU, 'theta_mV': THETA,
                       'V_r_mV': V_R, 'tau_rp_ms': TAU_RP, 'J_mV': J_MV, 'g': g, 'eta': eta,
                       'nu_ext_hz': eta * THETA / (J_MV * C_E * TAU) * 1000.0, 'delay_ms': D, 'dt_ms': DT},
        'autapses': not a.no_autapses,
        'window_ms': [t_discard, t_total],
        'statistics': 'rate: spikes/cells/window; cv_isi: mean over cells with >= 3 spikes in the window; '
                      'fano_pop_1ms: variance/mean of the population spike count in 1 ms bins',
        'per_seed': per_seed,
        'across_seeds': summary(per_seed),
        'produced_by': {
            'command': ' '.join(['/usr/bin/python3', 'test/references/brunel_a_brian2.py'] + sys.argv[1:]),
            'brian2': b2.__version__,
            'numpy': np.__version__,
            'codegen_target': a.target,
            'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ'),
        },
    }
    print(json.dumps(result['across_seeds'], indent=1))
    if not a.no_write:
        suffix = '' if a.state == 'ai' else '_' + a.state.replace('-', '_')
        suffix += '_no_autapses' if a.no_autapses else ''
        path = os.path.join(HERE, f'brunel_a_brian2{suffix}.json')
        with open(path, 'w') as f:
            json.dump(result, f, indent=1)
            f.write('\n')
        print('wrote', path)


if __name__ == '__main__':
    main()
