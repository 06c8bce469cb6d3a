/**
 * The limits of a network build and its options, shared by the build's modules and the targets
 * (the kernel's spike monitor starts at SPIKE_CAPACITY). No node here: the build runs in a browser too.
 */
import type { Model } from '../model/model.js';
import type { PopulationSpec } from './spec.js';

export interface BuildOptions {
  /** overrides spec.seed; an integer 0 <= seed <= 2^32 - 1 (others are refused) */
  seed?: number;
  /** duration (ms), overrides spec.t */
  t?: number;
  /** step (ms), overrides spec.dt */
  dt?: number;
  /** folder against which model file paths in the spec are resolved (a network file's folder) */
  baseDir?: string;
  /** bytes the run may use (default: os.freemem() at build time) */
  memoryLimit?: number;
  /** bytes per state value of the target (8 for float64, 4 for float32) */
  bytesPerValue?: number;
  /**
   * The most steps (t / dt) a run may take (default 1e8, at most 2^31 - 2): a larger count is
   * refused before anything is built, with its work in cell-steps.
   * @example buildNetwork(spec, { t: 1e5, dt: 1e-4, maxSteps: 2e9 })
   */
  maxSteps?: number;
}

/** The default limit on the steps of a run (BuildOptions.maxSteps). */
export const MAX_STEPS = 1e8;
/** The most spikes one input source may hold (its event index is an Int32Array). */
export const MAX_EVENTS = 2 ** 31 - 2;
/** The most whole steps of dt a delay may span (per-synapse delays are stored as Uint16). */
export const MAX_DELAY_STEPS = 65535;
/** initial capacity of the spike monitor (it doubles as needed) */
export const SPIKE_CAPACITY = 1 << 16;
/** Step indices are int32: no limit can go beyond this. */
export const STEP_INDEX_LIMIT = 2 ** 31 - 2;

/** A population's spec with its model resolved. */
export interface Resolved {
  name: string;
  spec: PopulationSpec;
  model: Model;
}

/**
 * Loads a model named in a spec (a bundled name, or in node a file path resolved against `baseDir`):
 * node's reads files (src/network/build.ts), the browser's knows the bundled models only.
 */
export type ModelLoader = (nameOrPath: string, baseDir?: string) => Model;
