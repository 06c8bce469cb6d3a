/**
 * prepare → run → close on the tensor target (issue 13): prepare() holds the device memory of the
 * run (models, weights, plans, initial state), run() only steps, close() frees every tensor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { buildNetwork } from '../../src/network/build.js';
import { networkTarget } from '../../src/network/targets/index.js';
import { prepareTensor } from '../../src/network/targets/tensor/run.js';
import { initBackend } from '../../src/network/targets/tensor/backend.js';
import type { NetworkSpec } from '../../src/network/spec.js';
import { rateZoo, zoo } from './golden/cases.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('tensor prepare/run/close', () => {
  it('prepare allocates, close frees every tensor (without running)', async () => {
    const before = tf.memory().numTensors;
    const prepared = await prepareTensor(buildNetwork(zoo('rk4') as unknown as NetworkSpec), { backend: 'cpu' });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    prepared.close();
    expect(tf.memory().numTensors).toBe(before);
    prepared.close();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('through the registry: run() steps what prepare() set up, close() returns to the start', async () => {
    const before = tf.memory().numTensors;
    const target = networkTarget('tensor');
    const prepared = await target.prepare(buildNetwork(rateZoo('expeuler') as unknown as NetworkSpec), {
      backend: 'cpu',
    });
    const held = tf.memory().numTensors;
    expect(held).toBeGreaterThan(before);
    const r = await prepared.run();
    expect(r.target).toBe('tensor/cpu');
    expect(r.traces[0].values.every(Number.isFinite)).toBe(true);
    prepared.close();
    expect(tf.memory().numTensors).toBe(before);
    await expect(prepared.run()).rejects.toThrow(/already run/);
  });

  it('a network the target refuses frees what prepare had made before the refusal', async () => {
    const before = tf.memory().numTensors;
    const spec = zoo('euler', 'located') as unknown as NetworkSpec;
    await expect(prepareTensor(buildNetwork(spec), { backend: 'cpu' })).rejects.toThrow(/located/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
