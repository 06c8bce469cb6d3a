/**
 * The tensor target's back-ends in the browser build: its back-end module bundles for the browser
 * with no node: module, lists tfjs's browser back-ends there ([webgpu,] webgl, wasm, cpu) and runs
 * on one in chromium, while node keeps tensorflow, wasm and cpu. (Whole networks on the tensor
 * target in chromium: bundle-network.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { NETWORK_TARGETS } from '../../src/network/targets/index.js';
import { bundleForBrowser, launchChromium } from './bundle-build.js';

const ENTRY = `
import { initBackend, BACKENDS } from './src/network/targets/tensor/backend.ts';
import * as tf from '@tensorflow/tfjs-core';
Object.assign(globalThis, {
  tensorProbe: async () => {
    const used = await initBackend('cpu');
    const sum = tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync();
    const refused = await initBackend('tensorflow').then(() => 'resolved', (e) => e.name + ': ' + e.message);
    return { backends: BACKENDS, used, sum, refused };
  },
});
`;

describe('tensor back-ends in the browser build', () => {
  it('node keeps tensorflow, wasm and cpu', () => {
    expect(NETWORK_TARGETS.find((t) => t.name === 'tensor')!.backends).toEqual(['tensorflow', 'wasm', 'cpu']);
  });

  it('bundles without node:, lists webgl, wasm and cpu in chromium, and runs on cpu there', async () => {
    const { code, metafile } = await bundleForBrowser(ENTRY);
    expect(Object.keys(metafile.inputs).filter((f) => f.startsWith('node:'))).toEqual([]);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ content: code });
      type Probe = { backends: string[]; used: string; sum: number[]; refused: string };
      const r = await page.evaluate(() => (globalThis as unknown as { tensorProbe(): Promise<Probe> }).tensorProbe());
      expect(r.backends.filter((b) => b !== 'webgpu')).toEqual(['webgl', 'wasm', 'cpu']);
      expect(r.used).toBe('cpu');
      expect(r.sum).toEqual([4, 6]);
      expect(r.refused).toMatch(/^OptionError: tensor back-end 'tensorflow' is one of node \(tfjs-node\), not here/);
    } finally {
      await browser.close();
    }
  });
});
