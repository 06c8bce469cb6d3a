// Continuation timings (src/continuation) for BENCHMARKS.md: `npm run build && node bench/continuation.mjs`.
// Each diagram is computed from a freshly loaded model (so the Jacobian, ∂f/∂p and the second and
// third derivatives are derived and compiled inside the timing, as on the command line), 7 times;
// median and min printed. Equilibria only: cycles belong to the cycle side (i12-cyc).
import { loadModel, continuation } from '../dist/esm/index.js';

const SNIC = { gCa: 4, V3: 12, V4: 17.4, phi: 1 / 15 };
const cases = [
  ['FitzHugh–Nagumo, I ∈ [0, 2]', () => continuation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2 })],
  ['Morris–Lecar Hopf set, I ∈ [0, 300]', () => continuation(loadModel('morris-lecar'), { param: 'I', from: 0, to: 300 })],
  ['Morris–Lecar SNIC set, I ∈ [0, 300]', () => continuation(loadModel('morris-lecar').with(SNIC), { param: 'I', from: 0, to: 300 })],
  ['Morris–Lecar SNIC set, (I, gCa) ∈ [0, 300] × [2, 8]', () => continuation(loadModel('morris-lecar').with(SNIC), { param: 'I', from: 0, to: 300, second: { param: 'gCa', from: 2, to: 8 } })],
  ['Hodgkin–Huxley, I ∈ [0, 200]', () => continuation(loadModel('hodgkin-huxley'), { param: 'I', from: 0, to: 200 })],
];
const arg = Number(process.argv[2]);
const runs = Number.isInteger(arg) && arg > 0 ? arg : 7; // run-all may pass other arguments
console.log('| diagram | median (min) | points | special points |');
console.log('|---|---:|---:|---|');
for (const [name, f] of cases) {
  const times = [];
  let r;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    r = f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const points = r.branches.reduce((s, b) => s + b.points.length, 0);
  const special = r.special.map((s) => `${s.type} ${Number(s.param.toPrecision(7))}${s.param2 !== undefined ? `, ${Number(s.param2.toPrecision(7))}` : ''}`).join('; ');
  console.log(`| ${name} | ${times[runs >> 1].toFixed(0)} ms (${times[0].toFixed(0)}) | ${points} | ${special} |`);
}
