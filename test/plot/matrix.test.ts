import { describe, it, expect } from 'vitest';
import type { Plugin } from 'chart.js';
import { matrixChart, viridis, renderPNG } from '../../src/index.js';

// Paint a chart's heat-map plugin into a recording context: the fill colour of every rectangle
// drawn inside the plot area, keyed by the data cell its centre falls in.
function paintedCells(config: ReturnType<typeof matrixChart>, nr: number, nc: number): string[][] {
  const fills: { style: string; x: number; y: number; w: number; h: number }[] = [];
  const ctx = {
    fillStyle: '', strokeStyle: '', lineWidth: 1, font: '', textBaseline: '', textAlign: '',
    save() {}, restore() {}, translate() {}, rotate() {}, strokeRect() {}, fillText() {},
    fillRect(x: number, y: number, w: number, h: number) { fills.push({ style: this.fillStyle, x, y, w, h }); },
  };
  // 10 px per unit; y reversed (row 0 at the top), as the config's reverse: true axis draws it
  const x = { getPixelForValue: (v: number) => 100 + 10 * v };
  const y = { getPixelForValue: (v: number) => 100 + 10 * v };
  const area = { left: 95, right: 95 + 10 * nc, top: 95, bottom: 95 + 10 * nr };
  const plugin = (config.plugins as Plugin<'scatter'>[])[0];
  (plugin.beforeDatasetsDraw as (c: unknown) => void)({ ctx, chartArea: area, scales: { x, y } });
  const out = Array.from({ length: nr }, () => Array<string>(nc).fill(''));
  for (const f of fills) {
    if (f.x >= area.right) continue; // the colour bar
    const col = Math.round((f.x + 0.5 * (f.w - 0.5) - 100) / 10);
    const row = Math.round((f.y + 0.5 * (f.h - 0.5) - 100) / 10);
    out[row][col] = f.style;
  }
  return out;
}

/** The colour bar's tick labels, bottom to top, as the painter writes them. */
function barLabels(config: ReturnType<typeof matrixChart>): string[] {
  const texts: string[] = [];
  const ctx = {
    fillStyle: '', strokeStyle: '', lineWidth: 1, font: '', textBaseline: '', textAlign: '',
    save() {}, restore() {}, translate() {}, rotate() {}, strokeRect() {}, fillRect() {},
    fillText(t: string) { texts.push(t); },
  };
  const axis = { getPixelForValue: (v: number) => v };
  const plugin = (config.plugins as Plugin<'scatter'>[])[0];
  (plugin.beforeDatasetsDraw as (c: unknown) => void)({ ctx, chartArea: { left: 0, right: 100, top: 0, bottom: 100 }, scales: { x: axis, y: axis } });
  return texts.slice(0, 5); // the five ticks; then the bar's title
}

describe('matrixChart', () => {
  it('colour-bar labels print each quarter of the range exactly, with no more digits than needed', () => {
    const m = [[0, 1], [2, 3]];
    expect(barLabels(matrixChart(m, { range: [0, 50] }))).toEqual(['0', '12.5', '25', '37.5', '50']);
    expect(barLabels(matrixChart(m, { range: [-70, -51.6] }))).toEqual(['-70', '-65.4', '-60.8', '-56.2', '-51.6']);
    // not exactly printable: rounded to the bar's resolution, not 0.0000401
    expect(barLabels(matrixChart(m, { range: [4.01e-5, 1] }))).toEqual(['0', '0.25', '0.5', '0.75', '1']);
  });

  it('paints entry [i][j] at row i (top to bottom), column j, in viridis of its place in the range', () => {
    const m = [[0, 1, 2], [3, 4, 6]];
    const c = matrixChart(m, { value: 'w', unit: 'nS', xTitle: 'pre', yTitle: 'post' });
    const painted = paintedCells(c, 2, 3);
    m.forEach((row, i) => row.forEach((v, j) => expect(painted[i][j], `[${i}][${j}]`).toBe(viridis(v / 6))));
    const scales = c.options!.scales as Record<string, { min: number; max: number; reverse?: boolean }>;
    expect([scales.x.min, scales.x.max, scales.y.min, scales.y.max]).toEqual([-0.5, 2.5, -0.5, 1.5]);
    expect(scales.y.reverse).toBe(true);
  });

  it('a fixed colour range clamps; viridis runs from dark purple to yellow', () => {
    const painted = paintedCells(matrixChart([[-5, 0.5, 99]], { range: [0, 1] }), 1, 3);
    expect(painted[0]).toEqual([viridis(0), viridis(0.5), viridis(1)]);
    expect(viridis(0)).toBe('rgb(68, 1, 84)');
    expect(viridis(1)).toBe('rgb(253, 231, 37)');
  });

  it('labels every row and column of a small matrix', () => {
    const c = matrixChart(Array.from({ length: 10 }, (_, i) => Array.from({ length: 12 }, (_, j) => i + j)));
    const scales = c.options!.scales as Record<string, { ticks: { stepSize: number; maxTicksLimit: number } }>;
    // 12 columns on [-0.5, 11.5] at step 1: chart.js shows every integer only if allowed 13+ ticks
    expect(scales.x.ticks.stepSize).toBe(1);
    expect(scales.x.ticks.maxTicksLimit).toBeGreaterThanOrEqual(13);
    expect(scales.y.ticks.maxTicksLimit).toBeGreaterThanOrEqual(11);
  });

  it('renders to PNG; ragged, empty or non-finite matrices are typed errors', async () => {
    const png = await renderPNG(matrixChart([[1, 2], [3, 4]]), { width: 400, height: 300, scale: 1 });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(() => matrixChart([[1, 2], [3]])).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(() => matrixChart([])).toThrow(/empty/);
    expect(() => matrixChart([[1, NaN]])).toThrow(/entry \[0\]\[1\] is NaN/);
  });
});
