/**
 * The kernel's per-cell Poisson drive against a straightforward host loop over the counts of
 * PoissonCountStream (the bit-exact reference, src/network/rng.ts): a jump onto a state variable,
 * an input over the step, and a jump skipped while a refractory period clamps the variable. One
 * and two threads and float32 give the host's numbers exactly.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork, runNetwork, type NetworkSpec } from '../../src/network/index.js';
import { PoissonCountStream } from '../../src/network/rng.js';
import type { BuiltNetwork, PoissonDrive } from '../../src/ir/network.js';

const N = 300; // more than one block of 256 cells: two streams, and a split across threads
const DT = 0.25;
const STEPS = 60;

/** The counts of the network's first drive, step-major. */
function counts(built: BuiltNetwork): Float64Array {
  const d = built.drives[0] as PoissonDrive;
  const out = new Float64Array(STEPS * N);
  new PoissonCountStream(d.streamSeed, N, d.cdf, d.offset).fill(out);
  return out;
}

function spec(model: object, target: string, weight: number, extra: object = {}): NetworkSpec {
  return {
    name: 'poisson-kernel',
    dt: DT,
    t: STEPS * DT,
    seed: 5,
    populations: { A: { model, size: N, integration: 'euler' } },
    drives: [{ kind: 'poisson', to: 'A', target, trains: 200, rate: 40, weight }],
    monitors: { spikes: true, traces: [{ population: 'A', variables: ['v'], cells: [...Array(N).keys()] }] },
    ...extra,
  } as unknown as NetworkSpec;
}

const F = Math.fround;
const OPTIONS = [{}, { threads: 2 }, { precision: 'float32' as const }];

describe('kernel: per-cell Poisson drive', () => {
  it('jump: v += w k every step, the counts of PoissonCountStream', async () => {
    const s = spec({ name: 'acc', variables: { v: { ddt: '0', init: 0 } }, parameters: {} }, 'v', 0.1);
    for (const o of OPTIONS) {
      const built = buildNetwork(s);
      const k = counts(built);
      const f32 = o.precision === 'float32';
      const r = await runNetwork(built, { target: 'kernel', ...o });
      const v = new Float64Array(N);
      const want = new Float64Array((STEPS + 1) * N);
      for (let n = 0; n < STEPS; n++) {
        for (let j = 0; j < N; j++) v[j] = f32 ? F(v[j] + F(F(0.1) * k[n * N + j])) : v[j] + 0.1 * k[n * N + j];
        want.set(v, (n + 1) * N);
      }
      expect(Array.from(r.traces[0].values), JSON.stringify(o)).toEqual(Array.from(want));
      expect(want.some((x) => x > 0)).toBe(true);
    }
  });

  it('input: w k added to the parameter over the step (euler: v += dt (I + w k))', async () => {
    const model = { name: 'int', variables: { v: { ddt: 'I', init: 0 } }, parameters: { I: 0 } };
    const built = buildNetwork(spec(model, 'I', 0.3));
    const k = counts(built);
    const r = await runNetwork(built, { target: 'kernel' });
    const v = new Float64Array(N);
    const want = new Float64Array((STEPS + 1) * N);
    for (let n = 0; n < STEPS; n++) {
      for (let j = 0; j < N; j++) v[j] = v[j] + DT * (0 + 0.3 * k[n * N + j]);
      want.set(v, (n + 1) * N);
    }
    expect(Array.from(r.traces[0].values)).toEqual(Array.from(want));
  });

  it('jump: skipped while the refractory period clamps the variable; spikes as the host loop', async () => {
    const model = {
      name: 'ref',
      variables: { v: { ddt: '0', init: 0 } },
      parameters: {},
      events: [{ when: 'v >= 1', reset: 'v = 0', refractory: 2, clamp: ['v'] }],
    };
    for (const o of OPTIONS.slice(0, 2)) {
      const built = buildNetwork(spec(model, 'v', 0.25));
      const k = counts(built);
      const r = await runNetwork(built, { target: 'kernel', ...o });
      const v = new Float64Array(N);
      const ru = new Float64Array(N).fill(-Infinity);
      const cell: number[] = [],
        time: number[] = [],
        step: number[] = [];
      for (let n = 0; n < STEPS; n++) {
        const t = n * DT;
        for (let j = 0; j < N; j++) {
          if (t < ru[j]) continue; // clamped: no jump, v' = 0, not watched
          const ga = v[j] - 1;
          v[j] = v[j] + 0.25 * k[n * N + j];
          const gb = v[j] - 1;
          if (ga < 0 && gb >= 0) {
            const te = t + (DT * ga) / (ga - gb);
            v[j] = 0;
            ru[j] = te + 2;
            cell.push(j), time.push(te), step.push(n);
          }
        }
      }
      expect(cell.length).toBeGreaterThan(20);
      expect(Array.from(r.spikes.cell), JSON.stringify(o)).toEqual(cell);
      expect(Array.from(r.spikes.time)).toEqual(time);
      expect(Array.from(r.spikes.step)).toEqual(step);
    }
  });
});
