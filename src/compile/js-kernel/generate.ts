/**
 * The kernel target: a built network → one generated JS program that runs a range of steps.
 *
 * Per step it propagates the previous step's spikes along their CSR rows into ring buffers (only
 * the rows of cells that spiked; delivery.ts), then runs one fused loop per population over typed
 * arrays (loop.ts): read the cell's state and synaptic inputs (synapse.ts, from each kind's
 * behaviour), drives (drives.ts), integrate with the population's method (method.ts, the stencils
 * of src/ir/methods.ts), detect threshold crossings with interpolated times, reset, record
 * (events.ts, located.ts), decay synaptic states, store. Scalar parameters are inlined as
 * constants, per-cell parameters read as `P[i]`. Nothing is allocated inside the step loop (the
 * spike monitor doubles its buffers when full, amortised). The per-step semantics are documented on
 * `BuiltNetwork` (src/ir/network.ts); the fixed-step driver of src/single/simulate.ts is the
 * reference for integration, events and refractory periods (same arithmetic, operation by operation).
 * Only numbers and identifiers chosen here reach the source.
 */
import type { BuiltNetwork, Precision } from '../../ir/network.js';
import { jsNumber } from '../emit-js.js';
import { planChannels } from '../channels.js';
import { Arith } from './arith.js';
import { kernelArrays } from './arrays.js';
import { deliveries, type KernelSplit } from './delivery.js';
import { startEvents, type EventContext } from './events.js';
import { populationLoop } from './loop.js';
import { KERNEL_HOSTS, type KernelArray } from './manifest.js';
import { PopGen } from './population.js';
import { activityLoop, traceSample } from './values.js';

export type { KernelSplit };

/** The generated program and what it needs to run. */
export interface KernelSource {
  /** JS source of the body of `function (A)` returning `{ runSteps(n0, n1), start(), bind(B) }` */
  source: string;
  /** every array the program reads (the runner allocates from this list) */
  arrays: KernelArray[];
  /** names of the scratch generators the noise drives' ziggurat tails use (an `Rng` each) */
  rngs: string[];
  /** length of the persistent-scalar array KS (spike count, trace positions) */
  scalars: number;
}

/** One part holding every cell (a single-threaded run). */
export function wholeSplit(net: BuiltNetwork): KernelSplit {
  return { index: 0, count: 1, ranges: [net.populations.map((p) => [0, p.size] as [number, number])] };
}

/**
 * Generate the kernel program of a built network (of part `split.index` when the cells are split
 * over threads). The program reads its arrays from a binding object keyed by `arrays[].name`.
 * @example const { source, arrays } = generateKernel(built); // inspect the fused loops
 */
export function generateKernel(
  net: BuiltNetwork,
  precision: Precision = 'float64',
  split: KernelSplit = wholeSplit(net),
): KernelSource {
  const f32 = precision === 'float32';
  const mine = split.ranges[split.index];
  const A = new Arith(f32);
  const channels = planChannels(net);
  const gens = net.populations.map((pop) => {
    const chs = channels.filter((c) => c.post === pop.index);
    const drives = net.drives.flatMap((drive, id) => (drive.population === pop.index ? [{ drive, id }] : []));
    return new PopGen(net, pop, chs, drives, f32, mine[pop.index]);
  });
  // pre populations of rate coupling, in projection order
  const activity = new Set(
    channels.filter((c) => c.behaviour.delivery === 'activity').flatMap((c) => c.projections.map((p) => p.index)),
  );
  const fromPops = net.projections.filter((p) => activity.has(p.index) && p.pre.kind === 'population');
  const activityPops = [...new Set(fromPops.map((p) => p.pre.index))];
  const ec: EventContext = { net, monitored: new Set(net.monitors.spikes) };
  for (const tr of net.monitors.traces) {
    if (!tr.input) continue;
    const g = gens[tr.population];
    const tg = g.targets.get(tr.variable);
    if (!tg || tg.param < 0) throw new Error(`internal: traced input ${tr.variable} is not a parameter target`);
    if (!g.tracedInputs.includes(tg)) g.tracedInputs.push(tg);
  }
  const arrays = kernelArrays({ net, gens, channels, activityPops, split, fa: f32 ? 'f32' : 'f64' });
  const rngs = net.drives.flatMap((d, k) => (d.kind === 'noise' ? [`RG${k}`] : []));
  const names = [...arrays.map((x) => x.name), ...rngs, ...KERNEL_HOSTS];

  // ---- persistent scalars: a Float64Array KS (element access keeps V8's feedback simple) ----
  // One small function per job (delivery, each population, traces), each loaded and stored around its
  // own loop: V8 compiles small functions fast and optimises each with complete type feedback, where
  // one huge step function took ~0.2 s per (re)compilation and deoptimised at its rarely run exits.
  const slot = new Map<string, number>();
  const ks = (name: string): string => {
    if (!slot.has(name)) slot.set(name, slot.size);
    return `KS[${slot.get(name)}]`;
  };
  ks('ns');
  net.monitors.traces.forEach((_, k) => (ks(`tc${k}`), ks(`tp${k}`)));
  const monLoad = `let ns = ${ks('ns')}; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;`;
  const monStore = `${ks('ns')} = ns;`;
  const fns: string[] = [];

  // Spike lists and activities are double-buffered by step parity: a part reads every part's
  // spikes of step n - 1 (parity n & 1) while the others may already write step n's (parity
  // (n + 1) & 1); one barrier per step then suffices. FL<p>: [parity][cells], part w's spikes
  // from its first cell on; FC: counts [parity][population][part]; ACT<p>: [parity][cells].
  const P = net.populations.length;
  const T = split.count;
  const fcAt = (par: string, p: number, w: string): string => `FC[(${par} * ${P} + ${p}) * ${T} + ${w}]`;
  // delivery of step n: last step's spikes and this step's source spikes, activities at the step start
  fns.push(`function deliver(n) {\n${deliveries(net, channels, A, split, fcAt)}\n}`);
  // activities of rate pre populations at the start of step m (the state after step m - 1)
  for (const p of activityPops) {
    const head = `const t = m * ${jsNumber(net.dt)}; const ao = (m & 1) * ${net.populations[p].size};`;
    fns.push(`function act${p}(m) {\n${head}\n${activityLoop(gens[p], net)}\n}`);
  }
  for (const g of gens) {
    const p = g.p;
    const spikeList = `let fc${p} = 0; const flo${p} = ((n + 1) & 1) * ${g.pop.size} + ${g.lo};`;
    const store = `${fcAt('((n + 1) & 1)', p, String(split.index))} = fc${p};`;
    fns.push(`function pop${p}(n, t) {\n${monLoad}\n${spikeList}\n${populationLoop(g, ec)}\n${store}\n${monStore}\n}`);
  }
  net.monitors.traces.forEach((tr, k) => {
    const sample = traceSample(gens[tr.population], tr.variable, k, tr.cells.length, tr.input === true);
    fns.push(`function trace${k}(t) {\nlet tp${k} = ${ks(`tp${k}`)};\n${sample}\n${ks(`tp${k}`)} = tp${k};\n}`);
  });
  // the step loop
  const stepBody: string[] = ['deliver(n);'];
  for (const g of gens) stepBody.push(`pop${g.p}(n, t);`);
  for (const p of activityPops) stepBody.push(`act${p}(n + 1);`);
  net.monitors.traces.forEach((tr, k) => {
    const c = ks(`tc${k}`);
    stepBody.push(`if (++${c} === ${tr.every}) { ${c} = 0; trace${k}(t); }`);
  });
  // BAR: the barrier with the other parts at the end of every step (true when a part failed)
  stepBody.push('if (BAR()) break;');
  const loop = `for (let n = n0; n < n1; n++) {\nconst t = n * ${jsNumber(net.dt)};\n${stepBody.join('\n')}\n}`;
  fns.push(`function runSteps(n0, n1) {\n${loop}\nMON.n = ${ks('ns')};\n}`);
  // t = 0: traces, then events whose condition already holds (the single-cell engine's startEvent)
  {
    const body: string[] = ['const n = -1; const t = 0;', monLoad];
    net.monitors.traces.forEach((_, k) => body.push(`trace${k}(0);`));
    for (const g of gens) {
      const fc = fcAt('0', g.p, String(split.index));
      body.push(`{ let fc${g.p} = 0; const flo${g.p} = ${g.lo}; ${startEvents(g, ec)} ${fc} = fc${g.p}; }`);
    }
    for (const p of activityPops) body.push(`act${p}(0);`);
    body.push(monStore, `MON.n = ns;`, 'BAR();');
    fns.push(`function start() {\n${body.join('\n')}\n}`);
  }
  // Every function reads the arrays it uses from the current binding S at entry (one property
  // load per array per call, i.e. per step): `bind` swaps in another set of arrays of the same
  // shapes, which lets the runner warm the code up on a scratch copy of the state before the timed
  // loop, so V8 compiles (and re-compiles after first spikes) during the build, not the run.
  const L: string[] = [];
  for (const f of fns) {
    const used = names.filter((n) => new RegExp(`\\b${n}\\b`).test(f));
    const open = f.indexOf('{\n') + 2;
    const head = `const ${used.map((n) => `${n} = S.${n}`).join(', ')};\n`;
    L.push(used.length ? `${f.slice(0, open)}${head}${f.slice(open)}` : f);
  }
  const source = `let S = A;\nfunction bind(B) { S = B; }\n${L.join('\n')}\nreturn { runSteps, start, bind };\n`;
  return { source, arrays, rngs, scalars: slot.size };
}
