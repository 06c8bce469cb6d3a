/**
 * Propagation on the tensor target: every channel's arrivals, O(synapses) per step, never an N²
 * matrix unless asked to. Spike counts gathered at the synapses' presynaptic cells × weights are
 * summed per postsynaptic cell by `sparseSegmentSum` over the synapses sorted by post cell (the one
 * segment reduction every back-end has: tfjs-backend-wasm has no UnsortedSegmentSum). The
 * accumulator's old value leads each cell's segment, so the float32 sum runs in the kernel's order
 * (old value, then projection by projection, pre cells ascending). `propagation: 'dense'` uses one
 * matMul per projection instead (fast on a GPU for dense connectivity, summed in the back-end's order).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import { OptionError } from '../../../model/errors.js';
import type { BuiltProjection } from '../../../ir/network.js';
import type { TensorContext } from './context.js';
import { accumulatorKey, type SynapseRun } from './synapses.js';

/** One write of a channel's arrivals into a ring slot (or straight into its state): all synapses of one delay. */
export interface Write {
  delay: number;
  /** sparse part: contributions (one per projection, in projection order) then an ordered segment sum */
  sparse: { proj: BuiltProjection; pre: T; w: T; ids?: T }[];
  /** segment-sum plan over concat([acc, contributions...]): indices and their (sorted) post cells */
  indices?: T;
  segments?: T;
  /** dense part: [pre, post] matrices, added after the sparse part in projection order */
  dense: { proj: BuiltProjection; W: T }[];
}

/** Synapses of a projection per delay, in CSR order (pre ascending, then row order): the kernel's order. */
function byDelay(proj: BuiltProjection): Map<number, Int32Array | null> {
  const groups = new Map<number, Int32Array | null>();
  // one delay for all (the usual case): the CSR arrays as they are
  if (!proj.delays) return groups.set(proj.delaySteps, null);
  const nnz = proj.weight.length;
  const count = new Map<number, number>();
  for (let q = 0; q < nnz; q++) count.set(proj.delays[q], (count.get(proj.delays[q]) ?? 0) + 1);
  const at = new Map<number, number>();
  for (const [d, c] of count) groups.set(d, new Int32Array(c)), at.set(d, 0);
  for (let q = 0; q < nnz; q++) {
    const d = proj.delays[q];
    const k = at.get(d)!;
    groups.get(d)![k] = q;
    at.set(d, k + 1);
  }
  return groups;
}

/** the values of `all` at the synapses `syn` (all of them when null), as a new array of the same type */
function pick<A extends Int32Array | Float32Array>(all: A, syn: Int32Array | null): A {
  if (syn === null) return all.slice() as A;
  const out = (all instanceof Int32Array ? new Int32Array(syn.length) : new Float32Array(syn.length)) as A;
  for (let j = 0; j < syn.length; j++) out[j] = all[syn[j]];
  return out;
}

/** Propagation plans of a channel: one write per delay value, in the kernel's summation order. */
export function planWrites(ctx: TensorContext, s: SynapseRun): Write[] {
  const N = s.N;
  const mode = ctx.options.propagation ?? 'auto';
  const denseLimit = ctx.options.denseLimit ?? 1 << 22;
  const denseFraction = ctx.options.denseFraction ?? 0.25;
  const writes = new Map<number, Write>();
  /** post cells of each sparse contribution, per write (for the segment plan) */
  const colsOf = new Map<Write, Int32Array[]>();
  const write = (d: number): Write => {
    let w = writes.get(d);
    if (!w) writes.set(d, (w = { delay: d, sparse: [], dense: [] }));
    return w;
  };
  for (const proj of s.ch.projections) {
    const preSize = proj.pre.size;
    const nnz = proj.weight.length;
    const preOf = new Int32Array(nnz);
    for (let i = 0; i < preSize; i++) preOf.fill(i, proj.rowPtr[i], proj.rowPtr[i + 1]);
    const colAll = proj.col ?? Int32Array.from({ length: nnz }, (_, q) => q % N);
    // auto: a matrix only where it pays (>= 2^16 entries, mostly connected); small projections take
    // the segment sum, which also keeps the kernel's float32 summation order
    const pairs = preSize * N;
    const dense =
      mode === 'dense' || (mode === 'auto' && pairs >= 1 << 16 && pairs <= denseLimit && nnz >= denseFraction * pairs);
    for (const [d, syn] of byDelay(proj)) {
      const w = write(d);
      const m = syn === null ? nnz : syn.length;
      if (dense) {
        if (pairs > 2 ** 30)
          throw new OptionError(
            `projection '${proj.name}': a dense ${preSize} × ${N} matrix is too large; use propagation 'sparse'`,
          );
        // multapses add up in the matrix
        const M = new Float32Array(pairs);
        for (let j = 0; j < m; j++) {
          const q = syn === null ? j : syn[j];
          M[preOf[q] * N + colAll[q]] += proj.weight[q];
        }
        w.dense.push({ proj, W: ctx.keep(tf.tensor2d(M, [preSize, N], 'float32')) });
      } else {
        w.sparse.push({
          proj,
          pre: ctx.keep(tf.tensor1d(pick(preOf, syn), 'int32')),
          w: ctx.keep(tf.tensor1d(pick(proj.weight, syn), 'float32')),
          ids: ctx.backend !== 'tensorflow' ? ctx.keep(tf.range(0, m, 1, 'int32')) : undefined,
        });
        colsOf.set(w, [...(colsOf.get(w) ?? []), pick(colAll, syn)]);
      }
    }
  }
  for (const [w, cols] of colsOf) segmentPlan(ctx, w, cols, N);
  return [...writes.values()].sort((a, b) => a.delay - b.delay);
}

/**
 * data = concat([acc (N), contributions of projection 1, 2, ...]); post cell j's segment lists
 * acc[j] first, then its synapses in projection order and CSR order.
 */
function segmentPlan(ctx: TensorContext, w: Write, cols: Int32Array[], N: number): void {
  const M = cols.reduce((a, c) => a + c.length, 0);
  const sizes = new Int32Array(N).fill(1);
  for (const c of cols) for (const j of c) sizes[j]++;
  const indices = new Int32Array(N + M);
  const segments = new Int32Array(N + M);
  const fill = new Int32Array(N);
  let pos = 0;
  for (let j = 0; j < N; j++) {
    indices[pos] = j;
    segments.fill(j, pos, pos + sizes[j]);
    fill[j] = pos + 1;
    pos += sizes[j];
  }
  let offset = N;
  for (const c of cols) {
    for (let q = 0; q < c.length; q++) indices[fill[c[q]]++] = offset + q;
    offset += c.length;
  }
  w.indices = ctx.keep(tf.tensor1d(indices, 'int32'));
  w.segments = ctx.keep(tf.tensor1d(segments, 'int32'));
}

/**
 * Step phase 1: the population spikes of step n-1 and the source spikes of step n into their ring
 * slots (or states), and the activities of rate channels. `spikesOf(proj)` is the pre side's spike
 * counts of this step, `activityOf(proj)` its activities; returns X per channel id for activity channels.
 */
export function deliver(
  ctx: TensorContext,
  syns: SynapseRun[],
  n: number,
  spikesOf: (proj: BuiltProjection) => T,
  activityOf: (proj: BuiltProjection) => T,
  next: Map<string, T>,
): (T | undefined)[] {
  const activity: (T | undefined)[] = [];
  for (const s of syns) {
    const rate = s.b.delivery === 'activity';
    for (const w of s.writes) {
      const key = accumulatorKey(s, n, w.delay);
      // activities are summed afresh every step (the kernel clears them after reading)
      const acc = rate ? ctx.full(0, s.N) : ctx.get(next, key);
      const mask = rate ? activityOf : spikesOf;
      let out = acc;
      if (w.sparse.length) {
        const data = tf.concat([acc, ...w.sparse.map((p) => tf.mul(ctx.gather(mask(p.proj), p.pre, p.ids), p.w))]);
        out = tf.sparse.sparseSegmentSum(data, w.indices as tf.Tensor1D, w.segments as tf.Tensor1D);
      }
      for (const d of w.dense)
        out = tf.add(out, tf.reshape(tf.matMul(tf.reshape(mask(d.proj), [1, d.proj.pre.size]), d.W), [s.N]));
      if (rate) activity[s.ch.id] = out;
      else next.set(key, out);
    }
  }
  return activity;
}
