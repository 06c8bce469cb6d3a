import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from './run-cli.js';
import { rasterCap } from '../../src/cli/commands/network.js';

// Figures as PNG, SVG or PDF, and data as CSV, from the commands that compute them.
const tmp = mkdtempSync(join(tmpdir(), 'isocline-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = (f: string) => join(tmp, f);
const csvRows = (f: string) => readFileSync(f, 'utf8').trimEnd().split('\n').map((l) => l.split(','));

describe('figure formats and CSV on the command line', () => {
  it('simulate writes the same figure as SVG and PDF, and the trajectory as CSV equal to --json', async () => {
    const args = ['simulate', 'fitzhugh-nagumo', '--t', '50', '--sample', '1'];
    const r = await runCLI(...args, '--svg', at('fhn.svg'), '--pdf', at('fhn.pdf'), '--csv', at('fhn.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(at('fhn.svg'), 'utf8')).toMatch(/^<\?xml[\s\S]*<svg/);
    expect(readFileSync(at('fhn.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(r.stdout).toMatch(/figure {3}\S*fhn\.svg/);
    expect(r.stdout).toMatch(/data {5}\S*fhn\.csv/);
    const rows = csvRows(at('fhn.csv'));
    expect(rows[0]).toEqual(['t', 'v', 'w']);
    const j = JSON.parse((await runCLI(...args, '--json')).stdout);
    expect(rows.length - 1).toBe(j.t.length);
    expect(rows.slice(1).map((x) => Number(x[1]))).toEqual(j.y.v);
  });

  it('each format option insists on its own extension, before computing', async () => {
    const r = await runCLI('simulate', 'fitzhugh-nagumo', '--svg', at('x.png'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--svg needs a file name ending in \.svg/);
    const c = await runCLI('simulate', 'fitzhugh-nagumo', '--csv', at('x.txt'));
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--csv needs a file name ending in \.csv/);
  });

  it('fi-curve and bifurcation write their data as CSV', async () => {
    const fi = await runCLI('fi-curve', 'lif', '--from', '0', '--to', '3', '--steps', '7', '--csv', at('fi.csv'), '--json');
    expect(fi.code, fi.stderr).toBe(0);
    const rows = csvRows(at('fi.csv'));
    expect(rows.length).toBe(8);
    expect(rows.slice(1).map((x) => Number(x[1]))).toEqual(JSON.parse(fi.stdout).rate);
    const b = await runCLI('bifurcation', 'fitzhugh-nagumo', '--param', 'I', '--from', '0', '--to', '1.5', '--steps', '16', '--no-cycles', '--csv', at('bif.csv'), '--pdf', at('bif.pdf'));
    expect(b.code, b.stderr).toBe(0);
    expect(csvRows(at('bif.csv'))[0].slice(0, 4)).toEqual(['kind', 'branch', 'I', 'stability']);
    expect(existsSync(at('bif.pdf'))).toBe(true);
  });

  it('network writes spikes as CSV (the counts of --json) and the raster as SVG', async () => {
    const r = await runCLI('network', 'izhikevich-2003', '--t', '100', '--seed', '1', '--csv', at('spikes.csv'), '--svg', at('raster.svg'), '--cells-per-population', '50', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const rows = csvRows(at('spikes.csv'));
    expect(rows[0]).toEqual(['population', 'cell', 'global_cell', 'time', 'step']);
    expect(j.spikes).toBeGreaterThan(100);
    expect(rows.length - 1).toBe(j.spikes);
    expect(readFileSync(at('raster.svg'), 'utf8')).toMatch(/<svg/);
    const bad = await runCLI('network', 'izhikevich-2003', '--cells-per-population', '10');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/only applies with a raster/);
  });

  it('a large network\'s raster is drawn from a bounded number of rows', () => {
    const pops = (...sizes: number[]) => ({ populations: sizes.map((size) => ({ size })) }) as Parameters<typeof rasterCap>[0];
    expect(rasterCap(pops(800, 200), undefined)).toBeUndefined(); // 1000 cells: all drawn
    expect(rasterCap(pops(80_000, 20_000), undefined)).toBe(1000); // 2000 rows over 2 populations
    expect(rasterCap(pops(80_000, 20_000), 'all')).toBeUndefined();
    expect(rasterCap(pops(80_000, 20_000), '25')).toBe(25);
  });
});
