/**
 * `isocline network` / `isocline networks` (in-process, through main()) and the network plots
 * (chart configs built from a run; PNGs rendered and checked to be images of the right size).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCLI } from '../cli/run-cli.js';
import { buildNetwork } from '../../src/network/build.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { loadNetwork } from '../../src/network/files.js';
import { rasterChart } from '../../src/plot/raster.js';
import { rateChart } from '../../src/plot/rate.js';
import { tracesChart } from '../../src/plot/traces.js';
import { heatmapChart } from '../../src/plot/heatmap.js';
import { renderPNG } from '../../src/plot/render.js';

const pngSize = (b: Buffer): [number, number] => {
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};

describe('isocline network', () => {
  it('runs a bundled network and prints counts, rates and timing as JSON', async () => {
    const r = await runCLI('network', 'seed-000-conductance', '--t', '300', '--seed', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.network).toBe('seed-000-conductance');
    expect(j.steps).toBe(600);
    expect(j.populations.map((p: { name: string }) => p.name)).toEqual(['exc', 'inh']);
    expect(j.spikes).toBe(j.populations[0].spikes + j.populations[1].spikes);
    expect(j.rate_hz).toBeCloseTo(j.spikes / 1000 / 0.3, 9);
    expect(j.build_s).toBeGreaterThan(0);
    expect(j.run_s).toBeGreaterThan(0);
    // the same seed gives the same counts
    const again = JSON.parse((await runCLI('network', 'seed-000-conductance', '--t', '300', '--seed', '2', '--json')).stdout);
    expect(again.populations).toEqual(j.populations);
    expect(j.threads).toBe(1);
    // and so does a run on two threads
    const two = JSON.parse((await runCLI('network', 'seed-000-conductance', '--t', '300', '--seed', '2', '--json', '--threads', '2')).stdout);
    expect(two.threads).toBe(2);
    expect(two.populations).toEqual(j.populations);
  });

  it('writes a raster PNG; a text summary names the populations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isocline-net-'));
    const file = join(dir, 'raster.png');
    const r = await runCLI('network', 'izhikevich-2003', '--t', '200', '--png', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^izhikevich-2003: 1000 cells, 1000000 synapses, 200 steps of 1 ms/);
    expect(r.stdout).toMatch(/exc +800 cells/);
    expect(pngSize(readFileSync(file))).toEqual([1800, 1200]);
  });

  it('bad input: one line naming the problem, with suggestions', async () => {
    const a = await runCLI('network', 'izhikevich-2030');
    expect(a.code).toBe(2); // a name that names nothing is a usage error (README: exit codes)
    expect(a.stderr).toMatch(/^isocline: no network file or bundled network 'izhikevich-2030' \(did you mean 'izhikevich-2003'\?\)/);
    const b = await runCLI('network', 'izhikevich-2003', '--target', 'gpu');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--target must be kernel or tensor/);
    const t = await runCLI('network', 'izhikevich-2003', '--threads', 'two');
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--threads must be an integer from 1 to 64 or 'auto', got 'two'/);
    const c = await runCLI('network', 'seed-002-basal-ganglia', '--t', '1', '--memory-limit', '0.001');
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/needs an estimated .* GB, more than the 0\.001 GB allowed/);
  });

  it('isocline networks lists the bundled networks', async () => {
    const r = await runCLI('networks');
    expect(r.code, r.stderr).toBe(0);
    for (const n of ['izhikevich-2003', 'seed-000-conductance', 'seed-002-basal-ganglia', 'seed-002-jump', 'seed-003-rate']) expect(r.stdout).toMatch(new RegExp(`^${n} +\\S`, 'm'));
  });
});

describe('network plots', () => {
  it('raster: one dataset per population, every recorded spike drawn once in its population', () => {
    const f = loadNetwork('seed-000-conductance');
    const net = buildNetwork(f.spec, { baseDir: f.baseDir, t: 400 });
    const r = runKernel(net);
    const c = rasterChart(r, net.populations);
    const data = c.data.datasets.map((d) => d.data as { x: number; y: number }[]);
    expect(data.length).toBe(2);
    expect(data[0].length + data[1].length).toBe(r.spikes.cell.length);
    expect(data[0].every((p) => p.y < 800)).toBe(true);
    expect(data[1].every((p) => p.y >= 800)).toBe(true);
    // the result carries its own layout (the built network's), so the layout argument may go
    expect(r.populations).toEqual([{ name: 'exc', size: 800, offset: 0 }, { name: 'inh', size: 200, offset: 800 }]);
    expect(rasterChart(r).data.datasets.map((d) => d.label)).toEqual(c.data.datasets.map((d) => d.label));
    // a layout in another order draws each population with its own count and rate in the legend
    const swapped = rasterChart(r, [r.populations[1], r.populations[0]]);
    const legend = (k: number): string => `${r.populations[k].name} (${r.populations[k].size} cells, ${r.rates[k].toFixed(1)} Hz, ${r.counts[k]} spikes)`;
    expect(swapped.data.datasets.map((d) => d.label)).toEqual([legend(1), legend(0)]);
    expect((swapped.data.datasets[0].data as { y: number }[]).every((p) => p.y >= 800)).toBe(true);
    // a cap per population: the first 40 cells of each, stacked in rows 0..39 and 40..79, every
    // spike of those cells drawn once; the legend keeps the whole population's figures
    const capped = rasterChart(r, { cellsPerPopulation: 40 });
    const spikesOf = (lo: number, hi: number): number => Array.from(r.spikes.cell).filter((c) => c >= lo && c < hi).length;
    const [ce, ci] = capped.data.datasets.map((d) => d.data as { y: number }[]);
    expect(ce.length).toBe(spikesOf(0, 40));
    expect(ci.length).toBe(spikesOf(800, 840));
    expect(ce.every((p) => p.y >= 0 && p.y < 40) && ci.every((p) => p.y >= 40 && p.y < 80)).toBe(true);
    expect(capped.data.datasets[1].label).toBe(`inh (40 of 200 cells, ${r.rates[1].toFixed(1)} Hz, ${r.counts[1]} spikes)`);
    expect(() => rasterChart(r, { cellsPerPopulation: 0 })).toThrow(/cellsPerPopulation/);
  });

  it('traces with peaks: a stroke to the peak value at every recorded spike of a drawn cell', () => {
    const f = loadNetwork('seed-000-conductance');
    const net = buildNetwork(f.spec, { baseDir: f.baseDir, t: 600, seed: 2 });
    const pop = net.populations.findIndex((p) => p.name === 'exc');
    net.monitors.traces = [{ population: pop, variable: 'v', cells: Int32Array.from({ length: 50 }, (_, i) => i), every: 1 }];
    const r = runKernel(net);
    const plain = tracesChart(r, { variable: 'v', maxCells: 50 });
    const peaked = tracesChart(r, { variable: 'v', maxCells: 50, peaks: 35 });
    let strokes = 0;
    peaked.data.datasets.forEach((d, c) => {
      const pts = d.data as { x: number; y: number }[];
      const own = Array.from(r.spikes.time).filter((_, q) => r.spikes.cell[q] === c);
      const tops = pts.filter((p) => p.y === 35);
      // one peak point per spike of this cell, at its interpolated time, and time stays ordered
      expect(tops.map((p) => p.x)).toEqual(own);
      expect(pts.every((p, i) => i === 0 || p.x >= pts[i - 1].x)).toBe(true);
      expect(pts.length).toBe((plain.data.datasets[c].data as unknown[]).length + 2 * own.length);
      strokes += tops.length;
    });
    expect(strokes).toBeGreaterThan(5); // the check above saw spikes (seed 2: some of these 50 fire)
    // without the spike monitor there is nothing to draw the peaks from: an error, not a flat trace
    const quiet = buildNetwork(f.spec, { baseDir: f.baseDir, t: 600, seed: 2 });
    quiet.monitors.spikes = [];
    quiet.monitors.traces = net.monitors.traces;
    expect(() => tracesChart(runKernel(quiet), { variable: 'v', peaks: 35 })).toThrow(/peaks need the spikes of 'exc' recorded/);
  });

  it('rate, traces and heat map render to PNG (seed 003 rate network)', async () => {
    const f = loadNetwork('seed-003-rate');
    const net = buildNetwork(f.spec, { baseDir: f.baseDir, t: 200 });
    net.monitors.rates = [];
    const r = runKernel(net);
    expect(() => rateChart(r)).toThrow(/no population rates/);
    const tr = tracesChart(r, { variable: 'v', unit: 'mV' });
    expect(tr.data.datasets.length).toBe(8); // 10 recorded, 8 drawn by default
    expect(pngSize(await renderPNG(tr, { width: 700, height: 400 }))).toEqual([1400, 800]);
    const hm = heatmapChart(r, { variable: 'r', unit: 'Hz' });
    expect(pngSize(await renderPNG(hm, { width: 700, height: 400 }))).toEqual([1400, 800]);
  });
});
