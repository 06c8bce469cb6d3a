/**
 * The fixed-step stepper (src/compile/stepper.ts): each explicit stencil of src/ir/methods.ts as a
 * whole-state step, with the stencil's arithmetic (checked against the formulas written out by
 * hand, bit for bit), its order of accuracy, in-place stepping, and simulate()'s method list.
 */
import { describe, expect, it } from 'vitest';
import { FIXED_STEP_METHODS, fixedStepper, stepperSource } from '../../src/compile/stepper.js';
import { STENCILS, type ExplicitStencil } from '../../src/ir/methods.js';
import { loadModel } from '../../src/model/modelfile.js';
import { METHODS, simulate } from '../../src/single/simulate.js';
import { OptionError } from '../../src/model/errors.js';

/** A nonlinear, time-dependent, coupled test system: y0' = -y1 + sin(t), y1' = y0 - y1^3/3. */
const f = (t: number, y: Float64Array, dy: Float64Array): void => {
  dy[0] = -y[1] + Math.sin(t);
  dy[1] = y[0] - (y[1] * y[1] * y[1]) / 3;
};

/** The methods written out by hand, in the stencils' operation order. */
const byHand: Record<string, (t: number, h: number, y: Float64Array) => Float64Array> = {
  euler: (t, h, y) => {
    const k1 = new Float64Array(2);
    f(t, y, k1);
    return y.map((v, i) => v + h * k1[i]);
  },
  rk2: (t, h, y) => {
    const k1 = new Float64Array(2), k2 = new Float64Array(2);
    f(t, y, k1);
    f(t + 0.5 * h, y.map((v, i) => v + 0.5 * h * k1[i]), k2);
    return y.map((v, i) => v + h * k2[i]);
  },
  rk4: (t, h, y) => {
    const k = [1, 2, 3, 4].map(() => new Float64Array(2));
    f(t, y, k[0]);
    f(t + 0.5 * h, y.map((v, i) => v + 0.5 * h * k[0][i]), k[1]);
    f(t + 0.5 * h, y.map((v, i) => v + 0.5 * h * k[1][i]), k[2]);
    f(t + h, y.map((v, i) => v + h * k[2][i]), k[3]);
    return y.map((v, i) => v + (h / 6) * (k[0][i] + 2 * k[1][i] + 2 * k[2][i] + k[3][i]));
  },
};

describe('fixedStepper', () => {
  it('offers the explicit stencils, and simulate() takes exactly those besides odex', () => {
    expect(FIXED_STEP_METHODS).toEqual(['euler', 'rk2', 'rk4']);
    expect(METHODS).toEqual(['odex', ...FIXED_STEP_METHODS]);
  });

  for (const m of ['euler', 'rk2', 'rk4'] as const) {
    it(`${m}: the stencil's arithmetic, bit for bit, over 200 steps; in place equals out of place`, () => {
      const s = fixedStepper(m, 2, f);
      expect(s.stages).toBe((STENCILS[m] as ExplicitStencil).stages.length);
      let ref: Float64Array = Float64Array.of(0.3, -0.7);
      const y = Float64Array.from(ref);
      const out = new Float64Array(2);
      for (let n = 0; n < 200; n++) {
        const t = n * 0.05;
        ref = byHand[m](t, 0.05, ref);
        s.step(t, 0.05, y, out);
        s.step(t, 0.05, y, y);
        expect([...out]).toEqual([...y]);
      }
      expect([...y]).toEqual([...ref]);
    });
  }

  it('converges with the order of each method (y\' = -y, y(1) = e^-1)', () => {
    const order: Record<string, number> = { euler: 1, rk2: 2, rk4: 4 };
    for (const m of FIXED_STEP_METHODS) {
      const err = [0.1, 0.05].map((h) => {
        const s = fixedStepper(m, 1, (_t, y, dy) => void (dy[0] = -y[0]));
        const y = Float64Array.of(1);
        for (let n = 0; n < Math.round(1 / h); n++) s.step(n * h, h, y, y);
        return Math.abs(y[0] - Math.exp(-1));
      });
      expect(Math.log2(err[0] / err[1])).toBeCloseTo(order[m], 0);
    }
  });

  it('refuses the methods that are not whole-state explicit stencils', () => {
    expect(() => fixedStepper('expeuler', 1, f)).toThrow(OptionError);
    expect(() => fixedStepper('sequential', 1, f)).toThrow(/no whole-state fixed-step form/);
  });

  it('generated source: stencil symbols mapped onto chosen identifiers, no stage copy at the step start', () => {
    const src = stepperSource(STENCILS.rk4 as ExplicitStencil);
    expect(src).toContain('f(t, from, K0);');
    expect(src).toContain('to[i] = (from[i] + ((h / 6) * (((K0[i] + (2 * K1[i])) + (2 * K2[i])) + K3[i])));');
    expect(src).not.toMatch(/\bk\d\b/);
  });
});

describe('simulate() with rk2', () => {
  it('is the midpoint method: halving dt quarters the error of a spike time (Izhikevich, I = 10)', () => {
    const izh = loadModel('izhikevich');
    const ref = simulate(izh, { t: 100, params: { I: 10 }, rtol: 1e-12, atol: 1e-12 }).spikes[0];
    const first = (dt: number): number => simulate(izh, { t: 100, method: 'rk2', dt, params: { I: 10 } }).spikes[0];
    const err = [0.02, 0.01].map((dt) => Math.abs(first(dt) - ref));
    expect(err[0] / err[1]).toBeGreaterThan(3);
    expect(err[0] / err[1]).toBeLessThan(5);
  });

  it('counts two evaluations per step', () => {
    const r = simulate(loadModel('fitzhugh-nagumo'), { t: 10, method: 'rk2', dt: 0.1 });
    expect(r.method).toBe('rk2');
    expect(r.stats.steps).toBe(100);
    expect(r.stats.evaluations).toBe(200);
  });
});
