/**
 * A kernel run in a child process, for tests whose failure mode is a hang or a crash (a blocked
 * Atomics.wait cannot be interrupted by a test timeout in the same process). Reads one JSON job
 * from argv[2]: { spec, build, run }; prints one JSON line: { ok, counts, threads } or
 * { error, name } (the error's class and message), and exits 0 either way.
 */
import { buildNetwork } from '../../../src/network/build.js';
import { runKernel } from '../../../src/network/kernel-run.js';

const job = JSON.parse(process.argv[2]);
try {
  const r = runKernel(buildNetwork(job.spec, job.build ?? {}), job.run ?? {});
  console.log(JSON.stringify({ ok: true, counts: r.counts, threads: r.timing.threads, spikes: r.spikes.cell.length }));
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : typeof e }));
}
