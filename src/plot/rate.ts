/** Population firing rates of a network run (from the rate monitors), one line per population. */
import type { ChartConfiguration } from 'chart.js';
import { OptionError } from '../model/errors.js';
import type { NetworkResult } from '../ir/network.js';
import { baseOptions, colour, figureTitle, linearAxis, paddedRange } from './theme.js';

export interface RateOptions {
  title?: string;
  subtitle?: string;
  xRange?: [number, number];
  /** moving-average window in bins (default 1: the monitor's bins as they are) */
  smooth?: number;
  colours?: Record<string, string>;
}

/**
 * A line chart of population rates (Hz) against time; needs `monitors.rates` in the network.
 * @example await savePNG(rateChart(result, { smooth: 3 }), 'rates.png');
 */
export function rateChart(result: NetworkResult, options: RateOptions = {}): ChartConfiguration<'line'> {
  if (!result.populationRates.length)
    throw new OptionError('rate plot: the run recorded no population rates (add monitors.rates to the network)');
  const w = Math.max(1, Math.round(options.smooth ?? 1));
  let hi = 0;
  const datasets = result.populationRates.map((r, k) => {
    const bin = r.t.length > 1 ? r.t[1] - r.t[0] : result.dt;
    const data = Array.from(r.hz, (_, b) => {
      let s = 0,
        c = 0;
      for (let j = Math.max(0, b - (w >> 1)); j <= Math.min(r.hz.length - 1, b + (w >> 1)); j++) (s += r.hz[j]), c++;
      const y = s / c;
      hi = Math.max(hi, y);
      return { x: r.t[b] + bin / 2, y };
    });
    return {
      label: r.population,
      data,
      borderColor: options.colours?.[r.population] ?? colour(k),
      backgroundColor: options.colours?.[r.population] ?? colour(k),
      fill: false,
    };
  });
  const T = result.steps * result.dt;
  const [x0, x1] = options.xRange ?? [0, T];
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets: datasets as unknown as ChartConfiguration<'line'>['data']['datasets'] },
    options: {
      ...baseOptions<'line'>('top'),
      scales: {
        x: linearAxis({ title: 'Time', unit: 'ms', position: 'bottom', min: x0, max: x1 }),
        y: linearAxis({ title: 'Population rate', unit: 'Hz', min: 0, max: paddedRange(0, hi || 1, 0.05)[1] }),
      } as NonNullable<ChartConfiguration<'line'>['options']>['scales'],
    },
  };
  figureTitle(config, options.title ?? `${result.name}: population rates`, options.subtitle);
  return config;
}
