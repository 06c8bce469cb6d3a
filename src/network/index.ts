/**
 * Networks: one model scaled to populations, projections and inputs, run on a target (the fused
 * JS kernel by default, or batched tensor code). Charts of results are in the main entry
 * (`import { rasterChart } from 'isocline'`).
 *
 * @example
 * import { loadNetwork, runNetwork } from 'isocline/network';
 * const r = await runNetwork('izhikevich-2003', { seed: 2 });
 * console.log(r.rates, r.timing);
 */
import { buildNetwork, type BuildOptions } from './build.js';
import { loadNetwork } from './files.js';
import { networkTarget, type TargetOptions } from './targets/index.js';
import type { NetworkSpec } from './spec.js';
import { BUILT_NETWORK, type BuiltNetwork, type NetworkResult } from '../ir/network.js';

// the spec: helpers that check as they build, and its types
export {
  network,
  population,
  connect,
  poisson,
  spikeTrains,
  rateSource,
  conductance,
  currentSynapse,
  jump,
  pulse,
  filtered,
  rateSynapse,
  noise,
  current,
  poissonInput,
} from './spec.js';
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
} from './spec.js';
// the built network (the contract every target reads) and results
export type {
  BuiltNetwork,
  BuiltPopulation,
  BuiltProjection,
  BuiltSource,
  BuiltMonitors,
  SpikeSource,
  RateSource,
  PreRef,
  Drive,
  CurrentDrive,
  NoiseDrive,
  PoissonDrive,
  CellValues,
  Precision,
  Integration,
  IntegrationMethod,
  RunOptions,
  NetworkResult,
  PopulationLayout,
  Synapse,
} from '../ir/network.js';
export type { BuiltSynapse, SynapseBehaviour, SynapseKind, SynapseState } from '../ir/synapse-kind.js';
export { SYNAPSE_KINDS, synapseKind, behaviourOf } from '../ir/synapses/index.js';
export { STENCILS, type Stencil } from '../ir/methods.js';
export { NetworkError } from '../ir/errors.js';
export { buildNetwork, memoryOf, type BuildOptions } from './build.js';
export type { MemoryEstimate, MemoryItem } from './memory.js';
export { loadNetwork, bundledNetworks, parseNetworkFile, type NetworkFile } from './files.js';
export {
  NETWORK_TARGETS,
  networkTarget,
  type NetworkTarget,
  type PreparedRun,
  type TargetOptions,
} from './targets/index.js';
export { runKernel, prepareKernel, type KernelRun } from './targets/js-kernel/run.js';
export { flattenNetwork, type FlatLegend } from './flatten.js';
export { izhikevich2003, seedConductance } from './classics.js';
// the one definition of a network spec: the JSON Schema (e.g. for an editor) and its checker
export { NetworkSchema, MAX_SEED } from './schema.js';
export { checkSpec, NetworkSpecError, type SpecWhere } from './schema-check.js';
// the random streams, for reproducing a run's noise and Poisson inputs outside isocline
export { NoiseStream, NormalStream, PoissonCountStream, binomialTable } from './rng.js';

/** A target's name: 'kernel' or 'tensor' (NETWORK_TARGETS lists them). */
export type Target = string;

export interface NetworkRunOptions extends BuildOptions, TargetOptions {
  /** a name from NETWORK_TARGETS: 'kernel' (fused CPU loops, default) or 'tensor' (TensorFlow.js) */
  target?: Target;
}

function isBuilt(x: NetworkSpec | BuiltNetwork): x is BuiltNetwork {
  return typeof x === 'object' && x !== null && (x as BuiltNetwork).format === BUILT_NETWORK;
}

/**
 * Build (if needed) and run a network: a bundled name or file path, a spec, or a built network.
 * @example const r = await runNetwork('seed-000-conductance', { target: 'kernel', seed: 3 });
 */
export async function runNetwork(
  input: string | NetworkSpec | BuiltNetwork,
  options: NetworkRunOptions = {},
): Promise<NetworkResult> {
  const target = networkTarget(options.target ?? 'kernel');
  let built: BuiltNetwork;
  if (typeof input === 'string') {
    const f = loadNetwork(input);
    built = buildNetwork(f.spec, { ...options, baseDir: options.baseDir ?? f.baseDir });
  } else built = isBuilt(input) ? input : buildNetwork(input, options);
  const prepared = await target.prepare(built, options);
  return prepared.run(options);
}
