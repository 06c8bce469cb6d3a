/**
 * f–I curve figure: steady firing rate against the input parameter, the rheobase marked, and
 * optional reference curves (a closed form, another model). Builds a chart.js config only.
 */
import type { ChartConfiguration } from 'chart.js';
import type { FICurve } from '../single/fi-curve.js';
import { OptionError } from '../model/errors.js';
import { colour, figureTitle, ink, paddedRange, xyScatter } from './theme.js';

/** An extra curve drawn for comparison (e.g. a closed form). */
export interface FIReference {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface FIChartOptions {
  title?: string;
  subtitle?: string;
  /** more f–I curves on the same axes (e.g. other models or parameter sets) */
  more?: FICurve[];
  /** labels of the curves, the first for `curve` (default: model names) */
  labels?: string[];
  references?: FIReference[];
  legend?: 'top' | 'right' | 'bottom' | false;
}

/**
 * A chart.js config of one or more f–I curves.
 * @example
 * const fi = fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 5, steps: 41 });
 * await savePNG(fiChart(fi), 'lif-fi.png');
 */
export function fiChart(curve: FICurve, options: FIChartOptions = {}): ChartConfiguration<'scatter'> {
  const curves = [curve, ...(options.more ?? [])];
  for (const c of curves) {
    if (c.rateUnit !== curve.rateUnit)
      throw new OptionError(`f–I plot: rates in ${c.rateUnit} and ${curve.rateUnit} cannot share an axis`);
  }
  const datasets: Record<string, unknown>[] = [];
  let hi = 0;
  curves.forEach((c, i) => {
    const col = colour(i);
    const data = Array.from(c.values, (x, k) => ({ x, y: c.rate[k], r: 3 }));
    if (c.rheobase !== null && c.rateAtRheobase !== null) {
      // the onset as located: silent up to the rheobase, then the rate just above it
      const rb = c.rheobase;
      const at = data.findIndex((p) => (c.values[c.values.length - 1] > c.values[0] ? p.x > rb : p.x < rb));
      data.splice(at < 0 ? data.length : at, 0, { x: rb, y: 0, r: 0 }, { x: rb, y: c.rateAtRheobase, r: 0 });
    }
    datasets.push({
      label: options.labels?.[i] ?? (curves.length > 1 ? c.model : 'firing rate'),
      data: data.map(({ x, y }) => ({ x, y })),
      parsing: false,
      showLine: true,
      borderColor: col,
      backgroundColor: col,
      borderWidth: 2,
      pointStyle: 'circle',
      pointRadius: data.map((p) => p.r),
      pointBorderWidth: 0,
      order: 10 - i,
    });
    for (const r of c.rate) hi = Math.max(hi, r);
    if (c.rheobase !== null) {
      const unit = c.paramUnit && c.paramUnit !== '1' ? ' ' + c.paramUnit : '';
      const excitability = c.excitability ? ` (${c.excitability})` : '';
      datasets.push({
        label: `rheobase ${c.param} = ${fmt(c.rheobase)}${unit}${excitability}, dashed`,
        data: [
          { x: c.rheobase, y: 0 },
          { x: c.rheobase, y: Number.NaN },
        ],
        parsing: false,
        showLine: true,
        borderColor: curves.length > 1 ? col : ink.muted,
        backgroundColor: curves.length > 1 ? col : ink.muted,
        borderWidth: 1.2,
        borderDash: [5, 4],
        pointRadius: 0,
        pointStyle: 'line',
        order: 5 - i / 10,
      });
    }
  });
  const refs = options.references ?? [];
  refs.forEach((r, i) => {
    if (r.x.length !== r.y.length)
      throw new OptionError(`f–I plot: reference '${r.label}' has ${r.x.length} x and ${r.y.length} y values`);
    for (let k = 0; k < r.y.length; k++) hi = Math.max(hi, r.y[k]);
    // one reference in grey; several in colours after the curves' own, so each can be told apart
    const ref = refs.length > 1 ? colour(curves.length + i) : ink.muted;
    datasets.push({
      // chart.js's point-style legend marker drops the dash, so the label says which line it is
      label: `${r.label} (${i % 2 ? 'dotted' : 'dashed'})`,
      data: Array.from(r.x, (x, k) => ({ x, y: r.y[k] })),
      parsing: false,
      showLine: true,
      borderColor: ref,
      backgroundColor: ref,
      borderWidth: 1.3,
      borderDash: i % 2 ? [2, 3] : [6, 4],
      pointRadius: 0,
      pointStyle: 'line',
      order: -i,
    });
  });
  const [, yHi] = paddedRange(0, hi || 1, 0.06);
  // rheobase lines run the full height
  for (const d of datasets) {
    const data = d.data as { x: number; y: number }[];
    if (data.length === 2 && Number.isNaN(data[1].y)) data[1].y = yHi;
  }
  const xs = curves.flatMap((c) => [c.values[0], c.values[c.values.length - 1]]);
  const config = xyScatter(
    datasets,
    options.legend ?? 'top',
    { title: `Input ${curve.param}`, unit: curve.paramUnit, min: Math.min(...xs), max: Math.max(...xs) },
    { title: 'Firing rate', unit: curve.rateUnit, min: 0, max: yHi },
  );
  // legend in the order the series were added (chart.js lists by ascending `order`)
  const plugins = config.options!.plugins as Record<string, any>;
  if (plugins.legend) plugins.legend.reverse = true;
  figureTitle(config, options.title ?? `${curve.model}: f–I curve`, options.subtitle ?? spikeNote(curve));
  return config;
}

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

function spikeNote(c: FICurve): string {
  const how =
    'event' in c.spike
      ? `spikes: event '${c.spike.event}'`
      : `spikes: upward crossings of ${c.spike.variable} = ${c.spike.threshold}`;
  return `steady-state rate (1/ISI) at ${c.values.length} values   ·   ${how}`;
}
