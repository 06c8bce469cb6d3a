/**
 * Heat maps: a state over cells × time (seed 003's activity image) and any matrix (weights, input
 * patterns), colour the value (viridis, with a colour bar). The cells are painted by an inline
 * chart.js plugin (one rectangle per entry, downsampled to the pixel grid), so configToJSON keeps
 * the data and axes but not the painting.
 */
import type { ChartConfiguration, Plugin } from 'chart.js';
import { OptionError } from '../model/errors.js';
import type { NetworkResult } from '../ir/network.js';
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
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];
export function viridis(u: number): string {
  const x = Math.min(1, Math.max(0, u)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const c = VIRIDIS[i].map((a, k) => Math.round(a + f * (VIRIDIS[i + 1][k] - a)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * Heat map of a recorded state over cells × time (rows: the traced cells, columns: samples,
 * averaged down to at most `maxColumns`).
 * @example await savePNG(heatmapChart(result, { variable: 'v', unit: 'mV' }), 'activity.png');
 */
export function heatmapChart(result: NetworkResult, options: HeatmapOptions = {}): ChartConfiguration<'scatter'> {
  const tr = result.traces.find(
    (x) =>
      (options.population === undefined || x.population === options.population) &&
      (options.variable === undefined || x.variable === options.variable),
  );
  if (!tr) {
    const recorded = result.traces.map((x) => `${x.population}.${x.variable}`).join(', ') || 'none';
    throw new OptionError(
      `heat map: no trace ${options.population ?? '*'}.${options.variable ?? '*'} in the run (recorded: ${recorded})`,
    );
  }
  const nc = tr.cells.length;
  const ns = tr.t.length;
  const cols = Math.min(ns, options.maxColumns ?? 600);
  // column averages, row-major: grid[cell][col]
  const grid = new Float64Array(cols * nc);
  for (let k = 0; k < cols; k++) {
    const a = Math.floor((k * ns) / cols),
      b = Math.max(a + 1, Math.floor(((k + 1) * ns) / cols));
    for (let c = 0; c < nc; c++) {
      let s = 0;
      for (let q = a; q < b; q++) s += tr.values[q * nc + c];
      grid[c * cols + k] = s / (b - a);
    }
  }
  const t0 = tr.t[0],
    t1 = tr.t[ns - 1] + (ns > 1 ? tr.t[1] - tr.t[0] : result.dt);
  const config = gridChart(grid, nc, cols, {
    x: { title: 'Time', unit: 'ms', from: t0, to: t1 },
    y: { title: `${tr.population} cell`, from: -0.5, to: nc - 0.5 },
    value: tr.variable,
    unit: options.unit,
    range: options.range,
  });
  figureTitle(config, options.title ?? `${result.name}: ${tr.population}.${tr.variable}`, options.subtitle);
  return config;
}

export interface MatrixChartOptions {
  /** what the colour shows, and its unit (the colour bar's label) */
  value?: string;
  unit?: string;
  /** colour range (default: the data's) */
  range?: [number, number];
  /** axis titles (default 'column', 'row'); rows run top to bottom, as a matrix is written */
  xTitle?: string;
  yTitle?: string;
  title?: string;
  subtitle?: string;
}

/**
 * Heat map of a matrix (weights, input patterns): one cell per entry, row 0 at the top, viridis
 * with a colour bar.
 * @example await savePNG(matrixChart(weights, { value: 'w', xTitle: 'presynaptic', yTitle: 'postsynaptic' }), 'w.png');
 */
export function matrixChart(
  rows: ArrayLike<number>[],
  options: MatrixChartOptions = {},
): ChartConfiguration<'scatter'> {
  const nr = rows.length;
  const nc = nr > 0 ? rows[0].length : 0;
  if (nr === 0 || nc === 0) throw new OptionError('matrix chart: the matrix is empty');
  const grid = new Float64Array(nr * nc);
  rows.forEach((r, i) => {
    if (r.length !== nc) throw new OptionError(`matrix chart: row ${i} has ${r.length} entries, row 0 has ${nc}`);
    for (let j = 0; j < nc; j++) {
      if (!Number.isFinite(r[j])) throw new OptionError(`matrix chart: entry [${i}][${j}] is ${r[j]}`);
      grid[i * nc + j] = r[j];
    }
  });
  const config = gridChart(grid, nr, nc, {
    x: { title: options.xTitle ?? 'column', from: -0.5, to: nc - 0.5, integer: true },
    y: { title: options.yTitle ?? 'row', from: -0.5, to: nr - 0.5 },
    value: options.value ?? 'value',
    unit: options.unit,
    range: options.range,
  });
  figureTitle(config, options.title ?? `${nr} × ${nc} matrix`, options.subtitle);
  return config;
}

interface GridAxes {
  x: { title: string; unit?: string; from: number; to: number; integer?: boolean };
  y: { title: string; from: number; to: number };
  value: string;
  unit?: string;
  range?: [number, number];
}

/**
 * A chart.js config that paints a row-major grid (rows top to bottom over [y.from, y.to], equal
 * columns over [x.from, x.to]) with an inline plugin, and a colour bar in the right padding.
 */
function gridChart(grid: Float64Array, nr: number, nc: number, g: GridAxes): ChartConfiguration<'scatter'> {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of grid) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const [v0, v1] = g.range ?? (hi > lo ? [lo, hi] : [lo - 1, hi + 1]);
  const colW = (g.x.to - g.x.from) / nc,
    rowH = (g.y.to - g.y.from) / nr;
  const barW = 16;
  const paint: Plugin<'scatter'> = {
    id: 'isoclineHeatmap',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales.x,
        y = scales.y;
      ctx.save();
      for (let k = 0; k < nc; k++) {
        const xa = x.getPixelForValue(g.x.from + k * colW),
          xb = x.getPixelForValue(g.x.from + (k + 1) * colW);
        for (let c = 0; c < nr; c++) {
          const ya = y.getPixelForValue(g.y.from + c * rowH),
            yb = y.getPixelForValue(g.y.from + (c + 1) * rowH);
          ctx.fillStyle = viridis((grid[c * nc + k] - v0) / (v1 - v0));
          // overlap by half a pixel: no hairline seams between cells
          ctx.fillRect(xa, Math.min(ya, yb), xb - xa + 0.5, Math.abs(yb - ya) + 0.5);
        }
      }
      // colour bar in the right padding
      const bx = area.right + 18,
        top = area.top,
        h = area.bottom - area.top;
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
      // labels to the bar's resolution: the fewest decimals (from those of a quarter of the range,
      // up to three more) that print every quarter exactly, so 0..50 reads 12.5 and 37.5, and
      // 4.01e-5 on a 0..1 bar reads 0, not 0.0000401
      const quarters = [0, 1, 2, 3, 4].map((q) => v0 + ((v1 - v0) * q) / 4);
      const first = Math.max(0, Math.ceil(-Math.log10((v1 - v0) / 4)));
      let decimals = first;
      while (decimals < first + 3 && quarters.some((v) => Math.abs(Number(v.toFixed(decimals)) - v) > 1e-9 * (v1 - v0)))
        decimals++;
      for (let q = 0; q <= 4; q++) {
        const v = v0 + ((v1 - v0) * q) / 4;
        const py = area.bottom - (h * q) / 4;
        ctx.fillText(Number(v.toFixed(decimals)).toString(), bx + barW + 5, py);
      }
      ctx.save();
      ctx.translate(bx + barW + 56, top + h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.font = `${fonts.axis}px ${fonts.family}`;
      ctx.fillText(g.unit && g.unit !== '1' ? `${g.value} (${g.unit})` : g.value, 0, 0);
      ctx.restore();
      ctx.restore();
    },
  };
  // every row and column labelled on small matrices: the theme's maxTicksLimit would halve them
  const integerTicks = (n: number) => ({ ticks: { stepSize: 1, precision: 0, maxTicksLimit: n + 2 } });
  const xAxis = linearAxis({
    title: g.x.title,
    unit: g.x.unit,
    position: 'bottom',
    min: g.x.from,
    max: g.x.to,
    grid: false,
  });
  const yAxis = linearAxis({ title: g.y.title, position: 'left', min: g.y.from, max: g.y.to, grid: false });
  return {
    type: 'scatter',
    data: { datasets: [{ label: g.value, data: [] }] },
    options: {
      ...baseOptions<'scatter'>(false),
      layout: { padding: { top: 6, right: 120, bottom: 6, left: 6 } },
      scales: {
        x: g.x.integer && nc <= 30 ? merge(xAxis, integerTicks(nc)) : xAxis,
        y: { ...(nr <= 30 ? merge(yAxis, integerTicks(nr)) : yAxis), reverse: true },
      } as NonNullable<ChartConfiguration<'scatter'>['options']>['scales'],
    },
    plugins: [paint],
  };
}

/** An axis config with extra tick options (the axis's own tick settings kept). */
function merge(axis: object, extra: { ticks: object }): object {
  const a = axis as { ticks?: object };
  return { ...a, ticks: { ...(a.ticks ?? {}), ...extra.ticks } };
}
