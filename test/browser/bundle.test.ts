/**
 * The browser build bundles: everything the browser entries ('isocline', 'isocline/network') export
 * reaches no node: module, and each exports the same names as its node entry (node-only ones throw
 * there instead).
 */
import { describe, expect, it } from 'vitest';
import * as nodeEntry from '../../src/index.js';
import * as nodeNetwork from '../../src/network/index.js';
import { bundleForBrowser } from './bundle-build.js';

const ENTRY = "export * from 'isocline';";

describe('browser bundle', () => {
  it('bundles the whole browser entry with platform browser, with no node: module among its inputs', async () => {
    const { metafile } = await bundleForBrowser(ENTRY);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((f) => f.endsWith('src/browser.ts'))).toBe(true);
    expect(inputs.filter((f) => f.startsWith('node:') || /^(fs|path|url|module|os|worker_threads)$/.test(f))).toEqual(
      [],
    );
    // nor the node-only modules behind them
    const nodeOnly = /src\/(model\/(modelfile|catalog|paths)|plot\/(render|notebook|output-path))\.ts$/;
    expect(inputs.filter((f) => nodeOnly.test(f))).toEqual([]);
  });

  it('exports the same names as the node entry', async () => {
    const { metafile } = await bundleForBrowser(ENTRY, false, 'esm');
    const names = Object.values(metafile.outputs)[0].exports;
    expect([...names].sort()).toEqual(Object.keys(nodeEntry).sort());
  });

  it("bundles 'isocline/network' for the browser too, with the node entry's names", async () => {
    const { metafile } = await bundleForBrowser("export * from 'isocline/network';", false, 'esm');
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((f) => f.endsWith('src/network/browser.ts'))).toBe(true);
    expect(inputs.filter((f) => f.startsWith('node:'))).toEqual([]);
    const names = Object.values(metafile.outputs)[0].exports;
    expect([...names].sort()).toEqual(Object.keys(nodeNetwork).sort());
  });
});
