/// <reference types="node" preserve="true" />
/**
 * Rendering chart.js configurations to PNG, SVG or PDF with chartjs-node-canvas (node-canvas's
 * image, SVG and PDF surfaces). Plot modules build configs (plain, JSON-serialisable data a browser
 * can draw too); this module only turns them into pixels or vectors.
 */
import { writeFileSync } from 'node:fs';
import type { ChartConfiguration, Plugin } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import { prepareOutputFile } from './output-path.js';
import { OptionError } from '../model/errors.js';
import { figureFormatOf, type FigureFormat, type RenderOptions } from './figure.js';

export { FIGURE_FORMATS, figureFormatOf, configToJSON, type FigureFormat, type RenderOptions } from './figure.js';

const canvases = new Map<string, ChartJSNodeCanvas>();

function canvasFor(width: number, height: number, background: string, format: FigureFormat): ChartJSNodeCanvas {
  const key = `${format}:${width}x${height}:${background}`;
  let c = canvases.get(key);
  if (!c) {
    // chartjs-node-canvas paints its background with 'destination-over', which cairo's SVG and PDF
    // surfaces can only honour by rasterising the whole figure: vector formats get a plain fill instead
    c =
      format === 'png'
        ? new ChartJSNodeCanvas({ width, height, backgroundColour: background })
        : new ChartJSNodeCanvas({ width, height, type: format });
    canvases.set(key, c);
  }
  return c;
}

/**
 * Render a chart.js configuration to a PNG, SVG or PDF buffer. Vector formats ignore `scale`.
 * @example writeFileSync('fhn.svg', await renderFigure(timeSeriesChart(r), 'svg'))
 */
export async function renderFigure(
  config: ChartConfiguration,
  format: FigureFormat,
  options: RenderOptions = {},
): Promise<Buffer> {
  const { width = 900, height = 600, scale = 2, background = 'white' } = options;
  const cfg = {
    ...config,
    options: {
      ...(config.options ?? {}),
      devicePixelRatio: format === 'png' ? scale : 1,
      animation: false,
      responsive: false,
    },
  } as ChartConfiguration;
  if (format !== 'png') cfg.plugins = [...(cfg.plugins ?? []), backgroundFill(background)];
  const canvas = canvasFor(width, height, background, format);
  if (format === 'png') return canvas.renderToBuffer(cfg, 'image/png');
  return canvas.renderToBufferSync(cfg, format === 'svg' ? 'image/svg+xml' : 'application/pdf');
}

/** A background painted first, under everything, with the default compositing (vector-safe). */
function backgroundFill(colour: string): Plugin {
  return {
    id: 'isocline-background',
    beforeDraw: (chart) => {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };
}

/** Render a chart.js configuration to a PNG buffer. */
export async function renderPNG(config: ChartConfiguration, options: RenderOptions = {}): Promise<Buffer> {
  return renderFigure(config, 'png', options);
}

/**
 * Render to a file in the format its extension names (.png, .svg or .pdf; folders created as
 * needed, an unwritable path refused before rendering); returns the path.
 * @example await saveFigure(phaseChart(p), 'out/fhn-phase.pdf')
 */
export async function saveFigure(
  config: ChartConfiguration,
  file: string,
  options: RenderOptions = {},
): Promise<string> {
  const format = figureFormatOf(file);
  if (!format) throw new OptionError(`figure '${file}': the file name must end in .png, .svg or .pdf`);
  prepareOutputFile(file, 'saveFigure');
  writeFileSync(file, await renderFigure(config, format, options));
  return file;
}

/**
 * Render to a PNG file (folders created as needed; an unwritable path is an OptionError before rendering);
 * returns the path.
 */
export async function savePNG(config: ChartConfiguration, file: string, options: RenderOptions = {}): Promise<string> {
  prepareOutputFile(file, 'savePNG');
  writeFileSync(file, await renderPNG(config, options));
  return file;
}
