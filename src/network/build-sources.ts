/**
 * Input sources: Poisson trains drawn (two passes over one stream), explicit spike times sorted by
 * step, rate activities per unit.
 */
import { NetworkError } from '../ir/errors.js';
import { Rng, streamSeed } from './rng.js';
import { cellValues, compileScalar } from './values.js';
import { MAX_EVENTS } from './build-limits.js';
import type { SourceSpec } from './spec.js';
import type { BuiltSource } from '../ir/network.js';

/** What every part of a build knows: the network, its seed and its steps, and where warnings go. */
export interface Ctx {
  name: string;
  seed: number;
  dt: number;
  steps: number;
  warnings: string[];
}

/** An expression of t (ms) as a function. */
export function timeFunction(value: string, what: string, network: string): (t: number) => number {
  const { fn } = compileScalar(value, ['t'], { model: network, field: what });
  return (t) => fn(t);
}

/** One input source, built. */
export function buildSource(s: string, src: SourceSpec, index: number, size: number, ctx: Ctx): BuiltSource {
  const { dt, steps } = ctx;
  const fail = (msg: string): never => {
    throw new NetworkError(msg, { network: ctx.name, field: `source '${s}'` });
  };
  if (src.kind === 'rates') {
    const v = cellValues(
      src.activity,
      size,
      { network: ctx.name, field: `source '${s}' activity` },
      {
        shared: () => {
          const rng = new Rng(streamSeed(ctx.seed, `src:${s}:r`));
          const r = new Float64Array(size),
            z = new Float64Array(size);
          for (let i = 0; i < size; i++) r[i] = rng.uniform();
          for (let i = 0; i < size; i++) z[i] = rng.normal();
          return { r, z };
        },
        own: () => new Rng(streamSeed(ctx.seed, `src:${s}:activity`)),
      },
    );
    return {
      kind: 'rates',
      name: s,
      index,
      size,
      activity: typeof v === 'number' ? new Float64Array(size).fill(v) : v,
    };
  }
  if (src.kind === 'poisson') {
    // per-step spike probability; thinning of a Bernoulli process at the largest probability gives
    // an exact Bernoulli(p_n) draw per step and unit at a cost proportional to the candidates
    const rate =
      typeof src.rate === 'number' ? () => src.rate as number : timeFunction(src.rate, `source '${s}' rate`, ctx.name);
    const pn = new Float64Array(steps);
    let pmax = 0;
    for (let n = 0; n < steps; n++) {
      const r = rate(n * dt);
      if (!Number.isFinite(r) || r < 0) fail(`rate must be a finite number >= 0 Hz, got ${r} at t = ${n * dt}`);
      pn[n] = (r * dt) / 1000;
      if (pn[n] > 1)
        fail(`rate ${r} Hz at dt = ${dt} ms means more than one spike per step (p = ${pn[n]}); lower the rate or dt`);
      if (pn[n] > pmax) pmax = pn[n];
    }
    // Two passes over the same random stream: the first counts the spikes of each step, the second
    // places each unit's spikes at its step's place. No list of events is built (70 million spikes
    // in a JS array crashed V8); the draws, and so the trains, are those of a single pass.
    const count = new Int32Array(steps + 1);
    const draw = (spike: (n: number, k: number) => void): void => {
      if (pmax <= 0) return;
      const rng = new Rng(streamSeed(ctx.seed, `src:${s}:poisson`));
      const lq = pmax < 1 ? Math.log1p(-pmax) : 0;
      for (let k = 0; k < size; k++) {
        let n = -1;
        for (;;) {
          n += pmax >= 1 ? 1 : Math.floor(Math.log(rng.uniformPos()) / lq) + 1;
          if (n >= steps) break;
          if (pn[n] === pmax || rng.uniform() * pmax < pn[n]) spike(n, k);
        }
      }
    };
    let total = 0;
    draw((n) => {
      count[n + 1]++;
      if (++total > MAX_EVENTS)
        fail(`more than ${MAX_EVENTS} spikes (the most one source holds); fewer units, a lower rate or a shorter run`);
    });
    for (let n = 0; n < steps; n++) count[n + 1] += count[n];
    const stepPtr = count;
    const cells = new Int32Array(total);
    const fillAt = stepPtr.slice(0, steps);
    // units in ascending order: within a step, units stay ascending
    draw((n, k) => (cells[fillAt[n]++] = k));
    const times = new Float64Array(cells.length);
    for (let n = 0; n < steps; n++) for (let q = stepPtr[n]; q < stepPtr[n + 1]; q++) times[q] = n * dt;
    return { kind: 'spikes', origin: 'poisson', name: s, index, size, stepPtr, cells, times };
  }
  // explicit times
  let dropped = 0;
  const list: [number, number, number][] = [];
  src.times.forEach((train, k) => {
    if (!Array.isArray(train)) fail(`times[${k}] must be a list of spike times (ms)`);
    for (const ts of train) {
      if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0)
        fail(`times[${k}] holds ${ts}; spike times are finite numbers >= 0 (ms)`);
      const n = Math.max(0, Math.ceil(ts / dt - 1e-9));
      if (n >= steps) {
        dropped++;
        continue;
      }
      list.push([n, k, ts]);
    }
  });
  if (dropped) ctx.warnings.push(`source '${s}': ${dropped} spike(s) after the end of the run were ignored`);
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const stepPtr = new Int32Array(steps + 1);
  for (const [n] of list) stepPtr[n + 1]++;
  for (let n = 0; n < steps; n++) stepPtr[n + 1] += stepPtr[n];
  return {
    kind: 'spikes',
    origin: 'times',
    name: s,
    index,
    size,
    stepPtr,
    cells: Int32Array.from(list.map((e) => e[1])),
    times: Float64Array.from(list.map((e) => e[2])),
  };
}
