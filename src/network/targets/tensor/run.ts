/**
 * The tensor target: a BuiltNetwork (types.ts) run as TensorFlow.js ops over float32 tensors.
 *
 * - The whole step is one `tf.tidy`: state (variables, refractory clocks, synaptic states, ring
 *   buffers, last spikes) stays on the device as tensors that each step replaces; nothing else
 *   survives a step, so `tf.memory().numTensors` is the same at every chunk boundary.
 * - Spikes, rate-monitor spikes and trace samples stay on the device for a chunk of K steps and
 *   are read back once per chunk (`await data()`), never once per step. Host → device uploads
 *   (source spike counts, noise, drive values) are made once per chunk too.
 * - Propagation costs O(synapses) per step and never builds an N² matrix unless asked to: spike
 *   counts gathered at the synapses' presynaptic cells × weights, summed per postsynaptic cell by
 *   `sparseSegmentSum` over the synapses sorted by post cell (the one segment reduction every
 *   back-end has: tfjs-backend-wasm has no UnsortedSegmentSum). The accumulator's old value leads
 *   each cell's segment, so the float32 sum runs in the kernel's order (old value, then projection
 *   by projection, pre cells ascending). `propagation: 'dense'` uses one matMul per projection
 *   instead (fast on a GPU for dense connectivity, summed in the back-end's order).
 * - The per-step semantics and the float32 arithmetic are the kernel target's in `precision:
 *   'float32'` (src/compile/js-kernel/generate.ts), operation for operation: the synaptic channels of
 *   src/compile/js-kernel/plan.ts, targets summed in channel order then drives, event functions at the
 *   step start before jumps, the refractory split, per-stage clamps, decay after the step.
 *   Random inputs are the ones drawn at build (Poisson trains) or by `NoiseStream` (noise, drawn on
 *   the host per chunk in the kernel's order), so a seed gives the same inputs on every target.
 *
 * On a CPU this target is slower than the fused kernel (an op per AST node per step, each a pass
 * over the population plus its dispatch); it exists for large populations on a GPU (tfjs-node-gpu).
 */
import * as tf from '@tensorflow/tfjs-core';
import { compileTensor, type TensorEnv, type TensorModel } from '../../../compile/tensor.js';
import type { T } from '../../../compile/tensor-functions.js';
import { planChannels, type Channel } from '../../../compile/channels.js';
import { OptionError, SimulationError } from '../../../model/errors.js';
import { NetworkError } from '../../../ir/errors.js';
import { NoiseStream } from '../../rng.js';
import { initBackend, type BackendName } from './backend.js';
import { networkResult } from '../../result.js';
import type { BuiltNetwork, BuiltPopulation, BuiltProjection, CellValues, NetworkResult, RunOptions, SpikeSource } from '../../../ir/network.js';

export interface TensorRunOptions extends RunOptions {
  /** TensorFlow.js back-end: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'; default: the best available */
  backend?: BackendName;
  /** steps kept on the device between read-backs (default 250) */
  chunk?: number;
  /**
   * How projections propagate: 'sparse' (gather + ordered segment sum, O(synapses), the kernel's
   * float32 summation order), 'dense' (one matMul with a pre × post matrix per projection) or
   * 'auto' (default: dense for projections of 2^16 to `denseLimit` pairs with at least
   * `denseFraction` of them connected, else sparse).
   */
  propagation?: 'auto' | 'sparse' | 'dense';
  /** largest pre × post matrix 'auto' makes dense (default 2^22 entries, 16 MB) */
  denseLimit?: number;
  /** smallest fraction of connected pairs 'auto' makes dense (default 0.25) */
  denseFraction?: number;
}

/** One write of a channel's arrivals into a ring slot (or straight into g): all synapses of one delay. */
interface Write {
  delay: number;
  /** sparse part: contributions (one per projection, in projection order) then an ordered segment sum */
  sparse: { proj: BuiltProjection; pre: T; w: T; ids?: T }[];
  /** segment-sum plan over concat([acc, contributions...]): indices and their (sorted) post cells */
  indices?: T;
  segments?: T;
  /** dense part: [pre, post] matrices, added after the sparse part in projection order */
  dense: { proj: BuiltProjection; W: T }[];
}

interface ChanRun {
  ch: Channel;
  N: number;
  writes: Write[];
}

interface PopRun {
  pop: BuiltPopulation;
  model: TensorModel;
  /** parameters in model order (float32 scalars or [size]) */
  p: T[];
  /** targets (parameters or inputs) that receive synaptic or drive input, in `additive` order */
  targets: string[];
  /** per target: its terms in the kernel's order (channels by id, then drives) */
  terms: Term[][];
  /** index of the spike event, or -1 */
  spike: number;
  /** refractory: the clamp variable indices (one clamp set per population, as the kernel) or null */
  clamp: Set<number> | null;
  voltage: number;
  /** propagation reads this population's spikes of the previous step */
  presynaptic: boolean;
  /** rate-coupling states S integrated with the population (after the model's variables), by channel */
  rates: Channel[];
  /** the activity (variable index, or named expression index) other populations' rate synapses read */
  activity: { variable: number } | { named: number } | null;
}

/** One additive term of a target at a stage state y; `stage` when it reads the stage state (conductances). */
type Term = ((y: T[], s: StepInputs) => T) & { stage?: boolean };

interface StepInputs {
  /** per channel id: the pulse input x, or the kernel synapse's value */
  x: (T | undefined)[];
  /** per channel id: the rate input A = sum w a of a rate synapse */
  ra: (T | undefined)[];
  /** per channel id: the current or conductance state after this step's arrivals */
  g: (T | undefined)[];
  /** per drive index: this step's value */
  d: (T | undefined)[];
}

/** What one step leaves on the device until its chunk is read back. */
interface StepRecord {
  /** per population: the spike time's offset in the step (or -1) per cell, when recorded or rate-monitored */
  spikes: (T | undefined)[];
  /** per trace monitor: sampled values of its cells, on sample steps */
  traces: (T | undefined)[];
  /** per population: max |y| and sum |y| of its variables after the step (divergence checks) */
  checks: T[];
  /** true if a reset left its condition true without a refractory period */
  loops?: T;
}

interface ChunkInputs {
  /** per source index and step of the chunk: spike counts [size] */
  src: Map<number, T[]>;
  /** per drive and step of the chunk: current value (scalar) or noise normals [size] */
  drives: T[][];
  all: T[];
}

const DEFAULT_CHUNK = 250;
/** the kernel's divergence bound (src/compile/js-kernel/generate.ts) */
const LIMIT = 1e12;

/**
 * Run a built network on the tensor target (float32).
 * @example
 * const built = buildNetwork(spec, { seed: 1 });
 * const result = await runTensor(built, { backend: 'wasm' });
 * result.spikes.cell; result.timing.run_s;
 */
export async function runTensor(net: BuiltNetwork, options: TensorRunOptions = {}): Promise<NetworkResult> {
  if (options.precision === 'float64') {
    throw new OptionError("the tensor target computes in float32 (TensorFlow.js tensors); use precision 'float32', or the kernel target for float64");
  }
  // until the tensor target draws them: refuse rather than silently drop the input
  if (net.drives.some((d) => d.kind === 'poisson')) throw new NetworkError('the tensor target does not run poisson drives yet', { network: net.name, field: 'drives' });
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1) throw new OptionError(`chunk must be a whole number of steps >= 1, got ${chunk}`);
  const setupStarted = performance.now();
  const backend = await initBackend(options.backend);
  const run = new TensorRun(net, options, chunk, backend);
  try {
    run.setup();
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const started = performance.now();
    await run.loop();
    const runSeconds = (performance.now() - started) / 1000;
    return await run.result(net.buildSeconds + setupSeconds, runSeconds);
  } finally {
    run.dispose();
  }
}

class TensorRun {
  readonly pops: PopRun[] = [];
  readonly chans: ChanRun[] = [];
  /** tensors that live for the whole run (parameters, weights, indices, constants) */
  readonly constants: T[] = [];
  /** persistent state, replaced every step */
  readonly state = new Map<string, T>();
  readonly dt: number;
  readonly h: number;
  readonly srcUsed = new Map<number, SpikeSource>();
  readonly streams = new Map<number, NoiseStream>();
  /** traced synaptic-input totals of the current step, by 'population:parameter' */
  private readonly inputTotals = new Map<string, T>();
  readonly cache = new Map<string, T>();
  // records
  readonly spikeCells: number[] = [];
  readonly spikeTimes: number[] = [];
  readonly spikeSteps: number[] = [];
  readonly recordSpikes: Set<number>;
  /** spike counts of the populations read back (the others are counted on the device) */
  readonly hostCounts: number[];
  readonly rateBins: Float64Array[];
  readonly traceValues: Float64Array[];

  constructor(
    readonly net: BuiltNetwork,
    readonly options: TensorRunOptions,
    readonly chunk: number,
    readonly backend: BackendName,
  ) {
    this.dt = net.dt;
    this.h = Math.fround(net.dt);
    this.recordSpikes = new Set(net.monitors.spikes);
    this.hostCounts = net.populations.map(() => 0);
    this.rateBins = net.monitors.rates.map((r) => new Float64Array(Math.ceil(net.steps / r.bin)));
    this.traceValues = net.monitors.traces.map((tr) => new Float64Array((Math.floor(net.steps / tr.every) + 1) * tr.cells.length));
  }

  keep<X extends T>(x: X): X {
    this.constants.push(x);
    this.constantSet.add(x);
    return x;
  }

  /** run-long constants, which may also sit in the state (zeroed ring slots) but are never freed by a step */
  readonly constantSet = new Set<T>();

  /** A scalar constant, created on first use and kept for the run (no per-step uploads). */
  k(v: number | boolean, dtype: 'float32' | 'int32' | 'bool' = 'float32'): T {
    const key = `${dtype}:${String(v)}`;
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = tf.keep(this.keep(tf.scalar(v, dtype)))));
    return x;
  }

  /**
   * A constant of shape [n], created once: tf.where with a scalar branch tiles it to the full
   * shape on every call (two extra kernels), so selects take full-size constants.
   */
  full(v: number, n: number, dtype: 'float32' | 'int32' = 'float32'): T {
    const key = `full:${dtype}:${n}:${String(v)}`;
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = tf.keep(this.keep(tf.fill([n], v, dtype)))));
    return x;
  }

  /**
   * tf.where(c, a, b) without its broadcasting: tfjs 4 clones each argument (three Identity kernels)
   * even when the shapes already agree; then the Select kernel is called directly.
   */
  select(c: T, a: T, b: T): T {
    if (a.dtype === b.dtype && c.rank === 1 && a.rank === 1 && b.rank === 1 && c.shape[0] === a.shape[0] && a.shape[0] === b.shape[0]) {
      return tf.engine().runKernel('Select', { condition: c, t: a, e: b }, {}) as T;
    }
    return tf.where(c, a, b);
  }

  /** direction·g without a kernel for direction +1 */
  signed(direction: 1 | -1, g: T): T {
    return direction === 1 ? g : tf.neg(g);
  }

  /** A per-cell value as a float32 constant: a scalar when shared, else [size]. */
  cells(v: CellValues): T {
    return this.keep(typeof v === 'number' ? tf.scalar(v, 'float32') : tf.tensor1d(Float32Array.from(v), 'float32'));
  }

  unsupported(what: string): never {
    throw new NetworkError(`the tensor target does not support ${what} yet; run it on the kernel target`, { network: this.net.name });
  }

  setup(): void {
    const net = this.net;
    for (const proj of net.projections) {
      if (proj.pre.kind !== 'source') continue;
      const src = net.sources[proj.pre.index];
      if (src.kind === 'spikes') this.srcUsed.set(proj.pre.index, src);
      else if (!this.cache.has(`act:src:${src.index}`)) this.cache.set(`act:src:${src.index}`, this.keep(tf.tensor1d(Float32Array.from(src.activity), 'float32')));
    }
    const channels = planChannels(net);
    const presyn = new Set(net.projections.filter((p) => p.pre.kind === 'population').map((p) => p.pre.index));
    for (const pop of net.populations) {
      if (pop.integration.method === 'expeuler') this.unsupported(`integration 'expeuler' (population '${pop.name}')`);
      if (pop.eventMode === 'located') this.unsupported(`events: 'located' (population '${pop.name}'; a root search per spike)`);
      const ir = pop.model;
      // targets and their terms in the kernel's order: channels of this population by id, then drives
      const targets: string[] = [];
      const terms: Term[][] = [];
      const term = (name: string, f: Term): void => {
        let i = targets.indexOf(name);
        if (i < 0) (i = targets.push(name) - 1), terms.push([]);
        terms[i].push(f);
      };
      const voltage = Math.max(0, ir.variables.findIndex((v) => v.name === pop.voltage));
      const rates: Channel[] = [];
      for (const ch of channels) {
        if (ch.post !== pop.index) continue;
        const s = ch.legacy;
        const c = ch.id;
        if (s.kind === 'pulse' || s.kind === 'kernel') term(s.target, (_y, si) => si.x[c]!);
        else if (s.kind === 'rate') {
          const r = ir.variables.length + rates.length;
          rates.push(ch);
          term(s.target, Object.assign((y: T[]) => y[r], { stage: true }));
        }
        else if (s.kind === 'current') term(s.target, (_y, si) => si.g[c]!);
        else if (s.kind === 'conductance') {
          const E = this.k(Math.fround(s.E));
          term(s.target, Object.assign((y: T[], si: StepInputs) => tf.mul(si.g[c]!, tf.sub(E, y[voltage])), { stage: true }));
        }
      }
      net.drives.forEach((d, k) => {
        if (d.population === pop.index) term(d.target, (_y, si) => si.d[k]!);
      });
      const model = compileTensor(ir, { additive: targets });
      const p = ir.parameters.map((q) => this.cells(pop.params[q.name] ?? q.value));
      const withRef = ir.events.filter((e) => e.refractory);
      const clampSets = new Set(withRef.map((e) => [...e.clamp].sort().join(',')));
      if (clampSets.size > 1) this.unsupported(`events with refractory periods that clamp different variables (population '${pop.name}')`);
      this.pops.push({
        pop, model, p, targets, terms,
        spike: pop.spikeEvent ?? -1,
        clamp: withRef.length ? new Set(withRef[0].clamp) : null,
        voltage,
        presynaptic: presyn.has(pop.index),
        rates,
        activity: null,
      });
    }
    // activities read by rate synapses (one per pre population, as the kernel)
    for (const proj of net.projections) {
      if (proj.synapse.kind !== 'rate' || proj.pre.kind !== 'population') continue;
      const pr = this.pops[proj.pre.index];
      const name = proj.synapse.activity!;
      const v = pr.pop.model.variables.findIndex((x) => x.name === name);
      const a = v >= 0 ? { variable: v } : { named: pr.model.observables.indexOf(name) };
      if (pr.activity && JSON.stringify(pr.activity) !== JSON.stringify(a)) this.unsupported(`rate synapses reading different activities of population '${pr.pop.name}'`);
      pr.activity = a;
    }
    for (const ch of channels) this.chans.push(this.setupChannel(ch));
    this.initialState();
  }

  /** Propagation plans of a channel: one write per delay value, in the kernel's summation order. */
  setupChannel(ch: Channel): ChanRun {
    const N = this.net.populations[ch.post].size;
    const mode = this.options.propagation ?? 'auto';
    const denseLimit = this.options.denseLimit ?? 1 << 22;
    const denseFraction = this.options.denseFraction ?? 0.25;
    const byDelay = new Map<number, Write>();
    /** post cells of each sparse contribution, per write (for the segment plan) */
    const colsOf = new Map<Write, Int32Array[]>();
    const write = (d: number): Write => {
      let w = byDelay.get(d);
      if (!w) byDelay.set(d, (w = { delay: d, sparse: [], dense: [] }));
      return w;
    };
    for (const proj of ch.projections) {
      const preSize = proj.pre.size;
      const nnz = proj.weight.length;
      const preOf = new Int32Array(nnz);
      for (let i = 0; i < preSize; i++) preOf.fill(i, proj.rowPtr[i], proj.rowPtr[i + 1]);
      const colAll = proj.col ?? Int32Array.from({ length: nnz }, (_, q) => q % N);
      // synapses per delay in CSR order (pre ascending, then row order): the kernel's order. One
      // delay for all (the usual case): the CSR arrays as they are.
      const groups = new Map<number, Int32Array | null>();
      if (!proj.delays) groups.set(proj.delaySteps, null);
      else {
        const count = new Map<number, number>();
        for (let q = 0; q < nnz; q++) count.set(proj.delays[q], (count.get(proj.delays[q]) ?? 0) + 1);
        const at = new Map<number, number>();
        for (const [d, c] of count) groups.set(d, new Int32Array(c)), at.set(d, 0);
        for (let q = 0; q < nnz; q++) {
          const d = proj.delays[q];
          const k = at.get(d)!;
          groups.get(d)![k] = q;
          at.set(d, k + 1);
        }
      }
      /** the values of `all` at the synapses `syn` (all of them when null), as a new array of the same type */
      const pick = <A extends Int32Array | Float32Array>(all: A, syn: Int32Array | null): A => {
        if (syn === null) return all.slice() as A;
        const out = (all instanceof Int32Array ? new Int32Array(syn.length) : new Float32Array(syn.length)) as A;
        for (let j = 0; j < syn.length; j++) out[j] = all[syn[j]];
        return out;
      };
      // auto: a matrix only where it pays (>= 2^16 entries, mostly connected); small projections take
      // the segment sum, which also keeps the kernel's float32 summation order
      const dense = mode === 'dense' || (mode === 'auto' && preSize * N >= 1 << 16 && preSize * N <= denseLimit && nnz >= denseFraction * preSize * N);
      for (const [d, syn] of groups) {
        const w = write(d);
        const m = syn === null ? nnz : syn.length;
        if (dense) {
          if (preSize * N > 2 ** 30) throw new OptionError(`projection '${proj.name}': a dense ${preSize} × ${N} matrix is too large; use propagation 'sparse'`);
          // multapses add up in the matrix
          const M = new Float32Array(preSize * N);
          for (let j = 0; j < m; j++) {
            const q = syn === null ? j : syn[j];
            M[preOf[q] * N + colAll[q]] += proj.weight[q];
          }
          w.dense.push({ proj, W: this.keep(tf.tensor2d(M, [preSize, N], 'float32')) });
        } else {
          w.sparse.push({
            proj,
            pre: this.keep(tf.tensor1d(pick(preOf, syn), 'int32')),
            w: this.keep(tf.tensor1d(pick(proj.weight, syn), 'float32')),
            ids: this.backend !== 'tensorflow' ? this.keep(tf.range(0, m, 1, 'int32')) : undefined,
          });
          colsOf.set(w, [...(colsOf.get(w) ?? []), pick(colAll, syn)]);
        }
      }
    }
    for (const [w, cols] of colsOf) {
      // data = concat([acc (N), contributions of projection 1, 2, ...]); post cell j's segment lists
      // acc[j] first, then its synapses in projection order and CSR order
      const M = cols.reduce((a, c) => a + c.length, 0);
      const sizes = new Int32Array(N).fill(1);
      for (const c of cols) for (const j of c) sizes[j]++;
      const indices = new Int32Array(N + M);
      const segments = new Int32Array(N + M);
      const fill = new Int32Array(N);
      let pos = 0;
      for (let j = 0; j < N; j++) {
        indices[pos] = j;
        segments.fill(j, pos, pos + sizes[j]);
        fill[j] = pos + 1;
        pos += sizes[j];
      }
      let offset = N;
      for (const c of cols) {
        for (let q = 0; q < c.length; q++) indices[fill[c[q]]++] = offset + q;
        offset += c.length;
      }
      w.indices = this.keep(tf.tensor1d(indices, 'int32'));
      w.segments = this.keep(tf.tensor1d(segments, 'int32'));
    }
    return { ch, N, writes: [...byDelay.values()].sort((a, b) => a.delay - b.delay) };
  }

  /** Initial state: variables, refractory clocks, synaptic states and rings (zero), spike masks. */
  initialState(): void {
    const st = this.state;
    for (const pr of this.pops) {
      const { pop } = pr;
      pop.model.variables.forEach((v, i) => st.set(`y:${pop.index}:${i}`, tf.tensor1d(Float32Array.from(pop.init[v.name]), 'float32')));
      if (pr.clamp) st.set(`ru:${pop.index}`, tf.fill([pop.size], -Infinity, 'float32'));
      if (pr.spike >= 0 && !this.readBack(pop.index)) st.set(`count:${pop.index}`, tf.scalar(0, 'int32'));
      if (pr.presynaptic) st.set(`spk:${pop.index}`, tf.zeros([pop.size], 'float32'));
    }
    for (const c of this.chans) {
      const { ch, N } = c;
      if (ch.legacy.kind === 'current' || ch.legacy.kind === 'conductance') st.set(`G:${ch.id}`, tf.zeros([N], 'float32'));
      if (!ch.direct && ch.legacy.kind !== 'rate') for (let s = 0; s < ch.depth; s++) st.set(`CH:${ch.id}:${s}`, this.full(0, N));
      if (ch.legacy.kind === 'kernel') {
        st.set(`KE:${ch.id}`, tf.zeros([N], 'float32'));
        if (ch.legacy.shape === 'alpha') st.set(`KA:${ch.id}`, tf.zeros([N], 'float32'));
      }
      if (ch.legacy.kind === 'rate') st.set(`RS:${ch.id}`, tf.zeros([N], 'float32'));
    }
  }

  async loop(): Promise<void> {
    const { net } = this;
    // t = 0: traces of the initial state, then cells whose condition already holds fire (step -1)
    const start = this.advance(() => this.start());
    await this.flush(-1, [start]);
    for (let n0 = 0; n0 < net.steps; n0 += this.chunk) {
      const K = Math.min(this.chunk, net.steps - n0);
      const inputs = this.chunkInputs(n0, K);
      const recs: StepRecord[] = [];
      try {
        for (let k = 0; k < K; k++) recs.push(this.advance(() => this.step(n0 + k, k, inputs)));
      } finally {
        tf.dispose(inputs.all);
      }
      await this.flush(n0, recs);
      this.options.onProgress?.((n0 + K) / net.steps);
    }
  }

  /**
   * Run `f` (one step) in one tf.tidy; it returns the new values of (some of) the state and what to
   * record. Replaced state tensors are freed; the records live until their chunk is read back.
   */
  advance(f: () => { next: Map<string, T>; rec: StepRecord }): StepRecord {
    type Out = { next: [string, T][]; rec: StepRecord };
    // tf.tidy keeps every tensor of the returned container (its typing wants a TensorContainer)
    const out = tf.tidy((() => {
      const { next, rec } = f();
      return { next: [...next.entries()], rec };
    }) as unknown as () => tf.TensorContainer) as unknown as Out;
    for (const [key, x] of out.next) {
      const old = this.state.get(key);
      if (old && old !== x && !this.constantSet.has(old)) old.dispose();
      this.state.set(key, x);
    }
    return out.rec;
  }

  /** Whether a population's spikes are read back (recorded or rate-monitored); others are only counted on the device. */
  readBack(p: number): boolean {
    return this.recordSpikes.has(p) || this.net.monitors.rates.some((r) => r.population === p);
  }

  get(next: Map<string, T>, key: string): T {
    return next.get(key) ?? this.state.get(key)!;
  }

  /** Traces of the initial state, then the t = 0 events (the kernel's start()). */
  start(): { next: Map<string, T>; rec: StepRecord } {
    const next = new Map<string, T>();
    const rec: StepRecord = { spikes: [], traces: [], checks: [] };
    this.traceSamples(-1, next, rec);
    const t = this.k(0);
    for (const pr of this.pops) {
      const { pop, model } = pr;
      const y = pop.model.variables.map((_, i) => this.state.get(`y:${pop.index}:${i}`)!);
      if (!model.events.length) {
        rec.spikes.push(undefined);
        continue;
      }
      // targets are their base values: no synaptic input exists yet
      const env: TensorEnv = { t, y, p: pr.p };
      // the first event (in model order) whose condition holds fires
      const fired: T[] = [];
      let taken: T | undefined;
      for (const e of model.events) {
        const holds = tf.greaterEqual(this.signed(e.direction, e.g(env)), this.k(0));
        fired.push(taken ? tf.logicalAnd(holds, tf.logicalNot(taken)) : holds);
        taken = taken ? tf.logicalOr(taken, holds) : holds;
      }
      this.fire(pr, fired, this.full(0, pop.size), t, y, (yy) => ({ t, y: yy, p: pr.p }), next, rec);
    }
    return { next, rec };
  }

  /**
   * Apply the events marked in `fired` (one bool mask per event, at most one true per cell) at
   * times te (float32, per cell) to the end-of-step state y: resets, refractory clocks, spike
   * masks and records.
   */
  fire(pr: PopRun, fired: T[], te: T, t0: T, y: T[], envOf: (y: T[]) => TensorEnv, next: Map<string, T>, rec: StepRecord): void {
    const { pop, model } = pr;
    const i0 = pop.index;
    let out = y;
    let ru = pr.clamp ? this.get(next, `ru:${i0}`) : undefined;
    let bad: T = this.k(false, 'bool');
    model.events.forEach((e, k) => {
      const isK = fired[k];
      // resets read the pre-reset state (simultaneous assignments), at the event time
      const env = { ...envOf(y), t: te };
      const r = e.reset(env);
      out = out.map((v, i) => (r[i] === y[i] ? v : this.select(isK, r[i], v)));
      let check = isK;
      if (e.refractory && ru) {
        const tr = e.refractory(pr.p);
        const starts = tf.greater(tr, this.k(0));
        ru = this.select(tf.logicalAnd(isK, starts), tf.add(te, tr), ru);
        check = tf.logicalAnd(isK, tf.logicalNot(starts));
      }
      // a reset that leaves the condition true with no refractory period would fire forever
      const again = tf.greaterEqual(this.signed(e.direction, e.g({ ...envOf(out), t: te })), this.k(0));
      bad = tf.logicalOr(bad, tf.logicalAnd(check, again));
    });
    for (let i = 0; i < pop.model.variables.length; i++) next.set(`y:${i0}:${i}`, out[i]);
    if (ru) next.set(`ru:${i0}`, ru);
    rec.loops = rec.loops ? tf.logicalOr(rec.loops, tf.any(bad)) : tf.any(bad);
    if (pr.spike < 0) {
      rec.spikes.push(undefined);
      return;
    }
    const spiked = fired[pr.spike];
    if (pr.presynaptic) next.set(`spk:${i0}`, tf.cast(spiked, 'float32'));
    if (this.readBack(i0)) {
      // the spike time's offset in the step: the host adds it to n dt in float64 (and counts)
      rec.spikes.push(this.select(spiked, tf.sub(te, t0), this.full(-1, pop.size)));
    } else {
      next.set(`count:${i0}`, tf.add(this.get(next, `count:${i0}`), tf.sum(tf.cast(spiked, 'int32'))));
      rec.spikes.push(undefined);
    }
  }

  /** Trace samples due after step n (n = -1: the initial state); named values read base targets. */
  traceSamples(n: number, next: Map<string, T>, rec: StepRecord): void {
    try {
      this.traceSamplesOf(n, next, rec);
    } finally {
      // the totals belong to this step (tensors of its tidy)
      this.inputTotals.clear();
    }
  }

  private traceSamplesOf(n: number, next: Map<string, T>, rec: StepRecord): void {
    this.net.monitors.traces.forEach((tr, m) => {
      if ((n + 1) % tr.every !== 0) return;
      const pr = this.pops[tr.population];
      const i0 = tr.population;
      const y = pr.pop.model.variables.map((_, i) => this.get(next, `y:${i0}:${i}`));
      const vi = pr.pop.model.variables.findIndex((v) => v.name === tr.variable);
      let values: T;
      if (vi >= 0) values = y[vi];
      else if (tr.input) {
        // at t = 0 the base value; after a step, the total the step saw
        const total = this.inputTotals.get(`${i0}:${tr.variable}`);
        values = total ?? tf.add(pr.p[pr.pop.model.parameters.findIndex((q) => q.name === tr.variable)], this.full(0, pr.pop.size));
      } else {
        // the kernel evaluates sampled expressions with t of the step start (t = 0 at the start)
        const t = this.k(Math.fround(Math.max(0, n) * this.dt));
        values = tf.add(pr.model.observe({ t, y, p: pr.p })[pr.model.observables.indexOf(tr.variable)], tf.zerosLike(y[0]));
      }
      rec.traces[m] = tf.gather(values, this.cellIndex(`trace:${m}`, tr.cells));
    });
  }

  cellIndex(key: string, cells: Int32Array): T {
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = tf.keep(this.keep(tf.tensor1d(cells, 'int32')))));
    return x;
  }

  chunkInputs(n0: number, K: number): ChunkInputs {
    const all: T[] = [];
    const src = new Map<number, T[]>();
    // one upload and one unstack per chunk: each step then reads its row without a kernel
    const rows = (x: T): T[] => {
      const r = tf.unstack(x);
      x.dispose();
      all.push(...r);
      return r;
    };
    for (const [s, source] of this.srcUsed) {
      // spike counts per step and source cell (explicit trains may hold two spikes in one step)
      const m = new Float32Array(K * source.size);
      for (let k = 0; k < K; k++) for (let q = source.stepPtr[n0 + k]; q < source.stepPtr[n0 + k + 1]; q++) m[k * source.size + source.cells[q]] += 1;
      src.set(s, rows(tf.tensor2d(m, [K, source.size], 'float32')));
    }
    const drives = this.net.drives.map((d) => {
      let x: T;
      if (d.kind === 'current') x = tf.tensor1d(Float32Array.from(d.values.subarray(n0, n0 + K)), 'float32');
      else {
        // the kernel draws one normal per cell per step from the drive's block streams: step-major
        const size = this.net.populations[d.population].size;
        const z = new Float32Array(K * size);
        let stream = this.streams.get(d.streamSeed);
        if (!stream) this.streams.set(d.streamSeed, (stream = new NoiseStream(d.streamSeed, size)));
        stream.fill(z);
        x = tf.tensor2d(z, [K, size], 'float32');
      }
      return rows(x);
    });
    return { src, drives, all };
  }

  /** One step n (index k in its chunk), in the kernel's order. */
  step(n: number, k: number, inputs: ChunkInputs): { next: Map<string, T>; rec: StepRecord } {
    const { net } = this;
    const st = this.state;
    const next = new Map<string, T>();
    const rec: StepRecord = { spikes: [], traces: [], checks: [] };
    // 1. activities of rate pre populations (state at the step start, base targets)
    const act = new Map<number, T>();
    for (const pr of this.pops) {
      if (!pr.activity) continue;
      const y = pr.pop.model.variables.map((_, i) => st.get(`y:${pr.pop.index}:${i}`)!);
      const a = pr.activity;
      act.set(pr.pop.index, 'variable' in a ? y[a.variable] : tf.add(this.full(0, pr.pop.size), pr.model.observe({ t: tf.scalar(Math.fround(n * this.dt)), y, p: pr.p })[a.named]));
    }
    // 2. delivery of last step's population spikes and this step's source spikes (and rate inputs)
    const ra: (T | undefined)[] = [];
    for (const c of this.chans) {
      const { ch } = c;
      const rate = ch.legacy.kind === 'rate';
      for (const w of c.writes) {
        const key = ch.direct ? `G:${ch.id}` : `CH:${ch.id}:${(n + w.delay) % ch.depth}`;
        // rate inputs A are summed afresh every step (the kernel clears them after reading)
        const acc = rate ? this.full(0, c.N) : this.get(next, key);
        const mask = (proj: BuiltProjection): T =>
          rate
            ? proj.pre.kind === 'population' ? act.get(proj.pre.index)! : this.cache.get(`act:src:${proj.pre.index}`)!
            : proj.pre.kind === 'population' ? st.get(`spk:${proj.pre.index}`)! : inputs.src.get(proj.pre.index)![k];
        let out = acc;
        if (w.sparse.length) {
          const data = tf.concat([acc, ...w.sparse.map((s) => tf.mul(this.gather(mask(s.proj), s.pre, s.ids), s.w))]);
          out = tf.sparse.sparseSegmentSum(data, w.indices as tf.Tensor1D, w.segments as tf.Tensor1D);
        }
        for (const d of w.dense) out = tf.add(out, tf.reshape(tf.matMul(tf.reshape(mask(d.proj), [1, d.proj.pre.size]), d.W), [c.N]));
        if (rate) ra[ch.id] = out;
        else next.set(key, out);
      }
    }
    const t = tf.scalar(Math.fround(n * this.dt), 'float32');
    const tNext = tf.scalar(Math.fround((n + 1) * this.dt), 'float32');
    const si: StepInputs = { x: [], ra, g: [], d: [] };
    // drives of this step
    net.drives.forEach((d, q) => {
      const x = inputs.drives[q]![k];
      if (d.kind === 'current') si.d[q] = typeof d.scale === 'number' && d.scale === 1 ? x : tf.mul(x, this.cellsOnce(`scale:${q}`, d.scale));
      else if (d.kind === 'noise') si.d[q] = tf.mul(this.cellsOnce(`sigma:${q}`, d.sigma), x);
    });
    // 2.-4. populations
    for (const pr of this.pops) this.population(pr, n, t, tNext, si, next, rec);
    // 5. decay (current and conductance states), clear consumed ring slots (done in population())
    for (const c of this.chans) {
      const s = c.ch.legacy;
      if (s.kind === 'current' || s.kind === 'conductance') next.set(`G:${c.ch.id}`, tf.mul(si.g[c.ch.id]!, this.k(Math.fround(s.decay.q))));
    }
    this.traceSamples(n, next, rec);
    return { next, rec };
  }

  /**
   * x[indices]. GatherV2 of tfjs-backend-cpu and -wasm checks every index in JavaScript (a closure
   * per element, ~250 ns each on cpu); a segment sum with one segment per index computes the same
   * values (0 + x[i]) in a plain loop, ~10 times faster. tfjs-node gathers natively.
   */
  gather(x: T, indices: T, ids?: T): T {
    return ids ? tf.sparse.sparseSegmentSum(x, indices as tf.Tensor1D, ids as tf.Tensor1D) : tf.gather(x, indices);
  }

  cellsOnce(key: string, v: CellValues): T {
    let x = this.cache.get(key);
    if (!x) this.cache.set(key, (x = tf.keep(this.cells(v))));
    return x;
  }

  /** Synaptic inputs, integration and events of one population for step n (the kernel's populationLoop). */
  population(pr: PopRun, n: number, t: T, tNext: T, si: StepInputs, next: Map<string, T>, rec: StepRecord): void {
    const { pop, model } = pr;
    const i0 = pop.index;
    const nv = pop.model.variables.length;
    // the continuous state: the model's variables, then the rate-coupling states
    let y = [...pop.model.variables.map((_, i) => this.state.get(`y:${i0}:${i}`)!), ...pr.rates.map((ch) => this.state.get(`RS:${ch.id}`)!)];
    const ru = pr.clamp ? this.state.get(`ru:${i0}`)! : undefined;
    const inRef = ru ? tf.less(t, ru) : undefined;
    // event functions at the step start, before jumps (a jump across threshold is a crossing)
    const ga = model.events.map((e) => e.g({ t, y, p: pr.p }));
    // synaptic inputs of this population's channels (by id)
    for (const c of this.chans) {
      const { ch } = c;
      if (ch.post !== i0) continue;
      const s = ch.legacy;
      const slot = `CH:${ch.id}:${n % ch.depth}`;
      const X = ch.direct ? undefined : this.get(next, slot);
      // consumed: cleared for step n + depth (kernels with a window clear it when it leaves the window)
      if (!ch.direct && !(s.kind === 'kernel' && s.windowSteps !== null)) next.set(slot, this.full(0, c.N));
      if (s.kind === 'jump') {
        const vi = model.variables.indexOf(s.target);
        const jumped = tf.add(y[vi], X!);
        y = y.slice();
        // a clamped variable ignores jumps during its refractory period
        y[vi] = inRef && pr.clamp!.has(vi) ? this.select(inRef, y[vi], jumped) : jumped;
      } else if (s.kind === 'pulse') si.x[ch.id] = X;
      else if (s.kind === 'current' || s.kind === 'conductance') si.g[ch.id] = ch.direct ? this.get(next, `G:${ch.id}`) : tf.add(this.state.get(`G:${ch.id}`)!, X!);
      else if (s.kind === 'kernel') si.x[ch.id] = this.kernelSynapse(c, s, n, X!, next);
    }
    // A target's sum runs base + term 1 + term 2 ... at every stage (the kernel's order). The part
    // before the first stage-dependent term is the same at every stage when the base is (a
    // parameter): computed once per step, the float32 result is the same.
    const prefix = pr.terms.map(() => new Map<T, { acc: T; next: number }>());
    const aug = (yy: T[]) =>
      pr.terms.map((list, j) => (base: T) => {
        let hit = prefix[j].get(base);
        if (!hit) {
          let acc = base;
          let q = 0;
          for (; q < list.length && !list[q].stage; q++) acc = tf.add(acc, list[q](yy, si));
          prefix[j].set(base, (hit = { acc, next: q }));
        }
        let acc = hit.acc;
        for (let q = hit.next; q < list.length; q++) acc = tf.add(acc, list[q](yy, si));
        return acc;
      });
    const envAt = (tt: T, yy: T[]): TensorEnv => ({ t: tt, y: yy, p: pr.p, aug: aug(yy) });
    // traced synaptic inputs: the target's total at the step start (the kernel's TI arrays)
    for (const tr of this.net.monitors.traces) {
      if (!tr.input || tr.population !== i0 || this.inputTotals.has(`${i0}:${tr.variable}`)) continue;
      const base = pr.p[pop.model.parameters.findIndex((q) => q.name === tr.variable)];
      this.inputTotals.set(`${i0}:${tr.variable}`, tf.add(aug(y)[pr.targets.indexOf(tr.variable)](base), this.full(0, pop.size)));
    }
    const hT = this.k(this.h);
    let yn: T[];
    if (ru) {
      // A refractory period ending inside the step splits it there, per cell: [t, ru] clamped,
      // then [ru, t + dt] free. Cells without a split take h1 = h and h2 = 0, and y + 0·k = y
      // exactly. A step that starts inside the period is clamped at every stage, as in the kernel.
      const split = tf.logicalAnd(inRef!, tf.less(ru, tNext));
      const h1 = this.select(split, tf.sub(ru, t), this.full(this.h, pop.size));
      const h2 = this.select(split, tf.sub(tNext, ru), this.full(0, pop.size));
      const mid = this.integrate(pr, y, t, h1, inRef, envAt, si);
      yn = this.integrate(pr, mid, this.select(split, ru, tNext), h2, undefined, envAt, si);
    } else yn = this.integrate(pr, y, t, hT, undefined, envAt, si);
    // divergence, read back per chunk: max |y| (> limit) and sum |y| (NaN when any value is NaN;
    // a float32 sum of values below the limit cannot overflow)
    const all = nv === 1 ? tf.abs(yn[0]) : tf.abs(tf.concat(yn.slice(0, nv)));
    rec.checks.push(tf.max(all), tf.sum(all));
    pr.rates.forEach((ch, r) => next.set(`RS:${ch.id}`, yn[nv + r]));
    if (!model.events.length) {
      yn.slice(0, nv).forEach((v, i) => next.set(`y:${i0}:${i}`, v));
      rec.spikes.push(undefined);
      return;
    }
    // crossings: direction·g < 0 at the step start and >= 0 at its end, none during a refractory period
    const env1 = envAt(tNext, yn);
    const crosses: T[] = [];
    const tks: T[] = [];
    model.events.forEach((e, q) => {
      const gb = e.g(env1);
      let cross = tf.logicalAnd(tf.less(this.signed(e.direction, ga[q]), this.k(0)), tf.greaterEqual(this.signed(e.direction, gb), this.k(0)));
      if (inRef) cross = tf.logicalAnd(cross, tf.logicalNot(inRef));
      crosses.push(cross);
      // linear interpolation of g inside the step: t + (h g0)/(g0 - g1)
      tks.push(tf.add(t, tf.div(tf.mul(hT, ga[q]), tf.sub(ga[q], gb))));
    });
    let fired = crosses;
    let te = tks[0];
    if (crosses.length > 1) {
      // the earliest crossing fires (ties: the first in model order), as the kernel's `tk < te`
      let which: T = this.select(crosses[0], this.full(0, pop.size, 'int32'), this.full(-1, pop.size, 'int32'));
      for (let q = 1; q < crosses.length; q++) {
        const first = tf.logicalAnd(crosses[q], tf.logicalOr(tf.less(which, this.k(0, 'int32')), tf.less(tks[q], te)));
        which = this.select(first, this.full(q, pop.size, 'int32'), which);
        te = this.select(first, tks[q], te);
      }
      fired = crosses.map((_, q) => tf.equal(which, this.k(q, 'int32')));
    }
    this.fire(pr, fired, te, t, yn, (yy) => envAt(tNext, yy), next, rec);
  }

  /**
   * A kernel synapse channel in step n (the kernel target's linear filters, op for op): with
   * q = exp(-dt/tau), e' = q e + X and, for alpha, a' = q (a + e); arrivals `windowSteps` old leave
   * the window: e' -= q^H X_old, a' -= H q^H X_old. The term is e' (exp) or (e dt/tau) a' (alpha).
   */
  kernelSynapse(c: ChanRun, s: Extract<Channel['legacy'], { kind: 'kernel' }>, n: number, X: T, next: Map<string, T>): T {
    const id = c.ch.id;
    const q = Math.exp(-this.dt / s.tau);
    const H = s.windowSteps;
    const e0 = this.state.get(`KE:${id}`)!;
    let ka = s.shape === 'alpha' ? tf.mul(this.k(Math.fround(q)), tf.add(this.state.get(`KA:${id}`)!, e0)) : undefined;
    let ke = tf.add(tf.mul(this.k(Math.fround(q)), e0), X);
    if (H !== null) {
      const qH = Math.pow(q, H);
      const old = `CH:${id}:${(((n - H) % c.ch.depth) + c.ch.depth) % c.ch.depth}`;
      const xo = this.get(next, old);
      next.set(old, this.full(0, c.N));
      ke = tf.sub(ke, tf.mul(this.k(Math.fround(qH)), xo));
      if (ka) ka = tf.sub(ka, tf.mul(this.k(Math.fround(H * qH)), xo));
    }
    next.set(`KE:${id}`, ke);
    if (!ka) return ke;
    next.set(`KA:${id}`, ka);
    return tf.mul(this.k(Math.fround((Math.E * this.dt) / s.tau)), ka);
  }

  /**
   * One (sub)step of length h (scalar or per cell) from time t0 with the population's method, the
   * kernel's arithmetic op for op. In cells marked in `clamped` (refractory), the clamp variables
   * have derivative 0 at every stage.
   */
  integrate(pr: PopRun, y: T[], t0: T, h: T, clamped: T | undefined, envAt: (t: T, y: T[]) => TensorEnv, si: StepInputs): T[] {
    const { model } = pr;
    const integ = pr.pop.integration;
    const zero = this.full(0, pr.pop.size);
    const held = (i: number, _tt: T, d: T): T => (clamped && pr.clamp!.has(i) ? this.select(clamped, zero, d) : d);
    const nv = model.variables.length;
    // d S/dt = (-S + gain A (E - V)) / tau (gain A without E), the kernel's arithmetic
    const rateDdt = (yy: T[], r: number): T => {
      const ch = pr.rates[r];
      const s = ch.legacy as Extract<Channel['legacy'], { kind: 'rate' }>;
      const gA = tf.mul(this.k(Math.fround(s.gain)), si.ra[ch.id]!);
      const drive = s.E === null ? gA : tf.mul(gA, tf.sub(this.k(Math.fround(s.E)), yy[pr.voltage]));
      return tf.div(tf.add(tf.neg(yy[nv + r]), drive), this.k(Math.fround(s.tau)));
    };
    const f = (tt: T, yy: T[]): T[] => [...model.rhs(envAt(tt, yy)).map((d, i) => held(i, tt, d)), ...pr.rates.map((_, r) => rateDdt(yy, r))];
    const axpy = (a: T[], s: T, b: T[]): T[] => a.map((v, i) => tf.add(v, tf.mul(s, b[i])));
    switch (integ.method) {
      case 'euler':
        return axpy(y, h, f(t0, y));
      case 'rk2': {
        const half = tf.mul(this.k(0.5), h);
        const k1 = f(t0, y);
        const k2 = f(tf.add(t0, half), axpy(y, half, k1));
        return axpy(y, h, k2);
      }
      case 'rk4': {
        const hh = tf.mul(this.k(0.5), h);
        const th = tf.add(t0, hh);
        const k1 = f(t0, y);
        const k2 = f(th, axpy(y, hh, k1));
        const k3 = f(th, axpy(y, hh, k2));
        const k4 = f(tf.add(t0, h), axpy(y, h, k3));
        const sixth = tf.div(h, this.k(6));
        const two = this.k(2);
        return y.map((v, i) => tf.add(v, tf.mul(sixth, tf.add(tf.add(tf.add(k1[i], tf.mul(two, k2[i])), tf.mul(two, k3[i])), k4[i]))));
      }
      case 'sequential': {
        const names = model.variables;
        const order = (integ.order ?? names).map((nm) => names.indexOf(nm));
        const out = y.slice();
        for (const i of order) {
          const subs = integ.substeps?.[names[i]] ?? 1;
          const hs = subs === 1 ? h : tf.div(h, this.k(subs));
          for (let s = 0; s < subs; s++) {
            const ts = s === 0 ? t0 : tf.add(t0, tf.mul(this.k(s), hs));
            out[i] = tf.add(out[i], tf.mul(hs, held(i, ts, model.rhsOne(i, envAt(ts, out)))));
          }
        }
        // then the rate-coupling states, one substep each
        pr.rates.forEach((_, r) => (out[nv + r] = tf.add(out[nv + r], tf.mul(h, rateDdt(out, r)))));
        return out;
      }
      default:
        return this.unsupported(`integration '${integ.method}'`);
    }
  }

  /** Read a chunk's records back (one await per kind) and free them; raise errors found in it. */
  async flush(n0: number, recs: StepRecord[]): Promise<void> {
    const { net, dt } = this;
    try {
      const base = n0 < 0 ? -1 : n0;
      const rateOf = new Map<number, number[]>();
      net.monitors.rates.forEach((r, m) => rateOf.set(r.population, [...(rateOf.get(r.population) ?? []), m]));
      for (const pr of this.pops) {
        const q = pr.pop.index;
        if (recs[0].spikes[q] === undefined) continue;
        const stacked = tf.stack(recs.map((r) => r.spikes[q]!));
        const data = (await stacked.data()) as Float32Array;
        stacked.dispose();
        const size = pr.pop.size;
        const record = this.recordSpikes.has(q);
        const rates = rateOf.get(q) ?? [];
        for (let k = 0; k < recs.length; k++) {
          const n = base + k;
          for (let c = 0; c < size; c++) {
            const x = data[k * size + c];
            if (x < 0) continue;
            this.hostCounts[q]++;
            const te = n < 0 ? 0 : n * dt + x;
            if (record) {
              this.spikeCells.push(pr.pop.offset + c);
              this.spikeTimes.push(te);
              this.spikeSteps.push(n);
            }
            for (const m of rates) {
              // binned by spike time, as the kernel
              const bins = this.rateBins[m];
              const b = Math.floor(te / (net.monitors.rates[m].bin * dt));
              bins[b < bins.length ? b : bins.length - 1]++;
            }
          }
        }
      }
      // spikes were appended population by population within the chunk: restore detection order
      // (by step, then population, then cell) for this chunk's records
      this.sortChunk();
      for (const [m, tr] of net.monitors.traces.entries()) {
        const ks = recs.map((rec, k) => ({ k, x: rec.traces[m] })).filter((e) => e.x);
        if (!ks.length) continue;
        const stacked = tf.stack(ks.map((e) => e.x!));
        const v = (await stacked.data()) as Float32Array;
        stacked.dispose();
        ks.forEach((e, j) => {
          const sample = (base + e.k + 1) / tr.every;
          this.traceValues[m].set(v.subarray(j * tr.cells.length, (j + 1) * tr.cells.length), sample * tr.cells.length);
        });
      }
      const checks = recs.flatMap((r) => r.checks);
      if (checks.length) {
        const s = tf.stack(checks);
        const v = await s.data();
        s.dispose();
        const per = v.length / recs.length;
        for (let k = 0; k < recs.length; k++) {
          for (let j = 0; j < per; j += 2) {
            if (v[k * per + j] <= LIMIT && !Number.isNaN(v[k * per + j + 1])) continue;
            const tt = (base + k + 1) * dt;
            throw new SimulationError(`network '${net.name}': a state variable became non-finite or exceeded ${LIMIT} in step ${base + k} (t = ${tt} ms); the run diverged — check weights, parameters or dt`, { time: tt });
          }
        }
      }
      const loops = recs.map((r) => r.loops).filter((x): x is T => !!x);
      if (loops.length) {
        const s = tf.stack(loops);
        const v = await s.data();
        s.dispose();
        const k = Array.from(v).findIndex((x) => x !== 0);
        if (k >= 0) {
          throw new SimulationError(`network '${net.name}': in step ${base + k} a reset left its event condition true with no refractory period, so a cell would fire forever; reset below the threshold`);
        }
      }
    } finally {
      for (const r of recs) tf.dispose([...r.spikes, ...r.traces, ...r.checks, r.loops].filter((x): x is T => !!x));
    }
  }

  /** Index in the spike lists where the current chunk starts (for sortChunk). */
  chunkStart = 0;
  /**
   * A chunk's spikes are appended population by population; the result lists them by step, then
   * population, then cell: with consecutive population offsets, by step then global cell index.
   */
  sortChunk(): void {
    const from = this.chunkStart;
    const to = this.spikeCells.length;
    this.chunkStart = to;
    if (this.pops.length < 2) return;
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

  async result(build_s: number, run_s: number): Promise<NetworkResult> {
    const net = this.net;
    const counts: number[] = [];
    for (const pr of this.pops) {
      const i0 = pr.pop.index;
      counts.push(pr.spike < 0 ? 0 : this.readBack(i0) ? this.hostCounts[i0] : (await this.state.get(`count:${i0}`)!.data())[0]);
    }
    return networkResult(net, {
      target: `tensor/${this.backend}`,
      spikes: { cell: Int32Array.from(this.spikeCells), time: Float64Array.from(this.spikeTimes), step: Int32Array.from(this.spikeSteps) },
      counts,
      traceValues: this.traceValues,
      rateBins: this.rateBins,
      timing: { build_s, run_s },
    });
  }

  dispose(): void {
    tf.dispose([...this.state.values(), ...this.constants]);
    this.state.clear();
    this.cache.clear();
    for (const pr of this.pops) pr.model.dispose();
  }
}

