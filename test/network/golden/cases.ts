/**
 * The networks whose results must stay bit-identical across refactors of the network layer: every
 * bundled network, plus a zoo of small networks that covers each integration method, synapse kind,
 * drive, delay form and event mode. Fingerprints (sha256 of the raw result arrays) were recorded
 * from main at 247c14e, before the network-layer rebuild (issue 13), by
 * `RECORD_GOLDEN=1 npx vitest run test/network/golden`.
 */
import { createHash } from 'node:crypto';
import type { NetworkResult } from '../../../src/network/index.js';

/** sha256 over the bytes of every result array, in a fixed order; timing is left out. */
export function fingerprint(r: NetworkResult): Record<string, string> {
  const h = (...parts: ArrayBufferView[]): string => {
    const x = createHash('sha256');
    for (const p of parts) x.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
    return x.digest('hex').slice(0, 24);
  };
  return {
    spikes: h(r.spikes.cell, r.spikes.step, r.spikes.time),
    counts: r.counts.join(','),
    traces: h(...r.traces.flatMap((t) => [t.cells, t.t, t.values])),
    rates: h(...r.populationRates.flatMap((p) => [p.t, p.hz])),
  };
}

const lif = {
  name: 'lif-zoo',
  variables: { v: { ddt: '(-(v - v_rest) + R*I)/tau', init: 0 } },
  parameters: { tau: 10, R: 1, v_rest: 0, v_th: 1, v_reset: 0, t_ref: 2, I: 0.9 },
  events: [{ when: 'v >= v_th', reset: 'v = v_reset', refractory: 't_ref', clamp: ['v'] }],
};
const adapt = {
  name: 'adapt-zoo',
  variables: { v: { ddt: '(-(v - E_L) + I - w)/tau', init: 0 }, w: { ddt: '(a*v - w)/tau_w', init: 0 } },
  parameters: { tau: 10, E_L: 0, I: 1.05, a: 0.2, tau_w: 50, b: 0.05 },
  events: [{ when: 'v >= 1', reset: 'v = 0; w = w + b' }],
};

type Method = 'euler' | 'rk2' | 'rk4' | 'expeuler' | 'sequential';

/** A small recurrent network with every spiking synapse kind, both delay forms and both drives. */
export function zoo(method: Method, eventMode: 'step' | 'located' = 'step'): Record<string, unknown> {
  const integration = method === 'sequential' ? { method: 'sequential', substeps: { v: 2 } } : method;
  return {
    name: `zoo-${method}-${eventMode}`,
    dt: 0.25, t: 120, seed: 7,
    populations: {
      A: { model: lif, size: 300, integration, events: eventMode, params: { I: { uniform: [0.8, 1.3] } }, init: { v: { uniform: [0, 1] } } },
      B: { model: adapt, size: 120, integration, events: eventMode, params: { I: '0.9 + 0.4*r' }, init: { v: 'r', w: 0 } },
    },
    sources: { P: { kind: 'poisson', size: 40, rate: 't < 60 ? 40 : 10' } },
    projections: [
      { from: 'A', to: 'A', connect: { p: 0.05 }, weight: { uniform: [0, 0.04] }, delay: { uniform: [0.25, 2] }, synapse: { kind: 'conductance', E: 2, tau: 5 } },
      { from: 'A', to: 'B', connect: { p: 0.1 }, weight: 0.02, delay: 1, synapse: { kind: 'current', tau: 3 } },
      { from: 'B', to: 'A', connect: { p: 0.1 }, weight: -0.03, delay: 0.5, synapse: { kind: 'filtered', shape: 'alpha', tau: 2, window: 5 } },
      { from: 'B', to: 'B', connect: { p: 0.1 }, weight: 0.01, synapse: { kind: 'filtered', shape: 'exp', tau: 4 } },
      { from: 'P', to: 'A', connect: { p: 0.2 }, weight: 0.05, synapse: { kind: 'jump', target: 'v' } },
      { from: 'P', to: 'B', connect: 'all', weight: 0.02, synapse: { kind: 'pulse' } },
      { from: 'A', to: 'B', connect: { p: 0.05 }, weight: 0.03, synapse: { kind: 'conductance', E: 0, tau: 2, decay: 'euler' } },
    ],
    drives: [
      { kind: 'noise', to: 'A', sigma: 0.05 },
      { kind: 'current', to: 'B', value: '0.1*sin(t/10)', scale: { uniform: [0.5, 1] } },
    ],
    monitors: {
      spikes: true,
      traces: [{ population: 'A', variables: ['v', 'I'], cells: [0, 5, 299], every: 3 }, { population: 'B', variables: ['v', 'w'], cells: [1, 2] }],
      rates: { bin: 5 },
    },
  };
}

/** A rate network (rate synapses from a population and a rate source) for each method. */
export function rateZoo(method: Method): Record<string, unknown> {
  const integration = method === 'sequential' ? { method: 'sequential' } : method;
  const unit = { name: 'relu-zoo', variables: { r: { ddt: '(-r + max(0, I))/tau', init: 0 } }, parameters: { tau: 5, I: 0.2 } };
  return {
    name: `rate-zoo-${method}`,
    dt: 0.1, t: 50, seed: 3,
    populations: { R: { model: unit, size: 20, integration, init: { r: 'r' } } },
    sources: { S: { kind: 'rates', size: 5, activity: { uniform: [0, 2] } } },
    projections: [
      { from: 'S', to: 'R', connect: 'all', weight: { normal: [0.1, 0.05] }, synapse: { kind: 'rate', tau: 2, gain: 1.5, E: 2 } },
      { from: 'R', to: 'R', connect: { p: 0.3 }, weight: -0.2, synapse: { kind: 'rate', tau: 3, activity: 'r' } },
    ],
    monitors: { spikes: false, traces: [{ population: 'R', variables: ['r', 'I'], cells: [0, 7, 19] }] },
  };
}
