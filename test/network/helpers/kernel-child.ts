/**
 * A kernel run in a child process, for tests whose failure mode is a hang or a crash (a blocked
 * Atomics.wait cannot be interrupted by a test timeout in the same process). Reads one JSON job
 * from argv[2]: { spec, build, run, measure? }; prints one JSON line: { ok, counts, threads } or
 * { error, name } (the error's name and message), and exits 0 either way. With `measure`, also
 * the build's memory estimate and the process's resident memory before the build (after a small
 * run has loaded and compiled the code) and at its peak (getrusage's maxrss), in bytes.
 */
import { buildNetwork, memoryOf } from '../../../src/network/build.js';
import { runKernel } from '../../../src/network/targets/js-kernel/run.js';

const job = JSON.parse(process.argv[2]);
try {
  let before = 0;
  if (job.measure) {
    // load and compile what a run touches (the network with at most 1000 cells per population and 10 per source, for one
    // step; 1000 cells where an in-degree needs them), then let that small run's memory go
    const small = JSON.parse(JSON.stringify(job.spec));
    for (const p of Object.values(small.populations) as { size: number }[]) p.size = Math.min(p.size, 1000);
    for (const s of Object.values(small.sources ?? {}) as { size?: number }[]) if (s.size) s.size = 10;
    runKernel(buildNetwork(small, { ...job.build, t: small.dt ?? 0.1 }), job.run ?? {});
    (globalThis as { gc?: () => void }).gc?.();
    before = process.memoryUsage().rss;
  }
  const built = buildNetwork(job.spec, job.build ?? {});
  const r = runKernel(built, job.run ?? {});
  const measured = job.measure ? { estimate: memoryOf(built)?.bytes, before, peak: process.resourceUsage().maxRSS * 1024 } : {};
  console.log(JSON.stringify({ ok: true, counts: r.counts, threads: r.timing.threads, spikes: r.spikes.cell.length, ...measured }));
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : typeof e }));
}
