/**
 * The benchmark networks reproduce the anchor scripts' firing rates (with our own RNG: rates, not
 * spike counts). References: test/references/network_stats.json, computed by
 * test/references/network_stats.py, which runs ../shared/anchors/izh2003.py and seed_cond_net.py
 * (numpy implementations) over seeds 1..5 (dense, seed network) and 1..3 (sparse).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildNetwork } from '../../src/network/build.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { izhikevich2003, seedConductance } from '../../src/network/classics.js';
import { loadNetwork } from '../../src/network/files.js';

const ref = JSON.parse(readFileSync(new URL('../references/network_stats.json', import.meta.url), 'utf8'));
const meanRate = (counts: number[], n: number): number => counts.reduce((a, b) => a + b, 0) / n;

describe('Izhikevich 2003', () => {
  it('dense N = 1000: mean rate over 3 seeds within the anchor spread (numpy: 7.59 +- 0.15 Hz)', () => {
    const r = ref.izh2003_dense_N1000.rate_hz;
    const rates = [1, 2, 3].map((seed) => meanRate(runKernel(buildNetwork(izhikevich2003(1000), { seed })).counts, 1000));
    const m = rates.reduce((a, b) => a + b, 0) / rates.length;
    // 3 seeds: standard error 0.15/sqrt(3) = 0.09; allow 3.5 of them
    expect(Math.abs(m - r.mean)).toBeLessThan((3.5 * r.std) / Math.sqrt(3));
    for (const x of rates) expect(x).toBeGreaterThan(r.min - 3 * r.std), expect(x).toBeLessThan(r.max + 3 * r.std);
  });

  it('sparse N = 10000, in-degree 100: rate near the anchor (numpy: 20.0 +- 1.3 Hz over 3 seeds)', () => {
    const r = ref.izh2003_sparse_N10000.rate_hz;
    const x = meanRate(runKernel(buildNetwork(izhikevich2003(10000, { indegree: 100 }), { seed: 1 })).counts, 10000);
    expect(Math.abs(x - r.mean)).toBeLessThan(3 * r.std);
  });

  it('the bundled file is the same network as izhikevich2003(1000)', () => {
    const f = loadNetwork('izhikevich-2003');
    const a = buildNetwork(f.spec, { baseDir: f.baseDir });
    const b = buildNetwork(izhikevich2003(1000));
    // byte comparison: a deep equal of 10^6 elements is slow
    a.projections.forEach((p, k) => expect(Buffer.from(p.weight.buffer).equals(Buffer.from(b.projections[k].weight.buffer))).toBe(true));
    expect(runKernel(a).counts).toEqual(runKernel(b).counts);
  });
});

describe('seed 000 conductance network', () => {
  it('mean rate over 5 seeds within the anchor spread (numpy event form: 2.77 +- 0.44 Hz)', () => {
    const r = ref.seed_cond_net_N1000.across_seeds.rate_hz;
    const rates = [1, 2, 3, 4, 5].map((seed) => meanRate(runKernel(buildNetwork(seedConductance(1000), { seed })).counts, 1000));
    const m = rates.reduce((a, b) => a + b, 0) / 5;
    expect(Math.abs(m - r.mean)).toBeLessThan((3 * r.std) / Math.sqrt(5) + 0.1);
  });

  it('without recurrence (step 3) the rate drops: recurrent excitation matters', () => {
    const unconnected = meanRate(runKernel(buildNetwork(seedConductance(1000, { recurrent: false }))).counts, 1000);
    const connected = meanRate(runKernel(buildNetwork(seedConductance(1000))).counts, 1000);
    expect(unconnected).toBeLessThan(0.7 * connected);
    expect(unconnected).toBeGreaterThan(0.3);
  });
});
