// Build: tsc → dist/esm (ESM + declarations); esbuild → dist/cjs (CommonJS, one file per module,
// for require() users such as the tslab notebook kernel). import.meta.url is shimmed in CJS.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { bundledModelsSource } from './bundled-models.mjs';
import { readdirSync, statSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
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
// The browser build's bundled models (src/model/bundled-texts.d.ts declares them): generated here from
// models/, never committed. tsc copies no .d.ts from src, so the declaration goes along by hand.
for (const format of ['esm', 'cjs']) {
  writeFileSync(join(root, `dist/${format}/model/bundled-texts.js`), bundledModelsSource(root, format));
  writeFileSync(
    join(root, `dist/${format}/model/bundled-texts.d.ts`),
    readFileSync(join(root, 'src/model/bundled-texts.d.ts'), 'utf8'),
  );
}
// Declarations: the ESM ones describe the same API. A CommonJS consumer (module node16, skipLibCheck
// false) reads dist/cjs's copies as CommonJS, and TypeScript refuses there a plain import of a package
// whose own declarations are ESM (mathjs, chart.js: "type": "module"). Those imports become type-only
// imports with resolution-mode 'import', which a CommonJS file may make (TS >= 5.3).
const esmTyped = new Map();
const isEsmTyped = (pkg) => {
  if (!esmTyped.has(pkg)) {
    let type = 'commonjs';
    try {
      type = JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).type ?? 'commonjs';
    } catch {}
    esmTyped.set(pkg, type === 'module');
  }
  return esmTyped.get(pkg);
};
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const forCommonJS = (text) =>
  text.replace(/^import (type )?\{([^}]*)\} from '([^.'][^']*)';$/gm, (line, _type, names, spec) =>
    isEsmTyped(packageOf(spec))
      ? `import type {${names.replace(/\btype\s+/g, '')}} from '${spec}' with { 'resolution-mode': 'import' };`
      : line,
  );
const copyDts = (from, to) => {
  for (const f of readdirSync(from)) {
    const p = join(from, f);
    if (statSync(p).isDirectory()) copyDts(p, join(to, f));
    else if (p.endsWith('.d.ts')) {
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, f), forCommonJS(readFileSync(p, 'utf8')));
    }
  }
};
copyDts(join(root, 'dist/esm'), join(root, 'dist/cjs'));
console.log(`built dist/esm and dist/cjs (${files.length} modules) in ${relative(process.cwd(), root) || '.'}`);
void dirname;
