/**
 * Drives in the kernel: a current sampled at the step start (`CU<k>[n]`, times a per-cell scale);
 * Gaussian noise and per-cell Poisson counts drawn per cell per step from the drive's block streams
 * (xoshiro128** state `NS<k>` held in locals over a block of NOISE_BLOCK cells; the ziggurat's fast
 * path, the uniform and the binomial inversion inline). A drive adds `d<k>` to its target at every
 * stage, except a Poisson drive in 'jump' mode, which adds its weight times the count to a state
 * variable at the step start (not while the variable is clamped), as a jump synapse does.
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

/** Whether a drive adds a term to its target at every stage (not a jump). */
export function hasInput(d: DriveRef): boolean {
  return d.drive.kind !== 'poisson' || d.drive.mode === 'input';
}

/** The drive's term of its target. */
export function driveInput(d: DriveRef, cx: ChannelContext): Extra {
  cx.opaque(`$d${d.id}`, () => `d${d.id}`);
  return { js: () => `d${d.id}`, ast: new SymbolNode(`$d${d.id}`) };
}

/** The arrays of a drive (fa: the state precision; N: the population's size). */
export function driveArrays(d: DriveRef, fa: 'f64' | 'f32', N: number): KernelArray[] {
  const k = d.id;
  const x = d.drive;
  const out: KernelArray[] = [];
  const streams = (seed: number): KernelArray =>
    writtenArray(`NS${k}`, 'i32', 4 * Math.ceil(N / NOISE_BLOCK), { kind: 'block-streams', streamSeed: seed });
  if (x.kind === 'noise') {
    out.push(streams(x.streamSeed));
    if (typeof x.sigma !== 'number') out.push(inputArray(`SG${k}`, fa, x.sigma));
  } else if (x.kind === 'poisson') {
    out.push(streams(x.streamSeed), netArray(`PC${k}`, x.cdf));
    if (typeof x.weight !== 'number') out.push(inputArray(`PW${k}`, fa, x.weight));
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

/**
 * Per cell, in drive order after the channels: each drive's term `d<k>` of this step, or a Poisson
 * jump (`jumpTarget` gives the target variable's index and whether it is clamped while refractory).
 */
export function driveCell(
  drives: DriveRef[],
  a: Arith,
  jumpTarget: (name: string) => { k: number; clamped: boolean },
): string[] {
  const L: string[] = [];
  for (const { drive: d, id: k } of drives) {
    if (d.kind === 'poisson') {
      // the count is drawn for every cell at every step, clamped or not (the stream stays in step)
      L.push(countDraw(k, `pk${k}`, d.offset));
      const w = typeof d.weight === 'number' ? a.num(d.weight) : a.F(`PW${k}[i]`);
      const inc = a.mul(w, `pk${k}`);
      if (d.mode === 'input') L.push(`const d${k} = ${inc};`);
      else {
        const { k: v, clamped } = jumpTarget(d.target);
        const add = `y${v} = ${a.add(`y${v}`, inc)};`;
        L.push(clamped ? `if (!(t < ru)) ${add}` : add);
      }
      continue;
    }
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
  const noise = drives.filter((d) => d.drive.kind !== 'current').map((d) => d.id);
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

/** One xoshiro128** step of drive k's inline state, its output into the new local `r`. */
function xoshiro(k: number, r: string): string {
  const s = (j: number): string => `a${k}_${j}`;
  return [
    `const m_${r} = Math.imul(${s(1)}, 5);`,
    `const ${r} = Math.imul((m_${r} << 7) | (m_${r} >>> 25), 9);`,
    `const u_${r} = ${s(1)} << 9;`,
    `const n2_${r} = ${s(2)} ^ ${s(0)}, n3_${r} = ${s(3)} ^ ${s(1)};`,
    `${s(1)} = ${s(1)} ^ n2_${r}; ${s(0)} = ${s(0)} ^ n3_${r}; ${s(2)} = n2_${r} ^ u_${r};`,
    `${s(3)} = (n3_${r} << 11) | (n3_${r} >>> 21);`,
  ].join('\n');
}

/**
 * One count into `c` from drive k's inline state: the uniform of Rng.uniform (53 bits from two
 * outputs), then the first i with u < PC<k>[i] (the table's last entry is exactly 1), plus the
 * offset. The same numbers as PoissonCountStream (src/network/rng.ts).
 */
function countDraw(k: number, c: string, offset: number): string {
  return [
    `let ${c} = ${offset};`,
    '{',
    xoshiro(k, 'rh'),
    xoshiro(k, 'rl'),
    'const uu = ((rh >>> 5) * 67108864 + (rl >>> 6)) / 9007199254740992;',
    `let ci = 0; while (!(uu < PC${k}[ci])) ci++;`,
    `${c} += ci;`,
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
