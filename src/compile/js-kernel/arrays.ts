/**
 * The manifest of a kernel program (see manifest.ts): every array the generated code reads, in one
 * place, with what the runner fills it with. Named here once; the generator's code uses the same
 * names and the runner allocates from this list.
 */
import type { BuiltNetwork } from '../../ir/network.js';
import type { Channel } from '../channels.js';
import { driveArrays } from './drives.js';
import type { KernelSplit } from './delivery.js';
import { inputArray, netArray, writtenArray, type KernelArray } from './manifest.js';
import type { PopGen } from './population.js';
import { channelArrays } from './synapse.js';

export interface ArrayPlan {
  net: BuiltNetwork;
  gens: PopGen[];
  channels: Channel[];
  /** pre populations of rate coupling (their activities are double-buffered arrays) */
  activityPops: number[];
  split: KernelSplit;
  /** element type of the state (the run's precision) */
  fa: 'f32' | 'f64';
}

export function kernelArrays({ net, gens, channels, activityPops, split, fa }: ArrayPlan): KernelArray[] {
  const out: KernelArray[] = [];
  const T = split.count;
  const P = net.populations.length;
  net.populations.forEach((pop, p) => {
    const g = gens[p];
    pop.model.variables.forEach((v, k) => {
      out.push(writtenArray(`Y${p}_${k}`, fa, pop.size, { kind: 'copy', values: pop.init[v.name] }));
    });
    for (const k of g.perCellParams) {
      out.push(inputArray(`P${p}_${k}`, fa, pop.params[pop.model.parameters[k].name] as Float64Array));
    }
    // traced synaptic inputs: the base value until the first step writes the total
    for (const tg of g.tracedInputs) {
      const base = pop.params[tg.name];
      const init: KernelArray['init'] =
        typeof base === 'number' ? { kind: 'fill', value: base } : { kind: 'copy', values: base };
      out.push(writtenArray(`TI${p}_${tg.j}`, fa, pop.size, init));
    }
    // fired lists, double-buffered by step parity; each part's list starts at its first cell
    out.push(writtenArray(`FL${p}`, 'i32', 2 * pop.size));
    out.push(
      inputArray(
        `FLO${p}`,
        'i32',
        split.ranges.map((r) => r[p][0]),
      ),
    );
    if (g.hasRefractory) out.push(writtenArray(`RU${p}`, 'f64', pop.size, { kind: 'fill', value: -Infinity }));
  });
  for (const ch of channels) out.push(...channelArrays(ch, net.populations[ch.post].size, fa));
  net.projections.forEach((pr, k) => {
    out.push(netArray(`RP${k}`, pr.rowPtr), netArray(`W${k}`, pr.weight));
    if (pr.col) out.push(netArray(`C${k}`, pr.col));
    if (pr.col && T > 1) {
      const init = { kind: 'row-splits', projection: k } as const;
      out.push({ name: `SPL${k}`, type: 'i32', length: pr.pre.size * (T + 1), mutable: false, init });
    }
    if (pr.delays) out.push(netArray(`DL${k}`, pr.delays));
  });
  net.sources.forEach((s, k) => {
    if (s.kind === 'spikes') out.push(netArray(`SP${k}`, s.stepPtr), netArray(`SC${k}`, s.cells));
    else out.push(inputArray(`AC${k}`, fa, s.activity));
  });
  for (const p of activityPops) out.push(writtenArray(`ACT${p}`, fa, 2 * net.populations[p].size));
  net.drives.forEach((drive, id) => {
    out.push(...driveArrays({ drive, id }, fa, net.populations[drive.population].size));
  });
  net.monitors.traces.forEach((tr, k) => {
    const samples = Math.floor(net.steps / tr.every) + 1;
    out.push({ ...writtenArray(`TR${k}`, 'f64', samples * tr.cells.length), role: { kind: 'trace', index: k } });
    out.push(netArray(`TC${k}`, tr.cells));
  });
  // per part: population-rate bins and spike counts, summed after the run
  net.monitors.rates.forEach((r, k) => {
    const bins = Math.ceil(net.steps / r.bin);
    out.push({ ...writtenArray(`RB${k}`, 'f64', bins), shared: false, role: { kind: 'rate-bins', index: k } });
  });
  out.push({ ...writtenArray('CNT', 'f64', P), shared: false, role: { kind: 'counts' } });
  // fired counts: [parity][population][part]
  out.push(writtenArray('FC', 'i32', 2 * P * T));
  return out;
}
