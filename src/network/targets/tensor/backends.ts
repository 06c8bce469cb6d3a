/**
 * The tensor target's back-end names for the build it runs in, apart from TensorFlow.js itself (the
 * target registry lists them without loading tfjs). Node has tfjs-node's 'tensorflow' (libtensorflow,
 * CUDA), wasm and cpu; a browser has tfjs's GPU back-ends instead: 'webgpu' where the browser has
 * WebGPU, 'webgl', then wasm and cpu.
 *
 * @example
 * tensorBackends()   // node: ['tensorflow', 'wasm', 'cpu']; Chromium: ['webgpu', 'webgl', 'wasm', 'cpu']
 */

/** The back-ends the tensor target knows, by the name tfjs registers them under. */
export type BackendName = 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Whether this is node (a browser, or a Web Worker, has no process.versions.node). */
export function inNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

export const NODE_BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The back-ends of this build and runtime, in the order they are tried when none is asked for. */
export function tensorBackends(): readonly BackendName[] {
  if (inNode()) return NODE_BACKENDS;
  const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu !== undefined;
  return gpu ? ['webgpu', 'webgl', 'wasm', 'cpu'] : ['webgl', 'wasm', 'cpu'];
}
