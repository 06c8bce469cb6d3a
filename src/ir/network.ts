/**
 * The built network: the plain-data contract between network construction (src/network/build.ts)
 * and every compile target (the fused CPU kernel in src/compile/js-kernel/generate.ts, the tensor target).
 *
 * Everything here is data: numbers, strings, typed arrays and the model IR (ASTs). No functions,
 * no classes with behaviour. A target reads a `BuiltNetwork` and must reproduce the per-step
 * semantics documented on `BuiltNetwork` exactly; the kernel target is the reference.
 *
 * Units: time in ms (dt, delays, tau, spike times), rates in Hz, everything else in the model's units.
 * Randomness: all connectivity, parameter draws and Poisson input spike trains are already drawn here
 * (identical on every target by construction). The only randomness left to a target is Gaussian noise
 * (`NoiseDrive`), defined bit-exactly by `NoiseStream` in src/network/rng.ts: a target that must
 * reproduce the kernel's spike trains draws its noise through that stream (on the host, in chunks).
 */
import type { ModelIR } from '../model/ir.js';

/** Arithmetic precision of a run. */
export type Precision = 'float64' | 'float32';

/**
 * One value per cell: a number shared by every cell of the population, or a Float64Array of
 * length `size`. Targets should treat a number as a compile-time constant (hoisted, not an array).
 */
export type CellValues = number | Float64Array;

/**
 * How a population's ODEs advance one step of length dt (inputs held constant over the step).
 * - `euler`: simultaneous forward Euler, y' = y + dt f(y).
 * - `rk2`: explicit midpoint, k1 = f(y), k2 = f(y + dt/2 k1), y' = y + dt k2.
 * - `rk4`: classical Runge-Kutta (the same stages as src/single/simulate-fixed.ts `method: 'rk4'`).
 * - `expeuler`: exponential Euler for every variable whose ddt is linear in itself (after synaptic
 *   conductance terms are added): with f = ddt(y) and B = d(ddt)/dy at the step start,
 *   y' = y + dt f phi1(B dt), phi1(x) = expm1(x)/x (= y_inf + (y - y_inf) exp(B dt), y_inf = y - f/B,
 *   without the division by B); variables not linear in themselves take forward Euler. All
 *   variables read the old state.
 * - `sequential`: variables updated one after another in `order` (default model order), each with
 *   `substeps[name]` forward-Euler substeps of dt/substeps, every update reading the newest values.
 *   Izhikevich (2003) is `{ method: 'sequential', substeps: { v: 2 } }`: v += dt/2 f twice, then
 *   u += dt a(bv - u) with the new v.
 */
// one definition with the spec's integration field (schema.ts): the built form has the same shape
import type { Integration, IntegrationMethod } from './methods.js';
export type { Integration, IntegrationMethod };

/** A population: `size` cells of one model. */
export interface BuiltPopulation {
  name: string;
  /** position in `BuiltNetwork.populations` */
  index: number;
  size: number;
  /** global index of this population's first cell (populations numbered consecutively in order) */
  offset: number;
  /** the model (validated IR: ddt ASTs, parameters, named expressions, events) */
  model: ModelIR;
  /** every model parameter by name: a shared number or one value per cell */
  params: Record<string, CellValues>;
  /** initial value of every state variable by name, one per cell */
  init: Record<string, Float64Array>;
  integration: Integration;
  /**
   * Threshold, reset and refractory period come from `model.events`. Only the first event of the
   * model counts as a spike (monitors, propagation); `spikeEvent` is 0, or null without events.
   */
  spikeEvent: number | null;
  /**
   * How events are applied within a step:
   * - 'step' (default; the classic network update, as Brian2 and the anchors): the whole step is
   *   integrated; event k fires when direction*g was < 0 at the step start (before any jump
   *   synapse's arrival) and is >= 0 at its end; its time is interpolated linearly in g:
   *   t + dt g0 / (g0 - g1); the earliest crossing event fires and its resets apply at once to the
   *   end-of-step state (simultaneous assignments reading the pre-reset state). Cells whose
   *   condition already holds at t = 0 fire at t = 0.
   *   A refractory period (the event's `refractory` expression, per cell) starts at the
   *   interpolated time; while it lasts the `clamp` variables have derivative 0 and events are
   *   not watched: a step that starts inside it is not watched at all, and a step in which it ends
   *   is split there ([t, end] clamped, [end, t + dt] free).
   * - 'located': exactly the fixed-step driver of src/single/simulate-fixed.ts: a step is integrated in
   *   pieces ending where a refractory period ends and at events; an event's time is the root of g
   *   on the method's own partial step (Illinois regula falsi to 1e-12), the state is advanced to
   *   it and reset there, and the rest of the step is integrated from the event (further events in
   *   the same step possible). One unconnected cell gives simulate()'s spike times to the last bit.
   *   Costlier per spike (a root search); the kernel target implements it, others may refuse it.
   */
  eventMode: 'step' | 'located';
  /** model variable taken as membrane potential by conductance and rate synapses (default 'v', else the first) */
  voltage: string;
}

/**
 * A presynaptic-only group. Poisson sources are drawn at build time and stored as spike lists, so
 * every target sees the same input spike trains.
 */
export type BuiltSource = SpikeSource | RateSource;

/** Spiking input: explicit spike trains (given as times, or Poisson drawn at build). */
export interface SpikeSource {
  kind: 'spikes';
  name: string;
  /** position in `BuiltNetwork.sources` */
  index: number;
  size: number;
  /** how the trains were made (for reports): 'poisson' or 'times' */
  origin: 'poisson' | 'times';
  /**
   * Spikes grouped by the first step that sees them (CSR by step): the spikes of step n are
   * `cells[stepPtr[n] .. stepPtr[n+1])`, length steps+1. A spike at time ts belongs to step
   * n = ceil(ts/dt) (to 1e-9 steps; Poisson spikes are drawn at t = n dt) and arrives in step
   * n + delaySteps, so a source spike at n dt acts from step n on (seed 000: `gin += spikes(n)`
   * before the step's currents). A population spike detected in step n (time in (n dt, (n+1) dt])
   * arrives in step n + 1 + delaySteps: both arrive at the first step start at or after their time.
   */
  stepPtr: Int32Array;
  /** source index of each spike, ordered by step then source */
  cells: Int32Array;
  /** the spike times (ms), parallel to `cells` */
  times: Float64Array;
}

/** Continuous input: fixed activities (e.g. seed 003's FFE input pattern), in Hz. */
export interface RateSource {
  kind: 'rates';
  name: string;
  index: number;
  size: number;
  /** activity of each source unit, constant in time */
  activity: Float64Array;
}

/** Where a projection's presynaptic cells live. */
export interface PreRef {
  kind: 'population' | 'source';
  /** index in `populations` or `sources` */
  index: number;
  size: number;
}

/**
 * A synapse as built: its kind's name, target and constants. What it does each step is its kind's
 * behaviour (src/ir/synapses/<kind>.ts, read through `behaviourOf`): the states it keeps per post
 * cell, what an arrival does, what it adds to the target, how it decays. Kinds: jump, pulse, current,
 * conductance, filtered, rate (see src/ir/synapses/index.ts).
 */
export type { BuiltSynapse as Synapse } from './synapse-kind.js';
import type { BuiltSynapse } from './synapse-kind.js';

/**
 * A projection from pre cells to the cells of one post population, stored as CSR by presynaptic
 * cell (event-driven propagation reads only the rows of cells that spiked).
 * Memory: 8 bytes per synapse (col + weight), 4 when dense, plus 1-2 bytes where delays differ.
 */
export interface BuiltProjection {
  name: string;
  index: number;
  pre: PreRef;
  /** index of the post population */
  post: number;
  /** row pointers, length pre.size + 1: synapses of pre cell i are rowPtr[i] .. rowPtr[i+1] */
  rowPtr: Int32Array;
  /**
   * post cell (index within the post population) of each synapse, or null for a dense projection
   * whose row i holds every post cell 0..postSize-1 in order (rowPtr[i] = i * postSize).
   */
  col: Int32Array | null;
  /** weight of each synapse (float32 on every target, so all targets see the same weights) */
  weight: Float32Array;
  /**
   * Transmission delay in whole steps shared by every synapse: a spike detected in step n arrives
   * in step n + 1 + delaySteps (delaySteps 0 = the next step, the earliest causal arrival).
   * Delays in ms are rounded to steps at build (with a warning when that changes them).
   */
  delaySteps: number;
  /** per-synapse delays in steps (parallel to `weight`), only when they differ; then delaySteps = their max */
  delays: Uint8Array | Uint16Array | null;
  synapse: BuiltSynapse;
}

/** Per-step additive input to a parameter or input (`target`) of every cell of a population. */
export type Drive = CurrentDrive | NoiseDrive | PoissonDrive;

/** A current that is a function of time, sampled at each step start and held over the step. */
export interface CurrentDrive {
  kind: 'current';
  population: number;
  target: string;
  /** value at step n (t = n dt), length steps */
  values: Float64Array;
  /** per-cell factor (default 1) */
  scale: CellValues;
}

/**
 * Gaussian noise: target += sigma_j z_{n,j} at step n, z ~ N(0, 1) drawn per cell per step, held
 * over the step (Izhikevich 2003's `I = sigma*randn(N)`). The z are defined bit-exactly by
 * `new NoiseStream(streamSeed, size)` (src/network/rng.ts): one stream per block of 256 cells, each
 * drawn in cell order, one step after another, whatever the number of threads.
 */
export interface NoiseDrive {
  kind: 'noise';
  population: number;
  target: string;
  sigma: CellValues;
  /** 32-bit seed of this drive's normal stream (derived from the network seed and the drive's name) */
  streamSeed: number;
}

/**
 * Per-cell independent Poisson input (Brian2's `PoissonInput`, NEST's `poisson_generator` per
 * target): each cell receives the sum of `trains` independent Poisson trains of `rate` Hz, drawn
 * per step as one count k ~ Binomial(trains, rate dt / 1000) rather than as `trains` sources.
 *
 * The count of cell j at step n is `offset + (first i with u < cdf[i])`, where u is the next
 * `uniform()` of the block stream `new Rng(blockSeed(streamSeed, floor(j / NOISE_BLOCK)))`, drawn
 * for every cell at every step in cell order (clamped or not), as NoiseDrive's normals are; the
 * bit-exact host reference is `PoissonCountStream` in src/network/rng.ts. `cdf[cdf.length - 1]`
 * is exactly 1 (tails below 1e-20 of the mode's mass are dropped before normalising).
 *
 * In step phase 2, after the channels and in drive order:
 * - mode 'jump' (`target` is a state variable): target += weight_j k, skipped while the cell is
 *   clamped by a refractory period, exactly as a `jump` synapse;
 * - mode 'input' (`target` is a parameter or input): weight_j k is added to its input over the
 *   step, as a current drive is.
 * At float32 precision the increment is fround(weight_j k), then fround(target + increment).
 */
export interface PoissonDrive {
  kind: 'poisson';
  population: number;
  target: string;
  mode: 'jump' | 'input';
  weight: CellValues;
  /** number of independent trains per cell */
  trains: number;
  /** rate of each train (Hz) */
  rate: number;
  /** cumulative distribution of the per-step count from `offset` on; last entry exactly 1 */
  cdf: Float64Array;
  /** the count that cdf[0] belongs to */
  offset: number;
  /** 32-bit seed of this drive's uniform stream (derived from the network seed and the drive's name) */
  streamSeed: number;
}

/** What a run records; nothing else is kept. */
export interface BuiltMonitors {
  /** populations whose spikes (cell, interpolated time) are recorded */
  spikes: number[];
  /**
   * state (or named expression) samples of chosen cells every `every` steps (from t = 0). With
   * `input`, the variable is a parameter that receives synaptic or drive input, and a sample is its
   * total as the model sees it at the start of the step that ends at the sample: base value plus
   * every synaptic term and drive (conductances with v at the step start); at t = 0, the base.
   */
  traces: { population: number; variable: string; cells: Int32Array; every: number; input?: boolean }[];
  /** population rate histograms: spikes per bin of `bin` steps, as Hz */
  rates: { population: number; bin: number }[];
}

/**
 * A network ready to run. Per step n (t = n dt, n = 0 .. steps-1), every target does, in order:
 * 1. delivery: the population spikes detected in step n-1 and the source spikes of step n are
 *    propagated along their CSR rows into ring-buffer slot (n + delaySteps) mod depth of each post
 *    accumulator (per synapse delay where given); slot n now holds X_j for this step;
 * 2. synapse updates with X_j (each kind's `arrive`; a jump adds to its state variable) and drives
 *    for step n (current values, noise draws);
 * 3. integration of every population over [t, t + dt] with its method; targets read
 *    base parameter + each channel's `input` term (in channel order) + drives;
 * 4. threshold detection, interpolated spike times, resets, refractory periods (BuiltPopulation);
 * 5. synaptic states take their kind's `decay`; slot n of each ring buffer is cleared.
 * Before step 0, cells whose event condition holds at t = 0 fire at t = 0 (as in the single-cell
 * engine): they count as spikes detected in step -1, delivered in step 0 + delaySteps.
 */
export interface BuiltNetwork {
  /** what this object is (a spec has no such field): `runNetwork` tells the two apart by it */
  format: typeof BUILT_NETWORK;
  name: string;
  dt: number;
  steps: number;
  seed: number;
  populations: BuiltPopulation[];
  sources: BuiltSource[];
  projections: BuiltProjection[];
  drives: Drive[];
  monitors: BuiltMonitors;
  /** warnings raised while building (e.g. delays rounded to steps) */
  warnings: string[];
  /** seconds spent building (parameters, connectivity, input trains) */
  buildSeconds: number;
}

/** The `format` tag of a built network (bumped if the contract changes incompatibly). */
export const BUILT_NETWORK = 'isocline/built-network@1';

/** Options a target takes to run a built network. */
export interface RunOptions {
  /**
   * 'float64' (default) or 'float32': state in Float32Array, every arithmetic result rounded with
   * Math.fround, constants rounded to float32 — what a float32 tensor backend computes op by op.
   */
  precision?: Precision;
  /** called about every 1 % of the steps with the fraction done (e.g. a progress bar) */
  onProgress?: (fraction: number) => void;
  /**
   * kernel target: run the generated code for a few steps on a scratch copy of the state before
   * the timed loop, so the JIT compiles it during the build (default true; counted in build_s)
   */
  warmup?: boolean;
  /**
   * kernel target: worker threads the cells are split over (default 1; 'auto': every core, up to
   * 8, from 20 000 cells). Each thread runs its own range of cells with a barrier per step; the
   * results are bit-identical to one thread's whatever the count. Node only (worker_threads).
   */
  threads?: number | 'auto';
}

/** What a run returns: plain typed arrays. */
/** Where a population's cells sit in the global cell numbering of a run's spikes. */
export interface PopulationLayout {
  name: string;
  size: number;
  /** global index of its first cell */
  offset: number;
}

export interface NetworkResult {
  name: string;
  target: string;
  dt: number;
  steps: number;
  /** the populations in network order: global cell index = offset + cell */
  populations: PopulationLayout[];
  /** recorded spikes, in detection order (by step, then population, then cell) */
  spikes: {
    /** global cell index (population offset + cell) */
    cell: Int32Array;
    /** interpolated spike time (ms) */
    time: Float64Array;
    /** step in which each spike was detected (-1 for t = 0 spikes) */
    step: Int32Array;
  };
  /** spike count per population (counted for every population, recorded or not) */
  counts: number[];
  /** mean rate per population (Hz) over the run */
  rates: number[];
  traces: { population: string; variable: string; cells: Int32Array; t: Float64Array; values: Float64Array }[];
  populationRates: { population: string; t: Float64Array; hz: Float64Array }[];
  /**
   * seconds building (incl. code generation, warm-up) and in the step loop; threads: the kernel's worker
   * threads, counting the main one
   */
  timing: { build_s: number; run_s: number; threads?: number };
}
