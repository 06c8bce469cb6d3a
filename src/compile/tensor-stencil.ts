/**
 * Integration methods as TensorFlow.js ops, translated from their stencils (src/ir/methods.ts):
 * each stencil expression is parsed once and walked into tf ops by the shared walker
 * (tensor-expr.ts), in the order it is written, so a float32 tensor step rounds exactly as the
 * float32 kernel's step. Sub-expressions that read only `t` and `h` (rk4's `0.5*h`, `h/6`, the
 * stage times) are evaluated once per step rather than once per variable: the same values.
 *
 * @example
 * const method = tensorMethod(STENCILS.rk4, k);
 * const y1 = method.step({ y, t, h, f: (tt, yy) => model.rhs({ t: tt, y: yy, p }) });
 */
import * as tf from '@tensorflow/tfjs-core';
import { SymbolNode, view, type MathNode } from '../model/math.js';
import type { Stencil } from '../ir/methods.js';
import type { Constant, T } from './tensor-functions.js';
import { tensorWalker, type TensorClosure } from './tensor-expr.js';
import { irExpr, linearCoefficient, symbolsOf } from './ir-expr.js';

/** What a method advances: the state at the step start and how to evaluate its slopes. */
export interface MethodSystem {
  /** the state, one tensor per continuous variable */
  y: T[];
  /** the step start (scalar) */
  t: T;
  /** the step length: a scalar, or one per cell (a refractory split) */
  h: T;
  /** every slope at a stage (t, y) */
  f(t: T, y: T[]): T[];
  /** `sequential`: the slope of variable i alone at (t, y) */
  fOne?(i: number, t: T, y: T[]): T;
  /** `sequential`: update order (indices) and substeps per variable index */
  order?: number[];
  substeps?: number[];
  /** exponential stencils: the coefficient of y_i in f at (t, y), or null where f is not linear in y_i */
  B?(i: number, t: T, y: T[]): T | null;
}

export interface TensorMethod {
  name: string;
  /** the state after one step */
  step(s: MethodSystem): T[];
}

/** Scalars hoisted out of the per-variable expressions (they read only t and h). */
interface Hoisted {
  nodes: MathNode[];
  keys: Map<string, number>;
}

/**
 * Replace sub-expressions of only t and h by `$hoist<i>` symbols (kept in `into`, inner ones
 * first, each once: rk4's `t + 0.5*h` reads the `0.5*h` its stages use).
 */
function hoist(node: MathNode, into: Hoisted): MathNode {
  const v = view(node);
  if (v.type === 'ConstantNode' || v.type === 'SymbolNode') return node;
  const syms = symbolsOf(node);
  if (syms.size && [...syms].every((s) => s === 't' || s === 'h')) {
    const key = node.toString();
    let i = into.keys.get(key);
    if (i === undefined) {
      const inner = node.map((child: MathNode) => hoist(child, into));
      into.keys.set(key, (i = into.nodes.push(inner) - 1));
    }
    return new SymbolNode(`$hoist${i}`);
  }
  return node.map((child: MathNode) => hoist(child, into));
}

/**
 * The tf ops of a stencil. Per-variable expressions read a symbol table (`y`, `t`, `h`, the slopes
 * `k1`.., `B` and the locals); the hoisted scalars are computed first, once per step.
 */
export function tensorMethod(stencil: Stencil, k: Constant): TensorMethod {
  const hoisted: Hoisted = { nodes: [], keys: new Map() };
  const slopes = stencil.kind === 'sequential' ? ['k1'] : stencil.stages.map((s) => s.k);
  const locals = stencil.kind === 'exponential' ? (stencil.locals ?? []).map((l) => l.name) : [];
  const names = ['y', 't', 'h', 'B', ...slopes, ...locals];
  const index = new Map(names.map((n, i) => [n, i]));
  const walk = tensorWalker<T[]>(
    (name) => {
      const i = index.get(name);
      if (i !== undefined) return (env) => env[i];
      const m = /^\$hoist(\d+)$/.exec(name);
      if (!m) return undefined;
      const j = names.length + Number(m[1]);
      return (env) => env[j];
    },
    k,
    true,
  );
  const compile = (text: string): TensorClosure<T[]> => walk(hoist(irExpr(text), hoisted));
  // hoisted scalars read t, h and the hoisted scalars before them, from the same table
  const scalarWalk = walk;
  const at = (name: string): number => index.get(name)!;

  if (stencil.kind === 'sequential') {
    const update = compile(stencil.update);
    const scalars = hoisted.nodes.map((n) => scalarWalk(n));
    return {
      name: stencil.name,
      step(s) {
        if (!s.fOne || !s.order || !s.substeps)
          throw new Error('internal: a sequential step needs fOne, order and substeps');
        const out = s.y.slice();
        for (const i of s.order) {
          const subs = s.substeps[i] ?? 1;
          const hs = subs === 1 ? s.h : tf.div(s.h, k(subs));
          const env = new Array<T>(names.length + scalars.length);
          env[at('h')] = hs;
          env[at('t')] = s.t;
          for (let q = 0; q < scalars.length; q++) env[names.length + q] = scalars[q](env);
          for (let sub = 0; sub < subs; sub++) {
            // substep s starts at t + s*(h/substeps) (SequentialStencil), reading the newest values
            const ts = sub === 0 ? s.t : tf.add(s.t, tf.mul(k(sub), hs));
            env[at('y')] = out[i];
            env[at('k1')] = s.fOne(i, ts, out);
            out[i] = update(env);
          }
        }
        return out;
      },
    };
  }

  const stages = stencil.stages.map((st) => ({
    k: at(st.k),
    y: st.y === 'y' ? null : compile(st.y),
    t: st.t === 't' ? null : compile(st.t),
  }));
  const localFs =
    stencil.kind === 'exponential' ? (stencil.locals ?? []).map((l) => ({ at: at(l.name), f: compile(l.expr) })) : [];
  const update = compile(stencil.update);
  const fallback = stencil.kind === 'exponential' && stencil.fallback ? compile(stencil.fallback) : update;
  const scalars = hoisted.nodes.map((n) => scalarWalk(n));
  return {
    name: stencil.name,
    step(s) {
      const nv = s.y.length;
      // one symbol table per variable; the hoisted scalars are shared by all of them
      const base = new Array<T>(names.length + scalars.length);
      base[at('t')] = s.t;
      base[at('h')] = s.h;
      for (let q = 0; q < scalars.length; q++) base[names.length + q] = scalars[q](base);
      const envs = s.y.map((yi) => {
        const e = base.slice();
        e[at('y')] = yi;
        return e;
      });
      let t0: T | undefined;
      for (const st of stages) {
        const ys = st.y ? envs.map((e) => st.y!(e)) : s.y;
        const ts = st.t ? st.t(base) : s.t;
        if (!t0) t0 = ts;
        const ks = s.f(ts, ys);
        for (let i = 0; i < nv; i++) envs[i][st.k] = ks[i];
      }
      if (stencil.kind !== 'exponential') return envs.map((e) => update(e));
      if (!s.B) throw new Error('internal: an exponential step needs B');
      return envs.map((e, i) => {
        // B at the first stage's state (the step start), as the slopes of an exponential stencil
        const B = s.B!(i, t0!, s.y);
        if (B === null) return fallback(e);
        e[at('B')] = B;
        for (const l of localFs) e[l.at] = l.f(e);
        return update(e);
      });
    },
  };
}

export { linearCoefficient };
