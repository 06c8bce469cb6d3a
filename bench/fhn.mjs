// FitzHugh–Nagumo (a=0.7, b=0.8, tau=12.5, I=0.5) from (0, 0) over t in [0, 1000]: wall time,
// function evaluations and error at t = 1000 against the SciPy reference, for isocline's
// simulate() and for the bare odex Solver on a hand-written right-hand side (the model layer's
// overhead is the difference). Runs against dist/: `npm run build && node bench/fhn.mjs`.
//   --runs N   timed runs per configuration after warm-up (default 15; the median is reported)
//   --json     also write bench/results/fhn.json
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import odex from 'odex';
import { loadModel, compile, simulate } from '../dist/esm/index.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const WARMUP = 5;
const T = 1000;

const ref = JSON.parse(readFileSync(new URL('../test/references/fhn.json', import.meta.url), 'utf8'))['state_t1000_I0.5_from_0_0'];
const error = (v, w) => Math.max(Math.abs(v - ref.v), Math.abs(w - ref.w));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Median wall time of each function over `runs` runs after warm-up. The functions take turns run
 * by run, so a load change on a shared machine hits them alike. Each returns { v, w, evaluations }.
 */
function timeAlternating(fns) {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) fn();
  const ms = fns.map(() => []);
  const last = [];
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      last[k] = fn();
      ms[k].push(performance.now() - t0);
    });
  }
  return fns.map((_, k) => ({
    ms: median(ms[k]),
    min: Math.min(...ms[k]),
    max: Math.max(...ms[k]),
    evaluations: last[k].evaluations,
    error: error(last[k].v, last[k].w),
  }));
}

// isocline: the bundled model file, compiled once (what a caller looping over runs does)
const model = loadModel('fitzhugh-nagumo');
const compiled = compile(model);
const viaIsocline = (rtol, atol) => () => {
  const r = simulate(compiled, { t: T, rtol, atol });
  return { v: r.final[0], w: r.final[1], evaluations: r.stats.evaluations };
};

// bare odex: the same integrator and tolerances, no isocline
const a = 0.7, b = 0.8, tau = 12.5, I = 0.5;
const dy = [0, 0];
const f = (_t, y) => {
  dy[0] = y[0] - (y[0] * y[0] * y[0]) / 3 - y[1] + I;
  dy[1] = (y[0] + a - b * y[1]) / tau;
  return dy;
};
const viaOdex = (rtol, atol) => () => {
  const s = new odex.Solver(2);
  s.relativeTolerance = rtol;
  s.absoluteTolerance = atol;
  s.denseOutput = false;
  s.maxSteps = 1e7;
  const r = s.solve(f, 0, [0, 0], T);
  return { v: r.y[0], w: r.y[1], evaluations: r.nEval };
};

const configs = [];
for (const atol of [1e-9, 1e-12]) for (const rtol of [1e-6, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12]) configs.push({ rtol, atol });

const rows = [];
for (const { rtol, atol } of configs) {
  const [iso, raw] = timeAlternating([viaIsocline(rtol, atol), viaOdex(rtol, atol)]);
  rows.push({ rtol, atol, who: 'isocline simulate()', ...iso });
  rows.push({ rtol, atol, who: 'odex Solver directly', ...raw });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const exp = (x) => x.toExponential(1).replace('e-', 'e−');
console.log(`FitzHugh–Nagumo, t = 0..${T}, median of ${runs} runs after ${WARMUP} warm-up runs`);
console.log(`${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${cpus().length} × ${cpu} · load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
console.log('| rtol | atol | integrator | median ms | min–max ms | evaluations | error at t=1000 |');
console.log('|---:|---:|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${exp(r.rtol)} | ${exp(r.atol)} | ${r.who} | ${r.ms.toFixed(2)} | ${r.min.toFixed(2)}–${r.max.toFixed(2)} | ${r.evaluations} | ${exp(r.error)} |`);
}
// the cheapest by evaluations: wall time on a shared machine is too noisy to rank by
const good = rows.filter((r) => r.who.startsWith('isocline') && r.error < 1e-7).sort((x, y) => x.evaluations - y.evaluations)[0];
console.log(
  good
    ? `\ncheapest isocline run with error < 1e-7: rtol ${exp(good.rtol)}, atol ${exp(good.atol)}: ${good.ms.toFixed(2)} ms, ${good.evaluations} evaluations, error ${exp(good.error)}`
    : '\nno isocline configuration reached error < 1e-7',
);
if (args.includes('--json')) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/fhn.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu, runs, rows }, null, 2) + '\n');
}
