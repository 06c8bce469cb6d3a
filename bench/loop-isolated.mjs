// The seed network's excitatory cell update timed on its own, outside the kernel: the loop the
// generator emits (src/compile/js-kernel/generate.ts, copied from `generateKernel(buildNetwork(seedConductance(1000)))`,
// pop0), against a hand-trimmed loop without the divergence checks and the flush of tiny
// conductances. 8000 cells, 2000 steps, a few cells kicked every 50 steps so spikes occur.
// Each variant runs in its own fresh process, several times; prints the best and the median
// ns per cell-step of each process. Quoted in BENCHMARKS.md (seed network, "measured in isolation").
//   node bench/loop-isolated.mjs [--processes 6]
import { spawnSync } from 'node:child_process';

const VARIANTS = {
  generated: `function pop0(n, t) {
let fc0 = 0; const flo0 = ((n + 1) & 1) * N;
for (let i = 0; i < N; i++) {
let y0 = Y0[i];
let y1 = Y1[i];
let yn0, yn1;
const ga0 = (y0 - 35);
const g0 = G0[i];
const g2 = G2[i];
{
const tg0_d1 = ((0 + (g0 * (0 - y0))) + (g2 * ((-85) - y0)));
const k1_0 = (((((0.04 * (y0 * y0)) + (5 * y0)) + 140) - y1) + tg0_d1);
const k1_1 = (0.02 * ((0.2 * y0) - y1));
yn0 = (y0 + (0.5 * k1_0));
yn1 = (y1 + (0.5 * k1_1));
}
if (!(yn0 <= 1e12 && yn0 >= -1e12)) FAIL.diverged(0, 0, i, (t + 0.5), yn0);
if (!(yn1 <= 1e12 && yn1 >= -1e12)) FAIL.diverged(0, 1, i, (t + 0.5), yn1);
let fe = -1, te = 0;
const gb0 = (yn0 - 35);
if (ga0 < 0 && gb0 >= 0) { const tk = t + (0.5 * ga0) / (ga0 - gb0); if (fe < 0 || tk < te) { fe = 0; te = tk; } }
if (fe === 0) {
{ const r0 = (-65); const r1 = (yn1 + 8); yn0 = r0; yn1 = r1; }
{  if (1 * (yn0 - 35) >= 0) FAIL.reset(0, 0, i, te); }
if (fc0 === N) FAIL.crowded(0, i, te);
FL[flo0 + fc0++] = i;
CNT[0]++;
}
Y0[i] = yn0;
Y1[i] = yn1;
{ const gq = (g0 * 0.95); G0[i] = gq > 1e-280 || gq < -1e-280 ? gq : 0; }
{ const gq = (g2 * 0.95); G2[i] = gq > 1e-280 || gq < -1e-280 ? gq : 0; }
}
return fc0;
}`,
  trimmed: `function pop0(n, t) {
let fc = 0;
for (let i = 0; i < N; i++) {
const y0 = Y0[i], y1 = Y1[i], g0 = G0[i], g2 = G2[i];
const k1_0 = 0.04 * y0 * y0 + 5 * y0 + 140 - y1 + g0 * (0 - y0) + g2 * (-85 - y0);
let yn0 = y0 + 0.5 * k1_0;
let yn1 = y1 + 0.5 * 0.02 * (0.2 * y0 - y1);
const ga0 = y0 - 35; const gb0 = yn0 - 35; let fe = -1, te = 0;
if (ga0 < 0 && gb0 >= 0) { const tk = t + (0.5 * ga0) / (ga0 - gb0); if (fe < 0 || tk < te) { fe = 0; te = tk; } }
if (fe === 0) { yn0 = -65; yn1 += 8; fc++; }
Y0[i] = yn0; Y1[i] = yn1; G0[i] = g0 * 0.95; G2[i] = g2 * 0.95;
}
return fc;
}`,
};
const harness = (loop) => `
const N = 8000, steps = 2000;
const Y0 = new Float64Array(N).fill(-70), Y1 = new Float64Array(N).fill(-14), G0 = new Float64Array(N), G2 = new Float64Array(N);
const FL = new Int32Array(2 * N); const CNT = new Float64Array(2);
const FAIL = { diverged() { throw new Error('d'); }, reset() { throw new Error('r'); }, crowded() { throw new Error('c'); } };
for (let i = 0; i < N; i++) G0[i] = 0.01 * (i % 7);
${loop}
const out = [];
for (let rep = 0; rep < 8; rep++) {
  const t0 = performance.now();
  for (let n = 0; n < steps; n++) { pop0(n, n * 0.5); if (n % 50 === 0) for (let i = 0; i < N; i += 97) G0[i] += 0.5; }
  out.push(((performance.now() - t0) * 1e6) / (N * steps));
}
out.sort((a, b) => a - b);
console.log(JSON.stringify({ best: out[0], median: out[4] }));
`;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const processes = Number(arg('processes', 6));
for (const [name, loop] of Object.entries(VARIANTS)) {
  const rows = [];
  for (let p = 0; p < processes; p++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', harness(loop)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    rows.push(JSON.parse(r.stdout.trim()));
  }
  const fmt = (x) => x.toFixed(2);
  console.log(`${name.padEnd(10)} best per process: ${rows.map((r) => fmt(r.best)).join(', ')} ns/cell-step (medians ${rows.map((r) => fmt(r.median)).join(', ')})`);
}
