/**
 * Fixed-step integration methods, each written once as data: a stencil that every target (the JS
 * kernel, the tensor target, the single-cell fixed-step driver) translates into its own code.
 *
 * A stencil is Brian2's `ExplicitStateUpdater` idea in isocline's terms: expressions (mathjs syntax)
 * over the symbols below, evaluated per state variable. Targets emit them operation by operation in
 * the order written, so two targets that translate the same stencil round the same way (the
 * float32 kernel and the tensor target agree bit for bit).
 * - `y`: the variable's value at the step start; `t`: the step start; `h`: the step length;
 * - `k1`, `k2`, ...: the slopes f(y_s, t_s) of the stages, in order; a stage's `y` and `t` may use
 *   the slopes of earlier stages;
 * - exponential stencils also see `B`, the coefficient of y in f (df/dy, free of y), and their
 *   `locals` (named expressions evaluated once per variable before `update`).
 *
 * @example
 * import { STENCILS } from 'isocline/ir';
 * STENCILS.rk2.stages[1]; // { k: 'k2', y: 'y + (0.5*h)*k1', t: 't + 0.5*h' }
 */
import { Type, type Static } from '@sinclair/typebox';

export const IntegrationMethodSchema = Type.Union([
  Type.Literal('euler'),
  Type.Literal('rk2'),
  Type.Literal('rk4'),
  Type.Literal('expeuler'),
  Type.Literal('sequential'),
]);
export const IntegrationSchema = Type.Object(
  {
    method: IntegrationMethodSchema,
    /** `sequential` only: forward-Euler substeps per variable (default 1) */
    substeps: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 1 }))),
    /** `sequential` only: update order by variable name (default: model order; must list every variable) */
    order: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type IntegrationMethod = Static<typeof IntegrationMethodSchema>;
export type Integration = Static<typeof IntegrationSchema>;

/** One stage: the slope `k` = f(y_s, t_s), all variables evaluated together at the stage state. */
export interface Stage {
  k: string;
  /** the stage state of each variable, an expression of y, h and earlier slopes */
  y: string;
  /** the stage time, an expression of t and h */
  t: string;
}

/**
 * A method every variable takes simultaneously (all stages read the stage state of every variable).
 * `exponential`: a variable whose f is linear in itself (B free of y) takes `update`; any other
 * takes `fallback`.
 */
export interface ExplicitStencil {
  kind: 'explicit' | 'exponential';
  name: IntegrationMethod;
  stages: Stage[];
  /** per-variable locals (exponential): evaluated in order before `update` */
  locals?: { name: string; expr: string }[];
  update: string;
  /** exponential: the update of a variable not linear in itself */
  fallback?: string;
}

/**
 * `sequential`: variables updated one after another (`Integration.order`, default the model's order),
 * each with `substeps[name]` forward-Euler substeps of h/substeps (`update` with h the substep),
 * every update reading the newest values of all variables; substep s of a variable starts at
 * t + s*(h/substeps).
 */
export interface SequentialStencil {
  kind: 'sequential';
  name: 'sequential';
  update: string;
}

export type Stencil = ExplicitStencil | SequentialStencil;

/** The methods of networks and of the single-cell fixed-step driver, by name. */
export const STENCILS: Record<IntegrationMethod, Stencil> = {
  // simultaneous forward Euler
  euler: { kind: 'explicit', name: 'euler', stages: [{ k: 'k1', y: 'y', t: 't' }], update: 'y + h*k1' },
  // explicit midpoint
  rk2: {
    kind: 'explicit',
    name: 'rk2',
    stages: [
      { k: 'k1', y: 'y', t: 't' },
      { k: 'k2', y: 'y + (0.5*h)*k1', t: 't + 0.5*h' },
    ],
    update: 'y + h*k2',
  },
  // classical Runge-Kutta
  rk4: {
    kind: 'explicit',
    name: 'rk4',
    stages: [
      { k: 'k1', y: 'y', t: 't' },
      { k: 'k2', y: 'y + (0.5*h)*k1', t: 't + 0.5*h' },
      { k: 'k3', y: 'y + (0.5*h)*k2', t: 't + 0.5*h' },
      { k: 'k4', y: 'y + h*k3', t: 't + h' },
    ],
    update: 'y + (h/6)*(((k1 + 2*k2) + 2*k3) + k4)',
  },
  // exponential Euler: y + h f phi1(B h), phi1(x) = expm1(x)/x, exact when f is linear in y over the
  // step (= y_inf + (y - y_inf) exp(B h) without dividing by B); forward Euler where f is not
  expeuler: {
    kind: 'exponential',
    name: 'expeuler',
    stages: [{ k: 'k1', y: 'y', t: 't' }],
    locals: [{ name: 'bh', expr: 'B*h' }],
    update: 'y + (h*k1)*(bh == 0 ? 1 : expm1(bh)/bh)',
    fallback: 'y + h*k1',
  },
  sequential: { kind: 'sequential', name: 'sequential', update: 'y + h*k1' },
};
