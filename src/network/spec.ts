/**
 * The network description a person writes: populations of models, sources, projections with
 * connectivity rules and synapse kinds, drives and monitors. The TypeScript API and a JSON network
 * file have the same shape; `buildNetwork` (build.ts) turns it into a BuiltNetwork (types.ts).
 *
 * @example
 * const izh = loadModel('izhikevich');
 * const spec = network({
 *   dt: 0.5, t: 1000, seed: 1,
 *   populations: { E: population(izh, 800, { params: { I: 0, c: '-65 + 15*r^2', d: '8 - 6*r^2' } }) },
 *   sources: { in: poisson(100, 't >= 200 and t < 700 ? 2 : 0') },
 *   projections: [connect('in', 'E', { p: 0.1 }, { weight: 0.07, synapse: conductance({ E: 0, tau: 10 }) })],
 * });
 */
import { checkSpec } from './schema-check.js';
import {
  DriveSchema,
  NetworkSchema,
  PopulationSchema,
  ProjectionSchema,
  SourceSchema,
  SynapseSchema,
  type ConnectSpec,
  type DriveSpec,
  type NetworkSpec,
  type PopulationSpec,
  type ProjectionSpec,
  type SourceSpec,
  type SynapseSpec,
  type ValueSpec,
} from './schema.js';

/*
 * The spec types are derived from the schemas in schema.ts (one definition for the types and the
 * run-time check). In brief:
 * - ValueSpec, a value per cell (or per synapse, for weights and delays):
 *   - a number (the same for every cell), or an array with one value per cell;
 *   - a distribution: `{ uniform: [lo, hi] }`, `{ normal: [mean, sd], min?, max? }` (clipped),
 *     `{ gamma: [shape, scale] }`;
 *   - an expression string of `r` (a uniform draw in [0, 1)), `z` (a standard normal draw), `i` (index)
 *     and `n` (size), e.g. Izhikevich's `-65 + 15*r^2`. Within one population every parameter and
 *     initial value sees the same r and z of a cell (so `c = -65 + 15*r^2` and `d = 8 - 6*r^2` are
 *     correlated as in Izhikevich 2003); for weights r and z are drawn per synapse.
 * - PopulationSpec: `size` cells of one model (a bundled name, a file path relative to the network
 *   file, a Model or an inline model), with optional preset, params, init, integration, voltage, events.
 * - SourceSpec: presynaptic-only groups: `{ kind: 'poisson', size, rate }` (rate in Hz, a number or
 *   an expression of t), `{ kind: 'spikes', times }` (one list per unit), `{ kind: 'rates', size, activity }`.
 * - ConnectSpec (autapses allowed unless `autapses: false`): `'all'` (dense), `{ p }`,
 *   `{ indegree: k }`, `{ outdegree: k }`, `{ pairs: [[i, j, w?], ...] }` (w overrides `weight`),
 *   `{ matrix, rows: 'pre' | 'post' }` (zeros dropped unless all nonzero).
 * - SynapseSpec (see src/ir/synapses/ for each kind's per-step behaviour; `target` defaults to 'I'):
 *   jump, pulse, current { tau, decay? }, conductance { E, tau, decay? }, filtered { shape, tau, window? },
 *   rate { tau, gain?, E?, activity? }.
 * - ProjectionSpec: { name?, from, to, connect, weight? (default 1), delay? (ms, rounded to steps),
 *   synapse? (default pulse onto I) }.
 * - DriveSpec: { kind: 'current', to, target?, value, scale? }, { kind: 'noise', to, target?, sigma, mean? } or
 *   { kind: 'poisson', to, target, trains, rate, weight } (per-cell independent Poisson input).
 * - MonitorSpec: { spikes?, traces?: [{ population, variables?, cells?, every? }],
 *   rates?: { populations?, bin? } | boolean }.
 * - NetworkSpec: { name?, description?, reference?, dt? (ms, 0.1), t? (ms, 1000), seed? (integer
 *   0..2^32-1, default 1), populations, sources?, projections?, drives?, monitors? }.
 * Every object is closed: an unknown key at any depth is an error naming its path and the nearest key.
 */
export type {
  ConnectSpec,
  DriveSpec,
  MonitorSpec,
  NetworkSpec,
  PopulationSpec,
  ProjectionSpec,
  SourceSpec,
  SynapseSpec,
  TraceSpec,
  ValueSpec,
} from './schema.js';

/** Check a value built by one of the helpers below against its schema, at run time as in a file. */
function checked<T>(schema: Parameters<typeof checkSpec>[0], value: T, root: string): T {
  checkSpec(schema, value, { root });
  return value;
}

/**
 * A population spec, checked like a network file's (unknown keys, types, ranges).
 * @example population(loadModel('izhikevich'), 800, { params: { c: '-65 + 15*r^2' } })
 */
export function population(
  model: PopulationSpec['model'],
  size: number,
  options: Omit<PopulationSpec, 'model' | 'size'> = {},
): PopulationSpec {
  return checked(PopulationSchema, { model, size, ...options }, 'population');
}

/**
 * A projection spec, checked like a network file's.
 * @example connect('E', 'I', { p: 0.05 }, { weight: { gamma: [2, 0.003] }, synapse: conductance({ E: 0, tau: 10 }) })
 */
export function connect(
  from: string,
  to: string,
  rule: ConnectSpec,
  options: Omit<ProjectionSpec, 'from' | 'to' | 'connect'> = {},
): ProjectionSpec {
  return checked(ProjectionSchema, { from, to, connect: rule, ...options }, 'projection');
}

/** @example poisson(100, 't >= 200 and t < 700 ? 2 : 0') */
export const poisson = (size: number, rate: number | string): SourceSpec =>
  checked(SourceSchema, { kind: 'poisson', size, rate }, 'poisson');
/** @example spikeTrains([[10, 20.5], [], [15]]) */
export const spikeTrains = (times: number[][]): SourceSpec =>
  checked(SourceSchema, { kind: 'spikes', times }, 'spikeTrains');
/** @example rateSource(10, { uniform: [0, 50] }) */
export const rateSource = (size: number, activity: ValueSpec): SourceSpec =>
  checked(SourceSchema, { kind: 'rates', size, activity }, 'rateSource');

/** @example conductance({ E: -85, tau: 10, decay: 'euler' }) */
export const conductance = (o: { E: number; tau: number; target?: string; decay?: 'exact' | 'euler' }): SynapseSpec =>
  checked(SynapseSchema, { kind: 'conductance', ...o }, 'conductance');
/** @example currentSynapse({ tau: 5 }) */
export const currentSynapse = (o: { tau: number; target?: string; decay?: 'exact' | 'euler' }): SynapseSpec =>
  checked(SynapseSchema, { kind: 'current', ...o }, 'currentSynapse');
/** @example jump() // v += w at arrival */
export const jump = (target?: string): SynapseSpec =>
  checked(SynapseSchema, { kind: 'jump', ...(target !== undefined ? { target } : {}) }, 'jump');
/** @example pulse() // I += w for one step */
export const pulse = (target?: string): SynapseSpec =>
  checked(SynapseSchema, { kind: 'pulse', ...(target !== undefined ? { target } : {}) }, 'pulse');
/** @example filtered({ shape: 'alpha', tau: 50, window: 100 }) */
export const filtered = (o: { shape: 'exp' | 'alpha'; tau: number; window?: number; target?: string }): SynapseSpec =>
  checked(SynapseSchema, { kind: 'filtered', ...o }, 'filtered');
/** @example rateSynapse({ tau: 10, gain: 0.001 / 50, E: 0 }) */
export const rateSynapse = (o: {
  tau: number;
  gain?: number;
  E?: number | null;
  activity?: string;
  target?: string;
}): SynapseSpec => checked(SynapseSchema, { kind: 'rate', ...o }, 'rateSynapse');

/** @example noise('E', 5) */
export const noise = (to: string, sigma: ValueSpec, options: { target?: string; mean?: number } = {}): DriveSpec =>
  checked(DriveSchema, { kind: 'noise', to, sigma, ...options }, 'noise');
/** @example current('E', 't > 200 and t < 700 ? 7 : 0') */
export const current = (
  to: string,
  value: number | string,
  options: { target?: string; scale?: ValueSpec } = {},
): DriveSpec => checked(DriveSchema, { kind: 'current', to, value, ...options }, 'current');
/**
 * Per-cell independent Poisson input: each cell of `to` receives `trains` independent Poisson
 * trains of `rate` Hz, each spike adding `weight` to `target` (Brian2's PoissonInput).
 * @example poissonInput('E', 'v', { trains: 1000, rate: 20, weight: 0.1 }) // Brunel (2000)
 */
export const poissonInput = (
  to: string,
  target: string,
  options: { trains: number; rate: number; weight: ValueSpec },
): DriveSpec => checked(DriveSchema, { kind: 'poisson', to, target, ...options }, 'poissonInput');

/**
 * A network spec, checked at every depth as a network file is (buildNetwork checks again: a spec
 * may be written as a plain object or changed after this call).
 * @example network({ populations: { E: population('lif', 10) } })
 */
export const network = (spec: NetworkSpec): NetworkSpec => {
  checkSpec(NetworkSchema, spec, { network: typeof spec?.name === 'string' ? spec.name : undefined });
  return spec;
};
