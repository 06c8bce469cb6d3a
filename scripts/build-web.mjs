// `npm run build:web [DIR]`: the explorer as static files (index.html + explorer.js, default
// dist/web) that work opened from disk or from any static host. The same page `isocline explore`
// serves; bundled from the TypeScript sources, so no `npm run build` is needed first.
import { build } from 'esbuild';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'scratch', 'build-web.mjs');
await build({
  entryPoints: [join(root, 'src/explorer/build.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: out,
  logLevel: 'error',
});
const { writeStaticExplorer } = await import(pathToFileURL(out).href);
const files = await writeStaticExplorer(resolve(process.argv[2] ?? join(root, 'dist/web')));
console.log(`explorer written: ${files.join(', ')}`);
