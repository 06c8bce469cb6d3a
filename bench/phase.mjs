// Phase portrait of FitzHugh–Nagumo (I = 0.5, v in [-2.5, 2], w in [-1, 2]): time to compute a
// full portrait — direction field (21×21), nullclines (201×201 grid, refined), fixed points,
// 10 trajectories — and to draw it (chart.js config + PNG at 1000×760, scale 2); the limit cycle
// (period to 1e-9) timed separately. Runs against dist/: `npm run build && node bench/phase.mjs`.
//   --runs N   timed runs after warm-up (default 10; the median is reported)
//   --json     also write bench/results/phase.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadModel, compile, phasePortrait, phaseChart, renderPNG, limitCycle, PHASE_SIZE } from '../dist/esm/index.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 10;
const WARMUP = 3;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
async function time(fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}

const model = compile(loadModel('fitzhugh-nagumo'));
const plane = { x: { variable: 'v', min: -2.5, max: 2 }, y: { variable: 'w', min: -1, max: 2 }, params: { I: 0.5 } };
const portrait = () => phasePortrait(model, { ...plane, trajectories: 10, limitCycle: false });
const pp = portrait();
const withCycle = phasePortrait(model, { ...plane, trajectories: 10 });

const compute = await time(portrait);
const draw = await time(() => renderPNG(phaseChart(withCycle), PHASE_SIZE));
const cycle = await time(() => limitCycle(model, { params: { I: 0.5 } }));
const all = await time(async () => renderPNG(phaseChart(phasePortrait(model, { ...plane, trajectories: 10 })), PHASE_SIZE));

const fmt = (t) => `${t.ms.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;
console.log(`FitzHugh–Nagumo phase portrait, median of ${runs} runs after ${WARMUP} warm-up; ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`);
console.log(`  compute: field 21×21, nullclines 201×201 (${pp.nullclines.v.length + pp.nullclines.w.length} polylines), ${pp.fixedPoints.length} fixed point, 10 trajectories: ${fmt(compute)}`);
console.log(`  limit cycle (period ${withCycle.limitCycle.period.toFixed(9)}, to 1e-9):                          ${fmt(cycle)}`);
console.log(`  draw: chart.js config + PNG 1000×760 at scale 2:                          ${fmt(draw)}`);
console.log(`  all of it (portrait with limit cycle, config, PNG):                        ${fmt(all)}`);
if (args.includes('--json')) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/phase.json', import.meta.url), JSON.stringify({ runs, compute, cycle, draw, all, cpu: cpus()[0]?.model, node: process.version, date: new Date().toISOString() }, null, 1) + '\n');
}
