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

export * from './api.js';
// node: the builder loads model files; network files by name or path
export { buildNetwork, memoryOf } from './build.js';
export { loadNetwork, bundledNetworks } from './files.js';

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
