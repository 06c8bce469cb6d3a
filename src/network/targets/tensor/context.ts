/**
 * What every module of the tensor target shares during one prepared run: the network, the device
 * state (tensors replaced every step), run-long constants, and small op helpers that avoid kernels
 * tfjs would otherwise add per call.
 *
 * Ownership: every tensor made by `keep`, `k`, `full`, `cells` lives until `dispose()`; state
 * tensors are replaced by each step's `tf.tidy` (see run.ts) and freed in `dispose()` as well.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import { NetworkError } from '../../../ir/errors.js';
import type { BuiltNetwork, CellValues, RunOptions } from '../../../ir/network.js';
import type { BackendName } from './backend.js';

export interface TensorRunOptions extends RunOptions {
  /** TensorFlow.js back-end: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'; default: the best available */
  backend?: BackendName;
  /** steps kept on the device between read-backs (default 250) */
  chunk?: number;
  /**
   * How projections propagate: 'sparse' (gather + ordered segment sum, O(synapses), the kernel's
   * float32 summation order), 'dense' (one matMul with a pre × post matrix per projection) or
   * 'auto' (default: dense for projections of 2^16 to `denseLimit` pairs with at least
   * `denseFraction` of them connected, else sparse).
   */
  propagation?: 'auto' | 'sparse' | 'dense';
  /** largest pre × post matrix 'auto' makes dense (default 2^22 entries, 16 MB) */
  denseLimit?: number;
  /** smallest fraction of connected pairs 'auto' makes dense (default 0.25) */
  denseFraction?: number;
}

export class TensorContext {
  /** tensors that live for the whole run (parameters, weights, indices, constants) */
  readonly constants: T[] = [];
  /** run-long constants, which may also sit in the state (zeroed ring slots) but are never freed by a step */
  readonly constantSet = new Set<T>();
  /** persistent state, replaced every step */
  readonly state = new Map<string, T>();
  readonly cache = new Map<string, T>();
  readonly dt: number;
  /** dt in float32 */
  readonly h: number;

  constructor(
    readonly net: BuiltNetwork,
    readonly options: TensorRunOptions,
    readonly backend: BackendName,
  ) {
    this.dt = net.dt;
    this.h = Math.fround(net.dt);
  }

  keep<X extends T>(x: X): X {
    this.constants.push(x);
    this.constantSet.add(x);
    return x;
  }

  /** A scalar constant, created on first use and kept for the run (no per-step uploads). */
  k = (v: number | boolean, dtype: 'float32' | 'int32' | 'bool' = 'float32'): T => {
    // String(-0) is '0': -0 and 0 share a constant, as in the model compiler
    const key = `${dtype}:${String(v)}`;
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = tf.keep(this.keep(tf.scalar(v, dtype)))));
    return x;
  };

  /**
   * A constant of shape [n], created once: tf.where with a scalar branch tiles it to the full
   * shape on every call (two extra kernels), so selects take full-size constants.
   */
  full(v: number, n: number, dtype: 'float32' | 'int32' = 'float32'): T {
    const key = `full:${dtype}:${n}:${String(v)}`;
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = tf.keep(this.keep(tf.fill([n], v, dtype)))));
    return x;
  }

  /**
   * tf.where(c, a, b) without its broadcasting: tfjs 4 clones each argument (three Identity kernels)
   * even when the shapes already agree; then the Select kernel is called directly.
   */
  select(c: T, a: T, b: T): T {
    if (
      a.dtype === b.dtype &&
      c.rank === 1 &&
      a.rank === 1 &&
      b.rank === 1 &&
      c.shape[0] === a.shape[0] &&
      a.shape[0] === b.shape[0]
    ) {
      return tf.engine().runKernel('Select', { condition: c, t: a, e: b }, {}) as T;
    }
    return tf.where(c, a, b);
  }

  /** direction·g without a kernel for direction +1 */
  signed(direction: 1 | -1, g: T): T {
    return direction === 1 ? g : tf.neg(g);
  }

  /** A per-cell value as a float32 constant: a scalar when shared, else [size]. */
  cells(v: CellValues): T {
    return tf.keep(
      this.keep(typeof v === 'number' ? tf.scalar(v, 'float32') : tf.tensor1d(Float32Array.from(v), 'float32')),
    );
  }

  /** `cells` made once per key. */
  cellsOnce(key: string, v: CellValues): T {
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = this.cells(v)));
    return x;
  }

  /** An int32 index constant made once per key. */
  cellIndex(key: string, cells: Int32Array): T {
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = tf.keep(this.keep(tf.tensor1d(cells, 'int32')))));
    return x;
  }

  /** The newest value of a state tensor: this step's if already replaced, else the step start's. */
  get(next: Map<string, T>, key: string): T {
    return next.get(key) ?? this.state.get(key)!;
  }

  /**
   * x[indices]. GatherV2 of tfjs-backend-cpu and -wasm checks every index in JavaScript (a closure
   * per element, ~250 ns each on cpu); a segment sum with one segment per index computes the same
   * values (0 + x[i]) in a plain loop, ~10 times faster. tfjs-node gathers natively.
   */
  gather(x: T, indices: T, ids?: T): T {
    return ids ? tf.sparse.sparseSegmentSum(x, indices as tf.Tensor1D, ids as tf.Tensor1D) : tf.gather(x, indices);
  }

  unsupported(what: string): never {
    throw new NetworkError(`the tensor target does not support ${what} yet; run it on the kernel target`, {
      network: this.net.name,
    });
  }

  /** Free every tensor this context holds (state and constants). */
  dispose(): void {
    tf.dispose([...this.state.values(), ...this.constants]);
    this.state.clear();
    this.cache.clear();
    this.constants.length = 0;
    this.constantSet.clear();
  }
}
