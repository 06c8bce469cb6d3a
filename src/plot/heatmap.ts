/**
 * Heat map of a state over cells × time (seed 003's activity image): rows are the traced cells,
 * columns the samples, colour the value (viridis, with a colour bar). The cells are painted by an
 * inline chart.js plugin (one rectangle per cell and sample, downsampled to the pixel grid), so
 * configToJSON keeps the data and axes but not the painting.
 */
import type { ChartConfiguration, Plugin } from 'chart.js';
import { OptionError } from '../model/errors.js';
import type { NetworkResult } from '../network/types.js';
import { baseOptions, figureTitle, fonts, ink, linearAxis } from './theme.js';

export interface HeatmapOptions {
  population?: string;
  variable?: string;
  unit?: string;
  /** colour range (default: the data's) */
  range?: [number, number];
  title?: string;
  subtitle?: string;
  /** most columns painted (default 600): longer runs are averaged into that many */
  maxColumns?: number;
}

// viridis at 9 evenly spaced points (matplotlib's _viridis_data), interpolated linearly
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];
export function viridis(u: number): string {
  const x = Math.min(1, Math.max(0, u)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const c = VIRIDIS[i].map((a, k) => Math.round(a + f * (VIRIDIS[i + 1][k] - a)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * @example await savePNG(heatmapChart(result, { variable: 'v', unit: 'mV' }), 'activity.png');
 */
export function heatmapChart(result: NetworkResult, options: HeatmapOptions = {}): ChartConfiguration<'scatter'> {
  const tr = result.traces.find((x) => (options.population === undefined || x.population === options.population) && (options.variable === undefined || x.variable === options.variable));
  if (!tr) throw new OptionError(`heat map: no trace ${options.population ?? '*'}.${options.variable ?? '*'} in the run (recorded: ${result.traces.map((x) => `${x.population}.${x.variable}`).join(', ') || 'none'})`);
  const nc = tr.cells.length;
  const ns = tr.t.length;
  const cols = Math.min(ns, options.maxColumns ?? 600);
  // column averages: values[col][cell]
  const grid = new Float64Array(cols * nc);
  for (let k = 0; k < cols; k++) {
    const a = Math.floor((k * ns) / cols), b = Math.max(a + 1, Math.floor(((k + 1) * ns) / cols));
    for (let c = 0; c < nc; c++) {
      let s = 0;
      for (let q = a; q < b; q++) s += tr.values[q * nc + c];
      grid[k * nc + c] = s / (b - a);
    }
  }
  let lo = Infinity, hi = -Infinity;
  for (const v of grid) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const [v0, v1] = options.range ?? (hi > lo ? [lo, hi] : [lo - 1, hi + 1]);
  const t0 = tr.t[0], t1 = tr.t[ns - 1] + (ns > 1 ? tr.t[1] - tr.t[0] : result.dt);
  const colW = (t1 - t0) / cols;
  const barW = 16;
  const paint: Plugin<'scatter'> = {
    id: 'isoclineHeatmap',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales.x, y = scales.y;
      ctx.save();
      for (let k = 0; k < cols; k++) {
        const xa = x.getPixelForValue(t0 + k * colW), xb = x.getPixelForValue(t0 + (k + 1) * colW);
        for (let c = 0; c < nc; c++) {
          const ya = y.getPixelForValue(c - 0.5), yb = y.getPixelForValue(c + 0.5);
          ctx.fillStyle = viridis((grid[k * nc + c] - v0) / (v1 - v0));
          // overlap by half a pixel: no hairline seams between cells
          ctx.fillRect(xa, Math.min(ya, yb), xb - xa + 0.5, Math.abs(yb - ya) + 0.5);
        }
      }
      // colour bar in the right padding
      const bx = area.right + 18, top = area.top, h = area.bottom - area.top;
      for (let p = 0; p < h; p++) {
        ctx.fillStyle = viridis(1 - p / h);
        ctx.fillRect(bx, top + p, barW, 1.5);
      }
      ctx.strokeStyle = ink.axis;
      ctx.lineWidth = 1;
      ctx.strokeRect(bx, top, barW, h);
      ctx.fillStyle = ink.text;
      ctx.font = `${fonts.tick}px ${fonts.family}`;
      ctx.textBaseline = 'middle';
      for (let q = 0; q <= 4; q++) {
        const v = v0 + ((v1 - v0) * q) / 4;
        const py = area.bottom - (h * q) / 4;
        ctx.fillText(Number(v.toPrecision(3)).toString(), bx + barW + 5, py);
      }
      ctx.save();
      ctx.translate(bx + barW + 56, top + h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.font = `${fonts.axis}px ${fonts.family}`;
      ctx.fillText(options.unit && options.unit !== '1' ? `${tr.variable} (${options.unit})` : tr.variable, 0, 0);
      ctx.restore();
      ctx.restore();
    },
  };
  const config: ChartConfiguration<'scatter'> = {
    type: 'scatter',
    data: { datasets: [{ label: tr.variable, data: [] }] },
    options: {
      ...baseOptions<'scatter'>(false),
      layout: { padding: { top: 6, right: 120, bottom: 6, left: 6 } },
      scales: {
        x: linearAxis({ title: 'Time', unit: 'ms', position: 'bottom', min: t0, max: t1, grid: false }),
        y: { ...linearAxis({ title: `${tr.population} cell`, position: 'left', min: -0.5, max: nc - 0.5, grid: false }), reverse: true },
      } as NonNullable<ChartConfiguration<'scatter'>['options']>['scales'],
    },
    plugins: [paint],
  };
  figureTitle(config, options.title ?? `${result.name}: ${tr.population}.${tr.variable}`, options.subtitle);
  return config;
}
