// Where the time of a FitzHugh–Nagumo run goes (the figures under "Model-layer overhead" in
// BENCHMARKS.md): 200 runs of simulate() at rtol 1e-10, atol 1e-9 (error < 1e-7) under V8's CPU
// profiler, then self time per function per run, largest first. Against dist/:
//   npm run build && node bench/fhn-profile.mjs [--runs 200]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 200;

if (process.argv.includes('--child')) {
  const { loadModel, compile, simulate } = await import('../dist/esm/index.js');
  const c = compile(loadModel('fitzhugh-nagumo'));
  for (let i = 0; i < runs; i++) simulate(c, { t: 1000, rtol: 1e-10, atol: 1e-9 });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'isocline-prof-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, fileURLToPath(import.meta.url), '--child', '--runs', String(runs)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const prof = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const self = new Map();
  const dt = new Map();
  prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  for (const n of prof.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
  }
  console.log(`FitzHugh–Nagumo, t = 0..1000, rtol 1e-10, atol 1e-9: self time per run over ${runs} runs (module loading included once)`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${(us / 1000 / runs).toFixed(3).padStart(8)} ms  ${k}`);
}
