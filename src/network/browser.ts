/**
 * isocline/network in the browser build (the package's `browser` condition for './network'): network
 * specs, their JSON Schema and checker, the synapse kinds, flattening and the random streams work in
 * a page as in node. Building and running a network does not yet: the builder and the JS kernel
 * import node (node:path and the model files in build.ts, node:os in memory.ts and the kernel,
 * worker_threads in its threads), so buildNetwork, runNetwork, the targets and the network files
 * are here but throw a NodeOnlyError. test/browser/bundle.test.ts keeps the names equal to the node
 * entry's (src/network/index.ts).
 *
 * @example
 * import { network, population, connect, checkSpec } from 'isocline/network';   // in a page
 * const spec = network({ name: 'pair', populations: { e: population('izhikevich', 2) } });
 */
import { NodeOnlyError } from '../model/node-only.js';
import type { BuildOptions } from './build.js';
import type { NetworkFile } from './files.js';
import type { MemoryEstimate } from './memory.js';
import type { NetworkSpec } from './spec.js';
import type { KernelRun } from './targets/js-kernel/run.js';
import type { NetworkTarget, TargetOptions } from './targets/index.js';
import type { BuiltNetwork, NetworkResult, RunOptions } from '../ir/network.js';

// what works in a browser: the same modules as the node entry
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
export type { BuildOptions } from './build.js';
export type { MemoryEstimate, MemoryItem } from './memory.js';
export type { NetworkFile } from './files.js';
export type { NetworkTarget, PreparedRun, TargetOptions } from './targets/index.js';
export type { KernelRun } from './targets/js-kernel/run.js';
export { flattenNetwork, type FlatLegend } from './flatten.js';
export { izhikevich2003, seedConductance } from './classics.js';
export { NetworkSchema, MAX_SEED } from './schema.js';
export { checkSpec, NetworkSpecError, type SpecWhere } from './schema-check.js';
export { NoiseStream, NormalStream, PoissonCountStream, binomialTable } from './rng.js';

/** A target's name: 'kernel' or 'tensor' (node only, for now). */
export type Target = string;

export interface NetworkRunOptions extends BuildOptions, TargetOptions {
  target?: Target;
}

// what does not, yet: building and running (see the header)
const NOT_YET = 'isocline/network builds and runs networks in node only, for now';

/** Node only, for now: throws a NodeOnlyError in the browser build. */
export function buildNetwork(_spec: NetworkSpec, _options: BuildOptions = {}): BuiltNetwork {
  throw new NodeOnlyError('buildNetwork', NOT_YET);
}

/** Node only, for now: throws a NodeOnlyError in the browser build. */
export function memoryOf(_built: BuiltNetwork): MemoryEstimate | undefined {
  throw new NodeOnlyError('memoryOf', NOT_YET);
}

/** Node only, for now: rejects with a NodeOnlyError in the browser build. */
export async function runNetwork(
  _input: string | NetworkSpec | BuiltNetwork,
  _options: NetworkRunOptions = {},
): Promise<NetworkResult> {
  throw new NodeOnlyError('runNetwork', NOT_YET);
}

/** Node only, for now: throws a NodeOnlyError in the browser build. */
export function runKernel(_built: BuiltNetwork, _options: RunOptions = {}): NetworkResult {
  throw new NodeOnlyError('runKernel', NOT_YET);
}

/** Node only, for now: throws a NodeOnlyError in the browser build. */
export function prepareKernel(_built: BuiltNetwork, _options: RunOptions = {}): KernelRun {
  throw new NodeOnlyError('prepareKernel', NOT_YET);
}

/** No targets in the browser build yet (the list is empty; networkTarget throws a NodeOnlyError). */
export const NETWORK_TARGETS: readonly NetworkTarget[] = [];

/** Node only, for now: throws a NodeOnlyError in the browser build. */
export function networkTarget(name: string): NetworkTarget {
  throw new NodeOnlyError(`the network target '${name}'`, NOT_YET);
}

/** Node only (files): throws a NodeOnlyError in the browser build. */
export function loadNetwork(nameOrPath: string): NetworkFile {
  throw new NodeOnlyError(`loadNetwork('${nameOrPath}')`, NOT_YET);
}

/** Node only (files): throws a NodeOnlyError in the browser build. */
export function bundledNetworks(): { name: string; description: string; file: string }[] {
  throw new NodeOnlyError('bundledNetworks', NOT_YET);
}

/** Node only, for now (its module reads files): throws a NodeOnlyError in the browser build. */
export function parseNetworkFile(_text: string, _file = '(network)'): NetworkSpec {
  throw new NodeOnlyError('parseNetworkFile', NOT_YET);
}
