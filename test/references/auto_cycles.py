"""AUTO-07p references for periodic-orbit continuation (test/continuation/cycles*.test.ts).

For each model (equations in auto_cycles_<model>.f90 and auto_ml_*.f90, written by hand from the bundled YAML files):
equilibria continued in I from the rest state at I = 0 (IPS=1), then from every Hopf point (HB)
the periodic orbits (IPS=2, ICP=[I, period]) with NTST=100, NCOL=4, tolerances EPSL=EPSU=1e-10,
EPSS=1e-10 (1e-7 for the equilibria); user points (UZR) give the period at chosen values of I. Special points recorded:
HB (I, state, period 2*pi/omega from the first cycle point), LP on cycle branches (LPC: I,
period), PD, TR (torus), UZ (I, period, max v, Floquet multipliers).

Reproduce (Debian packages auto-07p, gfortran, python3-numpy), a few minutes:
  cd test/references && /usr/bin/python3 auto_cycles.py > auto_cycles.json
(`auto_cycles.py hh` runs one model, for checking.)
The run compiles in a temporary directory; nothing else is written.
"""
import json, os, shutil, sys, tempfile, contextlib, io
import numpy
numpy.bool = numpy.bool_  # AUTO-07p's Points.py still uses the removed alias
sys.path.insert(0, '/usr/lib/auto-07p/python')
with contextlib.redirect_stdout(sys.stderr):
    import auto  # noqa: E402  (its banner goes to stderr, not into the JSON)

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = dict(EPSL=1e-10, EPSU=1e-10, EPSS=1e-10, NTST=100, NCOL=4, ILP=1, ISP=2, NPR=100000)
# Hopf points of equilibria are detected with EPSS=1e-7 (with 1e-10 AUTO misses HH's); the cycle
# runs restart from them and locate their own special points with EPSS=1e-10.

CASES = {
    'fhn': dict(file='auto_cycles_fhn', ndim=2, par={}, rl=(0.0, 2.0), dsmax_eq=0.05, dsmax_cyc=0.05, nmx=1500, uz=[0.32, 0.33, 0.5, 1.0]),
    'ml-hopf': dict(file='auto_ml_hopf', ndim=2, par={}, rl=(0.0, 300.0), dsmax_eq=0.5, dsmax_cyc=1.0, nmx=1500, uz=[90.0, 100.0, 150.0]),
    'ml-snic': dict(file='auto_ml_snic', ndim=2, par={}, rl=(0.0, 300.0), eq_rl=(-300.0, 300.0), dsmax_eq=0.5, dsmax_cyc=1.0, nmx=1500, uz=[60.0, 100.0]),
    'hh': dict(file='auto_cycles_hh', ndim=4, par={}, rl=(0.0, 200.0), dsmax_eq=0.5, dsmax_cyc=1.0, nmx=2000, uz=[8.0, 20.0, 50.0, 100.0]),
}


def quiet(f, *a, **k):
    with contextlib.redirect_stdout(io.StringIO()):
        return f(*a, **k)


def solution_record(s, ndim):
    return {'I': float(s['PAR(1)']), 'period': float(s['PAR(11)'])}


def main():
    out = {'generator': 'AUTO-07p (Debian auto-07p) via test/references/auto_cycles.py', 'settings': {k: v for k, v in TOL.items() if k != 'NPR'}, 'models': {}}
    work = tempfile.mkdtemp()
    for name in ('auto_cycles_common.f90', 'auto_cycles_fhn.f90', 'auto_ml_body.f90', 'auto_ml_hopf.f90', 'auto_ml_snic.f90', 'auto_cycles_hh.f90'):
        shutil.copy(os.path.join(HERE, name), work)
    os.chdir(work)
    only = sys.argv[1:]
    for key, c in CASES.items():
        if only and key not in only:
            continue
        parset = {k: v for k, v in c['par'].items()}
        eq = quiet(auto.run, e=c['file'], NDIM=c['ndim'], IRS=0, IPS=1, ISW=1, ICP=[1], DS=0.01, DSMAX=c['dsmax_eq'], NMX=5000,
                   UZSTOP={1: list(c.get('eq_rl', (c['rl'][0] - 1e-9, c['rl'][1])))}, **dict(TOL, EPSS=1e-7))
        hopf = []
        print(key, [(s['TY name'], float(s['PAR(1)'])) for s in eq()], file=sys.stderr)
        for s in eq():
            if s['TY name'] == 'HB':
                hopf.append({'I': float(s['PAR(1)']), 'hopf_period': float(s['PAR(11)']), 'state': [float(numpy.ravel(s['U(%d)' % (i + 1)])[0]) for i in range(c['ndim'])], 'label': s['LAB']})
        rec = {'hopf': [], 'params': parset,
               'LP': [float(s['PAR(1)']) for s in eq() if s['TY name'] == 'LP']}
        for h in hopf:
            hb = eq(h['label'])
            cyc = quiet(auto.run, hb, IPS=2, ICP=[1, 11], ISW=1, DS=0.01, DSMAX=c['dsmax_cyc'], NMX=c['nmx'],
                        UZR={1: c['uz']}, UZSTOP={1: [c['rl'][0], c['rl'][1]], 11: 2000.0}, **TOL)
            sols = cyc()
            entry = {'I': h['I'], 'state': h['state'], 'period': h['hopf_period'], 'LPC': [], 'PD': [], 'TR': [], 'UZ': []}
            for s in sols:
                ty = s['TY name']
                r = solution_record(s, c['ndim'])
                if ty == 'LP':
                    entry['LPC'].append(r)
                elif ty == 'PD':
                    entry['PD'].append(r)
                elif ty == 'TR':
                    entry['TR'].append(r)
                elif ty == 'UZ':
                    r['maxV'] = float(numpy.max(s['U(1)']))
                    entry['UZ'].append(r)
            br = cyc[0]
            entry['end'] = {'I': float(br[-1]['PAR(1)']), 'period': float(br[-1]['PERIOD']), 'points': len(br)}
            entry['max_period'] = float(max(br['PERIOD']))
            rec['hopf'].append(entry)
        out['models'][key] = rec
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
