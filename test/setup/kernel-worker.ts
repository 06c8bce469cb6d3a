/**
 * vitest globalSetup: the tests run the TypeScript sources, which Node cannot start as a worker
 * thread, so the kernel worker entry (src/network/targets/js-kernel/worker.ts) is bundled once with esbuild
 * and named by ISOCLINE_KERNEL_WORKER (read by src/network/targets/js-kernel/threads.ts when the compiled
 * script next to it does not exist). The forks vitest starts inherit the variable.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'isocline-worker-'));
  const out = join(dir, 'kernel-worker.mjs');
  await build({ entryPoints: [new URL('../../src/network/targets/js-kernel/worker.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning' });
  process.env.ISOCLINE_KERNEL_WORKER = out;
  return () => rmSync(dir, { recursive: true, force: true });
}
