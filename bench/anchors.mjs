// Reference ("anchor") side of the network benchmarks: runs the Brian2 / numpy anchor scripts
// from ../shared/anchors (relative to the repository root; never copied into the repo) in
// fresh single-threaded Python processes and returns medians.
//
// Module:
//   import { runAnchor, anchorsAvailable } from './anchors.mjs';
//   const av = anchorsAvailable();            // sync; { ok, dir, python, brian2, torch, reason }
//   if (av.ok) {
//     const r = await runAnchor({ script: 'izh2003', impl: 'brian_cython', N: 10000, repeats: 3 });
//     // r.ok, r.run_s (median), r.compile_s, r.build_s, r.netgen_s, r.spikes, r.rate, r.runs ...
//   }
// CLI:
//   node bench/anchors.mjs --suite izh2003|seed [--sizes 1000,10000,100000] [--repeats 3]
//        [--impls numpy,brian_cython,brian_cpp] [--extra "--conn sparse"] [--no-warmup]
//        [--timeout 900] [--out file.json]
//   -> prints a table, writes bench/results/anchors-<suite>.json
// Env: ISOCLINE_ANCHORS_DIR (default <repo>/../shared/anchors), ISOCLINE_ANCHORS_PYTHON
// (default /usr/bin/python3: Debian's Python, which sees python3-brian; the python3 on PATH may not).
// Each process gets OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (as in the anchors' run_bench.py).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(HERE, '..');
export const DEFAULT_PYTHON = '/usr/bin/python3';

export function anchorsDir() {
  return process.env.ISOCLINE_ANCHORS_DIR
    ? path.resolve(process.env.ISOCLINE_ANCHORS_DIR)
    : path.resolve(repoRoot, '../shared/anchors');
}

export function anchorsPython() {
  return process.env.ISOCLINE_ANCHORS_PYTHON || DEFAULT_PYTHON;
}

const SCRIPTS = { izh2003: 'izh2003.py', izh: 'izh2003.py', seed: 'seed_cond_net.py', seed_cond_net: 'seed_cond_net.py' };

/** 'izh2003' | 'seed' | 'seed_cond_net' | 'izh2003.py' | ... -> file name */
export function scriptFile(script) {
  const s = String(script ?? 'izh2003');
  return SCRIPTS[s] ?? SCRIPTS[s.replace(/\.py$/, '')] ?? s;
}

const SETUP_HINT =
  'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-brian python3-numpy python3-scipy cython3';

let availCache = null;
/**
 * Synchronous check: anchor folder with izh2003.py + seed_cond_net.py, the Python, and `import brian2`.
 * Returns { ok, dir, python, brian2?, numpy?, torch?, reason? } (cached; pass {refresh:true} to re-check).
 */
export function anchorsAvailable({ refresh = false } = {}) {
  const dir = anchorsDir();
  const python = anchorsPython();
  if (availCache && !refresh && availCache.dir === dir && availCache.python === python) return availCache;
  const res = { ok: false, dir, python };
  const missing = ['izh2003.py', 'seed_cond_net.py'].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) {
    res.reason = `anchor scripts not found: ${missing.join(', ')} missing in ${dir} ` +
      '(expected ../shared/anchors next to the repository root; set ISOCLINE_ANCHORS_DIR to override)';
  } else if (!fs.existsSync(python)) {
    res.reason = `Python not found at ${python} (set ISOCLINE_ANCHORS_PYTHON)`;
  } else {
    const code = 'import json, numpy, brian2\n' +
      'try:\n import torch; t = torch.__version__\nexcept Exception:\n t = None\n' +
      'print(json.dumps(dict(brian2=brian2.__version__, numpy=numpy.__version__, torch=t)))';
    const p = spawnSync(python, ['-c', code], {
      encoding: 'utf8', timeout: 120_000, env: { ...process.env, PYTHONWARNINGS: 'ignore' },
    });
    const line = (p.stdout || '').split('\n').find((l) => l.startsWith('{'));
    if (p.status === 0 && line) {
      Object.assign(res, JSON.parse(line), { ok: true });
    } else {
      const err = (p.error?.message || p.stderr || '').trim().split('\n').slice(-1)[0];
      res.reason = `\`${python} -c "import brian2"\` failed (${err || `exit ${p.status}`}); install with: ${SETUP_HINT}`;
    }
  }
  availCache = res;
  return res;
}

export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

/** Run one anchor process; resolves to the parsed JSON line (+ process_wall_s) or { error }. */
function runOnce(python, file, args, { timeoutMs, cwd }) {
  return new Promise((resolve) => {
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', PYTHONWARNINGS: 'ignore' };
    const t0 = process.hrtime.bigint();
    const child = spawn(python, [file, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', timedOut = false;
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; if (err.length > 200_000) err = err.slice(-100_000); });
    const timer = timeoutMs > 0 ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs) : null;
    child.on('error', (e) => { if (timer) clearTimeout(timer); resolve({ error: e.message }); });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const lines = out.split('\n').filter((l) => l.startsWith('{'));
      if (timedOut) return resolve({ error: `timeout after ${timeoutMs / 1000} s`, process_wall_s: wall });
      if (code !== 0 || !lines.length) {
        return resolve({ error: `exit ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`, process_wall_s: wall });
      }
      try {
        resolve({ ...JSON.parse(lines[lines.length - 1]), process_wall_s: wall });
      } catch (e) {
        resolve({ error: `bad JSON line: ${e.message}`, process_wall_s: wall });
      }
    });
  });
}

const TIME_KEYS = ['run_s', 'run_s_internal', 'compile_s', 'codegen_s', 'build_s', 'netgen_s', 'process_wall_s'];
const COPY_KEYS = ['bench', 'conn', 'p_rec', 'K', 'n_syn', 'n_syn_rec', 'n_syn_in', 'seed', 'T_ms', 'dt_ms', 'brian2',
  'np_mode', 'torch_mode', 'input_from_numpy', 'shared_noise'];

/**
 * Run an anchor configuration `repeats` times, each in a fresh process, sequentially.
 * @param {object} o
 * @param {string} [o.script='izh2003']  'izh2003' | 'seed' (= seed_cond_net) | file name in the anchors folder
 * @param {string} o.impl    izh2003: numpy|brian_numpy|brian_cython|brian_cpp|torch;
 *                           seed: numpy|numpy_event|brian_numpy|brian_cython|brian_cpp
 * @param {number} [o.N=1000]
 * @param {string[]|string} [o.extra=[]]  extra CLI args, e.g. ['--conn','sparse','--K','100'] or '--seed 2'
 * @param {number} [o.repeats=3]
 * @param {boolean} [o.warmup]   one untimed run first (default: true for brian_cython, fills the Cython cache)
 * @param {number} [o.timeoutMs=900000]  per process
 * @param {boolean} [o.throwOnError=false]  reject instead of returning { ok:false, error }
 * @param {(msg:string)=>void} [o.log]  progress callback
 * @returns {Promise<object>} { ok, script, impl, N, args, label, repeats, n_ok, run_s, compile_s, build_s, netgen_s,
 *   run_s_internal, codegen_s, process_wall_s (medians; null if not reported), spikes (median), spikes_all, rate
 *   (= mean_rate_hz, median), rate_exc_hz, rate_inh_hz, <time>_all arrays, runs (raw JSON lines), error? }
 */
export async function runAnchor({
  script = 'izh2003', impl, N = 1000, extra = [], repeats = 3, warmup, timeoutMs = 900_000,
  throwOnError = false, log,
} = {}) {
  if (!impl) throw new TypeError('runAnchor: impl is required');
  const file = scriptFile(script);
  const extraArgs = Array.isArray(extra) ? extra.map(String) : String(extra).split(/\s+/).filter(Boolean);
  const args = ['--impl', impl, '--N', String(N), ...extraArgs];
  const label = [file.replace(/\.py$/, ''), impl, `N=${N}`, ...extraArgs].join(' ');
  const base = { script: file, impl, N, args, label, repeats };
  const fail = (error, extraFields = {}) => {
    if (throwOnError) throw Object.assign(new Error(`anchor ${label}: ${error}`), { code: 'ANCHOR_FAILED' });
    return { ...base, ok: false, error, ...extraFields };
  };
  const av = anchorsAvailable();
  if (!av.ok) {
    if (throwOnError) throw Object.assign(new Error(`anchors unavailable: ${av.reason}`), { code: 'ANCHORS_UNAVAILABLE' });
    return { ...base, ok: false, unavailable: true, error: `anchors unavailable: ${av.reason}` };
  }
  const opts = { timeoutMs, cwd: os.tmpdir() };
  const scriptPath = path.join(av.dir, file);
  if (!fs.existsSync(scriptPath)) return fail(`no such anchor script: ${scriptPath}`);
  let warm = null;
  if (warmup ?? impl === 'brian_cython') {
    log?.(`  warm-up: ${label}`);
    warm = await runOnce(av.python, scriptPath, args, opts);
    if (warm.error) return fail(`warm-up failed: ${warm.error}`, { warmup_run: warm });
  }
  const runs = [];
  for (let i = 0; i < repeats; i++) {
    const d = await runOnce(av.python, scriptPath, args, opts);
    log?.(`  [${i + 1}/${repeats}] ${label}: ${d.error ? 'ERROR ' + d.error : `run_s=${fmt(d.run_s)}`}`);
    runs.push(d);
    if (d.error || d.skipped) break;
  }
  const ok = runs.filter((d) => typeof d.run_s === 'number');
  if (!ok.length) {
    const last = runs[runs.length - 1] || {};
    return fail(last.error || (last.skipped ? `skipped: ${last.skipped}` : 'no successful run'), { runs });
  }
  const r = { ...base, ok: true, n_ok: ok.length };
  for (const k of TIME_KEYS) {
    const xs = ok.map((d) => d[k]).filter((x) => typeof x === 'number');
    r[k] = xs.length ? median(xs) : null;
    if (xs.length) r[`${k}_all`] = xs;
  }
  for (const k of COPY_KEYS) if (ok[0][k] !== undefined) r[k] = ok[0][k];
  r.spikes_all = ok.map((d) => d.spikes);
  r.spikes = median(r.spikes_all);
  r.rate = median(ok.map((d) => d.mean_rate_hz));
  r.rate_exc_hz = median(ok.map((d) => d.rate_exc_hz));
  r.rate_inh_hz = median(ok.map((d) => d.rate_inh_hz));
  if (runs.length > ok.length) r.error = runs[runs.length - 1].error;
  if (warm) r.warmup_run_s = warm.run_s ?? null;
  r.runs = runs;
  return r;
}

// ------------------------------------------------------------------------------------------ suites
export const SUITES = {
  // izh2003: dense all-to-all at N=1000, sparse K=100 above (the script's --conn auto)
  izh2003: { script: 'izh2003.py', impls: ['numpy', 'brian_cython', 'brian_cpp'] },
  // seed_cond_net: numpy_event = the fast numpy form (the matrix-form 'numpy' takes ~30 s at N=1e5)
  seed: { script: 'seed_cond_net.py', impls: ['numpy_event', 'brian_cython', 'brian_cpp'] },
};

function fmt(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  if (typeof x !== 'number') return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1000 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(digits);
}

export function formatTable(rows) {
  const head = ['impl', 'N', 'conn', 'run [s]', '(int.)', 'compile [s]', 'build [s]', 'netgen [s]', 'spikes', 'rate [Hz]', 'n'];
  const body = rows.map((r) => r.ok
    ? [r.impl, String(r.N), r.conn ?? (r.p_rec !== undefined ? `p=${fmt(r.p_rec, 2)}` : '-'), fmt(r.run_s),
        fmt(r.run_s_internal), fmt(r.compile_s), fmt(r.build_s), fmt(r.netgen_s), String(r.spikes), fmt(r.rate), String(r.n_ok)]
    : [r.impl, String(r.N), '-', 'ERROR', '', '', '', '', '', '', String(r.error).slice(0, 80)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 3 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

export async function runAnchorSuite({ suite, sizes = [1000, 10000, 100000], impls, repeats = 3, extra = [], warmup, timeoutMs, log } = {}) {
  const S = SUITES[suite];
  if (!S) throw new Error(`unknown suite '${suite}' (izh2003|seed)`);
  const rows = [];
  for (const N of sizes) {
    for (const impl of impls ?? S.impls) {
      rows.push(await runAnchor({ script: S.script, impl, N, extra, repeats, warmup, timeoutMs, log }));
    }
  }
  return rows;
}

// ------------------------------------------------------------------------------------------ CLI
function parseCli(argv) {
  const o = { suite: 'izh2003', sizes: [1000, 10000, 100000], repeats: 3, extra: [], warmup: undefined, timeout: 900 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--suite') o.suite = val();
    else if (a === '--sizes') o.sizes = val().split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
    else if (a === '--repeats') o.repeats = Math.max(1, Number(val()));
    else if (a === '--impls') o.impls = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--extra') o.extra = val().split(/\s+/).filter(Boolean);
    else if (a === '--no-warmup') o.warmup = false;
    else if (a === '--warmup') o.warmup = true;
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--out') o.out = val();
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

async function main() {
  let o;
  try {
    o = parseCli(process.argv.slice(2));
  } catch (e) {
    console.error(`anchors.mjs: ${e.message}`);
    process.exit(2);
  }
  if (o.help || !SUITES[o.suite]) {
    console.log('usage: node bench/anchors.mjs --suite izh2003|seed [--sizes 1000,10000,100000] [--repeats 3]\n' +
      '         [--impls a,b,c] [--extra "--conn sparse"] [--no-warmup] [--timeout sec] [--out file.json]');
    process.exit(o.help ? 0 : 2);
  }
  const av = anchorsAvailable();
  if (!av.ok) {
    // graceful: a missing reference side is not an error of isocline; nothing is written
    console.error(`anchors.mjs: skipped, anchors unavailable: ${av.reason}`);
    process.exit(0);
  }
  console.error(`anchors: ${av.dir} | ${av.python} | brian2 ${av.brian2}, numpy ${av.numpy}` +
    `${av.torch ? `, torch ${av.torch}` : ''} | load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const started = new Date().toISOString();
  const load0 = os.loadavg();
  const rows = await runAnchorSuite({
    suite: o.suite, sizes: o.sizes, impls: o.impls, repeats: o.repeats, extra: o.extra,
    warmup: o.warmup, timeoutMs: o.timeout * 1000, log: (m) => console.error(m),
  });
  console.log(`\n${o.suite} (medians of ${o.repeats} fresh processes; brian_cpp run = binary wall, (int.) = Brian's loop)`);
  console.log(formatTable(rows));
  const out = o.out ? path.resolve(o.out) : path.join(repoRoot, 'bench', 'results', `anchors-${o.suite}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const meta = {
    suite: o.suite, started, finished: new Date().toISOString(), repeats: o.repeats, sizes: o.sizes,
    anchors: { dir: av.dir, python: av.python, brian2: av.brian2, numpy: av.numpy, torch: av.torch ?? null },
    host: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, mem_gb: +(os.totalmem() / 2 ** 30).toFixed(1),
      loadavg_start: load0, loadavg_end: os.loadavg(), node: process.version, platform: `${os.platform()} ${os.release()}` },
    env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  };
  fs.writeFileSync(out, JSON.stringify({ ...meta, rows }, null, 1) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), out) || out}`);
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e?.stack || e);
    process.exit(1);
  });
}
