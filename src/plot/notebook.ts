/// <reference types="node" preserve="true" />
/**
 * Figures inline in a Jupyter notebook run by the tslab TypeScript kernel: `await show(config)`
 * renders a chart.js configuration to PNG and hands it to the kernel, so the image becomes the
 * cell's output (and stays in the saved .ipynb). Outside a notebook it only renders.
 */
import { createRequire } from 'node:module';
import type { ChartConfiguration } from 'chart.js';
import { renderPNG, type RenderOptions } from './render.js';

/** The part of tslab's `display` object used here. */
interface TslabDisplay {
  png(b: Uint8Array): void;
}

// tslab's jupyter module (…/tslab/dist/jupyter.js) sets `lastWriteDisplayData` while a cell runs;
// its sibling public.js is what a cell gets from `import * as tslab from 'tslab'`.
const jupyterModule = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * The running tslab kernel's `display`, or undefined when not inside one. The kernel's own copy
 * of tslab is found among the loaded modules rather than by `require('tslab')` from here: the
 * kernel may be a global install that this package cannot resolve, and a resolvable copy (a
 * devDependency, say) is not necessarily the one that is running.
 */
export function tslabDisplay(): TslabDisplay | undefined {
  try {
    const req = createRequire(import.meta.url);
    for (const [file, mod] of Object.entries(req.cache)) {
      if (!jupyterModule.test(file)) continue;
      const jupyter = mod?.exports as { lastWriteDisplayData?: unknown } | undefined;
      if (typeof jupyter?.lastWriteDisplayData !== 'function') continue;
      const pub = createRequire(file)('./public.js') as { display?: Partial<TslabDisplay> };
      if (typeof pub.display?.png === 'function') return pub.display as TslabDisplay;
    }
  } catch {
    // not a CommonJS-capable host, or an unexpected tslab layout: treat as "not in a notebook"
  }
  return undefined;
}

/** Defaults: 900×540 CSS px at 1.5× — crisp on a code host's page, ~100 kB per figure. */
const notebookDefaults: RenderOptions = { width: 900, height: 540, scale: 1.5 };

/**
 * Render a chart.js configuration and show it as the output of the current notebook cell.
 * Returns undefined when the figure was shown (so a cell ending in `await show(...)` prints
 * nothing else), the PNG buffer when there is no notebook kernel to show it in.
 * @example
 * // in a tslab notebook cell
 * import { loadModel, simulate, timeSeriesChart, show } from 'isocline';
 * const model = loadModel('izhikevich').preset('RS');
 * await show(timeSeriesChart(simulate(model, { t: 300 }), { model, variables: ['v'] }));
 */
export async function show(config: ChartConfiguration, options: RenderOptions = {}): Promise<Buffer | undefined> {
  const png = await renderPNG(config, { ...notebookDefaults, ...options });
  const display = tslabDisplay();
  if (!display) return png;
  display.png(png);
  return undefined;
}
