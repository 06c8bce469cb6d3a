/**
 * The tensor target: a model's validated AST walked once, at compile time, into a tree of
 * closures that call TensorFlow.js ops. Nothing is generated as source and nothing is evaluated
 * as text (unlike the JS targets): a closure per node, a table entry per function
 * (tensor-functions.ts, the twin of js-functions.ts).
 *
 * Values are float32 tensors over a population: state variables have shape [n], parameters are
 * [n] (per cell) or scalars (shared), broadcasting does the rest. Literal constants become float32
 * scalars created once, here, and reused every step; `dispose()` frees them.
 *
 * Every function of a TensorModel allocates only op results, so a caller that wraps a step in
 * `tf.tidy` frees everything but what it returns.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelIR } from '../model/ir.js';
import type { MathNode } from '../model/math.js';
import { view } from '../model/math.js';
import { tensorWalker } from './tensor-expr.js';
import { OptionError } from '../model/errors.js';
import type { T } from './tensor-functions.js';

/** What the closures read: time, and one tensor per slot (variables, parameters, named, externals). */
interface Env {
  t: T;
  s: T[];
}

/** Inputs of every evaluation: time (scalar), state (one [n] tensor per variable), parameters. */
export interface TensorEnv {
  /** time as a float32 scalar tensor */
  t: T;
  /** state, one tensor per variable in `variables` order (shape [n]) */
  y: T[];
  /** parameters in `parameters` order, each [n] (per cell) or a scalar */
  p: T[];
  /** values of the externals named at compile time, in that order */
  ext?: T[];
  /**
   * For each name in `TensorModelOptions.additive` (same order): what the model reads instead of
   * the parameter or named value `base`, e.g. `(base) => tf.add(base, synapticCurrent)`. The caller
   * chooses the order of the additions (it matters in float32).
   */
  aug?: (((base: T) => T) | undefined)[];
}

export interface TensorEvent {
  name: string;
  direction: 1 | -1;
  /** the threshold function: the event fires where g crosses 0 in `direction` */
  g(e: TensorEnv): T;
  /**
   * The post-event state of every cell, as if every cell fired: one tensor per variable. Right
   * sides read the pre-reset state (resets are simultaneous); variables without a reset are
   * returned as given. The caller selects fired cells with tf.where.
   */
  reset(e: TensorEnv): T[];
  /** refractory period for parameters p (scalar or [n]), or null if the event has none */
  refractory: ((p: T[], ext?: T[]) => T) | null;
  /** indices of variables clamped during the refractory period */
  clamp: number[];
}

export interface TensorModel {
  name: string;
  variables: string[];
  parameters: string[];
  /** names of named expressions and inputs, in `observe` order */
  observables: string[];
  /** extra symbols the model reads that the caller supplies (see TensorModelOptions) */
  externals: string[];
  /** derivatives, one tensor per variable */
  rhs(e: TensorEnv): T[];
  /** the derivative of variable i alone (for schemes that update variables one after another) */
  rhsOne(i: number, e: TensorEnv): T;
  /** values of the named expressions and inputs, in `observables` order */
  observe(e: TensorEnv): T[];
  /** initial state for parameters p, broadcast to n cells */
  init(p: T[], n: number): T[];
  events: TensorEvent[];
  /** frees the compile-time constants; the model cannot be used afterwards */
  dispose(): void;
}

export interface TensorModelOptions {
  /**
   * Symbols supplied by the caller at every evaluation (`TensorEnv.ext`), e.g. a synaptic current
   * a network adds. A name that is also a parameter replaces the parameter.
   */
  externals?: string[];
  /**
   * Parameters or named expressions (inputs) that the caller augments at every evaluation through
   * `TensorEnv.aug`: a network adds synaptic currents and drives to a target such as `I` this way.
   */
  additive?: string[];
}

/**
 * Compile a model to TensorFlow.js closures.
 * @example
 * const m = compileTensor(loadModel('izhikevich').ir);
 * const p = m.parameters.map((_, i) => tf.scalar(ir.parameters[i].value));
 * const y = m.init(p, 1000);
 * const dy = tf.tidy(() => m.rhs({ t: tf.scalar(0), y, p }));
 */
export function compileTensor(ir: ModelIR, options: TensorModelOptions = {}): TensorModel {
  const externals = [...(options.externals ?? [])];
  const nv = ir.variables.length;
  const np = ir.parameters.length;
  const nn = ir.named.length;
  const slot = new Map<string, number>();
  ir.variables.forEach((v, i) => slot.set(v.name, i));
  ir.parameters.forEach((p, i) => slot.set(p.name, nv + i));
  ir.named.forEach((x, i) => slot.set(x.name, nv + np + i));
  externals.forEach((x, i) => {
    if (ir.variables.some((v) => v.name === x) || ir.named.some((n) => n.name === x)) {
      throw new OptionError(`model '${ir.name}': external '${x}' is already a state variable or named expression`);
    }
    slot.set(x, nv + np + nn + i);
  });
  const nSlots = nv + np + nn + externals.length;
  const additive = [...(options.additive ?? [])];
  /** slot → position in `additive` */
  const augAt = new Map<number, number>();
  additive.forEach((name, k) => {
    const i = slot.get(name);
    if (i === undefined || i < nv || i >= nv + np + nn) {
      throw new OptionError(
        `model '${ir.name}': '${name}' is not a parameter or input of the model, so nothing can be added to it`,
      );
    }
    augAt.set(i, k);
  });

  // literal constants: one float32 scalar per distinct value, for the model's lifetime
  const constants = new Map<number, T>();
  const k = (x: number): T => {
    const key = Object.is(x, -0) ? 0 : x;
    let c = constants.get(key);
    if (!c) {
      // tf.keep: a table entry may first be asked for inside a caller's tf.tidy (e.g. exprel's 0)
      c = tf.keep(tf.scalar(key, 'float32'));
      constants.set(key, c);
    }
    return c;
  };
  // every node's op comes from the shared walker (tensor-expr.ts)
  const numeric = tensorWalker<Env>((name) => {
    if (name === 't') return (env) => env.t;
    const i = slot.get(name);
    return i === undefined ? undefined : (env) => env.s[i];
  }, k);

  const named = ir.named.map((x) => numeric(x.node));
  const namedIndex = new Map(ir.named.map((x, i) => [x.name, i]));

  /** Named expressions the given nodes need, transitively, in dependency (= IR) order. */
  const neededNamed = (nodes: MathNode[]): number[] => {
    const need = new Set<number>();
    const visit = (node: MathNode): void => {
      node.traverse((n: MathNode) => {
        const s = view(n);
        if (s.type !== 'SymbolNode') return;
        const i = namedIndex.get(s.name);
        if (i === undefined || need.has(i)) return;
        need.add(i);
        visit(ir.named[i].node);
      });
    };
    nodes.forEach(visit);
    return [...need].sort((a, b) => a - b);
  };

  /** The environment for one evaluation, with the needed named expressions computed once. */
  const envFor = (e: TensorEnv, needed: number[]): Env => {
    const s = new Array<T>(nSlots);
    for (let i = 0; i < nv; i++) s[i] = e.y[i];
    for (let i = 0; i < np; i++) s[nv + i] = e.p[i];
    const aug = e.aug;
    if (aug) {
      for (const [i, pos] of augAt) {
        const f = aug[pos];
        if (f && i < nv + np) s[i] = f(s[i]);
      }
    }
    const ext = e.ext ?? [];
    if (ext.length !== externals.length)
      throw new OptionError(
        `model '${ir.name}': expected ${externals.length} external values (${externals.join(', ')}), got ${ext.length}`,
      );
    for (let i = 0; i < ext.length; i++) s[nv + np + nn + i] = ext[i];
    const env: Env = { t: e.t, s };
    for (const i of needed) {
      const x = named[i](env);
      const pos = aug ? augAt.get(nv + np + i) : undefined;
      const f = pos === undefined ? undefined : aug![pos];
      s[nv + np + i] = f ? f(x) : x;
    }
    return env;
  };

  const ddt = ir.variables.map((v) => numeric(v.ddt));
  const rhsNeeds = neededNamed(ir.variables.map((v) => v.ddt));
  const oneNeeds = ir.variables.map((v) => neededNamed([v.ddt]));
  const allNamed = ir.named.map((_, i) => i);

  const events: TensorEvent[] = ir.events.map((ev) => {
    const g = numeric(ev.g);
    const gNeeds = neededNamed([ev.g]);
    const resets = ev.resets.map((r) => ({ index: r.index, f: numeric(r.node) }));
    const resetNeeds = neededNamed(ev.resets.map((r) => r.node));
    const ref = ev.refractory ? numeric(ev.refractory) : null;
    const refNeeds = ev.refractory ? neededNamed([ev.refractory]) : [];
    return {
      name: ev.name,
      direction: ev.direction,
      g: (e) => g(envFor(e, gNeeds)),
      reset: (e) => {
        const env = envFor(e, resetNeeds);
        const out = e.y.slice();
        // all right sides first (they read the pre-reset state), then the assignments
        const values = resets.map((r) => r.f(env));
        resets.forEach((r, j) => (out[r.index] = values[j]));
        return out;
      },
      refractory: ref
        ? (p, ext) => {
            // a refractory period is an expression of parameters only (validated)
            const env = envFor({ t: k(0), y: [], p, ext }, refNeeds);
            return ref(env);
          }
        : null,
      clamp: [...ev.clamp],
    };
  });

  const inits = ir.variables.map((v) => numeric(v.init));

  return {
    name: ir.name,
    variables: ir.variables.map((v) => v.name),
    parameters: ir.parameters.map((p) => p.name),
    observables: ir.named.map((x) => x.name),
    externals,
    rhs(e) {
      const env = envFor(e, rhsNeeds);
      return ddt.map((f) => f(env));
    },
    rhsOne(i, e) {
      return ddt[i](envFor(e, oneNeeds[i]));
    },
    observe(e) {
      const env = envFor(e, allNamed);
      return ir.named.map((_, i) => env.s[nv + np + i]);
    },
    init(p, n) {
      // each initial value may read parameters and earlier initial values (as in the JS target)
      return tf.tidy(() => {
        const env = envFor({ t: k(0), y: ir.variables.map(() => k(0)), p, ext: externals.map(() => k(0)) }, []);
        const zeros = tf.zeros([n], 'float32');
        return ir.variables.map((_, i) => (env.s[i] = tf.add(zeros, inits[i](env))));
      });
    },
    events,
    dispose() {
      for (const c of constants.values()) c.dispose();
      constants.clear();
    },
  };
}
