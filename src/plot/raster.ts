/**
 * Spike raster of a network run: one row per cell, populations stacked in their network order and
 * coloured, a vertical tick (or a dot, when rows are thinner than a pixel) per spike.
 */
import type { ChartConfiguration } from 'chart.js';
import type { NetworkResult, PopulationLayout } from '../ir/network.js';
import { OptionError } from '../model/errors.js';
import { baseOptions, colour, figureTitle, linearAxis } from './theme.js';

export type { PopulationLayout };

export interface RasterOptions {
  title?: string;
  subtitle?: string;
  /** time window (ms), default the whole run */
  xRange?: [number, number];
  /** figure size in CSS px, to size the marks (default 900 x 600, as renderPNG) */
  width?: number;
  height?: number;
  /** colours by population name (default: the house palette in population order) */
  colours?: Record<string, string>;
  /**
   * Draw only the first this many cells of each population, stacked without gaps (a readable,
   * smaller figure of a large network). The legend still gives each population's size, rate and
   * spike count over all its cells, and says how many are drawn.
   */
  cellsPerPopulation?: number;
}

/**
 * A chart.js scatter config of the spikes of `result`, rows by global cell index, populations as
 * the result lays them out (or as `layout` says: a subset, another order).
 * @example await savePNG(rasterChart(result, { title: 'Izhikevich 2003' }), 'raster.png');
 */
export function rasterChart(result: NetworkResult, options?: RasterOptions): ChartConfiguration<'scatter'>;
export function rasterChart(
  result: NetworkResult,
  layout: PopulationLayout[],
  options?: RasterOptions,
): ChartConfiguration<'scatter'>;
export function rasterChart(
  result: NetworkResult,
  a: PopulationLayout[] | RasterOptions = {},
  b: RasterOptions = {},
): ChartConfiguration<'scatter'> {
  const layout = Array.isArray(a) ? a : result.populations;
  const options = Array.isArray(a) ? b : a;
  const cap = options.cellsPerPopulation;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1))
    throw new OptionError(`raster: cellsPerPopulation must be a whole number >= 1, got ${cap}`);
  // rows: with a cap, each population's first `cap` cells, the populations stacked in layout order
  const drawn = layout.map((p) => Math.min(p.size, cap ?? p.size));
  const rowOffset =
    cap === undefined ? layout.map((p) => p.offset) : drawn.map((_, k) => drawn.slice(0, k).reduce((a, b) => a + b, 0));
  const total =
    cap === undefined ? layout.reduce((a, p) => Math.max(a, p.offset + p.size), 0) : drawn.reduce((a, b) => a + b, 0);
  const T = result.steps * result.dt;
  const [x0, x1] = options.xRange ?? [0, T];
  const height = options.height ?? 600;
  // plot area ~ height minus title, legend and axis: rows in CSS px
  const rowPx = (height - 150) / Math.max(1, total);
  const tick = rowPx >= 2;
  const datasets = layout.map((p, k) => {
    const data: { x: number; y: number }[] = [];
    const { cell, time } = result.spikes;
    for (let q = 0; q < cell.length; q++) {
      const c = cell[q];
      if (c >= p.offset && c < p.offset + drawn[k] && time[q] >= x0 && time[q] <= x1)
        data.push({ x: time[q], y: rowOffset[k] + c - p.offset });
    }
    // the legend's figures are the population's own, wherever the layout puts it
    const q = result.populations.findIndex((r) => r.name === p.name);
    const count = q >= 0 ? result.counts[q] : data.length;
    const rate = q >= 0 ? result.rates[q] : undefined;
    const shown = drawn[k] < p.size ? `${drawn[k]} of ` : '';
    return {
      label: `${p.name} (${shown}${p.size} cells, ${rate !== undefined ? rate.toFixed(1) : '?'} Hz, ${count} spikes)`,
      data,
      showLine: false,
      borderColor: options.colours?.[p.name] ?? colour(k),
      backgroundColor: options.colours?.[p.name] ?? colour(k),
      // vertical ticks one row tall when rows are visible, dots otherwise (a 1-px tick is invisible)
      pointStyle: tick ? 'line' : 'circle',
      rotation: tick ? 90 : 0,
      pointRadius: tick ? Math.min(6, rowPx * 0.45) : 1.15,
      pointBorderWidth: tick ? 1.2 : 0,
      borderWidth: tick ? 1.2 : 0,
    };
  });
  const config: ChartConfiguration<'scatter'> = {
    type: 'scatter',
    data: { datasets: datasets as unknown as ChartConfiguration<'scatter'>['data']['datasets'] },
    options: {
      ...baseOptions<'scatter'>('top'),
      scales: {
        x: linearAxis({ title: 'Time', unit: 'ms', position: 'bottom', min: x0, max: x1 }),
        y: linearAxis({
          title: cap === undefined ? 'Cell' : `Cell (first ${cap} of each population)`,
          position: 'left',
          min: -0.5,
          max: total - 0.5,
          grid: false,
        }),
      } as NonNullable<ChartConfiguration<'scatter'>['options']>['scales'],
    },
  };
  figureTitle(config, options.title ?? `${result.name}: spike raster`, options.subtitle);
  return config;
}
