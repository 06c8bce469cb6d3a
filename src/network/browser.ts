/**
 * isocline/network in the browser build (the package's `browser` condition for './network'): specs,
 * their JSON Schema and checker, building and running networks on the JS kernel (one thread) and
 * the tensor target (tfjs's browser back-ends) work in a page as in node, with the same numbers.
 * What differs: models are bundled names, Model objects or inline specs (a model file path throws a
 * NodeOnlyError); network files are parsed from text (parseNetworkFile), not loaded by path; the
 * kernel's threads (node's worker_threads) are refused above one; without memoryLimit the memory
 * check uses navigator.deviceMemory where the browser reports it (src/network/memory.ts).
 * Node's modules are reached through process.getBuiltinModule (node-builtins.ts), never imported;
 * the one module pair is build.ts / build.browser.ts (the model loader). test/browser/bundle.test.ts
 * keeps the names equal to the node entry's (src/network/index.ts).
 *
 * @example
 * import { network, population, runNetwork } from 'isocline/network';   // in a page
 * const spec = network({ name: 'pair', t: 100, populations: { e: population('izhikevich', 2) } });
 * const result = await runNetwork(spec, { target: 'kernel' });
 */
import { NodeOnlyError } from '../model/node-only.js';
import { buildNetwork } from './build.browser.js';
import { networkTarget } from './targets/index.js';
import type { BuildOptions } from './build-limits.js';
import type { NetworkFile } from './files.js';
import type { NetworkSpec } from './spec.js';
import type { TargetOptions } from './targets/index.js';
import { BUILT_NETWORK, type BuiltNetwork, type NetworkResult } from '../ir/network.js';

export * from './api.js';
// the browser's builder (bundled-name and inline models only)
export { buildNetwork, memoryOf } from './build.browser.js';

/** A target's name: 'kernel' or 'tensor' (NETWORK_TARGETS lists them). */
export type Target = string;

export interface NetworkRunOptions extends BuildOptions, TargetOptions {
  /** 'kernel' (JS loops, one thread; default) or 'tensor' (TensorFlow.js: webgpu, webgl, wasm, cpu) */
  target?: Target;
}

const FILES = 'there are no files in a browser; parse the text with parseNetworkFile(text)';

/** Node only (files): throws a NodeOnlyError in the browser build. */
export function loadNetwork(nameOrPath: string): NetworkFile {
  throw new NodeOnlyError(`loadNetwork('${nameOrPath}')`, FILES);
}

/** Node only (files): throws a NodeOnlyError in the browser build. */
export function bundledNetworks(): { name: string; description: string; file: string }[] {
  throw new NodeOnlyError('bundledNetworks', FILES);
}

/**
 * Build (if needed) and run a network: a spec or a built network (a name or path is a file: a
 * NodeOnlyError here).
 * @example const r = await runNetwork(spec, { target: 'tensor', backend: 'wasm' });
 */
export async function runNetwork(
  input: string | NetworkSpec | BuiltNetwork,
  options: NetworkRunOptions = {},
): Promise<NetworkResult> {
  const target = networkTarget(options.target ?? 'kernel');
  if (typeof input === 'string') throw new NodeOnlyError(`runNetwork('${input}')`, FILES);
  const built =
    (input as BuiltNetwork).format === BUILT_NETWORK
      ? (input as BuiltNetwork)
      : buildNetwork(input as NetworkSpec, options);
  const prepared = await target.prepare(built, options);
  return prepared.run(options);
}
