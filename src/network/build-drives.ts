/**
 * Drives: current tables per step, noise (drawn in the step loop) with its mean as a table, and
 * per-cell Poisson drives with their binomial tables.
 */
import { nearestName } from '../model/errors.js';
import { NetworkError } from '../ir/errors.js';
import { binomialTable, Rng, streamSeed } from './rng.js';
import { cellValues, type ValueContext } from './values.js';
import { timeFunction, type Ctx } from './build-sources.js';
import type { DriveSpec } from './spec.js';
import type { BuiltPopulation, Drive, PoissonDrive } from '../ir/network.js';

/** One drive of the spec, built (a noise drive with a mean is two). */
export function buildDrive(
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
