"""AUTO-07p reference for FitzHugh-Nagumo equilibrium continuation (src/continuation): the HB
points in I (a = 0.7, b = 0.8, tau = 12.5) from the equilibrium at I = 0, and the Hopf curves in
(I, a) through them. AUTO-07p (Debian package auto-07p, gfortran) runs auto_fhn.f90 in a
temporary directory; EPSL = EPSU = 1e-10, EPSS = 1e-8; 11 significant digits kept.

Reproduce: /usr/bin/python3 test/references/auto_fhn.py   (writes test/references/auto_fhn.json;
AUTO's own log goes to stdout)
"""
import json, os, shutil, sys, tempfile
import numpy
numpy.bool = bool  # AUTO-07p's Python layer still names this removed alias
sys.path.insert(0, '/usr/lib/auto-07p/python')
import auto  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
a, b, tau = 0.7, 0.8, 12.5
# equilibrium at I = 0: w = (v + a)/b in v - v^3/3 - w = 0, the real root of the cubic
roots = numpy.roots([-1 / 3, 0, 1 - 1 / b, -a / b])
v0 = float(roots[numpy.abs(roots.imag) < 1e-12].real[0])
COMMON = dict(e='auto_fhn', NDIM=2, IPS=1, ILP=1, ISP=1, JAC=0, NMX=2000, DSMIN=1e-7, EPSL=1e-10, EPSU=1e-10, EPSS=1e-8, NPR=100000)


def main():
    work = tempfile.mkdtemp()
    shutil.copy(os.path.join(HERE, 'auto_fhn.f90'), work)
    cwd = os.getcwd()
    os.chdir(work)
    res = {}
    try:
        eq = auto.run(U={1: v0, 2: (v0 + a) / b}, PAR={1: 0.0, 2: a, 3: b, 4: tau}, ICP=[1], ISW=1, DS=0.01, DSMAX=0.05, UZSTOP={1: 2.0}, **COMMON)
        res['HB'] = [{'I': float(s['PAR(1)']), 'v': float(s['U(1)'])} for s in eq() if s['TY name'] == 'HB']
        res['LP'] = [{'I': float(s['PAR(1)'])} for s in eq() if s['TY name'] == 'LP']
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(HERE, 'auto_fhn.json'), 'w') as f:
        f.write(json.dumps(res, indent=1) + '\n')


main()
