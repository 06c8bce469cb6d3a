/**
 * The network targets, registered once: each is a folder beside this file behind one interface,
 * `prepare(built, options) → run`. The CLI, `runNetwork` and the docs read this list; a new target
 * (WASM, WebGPU, an exporter) is a folder and one entry here.
 *
 * @example
 * const target = networkTarget('kernel');
 * const prepared = await target.prepare(built, { threads: 2 });
 * const result = await prepared.run();
 */
import { OptionError, nearestName } from '../../model/errors.js';
import { NetworkError } from '../../ir/errors.js';
import type { BuiltNetwork, NetworkResult, RunOptions } from '../../ir/network.js';
import { inNode, tensorBackends, type BackendName } from './tensor/backends.js';

/** Options every target accepts, plus the ones only some read (each target refuses the rest). */
export interface TargetOptions extends RunOptions {
  /** tensor target: 'tensorflow' (tfjs-node), 'wasm' or 'cpu' in node; 'webgpu', 'webgl', 'wasm', 'cpu' in a browser */
  backend?: BackendName;
}

/** A compiled network ready to run once. */
export interface PreparedRun {
  /** the generated program, where the target has one (for inspection) */
  source?: string;
  run(options?: RunOptions): Promise<NetworkResult>;
  /** release what prepare() holds (threads, device memory) without running */
  close(): void;
}

export interface NetworkTarget {
  name: string;
  description: string;
  /** back-ends the target can run on (the CLI's --backend choices), if any */
  backends?: readonly string[];
  /** options of TargetOptions this target reads (the CLI refuses the others with it) */
  options: readonly (keyof TargetOptions)[];
  prepare(built: BuiltNetwork, options?: TargetOptions): Promise<PreparedRun>;
}

// Targets are loaded on demand: TensorFlow.js is heavy and the kernel needs none of it.
export const NETWORK_TARGETS: readonly NetworkTarget[] = [
  {
    name: 'kernel',
    description: 'fused CPU loops generated as JS over typed arrays (default; worker threads with --threads)',
    options: ['precision', 'threads', 'warmup', 'onProgress'],
    prepare: async (built, options = {}) => {
      const { prepareKernel } = await import('./js-kernel/run.js');
      const k = prepareKernel(built, oneThreadOutsideNode(built, options));
      return { source: k.source, run: async (o) => k.run(o), close: () => k.close() };
    },
  },
  {
    name: 'tensor',
    description: 'batched TensorFlow.js ops (float32), for GPU back-ends; also runs on wasm and cpu',
    backends: tensorBackends(),
    options: ['precision', 'backend', 'onProgress'],
    prepare: async (built, options = {}) => {
      // allocations, uploads and graph set-up happen here; run() only steps, close() frees the device
      const { prepareTensor } = await import('./tensor/run.js');
      const prepared = await prepareTensor(built, options);
      return {
        run: async (o = {}) => {
          if (o.precision === 'float64') {
            const why = "the tensor target computes in float32; use precision 'float32' or the kernel target";
            throw new OptionError(why);
          }
          return prepared.run({ onProgress: o.onProgress });
        },
        close: () => prepared.close(),
      };
    },
  },
];

/**
 * The kernel's threads are node's worker_threads: outside node (a page, a Web Worker) it runs on one
 * thread, so 'auto' means 1 there and a count above 1 is refused rather than silently ignored.
 */
function oneThreadOutsideNode(built: BuiltNetwork, options: TargetOptions): TargetOptions {
  const threads = options.threads;
  if (inNode() || threads === undefined || threads === 1) return options;
  if (threads === 'auto') return { ...options, threads: 1 };
  const why = `threads: ${threads} needs node's worker_threads; in a browser the kernel runs on one thread`;
  throw new NetworkError(why, { network: built.name });
}

/** The target of a name, or an OptionError naming the known ones and the nearest. */
export function networkTarget(name: string): NetworkTarget {
  const t = NETWORK_TARGETS.find((x) => x.name === name);
  if (t) return t;
  const names = NETWORK_TARGETS.map((x) => x.name);
  const near = nearestName(name, names);
  throw new OptionError(`unknown target '${name}' (${names.join(', ')})${near ? `; did you mean '${near}'?` : ''}`);
}
