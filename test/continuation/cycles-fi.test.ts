/**
 * Class-2 excitability through continuation: for Morris–Lecar's Hopf set (bundled) repetitive
 * firing, followed down in the current from a firing state, stops at the fold of cycles (LPC),
 * not at the Hopf point (between the two the model is bistable). The simulated f–I onset
 * (fi-curve.ts: bisection on whether a run from a state on the firing cycle fires repetitively,
 * to 1e-4 of the 10-wide range) is an independent check of the LPC that collocation locates.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/modelfile.js';
import { bifurcation } from '../../src/single/bifurcation.js';
import { fiCurve } from '../../src/single/fi-curve.js';
import { limitCycle } from '../../src/single/limit-cycle.js';
import { continueCyclesFromHopf } from '../../src/continuation/cycles.js';

describe('Morris–Lecar (Hopf set): f–I onset from simulation against the fold of cycles', () => {
  const ml = loadModel('morris-lecar');
  const hopf = bifurcation(ml, { param: 'I', from: 0, to: 150, cycles: false, steps: 151 }).points.filter((p) => p.type === 'hopf')[0];
  const r = continueCyclesFromHopf(ml, { type: 'H', param: hopf.param, state: hopf.state }, { param: 'I', from: 0, to: 150 });
  const lpc = r.special.filter((s) => s.type === 'LPC').map((s) => s.param);

  it('the onset of firing from a firing state is the LPC', () => {
    expect(lpc).toHaveLength(1);
    const lc = limitCycle(ml, { params: { I: 90 } });
    if (!lc.found) throw new Error('no cycle at I = 90');
    const fi = fiCurve(ml, { param: 'I', from: 85, to: 95, steps: 11, init: lc.start, spike: { variable: 'v', threshold: 0 } });
    expect(fi.excitability).toBe('class 2');
    // bisection bracket 1e-3 wide; the slow passage past the ghost of the cycle can add a little
    expect(Math.abs(fi.rheobase! - lpc[0])).toBeLessThan(2e-3);
    // and the LPC lies well below the Hopf point: the bistable window
    expect(hopf.param - lpc[0]).toBeGreaterThan(5);
  });

});
