/**
 * Time-series figure of a simulation: state variables against time on the left axis, an input
 * (stimulus) on a right axis, spike times as ticks along the top. Builds a chart.js config only;
 * render it with render.ts (PNG) or in a browser.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Model } from '../model/model.js';
import type { SimulationResult } from '../single/simulate.js';
import { OptionError, nearestName } from '../model/errors.js';
import {
  axisLabel,
  baseOptions,
  colour,
  figureTitle,
  ink,
  linearAxis,
  paddedRange,
  strokes,
  withAlpha,
} from './theme.js';

/** A stimulus drawn on the right axis. */
export interface TimeSeriesInput {
  /** symbol, e.g. 'I' */
  name: string;
  /** values at `t` (default: the result's output times); a constant input is better said in the subtitle */
  values: ArrayLike<number>;
  t?: ArrayLike<number>;
  unit?: string;
}

export interface TimeSeriesOptions {
  /** variables to draw on the left axis (default: all of the result's variables) */
  variables?: string[];
  /** the simulated model: supplies units, the time unit and input units */
  model?: Model;
  /** units by variable name (and 't' for time); these win over the model's */
  units?: Record<string, string>;
  /** legend labels by variable name (default: the name) */
  labels?: Record<string, string>;
  input?: TimeSeriesInput;
  /** spike ticks: true (default) marks result.spikes, false none, or explicit times */
  spikes?: boolean | number[];
  title?: string;
  subtitle?: string;
  /** left-axis title (default: the variable names) */
  yTitle?: string;
  /** shown time window (default: the whole run) */
  xRange?: [number, number];
  /** left-axis range (default: the data's, padded) */
  yRange?: [number, number];
  legend?: boolean;
  /**
   * Most points drawn per series (default 10000): longer series keep each bucket's minimum and
   * maximum, so peaks and resets survive. chart.js's own decimation snaps to CSS pixels instead.
   */
  maxPoints?: number;
}

type Point = { x: number; y: number };

/**
 * A chart.js line-chart config for a simulation result.
 * @example
 * const model = loadModel('izhikevich').preset('RS');
 * const r = simulate(model, { t: 1000, params: { I: 10 } });
 * await savePNG(timeSeriesChart(r, { model, variables: ['v'], title: 'Izhikevich RS' }), 'out/rs.png');
 */
export function timeSeriesChart(result: SimulationResult, options: TimeSeriesOptions = {}): ChartConfiguration<'line'> {
  const names = options.variables ?? result.variables;
  if (names.length === 0) throw new OptionError('time-series plot: no variables to draw');
  for (const v of names) {
    // own keys only: `'constructor' in result.y` is true of every object
    if (!Object.hasOwn(result.y, v)) {
      const s = nearestName(v, result.variables);
      throw new OptionError(
        `time-series plot: no variable '${v}' in the result of '${result.model}'${s ? ` (did you mean '${s}'?)` : ''}`,
      );
    }
  }
  const unitOf = (name: string): string | undefined => options.units?.[name] ?? modelUnit(options.model, name);
  const timeUnit = options.units?.t ?? options.model?.spec.time_unit;
  const t = result.t;
  const [x0, x1] = options.xRange ?? [t[0] ?? 0, t[t.length - 1] ?? 1];
  const lo = Math.min(x0, x1);
  const hi = Math.max(x0, x1);

  const datasets: Record<string, unknown>[] = [];
  let yMin = Infinity;
  let yMax = -Infinity;
  const maxPoints = options.maxPoints ?? 10_000;
  names.forEach((name, i) => {
    const ys = result.y[name];
    for (let k = 0; k < t.length; k++) {
      if (t[k] >= lo && t[k] <= hi) {
        if (ys[k] < yMin) yMin = ys[k];
        if (ys[k] > yMax) yMax = ys[k];
      }
    }
    const data = thin(t, ys, maxPoints);
    datasets.push({
      label: options.labels?.[name] ?? name,
      data,
      parsing: false,
      yAxisID: 'y',
      borderColor: colour(i),
      backgroundColor: colour(i),
      borderWidth: strokes.series,
      pointStyle: 'line',
      pointRadius: 0,
      order: 0,
    });
  });

  const spikeTimes = options.spikes === false ? [] : Array.isArray(options.spikes) ? options.spikes : result.spikes;
  const shownSpikes = spikeTimes.filter((s) => s >= lo && s <= hi);
  // room above the traces for a row of spike ticks
  const [dLo, dHi] = paddedRange(yMin, yMax, 0.04);
  const tickRow = shownSpikes.length > 0 ? dHi + 0.06 * (dHi - dLo) : dHi;
  const [yLo, yHi] = options.yRange ?? [dLo, shownSpikes.length > 0 ? tickRow + 0.06 * (dHi - dLo) : dHi];
  if (shownSpikes.length > 0) {
    datasets.push({
      label: `spikes (${shownSpikes.length})`,
      data: shownSpikes.map((s) => ({ x: s, y: options.yRange ? yHi - 0.05 * (yHi - yLo) : tickRow })),
      parsing: false,
      yAxisID: 'y',
      showLine: false,
      pointStyle: 'line',
      rotation: 90,
      pointRotation: 90,
      pointRadius: 6,
      pointBorderWidth: strokes.mark,
      borderColor: ink.text,
      backgroundColor: ink.text,
      order: 1,
    });
  }

  const scales: Record<string, unknown> = {
    x: linearAxis({ title: 'Time', unit: timeUnit, position: 'bottom', min: lo, max: hi, grid: false }),
    y: linearAxis({
      // variables of different units on one axis (Izhikevich v in mV, u in mV/ms) each keep theirs
      title:
        options.yTitle ??
        (commonUnit(names.map(unitOf)) === undefined && names.some((n) => unitOf(n))
          ? names.map((n) => axisLabel(n, unitOf(n))).join(', ')
          : leftTitle(names, options.model)),
      unit: commonUnit(names.map(unitOf)),
      position: 'left',
      min: yLo,
      max: yHi,
      grid: true,
    }),
  };

  if (shownSpikes.length > 0 && !options.yRange) {
    // no value ticks beside the spike row: it marks times, not a level
    (scales.y as Record<string, unknown>).afterBuildTicks = (axis: { ticks: { value: number }[] }) => {
      axis.ticks = axis.ticks.filter((tk) => tk.value <= dHi);
    };
  }

  if (options.input) {
    const inp = options.input;
    const unit = inp.unit ?? modelUnit(options.model, inp.name);
    const it = inp.t ?? t;
    const values = inp.values;
    if (values.length !== it.length) {
      throw new OptionError(`time-series plot: input '${inp.name}' has ${values.length} values for ${it.length} times`);
    }
    const data = thin(it, values, maxPoints);
    let iMin = 0;
    let iMax = 0;
    for (const p of data) {
      if (p.y < iMin) iMin = p.y;
      if (p.y > iMax) iMax = p.y;
    }
    // the stimulus fills the lower quarter of the panel, behind the traces, like a stimulus bar
    const span = iMax - iMin || Math.abs(iMax) || 1;
    const [rLo, rHi] = [iMin - 0.04 * span, iMin + 4 * span];
    const grey = ink.light;
    datasets.push({
      label: axisLabel(inp.name, unit),
      data,
      parsing: false,
      yAxisID: 'y2',
      borderColor: grey,
      backgroundColor: withAlpha('#8c8c8c', 0.14),
      borderWidth: strokes.thin,
      fill: 'origin',
      pointStyle: 'rect',
      pointRadius: 0,
      order: 2,
    });
    const y2 = linearAxis({
      title: 'Input ' + inp.name,
      unit,
      position: 'right',
      min: rLo,
      max: rHi,
      grid: false,
      colour: ink.muted,
      step: niceStep(span / 3),
    });
    // ticks only where the stimulus is, not up the empty part of the axis (dropped by configToJSON);
    // a step of a third of its span leaves at least two of them on the stimulus
    y2.afterBuildTicks = (axis: { ticks: { value: number }[] }) => {
      axis.ticks = axis.ticks.filter((tk) => tk.value >= iMin - 1e-9 * span && tk.value <= iMax + 1e-9 * span);
    };
    scales.y2 = y2;
  }

  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { datasets: datasets as unknown as ChartConfiguration<'line'>['data']['datasets'] },
    options: {
      ...baseOptions<'line'>(options.legend === false ? false : 'top'),
      scales: scales as NonNullable<ChartConfiguration<'line'>['options']>['scales'],
    },
  };
  figureTitle(config, options.title ?? result.model, options.subtitle);
  return config;
}

/** 1, 2, 2.5 or 5 times a power of ten, at least x. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= x * (1 - 1e-9)) ?? 10) * p;
}

/** Points (t, y), at most about maxPoints of them: per bucket, the extremes in time order. */
function thin(t: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Point[] {
  const n = t.length;
  if (n <= maxPoints || maxPoints < 4) return Array.from({ length: n }, (_, k) => ({ x: t[k], y: y[k] }));
  const buckets = Math.floor((maxPoints - 2) / 2);
  const out: Point[] = [{ x: t[0], y: y[0] }];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * (n - 2)) / buckets);
    const to = 1 + Math.floor(((b + 1) * (n - 2)) / buckets);
    let kMin = from;
    let kMax = from;
    for (let k = from; k < to; k++) {
      if (y[k] < y[kMin]) kMin = k;
      if (y[k] > y[kMax]) kMax = k;
    }
    if (to <= from) continue;
    const [a, c] = kMin <= kMax ? [kMin, kMax] : [kMax, kMin];
    out.push({ x: t[a], y: y[a] });
    if (c !== a) out.push({ x: t[c], y: y[c] });
  }
  out.push({ x: t[n - 1], y: y[n - 1] });
  return out;
}

function modelUnit(model: Model | undefined, name: string): string | undefined {
  if (!model) return undefined;
  if (name === 't') return model.spec.time_unit;
  const v = model.ir.variables.find((x) => x.name === name);
  if (v) return v.unit;
  const p = model.ir.parameters.find((x) => x.name === name);
  if (p) return p.unit;
  return undefined;
}

/** One unit if all series share it; otherwise none (mixed units cannot share a label). */
function commonUnit(units: (string | undefined)[]): string | undefined {
  return units.every((u) => u === units[0]) ? units[0] : undefined;
}

function leftTitle(names: string[], model?: Model): string {
  if (names.length === 1 && model) {
    const d = model.spec.variables[names[0]];
    const desc = typeof d === 'object' ? d.description : undefined;
    // 'membrane potential (normalised)' → 'Membrane potential v': the unit says the rest
    const short = desc?.replace(/\s*\(.*?\)\s*/g, ' ').trim();
    if (short) return `${short[0].toUpperCase()}${short.slice(1)} ${names[0]}`;
  }
  return names.join(', ');
}
