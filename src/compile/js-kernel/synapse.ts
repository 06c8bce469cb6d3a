/**
 * Synaptic channels in the kernel, read from each kind's behaviour (src/ir/synapses/<kind>.ts via
 * the channel plan of src/compile/channels.ts): what arrives at the step start, the term added to
 * the target at every integration stage, the continuous states integrated with the population, and
 * the decay stored after the step. No kind is named here: a new kind needs no change.
 *
 * Names in the generated code, for channel c and its state s (position in `behaviour.states`):
 * arrays `CH<c>` (ring buffer of arrivals, [slot][cell]), `SY<c>_<s>` (the state per cell),
 * `RA<c>` (activity input of this step); locals `x<c>` (X), `xw<c>` (Xw), `sy<c>_<s>` (the state
 * after arrival), `in<c>` (the input term when it is the same at every stage).
 */
import type { MathNode } from '../../model/math.js';
import { SymbolNode } from '../../model/math.js';
import type { Channel } from '../channels.js';
import type { SynapseState } from '../../ir/synapse-kind.js';
import type { Arith } from './arith.js';
import { irExpr, substitute, symbolsOf, withConstants } from '../ir-expr.js';
import { writtenArray, type KernelArray } from './manifest.js';

/** A stage: where the state of each continuous variable lives and what time it is. */
export interface Stage {
  y: (k: number) => string;
  t: string;
  /** suffix of the named/target locals of this stage */
  sfx: string;
}

/** One additive term of a target (synaptic channel or drive). */
export interface Extra {
  /** JS for the term at a stage */
  js: (st: Stage) => string;
  /** the term as an AST over opaque `$` symbols and the voltage, for exponential Euler's linear part */
  ast: MathNode;
}

/** A synaptic state integrated with the population's method (continuous index nv + r). */
export interface OdeState {
  ch: Channel;
  s: number;
  state: SynapseState;
}

/** What a population needs to know of a channel: where continuous states and the voltage live. */
export interface ChannelContext {
  a: Arith;
  /** the post population's voltage variable (name) and its continuous index */
  voltage: string;
  vIndex: number;
  /** the continuous index of channel c's state s, when it is an ODE state */
  odeIndex: (c: number, s: number) => number | undefined;
  /** register an opaque `$` symbol of the linear-part ASTs */
  opaque: (name: string, js: (st: Stage) => string) => void;
}

export const ringArray = (c: number): string => `CH${c}`;
export const stateArray = (c: number, s: number): string => `SY${c}_${s}`;
export const activityArray = (c: number): string => `RA${c}`;

/**
 * The local holding state s after this step's arrival (a single decaying state keeps the name the
 * kernel always gave it, `g<c>`, so the generated source reads as before).
 */
function stateLocal(ch: Channel, s: number): string {
  const states = ch.behaviour.states;
  return states.length === 1 && states[0].decay ? `g${ch.id}` : `sy${ch.id}_${s}`;
}

/** Spike deliveries go into a ring of per-step accumulators, unless straight into the state. */
export function hasRing(ch: Channel): boolean {
  return ch.behaviour.delivery === 'spikes' && !ch.direct;
}

/** The array a spike arriving through a channel is added to (the ring, or the state when direct). */
export function deliveryArray(ch: Channel): string {
  return ch.direct ? stateArray(ch.id, 0) : ringArray(ch.id);
}

/** The per-cell arrays a channel keeps (all written by a run). */
export function channelArrays(ch: Channel, N: number, fa: 'f64' | 'f32'): KernelArray[] {
  const out: KernelArray[] = [];
  const zero = (name: string, length: number): KernelArray => writtenArray(name, fa, length);
  if (hasRing(ch)) out.push(zero(ringArray(ch.id), ch.depth * N));
  ch.behaviour.states.forEach((_, s) => out.push(zero(stateArray(ch.id, s), N)));
  if (ch.behaviour.delivery === 'activity') out.push(zero(activityArray(ch.id), N));
  return out;
}

/** Per-step offsets of the ring slot read this step (o<c>) and of the window slot (w<c>). */
export function channelStepLocals(ch: Channel, N: number): string[] {
  if (!hasRing(ch)) return [];
  const c = ch.id;
  const D = ch.depth;
  const out = [`const o${c} = ${D === 1 ? '0' : `(n % ${D}) * ${N}`};`];
  const H = ch.synapse.windowSteps;
  if (H > 0) out.push(`const w${c} = ((n - ${H}) % ${D} + ${D}) % ${D} * ${N};`);
  return out;
}

/** JS of a behaviour expression with the channel's constants, states and X at a stage. */
function emit(ch: Channel, text: string, cx: ChannelContext, st: Stage | null, state: (s: number) => string): string {
  const b = ch.behaviour;
  const c = ch.id;
  const names = new Map(b.states.map((x, s) => [x.name, s]));
  return cx.a.expr(
    withConstants(text, ch.synapse.constants),
    (name) => {
      const s = names.get(name);
      if (s !== undefined) {
        const k = cx.odeIndex(c, s);
        return k !== undefined && st ? st.y(k) : state(s);
      }
      if (name === 'X') return b.delivery === 'activity' ? `ra${c}` : `x${c}`;
      if (name === 'Xw') return `xw${c}`;
      if (name === 'V' && st) return st.y(cx.vIndex);
      throw new Error(`internal: synapse '${ch.synapse.kind}' reads '${name}' where it is not defined`);
    },
    true,
  );
}

const flushed = (x: string): string => `${x} > 1e-280 || ${x} < -1e-280 ? ${x} : 0`;

/**
 * Per cell at the step start, after the event functions are taken: arrivals (a jump adds to its
 * state variable unless clamped; every `arrive` reads the old states), the ring slots cleared,
 * states without a decay stored at once, and the input term when it is stage-independent.
 */
export function channelArrival(
  ch: Channel,
  cx: ChannelContext,
  jumpTarget: (() => { k: number; clamped: boolean }) | null,
): string[] {
  const b = ch.behaviour;
  const c = ch.id;
  const a = cx.a;
  const L: string[] = [];
  const X = `${ringArray(c)}[o${c} + i]`;
  if (b.delivery === 'activity') L.push(`const ra${c} = ${activityArray(c)}[i];`, `${activityArray(c)}[i] = 0;`);
  if (b.jump) {
    const { k, clamped } = jumpTarget!();
    const add = `y${k} = ${a.add(`y${k}`, X)};`;
    L.push(clamped ? `if (!(t < ru)) ${add}` : add, `${X} = 0;`);
    return L;
  }
  if (b.delivery === 'spikes' && !ch.direct) {
    L.push(`const x${c} = ${X};`);
    if (ch.synapse.windowSteps > 0) {
      const XW = `${ringArray(c)}[w${c} + i]`;
      L.push(`const xw${c} = ${XW};`, `${XW} = 0;`);
    } else L.push(`${X} = 0;`);
  }
  const old = (s: number): string => `so${c}_${s}`;
  const now = (s: number): string => stateLocal(ch, s);
  b.states.forEach((x, s) => {
    if (cx.odeIndex(c, s) !== undefined) return;
    // direct: the arrivals were added into the state array by the delivery
    if (x.arrive && !ch.direct) L.push(`const ${old(s)} = ${stateArray(c, s)}[i];`);
  });
  b.states.forEach((x, s) => {
    if (cx.odeIndex(c, s) !== undefined) return;
    if (x.arrive && !ch.direct) L.push(`const ${now(s)} = ${emit(ch, x.arrive, cx, null, old)};`);
    else L.push(`const ${now(s)} = ${stateArray(c, s)}[i];`);
  });
  b.states.forEach((x, s) => {
    if (cx.odeIndex(c, s) === undefined && !x.decay && x.arrive) {
      L.push(`${stateArray(c, s)}[i] = ${x.flush ? flushed(now(s)) : now(s)};`);
    }
  });
  if (b.input !== null && stageFree(ch, cx)) {
    const js = emit(ch, b.input, cx, null, now);
    if (!/^[A-Za-z_$][\w$]*$/.test(js)) L.push(`const in${c} = ${js};`);
  }
  return L;
}

/** The input term reads neither V nor an ODE state: computed once per cell, not per stage. */
function stageFree(ch: Channel, cx: ChannelContext): boolean {
  const b = ch.behaviour;
  const used = symbolsOf(irExpr(b.input!));
  if (used.has('V')) return false;
  return !b.states.some((x, s) => used.has(x.name) && cx.odeIndex(ch.id, s) !== undefined);
}

/** The channel's term of its target (null for a jump). */
export function channelInput(ch: Channel, cx: ChannelContext): Extra | null {
  const b = ch.behaviour;
  const c = ch.id;
  if (b.input === null) return null;
  const now = (s: number): string => stateLocal(ch, s);
  if (stageFree(ch, cx)) {
    const js = emit(ch, b.input, cx, null, now);
    const name = /^[A-Za-z_$][\w$]*$/.test(js) ? js : `in${c}`;
    cx.opaque(`$${name}`, () => name);
    return { js: () => name, ast: new SymbolNode(`$${name}`) };
  }
  // stage-dependent: the AST keeps V as the voltage variable, every state opaque
  const map = new Map<string, MathNode>();
  b.states.forEach((x, s) => {
    const k = cx.odeIndex(c, s);
    const name = k === undefined ? `$${now(s)}` : `$y${k}`;
    cx.opaque(name, (st) => (k === undefined ? now(s) : st.y(k)));
    map.set(x.name, new SymbolNode(name));
  });
  if (b.delivery === 'activity') cx.opaque(`$ra${c}`, () => `ra${c}`), map.set('X', new SymbolNode(`$ra${c}`));
  else cx.opaque(`$x${c}`, () => `x${c}`), map.set('X', new SymbolNode(`$x${c}`));
  map.set('V', new SymbolNode(cx.voltage));
  const ast = substitute(withConstants(b.input, ch.synapse.constants), map);
  return { js: (st) => emit(ch, b.input!, cx, st, now), ast };
}

/** d(state)/dt of an ODE state at a stage. */
export function odeDdt(o: OdeState, cx: ChannelContext, st: Stage): string {
  return emit(o.ch, o.state.ode!, cx, st, () => {
    throw new Error('internal: an ODE state read outside a stage');
  });
}

/** Exponential Euler's coefficient d(ode)/d(state) of an ODE state (the kind gives it), or null. */
export function odeLinear(o: OdeState, cx: ChannelContext, st: Stage): string | null {
  if (!o.state.linear) return null;
  return emit(o.ch, o.state.linear, cx, st, () => {
    throw new Error('internal: a linear part reads a state');
  });
}

/** After the step: the decays (simultaneous, reading the states after arrival), flushed and stored. */
export function channelStore(ch: Channel, cx: ChannelContext): string[] {
  const c = ch.id;
  const now = (s: number): string => stateLocal(ch, s);
  const L: string[] = [];
  const decays = ch.behaviour.states.flatMap((x, s) => (x.decay && cx.odeIndex(c, s) === undefined ? [{ x, s }] : []));
  for (const { x, s } of decays) L.push(`const dq${c}_${s} = ${emit(ch, x.decay!, cx, null, now)};`);
  for (const { x, s } of decays) {
    const v = `dq${c}_${s}`;
    L.push(`${stateArray(c, s)}[i] = ${x.flush ? flushed(v) : v};`);
  }
  return L.length ? ['{', ...L, '}'] : [];
}

/** The ODE states of a population's channels, in channel order (continuous indices nv, nv + 1, ...). */
export function odeStatesOf(channels: Channel[]): OdeState[] {
  return channels.flatMap((ch) => ch.behaviour.states.flatMap((state, s) => (state.ode ? [{ ch, s, state }] : [])));
}
