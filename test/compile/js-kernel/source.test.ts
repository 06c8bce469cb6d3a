/**
 * What the kernel emits, as reviewable files: one small network per integration method and per
 * synapse kind, plus a noise and a Poisson drive, each generated source compared with its snapshot in
 * __snapshots__/ (update deliberately with `npx vitest run test/compile/js-kernel -u` and read the
 * diff). Numbers are guarded by test/network/golden; these guard the text.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork, type NetworkSpec } from '../../../src/network/index.js';
import { generateKernel } from '../../../src/compile/js-kernel/generate.js';

const lif = {
  name: 'lif-snap',
  variables: { v: { ddt: '(-(v - v_rest) + R*I)/tau', init: 0 } },
  parameters: { tau: 10, R: 1, v_rest: 0, v_th: 1, v_reset: 0, t_ref: 2, I: 0.9 },
  events: [{ when: 'v >= v_th', reset: 'v = v_reset', refractory: 't_ref', clamp: ['v'] }],
};
const adapt = {
  name: 'adapt-snap',
  variables: { v: { ddt: '(-v + I - w)/tau', init: 0 }, w: { ddt: '(a*v - w)/tau_w', init: 0 } },
  parameters: { tau: 10, I: 1.05, a: 0.2, tau_w: 50, b: 0.05 },
  events: [{ when: 'v >= 1', reset: 'v = 0; w = w + b' }],
};
const relu = {
  name: 'relu-snap',
  variables: { r: { ddt: '(-r + max(0, I))/tau', init: 0 } },
  parameters: { tau: 5, I: 0.2 },
};

/** A population of `model` driven by a Poisson source through one synapse. */
function net(name: string, model: object, integration: unknown, synapse: object | null, extra = {}): NetworkSpec {
  return {
    name,
    dt: 0.25,
    t: 10,
    seed: 1,
    populations: { A: { model, size: 8, integration } },
    sources: { P: { kind: 'poisson', size: 4, rate: 20 } },
    projections: synapse ? [{ from: 'P', to: 'A', connect: 'all', weight: 0.1, synapse }] : [],
    monitors: { spikes: true },
    ...extra,
  } as unknown as NetworkSpec;
}

const METHODS = ['euler', 'rk2', 'rk4', 'expeuler'] as const;
const CURRENT = { kind: 'current', tau: 3 };
const CASES: [string, NetworkSpec][] = [
  ...METHODS.map((m): [string, NetworkSpec] => [`method-${m}`, net(`method-${m}`, adapt, m, CURRENT)]),
  ['method-sequential', net('method-sequential', adapt, { method: 'sequential', substeps: { v: 2 } }, CURRENT)],
  ['synapse-jump', net('synapse-jump', lif, 'euler', { kind: 'jump', target: 'v' })],
  ['synapse-pulse', net('synapse-pulse', lif, 'euler', { kind: 'pulse' })],
  ['synapse-current', net('synapse-current', lif, 'euler', { kind: 'current', tau: 3 })],
  ['synapse-conductance', net('synapse-conductance', lif, 'euler', { kind: 'conductance', E: 2, tau: 5 })],
  ['synapse-filtered', net('synapse-filtered', lif, 'euler', { kind: 'filtered', shape: 'alpha', tau: 2, window: 1 })],
  [
    'synapse-rate',
    {
      name: 'synapse-rate',
      dt: 0.1,
      t: 5,
      seed: 1,
      populations: { R: { model: relu, size: 4, integration: 'euler' } },
      sources: { S: { kind: 'rates', size: 2, activity: 1 } },
      projections: [
        { from: 'S', to: 'R', connect: 'all', weight: 0.1, synapse: { kind: 'rate', tau: 2, gain: 1.5, E: 2 } },
        { from: 'R', to: 'R', connect: 'all', weight: -0.2, synapse: { kind: 'rate', tau: 3, activity: 'r' } },
      ],
      monitors: { spikes: false },
    } as unknown as NetworkSpec,
  ],
  ['drive-noise', net('drive-noise', lif, 'euler', null, { drives: [{ kind: 'noise', to: 'A', sigma: 0.05 }] })],
  [
    'drive-poisson',
    net('drive-poisson', lif, 'euler', null, {
      drives: [{ kind: 'poisson', to: 'A', target: 'v', trains: 100, rate: 10, weight: 0.1 }],
    }),
  ],
];

describe('kernel source snapshots', () => {
  for (const [name, spec] of CASES) {
    it(name, async () => {
      const { source } = generateKernel(buildNetwork(spec));
      await expect(source).toMatchFileSnapshot(`__snapshots__/${name}.js`);
    });
  }
});

describe('kernel manifest', () => {
  it('lists every array the source reads, once, with what a run writes', () => {
    const built = buildNetwork(CASES.find(([n]) => n === 'synapse-filtered')![1]);
    const { source, arrays } = generateKernel(built);
    const names = arrays.map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [, name] of source.matchAll(/\b([A-Z][A-Z0-9_]*) = S\.\1\b/g)) {
      if (!['KN', 'WN', 'TAIL', 'MON', 'FAIL', 'KS', 'BAR'].includes(name)) expect(names).toContain(name);
    }
    const mutable = new Set(arrays.filter((x) => x.mutable).map((x) => x.name));
    expect(mutable.has('Y0_0')).toBe(true);
    expect(mutable.has('RP0')).toBe(false);
    expect(arrays.find((x) => x.name === 'CNT')).toMatchObject({ shared: false, role: { kind: 'counts' } });
  });
});
