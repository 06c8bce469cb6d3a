/**
 * Turning value specs (numbers, arrays, distributions, expressions of a uniform draw r) into
 * per-cell values or per-synapse weights, from seeded streams.
 */
import { compileScalar as compileRaw } from '../compile/kernel-expr.js';
import { ModelError, type ErrorLocation } from '../model/errors.js';
import { NetworkError } from '../ir/errors.js';
import type { Rng } from './rng.js';
import type { ValueSpec } from './spec.js';
import type { CellValues } from '../ir/network.js';

/** Where a value is used, for error messages. */
export interface ValueContext {
  network: string;
  population?: string;
  projection?: string;
  field: string;
}

/** compileScalar with its ModelError (a bad expression) turned into a NetworkError saying where. */
export function compileScalar(source: string, symbols: string[], where: ErrorLocation): ReturnType<typeof compileRaw> {
  try {
    return compileRaw(source, symbols, where);
  } catch (e) {
    if (e instanceof ModelError)
      throw new NetworkError(
        `${where.field ? where.field + ': ' : ''}"${source}": ${e.reason}` +
          `${e.location.suggestion ? ` (did you mean '${e.location.suggestion}'?)` : ''}`,
        { network: where.model },
      );
    throw e;
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

function checkPair(spec: Record<string, unknown>, key: string, ctx: ValueContext): [number, number] {
  const v = spec[key];
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new NetworkError(`'${key}' needs two finite numbers, e.g. { "${key}": [0, 1] }`, ctx);
  }
  return v as [number, number];
}

/** Which distribution a spec object names (exactly one key of uniform/normal/gamma). */
function distributionOf(spec: Record<string, unknown>, ctx: ValueContext): 'uniform' | 'normal' | 'gamma' {
  const kinds = (['uniform', 'normal', 'gamma'] as const).filter((k) => k in spec);
  const extra = Object.keys(spec).filter((k) => !['uniform', 'normal', 'gamma', 'min', 'max'].includes(k));
  if (kinds.length !== 1 || extra.length) {
    throw new NetworkError(
      `a distribution is one of { uniform: [lo, hi] }, { normal: [mean, sd], min?, max? }, ` +
        `{ gamma: [shape, scale] }; got keys ${Object.keys(spec).join(', ') || '(none)'}`,
      ctx,
    );
  }
  return kinds[0];
}

/** One draw from a distribution object. */
function sampler(spec: Record<string, unknown>, ctx: ValueContext): (rng: Rng) => number {
  const kind = distributionOf(spec, ctx);
  const [a, b] = checkPair(spec, kind, ctx);
  if (kind === 'uniform') {
    if (!(b >= a)) throw new NetworkError(`uniform [${a}, ${b}]: the upper bound is below the lower`, ctx);
    return (rng) => a + (b - a) * rng.uniform();
  }
  if (kind === 'normal') {
    if (!(b >= 0)) throw new NetworkError(`normal: the standard deviation must be >= 0, got ${b}`, ctx);
    const lo = typeof spec.min === 'number' ? spec.min : -Infinity;
    const hi = typeof spec.max === 'number' ? spec.max : Infinity;
    return (rng) => Math.min(hi, Math.max(lo, a + b * rng.normal()));
  }
  if (!(a > 0 && b > 0)) throw new NetworkError(`gamma: shape and scale must be positive, got [${a}, ${b}]`, ctx);
  return (rng) => rng.gamma(a, b);
}

/**
 * Per-cell values of a population parameter or initial value.
 * `shared` holds the population's per-cell draws r (uniform) and z (normal), created on first use
 * from the population's own streams, so every expression of one cell sees the same r and z.
 */
export function cellValues(
  spec: ValueSpec,
  n: number,
  ctx: ValueContext,
  streams: { shared: () => { r: Float64Array; z: Float64Array }; own: () => Rng },
): CellValues {
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) throw new NetworkError(`must be a finite number, got ${spec}`, ctx);
    return spec;
  }
  if (Array.isArray(spec)) {
    if (spec.length !== n) throw new NetworkError(`has ${spec.length} values for ${n} cells`, ctx);
    const out = Float64Array.from(spec);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(out[i])) throw new NetworkError(`value ${i} is not a finite number`, ctx);
    return out;
  }
  if (typeof spec === 'string') {
    const { fn, uses } = compileScalar(spec, ['r', 'z', 'i', 'n'], { model: ctx.network, field: fieldOf(ctx) });
    const out = new Float64Array(n);
    const { r, z } = uses.has('r') || uses.has('z') ? streams.shared() : { r: out, z: out };
    for (let i = 0; i < n; i++) out[i] = fn(r[i], z[i], i, n);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(out[i])) throw new NetworkError(`expression "${spec}" gives ${out[i]} for cell ${i}`, ctx);
    return out;
  }
  if (isObj(spec)) {
    const draw = sampler(spec, ctx);
    const rng = streams.own();
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = draw(rng);
    return out;
  }
  throw new NetworkError(
    `expected a number, an array, an expression string or a distribution, got ${JSON.stringify(spec)}`,
    ctx,
  );
}

function fieldOf(ctx: ValueContext): string {
  return [
    ctx.population && `population '${ctx.population}'`,
    ctx.projection && `projection '${ctx.projection}'`,
    ctx.field,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Fill per-synapse values (weights, delays) in place: a number, an array of the right length,
 * a distribution, or an expression of r and z drawn per synapse.
 */
export function fillSynapseValues(
  spec: ValueSpec,
  out: Float32Array | Float64Array,
  ctx: ValueContext,
  rng: Rng,
): void {
  const n = out.length;
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) throw new NetworkError(`must be a finite number, got ${spec}`, ctx);
    out.fill(spec);
    return;
  }
  if (Array.isArray(spec)) {
    if (spec.length !== n)
      throw new NetworkError(
        `has ${spec.length} values for ${n} synapses (per-synapse arrays need explicit connectivity)`,
        ctx,
      );
    for (let k = 0; k < n; k++) out[k] = spec[k];
    return;
  }
  if (typeof spec === 'string') {
    const { fn, uses } = compileScalar(spec, ['r', 'z'], { model: ctx.network, field: fieldOf(ctx) });
    const ur = uses.has('r'),
      uz = uses.has('z');
    for (let k = 0; k < n; k++) {
      const r = ur ? rng.uniform() : 0;
      const z = uz ? rng.normal() : 0;
      const x = fn(r, z);
      if (!Number.isFinite(x)) throw new NetworkError(`expression "${spec}" gives ${x}`, ctx);
      out[k] = x;
    }
    return;
  }
  if (isObj(spec)) {
    const draw = sampler(spec, ctx);
    for (let k = 0; k < n; k++) out[k] = draw(rng);
    return;
  }
  throw new NetworkError(
    `expected a number, an array, an expression string or a distribution, got ${JSON.stringify(spec)}`,
    ctx,
  );
}

/** Whether a value spec is one number for every element. */
export const isUniformValue = (spec: ValueSpec | undefined): spec is number => typeof spec === 'number';
