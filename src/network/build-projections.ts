/**
 * Projections: connectivity as CSR, weights, delays in whole steps (rounding reported), and the
 * synapse built by its kind (src/ir/synapses).
 */
import { nearestName } from '../model/errors.js';
import { NetworkError } from '../ir/errors.js';
import { behaviourOf, SYNAPSE_KINDS, synapseKind } from '../ir/synapses/index.js';
import type { SynapseBuildContext } from '../ir/synapse-kind.js';
import { Rng, streamSeed } from './rng.js';
import { buildCsr } from './connect.js';
import { fillSynapseValues, type ValueContext } from './values.js';
import { MAX_DELAY_STEPS } from './build-limits.js';
import type { Ctx } from './build-sources.js';
import type { ConnectSpec, ProjectionSpec, SynapseSpec } from './spec.js';
import type { BuiltPopulation, BuiltProjection, BuiltSource, PreRef, Synapse } from '../ir/network.js';

/** A projection sees the populations and sources built before it. */
export interface ProjCtx extends Omit<Ctx, 'steps'> {
  populations: BuiltPopulation[];
  sources: BuiltSource[];
  popIndex: Map<string, number>;
  srcIndex: Map<string, number>;
  popNames: string[];
  srcNames: string[];
}

/** One projection, built. */
export function buildProjection(p: ProjectionSpec, pname: string, index: number, ctx: ProjCtx): BuiltProjection {
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
