/**
 * Networks: one model scaled to populations, projections and inputs, run on the fused CPU kernel
 * (default) or as batched tensor code.
 *
 * @example
 * import { loadNetwork, runNetwork } from 'isocline/network';
 * const r = await runNetwork('izhikevich-2003', { seed: 2 });
 * console.log(r.rates, r.timing);
 */
import { buildNetwork, type BuildOptions } from './build.js';
import { loadNetwork } from './files.js';
import { runKernel } from './kernel-run.js';
import { OptionError } from '../model/errors.js';
import type { NetworkSpec } from './spec.js';
import type { BuiltNetwork, NetworkResult, RunOptions } from './types.js';

export * from './spec.js';
export type * from './types.js';
export { buildNetwork, memoryOf, type BuildOptions } from './build.js';
export type { MemoryEstimate, MemoryItem } from './memory.js';
export { loadNetwork, bundledNetworks, parseNetworkFile, type NetworkFile } from './files.js';
export { runKernel, prepareKernel, type KernelRun } from './kernel-run.js';
export { flattenNetwork, type FlatLegend } from './flatten.js';
export { izhikevich2003, seedConductance } from './classics.js';
export { NetworkError } from './errors.js';
// the one definition of a network spec: the JSON Schema (e.g. for an editor) and its checker
export { NetworkSchema, MAX_SEED } from './schema.js';
export { checkSpec, NetworkSpecError, type SpecWhere } from './schema-check.js';
export { NOISE_BLOCK, NoiseStream, NormalStream, Rng, streamSeed } from './rng.js';

export type Target = 'kernel' | 'tensor';

export interface NetworkRunOptions extends BuildOptions, RunOptions {
  /** 'kernel' (fused CPU loops, default) or 'tensor' (TensorFlow.js) */
  target?: Target;
  /** tensor target only: 'tensorflow' (tfjs-node), 'wasm' or 'cpu' */
  backend?: 'tensorflow' | 'wasm' | 'cpu';
}

/**
 * Build (if needed) and run a network: a bundled name or file path, a spec, or a built network.
 * @example const r = await runNetwork('seed-000-conductance', { target: 'kernel', seed: 3 });
 */
export async function runNetwork(input: string | NetworkSpec | BuiltNetwork, options: NetworkRunOptions = {}): Promise<NetworkResult> {
  let built: BuiltNetwork;
  if (typeof input === 'string') {
    const f = loadNetwork(input);
    built = buildNetwork(f.spec, { ...options, baseDir: options.baseDir ?? f.baseDir });
  } else if ('steps' in input && 'projections' in input && Array.isArray(input.projections) && 'buildSeconds' in input) built = input as BuiltNetwork;
  else built = buildNetwork(input as NetworkSpec, options);
  const target = options.target ?? 'kernel';
  if (target === 'kernel') return runKernel(built, options);
  if (target === 'tensor') {
    // loaded on demand: TensorFlow.js is heavy and not needed by the kernel
    const { runTensor } = await import('./tensor-run.js');
    return runTensor(built, options);
  }
  throw new OptionError(`unknown target '${target}' (kernel or tensor)`);
}
export { rasterChart, type RasterOptions, type PopulationLayout } from '../plot/raster.js';
export { rateChart, type RateOptions } from '../plot/rate.js';
export { tracesChart, type TracesOptions } from '../plot/traces.js';
export { heatmapChart, type HeatmapOptions } from '../plot/heatmap.js';
