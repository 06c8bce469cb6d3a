/**
 * The network API both entries share (src/network/index.ts for node, src/network/browser.ts for
 * browsers): specs, the built-network contract, targets, schema and random streams. What differs
 * (the builder's model loader, network files) each entry adds itself.
 */
export type { BuildOptions } from './build-limits.js';
export type { NetworkFile } from './files.js';
export { parseNetworkFile } from './network-text.js';
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
export type { MemoryEstimate, MemoryItem } from './memory.js';
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
