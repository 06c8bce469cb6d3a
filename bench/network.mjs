// Network benchmarks: isocline's kernel target against the anchors (numpy, Brian2 cython and
// cpp_standalone from ../shared/anchors), side by side in one process tree, medians of 3 fresh
// processes each; prints the table and the ratios, writes bench/results/network-<suite>.json.
//   node bench/network.mjs [--suite izh2003|seed|all] [--sizes 1000,10000,100000] [--repeats 3]
//        [--no-anchors] [--impls numpy,brian_cython,brian_cpp] [--threads 1,2]
// izh2003: dense all-to-all at N = 1000, in-degree 100 above (as izh2003.py); seed: seed_cond_net.py.
// Needs `npm run build` (dist/esm). Anchors need Debian's python3-brian (see ../shared/anchors/README.md);
// without them only isocline's rows are printed.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchorsAvailable, median, runAnchor } from './anchors.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const suites = arg('suite', 'all') === 'all' ? ['izh2003', 'seed'] : [arg('suite')];
const repeats = Number(arg('repeats', 3));
const withAnchors = !process.argv.includes('--no-anchors');
const threadCounts = arg('threads', '1,2').split(',').map(Number);
const defaultSizes = { izh2003: [1000, 10000, 100000], seed: [1000, 10000, 100000] };
const impls = {
  izh2003: (arg('impls') ?? 'numpy,brian_cython,brian_cpp').split(','),
  seed: (arg('impls') ?? 'numpy_event,brian_cython,brian_cpp').split(','),
};

function runIsocline(suite, N, seed, threads) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(HERE, 'network-one.mjs'), '--suite', suite, '--N', String(N), '--seed', String(seed), '--threads', String(threads)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`network-one exited ${code}`))));
  });
}

const fmt = (x, d = 3) => (x === null || x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toPrecision(d));
const all = {};
for (const suite of suites) {
  const sizes = (arg('sizes') ?? defaultSizes[suite].join(',')).split(',').map(Number);
  const rows = [];
  for (const N of sizes) {
    const isos = [];
    for (const threads of threadCounts) {
      const runs = [];
      for (let k = 0; k < repeats; k++) runs.push(await runIsocline(suite, N, 1, threads));
      const iso = {
        impl: `isocline kernel, ${threads} thread${threads > 1 ? 's' : ''}`, threads, N, run_s: median(runs.map((r) => r.run_s)), build_s: median(runs.map((r) => r.build_s)),
        spikes: runs[0].spikes, rate: runs[0].mean_rate_hz, ns_per_cell_step: median(runs.map((r) => r.ns_per_cell_step)),
        events: runs[0].events, synapses: runs[0].synapses, steps: runs[0].steps, runs,
      };
      console.error(`isocline ${suite} N=${N} threads=${threads}: run ${fmt(iso.run_s)} s, build ${fmt(iso.build_s)} s, ${fmt(iso.rate)} Hz`);
      isos.push(iso);
    }
    // the ratios are against the fastest isocline row
    const iso = isos.reduce((a, b) => (b.run_s < a.run_s ? b : a));
    const anchors = [];
    if (withAnchors && anchorsAvailable().ok) {
      for (const impl of impls[suite]) {
        const a = await runAnchor({ script: suite, impl, N, repeats, log: (s) => console.error(s) });
        anchors.push(a);
      }
    }
    rows.push({ N, iso, isos, anchors });
  }
  all[suite] = rows;
  // table: run_s, time-to-result (build/compile + run), ratios (anchor / isocline)
  console.log(`\n### ${suite}\n`);
  console.log('| N | system | run [s] | build+compile [s] | time to result [s] | spikes | rate [Hz] | anchor run / isocline run |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { N, iso, isos, anchors } of rows) {
    for (const r of isos) console.log(`| ${N} | ${r.impl} | ${fmt(r.run_s)} | ${fmt(r.build_s)} | ${fmt(r.build_s + r.run_s)} | ${r.spikes} | ${fmt(r.rate)} | ${fmt(r.run_s / iso.run_s)} |`);
    for (const a of anchors) {
      if (!a.ok) {
        console.log(`| ${N} | ${a.impl} | error: ${String(a.error).slice(0, 60)} | | | | | |`);
        continue;
      }
      // cpp_standalone: run_s is the binary's wall time, run_s_internal Brian's main loop
      const run = a.impl === 'brian_cpp' && a.run_s_internal ? a.run_s_internal : a.run_s;
      const prep = (a.compile_s ?? 0) + (a.build_s ?? 0) + (a.codegen_s ?? 0) + (a.netgen_s ?? 0);
      console.log(`| ${N} | ${a.impl}${a.impl === 'brian_cpp' ? ' (main loop)' : ''} | ${fmt(run)} | ${fmt(prep)} | ${fmt(prep + a.run_s)} | ${a.spikes} | ${fmt(a.rate)} | ${fmt(run / iso.run_s)} |`);
    }
    const best = anchors.filter((a) => a.ok).map((a) => (a.impl === 'brian_cpp' && a.run_s_internal ? a.run_s_internal : a.run_s));
    if (best.length) console.log(`| ${N} | **best anchor / fastest isocline (${iso.threads} thread${iso.threads > 1 ? 's' : ''})** | | | | | | **${fmt(Math.min(...best) / iso.run_s)}** |`);
  }
}
mkdirSync(join(HERE, 'results'), { recursive: true });
const file = join(HERE, 'results', `network-${suites.join('-')}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, results: all }, null, 2));
console.error(`wrote ${file}`);
