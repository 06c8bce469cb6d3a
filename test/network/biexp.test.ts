/**
 * The `biexp` synapse kind (NEURON's Exp2Syn, optionally NMDA-blocked) on every target, against its
 * closed form. It is the kind added as one file after issue 13 (src/ir/synapses/biexp.ts): nothing
 * else in the code base names it, so these tests are also the proof that a target reads a kind's
 * behaviour rather than its name. As in synapses.test.ts, the probe cell holds v fixed and
 * integrates its input with Euler, x' = I, so x after N steps is dt times the sum of the inputs.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { runNetwork } from '../../src/network/index.js';
import type { SynapseSpec } from '../../src/network/spec.js';
import { NetworkError } from '../../src/ir/errors.js';

const probe = {
  name: 'probe',
  variables: { v: { ddt: '0', init: -60 }, x: { ddt: 'I', init: 0 } },
  parameters: { I: 0 },
};
const dt = 0.25;
const T = 60;
const t0 = 5;
const n0 = t0 / dt; // the source spike arrives at the start of step n0
const W = Math.fround(0.3); // weights are stored as float32

function built(synapse: SynapseSpec) {
  return buildNetwork({
    dt,
    t: T,
    populations: { A: { model: probe, size: 1 } },
    sources: { S: { kind: 'spikes', times: [[t0]] } },
    projections: [{ from: 'S', to: 'A', connect: 'all', weight: W, synapse }],
    monitors: { spikes: false, traces: [{ population: 'A', variables: 'x', cells: [0] }] },
  });
}

/**
 * Exp2Syn's conductance after an arrival of weight w at t = 0 (NEURON's exp2syn.mod):
 * g(t) = w f (exp(-t/tau2) - exp(-t/tau1)), f = 1 / (exp(-tp/tau2) - exp(-tp/tau1)) at the peak time
 * tp = tau1 tau2 / (tau2 - tau1) ln(tau2/tau1), so that max g = w. Sampled at whole steps.
 */
function g(m: number, tau1: number, tau2: number): number {
  const tp = ((tau1 * tau2) / (tau2 - tau1)) * Math.log(tau2 / tau1);
  const f = 1 / (Math.exp(-tp / tau2) - Math.exp(-tp / tau1));
  return W * f * (Math.exp((-m * dt) / tau2) - Math.exp((-m * dt) / tau1));
}

function reference(input: (n: number) => number): number[] {
  const x = [0];
  for (let n = 0; n < T / dt; n++) x.push(x[n] + dt * (n >= n0 ? input(n - n0) : 0));
  return x;
}

const cases: { name: string; synapse: SynapseSpec; input: (m: number) => number }[] = [
  {
    name: 'AMPA-like Exp2Syn, tau1 = 0.5, tau2 = 3 ms, E = 0',
    synapse: { kind: 'biexp', E: 0, tau1: 0.5, tau2: 3 },
    input: (m) => g(m, 0.5, 3) * (0 - -60),
  },
  {
    // Jahr & Stevens (1990): B(V) = 1 / (1 + [Mg]/3.57 exp(-0.062 V)), V = -60 mV held by the probe
    name: 'NMDA, tau1 = 2, tau2 = 80 ms, Mg block at 1 mM',
    synapse: { kind: 'biexp', E: 0, tau1: 2, tau2: 80, mg: 1 },
    input: (m) => (g(m, 2, 80) * (0 - -60)) / (1 + (1 / 3.57) * Math.exp(-0.062 * -60)),
  },
];

describe('biexp synapse (Exp2Syn) on every target', () => {
  for (const c of cases) {
    it(`${c.name}: kernel float64 equals the closed form per step`, async () => {
      const r = await runNetwork(built(c.synapse), { target: 'kernel' });
      const x = r.traces[0].values;
      const ref = reference(c.input);
      expect(x.length).toBe(ref.length);
      ref.forEach((v, s) => expect(Math.abs(x[s] - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
      expect(x[x.length - 1]).toBeGreaterThan(1); // it integrated something
    });

    it(`${c.name}: tensor (cpu, float32) equals the closed form within float32 rounding`, async () => {
      const r = await runNetwork(built(c.synapse), { target: 'tensor', backend: 'cpu', precision: 'float32' });
      const x = r.traces[0].values;
      const ref = reference(c.input);
      // float32 accumulates ~1e-7 relative per operation over 240 steps
      ref.forEach((v, s) => expect(Math.abs(x[s] - v)).toBeLessThanOrEqual(2e-5 * Math.max(1, Math.abs(v))));
    });
  }

  it('the conductance peaks at the weight (the factor of Exp2Syn)', () => {
    let peak = 0;
    for (let t = 0; t < 20; t += 1e-3) peak = Math.max(peak, g(t / dt, 0.5, 3));
    // a grid of 1e-3 ms finds the maximum to (1e-3)^2 times the curvature: ~1e-9 here
    expect(peak / W).toBeCloseTo(1, 8);
  });

  it('tau1 >= tau2 is refused by name', () => {
    expect(() => built({ kind: 'biexp', E: 0, tau1: 3, tau2: 3 })).toThrow(NetworkError);
    expect(() => built({ kind: 'biexp', E: 0, tau1: 3, tau2: 3 })).toThrow(/biexp synapse needs tau1 \(rise\) < tau2/);
  });
});
