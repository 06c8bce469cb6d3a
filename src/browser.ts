/**
 * isocline in the browser: the same API as the node entry (src/index.ts), selected by the package's
 * `browser` export condition (esbuild --platform=browser, Vite, webpack). Bundled models load by name
 * (their text is in the bundle) and model text parses as in node; what needs node (files, PNG/SVG/PDF
 * rendering, notebook display) is here too, but throws a NodeOnlyError saying so. Nothing imported
 * from here reaches node: modules (test/browser/bundle.test.ts checks it, and that the two entries
 * export the same names).
 *
 * @example
 * import { loadModel, simulate, phasePortrait, phaseChart } from 'isocline';
 * const fhn = loadModel('fitzhugh-nagumo');
 * const chart = phaseChart(phasePortrait(fhn));   // a chart.js config: new Chart(canvas, chart)
 */
export * from './api.js';
// the browser's versions: bundled models from the bundle; files, rendering and display throw NodeOnlyError
export { loadModel, saveModel, bundledModels, parseModelFile, modelToText } from './model/modelfile.browser.js';
export {
  renderPNG,
  savePNG,
  renderFigure,
  saveFigure,
  figureFormatOf,
  configToJSON,
  FIGURE_FORMATS,
  type RenderOptions,
  type FigureFormat,
} from './plot/render.browser.js';
export { show } from './plot/render.browser.js';
