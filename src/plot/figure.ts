/**
 * What a figure is, apart from drawing it: its size and formats, the format a file name asks for,
 * and a chart.js config as JSON for a page to draw. No node here (render.ts draws with node-canvas).
 */
import type { ChartConfiguration } from 'chart.js';

export interface RenderOptions {
  width?: number;
  height?: number;
  /** device pixel ratio (2 gives crisp figures) */
  scale?: number;
  background?: string;
}

/** The figure formats: a raster image, or vectors for papers (SVG for the web, PDF for LaTeX). */
export type FigureFormat = 'png' | 'svg' | 'pdf';

export const FIGURE_FORMATS: readonly FigureFormat[] = ['png', 'svg', 'pdf'];

/** The format a file name asks for (.png, .svg, .pdf), or undefined. */
export function figureFormatOf(file: string): FigureFormat | undefined {
  // node's path.extname without node:path: the last '.' of the file name, not its first character
  const base = /[^/\\]*$/.exec(file)![0];
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  return (FIGURE_FORMATS as readonly string[]).includes(ext) ? (ext as FigureFormat) : undefined;
}

/** A chart.js config as JSON (functions dropped), for drawing the same chart in a browser. */
export function configToJSON(config: ChartConfiguration): string {
  return JSON.stringify(
    config,
    (_k, v) =>
      typeof v === 'function' ? undefined : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
    2,
  );
}
