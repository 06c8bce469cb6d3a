/**
 * The shared look of every isocline figure: palette, fonts, axes, titles and legend. Plot modules
 * (time series, phase portraits, rasters, ...) build their chart.js configs from these helpers so
 * all figures match. Everything here returns plain data (no functions), so a config can be
 * serialised with configToJSON and drawn in a browser as well.
 */
import type { ChartConfiguration, ChartOptions, ChartType } from 'chart.js';

/**
 * Okabe–Ito colour-blind-safe palette (Wong 2011, Nat. Methods 8:441), yellow dropped (too pale
 * on white). Series i uses palette[i % length].
 */
export const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/** Neutral inks for text, axes, grids and secondary series (stimuli, spike marks). */
export const ink = {
  text: '#1a1a1a',
  axis: '#333333',
  muted: '#595959',
  light: '#8c8c8c',
  grid: 'rgba(0, 0, 0, 0.08)',
} as const;

/** Font family and sizes (CSS px at scale 1; render.ts scales the canvas for print). */
export const fonts = {
  // Pango picks the first installed; DejaVu Sans is the Debian fallback the CI installs.
  family: "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif",
  tick: 12,
  axis: 14,
  legend: 12.5,
  title: 16,
  subtitle: 12.5,
} as const;

/** Line widths for data series and thin marks. */
export const strokes = { series: 1.6, thin: 1, mark: 1.4 } as const;

/**
 * The colour of series i.
 * @example colour(0) // '#0072B2'
 */
export function colour(i: number): string {
  return palette[((i % palette.length) + palette.length) % palette.length];
}

/**
 * A colour with transparency, from '#rrggbb'.
 * @example withAlpha('#0072B2', 0.2) // 'rgba(0, 114, 178, 0.2)'
 */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

/**
 * An axis label: `name (unit)`; dimensionless units ('1', '') are left out.
 * @example axisLabel('v', 'mV') // 'v (mV)'
 */
export function axisLabel(name: string, unit?: string): string {
  return unit && unit !== '1' ? `${name} (${unit})` : name;
}

export interface LinearAxisOptions {
  /** quantity name, e.g. 'Membrane potential v' */
  title: string;
  /** unit, shown in parentheses; omit or '1' for dimensionless */
  unit?: string;
  position?: 'left' | 'right' | 'top' | 'bottom';
  min?: number;
  max?: number;
  /** grid lines (default true; a second y axis usually wants false) */
  grid?: boolean;
  /** colour of the title and ticks, to tie a second axis to its series */
  colour?: string;
  /** tick step, when the automatic one is not wanted */
  step?: number;
  /** room on the side of the axis: stacked axes share a `stack` id (chart.js) */
  stack?: string;
  stackWeight?: number;
  /** hide ticks and title (an axis that only positions marks) */
  hidden?: boolean;
}

/**
 * A scatter chart (lines drawn by the datasets' showLine) over one linear x axis at the bottom,
 * without grid lines, and one linear y axis on the left, with them: the frame of the diagrams.
 * @example xyScatter(datasets, 'top', { title: 'I', min: 0, max: 2 }, { title: 'v', unit: 'mV' })
 */
export function xyScatter(
  datasets: Record<string, unknown>[],
  legend: Parameters<typeof baseOptions>[0],
  x: Omit<LinearAxisOptions, 'position' | 'grid'>,
  y: Omit<LinearAxisOptions, 'position' | 'grid'>,
): ChartConfiguration<'scatter'> {
  return {
    type: 'scatter',
    data: { datasets: datasets as unknown as ChartConfiguration<'scatter'>['data']['datasets'] },
    options: {
      ...baseOptions<'scatter'>(legend),
      scales: {
        x: linearAxis({ ...x, position: 'bottom', grid: false }),
        y: linearAxis({ ...y, position: 'left', grid: true }),
      } as NonNullable<ChartConfiguration<'scatter'>['options']>['scales'],
    },
  };
}

/**
 * A linear cartesian scale in the house style (chart.js scale options object).
 * @example
 * options.scales = {
 *   x: linearAxis({ title: 'Time', unit: 'ms', position: 'bottom' }),
 *   y: linearAxis({ title: 'v', unit: 'mV' }),
 * };
 */
export function linearAxis(o: LinearAxisOptions): Record<string, unknown> {
  const c = o.colour ?? ink.axis;
  const axis: Record<string, unknown> = {
    type: 'linear',
    position: o.position ?? 'left',
    display: !o.hidden,
    title: {
      display: true,
      text: axisLabel(o.title, o.unit),
      color: o.colour ?? ink.text,
      font: { family: fonts.family, size: fonts.axis },
      padding: { top: 4, bottom: 4 },
    },
    ticks: {
      color: c,
      font: { family: fonts.family, size: fonts.tick },
      padding: 4,
      maxTicksLimit: 9,
      includeBounds: false,
      // journal style: 1000, not 1,000
      format: { useGrouping: false },
      ...(o.step !== undefined ? { stepSize: o.step } : {}),
    },
    grid: {
      display: o.grid ?? true,
      color: ink.grid,
      lineWidth: 1,
      drawTicks: true,
      tickLength: 5,
      tickColor: ink.axis,
    },
    border: { display: true, color: ink.axis, width: 1 },
  };
  if (o.min !== undefined) axis.min = o.min;
  if (o.max !== undefined) axis.max = o.max;
  if (o.stack !== undefined) axis.stack = o.stack;
  if (o.stackWeight !== undefined) axis.stackWeight = o.stackWeight;
  return axis;
}

/**
 * A padded range for data in [lo, hi] (fraction `pad` of the span on each side); a flat range
 * gets a unit-sized window so the axis still has ticks.
 * @example paddedRange(-70, 30) // [-75, 35]
 */
export function paddedRange(lo: number, hi: number, pad = 0.05): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi === lo) {
    const h = Math.abs(lo) > 0 ? Math.abs(lo) * 0.5 : 1;
    return [lo - h, hi + h];
  }
  const s = (hi - lo) * pad;
  return [lo - s, hi + s];
}

/** Options every figure shares: fonts, legend style, white layout padding, no animation. */
export function baseOptions<T extends ChartType = ChartType>(
  legend: boolean | 'top' | 'bottom' | 'right' | 'chartArea' = 'top',
): ChartOptions<T> {
  return {
    responsive: false,
    animation: false,
    color: ink.text,
    font: { family: fonts.family, size: fonts.tick },
    layout: { padding: { top: 6, right: 14, bottom: 6, left: 6 } },
    elements: {
      point: { radius: 0, hoverRadius: 0, hitRadius: 0 },
      // Solid lines otherwise take chart.js's "fast path", which snaps points to whole CSS
      // pixels: a visible staircase at devicePixelRatio 2. A gapless dash pattern draws the same
      // solid line on the exact path (a small tension does too, but cairo then leaves nicks).
      line: {
        borderWidth: strokes.series,
        tension: 0,
        borderDash: [1, 0],
        borderJoinStyle: 'round',
        borderCapStyle: 'round',
      },
    },
    plugins: {
      legend: {
        display: legend !== false,
        position: legend === true || legend === false ? 'top' : legend,
        align: 'end',
        labels: {
          color: ink.text,
          font: { family: fonts.family, size: fonts.legend },
          // point styles let a line series show a line and a mark series its mark; no
          // pointStyleWidth, which would tilt rotated marks such as vertical spike ticks
          usePointStyle: true,
          boxHeight: 10,
          padding: 16,
        },
      },
      tooltip: { enabled: false },
    },
  } as ChartOptions<T>;
}

/**
 * Set a figure's title (bold, left-aligned) and optional subtitle; returns the same config.
 * @example figureTitle(config, 'Izhikevich RS', 'I = 10 pA')
 */
export function figureTitle<T extends ChartType>(
  config: ChartConfiguration<T>,
  title: string,
  subtitle?: string,
): ChartConfiguration<T> {
  const options = (config.options ??= {} as ChartConfiguration<T>['options']) as Record<string, any>;
  const plugins = (options.plugins ??= {});
  plugins.title = {
    display: true,
    text: title,
    align: 'start',
    color: ink.text,
    font: { family: fonts.family, size: fonts.title, weight: 'bold' },
    padding: { top: 4, bottom: subtitle ? 2 : 10 },
  };
  plugins.subtitle = subtitle
    ? {
        display: true,
        text: subtitle,
        align: 'start',
        color: ink.muted,
        font: { family: fonts.family, size: fonts.subtitle, weight: 'normal' },
        padding: { bottom: 10 },
      }
    : { display: false };
  return config;
}
