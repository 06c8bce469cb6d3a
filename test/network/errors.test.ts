/** Bad networks are refused with a typed error naming what is wrong (and the nearest name). */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { NetworkError } from '../../src/ir/errors.js';
import { loadNetwork } from '../../src/network/files.js';
import type { NetworkSpec } from '../../src/network/spec.js';

const base = (): NetworkSpec => ({
  dt: 0.5, t: 10,
  populations: { exc: { model: 'izhikevich', size: 10 }, inh: { model: 'izhikevich', size: 5 } },
});
const fails = (spec: NetworkSpec, pattern: RegExp, options = {}): void => {
  let err: unknown;
  try {
    buildNetwork(spec, options);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(NetworkError);
  expect((err as Error).message).toMatch(pattern);
};

describe('network errors', () => {
  it('unknown population in a projection, with a suggestion', () => {
    fails({ ...base(), projections: [{ from: 'exc', to: 'ihn', connect: 'all' }] }, /projection 'exc->ihn'.*no population 'ihn'.*did you mean 'inh'/);
  });
  it('unknown parameter of a population, with a suggestion', () => {
    fails({ ...base(), populations: { exc: { model: 'izhikevich', size: 3, params: { cc: -60 } } } }, /population 'exc'.*no parameter 'cc'.*did you mean 'c'/);
  });
  it('synaptic target that is not a parameter', () => {
    fails({ ...base(), projections: [{ from: 'exc', to: 'inh', connect: 'all', synapse: { kind: 'pulse', target: 'Ii' } }] }, /target 'Ii' is not a parameter or input.*did you mean 'I'/);
  });
  it('unknown synapse kind and connectivity', () => {
    fails({ ...base(), projections: [{ from: 'exc', to: 'inh', connect: 'all', synapse: { kind: 'conductanse' } as never }] }, /projections\[0\]\.synapse\.kind: must be one of "jump", .*, got "conductanse".*did you mean 'conductance'/);
    fails({ ...base(), projections: [{ from: 'exc', to: 'inh', connect: { indegree: 20 } }] }, /indegree 20 exceeds the 10 distinct partners/);
    fails({ ...base(), projections: [{ from: 'exc', to: 'inh', connect: { p: 1.5 } }] }, /projections\[0\]\.connect\.p: must be <= 1, got 1\.5/);
  });
  it('bad values: expression names, distributions, array lengths', () => {
    fails({ ...base(), populations: { exc: { model: 'izhikevich', size: 3, params: { c: '-65 + 15*q^2' } } } }, /unknown name 'q'/);
    fails({ ...base(), populations: { exc: { model: 'izhikevich', size: 3, params: { c: [1, 2] } } } }, /has 2 values for 3 cells/);
    fails({ ...base(), populations: { exc: { model: 'izhikevich', size: 3, params: { c: { gama: [1, 2] } as never } } } }, /populations\.exc\.params\.c\.gama: unknown key 'gama'.*did you mean 'gamma'/);
  });
  it('a duration that is not a whole number of steps; an unknown integration method', () => {
    fails({ ...base(), t: 10.25 }, /not a whole number of steps/);
    fails({ ...base(), populations: { exc: { model: 'izhikevich', size: 3, integration: 'rk45' as never } } }, /populations\.exc\.integration: must be one of .*got "rk45".*did you mean 'rk4'/);
  });
  it('unknown bundled network or file key', () => {
    expect(() => loadNetwork('izhikevich-2030')).toThrow(/did you mean 'izhikevich-2003'/);
  });
  it('a network above the memory limit is refused before allocation, with the estimate and its largest item', () => {
    // 10^6 cells with in-degree 1000: 10^9 synapses, ~7.5 GB (int32 columns, float32 weights); refused in milliseconds (nothing built)
    const started = performance.now();
    fails({ ...base(), populations: { exc: { model: 'izhikevich', size: 1_000_000 } }, projections: [{ from: 'exc', to: 'exc', connect: { indegree: 1000 } }] },
      /needs an estimated 7\.\d+ GB, more than the 4\.00 GB allowed \(memoryLimit\); largest item: projection 'exc->exc' synapses/, { memoryLimit: 4 * 1024 ** 3 });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('the classic networks', () => {
  it('need at least one excitatory and one inhibitory cell: a clear error below n = 3', async () => {
    const { seedConductance, izhikevich2003 } = await import('../../src/network/classics.js');
    expect(() => izhikevich2003(2)).toThrow(/izhikevich2003\(n\): n must be a whole number >= 3 .*got 2/);
    expect(() => seedConductance(1.5)).toThrow(/seedConductance\(n\): n must be a whole number >= 3/);
    expect(izhikevich2003(3).populations).toMatchObject({ exc: { size: 2 }, inh: { size: 1 } });
  });
});

describe('memory estimate', () => {
  it('reserves a drive table per step only for drives that have one (current, noise with a mean)', async () => {
    const { memoryOf } = await import('../../src/network/build.js');
    const tables = (drives: object[]): number => {
      const built = buildNetwork({ dt: 1, t: 10000, populations: { N: { model: 'lif', size: 1 } }, drives: drives as never });
      return memoryOf(built)!.items.find((i) => i.what === 'drive tables')?.bytes ?? 0;
    };
    expect(tables([{ kind: 'noise', to: 'N', sigma: 1 }])).toBe(0);
    expect(tables([{ kind: 'noise', to: 'N', sigma: 1, mean: 0.5 }])).toBe(10000 * 8);
    expect(tables([{ kind: 'current', to: 'N', value: 't < 5000 ? 1 : 0' }, { kind: 'noise', to: 'N', sigma: 1 }])).toBe(10000 * 8);
  });

  it('covers what the build allocates (typed arrays of the built network) without a wild overestimate', async () => {
    const { memoryOf } = await import('../../src/network/build.js');
    const { seedConductance, izhikevich2003 } = await import('../../src/network/classics.js');
    for (const spec of [seedConductance(3000), izhikevich2003(2000, { indegree: 100 })]) {
      const built = buildNetwork({ ...spec, monitors: { spikes: true } });
      let bytes = 0;
      const walk = (x: unknown): void => {
        if (ArrayBuffer.isView(x)) bytes += x.byteLength;
        else if (Array.isArray(x)) x.forEach(walk);
        else if (x && typeof x === 'object' && !('traverse' in x)) Object.values(x).forEach(walk);
      };
      walk({ populations: built.populations.map((p) => ({ params: p.params, init: p.init })), sources: built.sources, projections: built.projections, drives: built.drives });
      // the kernel adds its state copies and accumulators: 2 arrays per variable + channel buffers
      const cells = built.populations.reduce((a, p) => a + p.size * p.model.variables.length, 0);
      const est = memoryOf(built)!.bytes;
      expect(est).toBeGreaterThan(bytes + cells * 8);
      expect(est).toBeLessThan(3 * (bytes + cells * 16) + 2 ** 21);
    }
  });
});
