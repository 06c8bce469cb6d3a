/**
 * Helpers of the browser-build tests: bundle a small entry that imports from 'isocline' the way a
 * page's bundler would (esbuild, platform browser, the package's `browser` export condition), and
 * start Debian's chromium through playwright-core.
 *
 * The `browser` condition is resolved against the source: package.json's target for it
 * (./dist/esm/browser.js) maps to src/browser.ts, so the test needs no build of dist first, and
 * the bundled models' module comes from scripts/bundled-models.mjs's esbuild plugin (as in `npm run build`).
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
// @ts-ignore: a plain .mjs build script, without declarations
import { bundledModelsPlugin } from '../../scripts/bundled-models.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';

type Exports = Record<string, Record<string, Record<string, string> | string>>;

/** The source file package.json's `browser` condition selects for an export path ('.', './network'). */
export function browserSource(subpath: '.' | './network'): string {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { exports: Exports };
  const entry = pkg.exports[subpath]?.browser;
  const target = typeof entry === 'string' ? entry : entry?.default;
  if (!target) throw new Error(`package.json exports['${subpath}'] has no browser condition`);
  const m = /^\.\/dist\/esm\/(.+)\.js$/.exec(target);
  if (!m) throw new Error(`exports['${subpath}'].browser is '${target}', not a file of dist/esm`);
  return resolve(ROOT, 'src', `${m[1]}.ts`);
}

/** Resolves 'isocline' and 'isocline/network' as a browser bundler resolves the installed package. */
const isoclinePackage: Plugin = {
  name: 'isocline-package',
  setup(b) {
    b.onResolve({ filter: /^isocline(\/network)?$/ }, (args) => ({
      path: browserSource(args.path === 'isocline' ? '.' : './network'),
    }));
  },
};

export interface Bundle {
  code: string;
  metafile: Metafile;
}

/**
 * Bundle `entry` (module text importing from 'isocline') for the browser: an IIFE a page loads, or
 * ESM (whose metafile lists the entry's exports).
 */
export async function bundleForBrowser(
  entry: string,
  minify = false,
  format: 'iife' | 'esm' = 'iife',
): Promise<Bundle> {
  const r = await build({
    stdin: { contents: entry, loader: 'ts', resolveDir: ROOT, sourcefile: 'entry.ts' },
    bundle: true,
    platform: 'browser',
    format,
    target: 'es2022',
    minify,
    write: false,
    metafile: true,
    outfile: 'bundle.js',
    logLevel: 'silent',
    plugins: [isoclinePackage, bundledModelsPlugin(ROOT) as Plugin],
  });
  return { code: r.outputFiles[0].text, metafile: r.metafile };
}

/** Debian's chromium, or an error that says how to get it (a test never skips for want of it). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: .ci/setup installs chromium (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
