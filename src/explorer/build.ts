/**
 * Bundle the explorer page for the browser with esbuild: the worker first (its code becomes a
 * string in the page, started from a Blob, so the page also works opened from disk where file://
 * workers are refused), then the page with the bundled models' text built in.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError } from '../model/errors.js';
import { packageRoot } from '../model/paths.js';
import { pageHtml, type PageStart } from './html.js';

export interface ExplorerBundle {
  /** the page script (worker inlined) */
  js: string;
  /** the bundled models' file text, by name */
  models: Record<string, string>;
}

/** The bundled model files (models/*.yaml), by name. */
export function bundledModelTexts(): Record<string, string> {
  const dir = join(packageRoot(), 'models');
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    if (f.endsWith('.yaml')) out[f.slice(0, -5)] = readFileSync(join(dir, f), 'utf8');
  return out;
}

/** The page sources: src/ in a checkout, the compiled dist/esm in an installed package. */
function entry(name: 'main' | 'worker'): string {
  const root = packageRoot();
  for (const p of [join(root, 'src/explorer', `${name}.ts`), join(root, 'dist/esm/explorer', `${name}.js`)])
    if (existsSync(p)) return p;
  throw new OptionError(`explorer: cannot find the page source ${name}.ts under ${root}`);
}

let cached: Promise<ExplorerBundle> | undefined;

/**
 * Bundle the page (once per process).
 * @example const { js } = await bundleExplorer();
 */
export function bundleExplorer(options: { minify?: boolean } = {}): Promise<ExplorerBundle> {
  return (cached ??= build(options.minify ?? true));
}

async function build(minify: boolean): Promise<ExplorerBundle> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new OptionError('explorer: bundling the page needs esbuild, a dependency of isocline (npm install)');
  }
  const common = {
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify,
    logLevel: 'error',
    // chart.js and mathjs ask for the environment; the page defines it
    define: { 'process.env.NODE_ENV': '"production"' },
  } as const;
  const worker = await esbuild.build({ ...common, entryPoints: [entry('worker')] });
  const models = bundledModelTexts();
  const page = await esbuild.build({
    ...common,
    entryPoints: [entry('main')],
    define: {
      ...common.define,
      __ISOCLINE_MODELS__: JSON.stringify(models),
      __ISOCLINE_WORKER__: JSON.stringify(worker.outputFiles[0].text),
    },
  });
  return { js: page.outputFiles[0].text, models };
}

/**
 * Write the page as static files (index.html + explorer.js) that work from disk or any host.
 * @example await writeStaticExplorer('dist/web')
 */
export async function writeStaticExplorer(dir: string, start: PageStart = {}): Promise<string[]> {
  const { js } = await bundleExplorer();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'explorer.js'), js);
  writeFileSync(join(dir, 'index.html'), pageHtml({ src: 'explorer.js' }, start));
  return [join(dir, 'index.html'), join(dir, 'explorer.js')];
}
