/**
 * isocline's .ode import measured against XPPAUT itself, on the 101 examples Debian's `xppaut`
 * package ships (/usr/share/doc/xppaut/examples/ode, some gzipped).
 *
 * For each file: import it with isocline (imports / refused, with the reason); for every file that
 * imports, run `xppaut -silent FILE` (it writes output.dat: t, the variables in declaration order,
 * then aux quantities, one row per nout steps of its own method) and isocline's simulate() with
 * the file's @ options (total, dt, method: XPP's default RK4 and Euler are run by isocline's own
 * RK4 and Euler with the same fixed step).
 * XPP's adaptive/stiff methods run at its loose default tolerance (1e-3), so for those files both
 * run RK4 at a twentieth of the file's dt (for XPP an `@` line inserted before `done`): the same
 * method and step on both sides, so any difference is the import, not the integrator. A file agrees when every variable at every row of
 * output.dat matches within 1e-4 * (1 + max |x|) (XPP writes single-precision floats).
 * firstDisagreementAt says where a file's trajectories part (chaotic files agree for a while).
 *
 * Needs: apt-get install -y xppaut; the npm dependencies (esbuild bundles src/ on the fly).
 * Reproduce: node test/references/xpp_corpus.mjs > test/references/xpp_corpus.json
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = process.env.XPP_EXAMPLES ?? '/usr/share/doc/xppaut/examples/ode';
const work = mkdtempSync(join(tmpdir(), 'xpp-corpus-'));
const bundle = join(work, 'isocline.mjs');
await build({
  entryPoints: [join(root, 'src/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'error',
  banner: { js: "import{createRequire as __isoRequire}from'module';const require=__isoRequire(import.meta.url);" },
});
const iso = await import(bundle);

const files = readdirSync(examples).filter((f) => /\.ode(\.gz)?$/.test(f)).sort();
const results = [];
for (const f of files) {
  const name = f.replace(/\.gz$/, '');
  const dir = mkdtempSync(join(work, 'f-'));
  const path = join(dir, name);
  const raw = readFileSync(join(examples, f));
  writeFileSync(path, f.endsWith('.gz') ? gunzipSync(raw) : raw);
  // tables and sets read from files next to the .ode
  for (const other of readdirSync(examples)) if (!/\.ode/.test(other) && !other.endsWith('.gz')) copyFileSync(join(examples, other), join(dir, other));
  const row = { file: name };
  let model;
  try {
    model = iso.loadModel(path);
    row.status = 'imported';
  } catch (e) {
    row.status = 'refused';
    row.reason = String(e.message).replace(dir + '/', '');
    results.push(row);
    continue;
  }
  const d = model.toJSON().defaults ?? {};
  const method = d.method ?? 'rk4';
  const dt = d.dt ?? 0.05;
  const total = d.t ?? 20;
  row.method = method;
  if (method === 'odex') {
    // XPP's adaptive methods run at its loose default tolerance: compare both at RK4 with a
    // twentieth of the step instead, XPP writing every 20 steps (same rows as the file's dt)
    const lines = readFileSync(path, 'latin1').split(/\r?\n/);
    const done = lines.findIndex((l) => /^\s*d(one)?\s*$/i.test(l));
    const opt = `@ meth=rungekutta, dt=${dt / 20}, nout=20`;
    if (done >= 0) lines.splice(done, 0, opt);
    else lines.push(opt);
    writeFileSync(path, lines.join('\n'));
    row.xppMethod = `rk4 dt=${dt / 20}`;
  }
  try {
    execFileSync('timeout', ['60', 'xppaut', '-silent', name], { cwd: dir, stdio: 'ignore' });
  } catch (e) {
    row.xpp = `xppaut failed (${e.status ?? e.signal})`;
    results.push(row);
    continue;
  }
  if (!existsSync(join(dir, 'output.dat'))) {
    row.xpp = 'xppaut wrote no output.dat';
    results.push(row);
    continue;
  }
  const rows = readFileSync(join(dir, 'output.dat'), 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const vars = model.variableNames;
  let sim;
  try {
    sim = iso.simulate(model, method === 'odex' ? { t: total, method: 'rk4', dt: dt / 20 } : { t: total, method, dt });
  } catch (e) {
    row.isocline = `simulate failed: ${e.message}`;
    results.push(row);
    continue;
  }
  // isocline's value at XPP's row times: linear interpolation of its output (exact at shared step times)
  const at = (v, t) => {
    const T = sim.t, Y = sim.y[v];
    let lo = 0, hi = T.length - 1;
    if (t <= T[0]) return Y[0];
    if (t >= T[hi]) return Y[hi];
    while (hi - lo > 1) { const m = (lo + hi) >> 1; if (T[m] <= t) lo = m; else hi = m; }
    return Y[lo] + ((Y[hi] - Y[lo]) * (t - T[lo])) / (T[hi] - T[lo]);
  };
  const tol = 1e-4;
  let worst = 0;
  let firstOff = Infinity;
  for (let k = 0; k < vars.length; k++) {
    const col = rows.map((r) => r[k + 1]);
    const scale = 1 + Math.max(...col.map(Math.abs));
    for (const r of rows) {
      const err = Math.abs(at(vars[k], r[0]) - r[k + 1]) / scale;
      // NaN (a blow-up on either side) counts as disagreement
      if (!(err <= tol)) firstOff = Math.min(firstOff, r[0]);
      worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
    }
  }
  // where they part: chaotic files (lorenz) agree for a while, then separate
  if (Number.isFinite(firstOff)) row.firstDisagreementAt = firstOff;
  row.rows = rows.length;
  row.maxScaledError = Number.isFinite(worst) ? Number(worst.toPrecision(3)) : 'non-finite';
  row.agrees = worst <= tol && rows.length > 1;
  results.push(row);
}
const count = (p) => results.filter(p).length;
const reasons = {};
for (const r of results.filter((r) => r.status === 'refused')) {
  const key = r.reason.replace(/^[^:]*:\d+: /, '').replace(/: ".*$/, '').replace(/'[^']*'/g, "'…'");
  reasons[key] = (reasons[key] ?? 0) + 1;
}
const summary = {
  source: `${examples} (Debian xppaut); generated by test/references/xpp_corpus.mjs`,
  files: results.length,
  imported: count((r) => r.status === 'imported'),
  refused: count((r) => r.status === 'refused'),
  compared: count((r) => r.agrees !== undefined),
  agree: count((r) => r.agrees === true),
  refusedFor: reasons,
  results,
};
process.stdout.write(JSON.stringify(summary, null, 1) + '\n');
