/**
 * TensorFlow.js back-end selection for the tensor target.
 *
 * Order when none is asked for: 'tensorflow' (libtensorflow through @tensorflow/tfjs-node-gpu or
 * @tensorflow/tfjs-node, whichever is installed: the GPU is what this target is for), then 'wasm'
 * (@tensorflow/tfjs-backend-wasm, XNNPACK/SIMD), then 'cpu' (@tensorflow/tfjs-backend-cpu, plain
 * JS). tfjs-node is an optional dependency that downloads a native library at install time, so it
 * is only ever imported dynamically, inside try/catch, and never required.
 *
 * In a browser (the browser build; see backends.ts): 'webgpu' where the browser has it, 'webgl',
 * 'wasm', 'cpu'. The GPU back-ends are packages a page adds (@tensorflow/tfjs-backend-webgl,
 * -webgpu) and imports; they are used once registered. Nothing here imports node: node's module
 * resolution is reached through process.getBuiltinModule, in node only.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../../../model/errors.js';
import { inNode, tensorBackends, type BackendName } from './backends.js';

export type { BackendName } from './backends.js';

/** The back-ends of this build (node: tensorflow, wasm, cpu; a browser: [webgpu,] webgl, wasm, cpu). */
export const BACKENDS: readonly BackendName[] = tensorBackends();

/** Why a back-end could not be used, by name (filled as back-ends are tried). */
const failures = new Map<BackendName, string>();

/**
 * Import a package that may not be installed. The specifier is a variable so that neither tsc nor
 * a bundler tries to resolve it at build time.
 */
async function optionalImport(name: string): Promise<unknown> {
  return import(name);
}

type NodeModule = typeof import('node:module');

/**
 * Directory of the wasm binaries, resolved from this module (works from src, dist/esm and dist/cjs).
 * Node's module resolution comes through process.getBuiltinModule (node >= 20.16) or is passed in,
 * never through a static node: import: this module also bundles for browsers.
 */
export function wasmDirectory(nodeModule = process.getBuiltinModule?.('module') as NodeModule | undefined): string {
  if (!nodeModule) throw new OptionError('wasmDirectory: node:module is unavailable (node >= 20.16 has it built in)');
  const require = nodeModule.createRequire(import.meta.url);
  // the package's main is dist/tf-backend-wasm.node.js, next to the .wasm files
  return require.resolve('@tensorflow/tfjs-backend-wasm').replace(/[/\\][^/\\]*$/, '');
}

async function tryTensorflow(): Promise<boolean> {
  const errors: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await optionalImport(pkg);
      break;
    } catch (e) {
      errors.push(`${pkg}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (!tf.findBackendFactory('tensorflow')) {
    failures.set('tensorflow', errors.join('; '));
    return false;
  }
  return setBackend('tensorflow');
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
    // In Node the loader reads the binaries from disk: point it at the package's dist directory
    // (a trailing separator: tfjs concatenates prefix + file name). A page serves them itself
    // (next to its script by default, or where the page's own setWasmPaths says).
    if (inNode()) {
      const nodeModule = process.getBuiltinModule?.('module') ?? (await optionalImport('node:module'));
      wasm.setWasmPaths(`${wasmDirectory(nodeModule as NodeModule)}/`);
    }
  } catch (e) {
    failures.set('wasm', (e as Error).message);
    return false;
  }
  return setBackend('wasm');
}

async function tryCpu(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-cpu');
  } catch (e) {
    failures.set('cpu', (e as Error).message);
    return false;
  }
  return setBackend('cpu');
}

async function setBackend(name: BackendName): Promise<boolean> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    failures.set(name, (e as Error).message);
    return false;
  }
  if (!ok) {
    if (!failures.has(name)) failures.set(name, 'tf.setBackend returned false (initialisation failed)');
    return false;
  }
  // tfjs-backend-cpu prints a banner recommending tfjs-node on first use in Node; the choice of
  // back-end is ours and reported by initBackend, so the banner only adds noise.
  const b = tf.backend() as unknown as { firstUse?: boolean };
  if (name === 'cpu' && typeof b.firstUse === 'boolean') b.firstUse = false;
  return true;
}

/** A browser GPU back-end: registered by the page's import of its package, or imported here if resolvable. */
async function tryBrowserGpu(name: 'webgl' | 'webgpu'): Promise<boolean> {
  if (!tf.findBackendFactory(name)) {
    try {
      await optionalImport(`@tensorflow/tfjs-backend-${name}`);
    } catch (e) {
      failures.set(name, (e as Error).message.split('\n')[0]);
      return false;
    }
    if (!tf.findBackendFactory(name)) {
      failures.set(name, `@tensorflow/tfjs-backend-${name} did not register '${name}'`);
      return false;
    }
  }
  return setBackend(name);
}

const TRY: Record<BackendName, () => Promise<boolean>> = {
  tensorflow: tryTensorflow,
  webgpu: () => tryBrowserGpu('webgpu'),
  webgl: () => tryBrowserGpu('webgl'),
  wasm: tryWasm,
  cpu: tryCpu,
};

const HOW: Record<BackendName, string> = {
  tensorflow:
    'install @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node; it downloads libtensorflow at install ' +
    'time) or, with CUDA, @tensorflow/tfjs-node-gpu',
  wasm:
    'reinstall @tensorflow/tfjs-backend-wasm (a dependency of isocline); its dist/ directory must hold the ' +
    '.wasm files',
  cpu: 'reinstall @tensorflow/tfjs-backend-cpu (a dependency of isocline)',
  webgpu: "add @tensorflow/tfjs-backend-webgpu to the page's bundle (import '@tensorflow/tfjs-backend-webgpu')",
  webgl: "add @tensorflow/tfjs-backend-webgl to the page's bundle (import '@tensorflow/tfjs-backend-webgl')",
};

/**
 * Select and initialise a TensorFlow.js back-end; returns the name actually used.
 * Without a preference: tfjs-node(-gpu) when installed, else wasm, else cpu.
 * @example const used = await initBackend('wasm'); // 'wasm', or an OptionError saying why not
 */
export async function initBackend(preference?: BackendName): Promise<BackendName> {
  if (preference !== undefined && !BACKENDS.includes(preference)) {
    // a back-end of the other build (webgl in node, tensorflow in a browser) says so
    const other = (Object.keys(TRY) as string[]).includes(preference);
    const build = inNode() ? 'the browser build' : 'node (tfjs-node)';
    const what = other
      ? `tensor back-end '${preference}' is one of ${build}, not here`
      : `unknown tensor back-end '${String(preference)}'`;
    throw new OptionError(`${what} (${BACKENDS.join(', ')})`);
  }
  if (preference) {
    // engine().backendName, unlike tf.getBackend(), does not initialise a default back-end
    if (tf.engine().backendName === preference) return preference;
    if (await TRY[preference]()) return preference;
    const why = failures.get(preference) ?? 'unknown reason';
    throw new OptionError(`tensor back-end '${preference}' is not available (${why}); ${HOW[preference]}`);
  }
  for (const name of BACKENDS) if (await TRY[name]()) return name;
  throw new OptionError(
    `no TensorFlow.js back-end could be initialised: ${BACKENDS.map((b) => `${b}: ${failures.get(b)}`).join('; ')}`,
  );
}

/** Why each back-end tried so far failed (for reports and tests). */
export function backendFailures(): Record<string, string> {
  return Object.fromEntries(failures);
}
