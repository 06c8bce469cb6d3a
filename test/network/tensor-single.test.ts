/**
 * The tensor target's population step against single-cell references: unconnected populations
 * whose cells differ only in their constant input current.
 *
 * - The single-cell engine (src/single/simulate.ts, method 'euler', float64) agrees up to the first
 *   spike of every cell: same step, same interpolated time. After a spike the two part on purpose:
 *   the single-cell fixed-step driver now resets at the located event time inside the step and
 *   integrates the rest of the step, while the network targets reset the end-of-step state
 *   (BuiltPopulation in src/ir/network.ts; the kernel target is the network reference).
 * - The kernel target on the same population: identical spike steps and identical float32 state
 *   (every value of every step) against its float32 mode; against its float64 mode the steps that
 *   agree are counted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, simulate } from '../../src/index.js';
import { buildNetwork } from '../../src/network/build.js';
import { network, population } from '../../src/network/spec.js';
import { runTensor } from '../../src/network/targets/tensor/run.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { initBackend } from '../../src/network/targets/tensor/backend.js';
import type { NetworkResult } from '../../src/ir/network.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const rs = loadModel('izhikevich').preset('RS');
const currents = Array.from({ length: 16 }, (_, i) => 4 + i); // 4 … 19
const dt = 0.1;
const built = buildNetwork(
  network({
    dt,
    t: 200,
    seed: 1,
    populations: { P: population(rs, currents.length, { params: { I: currents } }) },
    monitors: { spikes: true, traces: [{ population: 'P', variables: ['v', 'u'], cells: 'all' }] },
  }),
);
let tensor: NetworkResult;
beforeAll(async () => {
  tensor = await runTensor(built, { backend: 'cpu', chunk: 500 });
});

/** spike steps of one cell */
const stepsOf = (r: NetworkResult, cell: number): number[] => Array.from(r.spikes.step.filter((_, k) => r.spikes.cell[k] === cell));
const timesOf = (r: NetworkResult, cell: number): number[] => Array.from(r.spikes.time.filter((_, k) => r.spikes.cell[k] === cell));

describe('Izhikevich RS population (16 cells, I = 4 … 19, dt 0.1 ms, 2000 steps) on tfjs-cpu', () => {
  it('first spike of every cell = the single-cell engine (euler, float64): same step, time within 1e-4 ms', () => {
    currents.forEach((I, c) => {
      const single = simulate(rs, { t: 200, method: 'euler', dt, params: { I } });
      expect(single.spikes.length, `I = ${I}`).toBeGreaterThan(0);
      const te = single.spikes[0];
      // a spike at te in (n dt, (n+1) dt] was detected in step n
      expect(stepsOf(tensor, c)[0], `I = ${I}`).toBe(Math.ceil(te / dt - 1e-9) - 1);
      expect(Math.abs(timesOf(tensor, c)[0] - te), `I = ${I}`).toBeLessThan(1e-4);
    });
  });

  it('= the kernel target in float32: identical spikes and identical state at every step', () => {
    const k32 = runKernel(built, { precision: 'float32' });
    expect(Array.from(tensor.spikes.cell)).toEqual(Array.from(k32.spikes.cell));
    expect(Array.from(tensor.spikes.step)).toEqual(Array.from(k32.spikes.step));
    expect(tensor.spikes.cell.length).toBeGreaterThan(80); // measured 97
    for (const [k, tr] of tensor.traces.entries()) {
      const at = tr.values.findIndex((v, i) => !Object.is(v, k32.traces[k].values[i]));
      expect(at, `${tr.variable}: value ${at}`).toBe(-1);
    }
  });

  it('against the kernel in float64: every spike step agrees over all 2000 steps', () => {
    const k64 = runKernel(built);
    // measured: all 97 spikes in the same steps (float32 rounding never moves an Izhikevich
    // threshold crossing by a step here: v rises by tens of mV per step near threshold)
    currents.forEach((_, c) => expect(stepsOf(tensor, c), `cell ${c}`).toEqual(stepsOf(k64, c)));
    // the state itself differs in float32: relative differences of v stay small until a spike
    let worst = 0;
    const v32 = tensor.traces[0].values;
    const v64 = k64.traces[0].values;
    for (let i = 0; i < v32.length; i++) worst = Math.max(worst, Math.abs(v32[i] - v64[i]) / Math.max(1, Math.abs(v64[i])));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-2);
  });
});
