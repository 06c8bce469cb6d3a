/**
 * Synapse kinds and delays against closed forms. The probe cell integrates its input with Euler,
 * x' = I (and holds v fixed), so x after N steps is dt times the sum of the per-step inputs, which
 * each synapse kind defines in closed form (types.ts, `Synapse`).
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import type { ProjectionSpec, SynapseSpec } from '../../src/network/spec.js';

const probe = {
  name: 'probe',
  variables: { v: { ddt: '0', init: -60 }, x: { ddt: 'I', init: 0 } },
  parameters: { I: 0 },
};
const dt = 0.5;

/** x(t) of one probe cell receiving one source spike at t0 (plus options), sampled every step */
function response(synapse: SynapseSpec, options: { w?: number; t0?: number; delay?: number; T?: number } = {}): Float64Array {
  const { w = 0.3, t0 = 5, T = 100 } = options;
  const proj: ProjectionSpec = { from: 'S', to: 'A', connect: 'all', weight: w, synapse, ...(options.delay !== undefined ? { delay: options.delay } : {}) };
  const net = buildNetwork({
    dt, t: T,
    populations: { A: { model: probe, size: 1 } },
    sources: { S: { kind: 'spikes', times: [[t0]] } },
    projections: [proj],
    monitors: { spikes: false, traces: [{ population: 'A', variables: 'x', cells: [0] }] },
  });
  return runKernel(net).traces[0].values; // sample s at t = s dt, after step s - 1
}
/** the reference: x after each step from per-step inputs I_n */
function integrate(I: (n: number) => number, steps: number): number[] {
  const x = [0];
  for (let n = 0; n < steps; n++) x.push(x[n] + dt * I(n));
  return x;
}
const n0 = 10; // t0 = 5 ms at dt 0.5: the source spike acts from step 10 on
/** weights are stored as float32 (types.ts): the references use the stored value */
const W = Math.fround(0.3);

describe('synapse kinds', () => {
  it('pulse: the weight enters I for one step', () => {
    const x = response({ kind: 'pulse' });
    const ref = integrate((n) => (n === n0 ? W : 0), 200);
    ref.forEach((r, s) => expect(x[s]).toBeCloseTo(r, 12));
  });

  it('current: I = w exp(-(t - t0)/tau) sampled per step (exact decay)', () => {
    const tau = 7;
    const x = response({ kind: 'current', tau });
    const q = Math.exp(-dt / tau);
    const ref = integrate((n) => (n >= n0 ? W * q ** (n - n0) : 0), 200);
    ref.forEach((r, s) => expect(x[s]).toBeCloseTo(r, 10));
    expect(x[200]).toBeGreaterThan(0.3 * dt); // it did integrate something
  });

  it("conductance: I = g (E - v), g decaying by 1 - dt/tau ('euler', the seed notebooks)", () => {
    const tau = 10, E = -85;
    const x = response({ kind: 'conductance', tau, E, decay: 'euler' });
    const q = 1 - dt / tau;
    const ref = integrate((n) => (n >= n0 ? W * q ** (n - n0) * (E - -60) : 0), 200);
    ref.forEach((r, s) => expect(x[s]).toBeCloseTo(r, 9));
  });

  it('exponential kernel truncated at its window (seed 002 decay/howfar)', () => {
    const tau = 20, window = 20;
    const x = response({ kind: 'filtered', shape: 'exp', tau, window });
    const H = window / dt;
    const ref = integrate((n) => (n >= n0 && n - n0 < H ? W * Math.exp(-((n - n0) * dt) / tau) : 0), 200);
    ref.forEach((r, s) => expect(x[s]).toBeCloseTo(r, 9));
  });

  it('alpha kernel (t/tau) e^(1 - t/tau) truncated at its window', () => {
    const tau = 5, window = 30;
    const x = response({ kind: 'filtered', shape: 'alpha', tau, window });
    const H = window / dt;
    const k = (m: number): number => ((m * dt) / tau) * Math.exp(1 - (m * dt) / tau);
    const ref = integrate((n) => (n >= n0 && n - n0 < H ? W * k(n - n0) : 0), 200);
    ref.forEach((r, s) => expect(x[s]).toBeCloseTo(r, 9));
    expect(Math.max(...x)).toBeGreaterThan(1); // the kernel peaks at w at t = tau
  });

  it('jump: the target variable jumps by w at the start of the arrival step', () => {
    const net = buildNetwork({
      dt, t: 20,
      populations: { A: { model: probe, size: 2 } },
      sources: { S: { kind: 'spikes', times: [[5], [5, 7]] } },
      projections: [{ from: 'S', to: 'A', connect: { pairs: [[0, 0, 1.5], [1, 1, -2]] }, synapse: { kind: 'jump', target: 'v' } }],
      monitors: { spikes: false, traces: [{ population: 'A', variables: 'v', cells: [0, 1] }] },
    });
    const v = runKernel(net).traces[0].values;
    const at = (s: number, c: number): number => v[2 * s + c];
    expect(at(10, 0)).toBe(-60); // before step 10
    expect(at(11, 0)).toBe(-58.5);
    expect(at(11, 1)).toBe(-62);
    expect(at(15, 1)).toBe(-64); // second spike at 7 ms = step 14
  });
});

describe('delays', () => {
  it('a delay of d ms shifts the arrival by d/dt steps; 2.5 ms at dt 0.2 is rounded with a warning', () => {
    const x = response({ kind: 'pulse' }, { delay: 3 });
    const ref = integrate((n) => (n === n0 + 6 ? W : 0), 200);
    ref.forEach((r, s) => expect(x[s]).toBeCloseTo(r, 12));
    const net = buildNetwork({
      dt: 0.2, t: 10,
      populations: { A: { model: probe, size: 1 } },
      sources: { S: { kind: 'spikes', times: [[1]] } },
      projections: [{ from: 'S', to: 'A', connect: 'all', delay: 2.5 }],
    });
    expect(net.projections[0].delaySteps).toBe(13);
    expect(net.warnings.join()).toMatch(/2\.5 ms at dt 0\.2 ms is 12\.5 steps, rounded to 13/);
  });

  it('per-synapse delays through one ring buffer; population spikes arrive 1 + delay steps after detection', () => {
    // a driver cell fires once (v starts above threshold: a spike at t = 0, detected "in step -1");
    // two synapses with delays 0 and 2 ms onto two probe cells
    const driver = { name: 'driver', variables: { v: { ddt: '0', init: 1 } }, events: [{ when: 'v >= 0.5', reset: 'v = 0' }] };
    const net = buildNetwork({
      dt, t: 10,
      populations: { D: { model: driver, size: 1 }, A: { model: probe, size: 2 } },
      projections: [{ from: 'D', to: 'A', connect: 'all', weight: 1, delay: [0, 2], synapse: { kind: 'pulse' } }],
      monitors: { spikes: true, traces: [{ population: 'A', variables: 'x', cells: [0, 1] }] },
    });
    expect(net.projections[0].delays).not.toBeNull();
    const r = runKernel(net);
    expect(Array.from(r.spikes.time)).toEqual([0]);
    const x = r.traces[0].values;
    const firstNonZero = (c: number): number => {
      for (let s = 0; 2 * s + c < x.length; s++) if (x[2 * s + c] !== 0) return s;
      return -1;
    };
    expect(firstNonZero(0)).toBe(1); // acts in step 0, visible after it
    expect(firstNonZero(1)).toBe(1 + 4); // 2 ms = 4 steps later
  });
});

describe('traces of a synaptic input', () => {
  it("'I' records the total the model integrates: x' = I gives x[s] - x[s - 1] = dt I[s]; t = 0 shows the base", () => {
    // a probe receiving a pulse at t0 = 5 ms (step 10), a decaying current from a second spike at
    // 12 ms and a constant drive of 0.25 on top of its base I = 0.1
    const net = buildNetwork({
      dt, t: 30,
      populations: { A: { model: probe, size: 2, params: { I: 0.1 } } },
      sources: { S: { kind: 'spikes', times: [[5], [12]] } },
      projections: [
        { from: 'S', to: 'A', connect: { pairs: [[0, 0, 0.3], [0, 1, 0.3]] }, synapse: { kind: 'pulse' } },
        { from: 'S', to: 'A', connect: { pairs: [[1, 0, 0.5]] }, synapse: { kind: 'current', tau: 4 } },
      ],
      drives: [{ kind: 'current', to: 'A', value: 0.25 }],
      monitors: { traces: [{ population: 'A', variables: ['x', 'I'], cells: [0, 1] }] },
    });
    expect(net.monitors.traces[1].input).toBe(true);
    const r = runKernel(net);
    const [x, I] = [r.traces[0].values, r.traces[1].values];
    expect([I[0], I[1]]).toEqual([0.1, 0.1]); // t = 0: the base
    for (let s = 1; s < x.length / 2; s++)
      for (let c = 0; c < 2; c++) expect(I[2 * s + c]).toBeCloseTo((x[2 * s + c] - x[2 * (s - 1) + c]) / dt, 11);
    // the pulse's step (n0 = 10, sampled at s = 11): base + pulse + drive
    expect(I[2 * 11]).toBeCloseTo(0.1 + W + 0.25, 12);
    expect(I[2 * 12]).toBeCloseTo(0.1 + 0.25, 12);
    // cell 1 gets no current; cell 0 carries 0.5 exp(-(t - 12)/4) on top from step 24 (12 ms) on,
    // t the step start: the sample s = 30 is step 29
    expect(I[2 * 30 + 1]).toBeCloseTo(0.35, 12);
    expect(I[2 * 30]).toBeCloseTo(0.35 + 0.5 * Math.exp(-((29 - 24) * dt) / 4), 12);
  });

  it('a name that is neither a variable, an expression nor a synaptic input is refused, with a suggestion', () => {
    expect(() => buildNetwork({ dt, t: 1, populations: { A: { model: probe, size: 1 } }, monitors: { traces: [{ population: 'A', variables: 'I' }] } })).toThrow(
      /trace of 'A': model 'probe' has no variable, expression or synaptic input 'I'/,
    );
  });
});

