/**
 * The browser build in a real browser (Debian's chromium through playwright-core): the bundle loads
 * in a page, loads the bundled FitzHugh–Nagumo model, finds its fixed point and simulates it, and the
 * numbers equal node's. Node-only functions reject with a NodeOnlyError there.
 *
 * To the last bit where the computation is arithmetic (fixed points, fixed-step runs); the adaptive
 * integrator's step control calls Math.pow, and the browser's V8 (Chromium 156) and node 20's V8
 * differ in the last bit of Math.pow/exp/log/sin for a few per cent of arguments (measured: 1830 of
 * 20 000 pow calls), so one step size differs by an ulp and the trajectory by ~1e-9: within 1e-8.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as iso from '../../src/index.js';
import { bundleForBrowser, launchChromium } from './bundle-build.js';
import { probe, type Probe } from './bundle-probe.js';

const ENTRY = `
import * as iso from 'isocline';
import * as net from 'isocline/network';
import { probe } from './test/browser/bundle-probe.ts';
Object.assign(globalThis, {
  isoclineProbe: () => probe(iso),
  isoclineRefusal: () => iso.savePNG({ type: 'line', data: { datasets: [] } }, 'x.png').then(
    () => 'resolved', (e) => e.name + ': ' + e.message),
  isoclineNetwork: () => {
    const spec = net.izhikevich2003(100);
    net.checkSpec(net.NetworkSchema, spec);
    let build = 'built';
    try { net.buildNetwork(spec); } catch (e) { build = e.name; }
    return { populations: Object.keys(spec.populations), build };
  },
  isoclinePath: () => { try { iso.loadModel('models/lif.yaml'); return 'loaded'; } catch (e) { return e.name; } },
});
`;

/** What the entry puts on the page's globalThis. */
interface Page$ {
  isoclineProbe(): Probe;
  isoclineRefusal(): Promise<string>;
  isoclinePath(): string;
  isoclineNetwork(): { populations: string[]; build: string };
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const { code } = await bundleForBrowser(ENTRY);
  browser = await launchChromium();
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: code });
  if (errors.length) throw new Error(`the bundle failed to load: ${errors.join('; ')}`);
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

describe('the browser build in chromium', () => {
  it('computes the FitzHugh–Nagumo fixed point and fixed-step runs exactly as node does', async () => {
    const inPage = await page.evaluate(() => (globalThis as unknown as Page$).isoclineProbe());
    const inNode = probe(iso);
    expect((JSON.parse(inPage.exact) as { points: unknown[] }).points.length).toBe(1);
    expect(inPage.exact).toBe(inNode.exact);
  });

  it('runs the adaptive integrator as node does, within 1e-8 (Math.pow differs by an ulp between V8s)', async () => {
    const { adaptive: a } = await page.evaluate(() => (globalThis as unknown as Page$).isoclineProbe());
    const { adaptive: b } = probe(iso);
    expect(a.t.length).toBe(b.t.length);
    for (const k of ['t', 'v', 'w'] as const) {
      const worst = Math.max(...a[k].map((x, i) => Math.abs(x - b[k][i]) / (1 + Math.abs(b[k][i]))));
      expect(worst, k).toBeLessThan(1e-8);
    }
  });

  it('refuses files and PNG rendering with a NodeOnlyError', async () => {
    const refusal = await page.evaluate(() => (globalThis as unknown as Page$).isoclineRefusal());
    expect(refusal).toMatch(/^NodeOnlyError: savePNG\('x\.png'\) is node-only/);
    expect(await page.evaluate(() => (globalThis as unknown as Page$).isoclinePath())).toBe('NodeOnlyError');
  });

  it("checks and builds a network spec from 'isocline/network' in the page (runs: bundle-network.test.ts)", async () => {
    const r = await page.evaluate(() => (globalThis as unknown as Page$).isoclineNetwork());
    expect(r.populations.length).toBeGreaterThan(0);
    expect(r.build).toBe('built');
  });
});
