/**
 * The per-cell Poisson drive on the tensor target against a plain float32 loop written here: the
 * counts are `PoissonCountStream`'s (the host reference of the drive's draws), the arithmetic the
 * tensor target's op by op (each op rounded with Math.fround, as tfjs-backend-cpu stores float32),
 * so spikes and traces must be identical.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/network/build.js';
import { prepareTensor, runTensor } from '../../src/network/targets/tensor/run.js';
import { initBackend } from '../../src/network/targets/tensor/backend.js';
import { runKernel } from '../../src/network/targets/js-kernel/run.js';
import { PoissonCountStream } from '../../src/network/rng.js';
import type { NetworkSpec } from '../../src/network/spec.js';
import type { PoissonDrive } from '../../src/ir/network.js';

const f = Math.fround;

/** 40 leaky cells, a Poisson jump drive on v and a Poisson input drive on I, refractory 2 ms. */
const spec = {
  name: 'poisson-drive',
  dt: 0.1,
  t: 60,
  seed: 4,
  populations: {
    P: {
      model: {
        name: 'leaky',
        variables: { v: { ddt: '(-v + I)/tau', init: 0 } },
        parameters: { tau: 10, I: 0, vth: 1, t_ref: 2 },
        events: [{ when: 'v >= vth', reset: 'v = 0', refractory: 't_ref', clamp: ['v'] }],
      },
      size: 40,
      integration: 'euler',
    },
  },
  drives: [
    { kind: 'poisson', to: 'P', target: 'v', trains: 50, rate: 40, weight: 0.05 },
    { kind: 'poisson', to: 'P', target: 'I', trains: 200, rate: 10, weight: { uniform: [0.4, 0.8] } },
  ],
  monitors: { spikes: true, traces: [{ population: 'P', variables: 'v', cells: 'all' }] },
} as unknown as NetworkSpec;

/** The tensor target's step for this model, in float32, with the drives' counts from the host streams. */
function reference(): { cells: number[]; steps: number[]; v: number[] } {
  const built = buildNetwork(spec);
  const N = 40;
  const [jump, input] = built.drives as PoissonDrive[];
  expect(jump.mode).toBe('jump');
  expect(input.mode).toBe('input');
  const sj = new PoissonCountStream(jump.streamSeed, N, jump.cdf, jump.offset);
  const si = new PoissonCountStream(input.streamSeed, N, input.cdf, input.offset);
  const wi = input.weight as Float64Array;
  const h = f(built.dt);
  const [tau, vth, tref] = [f(10), f(1), f(2)];
  const v = new Float32Array(N);
  const ru = new Float32Array(N).fill(Number.NEGATIVE_INFINITY);
  const kj = new Float32Array(N);
  const ki = new Float32Array(N);
  const out = { cells: [] as number[], steps: [] as number[], v: Array.from(v) };
  const slope = (x: number, I: number): number => f(f(f(-x) + I) / tau);
  for (let n = 0; n < built.steps; n++) {
    sj.fill(kj);
    si.fill(ki);
    const t = f(n * built.dt);
    const tNext = f((n + 1) * built.dt);
    for (let j = 0; j < N; j++) {
      const ga = f(v[j] - vth);
      const inRef = t < ru[j];
      // the jump drive after the channels (none here), skipped while clamped
      if (!inRef) v[j] = f(v[j] + f(f(jump.weight as number) * kj[j]));
      const I = f(0 + f(f(wi[j]) * ki[j]));
      let x = v[j];
      if (inRef && ru[j] < tNext) x = f(x + f(f(tNext - ru[j]) * slope(x, I)));
      else if (!inRef) x = f(x + f(h * slope(x, I)));
      const gb = f(x - vth);
      if (!inRef && ga < 0 && gb >= 0) {
        const te = f(t + f(f(h * ga) / f(ga - gb)));
        ru[j] = f(te + tref);
        x = 0;
        out.cells.push(j);
        out.steps.push(n);
      }
      v[j] = x;
    }
    out.v.push(...v);
  }
  return out;
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('poisson drive on the tensor target', () => {
  it('jump and input modes: spikes and every state value equal the float32 host loop', async () => {
    const ref = reference();
    const r = await runTensor(buildNetwork(spec), { backend: 'cpu', chunk: 64 });
    expect(ref.cells.length).toBeGreaterThan(50);
    expect(Array.from(r.spikes.cell)).toEqual(ref.cells);
    expect(Array.from(r.spikes.step)).toEqual(ref.steps);
    const tv = r.traces[0].values;
    const at = ref.v.findIndex((x, i) => !Object.is(x, tv[i]));
    expect(at, `first difference at ${at}: ${tv[at]} against ${ref.v[at]}`).toBe(-1);
  });

  it('the chunk length changes nothing (the streams continue across chunks)', async () => {
    const a = await runTensor(buildNetwork(spec), { backend: 'cpu', chunk: 7 });
    const prepared = await prepareTensor(buildNetwork(spec), { backend: 'cpu', chunk: 1000 });
    const b = await prepared.run();
    prepared.close();
    expect(Array.from(a.spikes.cell)).toEqual(Array.from(b.spikes.cell));
    expect(Array.from(a.traces[0].values)).toEqual(Array.from(b.traces[0].values));
  });

  it('the kernel target at float32 draws the same counts: identical trains and state', async () => {
    const r = await runTensor(buildNetwork(spec), { backend: 'cpu' });
    const k = runKernel(buildNetwork(spec), { precision: 'float32' });
    expect(Array.from(r.spikes.cell)).toEqual(Array.from(k.spikes.cell));
    expect(Array.from(r.spikes.step)).toEqual(Array.from(k.spikes.step));
    // the kernel keeps refractory ends in float64 (tensor-vs-kernel.test.ts): compare the state
    // up to the first refractory end (t_ref = 2 ms after the first spike), bit for bit
    const firstEnd = Math.min(...k.spikes.time) + 2;
    const tv = r.traces[0].values;
    const at = k.traces[0].values.findIndex((x, i) => !Object.is(x, tv[i]));
    if (at >= 0) expect(r.traces[0].t[Math.floor(at / 40)]).toBeGreaterThan(firstEnd);
  });
});
