"""AUTO-07p: the FitzHugh–Nagumo folds of cycles (canard explosions) and their periods, against mesh
and step (test/continuation/cycles-lpc-period.test.ts reads auto_fhn_lpc.json).

At a canard the period changes by ~40 while I changes by ~1e-8, so the period at the fold is far
more sensitive to the discretisation than I: this run repeats auto_cycles.py's FHN cycle run (from
each Hopf point, NCOL=4, EPSL=EPSU=EPSS=1e-10) for NTST = 100, 200, 400 (DSMAX = 0.05, NMX = 6000: about two turns of the closed branch), and
records every LP of cycles (I, period).

Reproduce (Debian auto-07p, gfortran, python3-numpy), a few minutes:
  cd test/references && /usr/bin/python3 auto_fhn_lpc.py > auto_fhn_lpc.json
"""
import json, os, shutil, sys, tempfile
import auto_cycles as ac

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    work = tempfile.mkdtemp()
    for name in ('auto_cycles_common.f90', 'auto_cycles_fhn.f90'):
        shutil.copy(os.path.join(HERE, name), work)
    os.chdir(work)
    c = ac.CASES['fhn']
    tol = dict(ac.TOL, EPSS=1e-7)
    eq = ac.quiet(ac.auto.run, e=c['file'], NDIM=2, IRS=0, IPS=1, ISW=1, ICP=[1], DS=0.01, DSMAX=c['dsmax_eq'], NMX=5000,
                  UZSTOP={1: [c['rl'][0] - 1e-9, c['rl'][1]]}, **tol)
    hb = [s for s in eq() if s['TY name'] == 'HB']
    runs = []
    for ntst in (100, 200, 400):
        for dsmax in (0.05,):
            for h in hb:
                cyc = ac.quiet(ac.auto.run, eq(h['LAB']), IPS=2, ICP=[1, 11], ISW=1, DS=0.01, DSMAX=dsmax, NMX=6000,
                               UZSTOP={1: [c['rl'][0], c['rl'][1]], 11: 2000.0}, **dict(ac.TOL, NTST=ntst))
                lp = [{'I': float(s['PAR(1)']), 'period': float(s['PERIOD'])} for s in cyc() if s['TY name'] == 'LP']
                runs.append({'NTST': ntst, 'DSMAX': dsmax, 'hopf_I': float(h['PAR(1)']), 'LPC': lp})
                print(ntst, dsmax, float(h['PAR(1)']), lp, file=sys.stderr)
    json.dump({'generator': 'AUTO-07p (Debian auto-07p) via test/references/auto_fhn_lpc.py', 'settings': {k: v for k, v in ac.TOL.items() if k not in ('NPR', 'NTST')}, 'runs': runs}, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
