import { describe, it, expect } from 'vitest';
import { Model, simulate } from '../../src/index.js';
// Exact solution of x' = y, y' = -w0^2 x - 2 zeta w0 y (w0 = 1, zeta = 0.1, x(0) = 1, y(0) = 0),
// evaluated with mpmath at 40 digits: test/references/linear.py.
import ref from '../references/linear.json';

const osc = new Model({
  name: 'damped-oscillator',
  variables: { x: { ddt: 'y', init: ref.params.x0 }, y: { ddt: '-w0^2*x - 2*zeta*w0*y', init: ref.params.y0 } },
  parameters: { w0: ref.params.w0, zeta: ref.params.zeta },
});

const exact = (t: number): { x: number; y: number } => {
  const row = ref.values.find((v) => v.t === t);
  if (!row) throw new Error(`no reference at t = ${t}`);
  return row;
};

/** Global error at time T: Euclidean distance of the final state from the exact one. */
function finalError(T: number, opts: Parameters<typeof simulate>[1]): number {
  const r = simulate(osc, { ...opts, t: T });
  const e = exact(T);
  return Math.hypot(r.final[0] - e.x, r.final[1] - e.y);
}

describe('damped linear oscillator against its exact solution (test/references/linear.py)', () => {
  it('odex at rtol 1e-9: every reference point within 1e-8 (on the dense-output sample grid)', () => {
    const r = simulate(osc, { t: 50, rtol: 1e-9, atol: 1e-12, sample: 1 });
    for (const { t, x, y } of ref.values) {
      const k = r.t.indexOf(t);
      expect(k).toBeGreaterThanOrEqual(0);
      // a global error of ~10 x rtol over ~8 periods is what an error-per-step control gives
      expect(Math.abs(r.y.x[k] - x)).toBeLessThan(1e-8);
      expect(Math.abs(r.y.y[k] - y)).toBeLessThan(1e-8);
    }
  });

  it('odex: the error shrinks in proportion to the tolerance', () => {
    const loose = finalError(20, { rtol: 1e-6, atol: 1e-9 });
    const tight = finalError(20, { rtol: 1e-12, atol: 1e-15 });
    expect(loose).toBeLessThan(1e-5);
    expect(tight).toBeLessThan(1e-11);
    expect(loose / tight).toBeGreaterThan(1e3);
  });

  it('rk4 at dt = 0.01 is 4th order over the whole state: halving dt divides the error by ~16', () => {
    for (const T of [10, 20]) {
      const e1 = finalError(T, { method: 'rk4', dt: 0.01 });
      const e2 = finalError(T, { method: 'rk4', dt: 0.005 });
      expect(e1).toBeLessThan(1e-9);
      expect(e1 / e2).toBeGreaterThan(12);
      expect(e1 / e2).toBeLessThan(20);
    }
  });

  it('euler is 1st order: halving dt halves the error', () => {
    for (const T of [10, 20]) {
      const e1 = finalError(T, { method: 'euler', dt: 0.01 });
      const e2 = finalError(T, { method: 'euler', dt: 0.005 });
      expect(e1 / e2).toBeGreaterThan(1.8);
      expect(e1 / e2).toBeLessThan(2.2);
    }
  });

  it('integrates backward (t1 < t0) from the exact state at t = 10 to the initial state', () => {
    const e = exact(10);
    const r = simulate(osc, { t: [10, 0], init: { x: e.x, y: e.y }, rtol: 1e-10, atol: 1e-13 });
    expect(Math.abs(r.final[0] - ref.params.x0)).toBeLessThan(1e-8);
    expect(Math.abs(r.final[1] - ref.params.y0)).toBeLessThan(1e-8);
    expect(r.t[0]).toBe(10);
    expect(r.t[r.t.length - 1]).toBe(0);
    for (let k = 1; k < r.t.length; k++) expect(r.t[k]).toBeLessThan(r.t[k - 1]);
  });

  it('backward with a sample grid lands on t0 - k*sample exactly', () => {
    const r = simulate(osc, { t: [10, 5], sample: 0.5, init: [exact(10).x, exact(10).y] });
    expect(Array.from(r.t)).toEqual(Array.from({ length: 11 }, (_, k) => 10 - 0.5 * k));
    const k = r.t.indexOf(5);
    expect(Math.abs(r.y.x[k] - exact(5).x)).toBeLessThan(1e-6);
  });
});
