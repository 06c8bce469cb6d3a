"""AUTO-07p references for Morris-Lecar equilibrium continuation (src/continuation).

Runs AUTO-07p (Debian package auto-07p, gfortran) on auto_ml.f90 in a temporary directory:
  1. Hopf set (bundled values), I from 0 to 300: HB points.
  2. SNIC set (gCa = 4, V3 = 12, V4 = 17.4, phi = 1/15), I from 0: LP and HB points.
  3. From the SNIC set's LP: the fold curve in (I, gCa), both directions (ISW = 2): BT and CP.
  4. From the Hopf set's first HB point: the Hopf curve in (I, phi), both directions: GH.
     AUTO reports one GH (I = 124.47); l1 > 0 at both ends of the curve's one-parameter
     crossings means the sign changes an even number of times, and isocline finds a second GH at
     I = 165.69, phi = 0.2539 that AUTO's GH test passes without reporting.
Starting equilibria at I = 0 come from I_ss(v) = 0 (brentq), gates at steady state.
AUTO's tolerances: EPSL = EPSU = 1e-10 (1e-8 on the two-parameter curves), EPSS = 1e-8; its
solution files keep 11 significant digits, so these numbers are good to ~1e-9 relative.
AUTO-07p reports no CP on the fold curve (it passes the cusp, which the SciPy reduction in
continuation_eq.py locates); its BT agrees with that reduction to ~1e-9.

Reproduce: /usr/bin/python3 test/references/auto_ml.py   (writes test/references/auto_ml.json;
AUTO's own log goes to stdout)
"""
import json, os, shutil, sys, tempfile
import numpy
numpy.bool = bool  # AUTO-07p's Python layer still names this removed alias
sys.path.insert(0, '/usr/lib/auto-07p/python')
import auto  # noqa: E402
from scipy.optimize import brentq  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HOPF = dict(gCa=4.4, V3=2.0, V4=30.0, phi=0.04)
SNIC = dict(gCa=4.0, V3=12.0, V4=17.4, phi=1 / 15)


def rest(p):
    def Iss(v):
        m = 0.5 * (1 + numpy.tanh((v + 1.2) / 18)); w = 0.5 * (1 + numpy.tanh((v - p['V3']) / p['V4']))
        return 2 * (v + 60) + p['gCa'] * m * (v - 120) + 8 * w * (v + 84)
    v = brentq(Iss, -80, -30, xtol=1e-14)
    return v, 0.5 * (1 + numpy.tanh((v - p['V3']) / p['V4']))


COMMON = dict(e='auto_ml', NDIM=2, IPS=1, ILP=1, ISP=1, JAC=0, NMX=3000, DSMIN=1e-7, EPSL=1e-10, EPSU=1e-10, EPSS=1e-8, NPR=100000)
# the two-parameter (extended) systems do not converge to 1e-10 with AUTO's difference Jacobian
TWO = dict(COMMON, EPSL=1e-8, EPSU=1e-8, ITNW=20, NWTN=5, NMX=800)


def points(bd, types):
    out = []
    for s in bd():
        if s['TY name'] in types:
            out.append({'type': s['TY name'], 'I': float(s['PAR(1)']), 'gCa': float(s['PAR(2)']), 'phi': float(s['PAR(5)']), 'v': float(s['U(1)'])})
    return out


def main():
    work = tempfile.mkdtemp()
    shutil.copy(os.path.join(HERE, 'auto_ml.f90'), work)
    cwd = os.getcwd()
    os.chdir(work)
    res = {}
    try:
        if True:  # AUTO's runner blocks when stdout is redirected to a StringIO; let it print
            for name, p in (('hopf_set', HOPF), ('snic_set', SNIC)):
                v, w = rest(p)
                par = {1: 0.0, 2: p['gCa'], 3: p['V3'], 4: p['V4'], 5: p['phi']}
                eq = auto.run(U={1: v, 2: w}, PAR=par, ICP=[1], ISW=1, DS=0.1, DSMAX=2.0, UZSTOP={1: [-50.0, 300.0]}, **COMMON)
                res[name] = points(eq, ('LP', 'HB'))
                if name == 'snic_set':
                    lp = eq('LP')[0]
                    curve = []
                    for ds in (0.05, -0.05):
                        curve += points(auto.run(lp, ICP=[1, 2], ISW=2, DS=ds, DSMAX=1.0, UZSTOP={1: [0.0, 300.0], 2: [2.0, 8.0]}, **TWO), ('BT', 'CP', 'ZH'))
                    res['snic_fold_I_gCa'] = curve
                else:
                    curve = []
                    # from the first HB only: the curve through it also passes the second (AUTO
                    # traced it from 86.57 to 219.78 at phi = 0.01); from the second, AUTO's
                    # backward run drives phi through 0 and stalls
                    for hb in eq('HB')[:1]:
                        for ds in (0.01, -0.01):
                            curve += points(auto.run(hb, ICP=[1, 5], ISW=2, DS=ds, DSMAX=0.5, UZSTOP={1: [0.0, 300.0], 5: [0.01, 0.5]}, **TWO), ('BT', 'GH', 'ZH'))
                    res['hopf_curve_I_phi'] = curve
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(HERE, 'auto_ml.json'), 'w') as f:
        f.write(json.dumps(res, indent=1) + '\n')


main()
