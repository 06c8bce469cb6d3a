/// <reference lib="dom" />
/**
 * Chart drawing for the explorer page: configs from the library's builders drawn into canvases,
 * kept across frames, with fixed-point tooltips.
 */
import { Chart, type ChartConfiguration } from 'chart.js';
import type { Frame } from './view.js';

/** Draw a config into a canvas, reusing the chart (update without animation is far cheaper). */
export function draw(old: Chart | null, canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
  config.options = { ...config.options, responsive: true, maintainAspectRatio: false, animation: false };
  if (old && (old.config as { type?: string }).type === config.type) {
    old.data = config.data;
    // new options make chart.js rebuild every resolver cache (a third of a frame); when only the
    // titles differ (a slider move), change those and keep the rest
    const keep = sameScales(old.options.scales, config.options.scales);
    if (keep) {
      const [a, b] = [old.options.plugins as Record<string, { text?: unknown }>, config.options.plugins ?? {}];
      for (const k of ['title', 'subtitle'] as const)
        if (a?.[k] && (b as Record<string, { text?: unknown }>)[k])
          a[k].text = (b as Record<string, { text?: unknown }>)[k].text;
    } else old.options = config.options as never;
    old.update('none');
    return old;
  }
  old?.destroy();
  // the panel's placeholder goes once it has a chart
  canvas.parentElement?.querySelector('.empty')?.remove();
  return new Chart(canvas, config);
}

/** Whether two charts' axes have the same types and ranges (then their options can be kept). */
function sameScales(a: unknown, b: unknown): boolean {
  const key = (s: unknown): string =>
    JSON.stringify(
      Object.entries(
        (s ?? {}) as Record<string, { type?: string; min?: number; max?: number; title?: { text?: string } }>,
      ).map(([k, v]) => [k, v.type, v.min, v.max, v.title?.text]),
    );
  return key(a) === key(b);
}

/** Hover on a fixed point: its stability and eigenvalues (the figure's other marks stay quiet). */
export function withTooltips(
  f: Frame,
  current: () => Frame | null,
  onShow: (lines: string[]) => void = () => undefined,
): void {
  // the current frame's points, not this one's: a chart kept across frames keeps these callbacks
  const near = (x: number, y: number): Frame['pp']['fixedPoints'][number] | undefined => {
    const pp = current()?.pp;
    return pp?.fixedPoints.find((p) => p.state[pp.x.variable] === x && p.state[pp.y.variable] === y);
  };
  const fmt = (v: number): string => String(Number(v.toPrecision(4)));
  const options = (f.phase.options ??= {});
  options.plugins = {
    ...options.plugins,
    tooltip: {
      enabled: true,
      filter: (item) => near((item.raw as { x: number }).x, (item.raw as { y: number }).y) !== undefined,
      callbacks: {
        label: (item) => {
          const p = near((item.raw as { x: number }).x, (item.raw as { y: number }).y)!;
          const eig = p.eigenvalues.map((e) =>
            e.im ? `${fmt(e.re)}${e.im < 0 ? '-' : '+'}${fmt(Math.abs(e.im))}i` : fmt(e.re),
          );
          const lines = [
            `${p.stability} at (${fmt(item.parsed.x!)}, ${fmt(item.parsed.y!)})`,
            `eigenvalues ${eig.join(', ')}`,
          ];
          onShow(lines);
          return lines;
        },
      },
    },
  };
  options.interaction = { mode: 'nearest', intersect: true };
  // the figure's theme has no hover (hover radius 0, for print): a hovered fixed point would vanish
  for (const d of f.phase.data.datasets as unknown as Dataset[]) {
    const pts = d.data as { x: number; y: number }[];
    if (d.showLine !== false || !pts.length || !pts.every((p) => near(p.x, p.y))) continue;
    d.pointHoverRadius = Number(d.pointRadius ?? 6) + 1.5;
    d.pointHitRadius = 4;
  }
}

type Dataset = Record<string, unknown> & { data: unknown[] };

/**
 * Split each line dataset that carries per-point options (arrowheads: a radius, rotation and
 * style per point, most of them 0) into the line with shared options and a small dataset of the
 * marks alone. Same picture; but chart.js resolves per-point options element by element, for
 * every point of every trajectory, which was a third of a frame. The marks stay out of the legend.
 */
export function splitMarks(config: ChartConfiguration): void {
  const out: Dataset[] = [];
  for (const d of config.data.datasets as unknown as Dataset[]) {
    const n = d.data.length;
    const radius = d.pointRadius;
    const perPoint = Object.keys(d).filter((k) => k !== 'data' && Array.isArray(d[k]) && (d[k] as []).length === n);
    if (!Array.isArray(radius) || radius.length !== n || d.showLine !== true) {
      out.push(d);
      continue;
    }
    const keep: number[] = [];
    radius.forEach((r, i) => r > 0 && keep.push(i));
    const line: Dataset = { ...d };
    const marks: Dataset = { ...d, showLine: false, data: keep.map((i) => d.data[i]), isMarks: true };
    for (const k of perPoint) {
      const values = d[k] as unknown[];
      line[k] = k === 'pointRadius' ? 0 : values[0];
      marks[k] = keep.map((i) => values[i]);
    }
    out.push(line);
    if (keep.length) out.push(marks);
  }
  config.data.datasets = out as never;
  const legend = (config.options?.plugins as Record<string, { labels?: Record<string, unknown> }> | undefined)?.legend;
  if (legend)
    legend.labels = {
      ...legend.labels,
      filter: (item: { datasetIndex?: number }) => !(out[item.datasetIndex ?? -1]?.isMarks === true),
    };
}
