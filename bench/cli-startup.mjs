// CLI start-up: wall time of commands that should load almost nothing (`--version`, `--help`,
// `models`), median of 5 runs each, each a fresh `node bin/isocline.js` process, against dist/
// (`npm run build` first). `node bench/cli-startup.mjs [path/to/bin/isocline.js]` times another
// build (e.g. an older checkout) the same way. `simulate lif --t 1` is the contrast: a command
// that parses a model and integrates pays for mathjs. CPU time (user + sys, from /usr/bin/time)
// is given beside wall time: on a shared, loaded machine it is the steadier of the two.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { cpus, loadavg, tmpdir } from 'node:os';

const bin = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../bin/isocline.js'));
const RUNS = 5;
// null: `node -e 0`, Node's own start-up, the floor under every row
const commands = [null, ['--version'], ['--help'], ['models'], ['models', '--json'], ['simulate', 'lif', '--t', '1']];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const tmp = mkdtempSync(join(tmpdir(), 'isocline-startup-'));
console.log(`${bin}\nnode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()[0].toFixed(1)}; median of ${RUNS} runs\n`);
console.log('| command | median wall (s) | median CPU (s) | wall of each run (s) |');
console.log('|---|---|---|---|');
for (const args of commands) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const out = join(tmp, 'time.txt');
    const argv = args ? [bin, ...args] : ['-e', '0'];
    const r = timeBin
      ? spawnSync(timeBin, ['-f', '%U %S', '-o', out, process.execPath, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (timeBin) cpu.push(readFileSync(out, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0));
  }
  console.log(`| \`${args ? `isocline ${args.join(' ')}` : 'node -e 0'}\` | ${median(wall).toFixed(3)} | ${cpu.length ? median(cpu).toFixed(2) : '–'} | ${wall.map((t) => t.toFixed(3)).join(', ')} |`);
}
rmSync(tmp, { recursive: true, force: true });
