/**
 * The browser build's rendering: none. Chart builders return chart.js configs, which a page draws
 * itself (`new Chart(canvas, phaseChart(p))`); rendering to PNG/SVG/PDF buffers and files, and
 * notebook display, use node-canvas and files, so here they reject with a NodeOnlyError.
 *
 * @example
 * import { Chart } from 'chart.js/auto';
 * new Chart(document.querySelector('canvas')!, phaseChart(phasePortrait(loadModel('fitzhugh-nagumo'))));
 */
import type { ChartConfiguration } from 'chart.js';
import { NodeOnlyError } from '../model/node-only.js';
import type { FigureFormat, RenderOptions } from './figure.js';

export { FIGURE_FORMATS, figureFormatOf, configToJSON, type FigureFormat, type RenderOptions } from './figure.js';

const DRAW = 'draw the config with chart.js in a canvas (canvas.toBlob gives a PNG)';

/** Node only (node-canvas): rejects with a NodeOnlyError in the browser build. */
export async function renderFigure(
  _config: ChartConfiguration,
  format: FigureFormat,
  _options: RenderOptions = {},
): Promise<never> {
  throw new NodeOnlyError(`renderFigure(…, '${format}')`, DRAW);
}

/** Node only (node-canvas): rejects with a NodeOnlyError in the browser build. */
export async function renderPNG(_config: ChartConfiguration, _options: RenderOptions = {}): Promise<never> {
  throw new NodeOnlyError('renderPNG', DRAW);
}

/** Node only (files): rejects with a NodeOnlyError in the browser build. */
export async function saveFigure(
  _config: ChartConfiguration,
  file: string,
  _options: RenderOptions = {},
): Promise<never> {
  throw new NodeOnlyError(`saveFigure('${file}')`, DRAW);
}

/** Node only (files): rejects with a NodeOnlyError in the browser build. */
export async function savePNG(_config: ChartConfiguration, file: string, _options: RenderOptions = {}): Promise<never> {
  throw new NodeOnlyError(`savePNG('${file}')`, DRAW);
}

/** Node only (the tslab notebook kernel): rejects with a NodeOnlyError in the browser build. */
export async function show(_config: ChartConfiguration, _options: RenderOptions = {}): Promise<never> {
  throw new NodeOnlyError('show (notebook display)', DRAW);
}
