/**
 * The network path of a single-cell model against simulate()'s fixed-step driver, method by method
 * (issue 13: one method code for both). For every method that a network population and simulate()
 * both take, one unconnected cell run by the JS kernel with `events: 'located'` (the kernel's
 * emulation of the fixed-step driver: pieces ending at refractory ends and events, events
 * root-found on the method's own partial step, reset there) gives simulate()'s spike times and its
 * trace at every step end bit for bit. Bit-identity is the right bar, not a tolerance: both apply
 * the same stencil (src/ir/methods.ts) in float64, operation by operation in the stencil's order,
 * to the same model ASTs emitted by the same emitter, with the same root search; a parameter the
 * kernel inlines as a constant is the same double simulate() reads from its parameter vector, and a
 * current drive onto a zero base adds 0 + I = I exactly.
 */
import { describe, expect, it } from 'vitest';
import { STENCILS } from '../../src/ir/methods.js';
import type { NetworkResult } from '../../src/ir/network.js';
import { loadModel } from '../../src/model/modelfile.js';
import { buildNetwork } from '../../src/network/build.js';
import type { NetworkSpec } from '../../src/network/schema.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { METHODS, simulate, type FixedMethod } from '../../src/single/simulate.js';

/** The methods both sides take: network stencils that simulate() also offers. */
const SHARED = (Object.keys(STENCILS) as string[])
  .filter((m): m is FixedMethod => (METHODS as string[]).includes(m));

interface Case {
  name: string;
  model: string;
  variables: string[];
  dt: number;
  t: number;
  /** the constant current: as the parameter I, or as a current drive onto I = 0 */
  I: number;
  drive?: boolean;
}

const CASES: Case[] = [
  { name: 'izhikevich, I = 10', model: 'izhikevich', variables: ['v', 'u'], dt: 0.1, t: 300, I: 10 },
  {
    name: 'izhikevich, a current drive of 14', model: 'izhikevich', variables: ['v', 'u'],
    dt: 0.25, t: 300, I: 14, drive: true,
  },
  // a refractory period with a clamp; at dt 0.3 it ends inside a step, which is split there
  { name: 'lif, I = 1.5', model: 'lif', variables: ['v'], dt: 0.1, t: 200, I: 1.5 },
  { name: 'lif, I = 3, dt 0.3', model: 'lif', variables: ['v'], dt: 0.3, t: 150, I: 3 },
];

function network(c: Case, method: FixedMethod): NetworkSpec {
  return {
    dt: c.dt,
    t: c.t,
    populations: {
      A: { model: c.model, size: 1, integration: method, events: 'located', params: { I: c.drive ? 0 : c.I } },
    },
    drives: c.drive ? [{ kind: 'current', to: 'A', value: c.I }] : [],
    monitors: { spikes: true, traces: [{ population: 'A', variables: c.variables, cells: [0] }] },
  };
}

function trace(r: NetworkResult, variable: string): NetworkResult['traces'][number] {
  const tr = r.traces.find((x) => x.variable === variable);
  if (!tr) throw new Error(`no trace of ${variable}`);
  return tr;
}

describe('one unconnected cell in the kernel (events: located) = simulate() fixed-step, per method', () => {
  it('the shared methods are euler, rk2 and rk4', () => {
    expect(SHARED).toEqual(['euler', 'rk2', 'rk4']);
  });

  for (const c of CASES) {
    for (const method of SHARED) {
      it(`${c.name}, ${method}: the same spike times and step-end states, bit for bit`, () => {
        const net = runKernel(buildNetwork(network(c, method)));
        // eventPoints off: simulate() then records the state at every step end, as a trace does
        const options = { t: c.t, dt: c.dt, method, params: { I: c.I }, eventPoints: false };
        const ref = simulate(loadModel(c.model), options);
        expect(ref.spikes.length).toBeGreaterThan(5); // the comparison covers spikes, not a quiet cell
        expect([...net.spikes.time]).toEqual(ref.spikes);
        for (const v of c.variables) {
          const tr = trace(net, v);
          expect([...tr.t]).toEqual([...ref.t]);
          expect([...tr.values], v).toEqual([...ref.y[v]]);
        }
      });
    }
  }
});
