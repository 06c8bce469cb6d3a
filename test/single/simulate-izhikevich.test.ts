import { describe, it, expect } from 'vitest';
import { loadModel, simulate, SimulationError } from '../../src/index.js';
// Spike times from SciPy solve_ivp (DOP853, rtol = atol = 1e-12, terminal events located with
// brentq on the dense output, restart from the reset state), cross-checked with Radau:
// test/references/_izh.py and izhikevich_rs.py / izhikevich_fs.py / izhikevich_step.py.
import rs from '../references/izhikevich_rs.json';
import fs from '../references/izhikevich_fs.json';
import step from '../references/izhikevich_step.json';

const izh = loadModel('izhikevich');

function maxDiff(got: number[], want: number[]): number {
  expect(got.length).toBe(want.length);
  return Math.max(...want.map((w, i) => Math.abs(got[i] - w)));
}

const TIGHT = { rtol: 1e-10, atol: 1e-12 };

describe('Izhikevich spike times against SciPy', () => {
  it('the references agree with their own cross-check far below the tolerances tested here', () => {
    for (const r of [rs, fs, step]) expect(r.cross_check_max_diff).toBeLessThan(1e-9);
  });

  it('RS, I = 10 from v = -65, u = -13: every spike in 1000 ms within 1e-3 ms (default tolerances)', () => {
    const r = simulate(izh.preset('RS'), { t: 1000, init: { v: -65, u: -13 }, params: { I: 10 } });
    expect(maxDiff(r.spikes, rs.spikes)).toBeLessThan(1e-3);
  });

  it('RS at rtol 1e-10, atol 1e-12: within 1e-6 ms', () => {
    const r = simulate(izh.preset('RS'), { t: 1000, init: { v: -65, u: -13 }, params: { I: 10 }, ...TIGHT });
    expect(maxDiff(r.spikes, rs.spikes)).toBeLessThan(1e-6);
  });

  it('FS, I = 10: within 1e-3 ms by default and 1e-6 ms at rtol 1e-10', () => {
    const m = izh.preset('FS');
    const opts = { t: 1000, init: { v: -65, u: -13 }, params: { I: 10 } };
    expect(maxDiff(simulate(m, opts).spikes, fs.spikes)).toBeLessThan(1e-3);
    expect(maxDiff(simulate(m, { ...opts, ...TIGHT }).spikes, fs.spikes)).toBeLessThan(1e-6);
  });

  describe('RS with a step current as a time-dependent input (I = 7 for 200 < t < 700)', () => {
    const m = izh.preset('RS').with({ I: 't > 200 and t < 700 ? 7 : 0' });
    const opts = { t: 1000, init: { v: -65, u: -14 } };

    it('the adaptive solver steps over the jumps accurately enough: 1e-3 ms by default, 1e-6 ms tight', () => {
      // odex rejects the steps that straddle t = 200 and 700 and shrinks onto the jump
      expect(maxDiff(simulate(m, opts).spikes, step.spikes)).toBeLessThan(1e-3);
      expect(maxDiff(simulate(m, { ...opts, ...TIGHT }).spikes, step.spikes)).toBeLessThan(1e-6);
    });

    it('with breakpoints at the jumps (as the reference integrates): same accuracy, no step rejected at the jumps', () => {
      const plain = simulate(m, opts);
      const split = simulate(m, { ...opts, breakpoints: [200, 700] });
      expect(maxDiff(split.spikes, step.spikes)).toBeLessThan(1e-3);
      expect(maxDiff(simulate(m, { ...opts, ...TIGHT, breakpoints: [700, 200, 2000] }).spikes, step.spikes)).toBeLessThan(1e-6);
      expect(split.stats.rejected).toBeLessThan(plain.stats.rejected);
      // the solver stops exactly at each breakpoint, so both are output times
      expect(split.t.includes(200) && split.t.includes(700)).toBe(true);
    });

    it('the input really switches: no spike before 200 or after the last one near 700', () => {
      const r = simulate(m, opts);
      expect(r.spikes[0]).toBeGreaterThan(200);
      expect(r.spikes[r.spikes.length - 1]).toBeLessThan(710);
    });
  });

  it('a 10 s RS run completes and settles on the reference period', () => {
    // Tonic firing: the last ISIs of the 1 s reference agree to 1e-12 ms, so that is the period;
    // the spike count over 10 s follows from it.
    const isi = rs.spikes[22] - rs.spikes[21];
    expect(Math.abs(rs.spikes[21] - rs.spikes[20] - isi)).toBeLessThan(1e-9);
    const r = simulate(izh.preset('RS'), { t: 10_000, init: { v: -65, u: -13 }, params: { I: 10 } });
    expect(r.spikes.length).toBe(23 + Math.floor((10_000 - rs.spikes[22]) / isi));
    expect(maxDiff(r.spikes.slice(0, 23), rs.spikes)).toBeLessThan(1e-3);
    const n = r.spikes.length;
    expect(Math.abs(r.spikes[n - 1] - r.spikes[n - 2] - isi)).toBeLessThan(1e-4);
    // and the same run at rtol 1e-10 (many more steps) stays within the default step budget
    const tight = simulate(izh.preset('RS'), { t: 10_000, init: { v: -65, u: -13 }, params: { I: 10 }, ...TIGHT });
    expect(tight.spikes.length).toBe(r.spikes.length);
  });

  it('an exhausted step budget is a SimulationError that says what to do', () => {
    const run = () => simulate(izh.preset('RS'), { t: 1000, params: { I: 10 }, maxSteps: 5 });
    expect(run).toThrow(SimulationError);
    expect(run).toThrow(/more than 5 steps.*maxSteps/);
  });

  it('an init override of v feeds the init expression u = b*v', () => {
    const r = simulate(izh.preset('RS'), { t: 1, init: { v: -70 } });
    expect(r.y.u[0]).toBe(0.2 * -70);
    expect(r.y.v[0]).toBe(-70);
  });
});
