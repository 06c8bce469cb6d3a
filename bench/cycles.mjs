// Time of the periodic-orbit diagrams (continueCyclesFromHopf from every Hopf point of the model)
// against dist/: `npm run build && node bench/cycles.mjs`. The Hopf points come from the natural
// diagram (src/single/bifurcation.ts) and are not timed. Median of 3 runs after one warm-up run.
import { loadModel } from '../dist/esm/index.js';
import { bifurcation } from '../dist/esm/single/bifurcation.js';
import { continueCyclesFromHopf } from '../dist/esm/continuation/cycles.js';

const cases = [
  ['FitzHugh–Nagumo', 'fitzhugh-nagumo', {}, 0, 2],
  ['Morris–Lecar, Hopf set', 'morris-lecar', {}, 0, 300],
  ['Morris–Lecar, SNIC set', 'morris-lecar', { gCa: 4, V3: 12, V4: 17.4, phi: 1 / 15 }, 0, 300],
  ['Hodgkin–Huxley', 'hodgkin-huxley', {}, 0, 200],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| model | Hopf points | cycle points | LPC | time (median of 3) |');
console.log('|---|---:|---:|---:|---:|');
for (const [label, file, params, from, to] of cases) {
  const model = loadModel(file).with(params);
  const hopf = bifurcation(model, { param: 'I', from, to, cycles: false, steps: 201 }).points.filter((p) => p.type === 'hopf');
  const once = () => hopf.map((h) => continueCyclesFromHopf(model, { type: 'H', param: h.param, state: h.state }, { param: 'I', from, to }));
  once();
  const times = [];
  let res;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    res = once();
    times.push(performance.now() - t0);
  }
  const pts = res.reduce((a, r) => a + r.branch.points.length, 0);
  const lpc = res.reduce((a, r) => a + r.special.filter((s) => s.type === 'LPC').length, 0);
  console.log(`| ${label} | ${hopf.length} | ${pts} | ${lpc} | ${(median(times) / 1000).toFixed(2)} s |`);
}
