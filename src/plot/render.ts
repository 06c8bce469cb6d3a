/**
 * Rendering chart.js configurations to PNG with chartjs-node-canvas. Plot modules build configs
 * (plain, JSON-serialisable data a browser can draw too); this module only turns them into pixels.
 */
import { writeFileSync } from 'node:fs';
import type { ChartConfiguration } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import { prepareOutputFile } from './output-path.js';

export interface RenderOptions {
  width?: number;
  height?: number;
  /** device pixel ratio (2 gives crisp figures) */
  scale?: number;
  background?: string;
}

const canvases = new Map<string, ChartJSNodeCanvas>();

function canvasFor(width: number, height: number, background: string): ChartJSNodeCanvas {
  const key = `${width}x${height}:${background}`;
  let c = canvases.get(key);
  if (!c) {
    c = new ChartJSNodeCanvas({ width, height, backgroundColour: background });
    canvases.set(key, c);
  }
  return c;
}

/** Render a chart.js configuration to a PNG buffer. */
export async function renderPNG(config: ChartConfiguration, options: RenderOptions = {}): Promise<Buffer> {
  const { width = 900, height = 600, scale = 2, background = 'white' } = options;
  const cfg = {
    ...config,
    options: { ...(config.options ?? {}), devicePixelRatio: scale, animation: false, responsive: false },
  } as ChartConfiguration;
  return canvasFor(width, height, background).renderToBuffer(cfg, 'image/png');
}

/** Render to a file (folders created as needed; an unwritable path is an OptionError before rendering); returns the path. */
export async function savePNG(config: ChartConfiguration, file: string, options: RenderOptions = {}): Promise<string> {
  prepareOutputFile(file, 'savePNG');
  writeFileSync(file, await renderPNG(config, options));
  return file;
}

/** A chart.js config as JSON (functions dropped), for drawing the same chart in a browser. */
export function configToJSON(config: ChartConfiguration): string {
  return JSON.stringify(config, (_k, v) => (typeof v === 'function' ? undefined : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2);
}
