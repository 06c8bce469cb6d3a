/**
 * Seeded random numbers for networks: one generator, bit-exact on every target.
 *
 * xoshiro128** (Blackman & Vigna 2018, 32-bit words, period 2^128 - 1) seeded through splitmix32,
 * and Marsaglia & Tsang's (2000) ziggurat for normals. Written here rather than taken from
 * pure-rand because per-step noise is drawn per cell per step inside generated loops: the kernel
 * inlines the same xoshiro/ziggurat fast path on local variables (measured in bench/network-rng.mjs:
 * ~3 ns per normal inline, against ~25 ns for pure-rand uniformFloat64 + Box-Muller per draw),
 * and the tensor target draws the identical sequence through `NormalStream` on the host.
 *
 * Streams: every random purpose (a projection's connectivity, a population's parameter draws, a
 * Poisson source, a noise drive) has its own stream keyed by the network seed and the purpose's
 * name, so editing one projection does not change the draws of another. A noise drive has one
 * stream per block of NOISE_BLOCK cells (`NoiseStream`), so that the cells of a population can be
 * split over worker threads at block boundaries and still draw exactly the same numbers.
 */
import { NOISE_BLOCK } from '../ir/constants.js';

/** splitmix32 step (a well-known 32-bit mixer) used to expand a seed into generator state. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** 32-bit FNV-1a of a string (stream keys only: never reaches generated code). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The 32-bit seed of the stream `key` under network seed `seed`. */
export function streamSeed(seed: number, key: string): number {
  return mix32((mix32(seed >>> 0) ^ hashString(key)) >>> 0);
}

const TWO32 = 4294967296;

/**
 * Uniform draws (xoshiro128**). State is four 32-bit words in `s`.
 * @example const r = new Rng(streamSeed(1, 'proj:E->I')); r.uniform(); r.int(10);
 */
export class Rng {
  readonly s: Int32Array = new Int32Array(4);
  constructor(seed32: number) {
    let x = seed32 >>> 0;
    for (let i = 0; i < 4; i++) {
      x = mix32(x);
      this.s[i] = x | 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }
  /** next 32-bit output as a signed int32 */
  nextInt32(): number {
    const s = this.s;
    const s0 = s[0],
      s1 = s[1],
      s2 = s[2],
      s3 = s[3];
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return r;
  }
  /** uniform in [0, 1) with 53 random bits */
  uniform(): number {
    const hi = this.nextInt32() >>> 5; // 27 bits
    const lo = this.nextInt32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  /** uniform in (0, 1] (safe for log) */
  uniformPos(): number {
    return 1 - this.uniform();
  }
  /** uniform integer in [0, n) (n < 2^32; multiply-shift with rejection, unbiased) */
  int(n: number): number {
    if (n <= 1) return 0;
    const limit = TWO32 - (TWO32 % n);
    for (;;) {
      const x = this.nextInt32() >>> 0;
      if (x < limit) return x % n;
    }
  }
  /** standard normal (ziggurat; the same sequence as NormalStream for the same seed) */
  normal(): number {
    const hz = this.nextInt32();
    const iz = hz & 127;
    if (Math.abs(hz) < ZIG.kn[iz]) return hz * ZIG.wn[iz];
    return zigguratTail(this, hz, iz);
  }
  /** Gamma(shape k, scale theta) (Marsaglia & Tsang 2000; k < 1 by the boost u^(1/k)) */
  gamma(k: number, theta: number): number {
    if (k < 1) return this.gamma(k + 1, theta) * Math.pow(this.uniformPos(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformPos();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * theta;
    }
  }
  /** Binomial(n, p) by inversion for small means, normal-free BTPE-lite otherwise (exact: sum of geometric gaps) */
  binomial(n: number, p: number): number {
    if (p <= 0 || n <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    // geometric gaps: exact, cost proportional to the result (n p), fine for connectivity counts
    const lq = Math.log1p(-p);
    let k = -1;
    let i = 0;
    for (;;) {
      i += Math.floor(Math.log(this.uniformPos()) / lq) + 1;
      if (i > n) return k + 1;
      k++;
    }
  }
}

/** Ziggurat tables (Marsaglia & Tsang 2000, 128 levels, r = 3.442619855899). */
export const ZIG: { kn: Float64Array; wn: Float64Array; fn: Float64Array; r: number } = (() => {
  const kn: Float64Array = new Float64Array(128);
  const wn: Float64Array = new Float64Array(128);
  const fn: Float64Array = new Float64Array(128);
  const m1 = 2147483648.0;
  let dn = 3.442619855899;
  let tn = dn;
  const vn = 9.91256303526217e-3;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * m1;
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * m1;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
  return { kn, wn, fn, r: 3.442619855899 };
})();

/** The rare (~1.2 %) slow path of the ziggurat: wedges and the tail, drawing further words from `rng`. */
export function zigguratTail(rng: Rng, hz: number, iz: number): number {
  const { kn, wn, fn, r } = ZIG;
  for (;;) {
    let x = hz * wn[iz];
    if (iz === 0) {
      let y: number;
      do {
        x = -Math.log(rng.uniformPos()) / r;
        y = -Math.log(rng.uniformPos());
      } while (y + y < x * x);
      return hz > 0 ? r + x : -r - x;
    }
    if (fn[iz] + rng.uniform() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
    hz = rng.nextInt32();
    iz = hz & 127;
    if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
  }
}

/**
 * The normal stream of a noise drive: z_0, z_1, ... drawn cell by cell, step after step.
 * The kernel inlines `next()`'s fast path over local copies of `rng.s`; any target can call
 * `fill` to get the same numbers.
 * @example const z = new NormalStream(drive.streamSeed); const buf = new Float64Array(n); z.fill(buf);
 */
export class NormalStream {
  readonly rng: Rng;
  constructor(streamSeed32: number) {
    this.rng = new Rng(streamSeed32);
  }
  next(): number {
    return this.rng.normal();
  }
  /** the next out.length normals */
  fill(out: Float64Array | Float32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.rng.normal();
  }
}

export { NOISE_BLOCK };

/** The 32-bit seed of block b of the noise stream `seed32` (block 0 keeps the stream's own seed). */
export function blockSeed(seed32: number, b: number): number {
  return b === 0 ? seed32 >>> 0 : mix32((seed32 ^ Math.imul(b, 0x9e3779b9)) >>> 0);
}

/**
 * The normals of a noise drive over `size` cells: at every step, cell j's draw is the next normal
 * of its block's stream (block = floor(j / NOISE_BLOCK), `new Rng(blockSeed(seed32, block))`), so
 * the numbers a cell gets do not depend on how the population is split over threads. The kernel
 * inlines the same draws; the tensor target calls `fill`.
 * @example const z = new NoiseStream(drive.streamSeed, n); const step = new Float64Array(n); z.fill(step);
 */
export class NoiseStream {
  readonly blocks: Rng[];
  constructor(
    streamSeed32: number,
    readonly size: number,
  ) {
    this.blocks = Array.from({ length: Math.ceil(size / NOISE_BLOCK) }, (_, b) => new Rng(blockSeed(streamSeed32, b)));
  }
  /** the normals of out.length / size consecutive steps, step-major (out.length a multiple of size) */
  fill(out: Float64Array | Float32Array): void {
    const n = this.size;
    if (out.length % n !== 0) throw new RangeError(`NoiseStream.fill: ${out.length} is not a multiple of ${n} cells`);
    for (let base = 0; base < out.length; base += n)
      for (let b = 0; b < this.blocks.length; b++) {
        const rng = this.blocks[b];
        const end = Math.min(n, (b + 1) * NOISE_BLOCK);
        for (let j = b * NOISE_BLOCK; j < end; j++) out[base + j] = rng.normal();
      }
  }
}

/**
 * The inversion table of Binomial(n, p): `cdf[i]` = P(K <= offset + i), over the counts whose mass
 * is at least 1e-20 of the mode's (the rest, below 1e-16 in all, is dropped before normalising),
 * with the last entry exactly 1 so that every u in [0, 1) finds a count. The probabilities come
 * from the ratio recursion outwards from the mode, so no log-gamma is needed and nothing underflows
 * for large n.
 * @example binomialTable(1000, 0.002) // Brunel's 1000 trains of 20 Hz at dt = 0.1 ms
 */
export function binomialTable(n: number, p: number): { cdf: Float64Array; offset: number } {
  if (!(p > 0) || n === 0) return { cdf: Float64Array.of(1), offset: 0 };
  if (p >= 1) return { cdf: Float64Array.of(1), offset: n };
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  const cut = 1e-20;
  const up: number[] = [];
  for (let k = mode, w = 1; k < n; k++) {
    w *= ((n - k) / (k + 1)) * odds;
    if (w < cut) break;
    up.push(w);
  }
  const down: number[] = [];
  for (let k = mode, w = 1; k > 0; k--) {
    w *= k / ((n - k + 1) * odds);
    if (w < cut) break;
    down.push(w);
  }
  const weights = [...down.reverse(), 1, ...up];
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) cdf[i] = (acc += weights[i]) / total;
  cdf[cdf.length - 1] = 1;
  return { cdf, offset: mode - down.length };
}

/** The count a uniform u in [0, 1) draws from an inversion table (linear search: cost grows with the spread). */
export function countOf(u: number, cdf: Float64Array, offset: number): number {
  let i = 0;
  while (!(u < cdf[i])) i++;
  return offset + i;
}

/**
 * The per-step counts of a Poisson drive over `size` cells (see PoissonDrive in src/ir/network.ts):
 * cell j's count at each step comes from the next uniform of its block's stream, in cell order, so
 * it does not depend on threads or target. The kernel inlines the same draws; the tensor target
 * calls `fill`.
 * @example const s = new PoissonCountStream(d.streamSeed, n, d.cdf, d.offset); s.fill(new Float64Array(n));
 */
export class PoissonCountStream {
  readonly blocks: Rng[];
  constructor(
    streamSeed32: number,
    readonly size: number,
    readonly cdf: Float64Array,
    readonly offset: number,
  ) {
    this.blocks = Array.from({ length: Math.ceil(size / NOISE_BLOCK) }, (_, b) => new Rng(blockSeed(streamSeed32, b)));
  }
  /** the counts of out.length / size consecutive steps, step-major (out.length a multiple of size) */
  fill(out: Float64Array | Float32Array | Int32Array): void {
    const n = this.size;
    if (out.length % n !== 0)
      throw new RangeError(`PoissonCountStream.fill: ${out.length} is not a multiple of ${n} cells`);
    for (let base = 0; base < out.length; base += n)
      for (let b = 0; b < this.blocks.length; b++) {
        const rng = this.blocks[b];
        const end = Math.min(n, (b + 1) * NOISE_BLOCK);
        for (let j = b * NOISE_BLOCK; j < end; j++) out[base + j] = countOf(rng.uniform(), this.cdf, this.offset);
      }
  }
}
