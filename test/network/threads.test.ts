/**
 * Worker threads: a network split over 2 or 3 threads must give exactly what one thread gives,
 * bit for bit (spike cells, times and steps, counts, traces, population rates), because every
 * cell's arithmetic and random draws are the same whatever part it is in (noise streams are per
 * block of cells) and each part's spikes are merged back in one thread's order. The reference is
 * the single-threaded kernel, itself checked against the single-cell engine and closed forms
 * elsewhere (kernel-single, synapses, rng tests).
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { prepareKernel, runKernel, splitCells } from '../../src/network/targets/js-kernel/run.js';
import { izhikevich2003, seedConductance } from '../../src/network/classics.js';
import { loadNetwork } from '../../src/network/files.js';
import { SimulationError } from '../../src/model/errors.js';
import { NOISE_BLOCK } from '../../src/network/rng.js';
import type { NetworkResult } from '../../src/ir/network.js';
import type { NetworkSpec } from '../../src/network/spec.js';

function expectSame(a: NetworkResult, b: NetworkResult): void {
  expect(b.counts).toEqual(a.counts);
  expect(Array.from(b.spikes.cell)).toEqual(Array.from(a.spikes.cell));
  expect(Array.from(b.spikes.step)).toEqual(Array.from(a.spikes.step));
  expect(Array.from(b.spikes.time)).toEqual(Array.from(a.spikes.time));
  expect(b.traces.length).toBe(a.traces.length);
  b.traces.forEach((t, k) => expect(Array.from(t.values)).toEqual(Array.from(a.traces[k].values)));
  b.populationRates.forEach((r, k) => expect(Array.from(r.hz)).toEqual(Array.from(a.populationRates[k].hz)));
}

const run = (spec: NetworkSpec, threads: number, opts: { t?: number; seed?: number } = {}): NetworkResult => {
  const r = runKernel(buildNetwork(spec, { t: opts.t ?? 150, seed: opts.seed ?? 2 }), { threads });
  // the run really was split (a silent fallback to one thread would make every comparison trivial)
  expect(r.timing.threads).toBe(threads);
  return r;
};

/** a mix of what the kernel does: located events with refractory periods, per-synapse delays, kernels, noise, traces */
const mixed: NetworkSpec = {
  name: 'mixed',
  dt: 0.1,
  populations: {
    L: { model: 'lif', size: 700, events: 'located', params: { I: { uniform: [0.9, 1.6] } }, init: { v: { uniform: [0, 1] } } },
    Z: { model: 'izhikevich', size: 300, params: { I: 4 } },
  },
  sources: { S: { kind: 'poisson', size: 40, rate: '20 + 10*sin(t/20)' } },
  projections: [
    { from: 'L', to: 'L', connect: { p: 0.05 }, weight: { normal: [0.02, 0.01] }, delay: { uniform: [0.5, 3] }, synapse: { kind: 'current', tau: 3 } },
    { from: 'L', to: 'Z', connect: { indegree: 20 }, weight: 1.5, delay: 1, synapse: { kind: 'filtered', shape: 'alpha', tau: 2, window: 10 } },
    { from: 'Z', to: 'L', connect: { outdegree: 30 }, weight: 0.05, synapse: { kind: 'pulse' } },
    { from: 'Z', to: 'Z', connect: 'all', weight: { uniform: [-0.5, 0.5] }, synapse: { kind: 'jump', target: 'v' } },
    { from: 'S', to: 'L', connect: { p: 0.2 }, weight: 0.1, synapse: { kind: 'conductance', E: 3, tau: 5 } },
  ],
  drives: [{ kind: 'noise', to: 'Z', sigma: 2 }],
  monitors: {
    spikes: true,
    traces: [{ population: 'L', variables: ['v', 'I'], cells: [0, 5, 300, 699], every: 0.5 }, { population: 'Z', variables: ['v', 'u', 'I'], cells: [0, 299] }],
    rates: { bin: 5 },
  },
};

describe('threads: bit-identical to one thread', () => {
  it('splitCells: contiguous ranges at noise-block boundaries, balanced over all populations', () => {
    const net = buildNetwork(izhikevich2003(2000, { indegree: 100 }), { t: 10 });
    for (const T of [2, 3]) {
      const r = splitCells(net, T);
      net.populations.forEach((pop, p) => {
        let end = 0;
        for (let w = 0; w < T; w++) {
          expect(r[w][p][0]).toBe(end);
          expect(r[w][p][0] % NOISE_BLOCK).toBe(0);
          end = r[w][p][1];
        }
        expect(end).toBe(pop.size);
      });
      const sizes = r.map((part) => part.reduce((a, [lo, hi]) => a + hi - lo, 0));
      // within one block of the even share
      for (const s of sizes) expect(Math.abs(s - 2000 / T)).toBeLessThanOrEqual(NOISE_BLOCK);
    }
  });

  it('Izhikevich 2003 (noise, sparse in-degree 100, 2000 cells): 2 and 3 threads', () => {
    const spec = izhikevich2003(2000, { indegree: 100 });
    const one = run({ ...spec, monitors: { spikes: true, traces: [{ population: 'exc', variables: 'v', cells: [0, 1500] }], rates: true } }, 1, { t: 200 });
    expect(one.counts[0]).toBeGreaterThan(1000);
    for (const T of [2, 3]) expectSame(one, run({ ...spec, monitors: { spikes: true, traces: [{ population: 'exc', variables: 'v', cells: [0, 1500] }], rates: true } }, T, { t: 200 }));
  });

  it('Izhikevich 2003 dense (1000 cells, all-to-all): 2 threads', () => {
    const spec = { ...izhikevich2003(1000), monitors: { spikes: true } };
    expectSame(run(spec, 1, { t: 200 }), run(spec, 2, { t: 200 }));
  });

  it('seed 000 conductance network (Poisson sources, conductances): 2 threads', () => {
    const spec = { ...seedConductance(2000), monitors: { spikes: true } };
    const one = run(spec, 1, { t: 800 });
    expect(one.spikes.cell.length).toBeGreaterThan(100);
    expectSame(one, run(spec, 2, { t: 800 }));
  });

  it('located events, refractory periods, per-synapse delays, kernels, jumps, noise, traces: 2 and 3 threads', () => {
    const one = run(mixed, 1, { t: 100 });
    expect(one.counts[0]).toBeGreaterThan(500);
    expect(one.counts[1]).toBeGreaterThan(50);
    for (const T of [2, 3]) expectSame(one, run(mixed, T, { t: 100 }));
  });

  it('the bundled rate network (seed 003, rate coupling) and basal ganglia (seed 002): 2 threads', () => {
    for (const name of ['seed-003-rate', 'seed-002-basal-ganglia']) {
      const f = loadNetwork(name);
      const net1 = buildNetwork(f.spec, { baseDir: f.baseDir, t: 100 });
      const net2 = buildNetwork(f.spec, { baseDir: f.baseDir, t: 100 });
      const two = runKernel(net2, { threads: 2 });
      expect(two.timing.threads).toBe(2);
      expectSame(runKernel(net1), two);
    }
  });

  it('a cell that diverges in a worker thread stops the run with the same error as one thread', () => {
    /** the error of a run where the cells `fast` grow fastest (k = 1, the others 0.5) */
    const message = (fast: number[], T: number): string => {
      const spec: NetworkSpec = {
        name: 'blowup',
        dt: 0.1,
        populations: { A: { model: { name: 'grow', variables: { x: { ddt: 'k*x', init: 1 } }, parameters: { k: 0 } }, size: 1000, params: { k: Array.from({ length: 1000 }, (_, i) => (fast.includes(i) ? 1 : 0.5)) } } },
      };
      if (T === 2) expect(splitCells(buildNetwork(spec, { t: 1 }), 2)[1][0]).toEqual([512, 1000]); // cells 512..999 in the worker
      try {
        runKernel(buildNetwork(spec, { t: 500 }), { threads: T });
      } catch (e) {
        expect(e).toBeInstanceOf(SimulationError);
        return (e as Error).message;
      }
      return 'no error';
    };
    // cell 900, in the worker's part
    const m1 = message([900], 1);
    expect(m1).toMatch(/population 'A' \(model 'grow'\), cell 900: variable 'x' reached .* at t = /);
    expect(message([900], 2)).toBe(m1);
    // cells 100 and 900 diverging in the same step, one in each part: cell 100's report, as on one thread
    expect(message([100, 900], 1)).toMatch(/cell 100: /);
    expect(message([100, 900], 2)).toBe(message([100, 900], 1));
  });

  it('a cell firing twice within one step (located events, no refractory period) is a clear error, not a lost spike', () => {
    // LIF without refractory period driven at I = 40: v climbs from 0 to 1 in tau ln(40/39) = 0.25 ms,
    // so at dt 1 ms each cell fires about 4 times per step; the fired list holds one spike per cell
    const spec: NetworkSpec = { name: 'fast', dt: 1, populations: { A: { model: 'lif', size: 300, events: 'located', params: { I: 40, t_ref: 0 } } } };
    for (const T of [1, 2]) expect(() => runKernel(buildNetwork(spec, { t: 5 }), { threads: T })).toThrow(/population 'A' \(model 'lif'\), cell \d+: more spikes in the step ending after t = [\d.]+ than the population \(or its part\) has cells/);
  });

  it("threads: 'auto' stays on one thread for small networks; bad counts are refused", () => {
    const net = buildNetwork(izhikevich2003(1000), { t: 5 });
    expect(prepareKernel(net, { threads: 'auto', warmup: false }).threads).toBe(1);
    const two = prepareKernel(net, { threads: 2, warmup: false });
    expect(two.threads).toBe(2);
    two.close(); // a prepared run that is never run lets its worker go
    expect(() => prepareKernel(net, { threads: 0 })).toThrow(/threads must be an integer from 1 to 64/);
  });
});
