/**
 * The one place a run's raw monitor buffers become a NetworkResult, whichever target ran it: the
 * kernel and the tensor runner hand over the same buffers (spike lists, per-population counts,
 * trace samples, rate-bin counts), so rates, time axes and units cannot drift between targets.
 */
import type { BuiltNetwork, NetworkResult } from '../ir/network.js';

export interface MonitorBuffers {
  target: string;
  spikes: NetworkResult['spikes'];
  /** spikes per population */
  counts: number[];
  /** per trace monitor: samples × cells, row-major */
  traceValues: Float64Array[];
  /** per rate monitor: spike count of its population in each bin */
  rateBins: Float64Array[];
  timing: NetworkResult['timing'];
}

/** Assemble the result of a run of `net` from its monitor buffers. */
export function networkResult(net: BuiltNetwork, b: MonitorBuffers): NetworkResult {
  const T = (net.steps * net.dt) / 1000;
  return {
    name: net.name,
    target: b.target,
    dt: net.dt,
    steps: net.steps,
    populations: net.populations.map((p) => ({ name: p.name, size: p.size, offset: p.offset })),
    spikes: b.spikes,
    counts: b.counts,
    rates: b.counts.map((c, p) => c / net.populations[p].size / T),
    traces: net.monitors.traces.map((tr, k) => ({
      population: net.populations[tr.population].name,
      variable: tr.variable,
      cells: tr.cells,
      t: Float64Array.from({ length: Math.floor(net.steps / tr.every) + 1 }, (_, s) => s * tr.every * net.dt),
      values: b.traceValues[k],
    })),
    populationRates: net.monitors.rates.map((r, k) => {
      const width = r.bin * net.dt;
      const size = net.populations[r.population].size;
      return {
        population: net.populations[r.population].name,
        t: Float64Array.from(b.rateBins[k], (_, i) => i * width),
        hz: b.rateBins[k].map((c) => (c / size / width) * 1000),
      };
    }),
    timing: b.timing,
  };
}
