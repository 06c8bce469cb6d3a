import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The package as a user receives it: `npm pack` (whose prepack builds a fresh dist), unpacked into
// a consumer's node_modules, then type-checked by a CommonJS consumer (module node16,
// skipLibCheck false: every declaration file of isocline is checked) and required at run time.
const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir = '';
let files: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'isocline-pack-'));
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const info = JSON.parse(out.slice(out.indexOf('[')))[0];
  files = info.files.map((f: { path: string }) => f.path);
  const consumer = join(dir, 'consumer');
  const modules = join(consumer, 'node_modules');
  mkdirSync(modules, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, info.filename), '-C', modules]);
  execFileSync('mv', [join(modules, 'package'), join(modules, 'isocline')]);
  // the consumer's dependencies: the ones this checkout installed
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name !== '.bin' && name !== 'isocline') symlinkSync(join(root, 'node_modules', name), join(modules, name));
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'ES2022', strict: true, skipLibCheck: false, types: ['node'], outDir: 'out' }, files: ['index.ts'] }),
  );
  writeFileSync(
    join(consumer, 'index.ts'),
    [
      "import { Model, simulate, timeSeriesChart } from 'isocline';",
      "import { network, population } from 'isocline/network';",
      "const m = Model.fromEquations('decay', [\"x' = -x\"], {}).withInit({ x: 1 });",
      'const r = simulate(m, { t: 1 });',
      'const chart = timeSeriesChart(r, { model: m });',
      "console.log(JSON.stringify({ x1: r.final[0], type: chart.type, network: typeof network, population: typeof population }));",
    ].join('\n'),
  );
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds a fresh build of every entry point, the licence, the models and the CLI', () => {
    for (const f of ['LICENSE', 'package.json', 'bin/isocline.js', 'dist/esm/index.js', 'dist/cjs/index.js', 'dist/esm/index.d.ts', 'dist/cjs/network/index.d.ts', 'models/izhikevich.yaml']) {
      expect(files, f).toContain(f);
    }
    // the licence file is the one package.json names
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(pkg.scripts.prepack).toMatch(/build/);
    for (const key of ['repository', 'homepage', 'keywords', 'sideEffects']) expect(pkg[key], key).toBeDefined();
  });

  it('every runtime dependency is imported by the sources', () => {
    const sources = execFileSync('git', ['grep', '-hoE', "from '[^']+'|import\\('[^']+'\\)|require\\('[^']+'\\)", '--', 'src', 'bin'], { cwd: root, encoding: 'utf8' });
    for (const dep of Object.keys(pkg.dependencies)) expect(sources.includes(`'${dep}`), `${dep} is never imported`).toBe(true);
  });

  it('type-checks in a CommonJS consumer (node16, skipLibCheck false) and runs there', () => {
    const consumer = join(dir, 'consumer');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    let log = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      log = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(log).toBe('');
    expect(existsSync(join(consumer, 'out', 'index.js'))).toBe(true);
    const run = JSON.parse(execFileSync(process.execPath, [join(consumer, 'out', 'index.js')], { cwd: consumer, encoding: 'utf8' }));
    // x' = -x from x(0) = 1: x(1) = e^-1 (default tolerance rtol 1e-6)
    expect(run.x1).toBeCloseTo(Math.exp(-1), 5);
    expect(run).toMatchObject({ type: 'line', network: 'function', population: 'function' });
  }, 120_000);
});
