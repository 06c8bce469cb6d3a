/**
 * Synaptic channels on the tensor target, generic over the kinds' behaviours (src/ir/synapses/*,
 * read through the channel plan): no kind is named here. Per step a channel's states take their
 * `arrive` expressions (simultaneously, reading the old states, this step's X and, for windowed
 * kinds, Xw), its `input` is added to the target at every stage, `ode` states are integrated with
 * the post population, and after the step every state takes its `decay`.
 *
 * `flush` is not applied: in float32 every |x| < 1e-280 is already 0 (the smallest float32
 * subnormal is 1.4e-45), so the float32 kernel's flush never changes a value.
 *
 * State keys: `CH:<id>:<slot>` ring slots, `S:<id>:<state>` arrival states, `O:<id>:<state>` ode states.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T } from '../../../compile/tensor-functions.js';
import { tensorWalker, type TensorClosure } from '../../../compile/tensor-expr.js';
import { irExpr, substitute, symbolsOf } from '../../../compile/ir-expr.js';
import type { Channel } from '../../../compile/channels.js';
import { ConstantNode, SymbolNode, type MathNode } from '../../../model/math.js';
import type { SynapseBehaviour, SynapseState } from '../../../ir/synapse-kind.js';
import type { TensorContext } from './context.js';
import type { Write } from './delivery.js';

/** A channel as the tensor target runs it. */
export interface SynapseRun {
  ch: Channel;
  /** post population size */
  N: number;
  b: SynapseBehaviour;
  /** expressions read [...states, X, Xw, V] (the env layout of every closure below) */
  arrive: (TensorClosure<T[]> | null)[];
  decay: (TensorClosure<T[]> | null)[];
  ode: (TensorClosure<T[]> | null)[];
  linear: (TensorClosure<T[]> | null)[];
  input: TensorClosure<T[]> | null;
  /** the input reads the stage (V or an ode state): evaluated at every stage, not once per step */
  stage: boolean;
  /** propagation plans, one per delay (delivery.ts) */
  writes: Write[];
}

/** Positions of X, Xw and V in a channel's env, after its states. */
export const envX = (s: SynapseRun): number => s.b.states.length;
const envXw = (s: SynapseRun): number => s.b.states.length + 1;
export const envV = (s: SynapseRun): number => s.b.states.length + 2;

/** Compile a channel's behaviour into tf closures (constants as float32 scalars of the run). */
export function planSynapse(ctx: TensorContext, ch: Channel): SynapseRun {
  const b = ch.behaviour;
  const names = [...b.states.map((s) => s.name), 'X', 'Xw', 'V'];
  const index = new Map(names.map((n, i) => [n, i]));
  const constants = ch.synapse.constants;
  const walk = tensorWalker<T[]>((name) => {
    const i = index.get(name);
    if (i !== undefined) return (env) => env[i];
    if (!Object.hasOwn(constants, name)) return undefined;
    const c = ctx.k(constants[name]);
    return () => c;
  }, ctx.k);
  const compile = (text: string | undefined | null): TensorClosure<T[]> | null => (text ? walk(irExpr(text)) : null);
  const odeNames = new Set(b.states.filter((s) => s.ode).map((s) => s.name));
  const inputSymbols = b.input ? symbolsOf(irExpr(b.input)) : new Set<string>();
  return {
    ch,
    N: ctx.net.populations[ch.post].size,
    b,
    arrive: b.states.map((s) => compile(s.arrive)),
    decay: b.states.map((s) => compile(s.decay)),
    ode: b.states.map((s) => compile(s.ode)),
    linear: b.states.map((s) => compile(s.linear)),
    input: compile(b.input),
    stage: inputSymbols.has('V') || [...inputSymbols].some((s) => odeNames.has(s)),
    writes: [],
  };
}

/** The ring has slots when spikes are delivered through it (not straight into the state). */
export const hasRing = (s: SynapseRun): boolean => s.b.delivery === 'spikes' && !s.ch.direct;

/** The key of the state a delivery adds into for step n + delay. */
export function accumulatorKey(s: SynapseRun, n: number, delay: number): string {
  return s.ch.direct ? `S:${s.ch.id}:${s.b.states[0].name}` : `CH:${s.ch.id}:${(n + delay) % s.ch.depth}`;
}

const stateKey = (s: SynapseRun, st: SynapseState): string => `${st.ode ? 'O' : 'S'}:${s.ch.id}:${st.name}`;

/** Zero states and ring slots before step 0. */
export function initSynapse(ctx: TensorContext, s: SynapseRun): void {
  for (const st of s.b.states) ctx.state.set(stateKey(s, st), tf.zeros([s.N], 'float32'));
  if (hasRing(s)) for (let q = 0; q < s.ch.depth; q++) ctx.state.set(`CH:${s.ch.id}:${q}`, ctx.full(0, s.N));
}

/** The ode states of a channel (integrated with its post population): keys, in behaviour order. */
export function odeStates(s: SynapseRun): { key: string; index: number }[] {
  return s.b.states.flatMap((st, index) => (st.ode ? [{ key: stateKey(s, st), index }] : []));
}

/**
 * This step's arrivals of a spike channel: X from ring slot n (cleared for step n + depth unless
 * the window still needs it), then every `arrive` at once on the old states. Returns the env
 * [...states after arrival, X, Xw, V = undefined]; a jump channel's env holds only X.
 */
export function arrive(ctx: TensorContext, s: SynapseRun, n: number, next: Map<string, T>): T[] {
  const { ch, b } = s;
  const env = new Array<T>(b.states.length + 3);
  if (b.delivery !== 'spikes') {
    // activity: X is the summed activity of this step (set by the delivery), states are the ode's
    b.states.forEach((st, i) => (env[i] = ctx.state.get(stateKey(s, st))!));
    return env;
  }
  if (ch.direct) {
    // arrivals were added straight into the one accumulating state (x + X, the same sum)
    env[0] = ctx.get(next, stateKey(s, b.states[0]));
    return env;
  }
  const slot = `CH:${ch.id}:${n % ch.depth}`;
  const X = ctx.get(next, slot);
  env[envX(s)] = X;
  const H = ch.synapse.windowSteps;
  if (!(H > 0)) next.set(slot, ctx.full(0, s.N));
  else {
    // arrivals H steps old leave the window: Xw (read by the arrivals that need it), then the slot is free
    const old = `CH:${ch.id}:${(((n - H) % ch.depth) + ch.depth) % ch.depth}`;
    env[envXw(s)] = ctx.get(next, old);
    next.set(old, ctx.full(0, s.N));
  }
  const before = b.states.map((st) => ctx.state.get(stateKey(s, st))!);
  const oldEnv = [...before, env[envX(s)], env[envXw(s)], env[envV(s)]];
  b.states.forEach((_, i) => (env[i] = s.arrive[i] ? s.arrive[i]!(oldEnv) : before[i]));
  return env;
}

/** After the step: every arrival state takes its decay (simultaneous) and is stored for the next. */
export function decaySynapse(s: SynapseRun, env: T[], next: Map<string, T>): void {
  s.b.states.forEach((st, i) => {
    if (st.ode) return;
    next.set(stateKey(s, st), s.decay[i] ? s.decay[i]!(env) : env[i]);
  });
}

/**
 * A channel's input term as an AST for exponential Euler's symbolic B: constants inlined (as the
 * kernel's ASTs have them), V the post voltage variable, states and X as `$` symbols that
 * `resolveTermSymbol` reads back.
 */
export function termAst(s: SynapseRun, voltage: string, odeSymbol: (state: number) => string): MathNode {
  const map = new Map<string, MathNode>();
  for (const [name, value] of Object.entries(s.ch.synapse.constants)) map.set(name, new ConstantNode(value));
  map.set('V', new SymbolNode(voltage));
  map.set('X', new SymbolNode(`$X${s.ch.id}`));
  s.b.states.forEach((st, i) => map.set(st.name, new SymbolNode(st.ode ? odeSymbol(i) : `$c${s.ch.id}_${i}`)));
  return substitute(irExpr(s.b.input!), map);
}
