/**
 * The typed arrays of a kernel run, allocated from the program's manifest (src/compile/js-kernel/
 * manifest.ts): on SharedArrayBuffers when the cells are split over threads, plain arrays on one
 * thread (the built network's read-only arrays then used as they are). Also the warm-up's scratch
 * copies of what a run writes, and each part's view (its slice of per-part arrays).
 */
import { ARRAY_TYPES, type KernelArray } from '../../../compile/js-kernel/manifest.js';
import type { KernelSplit } from '../../../compile/js-kernel/generate.js';
import type { BuiltNetwork } from '../../../ir/network.js';
import { blockSeed, Rng } from '../../rng.js';

export type KernelTypedArray = Float64Array | Float32Array | Int32Array | Uint8Array | Uint16Array;
type Ctor = (typeof ARRAY_TYPES)[keyof typeof ARRAY_TYPES];

/** First index s in [from, to) with col[s] >= c (columns ascend within a CSR row). */
function lowerBound(col: Int32Array, from: number, to: number, c: number): number {
  let lo = from,
    hi = to;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (col[m] < c) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The arrays of a run by name, and how each part sees them. */
export class KernelArrays {
  readonly arrays: Record<string, KernelTypedArray> = {};

  constructor(
    readonly manifest: KernelArray[],
    private readonly net: BuiltNetwork,
    private readonly ranges: KernelSplit['ranges'],
  ) {
    for (const x of manifest) this.arrays[x.name] = this.make(x);
  }

  private get parts(): number {
    return this.ranges.length;
  }

  /** with threads every array lives on shared memory; one thread needs none */
  private alloc(C: Ctor, n: number): KernelTypedArray {
    if (this.parts === 1) return new C(n);
    return new C(new SharedArrayBuffer(Math.max(1, n) * C.BYTES_PER_ELEMENT) as unknown as ArrayBuffer, 0, n);
  }

  private make(x: KernelArray): KernelTypedArray {
    const C = ARRAY_TYPES[x.type];
    const init = x.init;
    if (init.kind === 'net' && this.parts === 1) return init.values;
    const n = x.shared === false ? this.parts * x.length : x.length;
    const out = this.alloc(C, n);
    switch (init.kind) {
      case 'zero':
        break;
      case 'fill':
        out.fill(init.value);
        break;
      case 'copy':
      case 'net':
        out.set(init.values);
        break;
      case 'block-streams':
        // one xoshiro state per block of cells (NoiseStream's, PoissonCountStream's)
        for (let b = 0; b < n / 4; b++) out.set(new Rng(blockSeed(init.streamSeed, b)).s, 4 * b);
        break;
      case 'row-splits': {
        // where each part's columns start in every row
        const pr = this.net.projections[init.projection];
        const col = pr.col!;
        const T = this.parts;
        for (let j = 0; j < pr.pre.size; j++) {
          const s0 = pr.rowPtr[j],
            s1 = pr.rowPtr[j + 1];
          for (let w = 0; w < T; w++) out[j * (T + 1) + w] = lowerBound(col, s0, s1, this.ranges[w][pr.post][0]);
          out[j * (T + 1) + T] = s1;
        }
        break;
      }
    }
    return out;
  }

  /** Scratch copies of every array a run writes, the others shared (the warm-up runs on them). */
  scratch(): Record<string, KernelTypedArray> {
    const o: Record<string, KernelTypedArray> = {};
    for (const x of this.manifest) {
      const v = this.arrays[x.name];
      if (!x.mutable) o[x.name] = v;
      else {
        const c = this.alloc(ARRAY_TYPES[x.type], v.length);
        c.set(v);
        o[x.name] = c;
      }
    }
    return o;
  }

  /** Part w's binding of `arrays`: its own slice of each per-part array, the others whole. */
  partView(arrays: Record<string, KernelTypedArray>, w: number): Record<string, KernelTypedArray> {
    const o: Record<string, KernelTypedArray> = {};
    for (const x of this.manifest) {
      const v = arrays[x.name];
      o[x.name] = x.shared === false ? v.subarray(w * x.length, (w + 1) * x.length) : v;
    }
    return o;
  }

  /** The array of a role (counts, a trace, rate bins), per-part ones summed over the parts. */
  result(role: (r: NonNullable<KernelArray['role']>) => boolean): Float64Array {
    const x = this.manifest.find((a) => a.role && role(a.role));
    if (!x) throw new Error('internal: no kernel array of that role');
    const v = this.arrays[x.name] as Float64Array;
    if (x.shared !== false) return this.parts > 1 ? Float64Array.from(v) : v;
    const out = new Float64Array(x.length);
    for (let w = 0; w < this.parts; w++) for (let i = 0; i < x.length; i++) out[i] += v[w * x.length + i];
    return out;
  }
}
