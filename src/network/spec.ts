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
import type { Model } from '../model/model.js';
import type { ModelSpec } from '../model/spec.js';
import type { Integration, IntegrationMethod } from './types.js';

/**
 * A value per cell (or per synapse, for weights and delays):
 * - a number (the same for every cell), or an array with one value per cell;
 * - a distribution: `{ uniform: [lo, hi] }`, `{ normal: [mean, sd], min?, max? }` (clipped),
 *   `{ gamma: [shape, scale] }`;
 * - an expression string of `r` (a uniform draw in [0, 1)), `z` (a standard normal draw), `i` (index)
 *   and `n` (size), e.g. Izhikevich's `-65 + 15*r^2`. Within one population every parameter and
 *   initial value sees the same r and z of a cell (so `c = -65 + 15*r^2` and `d = 8 - 6*r^2` are
 *   correlated as in Izhikevich 2003); for weights r and z are drawn per synapse.
 */
export type ValueSpec =
  | number
  | number[]
  | string
  | { uniform: [number, number] }
  | { normal: [number, number]; min?: number; max?: number }
  | { gamma: [number, number] };

/** A population: `size` cells of one model. */
export interface PopulationSpec {
  /** a bundled model name or a model file path (relative to the network file), a Model, or an inline model */
  model: string | Model | ModelSpec;
  size: number;
  /** a preset of the model (e.g. Izhikevich 'FS') applied before `params` */
  preset?: string;
  /** parameter values (any not given keep the model's value) */
  params?: Record<string, ValueSpec>;
  /** initial values (any not given follow the model's init expressions, per cell) */
  init?: Record<string, ValueSpec>;
  /** integration scheme (default 'euler') */
  integration?: IntegrationMethod | Integration;
  /** the membrane potential for conductance and rate synapses (default 'v', else the first variable) */
  voltage?: string;
  /**
   * how threshold events are applied inside a step: 'step' (default, the classic network update:
   * detect at the step end, interpolate the time, reset the end-of-step state) or 'located' (as the
   * single-cell engine's fixed-step driver: root-found on the step, reset there, step finished)
   */
  events?: 'step' | 'located';
}

/** Presynaptic-only groups. */
export type SourceSpec =
  /** `size` independent Poisson trains; rate (Hz) a number or an expression of t (ms), drawn per step as rand < rate dt */
  | { kind: 'poisson'; size: number; rate: number | string }
  /** explicit spike times (ms), one list per source unit */
  | { kind: 'spikes'; times: number[][] }
  /** fixed activities (Hz) for rate coupling (seed 003's input pattern) */
  | { kind: 'rates'; size: number; activity: ValueSpec };

/**
 * Connectivity. Autapses (i → i within one population) are allowed unless `autapses: false`.
 * - `'all'`: every pre to every post (stored dense, 4 bytes per synapse);
 * - `{ p }`: each ordered pair independently with probability p;
 * - `{ indegree: k }`: each post cell gets exactly k distinct pre cells;
 * - `{ outdegree: k }`: each pre cell projects to exactly k distinct post cells;
 * - `{ pairs: [[i, j, w?], ...] }`: explicit list (w overrides `weight`);
 * - `{ matrix, rows }`: a dense weight matrix, rows indexed by pre or post cell (zeros dropped unless all nonzero).
 */
export type ConnectSpec =
  | 'all'
  | { p: number; autapses?: boolean }
  | { indegree: number; autapses?: boolean }
  | { outdegree: number; autapses?: boolean }
  | { pairs: ([number, number] | [number, number, number])[] }
  | { matrix: number[][]; rows: 'pre' | 'post' };

/** Synapse kinds (see `Synapse` in types.ts for their exact per-step semantics). `target` defaults to 'I'. */
export type SynapseSpec =
  | { kind: 'jump'; target?: string }
  | { kind: 'pulse'; target?: string }
  | { kind: 'current'; target?: string; tau: number; decay?: 'exact' | 'euler' }
  | { kind: 'conductance'; target?: string; E: number; tau: number; decay?: 'exact' | 'euler' }
  | { kind: 'kernel'; target?: string; shape: 'exp' | 'alpha'; tau: number; window?: number }
  | { kind: 'rate'; target?: string; tau: number; gain?: number; E?: number | null; activity?: string };

export interface ProjectionSpec {
  /** default `from->to` (with a number appended when repeated) */
  name?: string;
  /** a population or source name */
  from: string;
  /** a population name */
  to: string;
  connect: ConnectSpec;
  /** weight per synapse (default 1); not used where `pairs`/`matrix` give weights */
  weight?: ValueSpec;
  /** transmission delay (ms): one number, or a per-synapse value spec; rounded to steps */
  delay?: ValueSpec;
  /** default: pulse onto I */
  synapse?: SynapseSpec;
}

/** Per-step input to a parameter (`target`, default 'I') of every cell of a population. */
export type DriveSpec =
  /** a current: a number or an expression of t (ms), optionally scaled per cell */
  | { kind: 'current'; to: string; target?: string; value: number | string; scale?: ValueSpec }
  /** Gaussian noise sigma z per cell per step (held over the step), plus an optional constant mean */
  | { kind: 'noise'; to: string; target?: string; sigma: ValueSpec; mean?: number };

export interface MonitorSpec {
  /** record spikes (cell, time) of all populations (true), the named ones, or none (default: nothing is recorded that was not asked for; counts are always kept) */
  spikes?: boolean | string[];
  /**
   * state traces: variables, named expressions, or a parameter that receives synaptic or drive input
   * (e.g. 'I': then its total, base + synapses + drives, as the step saw it) of chosen cells every
   * `every` ms (default dt)
   */
  traces?: { population: string; variables?: string | string[]; cells?: number[] | number | 'all'; every?: number }[];
  /** population rates in bins of `bin` ms (default 1 ms; all populations unless named) */
  rates?: { populations?: string[]; bin?: number } | boolean;
}

export interface NetworkSpec {
  name?: string;
  description?: string;
  reference?: string;
  /** step (ms), default 0.1 */
  dt?: number;
  /** duration (ms), default 1000 */
  t?: number;
  /** one seed for connectivity, parameters and inputs (default 1) */
  seed?: number;
  populations: Record<string, PopulationSpec>;
  sources?: Record<string, SourceSpec>;
  projections?: ProjectionSpec[];
  drives?: DriveSpec[];
  monitors?: MonitorSpec;
}

/**
 * A population spec.
 * @example population(loadModel('izhikevich'), 800, { params: { c: '-65 + 15*r^2' } })
 */
export function population(model: PopulationSpec['model'], size: number, options: Omit<PopulationSpec, 'model' | 'size'> = {}): PopulationSpec {
  return { model, size, ...options };
}

/**
 * A projection spec.
 * @example connect('E', 'I', { p: 0.05 }, { weight: { gamma: [2, 0.003] }, synapse: conductance({ E: 0, tau: 10 }) })
 */
export function connect(from: string, to: string, rule: ConnectSpec, options: Omit<ProjectionSpec, 'from' | 'to' | 'connect'> = {}): ProjectionSpec {
  return { from, to, connect: rule, ...options };
}

/** @example poisson(100, 't >= 200 and t < 700 ? 2 : 0') */
export const poisson = (size: number, rate: number | string): SourceSpec => ({ kind: 'poisson', size, rate });
/** @example spikeTrains([[10, 20.5], [], [15]]) */
export const spikeTrains = (times: number[][]): SourceSpec => ({ kind: 'spikes', times });
/** @example rateSource(10, { uniform: [0, 50] }) */
export const rateSource = (size: number, activity: ValueSpec): SourceSpec => ({ kind: 'rates', size, activity });

/** @example conductance({ E: -85, tau: 10, decay: 'euler' }) */
export const conductance = (o: { E: number; tau: number; target?: string; decay?: 'exact' | 'euler' }): SynapseSpec => ({ kind: 'conductance', ...o });
/** @example currentSynapse({ tau: 5 }) */
export const currentSynapse = (o: { tau: number; target?: string; decay?: 'exact' | 'euler' }): SynapseSpec => ({ kind: 'current', ...o });
/** @example jump() // v += w at arrival */
export const jump = (target?: string): SynapseSpec => ({ kind: 'jump', ...(target ? { target } : {}) });
/** @example pulse() // I += w for one step */
export const pulse = (target?: string): SynapseSpec => ({ kind: 'pulse', ...(target ? { target } : {}) });
/** @example kernel({ shape: 'alpha', tau: 50, window: 100 }) */
export const kernel = (o: { shape: 'exp' | 'alpha'; tau: number; window?: number; target?: string }): SynapseSpec => ({ kind: 'kernel', ...o });
/** @example rateSynapse({ tau: 10, gain: 0.001 / 50, E: 0 }) */
export const rateSynapse = (o: { tau: number; gain?: number; E?: number | null; activity?: string; target?: string }): SynapseSpec => ({ kind: 'rate', ...o });

/** @example noise('E', 5) */
export const noise = (to: string, sigma: ValueSpec, options: { target?: string; mean?: number } = {}): DriveSpec => ({ kind: 'noise', to, sigma, ...options });
/** @example current('E', 't > 200 and t < 700 ? 7 : 0') */
export const current = (to: string, value: number | string, options: { target?: string; scale?: ValueSpec } = {}): DriveSpec => ({ kind: 'current', to, value, ...options });

/** A network spec (identity, for type checking and symmetry with the JSON files). */
export const network = (spec: NetworkSpec): NetworkSpec => spec;
