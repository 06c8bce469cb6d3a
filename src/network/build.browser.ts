/**
 * buildNetwork in the browser build: the same build as node's (build-network.ts) with the browser's
 * model loader, which knows the bundled models by name; a model file path is refused with a
 * NodeOnlyError (pass a Model, or an inline model spec, instead).
 *
 * @example
 * import { buildNetwork, network, population } from 'isocline/network';   // in a page
 * const built = buildNetwork(network({ name: 'one', t: 100, populations: { e: population('izhikevich', 10) } }));
 */
import { loadModel } from '../model/modelfile.browser.js';
import { buildNetworkWith } from './build-network.js';
import type { BuildOptions, ModelLoader } from './build-limits.js';
import type { NetworkSpec } from './spec.js';
import type { BuiltNetwork } from '../ir/network.js';

export { memoryOf } from './build-network.js';

const browserLoader: ModelLoader = (name) => loadModel(name);

/**
 * Build a network from its spec (models: bundled names, Model objects or inline specs).
 * @example const built = buildNetwork(spec, { seed: 2, memoryLimit: 2 ** 30 });
 */
export function buildNetwork(spec: NetworkSpec, options: BuildOptions = {}): BuiltNetwork {
  return buildNetworkWith(spec, options, browserLoader);
}
