/**
 * Monitors on the tensor target: what each step leaves on the device (spike offsets, trace samples,
 * divergence checks), read back once per chunk (one await per kind, never one per step), and the
 * host-side buffers the result is made of.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import { SimulationError } from '../../../model/errors.js';
import { DIVERGENCE_LIMIT } from '../../../ir/constants.js';
import type { BuiltNetwork, NetworkResult } from '../../../ir/network.js';
import { networkResult } from '../../result.js';
import type { TensorContext } from './context.js';
import type { PopRun } from './population.js';

/** What one step leaves on the device until its chunk is read back. */
export interface StepRecord {
  /** per population: the spike time's offset in the step (or -1) per cell, when recorded or rate-monitored */
  spikes: (T | undefined)[];
  /** per trace monitor: sampled values of its cells, on sample steps */
  traces: (T | undefined)[];
  /** per population: max |y| and sum |y| of its variables after the step (divergence checks) */
  checks: T[];
  /** true if a reset left its condition true without a refractory period */
  loops?: T;
}

/** Whether a population's spikes are read back (recorded or rate-monitored); others are only counted on the device. */
export function readBack(net: BuiltNetwork, p: number): boolean {
  return net.monitors.spikes.includes(p) || net.monitors.rates.some((r) => r.population === p);
}

/** Trace samples due after step n (n = -1: the initial state); named values read base targets. */
export function traceSamples(
  ctx: TensorContext,
  pops: PopRun[],
  n: number,
  next: Map<string, T>,
  rec: StepRecord,
  inputTotals: Map<string, T>,
): void {
  ctx.net.monitors.traces.forEach((tr, m) => {
    if ((n + 1) % tr.every !== 0) return;
    const pr = pops[tr.population];
    const i0 = tr.population;
    const y = pr.pop.model.variables.map((_, i) => ctx.get(next, `y:${i0}:${i}`));
    const vi = pr.pop.model.variables.findIndex((v) => v.name === tr.variable);
    let values: T;
    if (vi >= 0) values = y[vi];
    else if (tr.input) {
      // at t = 0 the base value; after a step, the total the step saw
      const total = inputTotals.get(`${i0}:${tr.variable}`);
      values =
        total ??
        tf.add(pr.p[pr.pop.model.parameters.findIndex((q) => q.name === tr.variable)], ctx.full(0, pr.pop.size));
    } else {
      // the kernel evaluates sampled expressions with t of the step start (t = 0 at the start)
      const t = ctx.k(Math.fround(Math.max(0, n) * ctx.dt));
      values = tf.add(
        pr.model.observe({ t, y, p: pr.p })[pr.model.observables.indexOf(tr.variable)],
        tf.zerosLike(y[0]),
      );
    }
    rec.traces[m] = tf.gather(values, ctx.cellIndex(`trace:${m}`, tr.cells));
  });
}

/** The host side of the monitors: spikes, counts, rate bins and trace values so far. */
export class Recorder {
  readonly spikeCells: number[] = [];
  readonly spikeTimes: number[] = [];
  readonly spikeSteps: number[] = [];
  /** spike counts of the populations read back (the others are counted on the device) */
  readonly hostCounts: number[];
  readonly rateBins: Float64Array[];
  readonly traceValues: Float64Array[];
  /** index in the spike lists where the current chunk starts (for sortChunk) */
  private chunkStart = 0;

  constructor(readonly net: BuiltNetwork) {
    this.hostCounts = net.populations.map(() => 0);
    this.rateBins = net.monitors.rates.map((r) => new Float64Array(Math.ceil(net.steps / r.bin)));
    this.traceValues = net.monitors.traces.map(
      (tr) => new Float64Array((Math.floor(net.steps / tr.every) + 1) * tr.cells.length),
    );
  }

  /** Read a chunk's records back (one await per kind) and free them; raise errors found in it. */
  async flush(pops: PopRun[], n0: number, recs: StepRecord[]): Promise<void> {
    try {
      const base = n0 < 0 ? -1 : n0;
      for (const pr of pops) if (recs[0].spikes[pr.pop.index] !== undefined) await this.spikes(pr, base, recs);
      // spikes were appended population by population within the chunk: restore detection order
      this.sortChunk();
      for (const [m, tr] of this.net.monitors.traces.entries()) {
        const ks = recs.map((rec, k) => ({ k, x: rec.traces[m] })).filter((e) => e.x);
        if (!ks.length) continue;
        const v = await readStacked(ks.map((e) => e.x!));
        ks.forEach((e, j) => {
          const sample = (base + e.k + 1) / tr.every;
          this.traceValues[m].set(v.subarray(j * tr.cells.length, (j + 1) * tr.cells.length), sample * tr.cells.length);
        });
      }
      await this.checks(base, recs);
    } finally {
      for (const r of recs) tf.dispose([...r.spikes, ...r.traces, ...r.checks, r.loops].filter((x): x is T => !!x));
    }
  }

  private async spikes(pr: PopRun, base: number, recs: StepRecord[]): Promise<void> {
    const { net } = this;
    const q = pr.pop.index;
    const data = await readStacked(recs.map((r) => r.spikes[q]!));
    const size = pr.pop.size;
    const record = net.monitors.spikes.includes(q);
    const rates = net.monitors.rates.flatMap((r, m) => (r.population === q ? [m] : []));
    for (let k = 0; k < recs.length; k++) {
      const n = base + k;
      for (let c = 0; c < size; c++) {
        const x = data[k * size + c];
        if (x < 0) continue;
        this.hostCounts[q]++;
        const te = n < 0 ? 0 : n * net.dt + x;
        if (record) {
          this.spikeCells.push(pr.pop.offset + c);
          this.spikeTimes.push(te);
          this.spikeSteps.push(n);
        }
        for (const m of rates) {
          // binned by spike time, as the kernel
          const bins = this.rateBins[m];
          const b = Math.floor(te / (net.monitors.rates[m].bin * net.dt));
          bins[b < bins.length ? b : bins.length - 1]++;
        }
      }
    }
  }

  private async checks(base: number, recs: StepRecord[]): Promise<void> {
    const { net } = this;
    const checks = recs.flatMap((r) => r.checks);
    if (checks.length) {
      const v = await readStacked(checks);
      const per = v.length / recs.length;
      for (let k = 0; k < recs.length; k++) {
        for (let j = 0; j < per; j += 2) {
          if (v[k * per + j] <= DIVERGENCE_LIMIT && !Number.isNaN(v[k * per + j + 1])) continue;
          const tt = (base + k + 1) * net.dt;
          const msg =
            `network '${net.name}': a state variable became non-finite or exceeded ${DIVERGENCE_LIMIT} ` +
            `in step ${base + k} (t = ${tt} ms); the run diverged — check weights, parameters or dt`;
          throw new SimulationError(msg, { time: tt });
        }
      }
    }
    const loops = recs.map((r) => r.loops).filter((x): x is T => !!x);
    if (!loops.length) return;
    const k = Array.from(await readStacked(loops)).findIndex((x) => x !== 0);
    if (k >= 0) {
      throw new SimulationError(
        `network '${net.name}': in step ${base + k} a reset left its event condition true with no refractory ` +
          'period, so a cell would fire forever; reset below the threshold',
      );
    }
  }

  /**
   * A chunk's spikes are appended population by population; the result lists them by step, then
   * population, then cell: with consecutive population offsets, by step then global cell index.
   */
  private sortChunk(): void {
    const from = this.chunkStart;
    const to = this.spikeCells.length;
    this.chunkStart = to;
    if (this.net.populations.length < 2) return;
    const idx = Array.from({ length: to - from }, (_, i) => from + i);
    idx.sort((a, b) => this.spikeSteps[a] - this.spikeSteps[b] || this.spikeCells[a] - this.spikeCells[b]);
    const c = idx.map((i) => this.spikeCells[i]);
    const t = idx.map((i) => this.spikeTimes[i]);
    const st = idx.map((i) => this.spikeSteps[i]);
    for (let i = 0; i < idx.length; i++) {
      this.spikeCells[from + i] = c[i];
      this.spikeTimes[from + i] = t[i];
      this.spikeSteps[from + i] = st[i];
    }
  }

  async result(ctx: TensorContext, pops: PopRun[], build_s: number, run_s: number): Promise<NetworkResult> {
    const counts: number[] = [];
    for (const pr of pops) {
      const i0 = pr.pop.index;
      counts.push(
        pr.spike < 0
          ? 0
          : readBack(this.net, i0)
            ? this.hostCounts[i0]
            : (await ctx.state.get(`count:${i0}`)!.data())[0],
      );
    }
    return networkResult(this.net, {
      target: `tensor/${ctx.backend}`,
      spikes: {
        cell: Int32Array.from(this.spikeCells),
        time: Float64Array.from(this.spikeTimes),
        step: Int32Array.from(this.spikeSteps),
      },
      counts,
      traceValues: this.traceValues,
      rateBins: this.rateBins,
      timing: { build_s, run_s },
    });
  }
}

/** Stack, read back and free. */
async function readStacked(xs: T[]): Promise<Float32Array | Int32Array | Uint8Array> {
  const s = tf.stack(xs);
  try {
    return (await s.data()) as Float32Array;
  } finally {
    s.dispose();
  }
}
