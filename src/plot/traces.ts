/** State traces of chosen cells of a network run (from the trace monitors). */
import type { ChartConfiguration } from 'chart.js';
import { OptionError, nearestName } from '../model/errors.js';
import type { NetworkResult } from '../ir/network.js';
import { baseOptions, colour, figureTitle, linearAxis, paddedRange } from './theme.js';

export interface TracesOptions {
  /** which trace monitor: population and variable (default the first) */
  population?: string;
  variable?: string;
  /** at most this many cells drawn (default 8) */
  maxCells?: number;
  unit?: string;
  title?: string;
  subtitle?: string;
  xRange?: [number, number];
  /**
   * Draw each recorded spike of a traced cell as a stroke up to this value at its spike time
   * (e.g. the model's threshold, 30 mV for Izhikevich). Trace samples are taken after the step's
   * reset, so without it a spike shows only as the drop to the reset value. Needs the spike monitor.
   */
  peaks?: number;
}

/**
 * A line chart of one traced variable for several cells.
 * @example await savePNG(tracesChart(result, { population: 'exc', variable: 'v', unit: 'mV' }), 'v.png');
 */
export function tracesChart(result: NetworkResult, options: TracesOptions = {}): ChartConfiguration<'line'> {
  const tr = result.traces.find(
    (x) =>
      (options.population === undefined || x.population === options.population) &&
      (options.variable === undefined || x.variable === options.variable),
  );
  if (!tr) {
    const known = result.traces.map((x) => `${x.population}.${x.variable}`);
    const want = `${options.population ?? '*'}.${options.variable ?? '*'}`;
    const s = nearestName(want, known);
    const suggestion = s ? ` (did you mean '${s}'?)` : '';
    const recorded = known.join(', ') || 'none';
    throw new OptionError(`traces plot: no trace ${want} in the run (recorded: ${recorded})${suggestion}`);
  }
  const nc = tr.cells.length;
  const shown = Math.min(nc, options.maxCells ?? 8);
  let lo = Infinity,
    hi = -Infinity;
  const peaks =
    options.peaks !== undefined ? spikeTimesOf(result, tr.population, tr.cells.subarray(0, shown)) : undefined;
  if (options.peaks !== undefined) hi = options.peaks;
  const datasets = Array.from({ length: shown }, (_, c) => {
    const data = Array.from(tr.t, (t, s) => {
      const y = tr.values[s * nc + c];
      (lo = Math.min(lo, y)), (hi = Math.max(hi, y));
      return { x: t, y };
    });
    if (peaks) withPeaks(data, peaks[c], options.peaks!);
    return { label: `cell ${tr.cells[c]}`, data, borderColor: colour(c), backgroundColor: colour(c), fill: false };
  });
  const T = result.steps * result.dt;
  const [x0, x1] = options.xRange ?? [0, T];
  const [y0, y1] = paddedRange(lo, hi);
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets: datasets as unknown as ChartConfiguration<'line'>['data']['datasets'] },
    options: {
      ...baseOptions<'line'>(shown > 1 ? 'top' : false),
      scales: {
        x: linearAxis({ title: 'Time', unit: 'ms', position: 'bottom', min: x0, max: x1 }),
        y: linearAxis({ title: tr.variable, unit: options.unit, min: y0, max: y1 }),
      } as NonNullable<ChartConfiguration<'line'>['options']>['scales'],
    },
  };
  figureTitle(
    config,
    options.title ?? `${result.name}: ${tr.population}.${tr.variable}`,
    options.subtitle ?? (nc > shown ? `${shown} of ${nc} recorded cells` : undefined),
  );
  return config;
}

/** Spike times of the given (population-local) cells, ascending, one list per cell. */
function spikeTimesOf(result: NetworkResult, population: string, cells: Int32Array): number[][] {
  const pop = result.populations.find((p) => p.name === population);
  if (!pop) throw new OptionError(`traces plot: population '${population}' is not in the run`);
  const row = new Map<number, number>();
  cells.forEach((c, k) => row.set(pop.offset + c, k));
  const out: number[][] = Array.from(cells, () => []);
  const { cell, time } = result.spikes;
  let recorded = 0;
  for (let q = 0; q < cell.length; q++) {
    if (cell[q] >= pop.offset && cell[q] < pop.offset + pop.size) recorded++;
    const k = row.get(cell[q]);
    if (k !== undefined) out[k].push(time[q]);
  }
  if (recorded === 0 && result.counts[result.populations.indexOf(pop)] > 0) {
    throw new OptionError(
      `traces plot: peaks need the spikes of '${population}' recorded (monitors: { spikes: true })`,
    );
  }
  for (const ts of out) ts.sort((a, b) => a - b);
  return out;
}

/** Insert a stroke (t, last sample) → (t, peak) at each spike time, in time order. */
function withPeaks(data: { x: number; y: number }[], spikes: number[], peak: number): void {
  if (spikes.length === 0) return;
  const out: { x: number; y: number }[] = [];
  let q = 0;
  for (const p of data) {
    while (q < spikes.length && spikes[q] < p.x) {
      const before = out.length ? out[out.length - 1].y : p.y;
      out.push({ x: spikes[q], y: before }, { x: spikes[q], y: peak });
      q++;
    }
    out.push(p);
  }
  data.splice(0, data.length, ...out);
}
