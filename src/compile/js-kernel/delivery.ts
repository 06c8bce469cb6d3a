/**
 * Propagation, step phase 1: the previous step's population spikes and this step's source spikes
 * along their CSR rows into each channel's ring slot (per-synapse delays where given; straight
 * into the state when the channel is direct), and the activity matvecs of rate coupling. Only this
 * part's post cells are written: a sparse row is cut at the part's first column (SPL<k>, the row
 * starts per part; the whole row when there is one part), a dense row is read over the part's cells.
 */
import type { BuiltNetwork } from '../../ir/network.js';
import type { Channel } from '../channels.js';
import type { Arith } from './arith.js';
import { activityArray, deliveryArray } from './synapse.js';

/** How the cells are split into parts, and which part this program is. */
export interface KernelSplit {
  index: number;
  count: number;
  /** `ranges[w][p]` = [first, end) cells of population p in part w */
  ranges: [number, number][][];
}

/**
 * A dense row without per-synapse delays over the post cells [lo, hi), unrolled by four (V8 does
 * not vectorise; four independent adds per iteration measured ~1.6x faster here than one), then
 * the remainder.
 */
function denseRow(
  N: number,
  lo: number,
  hi: number,
  k: number,
  idx: (c: string) => string,
  add: (i: string, w: string) => string,
): string {
  const main = lo + (hi - lo) - ((hi - lo) % 4);
  const unrolled = [0, 1, 2, 3].map((u) => add(idx(`q + ${u}`), `W${k}[b + q + ${u}]`)).join(' ');
  const rest = main < hi ? ` for (let q = ${main}; q < ${hi}; q++) ${add(idx('q'), `W${k}[b + q]`)}` : '';
  return `{ const b = j * ${N}; for (let q = ${lo}; q < ${main}; q += 4) { ${unrolled} }${rest} }`;
}

/**
 * The body of `deliver(n)`. `fcAt(parity, p, part)` reads the fired count of population p's part in
 * the double-buffered spike lists.
 */
export function deliveries(
  net: BuiltNetwork,
  channels: Channel[],
  a: Arith,
  split: KernelSplit,
  fcAt: (par: string, p: number, w: string) => string,
): string {
  const out: string[] = [];
  const chOf = new Map<number, Channel>();
  for (const ch of channels) for (const pr of ch.projections) chOf.set(pr.index, ch);
  const T = split.count;
  const W = split.index;
  const rowOf = (k: number): [string, string] =>
    T === 1 ? [`RP${k}[j]`, `RP${k}[j + 1]`] : [`SPL${k}[j * ${T + 1} + ${W}]`, `SPL${k}[j * ${T + 1} + ${W + 1}]`];
  for (const pr of net.projections) {
    const k = pr.index;
    const ch = chOf.get(k)!;
    const N = net.populations[pr.post].size;
    const [lo, hi] = split.ranges[W][pr.post];
    if (lo === hi) continue;
    const [rs, re] = rowOf(k);
    if (ch.behaviour.delivery === 'activity') {
      const pi = pr.pre.index;
      const act = pr.pre.kind === 'population' ? `ACT${pi}[${pr.pre.size} * (n & 1) + j]` : `AC${pi}[j]`;
      const RA = activityArray(ch.id);
      const inner = pr.col
        ? `for (let s = ${rs}, e = ${re}; s < e; s++) ${RA}[C${k}[s]] += ${a.mul(`W${k}[s]`, 'x')};`
        : `for (let q = ${lo}, b = j * ${N}; q < ${hi}; q++) ${RA}[q] += ${a.mul(`W${k}[b + q]`, 'x')};`;
      out.push(`for (let j = 0; j < ${pr.pre.size}; j++) { const x = ${act}; if (x !== 0) { ${inner} } }`);
      continue;
    }
    // the target array and the slot of each synapse
    const Tg = deliveryArray(ch);
    let idx: (col: string) => string;
    const pre: string[] = [];
    if (ch.direct) idx = (c) => c;
    else if (pr.delays) {
      pre.push(`const sb = n % ${ch.depth};`);
      idx = (c) => `((sb + DL${k}[s]) % ${ch.depth}) * ${N} + ${c}`;
    } else if (ch.depth === 1) idx = (c) => c;
    else {
      pre.push(`const o = ((n + ${pr.delaySteps}) % ${ch.depth}) * ${N};`);
      idx = (c) => `o + ${c}`;
    }
    const add = (i: string, w: string): string =>
      a.f32 ? `${Tg}[${i}] = ${a.add(`${Tg}[${i}]`, w)};` : `${Tg}[${i}] += ${w};`;
    const row = pr.col
      ? `for (let s = ${rs}, e = ${re}; s < e; s++) ${add(idx(`C${k}[s]`), `W${k}[s]`)}`
      : pr.delays
        ? `for (let q = ${lo}, s = j * ${N} + ${lo}; q < ${hi}; q++, s++) ${add(idx('q'), `W${k}[s]`)}`
        : denseRow(N, lo, hi, k, idx, add);
    let list: string;
    if (pr.pre.kind === 'population') {
      // every part's spikes of the last step, in part order (= cell order, as one part would list them)
      const q = pr.pre.index;
      const each = (u: string): string => {
        const fired = `for (let f = f0, fe = f0 + ${fcAt('(n & 1)', q, u)}; f < fe; f++)`;
        return `{ const f0 = ${pr.pre.size} * (n & 1) + FLO${q}[${u}]; ${fired} { const j = FL${q}[f]; ${row} } }`;
      };
      list = T === 1 ? each('0') : `for (let u = 0; u < ${T}; u++) ${each('u')}`;
    } else {
      const s = pr.pre.index;
      list = `for (let f = SP${s}[n], fe = SP${s}[n + 1]; f < fe; f++) { const j = SC${s}[f]; ${row} }`;
    }
    out.push(`{ ${pre.join(' ')} ${list} }`);
  }
  return out.join('\n');
}
