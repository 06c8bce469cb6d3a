import { describe, it, expect } from 'vitest';
import { loadModel, Model } from '../../src/index.js';
import { limitCycle } from '../../src/single/limit-cycle.js';
import fhn from '../references/fhn.json';
import rs from '../references/izhikevich_rs.json';
import nearHopf from '../references/fhn_near_hopf.json';
import { bifurcation } from '../../src/single/bifurcation.js';

describe('limit cycles', () => {
  it('FitzHugh–Nagumo at I = 0.5: period to 1e-6 relative (actually ~1e-10) and extremes', () => {
    // Reference: test/references/fhn.py — SciPy DOP853 at rtol = atol = 1e-13, period = mean of
    // the last 10 upward crossings of v = 0 (cross-checked with Radau to 2e-12); cycle extremes by
    // bounded minimisation of the dense output.
    const ref = fhn['limit_cycle_I0.5'];
    const lc = limitCycle(loadModel('fitzhugh-nagumo'), { params: { I: 0.5 } });
    expect(lc.found).toBe(true);
    if (!lc.found) return;
    expect(lc.kind).toBe('smooth');
    expect(lc.converged).toBe(true);
    expect(Math.abs(lc.period - ref.period) / ref.period).toBeLessThan(1e-9);
    expect(Math.abs(lc.min.v - ref.v_min)).toBeLessThan(1e-8);
    expect(Math.abs(lc.max.v - ref.v_max)).toBeLessThan(1e-8);
    expect(Math.abs(lc.min.w - ref.w_min)).toBeLessThan(1e-8);
    expect(Math.abs(lc.max.w - ref.w_max)).toBeLessThan(1e-8);
    // the orbit closes after one period
    const o = lc.orbit[lc.orbit.length - 1];
    const n = o.t.length - 1;
    expect(o.t[n]).toBeCloseTo(lc.period, 9);
    expect(Math.abs(o.y.v[n] - lc.start.v)).toBeLessThan(1e-6);
    expect(Math.abs(o.y.w[n] - lc.start.w)).toBeLessThan(1e-6);
  });

  it('FitzHugh–Nagumo just above the Hopf point, from next to the focus: the period, not a multiple', () => {
    // Reference: test/references/fhn_near_hopf.py — SciPy DOP853 at rtol = atol = 1e-12 to t = 6000,
    // period = mean of the last 20 upward crossings of v = 0 (spread 1e-12; Radau agrees to 1e-10).
    // The slow spiral out of the focus takes many chunks of phase 1, where a section condition that
    // held at a chunk's start used to count as a return (periods of 5 returns: 237 instead of 47).
    for (const I of [0.336, 0.34] as const) {
      const ref = nearHopf.period[`I=${I}`];
      const lc = limitCycle(loadModel('fitzhugh-nagumo'), { params: { I }, init: nearHopf.init });
      expect(lc.found, `I = ${I}`).toBe(true);
      if (!lc.found) return;
      expect(lc.returns).toBe(1);
      expect(Math.abs(lc.period - ref) / ref, `I = ${I}: ${lc.period} vs ${ref}`).toBeLessThan(1e-6);
    }
    // the bifurcation diagram's cycles come from the same search
    const d = bifurcation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0.3, to: 0.36, steps: 4 });
    const at = Array.from(d.cycles.param).findIndex((x) => Math.abs(x - 0.34) < 1e-12);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(Math.abs(d.cycles.period[at] - nearHopf.period['I=0.34']) / nearHopf.period['I=0.34']).toBeLessThan(1e-6);
  });

  it('an explicit section gives the same period', () => {
    const lc = limitCycle(loadModel('fitzhugh-nagumo'), { params: { I: 0.5 }, section: { variable: 'w', level: 0.5 } });
    expect(lc.found && Math.abs(lc.period - fhn['limit_cycle_I0.5'].period) / fhn['limit_cycle_I0.5'].period).toBeLessThan(1e-9);
  });

  it('FitzHugh–Nagumo at I = 0 settles at its stable focus: no cycle', () => {
    const lc = limitCycle(loadModel('fitzhugh-nagumo'), { params: { I: 0 } });
    expect(lc.found).toBe(false);
    if (lc.found) return;
    expect(lc.reason).toMatch(/fixed point/);
    expect(lc.final.v).toBeCloseTo(fhn.fixed_points['I=0'][0].v, 5);
  });

  it('Izhikevich RS, I = 10: the periodic spiking orbit, period = the steady ISI', () => {
    // Reference: test/references/izhikevich_rs.py — SciPy DOP853 (rtol = atol = 1e-12) spike
    // times with located events; the last ISIs have converged to 1e-12.
    const s = rs.spikes;
    const isi = s[s.length - 1] - s[s.length - 2];
    const lc = limitCycle(loadModel('izhikevich').preset('RS'), { params: { I: 10 } });
    expect(lc.found).toBe(true);
    if (!lc.found) return;
    expect(lc.kind).toBe('spiking');
    expect(lc.returns).toBe(1);
    expect(Math.abs(lc.period - isi) / isi).toBeLessThan(1e-8);
    expect(lc.max.v).toBeCloseTo(30, 6); // the threshold
    expect(lc.start.v).toBe(-65); // starts at the reset
    // one period from just after a reset to the next threshold crossing: no jump inside a segment
    for (const seg of lc.orbit) for (let i = 1; i < seg.t.length; i++) expect(Math.abs(seg.y.v[i] - seg.y.v[i - 1])).toBeLessThan(60);
    const last = lc.orbit[lc.orbit.length - 1];
    expect(last.y.v[last.t.length - 1]).toBeCloseTo(30, 4);
  });

  it('a linear oscillator with a known period (x\u2032 = y, y\u2032 = \u2212x + (1 − x² − y²)y form): period 2π', () => {
    // Closed form: x' = y + x(1 − r²), y' = −x + y(1 − r²) has the attracting unit circle,
    // traversed with angular speed 1, so the period is exactly 2π and x, y range over [−1, 1].
    const m = Model.fromEquations('hopf-normal', ["x' = y + x*(1 - x^2 - y^2)", "y' = -x + y*(1 - x^2 - y^2)"], {}, { init: { x: 0.1, y: 0 } });
    const lc = limitCycle(m);
    expect(lc.found).toBe(true);
    if (!lc.found) return;
    expect(Math.abs(lc.period - 2 * Math.PI) / (2 * Math.PI)).toBeLessThan(1e-9);
    expect(lc.min.x).toBeCloseTo(-1, 8);
    expect(lc.max.y).toBeCloseTo(1, 8);
  });

  it('bad options are typed errors', () => {
    const m = loadModel('fitzhugh-nagumo');
    expect(() => limitCycle(m, { section: { variable: 'q' } })).toThrow(/no state variable 'q'/);
    expect(() => limitCycle(m, { tolerance: 0 })).toThrow(/tolerance/);
    expect(() => limitCycle(m, { maxTime: -1 })).toThrow(/maxTime/);
  });
});
