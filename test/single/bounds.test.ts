/**
 * Issue 11, point 4: a single-cell run has bounded work and bounded output. Each case below ran
 * without end (or until V8 aborted) before the limits existed; each must now fail fast with a
 * WorkLimitError that names the model, gives the estimate, and names the option that raises it.
 * Timeouts are generous (2 shared cores); the old behaviour ran for minutes or for ever.
 */
import { describe, it, expect } from 'vitest';
import { loadModel, Model, simulate, SimulationError, WorkLimitError, AbortError } from '../../src/index.js';
import { toJSON } from '../../src/cli/io.js';
import { runCLI } from '../cli/run-cli.js';

const fhn = loadModel('fitzhugh-nagumo');
// v' = 1e15 with a reset from 1 to 0 and no refractory period: an event every 1e-15 time units
const storm = new Model({ name: 'storm', variables: { v: { ddt: '1e15', init: 0 } }, events: [{ name: 'spike', when: 'v >= 1', reset: 'v = 0' }] });

function limitError(f: () => unknown): WorkLimitError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkLimitError);
    return e as WorkLimitError;
  }
  throw new Error('expected a WorkLimitError, the run returned');
}

describe('simulate: work and output estimated before running', () => {
  it('euler with dt = 1e-9 over 100 is refused with its step count (1e11)', () => {
    const e = limitError(() => simulate(fhn, { method: 'euler', dt: 1e-9, t: 100 }));
    expect(e.limit).toBe('maxSteps');
    // 100 / 1e-9 = 1e11 steps, stated in the message
    expect(e.message).toMatch(/model 'fitzhugh-nagumo'.*1e11 steps.*maxSteps = 1e7/);
    // refused from the estimate: nothing was integrated
    expect(e.message).not.toMatch(/at the rate so far/);
  });

  it('dt = 1e-300 is refused (below the resolution of time)', () => {
    const e = limitError(() => simulate(fhn, { method: 'rk4', dt: 1e-300, t: 100 }));
    expect(e.message).toMatch(/dt = 1e-300/);
  });

  it('a sample grid of 1e-6 over 100 is refused with its point count (1e8)', () => {
    const e = limitError(() => simulate(fhn, { sample: 1e-6, t: 100 }));
    expect(e.limit).toBe('maxPoints');
    expect(e.message).toMatch(/1e8 output points.*maxPoints = 2e6/);
  });

  it('maxStep = 1e-300 for odex is refused with its minimum step count', () => {
    const e = limitError(() => simulate(fhn, { maxStep: 1e-300, t: 100 }));
    expect(e.message).toMatch(/1e302 steps/);
  });

  it('the limits can be raised: the same grid with maxPoints 1e8 passes the estimate', () => {
    // t = 1e-3 with sample 1e-8 records 1e5 + 1 points: allowed by the default, counted exactly
    const r = simulate(fhn, { sample: 1e-8, t: 1e-3 });
    expect(r.t.length).toBe(100001);
    expect(() => simulate(fhn, { sample: 1e-8, t: 1e-3, maxPoints: 1000 })).toThrow(/maxPoints = 1000/);
  });
});

describe('simulate: work bounded while running', () => {
  it('t = 1e15 recording every step stops early with the projected output (was: V8 out of memory)', () => {
    const t = performance.now();
    const e = limitError(() => simulate(fhn, { t: 1e15 }));
    expect(e.limit).toBe('maxPoints');
    expect(e.message).toMatch(/at the rate so far/);
    expect(performance.now() - t).toBeLessThan(20000);
  }, 60000);

  it('a reset that re-fires every 1e-15 stops at the event limit (was: never returned)', () => {
    const e = limitError(() => simulate(storm, { t: 100 }));
    expect(e.limit).toBe('maxEvents');
    expect(e.message).toMatch(/model 'storm'.*events/);
    const small = limitError(() => simulate(storm, { t: 1e-10, maxEvents: 100 }));
    expect(small.message).toMatch(/maxEvents = 100 /);
  }, 60000);

  it('the step budget is the whole run\'s, not renewed after each event', () => {
    // LIF at I = 1.5 fires every t_ref + tau ln 3 = 14.99 ms: ~66 events in 1000 ms, each segment a
    // few dozen steps; the whole run needs far more than 200 steps though no segment does.
    const lif = loadModel('lif');
    const free = simulate(lif, { t: 1000 });
    expect(free.stats.events).toBeGreaterThan(60);
    expect(free.stats.steps).toBeGreaterThan(200);
    const e = limitError(() => simulate(lif, { t: 1000, maxSteps: 200 }));
    expect(e.limit).toBe('maxSteps');
    const fixed = limitError(() => simulate(lif, { t: 1000, method: 'rk4', dt: 0.01, maxSteps: 1000 }));
    expect(fixed.message).toMatch(/1e5 steps|100000 steps/);
  });

  it('an aborted signal stops the run with an AbortError naming simulate and the model', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => simulate(fhn, { t: 100, signal: ac.signal })).toThrow(AbortError);
    expect(() => simulate(fhn, { t: 100, signal: ac.signal })).toThrow(/simulate \(model 'fitzhugh-nagumo'\): aborted/);
  });

  it('WorkLimitError and AbortError are SimulationErrors (callers that catch those still do)', () => {
    expect(new WorkLimitError('x', 'maxSteps')).toBeInstanceOf(SimulationError);
    expect(new AbortError('phase')).toBeInstanceOf(SimulationError);
  });
});

describe('CLI: limits as options, and output too large for one string', () => {
  it('--method euler --dt 1e-9 is one line naming the estimate and --max-steps', async () => {
    const r = await runCLI('simulate', 'fitzhugh-nagumo', '--method', 'euler', '--dt', '1e-9');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/1e11 steps.*--max-steps/);
  });

  it('--max-points lowers the output limit', async () => {
    const r = await runCLI('simulate', 'fitzhugh-nagumo', '--sample', '0.01', '--max-points', '100');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/10001 output points.*maxPoints = 100/);
  });

  it('a JSON string over V8\'s limit is an error naming the largest array, not "Invalid string length"', () => {
    const huge = { toJSON: () => { throw new RangeError('Invalid string length'); } };
    expect(() => toJSON({ model: 'm', t: new Float64Array(7), y: { v: huge } })).toThrow(/JSON output is too large.*'t' alone has 7 values/);
  });
});

describe('limitCycle: the search has a step budget', () => {
  it('Lorenz (chaotic, never repeats) with maxTime 1e9 ends at the budget instead of running for hours', async () => {
    const { limitCycle } = await import('../../src/index.js');
    const lorenz = new Model({
      name: 'lorenz',
      variables: { x: { ddt: 's*(y - x)', init: 1 }, y: { ddt: 'x*(r - z) - y', init: 1 }, z: { ddt: 'x*y - b*z', init: 1 } },
      parameters: { s: 10, r: 28, b: 8 / 3 },
    });
    const t = performance.now();
    const lc = limitCycle(lorenz, { maxTime: 1e9, maxSteps: 20000 });
    expect(lc.found).toBe(false);
    if (!lc.found) expect(lc.reason).toMatch(/step budget \(maxSteps = 20000\)|more than 20000 steps/);
    expect(performance.now() - t).toBeLessThan(20000);
  }, 60000);
});
