/**
 * Networks in the browser build: 'isocline/network' bundles without node: modules, and in chromium
 * builds and runs izhikevich-2003 (100 ms) and a small network with a Poisson drive on the kernel
 * (one thread) and on tensor cpu, with the spikes of node's runs of the same specs: bit-identical on
 * the kernel (float64), and on tensor equal to node's tensor cpu (float32, the same tfjs kernels).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as net from '../../src/network/index.js';
import { bundleForBrowser, launchChromium, ROOT } from './bundle-build.js';
import { networkProbe, type RunSummary } from './network-probe.js';

const ENTRY = `
import * as net from 'isocline/network';
import { networkProbe } from './test/browser/network-probe.ts';
Object.assign(globalThis, {
  networkProbe: (text) => networkProbe(net, text),
  refusals: async () => {
    const spec = { name: 'f', t: 1, populations: { e: { model: 'models/izhikevich.yaml', size: 1 } } };
    const threads = { name: 't', t: 1, populations: { e: { model: 'izhikevich', size: 1 } } };
    const why = (p) => p.then(() => 'resolved', (e) => e.name + ': ' + e.message);
    return {
      file: await why(net.runNetwork(spec)),
      threads: await why(net.runNetwork(threads, { threads: 2 })),
    };
  },
});
`;

const IZH = readFileSync(resolve(ROOT, 'models/izhikevich-2003.network.json'), 'utf8');

describe('networks in the browser build', () => {
  it('build and run in chromium on the kernel and tensor cpu, with node spikes', { timeout: 60_000 }, async () => {
    const { code, metafile } = await bundleForBrowser(ENTRY);
    expect(Object.keys(metafile.inputs).filter((f) => f.startsWith('node:'))).toEqual([]);
    const inNode = await networkProbe(net, IZH);
    for (const r of Object.values(inNode)) expect(r.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ content: code });
      type G = { networkProbe(text: string): Promise<Record<string, RunSummary>>; refusals(): Promise<object> };
      const inPage = await page.evaluate((text) => (globalThis as unknown as G).networkProbe(text), IZH);
      expect(Object.keys(inPage)).toEqual(Object.keys(inNode));
      for (const name of Object.keys(inNode)) {
        expect(inPage[name].counts, name).toEqual(inNode[name].counts);
        expect(inPage[name].spikes === inNode[name].spikes, `${name}: the same spikes`).toBe(true);
      }
      const refused = await page.evaluate(() => (globalThis as unknown as G).refusals());
      expect(refused).toEqual({
        file: expect.stringMatching(/^NodeOnlyError: loading the model file 'models\/izhikevich.yaml' is node-only/),
        threads: expect.stringMatching(/^NetworkError: .*threads: 2 needs node's worker_threads/),
      });
    } finally {
      await browser.close();
    }
  });
});
