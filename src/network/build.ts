/**
 * buildNetwork in node: the build (build-network.ts and its build-*.ts parts) with node's model
 * loader, which reads model files and resolves relative paths against `baseDir` (a network file's
 * folder). The browser entry has build.browser.ts instead (bundled models only); the two differ in
 * nothing else.
 *
 * @example
 * import { buildNetwork, loadNetwork } from 'isocline/network';
 * const built = buildNetwork(loadNetwork('izhikevich-2003').spec, { seed: 2, t: 500 });
 */
import { isAbsolute, resolve } from 'node:path';
import { loadModel } from '../model/modelfile.js';
import { buildNetworkWith } from './build-network.js';
import type { BuildOptions, ModelLoader } from './build-limits.js';
import type { NetworkSpec } from './spec.js';
import type { BuiltNetwork } from '../ir/network.js';

export { memoryOf } from './build-network.js';
export {
  MAX_STEPS,
  MAX_EVENTS,
  MAX_DELAY_STEPS,
  SPIKE_CAPACITY,
  type BuildOptions,
  type ModelLoader,
} from './build-limits.js';

/** A model's name or file; a relative path in a network file is relative to that file's folder. */
const nodeLoader: ModelLoader = (m, baseDir) =>
  loadModel(baseDir && /[/\\]|\.(ya?ml|json)$/i.test(m) && !isAbsolute(m) ? resolve(baseDir, m) : m);

/**
 * Build a network from its spec.
 * @example const built = buildNetwork(loadNetwork('izhikevich-2003').spec, { seed: 2, t: 500 });
 */
export function buildNetwork(spec: NetworkSpec, options: BuildOptions = {}): BuiltNetwork {
  return buildNetworkWith(spec, options, nodeLoader);
}
