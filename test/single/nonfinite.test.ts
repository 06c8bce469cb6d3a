/**
 * Issue 11, point 7: a derivative that turns non-finite is reported as such — variable, time,
 * value — not as a step count. Before, `dv/dt = -v^-v` (NaN once v < 0: a negative base to a
 * non-integer power) let odex shrink its step to denormal sizes and report, minutes later, that it
 * "took more than 10000000 steps".
 */
import { describe, it, expect } from 'vitest';
import { Model, simulate, SimulationError, WorkLimitError } from '../../src/index.js';
import { runCLI } from '../cli/run-cli.js';

const m = (init: number): Model => new Model({ name: 'powpow', variables: { v: { ddt: '-v^-v', init } } });

describe('non-finite derivatives are reported with variable, time and value', () => {
  it('from v = 0: NaN as soon as v < 0 (t of order 1e-5)', () => {
    const t = performance.now();
    let err: unknown;
    try {
      simulate(m(0), { t: 10 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimulationError);
    expect(err).not.toBeInstanceOf(WorkLimitError);
    const e = err as SimulationError;
    expect(e.message).toMatch(/^model 'powpow': dv\/dt became NaN at t = [0-9.e-]+ \(v = -[0-9.e-]+\)/);
    expect(e.details.variable).toBe('v');
    expect(Number.isNaN(e.details.value)).toBe(true);
    // v' = -1 near 0, so v < 0 right after t = 0: the failure is found at once, not after 1e7 steps
    expect(e.details.time!).toBeLessThan(1e-3);
    expect(performance.now() - t).toBeLessThan(10000);
  });

  it('from v = 1: v decays through 0 (v\' = -v^-v < 0 while v > 0) and the NaN is named there', async () => {
    const r = await runCLI('simulate', '--eq', 'dv/dt = -v^-v', '--init', 'v=1', '--t', '10');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    // v reaches 0 at t = ∫0^1 dv / v^-v = ∫0^1 v^v dv = Σ (-1)^(n+1) n^-n = 0.7834305107 (the
    // "sophomore's dream", Bernoulli 1697); the NaN comes one step after that
    const m = /became NaN at t = ([0-9.e-]+) \(v = -/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Math.abs(Number(m![1]) - 0.7834305107)).toBeLessThan(1e-3);
  });
});
