/**
 * The memory estimate is honest: for networks whose memory is dominated by each kind of array
 * (cell state, sparse synapses with per-synapse delays, an in-degree rule, a large Poisson source,
 * traces of every cell), the peak resident memory a one-thread kernel run adds (getrusage maxrss
 * minus the resident memory before the build, measured in a child process after a small run of
 * the same network has loaded the code) is within a factor 1.5 of the build's estimate, both ways.
 * The old estimate left out the warm-up's copies, the run's copies of state and parameters, build
 * temporaries, and built Poisson trains in a JS array (3.7 times its estimate, and a V8 crash for
 * the 70 s example). Also: what cannot fit is refused (scalar delays beyond 65 535 steps,
 * step counts beyond the limit) before anything large is allocated.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildNetwork, MAX_STEPS } from '../../src/network/build.js';
import type { NetworkSpec } from '../../src/network/spec.js';
import { removeChildBundle, runInChild } from './helpers/child.js';

afterAll(removeChildBundle);

const lif = (n: number) => ({ model: 'lif', size: n, params: { I: { uniform: [0.9, 1.6] } }, init: { v: { uniform: [0, 1] } } });
const MB = 1e6;

describe('memory estimate against the measured peak', () => {
  const cases: [string, NetworkSpec, number][] = [
    ['3 million cells (state, parameters)', { name: 'cells', dt: 0.1, populations: { A: lif(3_000_000) } }, 20],
    [
      'p = 0.02 among 30 000 cells with per-synapse delays (18 million synapses)',
      { name: 'sparse', dt: 0.1, populations: { A: lif(30_000) }, projections: [{ from: 'A', to: 'A', connect: { p: 0.02 }, weight: 0.001, delay: { uniform: [0.5, 3] }, synapse: { kind: 'current', tau: 3 } }] },
      20,
    ],
    ['in-degree 500 among 60 000 cells', { name: 'indeg', dt: 0.1, populations: { A: lif(60_000) }, projections: [{ from: 'A', to: 'A', connect: { indegree: 500 }, weight: 0.001 }] }, 20],
    // issue 11's example: 10 cells, a 1000-unit 1000 Hz Poisson source, 70 s (70 million spikes)
    [
      'a 1000-unit 1000 Hz Poisson source over 70 s',
      { name: 'poisson', dt: 0.1, populations: { A: lif(10) }, sources: { S: { kind: 'poisson', size: 1000, rate: 1000 } }, projections: [{ from: 'S', to: 'A', connect: 'all', weight: 0.0001 }] },
      70_000,
    ],
    ['traces of all 20 000 cells (3001 samples)', { name: 'traces', dt: 0.1, populations: { A: lif(20_000) }, monitors: { traces: [{ population: 'A', variables: 'v', cells: 'all' }] } }, 300],
  ];
  for (const [what, spec, t] of cases) {
    it(what, () => {
      const r = runInChild({ spec, build: { t }, run: { threads: 1 }, measure: true }, 240_000);
      expect(r.status, `${r.status}: ${JSON.stringify(r.out)} ${r.stderr.slice(0, 500)}`).toBe('ok');
      const { estimate, before, peak } = r.out as { estimate: number; before: number; peak: number };
      const grew = peak - before;
      // large enough that the measurement is not noise (the process itself is ~100 MB)
      expect(estimate).toBeGreaterThan(200 * MB);
      expect(grew / estimate, `estimate ${(estimate / MB).toFixed(0)} MB, peak growth ${(grew / MB).toFixed(0)} MB`).toBeLessThan(1.5);
      expect(grew / estimate, `estimate ${(estimate / MB).toFixed(0)} MB, peak growth ${(grew / MB).toFixed(0)} MB`).toBeGreaterThan(1 / 1.5);
    }, 250_000);
  }
});

describe('what cannot fit is refused before it is allocated', () => {
  const base: NetworkSpec = { name: 'n', dt: 0.1, populations: { A: lif(100) } };

  it('a scalar delay beyond 65 535 steps (the ring buffer would hold one slot per step)', () => {
    const spec: NetworkSpec = { ...base, projections: [{ from: 'A', to: 'A', connect: { p: 0.1 }, weight: 0.01, delay: 1e6 }] };
    expect(() => buildNetwork(spec, { t: 10 })).toThrow("network 'n', projection 'A->A', delay: delay 1000000 ms is 10000000 steps of dt = 0.1 ms; delays are limited to 65535 steps");
    // 6553.5 ms is exactly the limit
    expect(buildNetwork({ ...spec, projections: [{ ...spec.projections![0], delay: 6553.5 }] }, { t: 10 }).projections[0].delaySteps).toBe(65535);
  });

  it('dt = 1e-300 (issue 11: ran for ever) is refused with its step count and work; maxSteps raises the limit', () => {
    expect(() => buildNetwork(base, { t: 1000, dt: 1e-300 })).toThrow(
      "network 'n', dt: t = 1000 ms at dt = 1e-300 ms is 1.000e+303 steps (1.000e+305 cell-steps), more than the limit of 1.000e+8 steps; use a larger dt or a shorter t, or raise maxSteps",
    );
    expect(MAX_STEPS).toBe(1e8);
    // 1e8 + 1 steps: just over the default; allowed when raised (built lazily sized: 100 cells)
    expect(() => buildNetwork(base, { t: 1e7 + 0.1, dt: 0.1 })).toThrow(/is 1\.000e\+8 steps .* more than the limit of 1\.000e\+8 steps/);
    expect(buildNetwork(base, { t: 1e6, dt: 0.1, maxSteps: 2e8 }).steps).toBe(1e7);
    expect(() => buildNetwork(base, { t: 10, maxSteps: 2 ** 31 })).toThrow(/maxSteps must be a number from 1 to 2147483646/);
  });

  it('a Poisson source whose estimate exceeds the memory limit is refused with the estimate', () => {
    const spec: NetworkSpec = { ...base, sources: { S: { kind: 'poisson', size: 1000, rate: 1000 } }, projections: [{ from: 'S', to: 'A', connect: 'all', weight: 0.001 }] };
    // 1000 units x 1000 Hz x 70 s = 7e7 spikes x 12 bytes = 0.78 GiB, plus 7e5 steps x 20 bytes
    expect(() => buildNetwork(spec, { t: 70_000, memoryLimit: 0.5 * 1024 ** 3 })).toThrow(/needs an estimated 0\.8\d GB, more than the 0\.50 GB allowed \(memoryLimit\); largest item: source 'S' spike trains 0\.[78]\d GB/);
  });
});
