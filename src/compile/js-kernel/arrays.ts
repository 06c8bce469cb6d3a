/**
 * The manifest of a kernel program (see manifest.ts): every array the generated code reads, in one
 * place, with what the runner fills it with. Named here once; the generator's code uses the same
 * names and the runner allocates from this list.
 */
import type { BuiltNetwork } from '../../ir/network.js';
import type { Channel } from '../channels.js';
import { driveArrays, type DriveRef } from './drives.js';
import type { KernelSplit } from './delivery.js';
import type { KernelArray } from './manifest.js';
import type { PopGen } from './population.js';
import { channelArrays } from './synapse.js';

export function kernelArrays(net: BuiltNetwork, gens: PopGen[], channels: Channel[], activityPops: number[], split: KernelSplit, fa: 'f32' | 'f64'): KernelArray[] {
  const out: KernelArray[] = [];
  const T = split.count;
  const P = net.populations.length;
  const zero = (name: string, type: KernelArray['type'], length: number): KernelArray => ({ name, type, length, mutable: true, init: { kind: 'zero' } });
  const net_ = (name: string, values: Extract<KernelArray['init'], { kind: 'net' }>['values']): KernelArray => {
    const type = values instanceof Float64Array ? 'f64' : values instanceof Float32Array ? 'f32' : values instanceof Uint8Array ? 'u8' : values instanceof Uint16Array ? 'u16' : 'i32';
    return { name, type, length: values.length, mutable: false, init: { kind: 'net', values } };
  };
  net.populations.forEach((pop, p) => {
    const g = gens[p];
    pop.model.variables.forEach((v, k) => out.push({ name: `Y${p}_${k}`, type: fa, length: pop.size, mutable: true, init: { kind: 'copy', values: pop.init[v.name] } }));
    for (const k of g.perCellParams) {
      const values = pop.params[pop.model.parameters[k].name] as Float64Array;
      out.push({ name: `P${p}_${k}`, type: fa, length: pop.size, mutable: false, init: { kind: 'copy', values } });
    }
    // traced synaptic inputs: the base value until the first step writes the total
    for (const tg of g.tracedInputs) {
      const base = pop.params[tg.name];
      const init: KernelArray['init'] = typeof base === 'number' ? { kind: 'fill', value: base } : { kind: 'copy', values: base };
      out.push({ name: `TI${p}_${tg.j}`, type: fa, length: pop.size, mutable: true, init });
    }
    // fired lists, double-buffered by step parity; each part's list starts at its first cell
    out.push(zero(`FL${p}`, 'i32', 2 * pop.size));
    out.push({ name: `FLO${p}`, type: 'i32', length: T, mutable: false, init: { kind: 'copy', values: split.ranges.map((r) => r[p][0]) } });
    if (g.hasRefractory) out.push({ name: `RU${p}`, type: 'f64', length: pop.size, mutable: true, init: { kind: 'fill', value: -Infinity } });
  });
  for (const ch of channels) out.push(...channelArrays(ch, net.populations[ch.post].size, fa));
  net.projections.forEach((pr, k) => {
    out.push(net_(`RP${k}`, pr.rowPtr), net_(`W${k}`, pr.weight));
    if (pr.col) out.push(net_(`C${k}`, pr.col));
    if (pr.col && T > 1) out.push({ name: `SPL${k}`, type: 'i32', length: pr.pre.size * (T + 1), mutable: false, init: { kind: 'row-splits', projection: k } });
    if (pr.delays) out.push(net_(`DL${k}`, pr.delays));
  });
  net.sources.forEach((s, k) => {
    if (s.kind === 'spikes') out.push(net_(`SP${k}`, s.stepPtr), net_(`SC${k}`, s.cells));
    else out.push({ name: `AC${k}`, type: fa, length: s.size, mutable: false, init: { kind: 'copy', values: s.activity } });
  });
  for (const p of activityPops) out.push(zero(`ACT${p}`, fa, 2 * net.populations[p].size));
  net.drives.forEach((drive, id) => out.push(...driveArrays({ drive, id } as DriveRef, fa, net.populations[drive.population].size)));
  net.monitors.traces.forEach((tr, k) => {
    const samples = Math.floor(net.steps / tr.every) + 1;
    out.push({ ...zero(`TR${k}`, 'f64', samples * tr.cells.length), role: { kind: 'trace', index: k } });
    out.push(net_(`TC${k}`, tr.cells));
  });
  // per part: population-rate bins and spike counts, summed after the run
  net.monitors.rates.forEach((r, k) => {
    out.push({ ...zero(`RB${k}`, 'f64', Math.ceil(net.steps / r.bin)), shared: false, role: { kind: 'rate-bins', index: k } });
  });
  out.push({ ...zero('CNT', 'f64', P), shared: false, role: { kind: 'counts' } });
  // fired counts: [parity][population][part]
  out.push(zero('FC', 'i32', 2 * P * T));
  return out;
}
