import { describe, it, expect } from 'vitest';
import { loadModel, Model, OptionError } from '../../src/index.js';
import { fixedPoints, classify } from '../../src/single/fixed-points.js';
import { eigen } from '../../src/single/eigen.js';
import fhn from '../references/fhn.json';
import izh from '../references/izhikevich_fixed.json';
import hh from '../references/hh_rest.json';
import lin from '../references/phase_linear.json';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** ‖J v − λ v‖ for a complex eigenpair: an independent check of any eigenvector. */
function residual(J: number[][], l: { re: number; im: number }, v: { re: number[]; im: number[] }): number {
  let r = 0;
  for (let i = 0; i < J.length; i++) {
    let re = 0, im = 0;
    for (let j = 0; j < J.length; j++) {
      re += J[i][j] * v.re[j];
      im += J[i][j] * v.im[j];
    }
    re -= l.re * v.re[i] - l.im * v.im[i];
    im -= l.re * v.im[i] + l.im * v.re[i];
    r = Math.max(r, Math.hypot(re, im));
  }
  return r;
}

describe('fixed points: FitzHugh–Nagumo (a = 0.7, b = 0.8, tau = 12.5)', () => {
  // Reference: test/references/fhn.py — roots of the cubic for v* (numpy.roots, Newton-polished),
  // eigenvalues of the analytic Jacobian [[1 − v*², −1], [1/tau, −b/tau]] (numpy.linalg.eigvals).
  for (const [I, key, kind] of [[0, 'I=0', 'stable focus'], [0.5, 'I=0.5', 'unstable focus']] as const) {
    it(`I = ${I}: one ${kind}, state and eigenvalues as the analytic Jacobian gives`, () => {
      const fps = fixedPoints(loadModel('fitzhugh-nagumo'), { params: { I }, ranges: { v: [-2.5, 2], w: [-1, 2] } });
      const ref = fhn.fixed_points[key];
      expect(fps).toHaveLength(ref.length);
      const f = fps[0];
      expect(Math.abs(f.state.v - ref[0].v)).toBeLessThan(1e-12);
      expect(Math.abs(f.state.w - ref[0].w)).toBeLessThan(1e-12);
      expect(f.stability).toBe(ref[0].type);
      expect(f.stability).toBe(kind);
      expect(f.stable).toBe(I === 0);
      f.eigenvalues.forEach((l, i) => {
        expect(Math.abs(l.re - ref[0].eig_re[i])).toBeLessThan(1e-13);
        expect(Math.abs(l.im - ref[0].eig_im[i])).toBeLessThan(1e-13);
      });
      // the symbolic Jacobian at the point is the analytic one
      expect(f.jacobian[0][0]).toBeCloseTo(1 - ref[0].v ** 2, 12);
      expect(f.jacobian[1]).toEqual([1 / 12.5, -0.8 / 12.5]);
      f.eigenvectors.forEach((v, i) => expect(residual(f.jacobian, f.eigenvalues[i], v!)).toBeLessThan(1e-14));
    });
  }
});

describe('fixed points: Izhikevich at I = 0', () => {
  // Reference: test/references/izhikevich_fixed.py — quadratic formula and the 2×2 eigenvalue
  // closed form in mpmath (40 digits).
  it('finds the stable node (−70, −14) and the saddle (−50, −10) with closed-form eigenvalues', () => {
    const fps = fixedPoints(loadModel('izhikevich').with({ I: 0 }), { ranges: { v: [-100, 0], u: [-30, 10] } });
    expect(fps.map((f) => f.stability)).toEqual(izh.fixed_points.map((f) => f.type));
    fps.forEach((f, k) => {
      const ref = izh.fixed_points[k];
      expect(Math.abs(f.state.v - ref.v)).toBeLessThan(1e-11);
      expect(Math.abs(f.state.u - ref.u)).toBeLessThan(1e-11);
      f.eigenvalues.forEach((l, i) => {
        expect(rel(l.re, ref.eigenvalues[i])).toBeLessThan(1e-12);
        expect(l.im).toBe(0);
      });
      f.eigenvectors.forEach((v, i) => expect(residual(f.jacobian, f.eigenvalues[i], v!)).toBeLessThan(1e-13));
    });
    expect(fps[1].unstableDimension).toBe(1);
  });

  it('default search (no ranges) around the initial state finds both as well', () => {
    const fps = fixedPoints(loadModel('izhikevich').with({ I: 0 }));
    expect(fps.map((f) => Math.round(f.state.v))).toEqual([-70, -50]);
  });
});

describe('fixed points: any number of variables (Hodgkin–Huxley rest, 4×4)', () => {
  // Reference: test/references/hh_rest.py — scipy fsolve for the rest state, sympy Jacobian,
  // numpy.linalg.eig for eigenvalues and eigenvectors (the Hessenberg–QR route of eigen.ts for n > 2).
  it('rest state, Jacobian, eigenvalues (one complex pair) and eigenvectors match numpy', () => {
    const fps = fixedPoints(loadModel('hodgkin-huxley'), { params: { I: 0 } });
    expect(fps).toHaveLength(1);
    const f = fps[0];
    for (const k of ['v', 'm', 'h', 'n'] as const) expect(rel(f.state[k], hh.state[k])).toBeLessThan(1e-10);
    f.jacobian.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x - hh.jacobian[i][j])).toBeLessThan(1e-9 * (1 + Math.abs(hh.jacobian[i][j])))));
    f.eigenvalues.forEach((l, i) => {
      expect(Math.abs(l.re - hh.eigenvalues[i].re)).toBeLessThan(1e-10);
      expect(Math.abs(l.im - hh.eigenvalues[i].im)).toBeLessThan(1e-10);
    });
    f.eigenvectors.forEach((v, i) => {
      expect(v).not.toBeNull();
      v!.re.forEach((x, j) => expect(Math.abs(x - hh.eigenvectors[i].re[j])).toBeLessThan(1e-8));
      v!.im.forEach((x, j) => expect(Math.abs(x - hh.eigenvectors[i].im[j])).toBeLessThan(1e-8));
    });
    expect(f.stability).toBe('stable focus');
  });
});

describe('eigen and classification', () => {
  it('linear saddle: eigenvalues ∓√7 and numpy eigenvectors (test/references/phase_linear.py)', () => {
    const e = eigen([[1, 2], [3, -1]]);
    e.values.forEach((l, i) => expect(Math.abs(l.re - lin.linear.eigenvalues[i])).toBeLessThan(1e-14));
    e.vectors.forEach((v, i) => v!.re.forEach((x, j) => expect(Math.abs(x - lin.linear.eigenvectors[i][j])).toBeLessThan(1e-14)));
  });

  it('classifies centre, degenerate, nodes, foci and saddles from known spectra', () => {
    const kind = (J: number[][]): string => classify(eigen(J).values, J).stability;
    expect(kind([[0, 1], [-1, 0]])).toBe('centre'); // ±i
    expect(kind([[0, 0], [0, -1]])).toBe('degenerate'); // 0, −1
    expect(kind([[-1, 0], [0, -2]])).toBe('stable node');
    expect(kind([[1, 0], [0, 2]])).toBe('unstable node');
    expect(kind([[-0.1, 1], [-1, -0.1]])).toBe('stable focus');
    expect(kind([[0.1, 1], [-1, 0.1]])).toBe('unstable focus');
    expect(kind([[1, 0], [0, -1]])).toBe('saddle');
    // 3×3 through the Hessenberg–QR route: eigenvalues −1, −2 ± 3i
    const J3 = [[-1, 0, 0], [0, -2, 3], [0, -3, -2]];
    const e3 = eigen(J3);
    expect(e3.values).toEqual([{ re: -2, im: -3 }, { re: -2, im: 3 }, { re: -1, im: 0 }].map((z) => ({ re: expect.closeTo(z.re, 12), im: expect.closeTo(z.im, 12) })));
    e3.vectors.forEach((v, i) => expect(residual(J3, e3.values[i], v!)).toBeLessThan(1e-12));
    expect(classify(e3.values, J3).stability).toBe('stable focus');
  });

  it('a defective matrix reports the missing eigenvector as null', () => {
    const e = eigen([[1, 1], [0, 1]]);
    expect(e.values).toEqual([{ re: 1, im: 0 }, { re: 1, im: 0 }]);
    expect(e.vectors.filter((v) => v === null)).toHaveLength(1);
  });

  it('bad input is a typed error naming the problem', () => {
    expect(() => eigen([[1, 2], [3]])).toThrow(OptionError);
    expect(() => eigen([[1, NaN], [0, 1]])).toThrow(/non-finite/);
    const m = Model.fromEquations('lin', ["x' = -x", "y' = -y"]);
    expect(() => fixedPoints(m, { ranges: { z: [0, 1] } })).toThrow(/no state variable 'z'/);
    expect(() => fixedPoints(m, { ranges: { x: [1, 0] } })).toThrow(/min < max/);
  });
});
