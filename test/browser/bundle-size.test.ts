/**
 * The size of the browser build: the whole browser entry (`export * from 'isocline'`) bundled and
 * minified by esbuild for the browser, with a breakdown by package read from the metafile. The
 * budget is the measurement of 2026-12 plus ~20 % (BENCHMARKS.md, "Browser bundle"): a change that
 * pulls in a new heavy dependency, or node-only code, fails here and says which package grew.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './bundle-build.js';

/** Minified bytes of the whole browser entry: measured 1 133 279 (mathjs about two thirds). */
const BUDGET = 1_360_000;

/** The package an input of the metafile belongs to: a node_modules package, or isocline's own parts. */
function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) return m[1];
  if (input.includes('bundled-texts')) return 'isocline (bundled models)';
  return 'isocline';
}

describe('browser bundle size', () => {
  it(`stays under ${BUDGET} bytes minified, and says what dominates`, async () => {
    const { code, metafile } = await bundleForBrowser("export * from 'isocline';", true, 'esm');
    const output = Object.values(metafile.outputs)[0];
    const by = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      by.set(packageOf(input), (by.get(packageOf(input)) ?? 0) + bytesInOutput);
    const rows = [...by].sort((a, b) => b[1] - a[1]);
    const total = Buffer.byteLength(code);
    const table = rows.map(([p, b]) => `${p.padEnd(28)} ${String(b).padStart(9)}  ${((100 * b) / total).toFixed(1)} %`);
    console.log([`minified ${total} bytes, gzip ${gzipSync(code).length} bytes`, ...table].join('\n'));
    expect(total).toBeLessThan(BUDGET);
    // what the browser build must not carry: node-canvas (PNG rendering), tfjs-node, and node: modules
    expect(rows.map(([p]) => p).filter((p) => /canvas|tfjs-node|^node:/.test(p))).toEqual([]);
  });
});
