/**
 * Node's built-in modules where there is node, without a static `node:` import: the network layer
 * also bundles for browsers (src/network/browser.ts), where these are undefined and the callers fall
 * back (one thread, no free-memory figure). process.getBuiltinModule is in node >= 20.16, as in
 * src/model/xpp/read.ts and the tensor back-end.
 *
 * @example const os = nodeBuiltin<typeof import('node:os')>('os'); const free = os?.freemem();
 */
export function nodeBuiltin<T>(name: string): T | undefined {
  const get = globalThis.process?.getBuiltinModule as ((id: string) => unknown) | undefined;
  return get?.(name) as T | undefined;
}

type Os = typeof import('node:os');

/** Free memory in bytes now: os.freemem() in node, undefined elsewhere. */
export function freeMemory(): number | undefined {
  return nodeBuiltin<Os>('os')?.freemem();
}

/** The cores a run may use: os.availableParallelism() in node, navigator.hardwareConcurrency or 1 elsewhere. */
export function cores(): number {
  const os = nodeBuiltin<Os>('os');
  if (os) return os.availableParallelism();
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}
