/**
 * The benchmark networks of ../shared/anchors as specs at any size, defined exactly as the anchor
 * scripts (izh2003.py, seed_cond_net.py) define them. The bundled network files at N = 1000 are
 * these specs written out (models/izhikevich-2003.network.json, models/seed-000-conductance.network.json).
 */
import type { NetworkSpec, ProjectionSpec } from './spec.js';
import type { ModelSpec } from '../model/spec.js';
import { OptionError } from '../model/errors.js';

/** 80 % excitatory, 20 % inhibitory cells, at least one of each (n >= 3), or a clear error. */
function split(network: string, n: number): { ne: number; ni: number } {
  const ne = Math.round(0.8 * n);
  if (!Number.isInteger(n) || ne < 1 || n - ne < 1) {
    throw new OptionError(
      `${network}(n): n must be a whole number >= 3 ` +
        `(80 % excitatory and 20 % inhibitory cells, at least one of each), got ${n}`,
    );
  }
  return { ne, ni: n - ne };
}

/**
 * Izhikevich (2003), "Simple model of spiking neurons": 80 % excitatory (a = 0.02, b = 0.2,
 * c = -65 + 15 r^2, d = 8 - 6 r^2), 20 % inhibitory (a = 0.02 + 0.08 r, b = 0.25 - 0.05 r, c = -65,
 * d = 2), thalamic noise I = sigma randn per cell per ms (5 exc, 2 inh), 1 ms steps with the paper's
 * update: v += 0.5 f twice, then u += a(bv - u) with the new v; spikes (v >= 30) add S[:, j] to I in
 * the next step. Dense (N = 1000 default): S = [0.5 rand, -rand], all to all including self.
 * Sparse (`indegree` K): each cell gets exactly 0.8K excitatory and 0.2K inhibitory distinct
 * partners with weights scaled by 1000/K, as izh2003.py does for N > 1000.
 * @example buildNetwork(izhikevich2003(10000, { indegree: 100 }))
 */
export function izhikevich2003(n = 1000, options: { indegree?: number; seed?: number; t?: number } = {}): NetworkSpec {
  const { ne, ni } = split('izhikevich2003', n);
  const K = options.indegree;
  const scale = K ? 1000 / K : 1;
  const exc = (to: string): ProjectionSpec => ({
    from: 'exc',
    to,
    connect: K ? { indegree: Math.round(0.8 * K) } : 'all',
    weight: { uniform: [0, 0.5 * scale] },
    synapse: { kind: 'pulse' },
  });
  const inh = (to: string): ProjectionSpec => ({
    from: 'inh',
    to,
    connect: K ? { indegree: K - Math.round(0.8 * K) } : 'all',
    weight: { uniform: [-scale, 0] },
    synapse: { kind: 'pulse' },
  });
  const integration = { method: 'sequential' as const, substeps: { v: 2 } };
  return {
    name: n === 1000 && !K ? 'izhikevich-2003' : `izhikevich-2003-${n}${K ? `-k${K}` : ''}`,
    description:
      `Izhikevich (2003) network: ${n} cells (${ne} excitatory, ${ni} inhibitory), ` +
      `${K ? `in-degree ${K}` : 'all-to-all'}, thalamic noise, 1 ms steps`,
    reference: 'E. M. Izhikevich, Simple model of spiking neurons, IEEE Trans. Neural Netw. 14(6):1569-1572, 2003',
    dt: 1,
    t: options.t ?? 1000,
    seed: options.seed ?? 1,
    populations: {
      exc: {
        model: 'izhikevich',
        size: ne,
        integration,
        params: { a: 0.02, b: 0.2, c: '-65 + 15*r^2', d: '8 - 6*r^2', I: 0 },
      },
      inh: {
        model: 'izhikevich',
        size: ni,
        integration,
        params: { a: '0.02 + 0.08*r', b: '0.25 - 0.05*r', c: -65, d: 2, I: 0 },
      },
    },
    projections: [exc('exc'), exc('inh'), inh('exc'), inh('inh')],
    drives: [
      { kind: 'noise', to: 'exc', sigma: 5 },
      { kind: 'noise', to: 'inh', sigma: 2 },
    ],
  };
}

/** Izhikevich's model with the seed notebook's threshold of 35 mV (seed 000, seed_cond_net.py). */
export const IZHIKEVICH_35: ModelSpec = {
  name: 'izhikevich-35',
  description: 'Izhikevich (2003) model with the threshold at 35 mV, as in the seed-000 notebook',
  time_unit: 'ms',
  variables: {
    v: { ddt: '0.04*v^2 + 5*v + 140 - u + I', init: -70, unit: 'mV' },
    // u is added to dv/dt, so it is in mV/ms (units are checked: src/model/units.ts)
    u: { ddt: 'a*(b*v - u)', init: -14, unit: 'mV/ms' },
  },
  parameters: { a: 0.02, b: 0.2, c: -65, d: 8, I: 0 },
  events: [{ name: 'spike', when: 'v >= 35', reset: 'v = c; u = u + d' }],
};

/**
 * The seed-000 network (steps 3 and 4 of the TensorFlow notebook; seed_cond_net.py): N Izhikevich
 * cells (threshold 35), 80 % excitatory (a = 0.02, d = 8), 20 % inhibitory (a = 0.1, d = 2),
 * v0 = -70, u0 = -14, dt = 0.5 ms, forward Euler. 100 Poisson sources at 2 Hz for 200 <= t < 700 ms,
 * each cell connected to each source with p = 0.1, w = 0.07, E = 0. Recurrent: Bernoulli
 * p = 50/N over all ordered pairs (autapses allowed), w ~ Gamma(2, 0.003), inhibitory → excitatory
 * ×3, E = 0 (exc) / -85 mV (inh); conductances g += w on arrival, I = g (E - v), g *= 1 - dt/10.
 * `recurrent: false` gives step 3 (unconnected cells).
 * @example buildNetwork(seedConductance(100000))
 */
export function seedConductance(
  n = 1000,
  options: { recurrent?: boolean; seed?: number; t?: number } = {},
): NetworkSpec {
  const { ne, ni } = split('seedConductance', n);
  const p = Math.min(1, 50 / n);
  const syn = (E: number) => ({ kind: 'conductance' as const, E, tau: 10, decay: 'euler' as const });
  const rec = (
    from: string,
    to: string,
    weight: NetworkSpec['projections'] extends (infer P)[] | undefined
      ? P extends { weight?: infer W }
        ? W
        : never
      : never,
  ): ProjectionSpec => ({
    from,
    to,
    connect: { p },
    weight,
    synapse: syn(from === 'exc' ? 0 : -85),
  });
  const projections: ProjectionSpec[] = [
    { from: 'input', to: 'exc', connect: { p: 0.1 }, weight: 0.07, synapse: syn(0) },
    { from: 'input', to: 'inh', connect: { p: 0.1 }, weight: 0.07, synapse: syn(0) },
  ];
  if (options.recurrent !== false) {
    projections.push(
      rec('exc', 'exc', { gamma: [2, 0.003] }),
      rec('exc', 'inh', { gamma: [2, 0.003] }),
      rec('inh', 'exc', { gamma: [2, 0.009] }), // w + 2w: Gamma(2, 0.003) scaled by 3
      rec('inh', 'inh', { gamma: [2, 0.003] }),
    );
  }
  return {
    name:
      n === 1000
        ? options.recurrent === false
          ? 'seed-000-unconnected'
          : 'seed-000-conductance'
        : `seed-000-conductance-${n}`,
    description:
      `Seed 000: ${n} Izhikevich cells (20 % inhibitory), Poisson drive 200-700 ms` +
      `${options.recurrent === false ? ', unconnected' : ', recurrent conductance synapses p = 50/N'}` +
      `, dt 0.5 ms`,
    reference: 'Spiking network simulation in TensorFlow (seed 000), after the CSHA 2012 MATLAB course',
    dt: 0.5,
    t: options.t ?? 1000,
    seed: options.seed ?? 1,
    populations: {
      exc: { model: IZHIKEVICH_35, size: ne, params: { a: 0.02, d: 8 }, init: { v: -70, u: -14 } },
      inh: { model: IZHIKEVICH_35, size: ni, params: { a: 0.1, d: 2 }, init: { v: -70, u: -14 } },
    },
    sources: { input: { kind: 'poisson', size: 100, rate: 't >= 200 and t < 700 ? 2 : 0' } },
    projections,
  };
}
