// Build: tsc → dist/esm (ESM + declarations); esbuild → dist/cjs (CommonJS, one file per module,
// for require() users such as the tslab notebook kernel). import.meta.url is shimmed in CJS.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { readdirSync, statSync, writeFileSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });

const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
  }
};
walk(join(root, 'src'));
await build({
  entryPoints: files,
  outdir: join(root, 'dist/cjs'),
  outbase: join(root, 'src'),
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  bundle: false,
  logLevel: 'warning',
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__import_meta_url' },
});
writeFileSync(join(root, 'dist/cjs/package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
// Declarations: the ESM ones describe the same API.
const copyDts = (from, to) => {
  for (const f of readdirSync(from)) {
    const p = join(from, f);
    if (statSync(p).isDirectory()) copyDts(p, join(to, f));
    else if (p.endsWith('.d.ts')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(p, join(to, f));
    }
  }
};
copyDts(join(root, 'dist/esm'), join(root, 'dist/cjs'));
console.log(`built dist/esm and dist/cjs (${files.length} modules) in ${relative(process.cwd(), root) || '.'}`);
void dirname;
