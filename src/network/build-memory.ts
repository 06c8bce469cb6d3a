/**
 * The memory estimate of a build, from the spec and the resolved models, before anything large is
 * allocated (the ledger is checked against the free memory by the caller, src/network/build-network.ts).
 */
import { expectedSynapses, isDense } from './connect.js';
import { MemoryLedger } from './memory.js';
import { MAX_DELAY_STEPS, SPIKE_CAPACITY, type Resolved } from './build-limits.js';
import type { NetworkSpec, ProjectionSpec, SourceSpec, ValueSpec } from './spec.js';

/** What the estimate needs besides the spec: the resolved models, sizes and the run's steps. */
export interface EstimateInput {
  resolved: Resolved[];
  srcSizes: number[];
  projNames: string[];
  dt: number;
  T: number;
  steps: number;
  bytesPerValue?: number;
}

/** The ledger of a build's memory, item by item (see the comment inside on what is counted). */
export function estimateMemory(spec: NetworkSpec, input: EstimateInput): MemoryLedger {
  const { resolved, srcSizes, projNames, dt, T, steps } = input;
  const popNames = Object.keys(spec.populations);
  const srcSpecs = spec.sources ?? {};
  const srcNames = Object.keys(srcSpecs);
  const projSpecs = spec.projections ?? [];
  const bpv = input.bytesPerValue ?? 8;
  const ledger = new MemoryLedger();
  // What is allocated, counted as live together (build temporaries are garbage by the run, but
  // the collector need not have returned them; only a projection's column temporary is counted
  // as gone once its weights exist): the built network's arrays, the build's temporaries, and the
  // kernel run's arrays with the warm-up's scratch copy of everything the run writes (a one-thread
  // run; src/network/targets/js-kernel/run.ts checks what threads add). The estimate is within a factor 1.5
  // of the measured peak (test/network/memory.test.ts).
  resolved.forEach((r) => {
    const n = r.spec.size;
    const ir = r.model.ir;
    const nv = ir.variables.length;
    const specValues = [...Object.values(r.spec.params ?? {}), ...Object.values(r.spec.init ?? {})];
    const perCell = Object.keys(r.spec.params ?? {}).length;
    const refractory = ir.events.some((e) => e.refractory);
    // built: init (float64 per variable) and per-cell parameters; run: state, parameters and the
    // double-buffered spike list (int32 x 2), state and spike list again in the warm-up's copy
    ledger.add(`population '${r.name}' state (built, run, warm-up copy)`, n * nv * (8 + 2 * bpv));
    ledger.add(`population '${r.name}' per-cell parameters (built, run)`, n * perCell * (8 + bpv));
    ledger.add(
      `population '${r.name}' spike lists and refractory clocks (run, warm-up copy)`,
      n * (8 + (refractory ? 8 : 0)) * 2,
    );
    // the r and z draws shared by expressions of per-cell values (float64 x 2, while building)
    if (specValues.some((v) => typeof v === 'string'))
      ledger.add(`population '${r.name}' r and z draws (build)`, n * 16);
    // the model's initial values evaluated per cell: a JS scalar closure per cell, no arrays
  });
  projSpecs.forEach((p, k) => {
    const pre =
      popNames.indexOf(p.from) >= 0
        ? resolved[popNames.indexOf(p.from)].spec.size
        : srcNames.indexOf(p.from) >= 0
          ? srcSizes[srcNames.indexOf(p.from)]
          : 0;
    const post = popNames.indexOf(p.to) >= 0 ? resolved[popNames.indexOf(p.to)].spec.size : 0;
    if (!p.connect) return;
    const nSyn = expectedSynapses(p.connect, pre, post);
    // column indices (int32) and a temporary of the same size for { p } (grown, then trimmed) and
    // { indegree } (drawn by post cell, then sorted by pre); then weights (float32) and per-synapse
    // delays (float64 while rounding, then uint8/uint16: 2 bytes counted). The column temporary is
    // garbage before the weights exist and a large typed array's memory is returned when it is
    // collected (measured: test/network/memory.test.ts), so the peak holds one or the other.
    const connect = typeof p.connect === 'object' ? p.connect : null;
    const col = isDense(p.connect) ? 0 : 4;
    const colTemp = connect && ('p' in connect || 'indegree' in connect) ? 4 : 0;
    const perDelay = p.delay !== undefined && typeof p.delay !== 'number' ? 8 + 2 : 0;
    ledger.add(
      `projection '${projNames[k]}' synapses (${nSyn.toExponential(2)})`,
      nSyn * (col + Math.max(colTemp, 4 + perDelay)) + (pre + 1) * 4,
    );
    const depth =
      1 +
      Math.ceil(Math.min(maxDelayMs(p.delay) / dt, MAX_DELAY_STEPS)) +
      (p.synapse?.kind === 'filtered' && p.synapse.window ? Math.round((p.synapse.window as number) / dt) : 0);
    // ring buffer and the synapse's state (up to two arrays), each again in the warm-up's copy
    ledger.add(`projection '${projNames[k]}' ring buffer (${depth} slots)`, 2 * (depth * post * bpv + post * bpv * 2));
  });
  srcNames.forEach((s, k) => {
    const src = srcSpecs[s];
    // per step: the spike probability (float64, Poisson only), counts and index (int32 x 2), and
    // the fill positions (int32); per spike: unit (int32) and time (float64)
    if (src.kind === 'poisson')
      ledger.add(`source '${s}' spike trains`, expectedPoisson(src, srcSizes[k], T) * 12 + steps * 20);
    if (src.kind === 'spikes')
      ledger.add(
        `source '${s}' spike trains`,
        src.times.reduce((a, l) => a + (Array.isArray(l) ? l.length : 0), 0) * (12 + 48) + steps * 4,
      );
    if (src.kind === 'rates') ledger.add(`source '${s}' activities`, srcSizes[k] * 8 * 2);
  });
  // a table of one value per step for each current drive and each noise drive's nonzero mean
  // (the noise itself is drawn in the step loop: no table)
  const tables = (spec.drives ?? []).filter(
    (d) => d.kind === 'current' || (d.kind === 'noise' && d.mean !== undefined && d.mean !== 0),
  ).length;
  ledger.add('drive tables', tables * steps * 8);
  // a Poisson drive's per-cell weights (float64) when they vary, and a block stream state per 256 cells
  for (const d of spec.drives ?? []) {
    if (d.kind !== 'poisson') continue;
    const size = resolved[popNames.indexOf(d.to)]?.spec.size ?? 0;
    ledger.add(
      `poisson drive to '${d.to}'`,
      (typeof d.weight === 'number' ? 0 : size * 8) + Math.ceil(size / 256) * 16,
    );
  }
  monitorBytes(spec, resolved, steps, dt, ledger);
  return ledger;
}

/** Projection names: `name`, or `from->to`, numbered `#2`, `#3` when repeated. */
export function uniqueNames(projs: ProjectionSpec[]): string[] {
  const seen = new Map<string, number>();
  return projs.map((p) => {
    const base = p?.name ?? `${p?.from}->${p?.to}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return k === 0 ? base : `${base}#${k + 1}`;
  });
}

function maxDelayMs(d: ValueSpec | undefined): number {
  if (d === undefined) return 0;
  if (typeof d === 'number') return d;
  if (Array.isArray(d)) return Math.max(0, ...d);
  if (typeof d === 'object' && 'uniform' in d) return d.uniform[1];
  return 50; // a guess for unbounded distributions, for the estimate only
}

function expectedPoisson(src: Extract<SourceSpec, { kind: 'poisson' }>, n: number, T: number): number {
  const rate = typeof src.rate === 'number' ? src.rate : 100; // time-varying: assume <= 100 Hz for the estimate
  const m = (n * rate * T) / 1000;
  return m + 6 * Math.sqrt(m) + 16;
}

function monitorBytes(spec: NetworkSpec, resolved: Resolved[], steps: number, dt: number, ledger: MemoryLedger): void {
  const m = spec.monitors ?? {};
  if (m.spikes) ledger.add('spike monitor (initial capacity; doubles as needed)', SPIKE_CAPACITY * 16);
  // population-rate bins: one float64 per bin in the run, its warm-up copy and the result's two
  if (m.rates)
    ledger.add(
      'population rates',
      (m.rates === true || !m.rates.populations ? resolved.length : m.rates.populations.length) *
        Math.ceil(steps / Math.max(1, Math.round(((m.rates === true ? undefined : m.rates.bin) ?? 1) / dt))) *
        32,
    );
  for (const tr of m.traces ?? []) {
    const r = resolved.find((x) => x.name === tr.population);
    if (!r) continue;
    const cells =
      tr.cells === undefined
        ? 1
        : tr.cells === 'all'
          ? r.spec.size
          : typeof tr.cells === 'number'
            ? tr.cells
            : tr.cells.length;
    const vars = tr.variables === undefined ? 1 : Array.isArray(tr.variables) ? tr.variables.length : 1;
    const every = Math.max(1, Math.round((tr.every ?? dt) / dt));
    // the samples, again in the warm-up's copy, and the result's time axis
    const samples = Math.floor(steps / every) + 1;
    ledger.add(`traces of '${tr.population}' (run, warm-up copy)`, samples * cells * vars * 16 + samples * 8);
  }
}
