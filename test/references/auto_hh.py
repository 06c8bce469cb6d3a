"""AUTO-07p reference for Hodgkin-Huxley (bundled) equilibrium continuation in I from 0 to 200:
its HB points. AUTO-07p (Debian package auto-07p, gfortran) runs auto_hh.f90 in a temporary
directory; EPSL = EPSU = 1e-10, EPSS = 1e-8; 11 significant digits kept. The starting rest state
at I = 0 is found by brentq on I_ss(v) = 0 with the gates at steady state.

Reproduce: /usr/bin/python3 test/references/auto_hh.py   (writes test/references/auto_hh.json;
AUTO's own log goes to stdout)
"""
import json, os, shutil, sys, tempfile
import numpy as np
np.bool = bool  # AUTO-07p's Python layer still names this removed alias
sys.path.insert(0, '/usr/lib/auto-07p/python')
import auto  # noqa: E402
from scipy.optimize import brentq  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def gates(v):
    x = -(v + 40) / 10; am = x / np.expm1(x); bm = 4 * np.exp(-(v + 65) / 18)
    ah = 0.07 * np.exp(-(v + 65) / 20); bh = 1 / (1 + np.exp(-(v + 35) / 10))
    y = -(v + 55) / 10; an = 0.1 * y / np.expm1(y); bn = 0.125 * np.exp(-(v + 65) / 80)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


def Iss(v):
    m, h, n = gates(v)
    return 120 * m ** 3 * h * (v - 50) + 36 * n ** 4 * (v + 77) + 0.3 * (v + 54.387)


v0 = brentq(Iss, -70.0001, -60.0001, xtol=1e-14)
m0, h0, n0 = gates(v0)
COMMON = dict(e='auto_hh', NDIM=4, IPS=1, ILP=1, ISP=1, JAC=0, NMX=3000, DSMIN=1e-7, EPSL=1e-10, EPSU=1e-10, EPSS=1e-8, NPR=100000)


def main():
    work = tempfile.mkdtemp()
    shutil.copy(os.path.join(HERE, 'auto_hh.f90'), work)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        eq = auto.run(U={1: v0, 2: m0, 3: h0, 4: n0}, PAR={1: 0.0}, ICP=[1], ISW=1, DS=0.1, DSMAX=2.0, UZSTOP={1: 200.0}, **COMMON)
        res = {'HB': [{'I': float(s['PAR(1)']), 'v': float(s['U(1)'])} for s in eq() if s['TY name'] == 'HB'],
               'LP': [{'I': float(s['PAR(1)'])} for s in eq() if s['TY name'] == 'LP']}
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(HERE, 'auto_hh.json'), 'w') as f:
        f.write(json.dumps(res, indent=1) + '\n')


main()
