/** State traces of chosen cells of a network run (from the trace monitors). */
import type { ChartConfiguration } from 'chart.js';
import { OptionError, nearestName } from '../model/errors.js';
import type { NetworkResult } from '../network/types.js';
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
}

/**
 * A line chart of one traced variable for several cells.
 * @example await savePNG(tracesChart(result, { population: 'exc', variable: 'v', unit: 'mV' }), 'v.png');
 */
export function tracesChart(result: NetworkResult, options: TracesOptions = {}): ChartConfiguration<'line'> {
  const tr = result.traces.find((x) => (options.population === undefined || x.population === options.population) && (options.variable === undefined || x.variable === options.variable));
  if (!tr) {
    const known = result.traces.map((x) => `${x.population}.${x.variable}`);
    const want = `${options.population ?? '*'}.${options.variable ?? '*'}`;
    const s = nearestName(want, known);
    throw new OptionError(`traces plot: no trace ${want} in the run (recorded: ${known.join(', ') || 'none'})${s ? ` (did you mean '${s}'?)` : ''}`);
  }
  const nc = tr.cells.length;
  const shown = Math.min(nc, options.maxCells ?? 8);
  let lo = Infinity, hi = -Infinity;
  const datasets = Array.from({ length: shown }, (_, c) => {
    const data = Array.from(tr.t, (t, s) => {
      const y = tr.values[s * nc + c];
      lo = Math.min(lo, y), (hi = Math.max(hi, y));
      return { x: t, y };
    });
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
  figureTitle(config, options.title ?? `${result.name}: ${tr.population}.${tr.variable}`, options.subtitle ?? (nc > shown ? `${shown} of ${nc} recorded cells` : undefined));
  return config;
}
