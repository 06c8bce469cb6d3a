import { describe, it, expect } from 'vitest';
import { loadModel } from '../../src/index.js';
import { fiCurve } from '../../src/single/fi-curve.js';
import lif from '../references/lif.json';

describe('f–I curves', () => {
  it('LIF against its closed form f = 1000/(t_ref + tau ln(RI/(RI − θ))), rheobase θ/R = 1, class 1', () => {
    // Reference: test/references/lif.py — closed form in double precision (tau = 10 ms, R = 1,
    // θ = 1, t_ref = 4 ms, reset 0); f = 0 for RI ≤ θ.
    const fi = fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 5, steps: 21, rtol: 1e-10, tolerance: 1e-6 });
    expect(fi.rateUnit).toBe('Hz');
    fi.values.forEach((I, k) => {
      const ref = lif.fI[k];
      expect(I).toBeCloseTo(ref.I, 12);
      // at I = 1 exactly the membrane approaches θ only asymptotically: 0, exactly (the state
      // settles on the stable equilibrium v* = RI = θ on the threshold)
      if (ref.rate_hz === 0) expect(fi.rate[k]).toBe(0);
      else expect(Math.abs(fi.rate[k] - ref.rate_hz) / ref.rate_hz).toBeLessThan(1e-7);
    });
    expect(fi.rheobase).not.toBeNull();
    expect(Math.abs(fi.rheobase! - 1)).toBeLessThan(1e-5);
    expect(fi.excitability).toBe('class 1');
  });

  it('LIF rheobase: a bracket around θ/R = 1 and the limit of the rate there (0 for class 1), whatever the step count or direction', () => {
    // closed form (test/references/lif.py): f = 0 for RI ≤ θ, f → 0 as I ↓ θ/R (ISI ~ τ ln(1/(RI − θ)))
    for (const [from, to, steps] of [[0, 5, 41], [0, 5, 5], [5, 0, 41], [5, 0, 6]] as const) {
      const fi = fiCurve(loadModel('lif'), { param: 'I', from, to, steps });
      expect(fi.rheobaseBracket, `${from}..${to} in ${steps}`).not.toBeNull();
      const [lo, hi] = fi.rheobaseBracket!;
      expect(lo).toBeLessThanOrEqual(1);
      expect(hi).toBeGreaterThan(1);
      expect(hi - lo).toBeLessThanOrEqual(1e-4 * 5);
      expect(fi.rheobase).toBe((lo + hi) / 2);
      expect(fi.rateAtRheobase).toBe(0);
      expect(fi.excitability).toBe('class 1');
      // the rate of every value against the closed form, 1 included (reversed sweeps too)
      fi.values.forEach((I, k) => {
        const ref = I <= 1 ? 0 : 1000 / (4 + 10 * Math.log(I / (I - 1)));
        if (ref === 0) expect(fi.rate[k]).toBe(0);
        else expect(Math.abs(fi.rate[k] - ref) / ref).toBeLessThan(1e-5);
      });
    }
  });

  it('a stable steady state on the threshold reports 0 for any tolerance (no crossing at rounding level)', () => {
    for (const rtol of [1e-4, 1e-6, 1e-10]) {
      const fi = fiCurve(loadModel('lif'), { param: 'I', from: 0.5, to: 1, steps: 2, rtol, rheobase: false });
      expect(Array.from(fi.rate)).toEqual([0, 0]);
    }
  });

  it('Hodgkin–Huxley fires with a finite rate at onset: class 2', () => {
    // Hodgkin's class 2: the HH onset is a (subcritical) Hopf, the rate jumps to ~50 Hz
    // (Dayan & Abbott fig. 5.21; Gerstner et al., Neuronal Dynamics §4.4). A coarse sweep.
    const fi = fiCurve(loadModel('hodgkin-huxley'), { param: 'I', from: 4, to: 12, steps: 5, spike: { variable: 'v', threshold: 0 }, duration: 500, tolerance: 1e-2 });
    expect(fi.rate[0]).toBe(0);
    expect(fi.rate[4]).toBeGreaterThan(50);
    expect(fi.rheobase).toBeGreaterThan(5);
    expect(fi.rheobase).toBeLessThan(8);
    expect(fi.rateAtRheobase).toBeGreaterThan(40);
    expect(fi.excitability).toBe('class 2');
    // the jump is the rate at the bracket's firing end
    expect(fi.rheobaseBracket![1] - fi.rheobaseBracket![0]).toBeLessThanOrEqual(1e-2 * 8);
  });

  it('bad options are typed errors', () => {
    expect(() => fiCurve(loadModel('hodgkin-huxley'), { param: 'I', from: 0, to: 1 })).toThrow(/no spike event.*--spike v:0/);
    expect(() => fiCurve(loadModel('lif'), { param: 'Iext', from: 0, to: 1 })).toThrow(/no parameter 'Iext'/);
    expect(() => fiCurve(loadModel('lif'), { param: 'I', from: 1, to: 1 })).toThrow(/different/);
    expect(() => fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 1, steps: 1 })).toThrow(/steps/);
  });
});
