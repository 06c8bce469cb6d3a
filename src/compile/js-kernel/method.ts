/**
 * Integration methods in the kernel: the stencils of src/ir/methods.ts (expressions over y, t, h
 * and the stage slopes) translated into JS through the compile layer's emitter, operation by
 * operation in the order written, for every continuous state of a population. The same stencils
 * drive the tensor target and the single-cell fixed-step driver, so all round alike.
 */
import { STENCILS, type ExplicitStencil } from '../../ir/methods.js';
import type { MathNode } from '../../model/math.js';
import { irExpr } from '../ir-expr.js';
import type { PopGen, Stage } from './population.js';

/** `clamp`: none; every clamp variable at derivative 0; or decided at run time by a boolean local. */
export type Clamp = 'none' | 'all' | { runtime: string };

/** A stencil expression as JS, its symbols mapped by `sym` (y, t, h, slopes, locals). */
function stencilJS(g: PopGen, text: string, sym: Record<string, string>): string {
  const node: MathNode = irExpr(text);
  return g.a.expr(
    node,
    (name) => {
      const v = sym[name];
      if (v === undefined) throw new Error(`internal: stencil symbol ${name} unbound`);
      return v;
    },
    true,
  );
}

/**
 * Advance the continuous state over [t, t + h] from locals `from(k)` into locals `to(k)` with the
 * population's method, as one block; variables in the clamp set have derivative 0 (refractory).
 * `tag` keeps the block's locals apart from other blocks of the same cell.
 */
export function advance(
  g: PopGen,
  h: string,
  t: string,
  from: (k: number) => string,
  to: (k: number) => string,
  clamp: Clamp,
  tag: string,
): string {
  const a = g.a;
  // During a refractory period the clamp variables have derivative 0 over the whole piece (the
  // step is split where the period ends); `runtime` names a boolean local deciding it per piece.
  const clamped = clamp === 'none' ? new Set<number>() : g.clamp;
  const d = (k: number, st: Stage): string => {
    if (!clamped.has(k)) return g.ddt(k, st);
    return clamp === 'all' ? a.num(0) : `(${(clamp as { runtime: string }).runtime} ? ${a.num(0)} : ${g.ddt(k, st)})`;
  };
  const stencil = STENCILS[g.pop.integration.method];
  const out: string[] = ['{'];
  if (stencil.kind === 'sequential') out.push(...sequential(g, h, t, to, from, d, tag));
  else out.push(...explicit(g, stencil, h, t, from, to, d, tag));
  out.push('}');
  return out.join('\n');
}

/** Every variable together: the stages in order, then the update (or per-variable exponential). */
function explicit(
  g: PopGen,
  stencil: ExplicitStencil,
  h: string,
  t: string,
  from: (k: number) => string,
  to: (k: number) => string,
  d: (k: number, st: Stage) => string,
  tag: string,
): string[] {
  const ks = [...Array(g.nc).keys()];
  const out: string[] = [];
  const slope = (s: number, k: number): string => `k${s + 1}_${k}`;
  // slopes of the earlier stages, per variable
  const slopes = (k: number, upTo: number): Record<string, string> =>
    Object.fromEntries(stencil.stages.slice(0, upTo).map((x, s) => [x.k, slope(s, k)]));
  stencil.stages.forEach((stage, s) => {
    const ys = stage.y === 'y' ? from : (k: number): string => `s${s + 1}_${k}`;
    if (stage.y !== 'y') {
      for (const k of ks) {
        out.push(`const s${s + 1}_${k} = ${stencilJS(g, stage.y, { y: from(k), h, ...slopes(k, s) })};`);
      }
    }
    let ts = t;
    if (stage.t !== 't') out.push(`const ts${s + 1} = ${stencilJS(g, stage.t, { t, h })};`), (ts = `ts${s + 1}`);
    const st: Stage = { y: ys, t: ts, sfx: `_${tag}${s + 1}` };
    if (stencil.kind === 'exponential') {
      // the prologue also feeds the linear parts B (they may read targets and named expressions)
      const lin = g.linearParts().filter((b): b is MathNode => b !== null);
      out.push(g.prologue(st, [...g.ddtNodes(), ...lin]));
    } else {
      out.push(g.prologue(st, g.ddtNodes()));
      for (const k of ks) out.push(`const ${slope(s, k)} = ${d(k, st)};`);
    }
  });
  const st0: Stage = { y: from, t, sfx: `_${tag}1` };
  for (const k of ks) {
    const sym: Record<string, string> = { y: from(k), t, h, ...slopes(k, stencil.stages.length) };
    // exponential (one stage): each variable's slope, B and update in turn, as the kernel always
    // did (when `to` is `from`, a later slope reads the earlier variables' new values)
    if (stencil.kind === 'exponential') out.push(`const ${slope(0, k)} = ${d(k, st0)};`);
    const B = stencil.kind === 'exponential' ? g.linear(k, st0) : null;
    if (stencil.kind === 'exponential' && B === null) {
      out.push(`${to(k)} = ${stencilJS(g, stencil.fallback!, sym)};`);
      continue;
    }
    if (B !== null) {
      sym.B = B;
      for (const l of stencil.locals ?? []) {
        out.push(`const ${l.name}_${k} = ${stencilJS(g, l.expr, sym)};`);
        sym[l.name] = `${l.name}_${k}`;
      }
    }
    out.push(`${to(k)} = ${stencilJS(g, stencil.update, sym)};`);
  }
  return out;
}

/**
 * One variable after another (`order`, then the synaptic ODE states), each with its substeps of
 * h/substeps, every update reading the newest values; substep s starts at t + s*(h/substeps).
 */
function sequential(
  g: PopGen,
  h: string,
  t: string,
  to: (k: number) => string,
  from: (k: number) => string,
  d: (k: number, st: Stage) => string,
  tag: string,
): string[] {
  const a = g.a;
  const out: string[] = [];
  const order = (g.pop.integration.order ?? g.ir.variables.map((v) => v.name)).map((n) => g.vIndex.get(n)!);
  for (let r = 0; r < g.odeStates.length; r++) order.push(g.nv + r);
  for (let k = 0; k < g.nc; k++) out.push(`${to(k)} = ${from(k)};`);
  const update = STENCILS.sequential.update;
  let u = 0;
  for (const k of order) {
    const subs = k < g.nv ? (g.pop.integration.substeps?.[g.ir.variables[k].name] ?? 1) : 1;
    const hs = subs === 1 ? h : a.div(h, a.num(subs));
    for (let s = 0; s < subs; s++) {
      const st: Stage = { y: to, t: s === 0 ? t : a.add(t, a.mul(a.num(s), hs)), sfx: `_${tag}q${u++}` };
      const nodes = k < g.nv ? [g.ir.variables[k].ddt] : [];
      const next = stencilJS(g, update, { y: to(k), h: hs, k1: d(k, st) });
      out.push('{', g.prologue(st, nodes), `${to(k)} = ${next};`, '}');
    }
  }
  return out;
}
