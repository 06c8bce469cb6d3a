// Explorer frame time: the real page in headless chromium (Debian's, via playwright-core). For
// each model, ~30 slider moves; the time from the slider's `input` event to the redraw finished
// (library computation + chart.js drawing, synchronous in the handler) is read in the page.
//   node bench/explorer.mjs            (needs /usr/bin/chromium: bash .ci/setup installs it)
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.ISOCLINE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (bash .ci/setup installs chromium)`);

// the explore command's server, from the TypeScript sources (no dist build needed)
const out = join(root, 'scratch', 'bench-explorer-server.mjs');
await build({
  entryPoints: [join(root, 'src/explorer/server.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: out,
  logLevel: 'error',
});
const { serveExplorer } = await import(pathToFileURL(out).href);
const { chromium } = await import('playwright-core');

const CASES = [
  { model: 'fitzhugh-nagumo', param: 'I', from: 0.3, to: 0.9, goal: 50 },
  { model: 'morris-lecar', param: 'I', from: 80, to: 110, goal: 100 },
];
const MOVES = 30;

const server = await serveExplorer({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const rows = [];
for (const c of CASES) {
  await page.goto(`${server.url}?model=${c.model}`);
  await page.waitForFunction(() => window.isocline?.frames > 0, null, { timeout: 30000 });
  const times = await page.evaluate(
    ({ param, from, to, moves }) => {
      const el = document.querySelector(`#sliders input[data-param="${param}"]`);
      const total = [],
        lib = [];
      // 5 warm-up moves (JIT), then the measured ones, back and forth over the range
      for (let k = -5; k < moves; k++) {
        const u = Math.abs(((k + 5) % 20) / 10 - 1);
        el.value = String(from + u * (to - from));
        const t0 = performance.now();
        el.dispatchEvent(new Event('input', { bubbles: true }));
        const t = performance.now() - t0;
        if (k >= 0) total.push(t), lib.push(window.isocline.lastLibraryMs);
      }
      return { total, lib, trajectories: window.isocline.trajectories, cycle: window.isocline.cycle };
    },
    { param: c.param, from: c.from, to: c.to, moves: MOVES },
  );
  if (c.model === 'fitzhugh-nagumo') {
    // the README's picture: a clicked trajectory with its time series, and the diagram in I
    const box = await page.locator('#plane').boundingBox();
    const at = await page.evaluate(() => window.isocline.pixelOf(0.5, 0.4));
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.selectOption('#cparam', 'I');
    await page.click('#crun');
    await page.waitForFunction(() => window.isocline.continuation !== null, null, { timeout: 30000 });
    await page.screenshot({ path: join(root, 'docs', 'explorer.png') });
  }
  rows.push({
    model: c.model,
    moves: MOVES,
    median: quantile(times.total, 0.5),
    p90: quantile(times.total, 0.9),
    libraryMedian: quantile(times.lib, 0.5),
    goal: c.goal,
  });
}
await browser.close();
await server.close();
const date = new Date().toISOString().slice(0, 10);
console.log(`explorer frame time, ${date}, ${cpus().length} × ${cpus()[0]?.model}, ${CHROMIUM}`);
console.log('model            moves  median ms  p90 ms  library median ms  goal ms');
for (const r of rows)
  console.log(
    `${r.model.padEnd(16)} ${String(r.moves).padStart(5)}  ${r.median.toFixed(1).padStart(9)}` +
      `  ${r.p90.toFixed(1).padStart(6)}  ${r.libraryMedian.toFixed(1).padStart(17)}  ${String(r.goal).padStart(7)}`,
  );
const dir = mkdtempSync(join(tmpdir(), 'isocline-bench-'));
writeFileSync(join(dir, 'explorer.json'), JSON.stringify({ date, rows }, null, 2));
console.log(`results: ${join(dir, 'explorer.json')}; screenshot: docs/explorer.png`);
