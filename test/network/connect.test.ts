/**
 * Connectivity and weights: exact degrees, Bernoulli statistics, explicit lists and matrices, and
 * the seed-000 network's statistics against the anchor script's own (test/references/network_stats.json,
 * made by test/references/network_stats.py from ../shared/anchors/seed_cond_net.py with numpy).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildNetwork } from '../../src/network/build.js';
import { seedConductance, izhikevich2003 } from '../../src/network/classics.js';
import type { BuiltProjection } from '../../src/ir/network.js';

const ref = JSON.parse(readFileSync(new URL('../references/network_stats.json', import.meta.url), 'utf8'));

const lif = { model: 'lif', size: 0 };
function project(nPre: number, nPost: number, connect: unknown, extra: Record<string, unknown> = {}, same = false): BuiltProjection {
  const net = buildNetwork({
    dt: 0.1,
    t: 1,
    populations: same ? { A: { ...lif, size: nPre } } : { A: { ...lif, size: nPre }, B: { ...lif, size: nPost } },
    projections: [{ from: 'A', to: same ? 'A' : 'B', connect: connect as never, ...extra }],
  });
  return net.projections[0];
}
const inDegrees = (p: BuiltProjection, nPost: number): Int32Array => {
  const d = new Int32Array(nPost);
  for (let s = 0; s < p.weight.length; s++) d[p.col ? p.col[s] : s % nPost]++;
  return d;
};

describe('connectivity rules', () => {
  it('fixed in-degree: exactly k distinct partners per post cell, columns ascending per row', () => {
    const p = project(300, 200, { indegree: 17 });
    expect(Array.from(new Set(inDegrees(p, 200)))).toEqual([17]);
    // distinct: no (pre, post) pair twice
    const pairs = new Set<number>();
    for (let i = 0; i < 300; i++) for (let s = p.rowPtr[i]; s < p.rowPtr[i + 1]; s++) pairs.add(i * 1000 + p.col![s]);
    expect(pairs.size).toBe(17 * 200);
    for (let i = 0; i < 300; i++) for (let s = p.rowPtr[i] + 1; s < p.rowPtr[i + 1]; s++) expect(p.col![s]).toBeGreaterThan(p.col![s - 1]);
  });

  it('fixed out-degree: exactly k per pre cell; no autapses when asked', () => {
    const p = project(100, 100, { outdegree: 99, autapses: false }, {}, true);
    for (let i = 0; i < 100; i++) {
      expect(p.rowPtr[i + 1] - p.rowPtr[i]).toBe(99);
      for (let s = p.rowPtr[i]; s < p.rowPtr[i + 1]; s++) expect(p.col![s]).not.toBe(i);
    }
  });

  it('Bernoulli p: mean and variance of the in-degree (binomial)', () => {
    const n = 2000, q = 0.05;
    const d = inDegrees(project(n, n, { p: q }), n);
    const mean = d.reduce((a, b) => a + b, 0) / n;
    const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(Math.abs(mean - n * q)).toBeLessThan(0.5); // sd of the mean 0.1
    expect(Math.abs(variance / (n * q * (1 - q)) - 1)).toBeLessThan(0.1);
  });

  it('explicit pairs with weights, and a weight matrix by pre or post rows', () => {
    const p = project(3, 2, { pairs: [[2, 1, 0.5], [0, 1, -1], [0, 0, 2]] });
    expect(Array.from(p.rowPtr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(p.col!)).toEqual([0, 1, 1]);
    expect(Array.from(p.weight)).toEqual([2, -1, 0.5]);
    const m = project(2, 3, { matrix: [[1, 0, 2], [0, 3, 0]], rows: 'pre' });
    expect(Array.from(m.col!)).toEqual([0, 2, 1]);
    expect(Array.from(m.weight)).toEqual([1, 2, 3]);
    const t = project(2, 3, { matrix: [[1, 2], [3, 4], [5, 6]], rows: 'post' });
    expect(t.col).toBeNull(); // all nonzero: dense
    expect(Array.from(t.weight)).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it('all-to-all is dense (no column indices: 4 bytes per synapse)', () => {
    const p = project(40, 30, 'all', { weight: { uniform: [0, 0.5] } });
    expect(p.col).toBeNull();
    expect(p.weight.length).toBe(1200);
    const mean = p.weight.reduce((a, b) => a + b, 0) / 1200;
    expect(Math.abs(mean - 0.25)).toBeLessThan(0.015);
  });

  it('one seed gives the same network; another seed a different one', () => {
    const a = buildNetwork(seedConductance(500), { seed: 4 });
    const b = buildNetwork(seedConductance(500), { seed: 4 });
    const c = buildNetwork(seedConductance(500), { seed: 5 });
    a.projections.forEach((p, k) => {
      expect(p.col).toEqual(b.projections[k].col);
      expect(p.weight).toEqual(b.projections[k].weight);
    });
    expect(a.sources[0]).toEqual(b.sources[0]);
    expect(a.projections[2].col).not.toEqual(c.projections[2].col);
  });
});

describe('seed-000 conductance network statistics = the anchor script (seed_cond_net.py, numpy)', () => {
  const e = ref.seed_cond_net_N1000.expected;
  const across = ref.seed_cond_net_N1000.across_seeds;
  it('recurrent in-degree, in-degree by source type, input in-degree, weight means per pathway', () => {
    const stats = [1, 2, 3, 4, 5].map((seed) => {
      const net = buildNetwork(seedConductance(1000), { seed });
      const byName = Object.fromEntries(net.projections.map((p) => [p.name, p]));
      const count = (n: string): number => byName[n].weight.length;
      const mean = (n: string): number => byName[n].weight.reduce((a, b) => a + b, 0) / count(n);
      const exc = count('exc->exc') + count('exc->inh');
      const inh = count('inh->exc') + count('inh->inh');
      return {
        indeg: (exc + inh) / 1000, fromExc: exc / 1000, fromInh: inh / 1000,
        input: (count('input->exc') + count('input->inh')) / 1000,
        ee: mean('exc->exc'), ei: mean('exc->inh'), ie: mean('inh->exc'), ii: mean('inh->inh'),
        win: byName['input->exc'].weight[0],
      };
    });
    const avg = (k: keyof (typeof stats)[0]): number => stats.reduce((a, s) => a + s[k], 0) / stats.length;
    // 5 seeds: the tolerances are ~4 standard errors of the anchor's own spread across seeds
    expect(Math.abs(avg('indeg') - e.rec_indeg_mean)).toBeLessThan(4 * across.rec_indeg_mean.std / Math.sqrt(5) + 0.1);
    expect(Math.abs(avg('fromExc') - e.rec_indeg_from_exc_mean)).toBeLessThan(0.5);
    expect(Math.abs(avg('fromInh') - e.rec_indeg_from_inh_mean)).toBeLessThan(0.25);
    expect(Math.abs(avg('input') - e.in_indeg_mean)).toBeLessThan(0.2);
    for (const [k, w] of [['ee', e.w_mean.exc_to_exc], ['ei', e.w_mean.exc_to_inh], ['ie', e.w_mean.inh_to_exc], ['ii', e.w_mean.inh_to_inh]] as const) {
      expect(Math.abs(avg(k) / w - 1)).toBeLessThan(0.03); // Gamma(2, 0.003): sd/mean 0.71, ~8000 synapses
    }
    expect(avg('win')).toBeCloseTo(e.w_in, 6);
  });

  it('Izhikevich 2003 sparse: 80 + 20 distinct partners per cell, weight means 2.5 and -5', () => {
    const net = buildNetwork(izhikevich2003(2000, { indegree: 100 }));
    const exc = net.projections.filter((p) => p.pre.index === 0);
    const inh = net.projections.filter((p) => p.pre.index === 1);
    expect(exc.reduce((a, p) => a + p.weight.length, 0)).toBe(80 * 2000);
    expect(inh.reduce((a, p) => a + p.weight.length, 0)).toBe(20 * 2000);
    const m = (ps: BuiltProjection[]): number => ps.reduce((a, p) => a + p.weight.reduce((x, y) => x + y, 0), 0) / ps.reduce((a, p) => a + p.weight.length, 0);
    expect(Math.abs(m(exc) - ref.izh2003_sparse_N10000.expected.w_exc_mean)).toBeLessThan(0.03);
    expect(Math.abs(m(inh) - ref.izh2003_sparse_N10000.expected.w_inh_mean)).toBeLessThan(0.06);
  });
});
