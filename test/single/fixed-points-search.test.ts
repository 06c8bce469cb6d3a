import { describe, it, expect } from 'vitest';
import { loadModel, Model } from '../../src/index.js';
import { fixedPoints, classify } from '../../src/single/fixed-points.js';
import { phasePortrait } from '../../src/single/phase.js';
import { limitCycle } from '../../src/single/limit-cycle.js';
import { bifurcation } from '../../src/single/bifurcation.js';
import lorenz from '../references/lorenz.json';

const lorenzModel = (): Model => Model.fromEquations('lorenz', ["x' = s*(y - x)", "y' = x*(r - z) - y", "z' = x*y - b*z"], lorenz.params, { init: { x: 1, y: 1, z: 1 } });

/** v_i' = −2 v_i + v_{i+1} + 1 around a ring: one equilibrium, all v_i = 1 (−2 + 1 + 1 = 0). */
const ring = (N: number): Model => Model.fromEquations(`ring${N}`, Array.from({ length: N }, (_, i) => `v${i}' = -2*v${i} + v${(i + 1) % N} + 1`));

describe('fixed points: the search finds every equilibrium or says it may not have', () => {
  // Reference: test/references/lorenz.py — closed form (±√(b(r−1)), ±√(b(r−1)), r−1) and the origin;
  // eigenvalues: closed form at the origin, roots of the characteristic cubic at C± (mpmath).
  it('Lorenz, default search: all three equilibria, and the search says it was not exhaustive (no ranges)', () => {
    const fps = fixedPoints(lorenzModel());
    expect(fps).toHaveLength(3);
    fps.forEach((f, k) => {
      for (const v of ['x', 'y', 'z'] as const) expect(Math.abs(f.state[v] - lorenz.points[k][v])).toBeLessThan(1e-12);
    });
    expect(fps.complete).toBe(false);
    expect(fps.unbounded).toEqual(['x', 'y', 'z']);
    expect(fps.reason).toMatch(/no range for x, y, z: the state space is unbounded/);
  });

  it('Lorenz with a range for every variable: all three, complete, with closed-form eigenvalues and names', () => {
    const fps = fixedPoints(lorenzModel(), { ranges: { x: [-20, 20], y: [-20, 20], z: [-5, 40] } });
    expect(fps.map((f) => f.stability)).toEqual(['saddle-focus', 'saddle', 'saddle-focus']);
    expect(fps.complete).toBe(true);
    expect(fps.reason).toBeNull();
    fps[1].eigenvalues.forEach((l, i) => expect(Math.abs(l.re - lorenz.origin_eigenvalues[i])).toBeLessThan(1e-12));
    for (const k of [0, 2]) {
      fps[k].eigenvalues.forEach((l, i) => {
        expect(Math.abs(l.re - lorenz.c_eigenvalues[i][0])).toBeLessThan(1e-11);
        expect(Math.abs(l.im - lorenz.c_eigenvalues[i][1])).toBeLessThan(1e-11);
      });
      // a complex unstable pair with a stable real eigenvalue
      expect(fps[k].unstableDimension).toBe(2);
    }
  });

  it('Lorenz seeded only far from C±: deflation still finds them', () => {
    const fps = fixedPoints(lorenzModel(), { ranges: { x: [-1, 30], y: [-1, 30], z: [-1, 40] }, grid: 1 });
    expect(fps.map((f) => Math.round(f.state.z))).toEqual([0, 27]);
  });

  for (const N of [3, 4, 10, 100]) {
    it(`linear ring of ${N}: the one equilibrium (all 1), exact and complete, eigenvalues −2 + ω^k`, () => {
      const fps = fixedPoints(ring(N));
      expect(fps).toHaveLength(1);
      Object.values(fps[0].state).forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-14));
      expect(fps.complete).toBe(true);
      // closed form of a circulant: the largest real part is −2 + 1 = −1 (k = 0)
      expect(Math.abs(fps[0].eigenvalues[N - 1].re + 1)).toBeLessThan(1e-13);
      expect(fps[0].stable).toBe(true);
    });
  }

  it('a linear ring no longer breaks the phase plane, limit cycle and bifurcation (mathjs eigs failed there)', () => {
    const m = ring(3);
    const pp = phasePortrait(m, { x: 'v0:0:2', y: 'v1:0:2', arrows: 0, resolution: 41, separatrices: false });
    expect(pp.fixedPoints).toHaveLength(1);
    expect(limitCycle(m, {}).found).toBe(false);
    const mp = Model.fromEquations('ringI', ["v0' = -2*v0 + v1 + I", "v1' = -2*v1 + v2 + I", "v2' = -2*v2 + v0 + I"], { I: 1 });
    const b = bifurcation(mp, { param: 'I', from: 0, to: 2, steps: 5, cycles: false });
    expect(b.branches).toHaveLength(1);
    // closed form: v_i = I along the branch
    b.branches[0].param.forEach((I, j) => expect(Math.abs(b.branches[0].state.v0[j] - I)).toBeLessThan(1e-12));
  });

  it('a continuum of equilibria is reported as a possibly incomplete search', () => {
    // linear: x = y is a line of equilibria
    const lin = fixedPoints(Model.fromEquations('line', ["x' = y - x", "y' = x - y"]));
    expect(lin.complete).toBe(false);
    expect(lin.reason).toMatch(/singular Jacobian.*continuum/);
    // nonlinear: the line y = 0 (any x) and the isolated point (1, 2)
    const nl = fixedPoints(Model.fromEquations('mixed', ["x' = y*(x - 1)", "y' = y*(y - 2)"]), { ranges: { x: [-3, 3], y: [-3, 3] } });
    expect(nl.complete).toBe(false);
    expect(nl.reason).toMatch(/zero eigenvalue: it may lie on a continuum/);
    expect(nl.some((f) => Math.abs(f.state.x - 1) < 1e-12 && Math.abs(f.state.y - 2) < 1e-12)).toBe(true);
  });

  it('a piecewise-linear model is not taken for an affine one (both equilibria, 0 and 2)', () => {
    // v' = −v + 2·max(0, v − 1): v = 0 below the kink, −v + 2v − 2 = 0 → v = 2 above it
    const m = Model.fromEquations('kink', ["v' = -v + 2*max(0, v - 1)"]);
    const fps = fixedPoints(m, { ranges: { v: [-5, 5] } });
    expect(fps.map((f) => f.state.v)).toEqual([0, 2]);
    expect(fps.map((f) => f.stability)).toEqual(['stable node', 'unstable node']);
  });

  it('the bundled two-variable models with ranges: complete, the known points', () => {
    const izh = fixedPoints(loadModel('izhikevich').with({ I: 0 }), { ranges: { v: [-100, 0], u: [-30, 10] } });
    expect(izh.map((f) => Math.round(f.state.v))).toEqual([-70, -50]);
    expect(izh.complete).toBe(true);
  });
});

describe('stability names in any dimension', () => {
  const kind = (values: { re: number; im: number }[]): string => classify(values).stability;
  it('saddle-focus: a split spectrum with a complex pair (either side); saddle: all real', () => {
    expect(kind([{ re: -3, im: 0 }, { re: 1, im: -2 }, { re: 1, im: 2 }])).toBe('saddle-focus');
    expect(kind([{ re: -1, im: -2 }, { re: -1, im: 2 }, { re: 3, im: 0 }])).toBe('saddle-focus');
    expect(kind([{ re: -2, im: 0 }, { re: -1, im: 0 }, { re: 1, im: 0 }])).toBe('saddle');
    expect(kind([{ re: -3, im: 0 }, { re: -1, im: -2 }, { re: -1, im: 2 }])).toBe('stable focus');
    expect(kind([{ re: 1, im: 0 }, { re: 2, im: -2 }, { re: 2, im: 2 }])).toBe('unstable focus');
    expect(kind([{ re: -1, im: 0 }, { re: 0, im: -2 }, { re: 0, im: 2 }])).toBe('degenerate');
  });

  it('Hodgkin–Huxley at I = 10: the unstable rest state is a saddle-focus (complex unstable pair, stable real pair)', () => {
    const fps = fixedPoints(loadModel('hodgkin-huxley'), { params: { I: 10 } });
    expect(fps).toHaveLength(1);
    const f = fps[0];
    expect(f.eigenvalues.filter((l) => l.re > 0 && l.im !== 0)).toHaveLength(2);
    expect(f.eigenvalues.filter((l) => l.re < 0 && l.im === 0)).toHaveLength(2);
    expect(f.stability).toBe('saddle-focus');
  });
});

/** Every root of a scalar function on [a, b]: sign changes on a fine grid, then bisection to rounding. */
function roots1d(F: (v: number) => number, a: number, b: number, cells = 200000): number[] {
  const out: number[] = [];
  let x0 = a, f0 = F(a);
  for (let k = 1; k <= cells; k++) {
    const x1 = a + ((b - a) * k) / cells, f1 = F(x1);
    if (f0 === 0) out.push(x0);
    else if (f0 * f1 < 0) {
      let lo = x0, hi = x1;
      for (let it = 0; it < 200 && hi - lo > 1e-14 * Math.abs(lo); it++) {
        const mid = (lo + hi) / 2;
        if (F(mid) * f0 > 0) lo = mid;
        else hi = mid;
      }
      out.push((lo + hi) / 2);
    }
    x0 = x1;
    f0 = f1;
  }
  return out;
}

describe('fixed points: the default search finds every equilibrium of the bundled models', () => {
  // Reference: on the w-nullcline each model reduces to one equation in v (Morris–Lecar:
  // w = w_inf(v); AdEx: w = a(v − EL)), whose roots a fine sign-change scan plus bisection finds
  // independently of the Newton search.
  const tanh = Math.tanh;
  it('Morris–Lecar (the saddle-node set gCa = 4, V3 = 12, V4 = 17.4, phi = 1/15): one or three equilibria', () => {
    const q = { gCa: 4, V3: 12, V4: 17.4, phi: 1 / 15 };
    const [gL, VL, VCa, gK, VK, V1, V2] = [2, -60, 120, 8, -84, -1.2, 18];
    for (const I of [0, 30, 40, 45, 100]) {
      const F = (v: number): number => I - gL * (v - VL) - q.gCa * 0.5 * (1 + tanh((v - V1) / V2)) * (v - VCa) - gK * 0.5 * (1 + tanh((v - q.V3) / q.V4)) * (v - VK);
      const want = roots1d(F, -100, 130);
      // numpy sign-change count on the same interval: three equilibria at I = 0 and 30, one above
      expect(want).toHaveLength(I <= 30 ? 3 : 1);
      const fps = fixedPoints(loadModel('morris-lecar'), { params: { ...q, I } });
      expect(fps.map((f) => f.state.v), `I = ${I}`).toHaveLength(want.length);
      fps.forEach((f, k) => expect(Math.abs(f.state.v - want[k])).toBeLessThan(1e-9));
    }
  });

  it('AdEx below rheobase: the rest state and the saddle near VT', () => {
    const [gL, EL, VT, DT, a] = [30, -70.6, -50.4, 2, 4];
    for (const I of [0, 200, 500]) {
      const F = (v: number): number => -(gL + a) * (v - EL) + gL * DT * Math.exp((v - VT) / DT) + I;
      const want = roots1d(F, -120, 0);
      expect(want).toHaveLength(2);
      const fps = fixedPoints(loadModel('adex'), { params: { I } });
      expect(fps.map((f) => f.state.v), `I = ${I}`).toHaveLength(2);
      fps.forEach((f, k) => expect(Math.abs(f.state.v - want[k])).toBeLessThan(1e-9));
      expect(fps.map((f) => f.stability)).toEqual(['stable node', 'saddle']);
    }
  });
});
