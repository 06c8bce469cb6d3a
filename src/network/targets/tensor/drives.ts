/**
 * Inputs drawn or read on the host and uploaded once per chunk of steps: source spike counts,
 * current-drive values, noise normals (`NoiseStream`) and Poisson-drive counts
 * (`PoissonCountStream`), each in the kernel's order, so a seed gives the same inputs on every
 * target. Each step then reads its row of a chunk without a kernel (one unstack per chunk).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import type { Drive, SpikeSource } from '../../../ir/network.js';
import { NoiseStream, PoissonCountStream } from '../../rng.js';
import type { TensorContext } from './context.js';

export interface ChunkInputs {
  /** per source index and step of the chunk: spike counts [size] */
  src: Map<number, T[]>;
  /** per drive and step of the chunk: current value (scalar), noise normals or Poisson counts [size] */
  drives: T[][];
  /** every tensor above, freed after the chunk */
  all: T[];
}

/** Host-side streams of a run, each advanced chunk by chunk. */
export class DriveStreams {
  /** spike sources that some projection reads */
  readonly sources = new Map<number, SpikeSource>();
  private readonly streams = new Map<number, NoiseStream | PoissonCountStream>();

  constructor(readonly ctx: TensorContext) {
    for (const proj of ctx.net.projections) {
      if (proj.pre.kind !== 'source') continue;
      const src = ctx.net.sources[proj.pre.index];
      if (src.kind === 'spikes') this.sources.set(proj.pre.index, src);
    }
  }

  /** the inputs of steps n0 .. n0 + K - 1 on the device */
  chunk(n0: number, K: number): ChunkInputs {
    const all: T[] = [];
    const src = new Map<number, T[]>();
    const rows = (x: T): T[] => {
      const r = tf.unstack(x);
      x.dispose();
      all.push(...r);
      return r;
    };
    for (const [s, source] of this.sources) {
      // spike counts per step and source cell (explicit trains may hold two spikes in one step)
      const m = new Float32Array(K * source.size);
      for (let k = 0; k < K; k++) {
        for (let q = source.stepPtr[n0 + k]; q < source.stepPtr[n0 + k + 1]; q++)
          m[k * source.size + source.cells[q]] += 1;
      }
      src.set(s, rows(tf.tensor2d(m, [K, source.size], 'float32')));
    }
    const drives = this.ctx.net.drives.map((d, q) => rows(this.driveChunk(d, q, n0, K)));
    return { src, drives, all };
  }

  private driveChunk(d: Drive, q: number, n0: number, K: number): T {
    if (d.kind === 'current') return tf.tensor1d(Float32Array.from(d.values.subarray(n0, n0 + K)), 'float32');
    const size = this.ctx.net.populations[d.population].size;
    // one draw per cell per step from the drive's block streams, step-major (the kernel's order)
    let stream = this.streams.get(q);
    if (!stream) {
      stream =
        d.kind === 'noise'
          ? new NoiseStream(d.streamSeed, size)
          : new PoissonCountStream(d.streamSeed, size, d.cdf, d.offset);
      this.streams.set(q, stream);
    }
    const z = new Float32Array(K * size);
    stream.fill(z);
    return tf.tensor2d(z, [K, size], 'float32');
  }
}

/**
 * Step phase 2's drive values: a current's value (times its scale), sigma z for noise, weight k
 * for a Poisson drive (its float32 increment fround(weight k); counts are whole numbers, exact in
 * float32 up to 2^24). A Poisson 'jump' drive's value is added to its state variable, not an input.
 */
export function driveValues(ctx: TensorContext, inputs: ChunkInputs, k: number): T[] {
  return ctx.net.drives.map((d, q) => {
    const x = inputs.drives[q][k];
    if (d.kind === 'current')
      return typeof d.scale === 'number' && d.scale === 1 ? x : tf.mul(x, ctx.cellsOnce(`scale:${q}`, d.scale));
    if (d.kind === 'noise') return tf.mul(ctx.cellsOnce(`sigma:${q}`, d.sigma), x);
    return tf.mul(ctx.cellsOnce(`weight:${q}`, d.weight), x);
  });
}
