/**
 * The typed manifest of a kernel program: every array its code reads, with its element type,
 * length, whether a run writes it, and how the runner fills it. The runner, the threads and the
 * workers allocate from this list alone (no second list of names, no guessing by name).
 *
 * @example
 * const { arrays } = generateKernel(built);
 * arrays.filter((x) => x.mutable).map((x) => x.name); // what a warm-up must copy
 */

/** Element type of a kernel array. */
export type KernelArrayType = 'f64' | 'f32' | 'i32' | 'u8' | 'u16';

/** How the runner fills an array before the run. */
export type KernelArrayInit =
  /** zeros */
  | { kind: 'zero' }
  /** every element one value */
  | { kind: 'fill'; value: number }
  /** an own copy of these values (converted to the array's type) */
  | { kind: 'copy'; values: ArrayLike<number> }
  /** a read-only array of the built network: used as it is on one thread, copied to shared memory with threads */
  | { kind: 'net'; values: Int32Array | Float32Array | Float64Array | Uint8Array | Uint16Array }
  /**
   * the xoshiro128** states of a drive's block streams, one per NOISE_BLOCK cells (NoiseStream's and
   * PoissonCountStream's, src/network/rng.ts)
   */
  | { kind: 'block-streams'; streamSeed: number }
  /** where each part's columns start in every CSR row of a sparse projection: [row][part + 1] */
  | { kind: 'row-splits'; projection: number };

/** What the runner reads back from an array after the run. */
export type KernelArrayRole =
  | { kind: 'counts' }
  | { kind: 'trace'; index: number }
  | { kind: 'rate-bins'; index: number };

export interface KernelArray {
  /** the identifier the generated code reads it by (`S.<name>`) */
  name: string;
  type: KernelArrayType;
  /** elements (per part when not `shared`) */
  length: number;
  /** written by a run: the warm-up runs on a copy of it */
  mutable: boolean;
  /**
   * false: every part (thread) has its own slice of `length` elements of one array of
   * parts * length (per-part sums, added up after the run); true (default): one array all parts see
   */
  shared?: boolean;
  init: KernelArrayInit;
  role?: KernelArrayRole;
}

/** Objects the part binds beside the arrays (src/network/targets/js-kernel/part.ts provides them). */
export const KERNEL_HOSTS = ['KN', 'WN', 'TAIL', 'MON', 'FAIL', 'KS', 'BAR'] as const;

/** Typed-array constructor of an element type. */
export const ARRAY_TYPES = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u8: Uint8Array,
  u16: Uint16Array,
} as const;

/** An array a run writes, zero unless `init` says otherwise. */
export function writtenArray(
  name: string,
  type: KernelArrayType,
  length: number,
  init: KernelArrayInit = { kind: 'zero' },
): KernelArray {
  return { name, type, length, mutable: true, init };
}

/** A read-only own copy of `values` (converted to `type`). */
export function inputArray(name: string, type: KernelArrayType, values: ArrayLike<number>): KernelArray {
  return { name, type, length: values.length, mutable: false, init: { kind: 'copy', values } };
}

/** A read-only array of the built network, of its own element type. */
export function netArray(name: string, values: Extract<KernelArrayInit, { kind: 'net' }>['values']): KernelArray {
  const type: KernelArrayType =
    values instanceof Float64Array
      ? 'f64'
      : values instanceof Float32Array
        ? 'f32'
        : values instanceof Uint8Array
          ? 'u8'
          : values instanceof Uint16Array
            ? 'u16'
            : 'i32';
  return { name, type, length: values.length, mutable: false, init: { kind: 'net', values } };
}
