// The phase plane of every bundled model with two or more variables, with default options
// (direction field, nullclines, fixed points, separatrices, limit cycle), timed two ways:
// in-process phasePortrait() and the whole `isocline phase` command (a fresh node process,
// start-up included), each the median of 3 runs. Runs against dist/:
//   npm run build && node bench/phase-planes.mjs [--runs N]
// lif and relu-rate have one variable: no plane.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadModel, phasePortrait } from '../dist/esm/index.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const bin = fileURLToPath(new URL('../bin/isocline.js', import.meta.url));
const PLANES = [
  ['fitzhugh-nagumo', 'v:-2.5:2', 'w:-1:2'],
  ['izhikevich', 'v:-90:40', 'u:-20:10'],
  ['adex', 'v:-80:-30', 'w:-50:150'],
  ['morris-lecar', 'v:-60:40', 'w:0:0.6'],
  ['hodgkin-huxley', 'v:-90:60', 'n:0:1'],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`phase planes with default options, median of ${runs}; ${new Date().toISOString()}; ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, load ${loadavg()[0].toFixed(1)}, node ${process.version}`);
console.log('| model | plane | phasePortrait() | `isocline phase` (process) | separatrices (ends) |');
console.log('|---|---|---:|---:|---|');
for (const [name, x, y] of PLANES) {
  const model = loadModel(name);
  const inProcess = [];
  let pp;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    pp = phasePortrait(model, { x, y });
    inProcess.push(performance.now() - t0);
  }
  const cli = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [bin, 'phase', name, '--x', x, '--y', y], { stdio: 'pipe' });
    cli.push(performance.now() - t0);
  }
  const ends = pp.separatrices.map((s) => s.trajectory.end).join(', ') || 'none';
  console.log(`| ${name} | ${x}, ${y} | ${(median(inProcess) / 1000).toFixed(2)} s | ${(median(cli) / 1000).toFixed(2)} s | ${pp.separatrices.length} (${ends}) |`);
}
