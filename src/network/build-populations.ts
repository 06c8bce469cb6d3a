/**
 * Populations: the model resolved (by the loader given), per-cell parameters drawn, initial states
 * evaluated per cell exactly as the single-cell engine's initialState, the integration checked.
 */
import { Model } from '../model/model.js';
import type { ModelSpec } from '../model/spec.js';
import { IsoclineError, nearestName } from '../model/errors.js';
import { NodeOnlyError } from '../model/node-only.js';
import { compileIR } from '../compile/scalar.js';
import { NetworkError } from '../ir/errors.js';
import { Rng, streamSeed } from './rng.js';
import { cellValues, type ValueContext } from './values.js';
import type { ModelLoader, Resolved } from './build-limits.js';
import type { PopulationSpec } from './spec.js';
import type { BuiltPopulation, CellValues, Integration, IntegrationMethod } from '../ir/network.js';

const METHODS: IntegrationMethod[] = ['euler', 'rk2', 'rk4', 'expeuler', 'sequential'];

/** The model of a population: a Model, an inline spec, or a name the loader resolves. */
export function resolvePopulation(
  name: string,
  spec: PopulationSpec,
  network: string,
  loadModel: ModelLoader,
  baseDir?: string,
): Resolved {
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
      model = loadModel(spec.model, baseDir);
    } else if (spec.model && typeof spec.model === 'object') model = new Model(spec.model as ModelSpec);
    else return fail('needs a model: a bundled model name, a model file, or an inline model');
    if (spec.preset) model = model.preset(spec.preset);
  } catch (e) {
    // a model file in a browser stays a NodeOnlyError: it says what to do instead
    if (e instanceof IsoclineError && !(e instanceof NetworkError) && !(e instanceof NodeOnlyError))
      throw new NetworkError(`model: ${e.message}`, { network, population: name });
    throw e;
  }
  return { name, spec, model };
}

/** A population's built arrays: per-cell parameters and initial states. */
export function buildPopulation(
  r: Resolved,
  index: number,
  offset: number,
  network: string,
  seed: number,
): BuiltPopulation {
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
