/**
 * Runs test/network/helpers/kernel-child.ts (bundled once per test process with esbuild, as
 * test/setup/kernel-worker.ts bundles the worker) in a child process under a wall-clock limit, so
 * a deadlock fails the test (status 'timeout') instead of blocking the test runner.
 */
import { buildSync } from 'esbuild';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

let bundle: string | null = null;

function script(): string {
  if (bundle) return bundle;
  // inside the repository (test/.tmp is ignored): bundled models are found from the script's folder up
  const tmp = new URL('../../.tmp', import.meta.url).pathname;
  mkdirSync(tmp, { recursive: true });
  const out = join(mkdtempSync(join(tmp, 'kernel-child-')), 'kernel-child.mjs');
  buildSync({ entryPoints: [new URL('./kernel-child.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning',
    // CommonJS dependencies (yaml) require Node built-ins at run time
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
  return (bundle = out);
}

/** Remove this test process's bundle (call in afterAll; other test files keep theirs). */
export function removeChildBundle(): void {
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
  bundle = null;
}

export interface ChildResult {
  status: 'ok' | 'error' | 'timeout' | 'crash';
  /** the child's JSON line */
  out?: { ok?: boolean; counts?: number[]; threads?: number; spikes?: number; error?: string; name?: string };
  stderr: string;
  ms: number;
}

/** Run one job ({ spec, build, run }) in a child; `timeoutMs` bounds it, `env` adds variables. */
export function runInChild(job: unknown, timeoutMs: number, env: Record<string, string> = {}): ChildResult {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--expose-gc', script(), JSON.stringify(job)], { env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' });
  const ms = Date.now() - t0;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { status: 'timeout', stderr: r.stderr ?? '', ms };
  if (r.signal === 'SIGKILL' && ms >= timeoutMs) return { status: 'timeout', stderr: r.stderr ?? '', ms };
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    const out = JSON.parse(line);
    return { status: out.ok ? 'ok' : 'error', out, stderr: r.stderr, ms };
  } catch {
    return { status: 'crash', stderr: `${r.stderr}\n(stdout: ${r.stdout}; status ${r.status}, signal ${r.signal})`, ms };
  }
}

/** `n` processes that burn a core each until stopped: a busy machine for the threaded kernel. */
export function burnCpu(n: number): () => void {
  const kids: ChildProcess[] = [];
  for (let k = 0; k < n; k++) kids.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  return () => {
    for (const c of kids) c.kill('SIGKILL');
  };
}
