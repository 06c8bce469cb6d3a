/**
 * Running a built network on the kernel target: split the cells into parts (one per thread),
 * generate each part's program (src/compile/js-kernel/generate.ts), allocate every typed array once (on
 * SharedArrayBuffers when there are threads), warm the code up, run it in chunks (progress between
 * chunks), and return plain typed arrays. The number of threads never changes a result.
 */
import { cores, freeMemory } from '../../node-builtins.js';
import { generateKernel, type KernelSplit } from '../../../compile/js-kernel/generate.js';
import { SimulationError, OptionError } from '../../../model/errors.js';
import { NOISE_BLOCK } from '../../rng.js';
import { KernelArrays } from './allocate.js';
import { SPIKE_CAPACITY } from '../../build-limits.js';
import { networkResult } from '../../result.js';
import { CMD, CTL, type PartInit } from './part.js';
import { KernelParts, startSupervisor, stopSupervisor, type Supervisor } from './threads.js';
import { failureError } from './failure.js';
import { NetworkError } from '../../../ir/errors.js';
import { formatGB } from '../../memory.js';
import { mergeSpikes } from './spike-buffer.js';
import type { BuiltNetwork, NetworkResult, RunOptions } from '../../../ir/network.js';

/** Cell-steps of the warm-up run (a scratch copy of the state, before the timed loop). */
const WARMUP_CELL_STEPS = 2e5;

/** Below this many cells `threads: 'auto'` stays on one thread (a worker's start-up would not pay). */
export const AUTO_THREADS_MIN_CELLS = 20_000;

/** A compiled network ready to run once (its state lives in the typed arrays allocated here). */
export interface KernelRun {
  /** the generated source (of part 0 when there are threads), for inspection */
  source: string;
  /** the number of parts (threads) the cells are split into */
  threads: number;
  run(options?: RunOptions): NetworkResult;
  /** let the worker threads go without running (run() does this itself) */
  close(): void;
}

/** The number of threads a run uses for `threads` (a count, or 'auto': the cores when the network is large). */
export function resolveThreads(net: BuiltNetwork, threads: RunOptions['threads']): number {
  const cells = net.populations.reduce((a, p) => a + p.size, 0);
  if (threads === undefined || threads === 1) return 1;
  if (threads === 'auto') return cells >= AUTO_THREADS_MIN_CELLS ? Math.max(1, Math.min(cores(), 8)) : 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64)
    throw new OptionError(`threads must be an integer from 1 to 64 or 'auto' (got ${threads})`);
  return threads;
}

/**
 * Cut the network's cells into `parts` ranges at noise-block boundaries, balanced over all
 * populations together: the blocks of every population in order, cut where the running cell count
 * passes w / parts of the total. Each part then holds one contiguous range of every population.
 */
export function splitCells(net: BuiltNetwork, parts: number): KernelSplit['ranges'] {
  const blocks: { p: number; lo: number; hi: number }[] = [];
  net.populations.forEach((pop, p) => {
    for (let lo = 0; lo < pop.size; lo += NOISE_BLOCK) blocks.push({ p, lo, hi: Math.min(pop.size, lo + NOISE_BLOCK) });
  });
  const total = net.populations.reduce((a, p) => a + p.size, 0);
  const ranges = Array.from({ length: parts }, () => net.populations.map(() => [0, 0] as [number, number]));
  const assigned = ranges.map(() => net.populations.map(() => false));
  let acc = 0;
  let w = 0;
  for (const b of blocks) {
    // the block goes to the part whose share its middle falls into
    const mid = acc + (b.hi - b.lo) / 2;
    while (w < parts - 1 && mid >= ((w + 1) * total) / parts) w++;
    const r = ranges[w][b.p];
    if (!assigned[w][b.p]) (r[0] = b.lo), (assigned[w][b.p] = true);
    r[1] = b.hi;
    acc += b.hi - b.lo;
  }
  // empty ranges sit where the population's cells are cut (contiguous boundaries for every part)
  net.populations.forEach((pop, p) => {
    let end = 0;
    for (let u = 0; u < parts; u++) {
      const r = ranges[u][p];
      if (r[0] === r[1]) r[0] = r[1] = end;
      end = r[1];
    }
    if (end !== pop.size) throw new Error(`internal: split of population ${p} ends at ${end} of ${pop.size}`);
  });
  return ranges;
}

/**
 * Compile and allocate (the build part of the timing), without running.
 * @example const k = prepareKernel(built, { threads: 2 }); const result = k.run();
 */
export function prepareKernel(net: BuiltNetwork, options: RunOptions = {}): KernelRun {
  const t0 = performance.now();
  const precision = options.precision ?? 'float64';
  const T = resolveThreads(net, options.threads);
  const ranges = T === 1 ? [net.populations.map((p) => [0, p.size] as [number, number])] : splitCells(net, T);
  // with threads, the supervisor thread boots while the code is generated and the arrays allocated
  const ctl = T > 1 ? new Int32Array(new SharedArrayBuffer(CTL.SIZE * 4)) : null;
  const supervisor = ctl ? startSupervisor(ctl) : null;
  try {
    return prepareParts(net, options, t0, precision, T, ranges, ctl, supervisor);
  } catch (e) {
    if (supervisor) stopSupervisor(supervisor);
    throw e;
  }
}

function prepareParts(
  net: BuiltNetwork,
  options: RunOptions,
  t0: number,
  precision: 'float32' | 'float64',
  T: number,
  ranges: KernelSplit['ranges'],
  ctl: Int32Array | null,
  supervisor: Supervisor | null,
): KernelRun {
  const gens = ranges.map((_, index) => generateKernel(net, precision, { index, count: T, ranges }));
  const gen = gens[0];
  if (T > 1) {
    // What threads add to the build's estimate (src/network/build.ts counts a one-thread run): the
    // read-only arrays of the built network copied into shared memory while it keeps its own
    // (connectivity with each row's split points, input trains, drive tables, trace cells), and
    // the traces copied out of shared memory for the result.
    const csr = net.projections.reduce(
      (a, p) =>
        a +
        p.rowPtr.byteLength +
        p.weight.byteLength +
        (p.col?.byteLength ?? 0) +
        (p.delays?.byteLength ?? 0) +
        (p.col ? 4 * (T + 1) * p.pre.size : 0),
      0,
    );
    const inputs =
      net.sources.reduce((a, s) => a + (s.kind === 'spikes' ? s.stepPtr.byteLength + s.cells.byteLength : 0), 0) +
      net.drives.reduce((a, d) => a + (d.kind === 'current' ? d.values.byteLength : 0), 0);
    const traces = net.monitors.traces.reduce(
      (a, tr) => a + (Math.floor(net.steps / tr.every) + 1) * tr.cells.length * 8 + tr.cells.byteLength,
      0,
    );
    const extra = csr + inputs + traces;
    const free = freeMemory() ?? Infinity;
    if (extra > free)
      throw new NetworkError(
        `threads: the shared copies of the connectivity, inputs and traces need ${formatGB(extra)}, ` +
          `more than the ${formatGB(free)} free; run on one thread`,
        { network: net.name },
      );
  }
  const A = new KernelArrays(gen.arrays, net, ranges);
  const warmup = options.warmup !== false;
  const S = warmup ? A.scratch() : null;
  const inits: PartInit[] = gens.map((g, w) => ({
    source: g.source,
    real: A.partView(A.arrays, w),
    scratch: S ? A.partView(S, w) : null,
    rngs: g.rngs,
    scalars: g.scalars,
    spikeCapacity: net.monitors.spikes.length ? Math.max(64, Math.ceil(SPIKE_CAPACITY / T)) : 1,
    parts: T,
    ctl,
  }));
  const parts = new KernelParts(inits, net.name, supervisor ?? undefined);
  const fail = (f: ReturnType<KernelParts['command']>): void => {
    if (f) {
      parts.close();
      throw failureError(net, f);
    }
  };
  // Warm-up: run the generated code for a few steps on the scratch copy of every mutable array, so
  // V8 optimises it (and re-optimises once spikes have run the reset paths) before the timed loop.
  // The real arrays are untouched: the run starts from the built state.
  const cells = net.populations.reduce((a, p) => a + p.size, 0);
  const warm = Math.min(net.steps, Math.max(10, Math.ceil((WARMUP_CELL_STEPS * T) / cells)));
  if (warmup) {
    parts.command(CMD.BIND_SCRATCH);
    // the scratch run only trains the JIT; a run that fails fails again, with its own message, below
    parts.command(CMD.START);
    // in pieces spread over the run: inputs that start late (seed 000's Poisson drive from 200 ms)
    // and the spikes they cause take their code paths during the warm-up too
    const pieces = Math.min(10, warm);
    for (let q = 0; q < pieces; q++) {
      const from = Math.floor((q * (net.steps - Math.ceil(warm / pieces))) / pieces);
      parts.command(CMD.RUN, from, Math.min(net.steps, from + Math.ceil(warm / pieces)));
    }
    parts.command(CMD.BIND_REAL);
  }
  const prepare_s = (performance.now() - t0) / 1000;
  let ran = false;

  return {
    source: gen.source,
    threads: T,
    close: () => parts.close(),
    run(runOptions: RunOptions = {}): NetworkResult {
      if (ran)
        throw new SimulationError('this prepared kernel has already run (its state is consumed); prepare it again');
      ran = true;
      const onProgress = runOptions.onProgress ?? options.onProgress;
      const r0 = performance.now();
      try {
        fail(parts.command(CMD.START));
        // chunks of ~1 % of the run: progress without measurable cost
        const chunk = Math.max(1, Math.ceil(net.steps / 100));
        for (let n = 0; n < net.steps; n += chunk) {
          fail(parts.command(CMD.RUN, n, Math.min(net.steps, n + chunk)));
          onProgress?.(Math.min(net.steps, n + chunk) / net.steps);
        }
        const run_s = (performance.now() - r0) / 1000;
        const spikes = mergeSpikes(parts.collect());
        return networkResult(net, {
          target: precision === 'float32' ? 'kernel/float32' : 'kernel',
          spikes,
          counts: Array.from(A.result((r) => r.kind === 'counts')),
          traceValues: net.monitors.traces.map((_, k) => A.result((r) => r.kind === 'trace' && r.index === k)),
          rateBins: net.monitors.rates.map((_, k) => A.result((r) => r.kind === 'rate-bins' && r.index === k)),
          timing: { build_s: net.buildSeconds + prepare_s, run_s, threads: T },
        });
      } finally {
        parts.close();
      }
    },
  };
}

/**
 * Run a built network on the kernel target.
 * @example const r = runKernel(buildNetwork(loadNetwork('izhikevich-2003')), { threads: 2 }); r.rates
 */
export function runKernel(net: BuiltNetwork, options: RunOptions = {}): NetworkResult {
  return prepareKernel(net, options).run(options);
}
