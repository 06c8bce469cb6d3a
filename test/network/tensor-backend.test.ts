/** TensorFlow.js back-end selection for the tensor target. */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, wasmDirectory } from '../../src/network/targets/tensor/backend.js';
import { OptionError } from '../../src/model/errors.js';

const require = createRequire(import.meta.url);
const installed = (pkg: string): boolean => {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};
const tfjsNode = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

describe('initBackend', () => {
  it("'cpu' always works and is what tfjs then uses", async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('finds the wasm binaries next to the package entry', () => {
    expect(existsSync(join(wasmDirectory(), 'tfjs-backend-wasm.wasm'))).toBe(true);
    expect(existsSync(join(wasmDirectory(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it("'wasm' initialises in Node from those files", async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    expect(Array.from(await tf.mul(x, x).data())).toEqual([1, 4, 9]);
    tf.dispose(x);
  });

  it.skipIf(tfjsNode)("'tensorflow' without tfjs-node installed: an OptionError that says how to install it", async () => {
    const err = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OptionError);
    expect(String((err as Error).message)).toMatch(/tensor back-end 'tensorflow' is not available/);
    expect(String((err as Error).message)).toMatch(/npm install @tensorflow\/tfjs-node/);
  });

  it('without a preference: tensorflow when installed, else wasm', async () => {
    expect(await initBackend()).toBe(tfjsNode ? 'tensorflow' : 'wasm');
  });

  it('an unknown name is an OptionError listing the choices', async () => {
    await expect(initBackend('gpu' as never)).rejects.toThrow(/unknown tensor back-end 'gpu' \(tensorflow, wasm, cpu\)/);
  });
});
