/**
 * The same seeded networks on the tensor target and the kernel target (the reference).
 *
 * The kernel's `precision: 'float32'` rounds every operation to float32 (Math.fround) in the same
 * order as the tensor target's ops; tfjs-backend-cpu computes each op in float64 and stores float32,
 * which is the same rounding, so the spike trains must be identical, step for step. Against the
 * kernel's float64 the trains agree until float32 rounding first moves a threshold crossing by a
 * step; from there on only statistics agree (rates within 1 %). The step counts quoted below were
 * measured with seed and sizes as written; the assertions keep a margin below them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { buildNetwork } from '../../src/network/build.js';
import { network, population, connect, poisson, pulse, conductance, jump, noise, filtered, rateSynapse, rateSource, current } from '../../src/network/spec.js';
import { loadNetwork } from '../../src/network/files.js';
import { runTensor } from '../../src/network/targets/tensor/run.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { initBackend } from '../../src/network/targets/tensor/backend.js';
import type { NetworkResult } from '../../src/ir/network.js';

/** Index of the first spike (in detection order) where two trains differ, and its step; null if identical. */
function firstDifference(a: NetworkResult, b: NetworkResult): { index: number; step: number } | null {
  const n = Math.min(a.spikes.cell.length, b.spikes.cell.length);
  for (let i = 0; i < n; i++) {
    if (a.spikes.cell[i] !== b.spikes.cell[i] || a.spikes.step[i] !== b.spikes.step[i]) return { index: i, step: Math.min(a.spikes.step[i], b.spikes.step[i]) };
  }
  if (a.spikes.cell.length === b.spikes.cell.length) return null;
  return { index: n, step: (a.spikes.cell.length > n ? a : b).spikes.step[n] };
}

function expectIdentical(a: NetworkResult, b: NetworkResult): void {
  expect(firstDifference(a, b)).toBeNull();
  a.traces.forEach((tr, k) => {
    const other = b.traces[k].values;
    const at = tr.values.findIndex((v, i) => !Object.is(v, other[i]));
    expect(at, `trace ${tr.variable}: first difference at value ${at}: ${tr.values[at]} against ${other[at]}`).toBe(-1);
  });
  expect(a.counts).toEqual(b.counts);
  // times: the tensor target interpolates in float32 (offset within the step), the kernel in float64
  let worst = 0;
  a.spikes.time.forEach((t, i) => (worst = Math.max(worst, Math.abs(t - b.spikes.time[i]))));
  expect(worst).toBeLessThan(1e-4 * a.dt);
}

function expectRatesClose(a: NetworkResult, b: NetworkResult, rel: number): void {
  a.rates.forEach((r, p) => expect(Math.abs(r - b.rates[p]) / b.rates[p], `population ${p}: ${r} Hz against ${b.rates[p]} Hz`).toBeLessThanOrEqual(rel));
}

let wasm = false;
beforeAll(async () => {
  // wasm first: the runs below switch back-ends per test
  try {
    await initBackend('wasm');
    wasm = true;
  } catch {
    wasm = false;
  }
  await initBackend('cpu');
});

/**
 * 200 Izhikevich (2003) excitatory cells (c = -65 + 15 r², d = 8 - 6 r²), 100 Poisson sources at
 * 20 Hz into conductance synapses (E = 0, tau 5 ms) and pulses, recurrent conductance synapses with
 * a 1 ms delay; dt 0.25 ms, 500 steps. (Seed 3 is one where float32 and float64 part within the
 * run; for seeds 1-6 at dt 0.5 ms they agree over all 500 steps, measured with the kernel alone.)
 */
const izhikevich = network({
  name: 'izh-conductance',
  dt: 0.25,
  t: 125,
  seed: 3,
  populations: { E: population('izhikevich', 200, { preset: 'RS', params: { I: 0, c: '-65 + 15*r^2', d: '8 - 6*r^2' } }) },
  sources: { in: poisson(100, 20) },
  projections: [
    connect('in', 'E', { p: 0.1 }, { weight: 0.05, synapse: conductance({ E: 0, tau: 5 }) }),
    connect('in', 'E', { p: 0.05 }, { weight: 4, synapse: pulse() }),
    connect('E', 'E', { p: 0.05 }, { weight: { uniform: [0, 0.02] }, synapse: conductance({ E: 0, tau: 5 }), delay: 1 }),
  ],
  // every state value of 20 cells at every step: bit-for-bit comparisons, which catch a last-bit
  // difference long before it moves a spike
  // and the synaptic input I (pulses plus conductances, with v at the step start) of the same cells
  monitors: { spikes: true, rates: { bin: 10 }, traces: [{ population: 'E', variables: ['v', 'u', 'I'], cells: 20 }] },
});

describe('tensor target = kernel target (float32), same seed', () => {
  const built = buildNetwork(izhikevich);
  const k32 = runKernel(built, { precision: 'float32' });
  const k64 = runKernel(built);
  // the first 300 steps, for the variants
  const short = buildNetwork(izhikevich, { t: 75 });
  const k32short = runKernel(short, { precision: 'float32' });

  it('Izhikevich + Poisson + conductances + pulses + delays, 500 steps, tfjs-cpu: identical trains; float64 agrees for 375 steps', async () => {
    const r = await runTensor(built, { backend: 'cpu', chunk: 128 });
    expect(k32.spikes.cell.length).toBeGreaterThan(400); // measured 448
    expectIdentical(r, k32);
    expect(Array.from(r.populationRates[0].hz)).toEqual(Array.from(k32.populationRates[0].hz));
    // Against float64: measured, the trains are identical through step 374 (spikes 0-326); the first
    // spike that differs is detected in step 375, where the kernel's own float32 and float64 part.
    const d = firstDifference(r, k64);
    expect(d).toEqual({ index: 327, step: 375 });
    expect(firstDifference(k32, k64)).toEqual(d);
    expectRatesClose(r, k64, 0.01);
  });

  it('the same on tfjs-backend-wasm (float32 arithmetic in WebAssembly): identical trains over 300 steps', async (ctx) => {
    if (!wasm) ctx.skip('tfjs-backend-wasm did not initialise here');
    const r = await runTensor(short, { backend: 'wasm', chunk: 128 });
    expect(r.target).toBe('tensor/wasm');
    expectIdentical(r, k32short);
  });

  // matMul sums each cell's arrivals in the back-end's order, not the kernel's: the last bit can
  // differ when a cell gets several arrivals in one step; on this network the trains are identical
  it("'dense' propagation (matMul): identical trains over 300 steps", async () => {
    const r = await runTensor(short, { backend: 'cpu', propagation: 'dense', chunk: 300 });
    expectIdentical(r, k32short);
  });
});

describe('tensor target = kernel target (float32): other schemes and synapses', () => {
  it('Izhikevich 2003 sequential scheme (v in two half steps), Gaussian noise, per-synapse delays: identical', async () => {
    const built = buildNetwork(
      network({
        dt: 0.5,
        t: 200,
        seed: 3,
        populations: { E: population('izhikevich', 150, { preset: 'RS', params: { I: 0 }, integration: { method: 'sequential', substeps: { v: 2 } } }) },
        projections: [connect('E', 'E', { p: 0.1 }, { weight: { uniform: [0, 1] }, delay: { uniform: [0.5, 3] } })],
        drives: [noise('E', 7)],
      }),
    );
    const r = await runTensor(built, { backend: 'cpu', chunk: 64 });
    const k32 = runKernel(built, { precision: 'float32' });
    expect(k32.counts[0]).toBeGreaterThan(100); // measured 149
    expectIdentical(r, k32);
  });

  it('LIF with refractory periods (split steps) and delayed voltage jumps: identical trains; state identical until the first refractory period ends', async () => {
    const built = buildNetwork(
      network({
        dt: 0.1,
        t: 60,
        seed: 2,
        populations: { L: population('lif', 100, { params: { I: { uniform: [0.9, 1.6] } } }) },
        sources: { s: poisson(50, 50) },
        projections: [connect('s', 'L', { p: 0.1 }, { weight: 0.2, synapse: jump() }), connect('L', 'L', { p: 0.1 }, { weight: 0.05, synapse: jump(), delay: 1 })],
        monitors: { spikes: true, traces: [{ population: 'L', variables: 'v', cells: 'all' }] },
      }),
    );
    const r = await runTensor(built, { backend: 'cpu', chunk: 200 });
    const k32 = runKernel(built, { precision: 'float32' });
    expect(k32.counts[0]).toBeGreaterThan(300);
    // measured: identical trains over these 600 steps (and over 1000)
    expect(firstDifference(r, k32)).toBeNull();
    expectRatesClose(r, k32, 0.01);
    // The kernel keeps spike times and refractory ends in float64 even in float32 mode (the split
    // lengths ru - t round differently; scratch/requests-tensor.md asks for float32 there), so the
    // state may first differ in the step where the first refractory period ends, not before.
    const firstEnd = Math.min(...k32.spikes.time) + 4; // t_ref = 4 ms
    const tv = r.traces[0].values;
    const kv = k32.traces[0].values;
    const at = tv.findIndex((v, i) => !Object.is(v, kv[i]));
    const sampleStep = at < 0 ? Infinity : Math.floor(at / 100); // sample m is the state after step m - 1
    expect(sampleStep * built.dt).toBeGreaterThanOrEqual(firstEnd);
  });
});

describe('tensor target = kernel target (float32): kernel and rate synapses', () => {
  it('exp and alpha kernel synapses with and without windows, delays, noise with a mean: identical state', async () => {
    const built = buildNetwork(
      network({
        dt: 0.2,
        t: 40,
        seed: 5,
        populations: {
          CTX: population('izhikevich', 120, { preset: 'RS', params: { I: 0 } }),
          D1: population('izhikevich', 60, { preset: 'FS', params: { I: 2 } }),
          GP: population('izhikevich', 30, { preset: 'RS', params: { I: 4 } }),
        },
        projections: [
          connect('CTX', 'D1', { p: 0.2 }, { weight: 0.8, synapse: filtered({ shape: 'exp', tau: 5, window: 4 }), delay: 1 }),
          connect('D1', 'D1', { p: 0.1 }, { weight: -0.5, synapse: filtered({ shape: 'alpha', tau: 3, window: 6 }) }),
          connect('D1', 'GP', { p: 0.3 }, { weight: -0.4, synapse: filtered({ shape: 'alpha', tau: 4 }), delay: { uniform: [0.2, 1] } }),
          connect('CTX', 'GP', { p: 0.2 }, { weight: 0.6, synapse: filtered({ shape: 'exp', tau: 2 }) }),
        ],
        drives: [noise('CTX', 9, { mean: 6 }), current('D1', 't > 10 ? 3 : 0')],
        monitors: { spikes: true, traces: [{ population: 'D1', variables: ['v', 'u'], cells: 10 }, { population: 'GP', variables: 'v', cells: 10 }] },
      }),
    );
    const r = await runTensor(built, { backend: 'cpu', chunk: 50 });
    const k32 = runKernel(built, { precision: 'float32' });
    expect(k32.counts.every((c) => c > 10), `counts ${k32.counts}`).toBe(true);
    expectIdentical(r, k32);
  });

  it('rate coupling from a rates source and between rate populations (rk4): identical state (bundled seed-003 and a chain)', async () => {
    const f = loadNetwork('seed-003-rate');
    const seed003 = buildNetwork({ ...f.spec, monitors: { traces: [{ population: 'E', variables: ['v', 'r'], cells: 'all' }] } }, { t: 30, baseDir: f.baseDir });
    const chain = buildNetwork(
      network({
        dt: 0.1,
        t: 30,
        seed: 4,
        populations: { A: population('relu-rate', 20, { integration: 'rk4' }), B: population('relu-rate', 15, { integration: 'euler' }) },
        sources: { in: rateSource(8, { uniform: [0, 40] }) },
        projections: [
          connect('in', 'A', { p: 0.5 }, { weight: { uniform: [0, 1] }, synapse: rateSynapse({ tau: 5, gain: 0.002, E: 0 }) }),
          connect('A', 'B', 'all', { weight: 0.5, synapse: rateSynapse({ tau: 8, gain: 0.001 }) }),
        ],
        monitors: { traces: [{ population: 'A', variables: ['v', 'r'], cells: 'all' }, { population: 'B', variables: 'v', cells: 'all' }] },
      }),
    );
    for (const built of [seed003, chain]) {
      const r = await runTensor(built, { backend: 'cpu', chunk: 100 });
      const k32 = runKernel(built, { precision: 'float32' });
      // the rates move the voltages (not a test of zeros)
      const v = k32.traces[0].values;
      expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(0.5);
      expectIdentical(r, k32);
    }
  });
});

describe('tensor run housekeeping', () => {
  it('holds the number of live tensors constant at every chunk boundary and frees everything at the end', async () => {
    const built = buildNetwork(izhikevich, { t: 50 });
    await initBackend('cpu');
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    await runTensor(built, { backend: 'cpu', chunk: 10, onProgress: () => seen.push(tf.memory().numTensors) });
    expect(seen.length).toBe(built.steps / 10);
    expect(new Set(seen).size, `live tensors at chunk ends: ${seen.join(', ')}`).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses float64 and reports timing split into build and run', async () => {
    const built = buildNetwork(izhikevich, { t: 5 });
    await expect(runTensor(built, { precision: 'float64' })).rejects.toThrow(/float32/);
    const r = await runTensor(built, { backend: 'cpu' });
    expect(r.timing.build_s).toBeGreaterThan(0);
    expect(r.timing.run_s).toBeGreaterThan(0);
  });
});
