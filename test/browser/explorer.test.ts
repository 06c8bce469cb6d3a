/**
 * The explorer in a real browser (Debian's chromium via playwright-core): every bundled model
 * with a plane opens, a typed model parses, sliders and clicks redraw, and the numbers the page
 * shows are the library's own. Screenshots are saved to SHOTS for a person to look at.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serveExplorer, type ExplorerServer } from '../../src/explorer/server.js';
import { loadModel, parseModelFile } from '../../src/model/modelfile.js';
import { Model } from '../../src/model/model.js';
import { fixedPoints } from '../../src/single/fixed-points.js';
import { limitCycle } from '../../src/single/limit-cycle.js';
import { api, canvasVariance, launch, moveSlider, nextFrame, SHOTS } from './explorer-page.js';

const PLANAR = ['fitzhugh-nagumo', 'morris-lecar', 'izhikevich', 'adex', 'hodgkin-huxley'];

const FHN_EQUATIONS = [
  "v' = v - v^3/3 - w + I",
  "w' = (v + a - b*w)/tau",
  'a = 0.7',
  'b = 0.8',
  'tau = 12.5',
  'I = 0.5',
].join('\n');

let server: ExplorerServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([serveExplorer({ port: 0 }), launch()]);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  console.log(`explorer screenshots in ${SHOTS}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(model: string): Promise<void> {
  await page.goto(`${server.url}?model=${model}`);
  await nextFrame(page, 0);
}

describe('explorer in chromium', () => {
  it.each(PLANAR)('opens %s with a drawn plane', async (name) => {
    await open(name);
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    const a = await api(page);
    expect(a.errors).toEqual([]);
    expect(a.model).toBe(name);
    // the same fixed points as the library finds in the same plane (none for a spiking Izhikevich cell)
    const { x, y } = a.state!;
    const fps = fixedPoints(loadModel(name), {
      ranges: { [x.variable]: [x.min, x.max], [y.variable]: [y.min, y.max] },
    });
    expect(a.fixedPoints!.map((p) => p.stability)).toEqual(fps.map((p) => p.stability));
    expect(await canvasVariance(page)).toBeGreaterThan(100);
  });

  it('hovering a fixed point shows its stability and eigenvalues', async () => {
    await open('morris-lecar');
    const a = await api(page);
    const fp = a.fixedPoints![0];
    const box = (await page.locator('#plane').boundingBox())!;
    const at = (await page.evaluate(
      ([x, y]) =>
        (
          window as unknown as { isocline: { pixelOf(x: number, y: number): { x: number; y: number } } }
        ).isocline.pixelOf(x, y),
      [fp.x, fp.y],
    ))!;
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.waitForFunction(() => (window as unknown as { isocline: { tooltip?: string[] } }).isocline.tooltip);
    const tip = (await api(page)).tooltip!;
    expect(tip[0]).toMatch(/^stable focus at \(-26\.6, 0\.129/);
    expect(tip[1]).toMatch(/^eigenvalues -0\.0094/);
  });

  it("a model's preset sets its parameters and the sliders", async () => {
    await open('izhikevich');
    const f = (await api(page)).frames;
    await page.selectOption('#pset', 'FS');
    const a = await nextFrame(page, f);
    const fs = loadModel('izhikevich').spec.presets!.FS;
    for (const [k, v] of Object.entries(fs)) expect(a.params![k]).toBe(v);
    // the range input snaps to its step (a thousandth of the range); the number box shows the value
    expect(Number(await page.inputValue('#sliders input[data-param="a"]'))).toBeCloseTo(fs.a, 3);
  });

  it('says why a one-variable model has no plane', async () => {
    await page.goto(`${server.url}?model=lif`);
    await page.waitForFunction(
      () => (window as unknown as { isocline: { errors: unknown[] } }).isocline.errors.length > 0,
    );
    expect((await api(page)).errors[0].message).toMatch(/phase plane needs two/);
  });

  it("FitzHugh-Nagumo typed as equations: the fixed point and the cycle are the library's", async () => {
    await open('fitzhugh-nagumo');
    const before = (await api(page)).frames;
    await page.selectOption('#preset', '');
    await page.fill('#text', FHN_EQUATIONS);
    const a = await nextFrame(page, before);
    expect(a.model).toBe('typed');
    const model = loadModel('fitzhugh-nagumo');
    const [fp] = fixedPoints(model, { ranges: { v: [-2.5, 2], w: [-1, 2] } });
    expect(a.fixedPoints).toHaveLength(1);
    expect(a.fixedPoints![0].x).toBeCloseTo(fp.state.v, 8);
    expect(a.fixedPoints![0].y).toBeCloseTo(fp.state.w, 8);
    expect(a.fixedPoints![0].stability).toBe(fp.stability);
    const lc = limitCycle(model);
    expect(lc.found).toBe(true);
    expect(a.cycle!.period).toBeCloseTo(lc.found ? lc.period : NaN, 5);
    await page.screenshot({ path: join(SHOTS, 'typed-fhn.png') });
    // exports: the typed equations as a model file the library reads, and a notebook cell
    await page.click('#ex-model');
    const file = new Model(parseModelFile(await page.inputValue('#export')));
    expect(file.variableNames).toEqual(['v', 'w']);
    expect(file.parameters).toEqual(model.parameters);
    await page.click('#ex-nb');
    expect(await page.inputValue('#export')).toContain('phasePortrait(model, {"x":"v:-2.5:2","y":"w:-1:2"');
    await page.click('#ex-cli');
    expect(await page.inputValue('#export')).toMatch(/^isocline phase typed\.yaml --x v:-2\.5:2 --y w:-1:2/);
  });

  it('places a parse error at its line and column', async () => {
    const before = (await api(page)).errors.length;
    expect(before).toBe(0);
    await page.fill('#text', FHN_EQUATIONS.replace('w + I', 'w + Q'));
    await page.waitForFunction(
      () => (window as unknown as { isocline: { errors: unknown[] } }).isocline.errors.length > 0,
    );
    const [e] = (await api(page)).errors;
    expect(e.message).toMatch(/Q/);
    expect(e.line).toBe(1);
    expect(await page.textContent('#error')).toContain('Q');
  });

  it('a slider move redraws: I = 0 makes the rest state stable, as the library says', async () => {
    await open('fitzhugh-nagumo');
    const before = (await api(page)).frames;
    await moveSlider(page, 'I', 0);
    const a = await nextFrame(page, before);
    expect(a.params!.I).toBe(0);
    const [fp] = fixedPoints(loadModel('fitzhugh-nagumo'), { params: { I: 0 }, ranges: { v: [-2.5, 2], w: [-1, 2] } });
    expect(a.fixedPoints![0].x).toBeCloseTo(fp.state.v, 8);
    expect(a.fixedPoints![0].stability).toBe('stable focus');
    expect(a.cycle).toBeNull();
  });

  it('a click starts a trajectory, shift-click one backwards, with its time series below', async () => {
    await open('fitzhugh-nagumo');
    const a0 = await api(page);
    const box = (await page.locator('#plane').boundingBox())!;
    const at = (await page.evaluate(() =>
      (window as unknown as { isocline: { pixelOf(x: number, y: number): { x: number; y: number } } }).isocline.pixelOf(
        1,
        0.5,
      ),
    ))!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    const a1 = await nextFrame(page, a0.frames);
    expect(a1.trajectories).toBe(a0.trajectories! + 1);
    await page.keyboard.down('Shift');
    await page.mouse.click(box.x + at.x, box.y + at.y + 40);
    await page.keyboard.up('Shift');
    const a2 = await nextFrame(page, a1.frames);
    const clicks = await page.evaluate(
      () => (window as unknown as { isocline: { state: { clicks: { backward: boolean }[] } } }).isocline.state.clicks,
    );
    expect(clicks.map((c) => c.backward)).toEqual([false, true]);
    expect(a2.trajectories).toBe(a0.trajectories! + 2);
    expect(await canvasVariance(page, 'series')).toBeGreaterThan(10);
    await page.screenshot({ path: join(SHOTS, 'clicked.png') });
  });

  it('the link (URL hash) reopens the same view', async () => {
    await open('fitzhugh-nagumo');
    const f = (await api(page)).frames;
    await moveSlider(page, 'I', 1);
    await nextFrame(page, f);
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"I":1'));
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    const a = await nextFrame(page, 0);
    expect(a.params!.I).toBe(1);
  });

  it('continuation runs in the worker and finds the two Hopf points of FHN in I', async () => {
    await open('fitzhugh-nagumo');
    await page.selectOption('#cparam', 'I');
    await page.click('#crun');
    await page.waitForFunction(
      () => (window as unknown as { isocline: { continuation: unknown } }).isocline.continuation !== null,
      null,
      {
        timeout: 20_000,
      },
    );
    const a = await api(page);
    const hopf = a.continuation!.special.filter((s) => s.type === 'H').map((s) => s.param);
    expect(hopf.length).toBe(2);
    expect(hopf[0]).toBeCloseTo(0.3313, 3);
    expect(await canvasVariance(page, 'cont')).toBeGreaterThan(10);
    expect(a.continuation!.marker).toBe(0.5);
    // the marker follows the slider
    await moveSlider(page, 'I', 0.8);
    expect((await nextFrame(page, a.frames)).continuation!.marker).toBe(0.8);
    await page.screenshot({ path: join(SHOTS, 'continuation.png') });
  });

  it('isocline explore --static writes a page that works opened from disk, worker included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isocline-explore-static-'));
    const streams = { out: '', err: '' };
    const code = await main(['node', 'isocline', 'explore', 'morris-lecar', '--static', dir], {
      streams: { out: (s: string) => void (streams.out += s), err: (s: string) => void (streams.err += s) },
    });
    expect(streams.err).toBe('');
    expect(code).toBe(0);
    expect(streams.out).toContain('index.html');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('explorer.js');
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    const a = await nextFrame(page, 0);
    expect(a.model).toBe('morris-lecar');
    await page.selectOption('#cparam', 'I');
    await page.click('#crun');
    await page.waitForFunction(
      () => (window as unknown as { isocline: { continuation: unknown } }).isocline.continuation !== null,
      null,
      { timeout: 20_000 },
    );
    expect((await api(page)).continuation!.branches).toBeGreaterThan(0);
  });
});
