/**
 * Drives in the kernel: a current sampled at the step start (`CU<k>[n]`, times a per-cell scale)
 * and Gaussian noise drawn per cell per step from the drive's block streams (xoshiro128** state
 * inline in locals over a block of NOISE_BLOCK cells, the ziggurat's fast path inline). Each adds
 * `d<k>` to its target at every stage.
 */
import { SymbolNode } from '../../model/math.js';
import type { Drive } from '../../ir/network.js';
import { NOISE_BLOCK } from '../../ir/constants.js';
import type { Arith } from './arith.js';
import type { ChannelContext, Extra } from './synapse.js';
import { inputArray, netArray, writtenArray, type KernelArray } from './manifest.js';

/** A drive and its index in `BuiltNetwork.drives` (the index names its arrays and locals). */
export interface DriveRef {
  drive: Drive;
  id: number;
}

/** The drive's term of its target. */
export function driveInput(d: DriveRef, cx: ChannelContext): Extra {
  cx.opaque(`$d${d.id}`, () => `d${d.id}`);
  return { js: () => `d${d.id}`, ast: new SymbolNode(`$d${d.id}`) };
}

/** The arrays of a drive (fa: the state precision). */
export function driveArrays(d: DriveRef, fa: 'f64' | 'f32', N: number): KernelArray[] {
  const k = d.id;
  const x = d.drive;
  const out: KernelArray[] = [];
  if (x.kind === 'noise') {
    // one xoshiro128** state (4 words) per block of cells
    const blocks = Math.ceil(N / NOISE_BLOCK);
    out.push(writtenArray(`NS${k}`, 'i32', 4 * blocks, { kind: 'noise', streamSeed: x.streamSeed }));
    if (typeof x.sigma !== 'number') out.push(inputArray(`SG${k}`, fa, x.sigma));
  } else {
    out.push(netArray(`CU${k}`, x.values));
    if (typeof x.scale !== 'number') out.push(inputArray(`SS${k}`, fa, x.scale));
  }
  return out;
}

/** Per-step locals of a population's drives (the current's sample of step n). */
export function driveStepLocals(drives: DriveRef[], a: Arith): string[] {
  return drives.flatMap(({ drive, id }) => (drive.kind === 'current' ? [`const cu${id} = ${a.F(`CU${id}[n]`)};`] : []));
}

/** Per cell: each drive's term `d<k>` of this step. */
export function driveCell(drives: DriveRef[], a: Arith): string[] {
  const L: string[] = [];
  for (const { drive: d, id: k } of drives) {
    if (d.kind === 'current') {
      const scale = typeof d.scale === 'number' ? (d.scale === 1 ? null : a.num(d.scale)) : a.F(`SS${k}[i]`);
      const v = scale === null ? `cu${k}` : a.mul(`cu${k}`, scale);
      L.push(`const d${k} = ${v};`);
    } else {
      L.push(normalDraw(k, `nz${k}`));
      L.push(`const d${k} = ${a.mul(typeof d.sigma === 'number' ? a.num(d.sigma) : a.F(`SG${k}[i]`), a.F(`nz${k}`))};`);
    }
  }
  return L;
}

/**
 * The cell loop of a population over [lo, hi) around `cells` (the body of one cell). With noise,
 * each block of NOISE_BLOCK cells draws from its own streams, held in locals over the block.
 */
export function cellLoop(drives: DriveRef[], p: number, N: number, lo: number, hi: number, cells: string): string {
  const noise = drives.filter((d) => d.drive.kind === 'noise').map((d) => d.id);
  if (!noise.length) return `for (let i = ${lo}; i < ${hi}; i++) ${cells}`;
  if (lo % NOISE_BLOCK !== 0 || (hi % NOISE_BLOCK !== 0 && hi !== N)) {
    throw new Error(`internal: part [${lo}, ${hi}) of population ${p} is not aligned to noise blocks`);
  }
  const s = (k: number, j: number): string => `a${k}_${j}`;
  const at = (k: number, j: number): string => `NS${k}[b4${j ? ` + ${j}` : ''}]`;
  const load = noise.map((k) => `let ${[0, 1, 2, 3].map((j) => `${s(k, j)} = ${at(k, j)}`).join(', ')};`).join('\n');
  const store = noise.map((k) => [0, 1, 2, 3].map((j) => `${at(k, j)} = ${s(k, j)};`).join(' ')).join('\n');
  const B = NOISE_BLOCK;
  const last = Math.ceil(N / B) - 1;
  return [
    `for (let b = ${lo / B}; b < ${Math.ceil(hi / B)}; b++) {`,
    `const b4 = 4 * b, ie = b < ${last} ? (b + 1) * ${B} : ${N};`,
    load,
    `for (let i = b * ${B}; i < ie; i++) ${cells}`,
    store,
    '}',
  ].join('\n');
}

/**
 * One standard normal into `z` from drive k's inline xoshiro128** state (a{k}_0..3, the current
 * block's stream): the ziggurat fast path here, the rare wedge/tail through TAIL on a scratch
 * generator (RG<k>) the state is copied into and back. The same numbers as NoiseStream
 * (src/network/rng.ts).
 */
function normalDraw(k: number, z: string): string {
  const s = (j: number): string => `a${k}_${j}`;
  const toRg = `const q = RG${k}.s; q[0] = ${s(0)}; q[1] = ${s(1)}; q[2] = ${s(2)}; q[3] = ${s(3)};`;
  const fromRg = `${s(0)} = q[0]; ${s(1)} = q[1]; ${s(2)} = q[2]; ${s(3)} = q[3];`;
  return [
    `let ${z};`,
    '{',
    `const m = Math.imul(${s(1)}, 5);`,
    'const r = Math.imul((m << 7) | (m >>> 25), 9);',
    `const u = ${s(1)} << 9;`,
    `const n2 = ${s(2)} ^ ${s(0)}, n3 = ${s(3)} ^ ${s(1)};`,
    `${s(1)} = ${s(1)} ^ n2; ${s(0)} = ${s(0)} ^ n3; ${s(2)} = n2 ^ u; ${s(3)} = (n3 << 11) | (n3 >>> 21);`,
    'const iz = r & 127;',
    `if (Math.abs(r) < KN[iz]) ${z} = r * WN[iz];`,
    `else { ${toRg} ${z} = TAIL(RG${k}, r, iz); ${fromRg} }`,
    '}',
  ].join('\n');
}
