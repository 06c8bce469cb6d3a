/**
 * isocline: neuron models and small dynamical systems from equations in strings. This is the node
 * entry; bundlers for the browser take src/browser.ts (the package's `browser` export condition).
 *
 * @example
 * import { loadModel, simulate } from 'isocline';
 * const r = simulate(loadModel('izhikevich').preset('RS'), { t: 1000, params: { I: 10 } });
 * console.log(r.spikes);
 */
export * from './api.js';
// node: model files on disk, figures rendered by chartjs-node-canvas, notebook display
export { loadModel, saveModel, bundledModels, parseModelFile, modelToText } from './model/modelfile.js';
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
} from './plot/render.js';
export { show } from './plot/notebook.js';
