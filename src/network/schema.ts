/**
 * The one definition of a network spec (spec.ts) and of a network file (files.ts): TypeBox schemas
 * from which both the TypeScript types (`Static<...>`, re-exported by spec.ts) and the run-time
 * validator (ajv, schema-check.ts) derive, so the two cannot drift. Every object is closed
 * (`additionalProperties: false`) at every depth: a misspelt key is an error, never a silent default.
 *
 * Ranges that need no other context live here too (sizes, probabilities, tau, bins, seeds); checks
 * that need the models or other parts of the network (parameter names, cell indices, array
 * lengths) stay in build.ts.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Model } from '../model/model.js';
import type { ModelSpec } from '../model/spec.js';
import { MODEL_SCHEMA } from '../model/schema.js';
import { SYNAPSE_KINDS } from '../ir/synapses/index.js';
import { IntegrationMethodSchema, IntegrationSchema, type Integration, type IntegrationMethod } from '../ir/methods.js';

/** ajv keyword (registered in schema-check.ts): the value is a `Model` instance (TS API only). */
export const MODEL_INSTANCE_KEYWORD = 'isoclineModelInstance';

/**
 * The largest seed: seeds are the integers 0 ≤ seed ≤ 2^32 − 1. The generator is seeded with a
 * 32-bit word (rng.ts), so a wider seed could only alias a narrower one; it is refused instead.
 */
export const MAX_SEED = 4294967295;

/** A seed for connectivity, parameter draws and inputs: an integer 0 ≤ seed ≤ 2^32 − 1. */
export const SeedSchema = Type.Integer({
  minimum: 0,
  maximum: MAX_SEED,
  description: `an integer from 0 to ${MAX_SEED} (2^32 - 1)`,
});

const finite = (o: object = {}) => Type.Number(o);
const pair = Type.Tuple([finite(), finite()]);

/**
 * A value per cell (or per synapse, for weights and delays): a number, one number per cell, an
 * expression string of r, z, i, n, or a distribution. `min` bounds the number forms (delays).
 */
const valueSpec = (bounds: { minimum?: number } = {}) =>
  Type.Union(
    [
      finite(bounds),
      Type.Array(finite(bounds)),
      Type.String({ minLength: 1 }),
      Type.Object({ uniform: pair }, { additionalProperties: false }),
      Type.Object(
        { normal: pair, min: Type.Optional(finite()), max: Type.Optional(finite()) },
        { additionalProperties: false },
      ),
      Type.Object({ gamma: pair }, { additionalProperties: false }),
    ],
    {
      description:
        'a number, a list of numbers, an expression string, or a distribution ' +
        '({ "uniform": [lo, hi] }, { "normal": [mean, sd] }, { "gamma": [shape, scale] })',
    },
  );

export const ValueSchema = valueSpec();
const DelaySchema = valueSpec({ minimum: 0 });

/** An inline model in a network: the model-file schema itself (its `$id` dropped: it is embedded). */
const { $id: _modelId, ...inlineModel } = MODEL_SCHEMA;
const InlineModelSchema = Type.Unsafe<ModelSpec>(inlineModel);
const ModelInstanceSchema = Type.Unsafe<Model>({ type: 'object', [MODEL_INSTANCE_KEYWORD]: true });

export const PopulationSchema = Type.Object(
  {
    /** a bundled model name or a model file path (relative to the network file), a Model, or an inline model */
    model: Type.Union([Type.String({ minLength: 1 }), ModelInstanceSchema, InlineModelSchema], {
      description: 'a bundled model name, a model file path, or an inline model object',
    }),
    size: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 2 }),
    /** a preset of the model (e.g. Izhikevich 'FS') applied before `params` */
    preset: Type.Optional(Type.String({ minLength: 1 })),
    /** parameter values (any not given keep the model's value) */
    params: Type.Optional(Type.Record(Type.String(), ValueSchema)),
    /** initial values (any not given follow the model's init expressions, per cell) */
    init: Type.Optional(Type.Record(Type.String(), ValueSchema)),
    /** integration scheme (default 'euler') */
    integration: Type.Optional(Type.Union([IntegrationMethodSchema, IntegrationSchema])),
    /** the membrane potential for conductance and rate synapses (default 'v', else the first variable) */
    voltage: Type.Optional(Type.String({ minLength: 1 })),
    /**
     * how threshold events are applied inside a step: 'step' (default, the classic network update:
     * detect at the step end, interpolate the time, reset the end-of-step state) or 'located' (as the
     * single-cell engine's fixed-step driver: root-found on the step, reset there, step finished)
     */
    events: Type.Optional(Type.Union([Type.Literal('step'), Type.Literal('located')])),
  },
  { additionalProperties: false },
);

const size = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 2 });
export const SourceSchema = Type.Union(
  [
    /**
     * `size` independent Poisson trains; rate (Hz) a number or an expression of t (ms), drawn per step as
     * rand < rate dt
     */
    Type.Object(
      {
        kind: Type.Literal('poisson'),
        size,
        rate: Type.Union([finite({ minimum: 0 }), Type.String({ minLength: 1 })]),
      },
      { additionalProperties: false },
    ),
    /** explicit spike times (ms), one list per source unit */
    Type.Object(
      { kind: Type.Literal('spikes'), times: Type.Array(Type.Array(finite({ minimum: 0 }))) },
      { additionalProperties: false },
    ),
    /** fixed activities (Hz) for rate coupling (seed 003's input pattern) */
    Type.Object({ kind: Type.Literal('rates'), size, activity: ValueSchema }, { additionalProperties: false }),
  ],
  { description: 'a source object with kind "poisson", "spikes" or "rates"' },
);

const autapses = Type.Optional(Type.Boolean());
const cell = Type.Integer({ minimum: 0 });
export const ConnectSchema = Type.Union(
  [
    Type.Literal('all'),
    Type.Object({ p: finite({ minimum: 0, maximum: 1 }), autapses }, { additionalProperties: false }),
    Type.Object({ indegree: Type.Integer({ minimum: 0 }), autapses }, { additionalProperties: false }),
    Type.Object({ outdegree: Type.Integer({ minimum: 0 }), autapses }, { additionalProperties: false }),
    Type.Object(
      { pairs: Type.Array(Type.Union([Type.Tuple([cell, cell]), Type.Tuple([cell, cell, finite()])])) },
      { additionalProperties: false },
    ),
    Type.Object(
      { matrix: Type.Array(Type.Array(finite())), rows: Type.Union([Type.Literal('pre'), Type.Literal('post')]) },
      { additionalProperties: false },
    ),
  ],
  { description: '"all", { "p" }, { "indegree" }, { "outdegree" }, { "pairs" } or { "matrix", "rows" }' },
);

const target = Type.Optional(Type.String({ minLength: 1 }));
/** One schema per synapse kind, from the kinds themselves (src/ir/synapses/). */
export const SynapseSchema = Type.Unsafe<SynapseSpec>(
  Type.Union(
    SYNAPSE_KINDS.map((k) => k.schema),
    { description: `a synapse object with kind ${SYNAPSE_KINDS.map((k) => `"${k.kind}"`).join(', ')}` },
  ),
);

export const ProjectionSchema = Type.Object(
  {
    /** default `from->to` (with a number appended when repeated) */
    name: Type.Optional(Type.String({ minLength: 1 })),
    /** a population or source name */
    from: Type.String({ minLength: 1 }),
    /** a population name */
    to: Type.String({ minLength: 1 }),
    connect: ConnectSchema,
    /** weight per synapse (default 1); with `pairs`/`matrix` giving weights, only a number (a factor) */
    weight: Type.Optional(ValueSchema),
    /** transmission delay (ms): one number, or a per-synapse value spec; rounded to steps */
    delay: Type.Optional(DelaySchema),
    /** default: pulse onto I */
    synapse: Type.Optional(SynapseSchema),
  },
  { additionalProperties: false },
);

export const DriveSchema = Type.Union(
  [
    /** a current: a number or an expression of t (ms), optionally scaled per cell */
    Type.Object(
      {
        kind: Type.Literal('current'),
        to: Type.String({ minLength: 1 }),
        target,
        value: Type.Union([finite(), Type.String({ minLength: 1 })]),
        scale: Type.Optional(ValueSchema),
      },
      { additionalProperties: false },
    ),
    /** Gaussian noise sigma z per cell per step (held over the step), plus an optional constant mean */
    Type.Object(
      {
        kind: Type.Literal('noise'),
        to: Type.String({ minLength: 1 }),
        target,
        sigma: ValueSchema,
        mean: Type.Optional(finite()),
      },
      { additionalProperties: false },
    ),
    /**
     * per-cell independent Poisson input: `trains` trains of `rate` Hz per cell, each spike adding
     * `weight` to `target` (a state variable: a jump, skipped while refractory; a parameter or
     * input: added over the step), drawn per step as one binomial count
     */
    Type.Object(
      {
        kind: Type.Literal('poisson'),
        to: Type.String({ minLength: 1 }),
        target: Type.String({ minLength: 1 }),
        trains: Type.Integer({ minimum: 1 }),
        rate: Type.Number({ minimum: 0 }),
        weight: ValueSchema,
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'a drive object with kind "current", "noise" or "poisson"' },
);

export const TraceSchema = Type.Object(
  {
    population: Type.String({ minLength: 1 }),
    variables: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }))])),
    /** cell indices, the first n cells, or 'all' (default: cell 0) */
    cells: Type.Optional(
      Type.Union([Type.Array(cell), Type.Integer({ minimum: 1 }), Type.Literal('all')], {
        description: 'a list of cell indices, a count of cells >= 1, or "all"',
      }),
    ),
    /** sampling interval (ms), a whole number of steps (default dt) */
    every: Type.Optional(finite({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);

export const MonitorSchema = Type.Object(
  {
    /**
     * record spikes (cell, time) of all populations (true), the named ones, or none (default: nothing is
     * recorded that was not asked for; counts are always kept)
     */
    spikes: Type.Optional(Type.Union([Type.Boolean(), Type.Array(Type.String())])),
    /**
     * state traces: variables, named expressions, or a parameter that receives synaptic or drive input
     * (e.g. 'I': then its total, base + synapses + drives, as the step saw it) of chosen cells every
     * `every` ms (default dt)
     */
    traces: Type.Optional(Type.Array(TraceSchema)),
    /** population rates in bins of `bin` ms, a whole number of steps (default 1 ms; all populations unless named) */
    rates: Type.Optional(
      Type.Union([
        Type.Boolean(),
        Type.Object(
          {
            populations: Type.Optional(Type.Array(Type.String())),
            bin: Type.Optional(finite({ exclusiveMinimum: 0 })),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const NetworkSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    reference: Type.Optional(Type.String()),
    /** a note for readers of a network file; ignored */
    $comment: Type.Optional(Type.String()),
    /** step (ms), default 0.1 */
    dt: Type.Optional(finite({ exclusiveMinimum: 0 })),
    /** duration (ms), default 1000 */
    t: Type.Optional(finite({ exclusiveMinimum: 0 })),
    /** one seed for connectivity, parameters and inputs (default 1): an integer 0 ≤ seed ≤ 2^32 − 1 */
    seed: Type.Optional(SeedSchema),
    populations: Type.Record(Type.String(), PopulationSchema, { minProperties: 1 }),
    sources: Type.Optional(Type.Record(Type.String(), SourceSchema)),
    projections: Type.Optional(Type.Array(ProjectionSchema)),
    drives: Type.Optional(Type.Array(DriveSchema)),
    monitors: Type.Optional(MonitorSchema),
  },
  { additionalProperties: false },
);

export type ValueSpec = Static<typeof ValueSchema>;
export type { Integration, IntegrationMethod };
export type PopulationSpec = Static<typeof PopulationSchema>;
export type SourceSpec = Static<typeof SourceSchema>;
export type ConnectSpec = Static<typeof ConnectSchema>;
/** A synapse object: `kind` names one of SYNAPSE_KINDS; its other fields are that kind's schema's. */
export type SynapseSpec = { kind: string; target?: string } & Record<string, unknown>;
export type ProjectionSpec = Static<typeof ProjectionSchema>;
export type DriveSpec = Static<typeof DriveSchema>;
export type TraceSpec = Static<typeof TraceSchema>;
export type MonitorSpec = Static<typeof MonitorSchema>;
export type NetworkSpec = Static<typeof NetworkSchema>;
