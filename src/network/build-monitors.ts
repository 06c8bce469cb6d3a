/**
 * Monitors: spikes, traces (cells, variables, sampling in whole steps) and population rates; nothing
 * is recorded that was not asked for.
 */
import { nearestName } from '../model/errors.js';
import { NetworkError } from '../ir/errors.js';
import { behaviourOf } from '../ir/synapses/index.js';
import type { NetworkSpec } from './spec.js';
import type { BuiltMonitors, BuiltPopulation, BuiltProjection, Drive } from '../ir/network.js';

/** Per population: the parameters that receive synaptic (not jump) or drive input. */
export function inputTargets(pops: BuiltPopulation[], projections: BuiltProjection[], drives: Drive[]): Set<string>[] {
  const out = pops.map(() => new Set<string>());
  for (const p of projections) if (!behaviourOf(p.synapse).jump) out[p.post].add(p.synapse.target);
  for (const d of drives) out[d.population].add(d.target);
  return out.map((set, p) => new Set([...set].filter((name) => pops[p].model.parameters.some((q) => q.name === name))));
}

/** The monitors of the spec, checked against the built populations. */
export function buildMonitors(
  m: NetworkSpec['monitors'],
  pops: BuiltPopulation[],
  popIndex: Map<string, number>,
  popNames: string[],
  dt: number,
  network: string,
  inputs: Set<string>[],
  warnings: string[],
): BuiltMonitors {
  const fail = (msg: string, suggestion?: string): never => {
    throw new NetworkError(msg, { network, field: 'monitors', suggestion });
  };
  const idx = (p: string): number => {
    const i = popIndex.get(p);
    if (i === undefined) fail(`no population '${p}'`, nearestName(String(p), popNames));
    return i!;
  };
  // an interval of ms in whole steps: below one step is an error, a rounding is reported (as delays)
  const wholeSteps = (ms: number, what: string): number => {
    const x = ms / dt;
    const k = Math.round(x);
    if (k < 1) fail(`${what} ${ms} ms is shorter than one step (dt = ${dt} ms)`);
    if (Math.abs(x - k) > 1e-9)
      warnings.push(
        `monitors: ${what} ${ms} ms at dt ${dt} ms is ${+x.toFixed(6)} steps, ` +
          `rounded to ${k} (${+(k * dt).toFixed(9)} ms)`,
      );
    return k;
  };
  const spec = m ?? {};
  // nothing is recorded that was not asked for (spike counts per population are always kept)
  const spikes =
    spec.spikes === true ? pops.map((p) => p.index) : Array.isArray(spec.spikes) ? spec.spikes.map(idx) : [];
  const traces: BuiltMonitors['traces'] = [];
  for (const tr of spec.traces ?? []) {
    const pi = idx(tr.population);
    const pop = pops[pi];
    const names = [...pop.model.variables.map((v) => v.name), ...pop.model.named.map((x) => x.name), ...inputs[pi]];
    const vars =
      tr.variables === undefined ? [pop.voltage] : Array.isArray(tr.variables) ? tr.variables : [tr.variables];
    let cells: Int32Array;
    if (tr.cells === undefined) cells = Int32Array.of(0);
    else if (tr.cells === 'all') cells = Int32Array.from({ length: pop.size }, (_, i) => i);
    else if (typeof tr.cells === 'number') {
      if (tr.cells > pop.size)
        fail(
          `trace of '${pop.name}': cells ${tr.cells} (the first ${tr.cells} cells) ` +
            `exceeds the population's ${pop.size} cells`,
        );
      cells = Int32Array.from({ length: tr.cells }, (_, i) => i);
    } else cells = Int32Array.from(tr.cells);
    for (const c of cells)
      if (!(c >= 0 && c < pop.size)) fail(`trace of '${pop.name}': cell ${c} is outside 0..${pop.size - 1}`);
    const every = tr.every === undefined ? 1 : wholeSteps(tr.every, `trace of '${pop.name}': every`);
    for (const v of vars) {
      if (!names.includes(v))
        fail(
          `trace of '${pop.name}': model '${pop.model.name}' has no variable, expression or synaptic input '${v}'`,
          nearestName(v, names),
        );
      traces.push({ population: pi, variable: v, cells, every, ...(inputs[pi].has(v) ? { input: true } : {}) });
    }
  }
  const rates: BuiltMonitors['rates'] = [];
  if (spec.rates) {
    const r = spec.rates === true ? {} : spec.rates;
    // the default 1 ms is at least one step whatever dt (the documented default); a given bin is exact
    const bin = r.bin === undefined ? Math.max(1, Math.round(1 / dt)) : wholeSteps(r.bin, 'rates bin');
    for (const pi of (r.populations ?? popNames).map(idx)) rates.push({ population: pi, bin });
  }
  return { spikes, traces, rates };
}
