/**
 * Seed 003: the rate network E driven by FFE through rate synapses, integrated (a) adaptively by the
 * single-cell engine over the flattened state (odex, rtol 1e-10) and (b) by the kernel with RK4:
 * they must agree. Also the flattened equations against the seed's own formulas at the start.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { flattenNetwork } from '../../src/network/flatten.js';
import { loadNetwork } from '../../src/network/files.js';
import { simulate } from '../../src/single/simulate.js';
import { compile } from '../../src/compile/scalar.js';

describe('seed 003 rate network', () => {
  const f = loadNetwork('seed-003-rate');
  const net = buildNetwork(f.spec, { baseDir: f.baseDir });

  it('the flattened derivative at the start is the seed formula: di/dt = (-i + w g a (E - v))/tau', () => {
    const { model, legend } = flattenNetwork(net);
    const c = compile(model);
    const y = new Float64Array(c.n);
    c.init(c.defaults, y);
    const dy = new Float64Array(c.n);
    c.rhs(0, y, c.defaults, dy);
    const pr = net.projections[0];
    const src = net.sources[0] as { activity: Float64Array };
    for (const s of legend.synapses) {
      // post cell s.cell: sum over pre j of w_ji a_j, dense rows (pre j, post i at j*10 + i)
      let A = 0;
      for (let j = 0; j < 10; j++) A += pr.weight[j * 10 + s.cell] * src.activity[j];
      expect(dy[s.index]).toBeCloseTo((0 + 0.00002 * A * (0 - -70)) / 10, 12);
    }
    for (const cl of legend.cells) expect(dy[cl.index]).toBe(0); // v starts at rest with no current
  });

  it('kernel RK4 (dt 0.1 ms, sampled every 1 ms) and odex over the flattened state agree to 1e-6 mV', () => {
    const { model, legend } = flattenNetwork(net);
    const T = 1000;
    const ref = simulate(model, { t: T, rtol: 1e-10, atol: 1e-10, sample: 100 });
    const r = runKernel(net);
    const tr = r.traces.find((x) => x.variable === 'v')!;
    const every = Math.round(100 / (tr.t[1] - tr.t[0])); // samples per 100 ms
    let maxDiff = 0, moved = 0;
    for (let s = 1; s <= T / 100; s++) {
      for (const cl of legend.cells) {
        const kernel = tr.values[s * every * 10 + cl.cell];
        const odex = ref.y[model.variableNames[cl.index]][s];
        maxDiff = Math.max(maxDiff, Math.abs(kernel - odex));
        moved = Math.max(moved, Math.abs(odex + 70));
      }
    }
    expect(moved).toBeGreaterThan(5); // the input depolarises E by several mV
    expect(maxDiff).toBeLessThan(1e-6);
  });
});
