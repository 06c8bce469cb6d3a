import { describe, it, expect } from 'vitest';
import { loadModel, Model, simulate, SimulationError } from '../../src/index.js';
// Spike times of the bundled AdEx from SciPy solve_ivp (DOP853, rtol = atol = 1e-12, terminal
// events located with brentq, restart from the reset state), cross-checked with RK45:
// test/references/adex.py.
import ref from '../references/adex.json';

describe('AdEx: a right-hand side that explodes at every spike', () => {
  const adex = loadModel('adex');

  it('the model has the parameters the reference used', () => {
    const { v0, w0, T, ...params } = ref.params;
    expect(adex.parameters).toEqual(params);
    expect([v0, w0, T]).toEqual([-70.6, 0, 300]);
  });

  // Odex's trial stages overshoot v = 0 into exp() overflow near every spike; those steps must be
  // rejected and shrunk (they used to be accepted as NaN, ending the run at t = 15.4).
  it('runs with default tolerances: every spike within 1e-3 ms of SciPy', () => {
    const r = simulate(adex, { t: ref.params.T });
    expect(r.spikes.length).toBe(ref.n_spikes);
    r.spikes.forEach((s, i) => expect(Math.abs(s - ref.spikes[i])).toBeLessThan(1e-3));
  });

  it('at rtol 1e-10: within 1e-6 ms (the reference cross-check agrees to 2e-9)', () => {
    expect(ref.cross_check_max_diff).toBeLessThan(1e-8);
    const r = simulate(adex, { t: ref.params.T, rtol: 1e-10, atol: 1e-12 });
    expect(r.spikes.length).toBe(ref.n_spikes);
    r.spikes.forEach((s, i) => expect(Math.abs(s - ref.spikes[i])).toBeLessThan(1e-6));
  });

  it('a derivative that really is not finite still ends the run, naming it', () => {
    // x reaches 0 at t = 1, after which sqrt(x) is NaN: no step size helps
    const m = new Model({ name: 'root', variables: { x: { ddt: '-1', init: 1 }, y: { ddt: 'sqrt(x)', init: 0 } } });
    let err: SimulationError | undefined;
    try {
      simulate(m, { t: 2 });
    } catch (e) {
      err = e as SimulationError;
    }
    expect(err).toBeInstanceOf(SimulationError);
    expect(err!.details.variable).toBe('y');
    expect(err!.details.value).toBeNaN();
    expect(Math.abs(err!.details.time! - 1)).toBeLessThan(1e-6);
    expect(err!.message).toMatch(/^model 'root': dy\/dt became NaN at t = 1\.0+\d* \(x = -[0-9.e-]+, y = 0\.666/);
  });
});
