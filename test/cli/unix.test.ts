/**
 * Issue 11.9: the command line behaves like a Unix tool.
 * - Output cut short by a closed pipe (`isocline ... --json | head -c 100`) ends quietly with 0
 *   (the old main printed an EPIPE stack trace and exited 1).
 * - One exit-code convention: 0 success, 1 the run failed, 2 a usage error.
 * - `--version` (read from package.json) and `models` load neither mathjs nor the engines or
 *   plotting: the old main loaded every module eagerly, about 2 s before printing anything.
 *
 * The child-process tests run the real bin/isocline.js against the TypeScript sources transpiled
 * (not bundled, so dynamic imports stay lazy) into test/.tmp by esbuild, laid out as the package
 * is (bin/ next to dist/esm/), so no `npm run build` is needed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from './run-cli.js';

const root = new URL('../..', import.meta.url).pathname;
const HEAVY = ['mathjs', 'chart.js', 'chartjs-node-canvas', 'canvas', '@tensorflow', 'odex', 'd3-contour', 'ajv', 'yaml'];
let pkg: string; // the package-shaped copy: <pkg>/bin/isocline.js, <pkg>/dist/esm/**
let work: string;

beforeAll(async () => {
  mkdirSync(join(root, 'test/.tmp'), { recursive: true });
  // inside the repository, so that the copy finds package.json, models/ and node_modules above it
  pkg = mkdtempSync(join(root, 'test/.tmp/cli-'));
  work = mkdtempSync(join(tmpdir(), 'isocline-unix-'));
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(join(root, 'src'));
  await build({ entryPoints: files, outdir: join(pkg, 'dist/esm'), outbase: join(root, 'src'), format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'warning' });
  mkdirSync(join(pkg, 'bin'));
  copyFileSync(join(root, 'bin/isocline.js'), join(pkg, 'bin/isocline.js'));
  // records every module the child resolves (module.register hooks run before the program)
  writeFileSync(join(work, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) { const r = await next(specifier, context); appendFileSync(log, r.url + '\\n'); return r; }
`);
  writeFileSync(join(work, 'register.mjs'), `import { register } from 'node:module';
register(${JSON.stringify('file://' + join(work, 'hooks.mjs'))}, { data: { log: process.env.ISOCLINE_LOAD_LOG } });
`);
}, 120_000);

afterAll(() => {
  if (pkg) rmSync(pkg, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Run the copied bin with the module log; returns output, exit code and the modules resolved. */
function child(args: string[]): { code: number | null; stdout: string; stderr: string; modules: string[] } {
  const log = join(work, `load-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', join(work, 'register.mjs'), join(pkg, 'bin/isocline.js'), ...args], {
    encoding: 'utf8', env: { ...process.env, ISOCLINE_LOAD_LOG: log }, timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const heavyIn = (modules: string[]): string[] => HEAVY.filter((h) => modules.some((m) => m.includes(`/node_modules/${h}/`)));

describe('Unix manners (issue 11.9)', () => {
  it('--version prints package.json\'s version and loads no heavy module', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    const r = child(['--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.stderr).toBe('');
    expect(r.modules.some((m) => m.includes('/node_modules/commander/'))).toBe(true); // the log works
    expect(heavyIn(r.modules)).toEqual([]);
  });

  it('models (text and --json) reads the model files without mathjs; simulate does load it', () => {
    for (const args of [['models'], ['models', '--json'], ['--help'], ['simulate', '--help']]) {
      const r = child(args);
      expect(r.code, r.stderr).toBe(0);
      expect(heavyIn(r.modules), args.join(' ')).toEqual([]);
    }
    expect(child(['models']).stdout).toMatch(/^izhikevich +Izhikevich \(2003\).*\[presets: RS,/m);
    // the control: a command that integrates loads mathjs, so the check above can fail
    const sim = child(['simulate', 'lif', '--t', '1', '--json']);
    expect(sim.code, sim.stderr).toBe(0);
    expect(heavyIn(sim.modules)).toContain('mathjs');
  }, 120_000);

  it('--json piped into a reader that closes early exits 0 with nothing on stderr', () => {
    // about 4 MB of JSON; head takes 100 bytes and closes the pipe
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(pkg, 'bin/isocline.js'))} simulate izhikevich --preset RS --t 2000 --sample 0.01 --json 2>${JSON.stringify(join(work, 'err.txt'))} | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim()).toBe('0');
    expect(readFileSync(join(work, 'err.txt'), 'utf8')).toBe('');
  }, 120_000);
});

describe('exit codes: 0 success, 1 the run failed, 2 a usage error', () => {
  const bad = join(tmpdir(), `isocline-bad-${process.pid}.yaml`);
  beforeAll(() => writeFileSync(bad, 'name: bad\nvariables:\n  v: { ddt: "-v/tau", init: 1 }\n'));
  afterAll(() => rmSync(bad, { force: true }));

  const cases: [string, string[], number][] = [
    ['--version', ['--version'], 0],
    ['--help', ['--help'], 0],
    ['an unknown command', ['simulat'], 2],
    ['an unknown option', ['simulate', 'lif', '--tt', '5'], 2],
    ['an option without its value', ['simulate', 'lif', '--t'], 2],
    ['a bad option value', ['simulate', 'lif', '--rtol', 'x'], 2],
    ['a missing argument', ['network'], 2],
    ['a model name that names nothing', ['simulate', 'izhikevic'], 2],
    ['a network name that names nothing', ['network', 'nonet'], 2],
    ['an unknown parameter', ['simulate', 'lif', '--set', 'J=1'], 2],
    ['an unknown preset', ['simulate', 'izhikevich', '--preset', 'XX'], 2],
    ['an inline equation that does not parse', ['simulate', '--eq', "v' = (v"], 2],
    ['a model file that exists but does not validate', ['simulate', bad], 1],
    ['a run that diverges', ['simulate', '--eq', "v' = v^2", '--init', 'v=1', '--t', '2'], 1],
  ];
  it('--help states the convention', async () => {
    expect((await runCLI('--help')).stdout).toMatch(/Exit codes: 0 success; 1 the run failed .*\n2 usage error/);
  });
  for (const [what, args, code] of cases) {
    it(`${what} exits ${code}`, async () => {
      const r = await runCLI(...args);
      expect(r.code, r.stderr).toBe(code);
      if (code !== 0) {
        expect(r.stdout).toBe('');
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      }
    });
  }
});
