/**
 * Network construction: a NetworkSpec (spec.ts) → a BuiltNetwork (types.ts) — models resolved,
 * per-cell parameters and initial states drawn, connectivity as CSR, weights, delays in steps,
 * Poisson input trains drawn, drives tabulated. Every random draw comes from a stream keyed by the
 * seed and the purpose's name (rng.ts). The memory estimate is checked before anything large exists.
 */
import { isAbsolute, resolve } from 'node:path';
import { Model } from '../model/model.js';
import { loadModel } from '../model/modelfile.js';
import type { ModelSpec } from '../model/spec.js';
import { IsoclineError, nearestName } from '../model/errors.js';
import { compileIR } from '../compile/scalar.js';
import { NetworkError } from '../ir/errors.js';
import { binomialTable, Rng, streamSeed } from './rng.js';
import { buildCsr, expectedSynapses, isDense } from './connect.js';
import { cellValues, compileScalar, fillSynapseValues, type ValueContext } from './values.js';
import { MemoryLedger, type MemoryEstimate } from './memory.js';
import { checkSpec } from './schema-check.js';
import { NetworkSchema, SeedSchema } from './schema.js';
import { behaviourOf, SYNAPSE_KINDS, synapseKind } from '../ir/synapses/index.js';
import type { SynapseBuildContext } from '../ir/synapse-kind.js';
import type {
  ConnectSpec,
  DriveSpec,
  NetworkSpec,
  PopulationSpec,
  ProjectionSpec,
  SourceSpec,
  SynapseSpec,
  ValueSpec,
} from './spec.js';
import type {
  BuiltMonitors,
  BuiltNetwork,
  BuiltPopulation,
  BuiltProjection,
  BuiltSource,
  CellValues,
  Drive,
  PoissonDrive,
  Integration,
  IntegrationMethod,
  PreRef,
  Synapse,
} from '../ir/network.js';
import { BUILT_NETWORK } from '../ir/network.js';

export interface BuildOptions {
  /** overrides spec.seed; an integer 0 <= seed <= 2^32 - 1 (others are refused) */
  seed?: number;
  /** duration (ms), overrides spec.t */
  t?: number;
  /** step (ms), overrides spec.dt */
  dt?: number;
  /** folder against which model file paths in the spec are resolved (a network file's folder) */
  baseDir?: string;
  /** bytes the run may use (default: os.freemem() at build time) */
  memoryLimit?: number;
  /** bytes per state value of the target (8 for float64, 4 for float32) */
  bytesPerValue?: number;
  /**
   * The most steps (t / dt) a run may take (default 1e8, at most 2^31 - 2): a larger count is
   * refused before anything is built, with its work in cell-steps.
   * @example buildNetwork(spec, { t: 1e5, dt: 1e-4, maxSteps: 2e9 })
   */
  maxSteps?: number;
}

/** The default limit on the steps of a run (BuildOptions.maxSteps). */
export const MAX_STEPS = 1e8;
/** Step indices are int32: no limit can go beyond this. */
const STEP_INDEX_LIMIT = 2 ** 31 - 2;

const METHODS: IntegrationMethod[] = ['euler', 'rk2', 'rk4', 'expeuler', 'sequential'];
/** The most spikes one input source may hold (its event index is an Int32Array). */
export const MAX_EVENTS = 2 ** 31 - 2;
/** The most whole steps of dt a delay may span (per-synapse delays are stored as Uint16). */
export const MAX_DELAY_STEPS = 65535;
/** initial capacity of the spike monitor (it doubles as needed) */
export const SPIKE_CAPACITY = 1 << 16;

interface Resolved {
  name: string;
  spec: PopulationSpec;
  model: Model;
}

/**
 * Build a network from its spec.
 * @example const built = buildNetwork(loadNetwork('izhikevich-2003'), { seed: 2, t: 500 });
 */
export function buildNetwork(spec: NetworkSpec, options: BuildOptions = {}): BuiltNetwork {
  const started = performance.now();
  const name = typeof spec?.name === 'string' ? spec.name : 'network';
  const fail = (msg: string, d: ConstructorParameters<typeof NetworkError>[1] = {}): never => {
    throw new NetworkError(msg, { network: name, ...d });
  };
  // every key at every depth, types and context-free ranges (schema.ts): the same check as a
  // network file's, since a spec may be a plain object literal or edited after network()
  checkSpec(NetworkSchema, spec, { network: name });
  if (options.seed !== undefined) checkSpec(SeedSchema, options.seed, { network: name, root: 'seed' });
  const dt = options.dt ?? spec.dt ?? 0.1;
  const T = options.t ?? spec.t ?? 1000;
  const seed = options.seed ?? spec.seed ?? 1;
  if (!(dt > 0) || !Number.isFinite(dt)) fail(`dt must be a positive number of ms, got ${dt}`);
  if (!(T > 0) || !Number.isFinite(T)) fail(`t must be a positive duration in ms, got ${T}`);
  const steps = Math.round(T / dt);
  if (Math.abs(steps * dt - T) > 1e-9 * Math.max(1, T))
    fail(`the duration ${T} ms is not a whole number of steps dt = ${dt} ms`);
  const warnings: string[] = [];

  // ---- models and sizes (small), then the memory estimate before anything large -----------------
  const popNames = Object.keys(spec.populations);
  if (popNames.length === 0) fail('a network needs at least one population');
  const srcSpecs = spec.sources ?? {};
  const srcNames = Object.keys(srcSpecs);
  for (const s of srcNames) if (popNames.includes(s)) fail(`the name '${s}' is both a population and a source`);
  const resolved: Resolved[] = popNames.map((p) => resolvePopulation(p, spec.populations[p], name, options.baseDir));
  const sourceSize = (s: string): number => {
    const src = srcSpecs[s];
    if (!src || typeof src !== 'object') fail(`source '${s}' must be an object with a kind (poisson, spikes, rates)`);
    if (src.kind === 'spikes') {
      if (!Array.isArray(src.times))
        fail(`source '${s}': spikes need times: [[t, ...], ...] (one list per source unit)`);
      return src.times.length;
    }
    if (src.kind !== 'poisson' && src.kind !== 'rates') {
      fail(`source '${s}': unknown kind '${(src as { kind: string }).kind}'`, {
        suggestion: nearestName(String((src as { kind: string }).kind), ['poisson', 'spikes', 'rates']),
      });
    }
    const n = (src as { size: number }).size;
    if (!Number.isInteger(n) || n < 1) fail(`source '${s}': size must be a whole number >= 1, got ${n}`);
    return n;
  };
  const srcSizes = srcNames.map(sourceSize);
  // bounded work: an absurd step count (dt = 1e-300) is refused here, not run for ever
  const maxSteps = options.maxSteps ?? MAX_STEPS;
  if (!(maxSteps >= 1 && maxSteps <= STEP_INDEX_LIMIT))
    fail(`maxSteps must be a number from 1 to ${STEP_INDEX_LIMIT} (step indices are int32), got ${maxSteps}`);
  if (steps > maxSteps) {
    const cells = resolved.reduce((a, r) => a + r.spec.size, 0);
    fail(
      `t = ${T} ms at dt = ${dt} ms is ${steps.toExponential(3)} steps ` +
        `(${(steps * cells).toExponential(3)} cell-steps), ` +
        `more than the limit of ${maxSteps.toExponential(3)} steps; ` +
        `use a larger dt or a shorter t${maxSteps < STEP_INDEX_LIMIT ? ', or raise maxSteps' : ''}`,
      { field: 'dt' },
    );
  }
  const projSpecs = spec.projections ?? [];
  if (!Array.isArray(projSpecs)) fail('projections must be a list');
  const projNames = uniqueNames(projSpecs);

  const bpv = options.bytesPerValue ?? 8;
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
  const memory = ledger.check(name, options.memoryLimit);

  // ---- populations -------------------------------------------------------------------------------
  let offset = 0;
  const populations: BuiltPopulation[] = resolved.map((r, index) => {
    const p = buildPopulation(r, index, offset, name, seed);
    offset += p.size;
    return p;
  });
  const popIndex = new Map(popNames.map((p, i) => [p, i]));

  // ---- sources -----------------------------------------------------------------------------------
  const sources: BuiltSource[] = srcNames.map((s, index) =>
    buildSource(s, srcSpecs[s], index, srcSizes[index], { name, seed, dt, steps, warnings }),
  );
  const srcIndex = new Map(srcNames.map((s, i) => [s, i]));

  // ---- projections -------------------------------------------------------------------------------
  const projections: BuiltProjection[] = projSpecs.map((p, index) =>
    buildProjection(p, projNames[index], index, {
      name,
      seed,
      dt,
      warnings,
      populations,
      sources,
      popIndex,
      srcIndex,
      popNames,
      srcNames,
    }),
  );

  // ---- drives ------------------------------------------------------------------------------------
  const drives: Drive[] = [];
  (spec.drives ?? []).forEach((d, k) =>
    drives.push(...buildDrive(d, k, { name, seed, dt, steps, warnings, populations, popIndex, popNames })),
  );

  const monitors = buildMonitors(
    spec.monitors,
    populations,
    popIndex,
    popNames,
    dt,
    name,
    inputTargets(populations, projections, drives),
    warnings,
  );
  const built: BuiltNetwork = {
    format: BUILT_NETWORK,
    name,
    dt,
    steps,
    seed,
    populations,
    sources,
    projections,
    drives,
    monitors,
    warnings,
    buildSeconds: (performance.now() - started) / 1000,
  };
  Object.defineProperty(built, 'memory', { value: memory, enumerable: false });
  return built;
}

/** The memory estimate a built network was checked against (bytes, items). */
export function memoryOf(built: BuiltNetwork): MemoryEstimate | undefined {
  return (built as unknown as { memory?: MemoryEstimate }).memory;
}

function uniqueNames(projs: ProjectionSpec[]): string[] {
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

// ---------------------------------------------------------------------------------------------------

function resolvePopulation(name: string, spec: PopulationSpec, network: string, baseDir?: string): Resolved {
  const fail = (msg: string): never => {
    throw new NetworkError(msg, { network, population: name });
  };
  if (!spec || typeof spec !== 'object') fail('must be an object { model, size }');
  if (!Number.isInteger(spec.size) || spec.size < 1) fail(`size must be a whole number >= 1, got ${spec.size}`);
  if (spec.size > 2 ** 31 - 2) fail(`size ${spec.size} exceeds 2^31 - 2 cells`);
  let model: Model;
  try {
    if (spec.model instanceof Model) model = spec.model;
    else if (typeof spec.model === 'string') {
      const m = spec.model;
      const asPath = baseDir && /[/\\]|\.(ya?ml|json)$/i.test(m) && !isAbsolute(m) ? resolve(baseDir, m) : m;
      model = loadModel(asPath);
    } else if (spec.model && typeof spec.model === 'object') model = new Model(spec.model as ModelSpec);
    else return fail('needs a model: a bundled model name, a model file, or an inline model');
    if (spec.preset) model = model.preset(spec.preset);
  } catch (e) {
    if (e instanceof IsoclineError && !(e instanceof NetworkError))
      throw new NetworkError(`model: ${e.message}`, { network, population: name });
    throw e;
  }
  return { name, spec, model };
}

function buildPopulation(r: Resolved, index: number, offset: number, network: string, seed: number): BuiltPopulation {
  const { name, spec, model } = r;
  const ir = model.ir;
  const n = spec.size;
  const fail = (msg: string, field?: string, suggestion?: string): never => {
    throw new NetworkError(msg, { network, population: name, field, suggestion });
  };
  let shared: { r: Float64Array; z: Float64Array } | undefined;
  const sharedDraws = (): { r: Float64Array; z: Float64Array } => {
    if (!shared) {
      const ru = new Rng(streamSeed(seed, `pop:${name}:r`));
      const rz = new Rng(streamSeed(seed, `pop:${name}:z`));
      const rr = new Float64Array(n),
        zz = new Float64Array(n);
      for (let i = 0; i < n; i++) rr[i] = ru.uniform();
      for (let i = 0; i < n; i++) zz[i] = rz.normal();
      shared = { r: rr, z: zz };
    }
    return shared;
  };
  const paramNames = ir.parameters.map((p) => p.name);
  const inputNames = ir.named.filter((x) => x.kind === 'input').map((x) => x.name);
  const params: Record<string, CellValues> = Object.fromEntries(ir.parameters.map((p) => [p.name, p.value]));
  for (const [k, v] of Object.entries(spec.params ?? {})) {
    if (!paramNames.includes(k)) {
      if (inputNames.includes(k))
        fail(
          `'${k}' is an input (an expression of t) of model '${ir.name}', not a parameter; ` +
            `set it in the model or drive it with a current`,
          `parameter '${k}'`,
        );
      fail(`model '${ir.name}' has no parameter '${k}'`, `parameter '${k}'`, nearestName(k, paramNames));
    }
    const ctx: ValueContext = { network, population: name, field: `parameter '${k}'` };
    params[k] = cellValues(v, n, ctx, {
      shared: sharedDraws,
      own: () => new Rng(streamSeed(seed, `pop:${name}:param:${k}`)),
    });
  }
  // initial state: the model's init expressions per cell (with per-cell parameters), then overrides,
  // exactly as the single-cell engine's initialState does
  const c = compileIR(ir);
  const varNames = ir.variables.map((v) => v.name);
  const init: Record<string, Float64Array> = Object.fromEntries(varNames.map((v) => [v, new Float64Array(n)]));
  const perCell = Object.entries(params).filter(([, v]) => typeof v !== 'number') as [string, Float64Array][];
  const pv = Float64Array.from(
    ir.parameters.map((p) => (typeof params[p.name] === 'number' ? (params[p.name] as number) : 0)),
  );
  const y = new Float64Array(ir.variables.length);
  const pIdx = perCell.map(([k]) => paramNames.indexOf(k));
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < perCell.length; q++) pv[pIdx[q]] = perCell[q][1][i];
    c.init(pv, y);
    for (let j = 0; j < y.length; j++) init[varNames[j]][i] = y[j];
    if (i === 0 && !y.every(Number.isFinite))
      fail(
        `the model's initial values are not finite for cell 0 (${varNames.join(', ')} = ${Array.from(y).join(', ')})`,
      );
  }
  for (const [k, v] of Object.entries(spec.init ?? {})) {
    if (!varNames.includes(k))
      fail(`model '${ir.name}' has no state variable '${k}'`, `init '${k}'`, nearestName(k, varNames));
    const ctx: ValueContext = { network, population: name, field: `init '${k}'` };
    const vals = cellValues(v, n, ctx, {
      shared: sharedDraws,
      own: () => new Rng(streamSeed(seed, `pop:${name}:init:${k}`)),
    });
    if (typeof vals === 'number') init[k].fill(vals);
    else init[k].set(vals);
  }
  const integration = normaliseIntegration(spec.integration, varNames, (m, f) => fail(m, f ?? 'integration'));
  const voltage = spec.voltage ?? (varNames.includes('v') ? 'v' : varNames[0]);
  if (!varNames.includes(voltage))
    fail(
      `voltage '${voltage}' is not a state variable of model '${ir.name}'`,
      'voltage',
      nearestName(voltage, varNames),
    );
  const eventMode = spec.events ?? 'step';
  if (eventMode !== 'step' && eventMode !== 'located')
    fail(`events must be 'step' or 'located', got '${eventMode}'`, 'events');
  return {
    name,
    index,
    size: n,
    offset,
    model: ir,
    params,
    init,
    integration,
    spikeEvent: ir.events.length ? 0 : null,
    eventMode,
    voltage,
  };
}

function normaliseIntegration(
  spec: PopulationSpec['integration'],
  vars: string[],
  fail: (msg: string, field?: string) => never,
): Integration {
  const o: Integration =
    spec === undefined ? { method: 'euler' } : typeof spec === 'string' ? { method: spec } : { ...spec };
  if (!METHODS.includes(o.method)) {
    const near = nearestName(String(o.method), METHODS);
    fail(`unknown integration method '${o.method}' (${METHODS.join(', ')})${near ? ` (did you mean '${near}'?)` : ''}`);
  }
  if (o.substeps || o.order) {
    if (o.method !== 'sequential') fail(`substeps and order belong to the 'sequential' method, not '${o.method}'`);
    for (const [k, s] of Object.entries(o.substeps ?? {})) {
      if (!vars.includes(k)) fail(`substeps: no state variable '${k}'`, `integration.substeps`);
      if (!Number.isInteger(s) || s < 1) fail(`substeps of '${k}' must be a whole number >= 1, got ${s}`);
    }
    if (o.order) {
      const sorted = [...o.order].sort().join(',');
      if (sorted !== [...vars].sort().join(','))
        fail(`order must list every state variable once (${vars.join(', ')}), got ${o.order.join(', ')}`);
    }
  }
  return o;
}

interface Ctx {
  name: string;
  seed: number;
  dt: number;
  steps: number;
  warnings: string[];
}

function timeFunction(value: string, what: string, network: string): (t: number) => number {
  const { fn } = compileScalar(value, ['t'], { model: network, field: what });
  return (t) => fn(t);
}

function buildSource(s: string, src: SourceSpec, index: number, size: number, ctx: Ctx): BuiltSource {
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

interface ProjCtx extends Omit<Ctx, 'steps'> {
  populations: BuiltPopulation[];
  sources: BuiltSource[];
  popIndex: Map<string, number>;
  srcIndex: Map<string, number>;
  popNames: string[];
  srcNames: string[];
}

function buildProjection(p: ProjectionSpec, pname: string, index: number, ctx: ProjCtx): BuiltProjection {
  const vctx: ValueContext = { network: ctx.name, projection: pname, field: '' };
  const fail = (msg: string, field?: string, suggestion?: string): never => {
    throw new NetworkError(msg, { network: ctx.name, projection: pname, field, suggestion });
  };
  if (!p || typeof p !== 'object') fail('must be an object { from, to, connect, weight, synapse }');
  const post = ctx.popIndex.get(p.to);
  if (post === undefined)
    fail(`'to' must be a population; there is no population '${p.to}'`, 'to', nearestName(String(p.to), ctx.popNames));
  let pre: PreRef;
  if (ctx.popIndex.has(p.from))
    pre = {
      kind: 'population',
      index: ctx.popIndex.get(p.from)!,
      size: ctx.populations[ctx.popIndex.get(p.from)!].size,
    };
  else if (ctx.srcIndex.has(p.from))
    pre = { kind: 'source', index: ctx.srcIndex.get(p.from)!, size: ctx.sources[ctx.srcIndex.get(p.from)!].size };
  else
    return fail(
      `no population or source '${p.from}'`,
      'from',
      nearestName(String(p.from), [...ctx.popNames, ...ctx.srcNames]),
    );
  if (p.connect === undefined)
    fail('needs connect: "all", { p }, { indegree }, { outdegree }, { pairs } or { matrix, rows }', 'connect');
  const postPop = ctx.populations[post!];
  const synapse = buildSynapse(p.synapse ?? { kind: 'pulse' }, postPop, pre, ctx, fail);
  const same = pre.kind === 'population' && pre.index === post;
  const csr = buildCsr(
    p.connect as ConnectSpec,
    pre.size,
    postPop.size,
    same,
    new Rng(streamSeed(ctx.seed, `proj:${pname}:connect`)),
    { ...vctx, field: 'connect' },
  );
  let weight: Float32Array;
  if (csr.weights) {
    if (p.weight !== undefined) {
      if (typeof p.weight !== 'number')
        fail('with pairs or a matrix giving weights, weight may only be a number (a factor)', 'weight');
      weight = csr.weights;
      for (let k = 0; k < weight.length; k++) weight[k] *= p.weight as number;
    } else weight = csr.weights;
  } else {
    weight = new Float32Array(csr.nnz);
    fillSynapseValues(
      p.weight ?? 1,
      weight,
      { ...vctx, field: 'weight' },
      new Rng(streamSeed(ctx.seed, `proj:${pname}:weight`)),
    );
  }
  // delays: whole steps; rounding is reported, never silent
  let delaySteps = 0;
  let delays: Uint8Array | Uint16Array | null = null;
  if (p.delay !== undefined) {
    if (behaviourOf(synapse).delivery === 'activity') fail('rate coupling is continuous and takes no delay', 'delay');
    if (typeof p.delay === 'number') {
      if (!(p.delay >= 0) || !Number.isFinite(p.delay))
        fail(`delay must be a finite number >= 0 ms, got ${p.delay}`, 'delay');
      const x = p.delay / ctx.dt;
      delaySteps = Math.round(x);
      // the ring buffer holds one slot per step of delay: the same limit as per-synapse delays
      if (delaySteps > MAX_DELAY_STEPS)
        fail(
          `delay ${p.delay} ms is ${delaySteps} steps of dt = ${ctx.dt} ms; ` +
            `delays are limited to ${MAX_DELAY_STEPS} steps`,
          'delay',
        );
      if (Math.abs(x - delaySteps) > 1e-9) {
        ctx.warnings.push(
          `projection '${pname}': delay ${p.delay} ms at dt ${ctx.dt} ms is ${+x.toFixed(6)} steps, ` +
            `rounded to ${delaySteps} (${+(delaySteps * ctx.dt).toFixed(9)} ms)`,
        );
      }
    } else {
      const d = new Float64Array(csr.nnz);
      fillSynapseValues(p.delay, d, { ...vctx, field: 'delay' }, new Rng(streamSeed(ctx.seed, `proj:${pname}:delay`)));
      let max = 0,
        min = Infinity,
        rounded = 0;
      // whole steps in place (one temporary array of 8 bytes per synapse, not two)
      const ds = d;
      for (let k = 0; k < csr.nnz; k++) {
        if (!(d[k] >= 0)) fail(`delay of synapse ${k} is ${d[k]} ms; delays are >= 0`, 'delay');
        const x = d[k] / ctx.dt;
        ds[k] = Math.round(x);
        if (Math.abs(x - ds[k]) > 1e-9) rounded++;
        if (ds[k] > max) max = ds[k];
        if (ds[k] < min) min = ds[k];
      }
      if (rounded)
        ctx.warnings.push(
          `projection '${pname}': ${rounded} of ${csr.nnz} delays rounded to whole steps of ${ctx.dt} ms`,
        );
      if (max > MAX_DELAY_STEPS) fail(`delays up to ${max} steps exceed ${MAX_DELAY_STEPS} steps`, 'delay');
      delaySteps = max;
      if (min !== max) delays = max <= 255 ? Uint8Array.from(ds) : Uint16Array.from(ds);
    }
  }
  if (delaySteps + synapse.windowSteps > MAX_DELAY_STEPS)
    fail(`delay plus the synapse's window exceed ${MAX_DELAY_STEPS} steps`, 'synapse.window');
  return {
    name: pname,
    index,
    pre,
    post: post!,
    rowPtr: csr.rowPtr,
    col: csr.col,
    weight,
    delaySteps,
    delays,
    synapse,
  };
}

function buildSynapse(
  s: SynapseSpec,
  post: BuiltPopulation,
  pre: PreRef,
  ctx: ProjCtx,
  fail: (m: string, f?: string, sug?: string) => never,
): Synapse {
  const names = SYNAPSE_KINDS.map((k) => k.kind);
  const kindName = (s as { kind?: unknown } | null)?.kind;
  if (kindName === 'kernel')
    fail(
      "the synapse kind 'kernel' is now called 'filtered' (same fields: shape, tau, window)",
      'synapse.kind',
      'filtered',
    );
  const kind = typeof kindName === 'string' ? synapseKind(kindName) : undefined;
  if (!s || typeof s !== 'object' || !kind)
    return fail(
      `unknown synapse kind '${kindName}' (${names.join(', ')})`,
      'synapse.kind',
      nearestName(String(kindName), names),
    );
  const ir = post.model;
  const vars = ir.variables.map((v) => v.name);
  const params = ir.parameters.map((p) => p.name);
  const inputs = ir.named.filter((x) => x.kind === 'input').map((x) => x.name);
  const target = s.target ?? (kind.target === 'state' ? post.voltage : 'I');
  if (kind.target === 'state') {
    if (!vars.includes(target))
      fail(
        `a ${kind.kind} synapse adds to a state variable; model '${ir.name}' has no variable '${target}'`,
        'synapse.target',
        nearestName(target, vars),
      );
  } else if (!params.includes(target) && !inputs.includes(target)) {
    fail(
      `synaptic current target '${target}' is not a parameter or input of model '${ir.name}' ` +
        `(${[...params, ...inputs].join(', ')})`,
      'synapse.target',
      nearestName(target, [...params, ...inputs]),
    );
  }
  const preIsRates = pre.kind === 'source' && ctx.sources[pre.index].kind === 'rates';
  if (kind.pre === 'rates') {
    if (pre.kind === 'source' && !preIsRates)
      fail('rate coupling needs a rate population or a rates source as its pre side, not spike trains', 'from');
  } else {
    if (preIsRates)
      fail(
        `a '${kind.kind}' synapse needs spikes; ` +
          `the rates source '${ctx.sources[pre.index].name}' drives only rate synapses`,
        'synapse.kind',
      );
    if (pre.kind === 'population' && ctx.populations[pre.index].spikeEvent === null) {
      fail(
        `population '${ctx.populations[pre.index].name}' (model '${ctx.populations[pre.index].model.name}') ` +
          `has no spike event to propagate; use a rate synapse`,
        'synapse.kind',
      );
    }
  }
  const preSide: SynapseBuildContext['pre'] =
    pre.kind === 'population'
      ? { kind: 'population', model: ctx.populations[pre.index].model }
      : preIsRates
        ? { kind: 'rates' }
        : { kind: 'spikes' };
  const b = kind.build(s as unknown as Record<string, unknown>, { dt: ctx.dt, post: ir, pre: preSide, fail });
  return {
    kind: kind.kind,
    target,
    constants: b.constants,
    windowSteps: b.windowSteps ?? 0,
    activity: b.activity ?? null,
    shared: b.shared ?? true,
  };
}

function buildDrive(
  d: DriveSpec,
  k: number,
  ctx: Ctx & { populations: BuiltPopulation[]; popIndex: Map<string, number>; popNames: string[] },
): Drive[] {
  const fail = (msg: string, field?: string, suggestion?: string): never => {
    throw new NetworkError(msg, { network: ctx.name, field: `drive ${k}${field ? ` ${field}` : ''}`, suggestion });
  };
  if (!d || typeof d !== 'object') fail('must be an object { kind, to, ... }');
  const pi = ctx.popIndex.get(d.to);
  if (pi === undefined) fail(`no population '${d.to}'`, 'to', nearestName(String(d.to), ctx.popNames));
  const pop = ctx.populations[pi!];
  const vctx: ValueContext = { network: ctx.name, population: pop.name, field: `drive ${k}` };
  const own = (key: string) => () => new Rng(streamSeed(ctx.seed, `drive:${pop.name}:${k}:${key}`));
  const noShared = (): never => fail('r and z are not available here; use a distribution');
  if (d.kind === 'poisson') return [poissonDrive(d, k, pi!, pop, vctx, ctx, fail, own('weight'), noShared)];
  const target = d.target ?? 'I';
  const ok = [
    ...pop.model.parameters.map((p) => p.name),
    ...pop.model.named.filter((x) => x.kind === 'input').map((x) => x.name),
  ];
  if (!ok.includes(target))
    fail(
      `target '${target}' is not a parameter or input of model '${pop.model.name}'`,
      'target',
      nearestName(target, ok),
    );
  const table = (value: number | string): Float64Array => {
    const out = new Float64Array(ctx.steps);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) fail(`value must be finite, got ${value}`);
      return out.fill(value);
    }
    if (typeof value !== 'string')
      return fail(`value must be a number or an expression of t, got ${JSON.stringify(value)}`);
    const f = timeFunction(value, `drive ${k} value`, ctx.name);
    for (let n = 0; n < ctx.steps; n++) {
      out[n] = f(n * ctx.dt);
      if (!Number.isFinite(out[n])) fail(`"${value}" is ${out[n]} at t = ${n * ctx.dt}`);
    }
    return out;
  };
  if (d.kind === 'current') {
    return [
      {
        kind: 'current',
        population: pi!,
        target,
        values: table(d.value),
        scale: d.scale === undefined ? 1 : cellValues(d.scale, pop.size, vctx, { shared: noShared, own: own('scale') }),
      },
    ];
  }
  if (d.kind === 'noise') {
    const out: Drive[] = [
      {
        kind: 'noise',
        population: pi!,
        target,
        sigma: cellValues(d.sigma, pop.size, vctx, { shared: noShared, own: own('sigma') }),
        streamSeed: streamSeed(ctx.seed, `noise:${pop.name}:${k}`),
      },
    ];
    if (d.mean !== undefined && d.mean !== 0)
      out.push({ kind: 'current', population: pi!, target, values: table(d.mean), scale: 1 });
    return out;
  }
  const kinds = ['current', 'noise', 'poisson'];
  return fail(
    `unknown drive kind '${(d as { kind: string }).kind}' (${kinds.join(', ')})`,
    'kind',
    nearestName(String((d as { kind: string }).kind), kinds),
  );
}

/**
 * A per-cell Poisson drive: the target decides the mode (state variable: jump; parameter/input: added over
 * the step).
 */
function poissonDrive(
  d: Extract<DriveSpec, { kind: 'poisson' }>,
  k: number,
  pi: number,
  pop: BuiltPopulation,
  vctx: ValueContext,
  ctx: Ctx,
  fail: (msg: string, field?: string, suggestion?: string) => never,
  own: () => Rng,
  noShared: () => never,
): PoissonDrive {
  const model = pop.model;
  const states = model.variables.map((v) => v.name);
  const inputs = [
    ...model.parameters.map((p) => p.name),
    ...model.named.filter((x) => x.kind === 'input').map((x) => x.name),
  ];
  const mode = states.includes(d.target) ? 'jump' : inputs.includes(d.target) ? 'input' : null;
  if (mode === null) {
    const all = [...states, ...inputs];
    fail(
      `target '${d.target}' is not a state variable, parameter or input of model '${model.name}'`,
      'target',
      nearestName(d.target, all),
    );
  }
  if (!Number.isInteger(d.trains) || d.trains < 1) fail(`trains must be a positive integer, got ${d.trains}`, 'trains');
  if (!Number.isFinite(d.rate) || d.rate < 0) fail(`rate must be a finite number of Hz >= 0, got ${d.rate}`, 'rate');
  const p = (d.rate * ctx.dt) / 1000;
  if (p >= 1)
    fail(
      `rate ${d.rate} Hz gives ${p} spikes per train per step at dt = ${ctx.dt} ms; ` +
        `a train can fire at most once per step (rate < ${1000 / ctx.dt} Hz)`,
      'rate',
    );
  const { cdf, offset } = binomialTable(d.trains, p);
  const weight = cellValues(d.weight, pop.size, vctx, { shared: noShared, own });
  return {
    kind: 'poisson',
    population: pi,
    target: d.target,
    mode: mode!,
    weight,
    trains: d.trains,
    rate: d.rate,
    cdf,
    offset,
    streamSeed: streamSeed(ctx.seed, `poisson:${pop.name}:${k}`),
  };
}

/** Per population: the parameters that receive synaptic (not jump) or drive input. */
function inputTargets(pops: BuiltPopulation[], projections: BuiltProjection[], drives: Drive[]): Set<string>[] {
  const out = pops.map(() => new Set<string>());
  for (const p of projections) if (!behaviourOf(p.synapse).jump) out[p.post].add(p.synapse.target);
  for (const d of drives) out[d.population].add(d.target);
  return out.map((set, p) => new Set([...set].filter((name) => pops[p].model.parameters.some((q) => q.name === name))));
}

function buildMonitors(
  m: NetworkSpec['monitors'],
  pops: BuiltPopulation[],
  popIndex: Map<string, number>,
  popNames: string[],
  dt: number,
  network: string,
  inputs: Set<string>[],
  warnings: string[],
): BuiltMonitors {
  const fail = (msg: string, suggestion?: string): never => {
    throw new NetworkError(msg, { network, field: 'monitors', suggestion });
  };
  const idx = (p: string): number => {
    const i = popIndex.get(p);
    if (i === undefined) fail(`no population '${p}'`, nearestName(String(p), popNames));
    return i!;
  };
  // an interval of ms in whole steps: below one step is an error, a rounding is reported (as delays)
  const wholeSteps = (ms: number, what: string): number => {
    const x = ms / dt;
    const k = Math.round(x);
    if (k < 1) fail(`${what} ${ms} ms is shorter than one step (dt = ${dt} ms)`);
    if (Math.abs(x - k) > 1e-9)
      warnings.push(
        `monitors: ${what} ${ms} ms at dt ${dt} ms is ${+x.toFixed(6)} steps, ` +
          `rounded to ${k} (${+(k * dt).toFixed(9)} ms)`,
      );
    return k;
  };
  const spec = m ?? {};
  // nothing is recorded that was not asked for (spike counts per population are always kept)
  const spikes =
    spec.spikes === true ? pops.map((p) => p.index) : Array.isArray(spec.spikes) ? spec.spikes.map(idx) : [];
  const traces: BuiltMonitors['traces'] = [];
  for (const tr of spec.traces ?? []) {
    const pi = idx(tr.population);
    const pop = pops[pi];
    const names = [...pop.model.variables.map((v) => v.name), ...pop.model.named.map((x) => x.name), ...inputs[pi]];
    const vars =
      tr.variables === undefined ? [pop.voltage] : Array.isArray(tr.variables) ? tr.variables : [tr.variables];
    let cells: Int32Array;
    if (tr.cells === undefined) cells = Int32Array.of(0);
    else if (tr.cells === 'all') cells = Int32Array.from({ length: pop.size }, (_, i) => i);
    else if (typeof tr.cells === 'number') {
      if (tr.cells > pop.size)
        fail(
          `trace of '${pop.name}': cells ${tr.cells} (the first ${tr.cells} cells) ` +
            `exceeds the population's ${pop.size} cells`,
        );
      cells = Int32Array.from({ length: tr.cells }, (_, i) => i);
    } else cells = Int32Array.from(tr.cells);
    for (const c of cells)
      if (!(c >= 0 && c < pop.size)) fail(`trace of '${pop.name}': cell ${c} is outside 0..${pop.size - 1}`);
    const every = tr.every === undefined ? 1 : wholeSteps(tr.every, `trace of '${pop.name}': every`);
    for (const v of vars) {
      if (!names.includes(v))
        fail(
          `trace of '${pop.name}': model '${pop.model.name}' has no variable, expression or synaptic input '${v}'`,
          nearestName(v, names),
        );
      traces.push({ population: pi, variable: v, cells, every, ...(inputs[pi].has(v) ? { input: true } : {}) });
    }
  }
  const rates: BuiltMonitors['rates'] = [];
  if (spec.rates) {
    const r = spec.rates === true ? {} : spec.rates;
    // the default 1 ms is at least one step whatever dt (the documented default); a given bin is exact
    const bin = r.bin === undefined ? Math.max(1, Math.round(1 / dt)) : wholeSteps(r.bin, 'rates bin');
    for (const pi of (r.populations ?? popNames).map(idx)) rates.push({ population: pi, bin });
  }
  return { spikes, traces, rates };
}
