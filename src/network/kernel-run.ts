/**
 * Running a built network on the kernel target: allocate every typed array once, instantiate the
 * generated step function (src/compile/kernel.ts), run it in chunks (progress between chunks), and
 * return plain typed arrays.
 */
import { generateKernel } from '../compile/kernel.js';
import { instantiate } from '../compile/emit-js.js';
import { SimulationError } from '../model/errors.js';
import { Rng, ZIG, zigguratTail } from './rng.js';
import { SPIKE_CAPACITY } from './build.js';
import { networkResult } from './result.js';
import type { BuiltNetwork, NetworkResult, RunOptions } from './types.js';

interface Program {
  runSteps(n0: number, n1: number): void;
  start(): void;
  bind(arrays: Record<string, unknown>): void;
}

/** Arrays and objects a run writes (cloned for the warm-up); everything else is read-only and shared. */
const MUTABLE = /^(Y\d+_\d+|FL\d+|RU\d+|CH\d+|G\d+|KE\d+|KA\d+|RS\d+|RA\d+|ACT\d+|NS\d+|RG\d+|TR\d+|RB\d+|CNT|KS|MON)$/;

/** Cell-steps of the warm-up run (a scratch copy of the state, before the timed loop). */
const WARMUP_CELL_STEPS = 2e5;

/** The spike monitor's growable buffers (doubled when full: amortised, no per-step allocation). */
class SpikeBuffer {
  constructor(capacity: number) {
    this.cell = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.step = new Int32Array(capacity);
  }
  cell: Int32Array;
  time: Float64Array;
  step: Int32Array;
  n = 0;
  grow(): void {
    const cap = this.cell.length * 2;
    const c = new Int32Array(cap), t = new Float64Array(cap), s = new Int32Array(cap);
    c.set(this.cell), t.set(this.time), s.set(this.step);
    this.cell = c, this.time = t, this.step = s;
  }
}

/** A compiled network ready to run once (its state lives in the typed arrays allocated here). */
export interface KernelRun {
  /** the generated source, for inspection */
  source: string;
  run(options?: RunOptions): NetworkResult;
}

/**
 * Compile and allocate (the build part of the timing), without running.
 * @example const k = prepareKernel(built); const result = k.run();
 */
export function prepareKernel(net: BuiltNetwork, options: RunOptions = {}): KernelRun {
  const t0 = performance.now();
  const precision = options.precision ?? 'float64';
  const gen = generateKernel(net, precision);
  const FA = precision === 'float32' ? Float32Array : Float64Array;
  const A: Record<string, unknown> = {};
  net.populations.forEach((pop, p) => {
    pop.model.variables.forEach((v, k) => (A[`Y${p}_${k}`] = FA.from(pop.init[v.name])));
    pop.model.parameters.forEach((q, k) => {
      const v = pop.params[q.name];
      if (typeof v !== 'number') A[`P${p}_${k}`] = FA.from(v);
    });
    A[`FL${p}`] = new Int32Array(pop.size);
    if (gen.refractory[p]) A[`RU${p}`] = new Float64Array(pop.size).fill(-Infinity);
  });
  for (const ch of gen.channels) {
    const N = net.populations[ch.post].size;
    if (!ch.direct && ch.synapse.kind !== 'rate') A[`CH${ch.id}`] = new FA(ch.depth * N);
    if (ch.synapse.kind === 'current' || ch.synapse.kind === 'conductance') A[`G${ch.id}`] = new FA(N);
    if (ch.synapse.kind === 'kernel') {
      A[`KE${ch.id}`] = new FA(N);
      if (ch.synapse.shape === 'alpha') A[`KA${ch.id}`] = new FA(N);
    }
    if (ch.synapse.kind === 'rate') (A[`RS${ch.id}`] = new FA(N)), (A[`RA${ch.id}`] = new FA(N));
  }
  net.projections.forEach((pr, k) => {
    A[`RP${k}`] = pr.rowPtr;
    A[`W${k}`] = pr.weight;
    if (pr.col) A[`C${k}`] = pr.col;
    if (pr.delays) A[`DL${k}`] = pr.delays;
  });
  net.sources.forEach((s, k) => {
    if (s.kind === 'spikes') (A[`SP${k}`] = s.stepPtr), (A[`SC${k}`] = s.cells);
    else A[`AC${k}`] = FA.from(s.activity);
  });
  for (const p of gen.activityPops) A[`ACT${p}`] = new FA(net.populations[p].size);
  const rngs: Rng[] = [];
  net.drives.forEach((d, k) => {
    if (d.kind === 'noise') {
      rngs[k] = new Rng(d.streamSeed);
      A[`NS${k}`] = rngs[k].s;
      A[`RG${k}`] = rngs[k];
      if (typeof d.sigma !== 'number') A[`SG${k}`] = FA.from(d.sigma);
    } else {
      A[`CU${k}`] = d.values;
      if (typeof d.scale !== 'number') A[`SS${k}`] = FA.from(d.scale);
    }
  });
  const nSamples = net.monitors.traces.map((tr) => Math.floor(net.steps / tr.every) + 1);
  net.monitors.traces.forEach((tr, k) => {
    A[`TR${k}`] = new Float64Array(nSamples[k] * tr.cells.length);
    A[`TC${k}`] = tr.cells;
  });
  const nBins = net.monitors.rates.map((r) => Math.ceil(net.steps / r.bin));
  net.monitors.rates.forEach((_, k) => (A[`RB${k}`] = new Float64Array(nBins[k])));
  A.CNT = new Float64Array(net.populations.length);
  A.KN = ZIG.kn;
  A.WN = ZIG.wn;
  // one function for every binding (a different closure per binding would deoptimise the call
  // site); the Rng it is given (RG<k>, whose state is NS<k>) is the stream
  A.TAIL = zigguratTail;
  // no spike monitor: a token buffer the generated code never writes
  const mon = new SpikeBuffer(net.monitors.spikes.length ? SPIKE_CAPACITY : 1);
  A.MON = mon;
  A.FAIL = {
    reset(p: number, e: number, i: number, te: number): never {
      const pop = net.populations[p];
      const ev = pop.model.events[e];
      throw new SimulationError(
        `population '${pop.name}' (model '${pop.model.name}'), cell ${i}: the reset of event '${ev.name}' at t = ${te} leaves its condition true, so it would fire forever; reset below the threshold`,
        { model: pop.model.name, time: te },
      );
    },
    stuck(p: number, i: number, t: number): never {
      const pop = net.populations[p];
      throw new SimulationError(`population '${pop.name}' (model '${pop.model.name}'), cell ${i}: more than 100000 events within one step at t = ${t}; the events keep re-firing`, { model: pop.model.name, time: t });
    },
    diverged(p: number, k: number, i: number, t: number, v: number): never {
      const pop = net.populations[p];
      const name = pop.model.variables[k].name;
      throw new SimulationError(
        `population '${pop.name}' (model '${pop.model.name}'), cell ${i}: variable '${name}' ${Number.isNaN(v) ? 'became NaN' : `reached ${v}`} at t = ${t}; the run diverged — check weights, parameters or dt`,
        { model: pop.model.name, variable: name, time: t, value: v },
      );
    },
  };
  A.KS = new Float64Array(gen.scalars);
  const program = instantiate<Program>(['A'], gen.source, A);
  // Warm-up: run the generated code for a few steps on a scratch copy of every mutable array, so
  // V8 optimises it (and re-optimises once spikes have run the reset paths) before the timed loop.
  // The real arrays are untouched: the run starts from the built state.
  const cells = net.populations.reduce((a, p) => a + p.size, 0);
  const warm = Math.min(net.steps, Math.max(10, Math.ceil(WARMUP_CELL_STEPS / cells)));
  if (options.warmup !== false) {
    const S: Record<string, unknown> = {};
    const scratchRngs: Rng[] = [];
    for (const [key, v] of Object.entries(A)) {
      if (!MUTABLE.test(key)) S[key] = v;
      else if (key === 'MON') S[key] = new SpikeBuffer(mon.cell.length);
      else if (key.startsWith('NS')) {
        // a fresh stream for the scratch run (keys are set in A's order: the same hidden class)
        const k = Number(key.slice(2));
        scratchRngs[k] = new Rng((net.drives[k] as { streamSeed: number }).streamSeed);
        S[key] = scratchRngs[k].s;
      } else if (key.startsWith('RG')) S[key] = scratchRngs[Number(key.slice(2))];
      else S[key] = (v as Float64Array).slice();
    }
    program.bind(S);
    try {
      program.start();
      // in pieces spread over the run: inputs that start late (seed 000's Poisson drive from 200 ms)
      // and the spikes they cause take their code paths during the warm-up too
      const pieces = Math.min(10, warm);
      for (let q = 0; q < pieces; q++) {
        const from = Math.floor((q * (net.steps - Math.ceil(warm / pieces))) / pieces);
        program.runSteps(from, Math.min(net.steps, from + Math.ceil(warm / pieces)));
      }
    } catch (e) {
      // the scratch run only trains the JIT; a run that fails fails again, with its own message, below
      if (!(e instanceof SimulationError)) throw e;
    } finally {
      program.bind(A);
    }
  }
  const prepare_s = (performance.now() - t0) / 1000;
  let ran = false;

  return {
    source: gen.source,
    run(runOptions: RunOptions = {}): NetworkResult {
      if (ran) throw new SimulationError('this prepared kernel has already run (its state is consumed); prepare it again');
      ran = true;
      const onProgress = runOptions.onProgress ?? options.onProgress;
      const r0 = performance.now();
      program.start();
      // chunks of ~1 % of the run: progress without measurable cost
      const chunk = Math.max(1, Math.ceil(net.steps / 100));
      for (let n = 0; n < net.steps; n += chunk) {
        program.runSteps(n, Math.min(net.steps, n + chunk));
        onProgress?.(Math.min(net.steps, n + chunk) / net.steps);
      }
      const run_s = (performance.now() - r0) / 1000;
      return networkResult(net, {
        target: precision === 'float32' ? 'kernel/float32' : 'kernel',
        spikes: { cell: mon.cell.slice(0, mon.n), time: mon.time.slice(0, mon.n), step: mon.step.slice(0, mon.n) },
        counts: Array.from(A.CNT as Float64Array),
        traceValues: net.monitors.traces.map((_, k) => A[`TR${k}`] as Float64Array),
        rateBins: net.monitors.rates.map((_, k) => A[`RB${k}`] as Float64Array),
        timing: { build_s: net.buildSeconds + prepare_s, run_s },
      });
    },
  };
}

/**
 * Run a built network on the kernel target.
 * @example const r = runKernel(buildNetwork(loadNetwork('izhikevich-2003'))); r.rates
 */
export function runKernel(net: BuiltNetwork, options: RunOptions = {}): NetworkResult {
  return prepareKernel(net, options).run(options);
}
