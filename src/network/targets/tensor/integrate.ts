/**
 * Integration on the tensor target: the population's method is its stencil (src/ir/methods.ts)
 * translated to tf ops by the compile layer (tensorMethod); this module supplies the slopes (the
 * model's derivatives with synaptic and drive inputs, then the channels' ode states), the
 * refractory clamp, the sequential order and, for exponential Euler, each variable's coefficient B.
 */
import type { T } from '../../../compile/tensor-functions.js';
import type { TensorEnv } from '../../../compile/tensor.js';
import { linearCoefficient, tensorMethod, type TensorMethod } from '../../../compile/tensor-stencil.js';
import { tensorWalker, type TensorClosure } from '../../../compile/tensor-expr.js';
import { STENCILS } from '../../../ir/methods.js';
import { NetworkError } from '../../../ir/errors.js';
import { SymbolNode, OperatorNode, type MathNode } from '../../../model/math.js';
import type { TensorContext } from './context.js';
import type { PopRun, StepInputs } from './population.js';
import { envV, envX } from './synapses.js';

/** What B closures read. */
interface BEnv {
  t: T;
  y: T[];
  si: StepInputs;
}

/** The method of a population and, for exponential stencils, its B closures (null: not linear). */
export interface PopMethod {
  method: TensorMethod;
  B: (TensorClosure<BEnv> | null)[] | null;
  order: number[];
  substeps: number[];
}

export function planMethod(ctx: TensorContext, pr: PopRun): PopMethod {
  const { pop } = pr;
  const ir = pop.model;
  const stencil = STENCILS[pop.integration.method];
  const nv = ir.variables.length;
  const names = ir.variables.map((v) => v.name);
  const order = (pop.integration.order ?? names).map((nm) => names.indexOf(nm));
  // then the channels' ode states, one substep each
  for (let r = 0; r < pr.odes.length; r++) order.push(nv + r);
  const substeps = names.map((nm) => pop.integration.substeps?.[nm] ?? 1);
  return {
    method: tensorMethod(stencil, ctx.k),
    B: stencil.kind === 'exponential' ? linearParts(ctx, pr) : null,
    order,
    substeps,
  };
}

/**
 * B of every continuous state: a model variable's d(ddt)/dy with every target replaced by its base
 * and its terms (in the kernel's order), null where ddt is not linear in y; an ode state's `linear`.
 */
function linearParts(ctx: TensorContext, pr: PopRun): (TensorClosure<BEnv> | null)[] {
  const ir = pr.pop.model;
  const nv = ir.variables.length;
  const map = new Map<string, MathNode>();
  pr.targets.forEach((name, j) => {
    const param = ir.parameters.findIndex((q) => q.name === name);
    if (param < 0) {
      const why =
        `expeuler: the synaptic target '${name}' is an input expression of model '${ir.name}'; ` +
        'make it a parameter or use another method';
      throw new NetworkError(why, { population: pr.pop.name });
    }
    let node: MathNode = new SymbolNode(`$base_${name}`);
    for (const ast of pr.termAsts[j]) node = new OperatorNode('+', 'add', [node, ast]);
    map.set(name, node);
  });
  const vIndex = new Map(ir.variables.map((v, i) => [v.name, i]));
  const pIndex = new Map(ir.parameters.map((q, i) => [q.name, i]));
  const walk = tensorWalker<BEnv>((name) => {
    if (name === 't') return (e) => e.t;
    const v = vIndex.get(name);
    if (v !== undefined) return (e) => e.y[v];
    const p = pIndex.get(name) ?? (name.startsWith('$base_') ? pIndex.get(name.slice(6)) : undefined);
    if (p !== undefined) return () => pr.p[p];
    const m = /^\$(X|c|o|d)(\d+)(?:_(\d+))?$/.exec(name);
    if (!m) return undefined;
    const a = Number(m[2]);
    if (m[1] === 'X') {
      const x = envX(pr.chans.find((s) => s.ch.id === a)!);
      return (e) => e.si.env[a]![x];
    }
    if (m[1] === 'c') return (e) => e.si.env[a]![Number(m[3])];
    if (m[1] === 'o') return (e) => e.y[nv + a];
    return (e) => e.si.d[a]!;
  }, ctx.k);
  const model = ir.inlined.map((ddt, i) => {
    const B = linearCoefficient(ddt, ir.variables[i].name, map);
    return B ? walk(B) : null;
  });
  const odes = pr.odes.map((o, r): TensorClosure<BEnv> | null => {
    const lin = o.syn.linear[o.index];
    if (!lin) return null;
    return (e) => lin(odeEnv(pr, r, e.y, e.si));
  });
  return [...model, ...odes];
}

/** The env of ode state r's channel at a stage: its ode states and V from the stage state. */
export function odeEnv(pr: PopRun, r: number, y: T[], si: StepInputs): T[] {
  const { syn } = pr.odes[r];
  const env = si.env[syn.ch.id]!.slice();
  const nv = pr.pop.model.variables.length;
  pr.odes.forEach((o, q) => {
    if (o.syn === syn) env[o.index] = y[nv + q];
  });
  env[envV(syn)] = y[pr.voltage];
  return env;
}

/**
 * One (sub)step of length h (scalar or per cell) from time t0. In cells marked in `clamped`
 * (refractory), the clamp variables have derivative 0 at every stage.
 */
export function integrate(
  ctx: TensorContext,
  pr: PopRun,
  y: T[],
  t0: T,
  h: T,
  clamped: T | undefined,
  envAt: (t: T, y: T[]) => TensorEnv,
  si: StepInputs,
): T[] {
  const { model } = pr;
  const zero = ctx.full(0, pr.pop.size);
  const held = (i: number, d: T): T => (clamped && pr.clamp?.has(i) ? ctx.select(clamped, zero, d) : d);
  const nv = model.variables.length;
  const ode = (yy: T[], r: number): T => {
    const o = pr.odes[r];
    return o.syn.ode[o.index]!(odeEnv(pr, r, yy, si));
  };
  const m = pr.method;
  return m.method.step({
    y,
    t: t0,
    h,
    f: (tt, yy) => [...model.rhs(envAt(tt, yy)).map((d, i) => held(i, d)), ...pr.odes.map((_, r) => ode(yy, r))],
    fOne: (i, tt, yy) => (i < nv ? held(i, model.rhsOne(i, envAt(tt, yy))) : ode(yy, i - nv)),
    order: m.order,
    substeps: m.substeps,
    B: m.B ? (i, tt, yy) => (m.B![i] ? m.B![i]!({ t: tt, y: yy, si }) : null) : undefined,
  });
}
