// `npm run notebooks [-- FILE.ipynb ...]`: execute the notebooks (default: notebooks/*.ipynb) top
// to bottom in place with Jupyter's nbconvert and the tslab TypeScript kernel, keeping their
// outputs. Before that: build dist/ if it is missing or older than src/, link node_modules/isocline
// to the checkout (so `import ... from 'isocline'` resolves as for a user), and check that the
// declarations a notebook sees are readable by tslab's own TypeScript (5.0).
// Fails (exit 1) on any cell error — a TypeScript type error fails its cell too — on a notebook of
// 1 MB or more, or on declarations TS 5.0 cannot read. A failed notebook is left as it was.
// One-time machine setup: scripts/setup-notebooks.sh.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, join, relative, sep } from 'node:path';

const root = realpathSync(new URL('..', import.meta.url).pathname);
const rel = (p) => relative(process.cwd(), p) || '.';
const MAX_BYTES = 1_000_000;
const KERNEL = process.env.NOTEBOOK_KERNEL ?? 'tslab';
const PYTHON = process.env.NOTEBOOK_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const fail = (msg) => {
  console.error(`notebooks: ${msg}`);
  process.exit(1);
};

// --- the notebooks
const args = process.argv.slice(2);
const notebooks = (args.length > 0 ? args.map((a) => join(process.cwd(), a)) : listNotebooks()).map((p) => {
  if (!existsSync(p)) fail(`no such notebook: ${rel(p)}`);
  return p;
});
if (notebooks.length === 0) {
  console.log('notebooks: none in notebooks/');
  process.exit(0);
}

function listNotebooks() {
  const dir = join(root, 'notebooks');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => join(dir, f));
}

// --- dist/ up to date with src/
function newestMtime(dir) {
  let t = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    t = Math.max(t, f.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}
const outputs = ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts'].map((f) => join(root, f));
const inputs = [join(root, 'package.json'), join(root, 'tsconfig.json'), join(root, 'scripts/build.mjs')];
const builtAt = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
const changedAt = Math.max(newestMtime(join(root, 'src')), ...inputs.map((f) => statSync(f).mtimeMs));
if (builtAt < changedAt) {
  console.log(`notebooks: ${builtAt ? 'dist/ is older than src/' : 'no dist/'}: building`);
  const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) fail('the build failed');
}

// --- 'isocline' resolves to this checkout. At run time Node's package self-reference would do,
// but tslab type-checks with TypeScript's Node10 resolution, which needs node_modules/isocline.
const link = join(root, 'node_modules', 'isocline');
if (!existsSync(join(root, 'node_modules', 'tslab', 'package.json'))) fail('tslab is not installed: run npm ci (it is a devDependency)');
let target;
try {
  target = realpathSync(link);
} catch {
  rmSync(link, { force: true }); // missing, or a dangling link
  symlinkSync('..', link, 'dir');
  target = realpathSync(link);
}
if (target !== root) console.warn(`notebooks: warning: node_modules/isocline is not this checkout but ${target}`);

// --- the declarations, as tslab's TypeScript 5.0 reads them
checkDeclarations();

function checkDeclarations() {
  const started = performance.now();
  const ts = createRequire(join(root, 'node_modules/tslab/package.json'))('@tslab/typescript-for-tslab');
  const probe = join(root, 'notebooks', '__declarations_probe__.ts');
  // both entry points, and a value from one passed to the other: they must share one set of
  // declarations (a Model of dist/esm is not assignable to a Model of dist/cjs: private members)
  const probeText = [
    "import * as isocline from 'isocline';",
    "import * as network from 'isocline/network';",
    "export const probe = network.population(isocline.loadModel('izhikevich'), 1);",
    'export { isocline, network };',
  ].join('\n');
  // tslab's compiler options (tslab/dist/converter.js). tslab skips library checking, so what
  // its TypeScript cannot read in our .d.ts would pass silently (typed as any): check our files.
  const options = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    resolveJsonModule: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => f === probe || fileExists.call(host, f);
  host.readFile = (f) => (f === probe ? probeText : readFile.call(host, f));
  host.getSourceFile = (f, ...rest) =>
    f === probe ? ts.createSourceFile(f, probeText, ts.ScriptTarget.ES2022) : getSourceFile.call(host, f, ...rest);
  // only what the probe's imports resolve to, as tslab resolves them (Node10: package.json "types",
  // dist/esm): dist/cjs's copies import ESM-typed packages with resolution-mode, which TS 5.0
  // cannot parse, but tslab never reads them
  const program = ts.createProgram([probe], options, host);
  const ours = (d) => !d.file || d.file.fileName === probe || d.file.fileName.startsWith(join(root, 'dist') + sep);
  const diags = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].filter(ours);
  for (const sf of program.getSourceFiles()) {
    if (ours({ file: sf })) diags.push(...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf));
  }
  if (diags.length > 0) {
    const text = ts.formatDiagnostics(diags.slice(0, 20), {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => '\n',
    });
    fail(`the declarations in dist/ are not readable by tslab's TypeScript ${ts.version}:\n${text}`);
  }
  // what `import ... from 'isocline'` resolves to in a notebook (Node10: package.json "types")
  const entry = ts.resolveModuleName('isocline', probe, options, host).resolvedModule?.resolvedFileName;
  if (!entry) fail("'isocline' does not resolve from notebooks/ (node_modules/isocline?)");
  const sub = ts.resolveModuleName('isocline/network', probe, options, host).resolvedModule?.resolvedFileName;
  if (!sub) fail("'isocline/network' does not resolve from notebooks/ (package.json typesVersions?)");
  const files = program.getSourceFiles().filter((sf) => ours({ file: sf })).length - 1;
  console.log(`notebooks: ${files} declaration files readable by TypeScript ${ts.version}, 'isocline' -> ${rel(entry)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

// --- execute
// The kernel spec starts `tslab`: the checkout's own, from node_modules/.bin.
const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter) };
const results = [];
for (const nb of notebooks) {
  const started = performance.now();
  const r = spawnSync(
    PYTHON,
    [
      '-m', 'jupyter', 'nbconvert',
      '--to', 'notebook', '--execute', '--inplace',
      `--config=${join(root, 'scripts/nbconvert-config.py')}`,
      '--ExecutePreprocessor.timeout=600',
      `--ExecutePreprocessor.kernel_name=${KERNEL}`,
      nb,
    ],
    { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const seconds = (performance.now() - started) / 1000;
  const problems = [];
  if (r.error) problems.push(`could not start ${PYTHON}: ${r.error.message}`);
  else if (r.status !== 0) problems.push(explain(r.stderr));
  let bytes = statSync(nb).size;
  if (problems.length === 0) {
    bytes = numberCells(nb);
    if (bytes >= MAX_BYTES) problems.push(`${(bytes / 1e6).toFixed(2)} MB: over the 1 MB limit (fewer or smaller figures: show(config, { scale: 1 }))`);
    else if (nb.startsWith(join(root, 'notebooks') + sep)) await thumbnail(nb);
  }
  results.push({ nb, ok: problems.length === 0, seconds, bytes });
  console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'}  ${rel(nb)}  ${seconds.toFixed(1)} s  ${(bytes / 1e3).toFixed(0)} kB`);
  for (const p of problems) console.log(p.replace(/^/gm, '      '));
}

const failed = results.filter((r) => !r.ok).length;
console.log(`notebooks: ${results.length - failed} ok, ${failed} failed (${results.reduce((s, r) => s + r.seconds, 0).toFixed(1)} s)`);
process.exit(failed > 0 ? 1 : 0);

/** The useful part of nbconvert's stderr on failure. */
function explain(stderr) {
  const reported = stderr.split('\n').findIndex((l) => l.startsWith('notebook-cell-error: '));
  if (reported >= 0) {
    const lines = stderr.split('\n').slice(reported);
    const end = lines.findIndex((l, i) => i > 0 && !l.startsWith('    '));
    // the kernel's own frames say nothing about the notebook
    const internal = /\(node:vm:|[\\/]node_modules[\\/]tslab[\\/]|sigintHandlersWrap|at evalmachine\.<anonymous>:\d+:\d+$/;
    return lines
      .slice(0, end < 0 ? undefined : end)
      .filter((l) => !internal.test(l))
      .join('\n')
      .replace(/^notebook-cell-error: /, '');
  }
  if (/NoSuchKernel|No such kernel/.test(stderr)) return `no Jupyter kernel '${KERNEL}' for ${PYTHON}: run scripts/setup-notebooks.sh`;
  if (/No module named (jupyter|nbconvert)/.test(stderr)) return `${PYTHON} has no Jupyter nbconvert: run scripts/setup-notebooks.sh`;
  if (/Timeout|timed out/i.test(stderr)) return `timed out (600 s a cell):\n${tail(stderr)}`;
  return tail(stderr);
}

/**
 * notebooks/thumbnails/NAME.png: the notebook's first figure, 360 px wide, for the README's list.
 * (Also written on an unchanged re-run: the same pixels encode to the same bytes.)
 */
async function thumbnail(file) {
  const nb = JSON.parse(readFileSync(file, 'utf8'));
  const outputs = (nb.cells ?? []).flatMap((c) => c.outputs ?? []);
  const png = outputs.map((o) => o.data?.['image/png']).find((d) => d !== undefined);
  if (png === undefined) return;
  const { createCanvas, loadImage } = createRequire(join(root, 'package.json'))('canvas');
  const image = await loadImage(Buffer.from(Array.isArray(png) ? png.join('') : png, 'base64'));
  const width = 360;
  const height = Math.round((image.height * width) / image.width);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, width, height);
  const dir = join(root, 'notebooks', 'thumbnails');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, basename(file, '.ipynb') + '.png'), canvas.toBuffer('image/png'));
}

function tail(s, n = 15) {
  return s.trimEnd().split('\n').slice(-n).join('\n');
}

/**
 * tslab sends no execution counts, so nbconvert saves every cell as never run (`In [ ]`); number
 * the code cells 1, 2, ... as the top-to-bottom run did. JSON as nbformat writes it (indent 1,
 * keys already sorted). Returns the file's size.
 */
function numberCells(file) {
  const nb = JSON.parse(readFileSync(file, 'utf8'));
  let n = 0;
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== 'code') continue;
    n += 1;
    cell.execution_count = n;
    for (const out of cell.outputs ?? []) if ('execution_count' in out) out.execution_count = n;
  }
  const text = JSON.stringify(nb, null, 1) + '\n';
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}
