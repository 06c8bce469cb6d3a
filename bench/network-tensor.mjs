// Tensor target: ns per cell-step of the Izhikevich (2003) network on the TensorFlow.js back-ends
// available here (cpu, wasm; tfjs-node when installed), against dist/ (`npm run build` first).
// Sizes as the anchors (bench/anchors.mjs, ../shared/anchors/izh2003.py): N = 1000 all-to-all,
// N = 10 000 and 100 000 with in-degree 100. The kernel target's float64 time is printed alongside.
//
//   node bench/network-tensor.mjs [--sizes 1000,10000,100000] [--backends cpu,wasm] [--steps 200,50,10]
//        [--repeats 1] [--json out.json]
//
// Times are the run part only (result.timing.run_s); build_s (network build + upload) is printed too.
import { writeFileSync } from 'node:fs';
import { buildNetwork, izhikevich2003, runKernel } from '../dist/esm/network/index.js';
import { runTensor } from '../dist/esm/network/targets/tensor/run.js';
import { initBackend } from '../dist/esm/network/targets/tensor/backend.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number);
const stepsFor = arg('steps', '200,50,10').split(',').map(Number);
const repeats = Number(arg('repeats', '1'));
const wanted = arg('backends', 'tensorflow,wasm,cpu').split(',');

const backends = [];
for (const b of wanted) {
  try {
    await initBackend(b);
    backends.push(b);
  } catch (e) {
    console.log(`(back-end ${b} not available: ${String(e.message).split(';')[0]})`);
  }
}

const rows = [];
console.log('| N | steps | target | build_s | run_s | ns/cell-step | spikes |');
console.log('|---|---|---|---|---|---|---|');
for (const [i, N] of sizes.entries()) {
  const steps = stepsFor[Math.min(i, stepsFor.length - 1)];
  const spec = izhikevich2003(N, N > 1000 ? { indegree: 100, t: steps } : { t: steps });
  const built = buildNetwork({ ...spec, monitors: { spikes: true } });
  const report = (target, r) => {
    const ns = (r.timing.run_s * 1e9) / (N * built.steps);
    const spikes = r.counts.reduce((a, b) => a + b, 0);
    rows.push({ N, steps: built.steps, target, build_s: r.timing.build_s, run_s: r.timing.run_s, ns_per_cell_step: ns, spikes });
    console.log(`| ${N} | ${built.steps} | ${target} | ${r.timing.build_s.toFixed(2)} | ${r.timing.run_s.toFixed(3)} | ${ns.toFixed(0)} | ${spikes} |`);
  };
  const kruns = [];
  for (let k = 0; k < repeats; k++) kruns.push(runKernel(built));
  report('kernel (float64)', kruns.sort((a, b) => a.timing.run_s - b.timing.run_s)[Math.floor(repeats / 2)]);
  for (const b of backends) {
    const runs = [];
    for (let k = 0; k < repeats; k++) runs.push(await runTensor(built, { backend: b, chunk: Math.min(100, built.steps) }));
    const r = runs.sort((a, c) => a.timing.run_s - c.timing.run_s)[Math.floor(repeats / 2)];
    report(r.target, r);
  }
}
const out = arg('json');
if (out) writeFileSync(out, JSON.stringify({ bench: 'network-tensor', host: process.version, rows }, null, 1) + '\n');
