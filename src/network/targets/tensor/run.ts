/**
 * The tensor target: a BuiltNetwork (src/ir/network.ts) run as TensorFlow.js ops over float32 tensors.
 *
 * - `prepareTensor` does everything but stepping: the back-end, the compiled models and methods,
 *   the synaptic channels (src/ir/synapses/* behaviours), propagation plans, run-long constants and
 *   the initial state are on the device when it returns. `run()` only steps; `close()` frees every
 *   tensor (tf.memory().numTensors is back to its value before prepare).
 * - The whole step is one `tf.tidy`: state (variables, refractory clocks, synaptic states, ring
 *   buffers, last spikes) stays on the device as tensors that each step replaces; nothing else
 *   survives a step, so `tf.memory().numTensors` is the same at every chunk boundary.
 * - Spikes, rate-monitor spikes and trace samples stay on the device for a chunk of K steps and
 *   are read back once per chunk (monitors.ts); host → device uploads (source spike counts, noise,
 *   Poisson counts, drive values) are made once per chunk too (drives.ts).
 * - The per-step semantics and the float32 arithmetic are the kernel target's in `precision:
 *   'float32'`, operation for operation: channels (synapses.ts, delivery.ts), targets summed in
 *   channel order then drives, event functions at the step start before jumps, the refractory
 *   split, per-stage clamps, the methods' stencils (integrate.ts), decay after the step.
 *
 * On a CPU this target is slower than the fused kernel (an op per AST node per step, each a pass
 * over the population plus its dispatch); it exists for large populations on a GPU (tfjs-node-gpu).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import { planChannels } from '../../../compile/channels.js';
import { OptionError } from '../../../model/errors.js';
import type { BuiltNetwork, BuiltProjection, NetworkResult, RunOptions } from '../../../ir/network.js';
import { initBackend } from './backend.js';
import { TensorContext, type TensorRunOptions } from './context.js';
import { deliver, planWrites } from './delivery.js';
import { DriveStreams, driveValues, type ChunkInputs } from './drives.js';
import { startEvents } from './events.js';
import { Recorder, readBack, traceSamples, type StepRecord } from './monitors.js';
import { planPopulation, stepPopulation, type PopRun, type StepFrame, type StepInputs } from './population.js';
import { decaySynapse, initSynapse, planSynapse, type SynapseRun } from './synapses.js';

export type { TensorRunOptions } from './context.js';

const DEFAULT_CHUNK = 250;

/** A tensor run with everything on the device, ready to step once. */
export interface PreparedTensor {
  run(options?: Pick<RunOptions, 'onProgress'>): Promise<NetworkResult>;
  /** free every tensor of the run (also after run(); idempotent) */
  close(): void;
}

/**
 * Allocate and upload everything a run needs; the returned run only steps.
 * @example
 * const prepared = await prepareTensor(buildNetwork(spec), { backend: 'cpu' });
 * try { const result = await prepared.run(); } finally { prepared.close(); }
 */
export async function prepareTensor(net: BuiltNetwork, options: TensorRunOptions = {}): Promise<PreparedTensor> {
  if (options.precision === 'float64') {
    throw new OptionError(
      'the tensor target computes in float32 (TensorFlow.js tensors); ' +
        "use precision 'float32', or the kernel target for float64",
    );
  }
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1)
    throw new OptionError(`chunk must be a whole number of steps >= 1, got ${chunk}`);
  const started = performance.now();
  const backend = await initBackend(options.backend);
  const run = new TensorRun(new TensorContext(net, options, backend), chunk);
  try {
    run.setup();
  } catch (e) {
    run.dispose();
    throw e;
  }
  const setupSeconds = (performance.now() - started) / 1000;
  let used = false;
  return {
    run: async (o = {}) => {
      if (used) throw new OptionError('this prepared tensor run has already run or was closed; prepare it again');
      used = true;
      try {
        const t0 = performance.now();
        await run.loop(o.onProgress ?? options.onProgress);
        const runSeconds = (performance.now() - t0) / 1000;
        return await run.result(net.buildSeconds + setupSeconds, runSeconds);
      } finally {
        run.dispose();
      }
    },
    close: () => {
      used = true;
      run.dispose();
    },
  };
}

/**
 * Run a built network on the tensor target (float32): prepare, run, close.
 * @example
 * const built = buildNetwork(spec, { seed: 1 });
 * const result = await runTensor(built, { backend: 'wasm' });
 * result.spikes.cell; result.timing.run_s;
 */
export async function runTensor(net: BuiltNetwork, options: TensorRunOptions = {}): Promise<NetworkResult> {
  const prepared = await prepareTensor(net, options);
  try {
    return await prepared.run();
  } finally {
    prepared.close();
  }
}

class TensorRun {
  pops: PopRun[] = [];
  syns: SynapseRun[] = [];
  drives!: DriveStreams;
  readonly recorder: Recorder;
  private disposed = false;

  constructor(
    readonly ctx: TensorContext,
    readonly chunk: number,
  ) {
    this.recorder = new Recorder(ctx.net);
  }

  setup(): void {
    const { ctx } = this;
    const net = ctx.net;
    this.drives = new DriveStreams(ctx);
    for (const proj of net.projections) {
      const src = proj.pre.kind === 'source' ? net.sources[proj.pre.index] : undefined;
      if (src?.kind === 'rates') ctx.cellsOnce(`act:src:${src.index}`, src.activity);
    }
    this.syns = planChannels(net).map((ch) => planSynapse(ctx, ch));
    const presyn = new Set(net.projections.filter((p) => p.pre.kind === 'population').map((p) => p.pre.index));
    // one by one: a refusal of a later population still disposes the models compiled before it
    for (const pop of net.populations) this.pops.push(planPopulation(ctx, pop, this.syns, presyn.has(pop.index)));
    this.activities();
    for (const s of this.syns) s.writes = planWrites(ctx, s);
    this.initialState();
  }

  /** The activity each pre population of an activity channel exposes (one per population, as the kernel). */
  private activities(): void {
    for (const s of this.syns) {
      if (s.b.delivery !== 'activity') continue;
      for (const proj of s.ch.projections) {
        if (proj.pre.kind !== 'population') continue;
        const pr = this.pops[proj.pre.index];
        const name = proj.synapse.activity!;
        const v = pr.pop.model.variables.findIndex((x) => x.name === name);
        const a = v >= 0 ? { variable: v } : { named: pr.model.observables.indexOf(name) };
        if (pr.activity && JSON.stringify(pr.activity) !== JSON.stringify(a)) {
          this.ctx.unsupported(`rate synapses reading different activities of population '${pr.pop.name}'`);
        }
        pr.activity = a;
      }
    }
  }

  /** Initial state: variables, refractory clocks, synaptic states and rings (zero), spike masks. */
  private initialState(): void {
    const { ctx } = this;
    const st = ctx.state;
    for (const pr of this.pops) {
      const { pop } = pr;
      pop.model.variables.forEach((v, i) =>
        st.set(`y:${pop.index}:${i}`, tf.tensor1d(Float32Array.from(pop.init[v.name]), 'float32')),
      );
      if (pr.clamp) st.set(`ru:${pop.index}`, tf.fill([pop.size], Number.NEGATIVE_INFINITY, 'float32'));
      if (pr.spike >= 0 && !readBack(ctx.net, pop.index)) st.set(`count:${pop.index}`, tf.scalar(0, 'int32'));
      if (pr.presynaptic) st.set(`spk:${pop.index}`, tf.zeros([pop.size], 'float32'));
    }
    for (const s of this.syns) initSynapse(ctx, s);
  }

  async loop(onProgress?: (fraction: number) => void): Promise<void> {
    const { net } = this.ctx;
    // t = 0: traces of the initial state, then cells whose condition already holds fire (step -1)
    const start = this.advance((next, rec, totals) => {
      traceSamples(this.ctx, this.pops, -1, next, rec, totals);
      startEvents(this.ctx, this.pops, next, rec);
    });
    await this.recorder.flush(this.pops, -1, [start]);
    for (let n0 = 0; n0 < net.steps; n0 += this.chunk) {
      const K = Math.min(this.chunk, net.steps - n0);
      const inputs = this.drives.chunk(n0, K);
      const recs: StepRecord[] = [];
      try {
        for (let k = 0; k < K; k++)
          recs.push(this.advance((next, rec, totals) => this.step(n0 + k, k, inputs, next, rec, totals)));
      } finally {
        tf.dispose(inputs.all);
      }
      await this.recorder.flush(this.pops, n0, recs);
      onProgress?.((n0 + K) / net.steps);
    }
  }

  /**
   * Run `f` (one step) in one tf.tidy; it fills the new values of (some of) the state and what to
   * record. Replaced state tensors are freed; the records live until their chunk is read back.
   */
  private advance(f: (next: Map<string, T>, rec: StepRecord, inputTotals: Map<string, T>) => void): StepRecord {
    type Out = { next: [string, T][]; rec: StepRecord };
    // tf.tidy keeps every tensor of the returned container (its typing wants a TensorContainer)
    const out = tf.tidy((() => {
      const next = new Map<string, T>();
      const rec: StepRecord = { spikes: [], traces: [], checks: [] };
      f(next, rec, new Map());
      return { next: [...next.entries()], rec };
    }) as unknown as () => tf.TensorContainer) as unknown as Out;
    const { state, constantSet } = this.ctx;
    for (const [key, x] of out.next) {
      const old = state.get(key);
      if (old && old !== x && !constantSet.has(old)) old.dispose();
      state.set(key, x);
    }
    return out.rec;
  }

  /** One step n (index k in its chunk), in the kernel's order. */
  private step(
    n: number,
    k: number,
    inputs: ChunkInputs,
    next: Map<string, T>,
    rec: StepRecord,
    inputTotals: Map<string, T>,
  ): void {
    const { ctx } = this;
    const st = ctx.state;
    // 1. activities of rate pre populations (state at the step start, base targets)
    const act = new Map<number, T>();
    for (const pr of this.pops) {
      if (!pr.activity) continue;
      const y = pr.pop.model.variables.map((_, i) => st.get(`y:${pr.pop.index}:${i}`)!);
      const a = pr.activity;
      const tn = tf.scalar(Math.fround(n * ctx.dt));
      act.set(
        pr.pop.index,
        'variable' in a
          ? y[a.variable]
          : tf.add(ctx.full(0, pr.pop.size), pr.model.observe({ t: tn, y, p: pr.p })[a.named]),
      );
    }
    // 2. delivery of last step's population spikes and this step's source spikes (and activities)
    const spikesOf = (proj: BuiltProjection): T =>
      proj.pre.kind === 'population' ? st.get(`spk:${proj.pre.index}`)! : inputs.src.get(proj.pre.index)![k];
    const activityOf = (proj: BuiltProjection): T =>
      proj.pre.kind === 'population' ? act.get(proj.pre.index)! : ctx.cache.get(`act:src:${proj.pre.index}`)!;
    const activity = deliver(ctx, this.syns, n, spikesOf, activityOf, next);
    const si: StepInputs = { env: [], activity, d: driveValues(ctx, inputs, k) };
    const frame: StepFrame = {
      n,
      t: tf.scalar(Math.fround(n * ctx.dt), 'float32'),
      tNext: tf.scalar(Math.fround((n + 1) * ctx.dt), 'float32'),
      si,
      next,
      rec,
      inputTotals,
    };
    // 2.-4. arrivals, drives, integration and events, population by population
    for (const pr of this.pops) stepPopulation(ctx, pr, frame);
    // 5. decay (consumed ring slots were cleared at the arrivals)
    for (const s of this.syns) if (s.b.delivery === 'spikes' && !s.b.jump) decaySynapse(s, si.env[s.ch.id]!, next);
    traceSamples(ctx, this.pops, n, next, rec, inputTotals);
  }

  result(build_s: number, run_s: number): Promise<NetworkResult> {
    return this.recorder.result(this.ctx, this.pops, build_s, run_s);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ctx.dispose();
    for (const pr of this.pops) pr.model.dispose();
  }
}
