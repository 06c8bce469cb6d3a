// One isocline network run in this (fresh) process; prints ONE JSON line like the anchor scripts:
// build_s (parameters, connectivity, code generation), run_s (the step loop), spikes, rates.
//   node bench/network-one.mjs --suite izh2003|seed --N 10000 [--K 100] [--seed 1] [--precision float32] [--threads 2]
// Run by bench/network.mjs (fresh process per repetition, as the anchors are); needs `npm run build`.
import { buildNetwork } from '../dist/esm/network/build.js';
import { prepareKernel } from '../dist/esm/network/targets/js-kernel/run.js';
import { izhikevich2003, seedConductance } from '../dist/esm/network/classics.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const suite = arg('suite', 'izh2003');
const N = Number(arg('N', 1000));
const seed = Number(arg('seed', 1));
// the anchors' construction: dense at N = 1000, in-degree K = 100 above (izh2003.py --conn auto)
const K = arg('K') ? Number(arg('K')) : suite === 'izh2003' && N > 1000 ? 100 : undefined;
const precision = arg('precision', 'float64');
const threads = Number(arg('threads', 1));
const spec = suite === 'izh2003' ? izhikevich2003(N, { indegree: K, seed }) : seedConductance(N, { seed });
const t0 = performance.now();
const net = buildNetwork(spec, { bytesPerValue: precision === 'float32' ? 4 : 8 });
const kernel = prepareKernel(net, { precision, threads });
const build_s = (performance.now() - t0) / 1000;
const r = kernel.run();
const spikes = r.counts.reduce((a, b) => a + b, 0);
// synaptic events: each spike times its cell's out-degree (population pre only)
let events = 0;
for (const p of net.projections) if (p.pre.kind === 'population') events += (p.weight.length / p.pre.size) * r.counts[p.pre.index];
console.log(JSON.stringify({
  bench: suite, impl: precision === 'float32' ? 'isocline_kernel_f32' : 'isocline_kernel', threads, N, K: K ?? null, seed, steps: net.steps, dt_ms: net.dt,
  synapses: net.projections.reduce((a, p) => a + p.weight.length, 0),
  build_s, run_s: r.timing.run_s, spikes, mean_rate_hz: spikes / N / ((net.steps * net.dt) / 1000),
  rates: Object.fromEntries(net.populations.map((p, k) => [p.name, r.rates[k]])),
  events, ns_per_cell_step: (r.timing.run_s * 1e9) / (N * net.steps),
}));
