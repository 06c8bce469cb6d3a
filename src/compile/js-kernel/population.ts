/**
 * What the kernel knows of one population while it writes its code: the symbol map from model
 * names to JS at an integration stage, the targets of synaptic and drive input (base value plus
 * every term, in channel then drive order), the continuous states (model variables, then the ODE
 * states of its synapses), and the per-stage prologue of named expressions.
 */
import type { MathNode } from '../../model/math.js';
import { OperatorNode, SymbolNode } from '../../model/math.js';
import type { IRNamed, ModelIR } from '../../model/ir.js';
import { NetworkError } from '../../ir/errors.js';
import type { BuiltNetwork, BuiltPopulation } from '../../ir/network.js';
import type { Channel } from '../channels.js';
import { Arith } from './arith.js';
import { linearCoefficient, symbolsOf } from '../ir-expr.js';
import { channelInput, odeDdt, odeLinear, odeStatesOf } from './synapse.js';
import type { ChannelContext, Extra, OdeState, Stage } from './synapse.js';
import { driveInput, hasInput, type DriveRef } from './drives.js';

export type { Stage };

export interface Target {
  name: string;
  j: number;
  /** parameter index, or -1 when the target is a named input */
  param: number;
  /** index of the named input, or -1 */
  named: number;
  extras: Extra[];
}

/** Code generation state of one population (this part's cells [lo, hi)). */
export class PopGen {
  readonly ir: ModelIR;
  readonly nv: number;
  readonly p: number;
  readonly a: Arith;
  readonly vIndex: Map<string, number>;
  readonly pIndex: Map<string, number>;
  readonly nIndex: Map<string, number>;
  readonly targets = new Map<string, Target>();
  /** continuous states beyond the model's: synaptic ODE states, in channel order */
  readonly odeStates: OdeState[];
  readonly perCellParams: Set<number> = new Set();
  readonly voltage: number;
  readonly clamp: Set<number>;
  readonly hasRefractory: boolean;
  /** targets whose per-step total is traced (their TI array is written every step) */
  readonly tracedInputs: Target[] = [];
  readonly lo: number;
  readonly hi: number;
  readonly cx: ChannelContext;
  private readonly opaque = new Map<string, (st: Stage) => string>();

  constructor(
    readonly net: BuiltNetwork,
    readonly pop: BuiltPopulation,
    readonly channels: Channel[],
    readonly drives: DriveRef[],
    f32: boolean,
    range: [number, number],
  ) {
    [this.lo, this.hi] = range;
    this.ir = pop.model;
    this.p = pop.index;
    this.a = new Arith(f32);
    this.nv = this.ir.variables.length;
    this.vIndex = new Map(this.ir.variables.map((v) => [v.name, v.index]));
    this.pIndex = new Map(this.ir.parameters.map((q) => [q.name, q.index]));
    this.nIndex = new Map(this.ir.named.map((x, k) => [x.name, k]));
    this.voltage = this.vIndex.get(pop.voltage)!;
    for (const q of this.ir.parameters) if (typeof pop.params[q.name] !== 'number') this.perCellParams.add(q.index);
    // refractory: one clamp set per population (the single-cell engine has one as well)
    const withRef = this.ir.events.filter((e) => e.refractory);
    this.hasRefractory = withRef.length > 0;
    const clampSets = new Set(withRef.map((e) => [...e.clamp].sort().join(',')));
    if (clampSets.size > 1) {
      const why = 'events with refractory periods clamp different variables; the kernel supports one clamp set';
      throw new NetworkError(`model '${this.ir.name}': ${why}`, { population: pop.name });
    }
    this.clamp = new Set(withRef[0]?.clamp ?? []);
    this.odeStates = odeStatesOf(channels);
    const odeAt = new Map(this.odeStates.map((o, r) => [`${o.ch.id}:${o.s}`, this.nv + r]));
    this.cx = {
      a: this.a,
      voltage: pop.voltage,
      vIndex: this.voltage,
      odeIndex: (c, s) => odeAt.get(`${c}:${s}`),
      opaque: (name, js) => void this.opaque.set(name, js),
    };
    for (const ch of channels) {
      const x = channelInput(ch, this.cx);
      if (x) this.target(ch.synapse.target).extras.push(x);
    }
    for (const d of drives) if (hasInput(d)) this.target(d.drive.target).extras.push(driveInput(d, this.cx));
  }

  private target(name: string): Target {
    let t = this.targets.get(name);
    if (!t) {
      const param = this.pIndex.get(name) ?? -1;
      t = { name, j: this.targets.size, param, named: this.nIndex.get(name) ?? -1, extras: [] };
      this.targets.set(name, t);
    }
    return t;
  }

  /** total number of continuous states (model variables + synaptic ODE states) */
  get nc(): number {
    return this.nv + this.odeStates.length;
  }

  /**
   * parameter value: an inlined constant, or the per-cell array read at the use (cell index `i`):
   * not hoisted, so a parameter used only in a reset (Izhikevich's c, d) costs nothing per step
   */
  param(k: number): string {
    const v = this.pop.params[this.ir.parameters[k].name];
    return typeof v === 'number' ? this.a.num(v) : this.a.F(`P${this.p}_${k}[i]`);
  }

  /** Symbol map at a stage. */
  sym(st: Stage): (name: string) => string {
    return (name) => {
      if (name === 't') return st.t;
      const tg = this.targets.get(name);
      if (tg) return `tg${tg.j}${st.sfx}`;
      const k = this.vIndex.get(name);
      if (k !== undefined) return st.y(k);
      const q = this.pIndex.get(name);
      if (q !== undefined) return this.param(q);
      const x = this.nIndex.get(name);
      if (x !== undefined) return `x${x}${st.sfx}`;
      const o = this.opaque.get(name);
      if (o) return o(st);
      if (name.startsWith('$base_')) return this.baseOf(this.targets.get(name.slice(6))!, st);
      throw new Error(`internal: unresolved symbol ${name}`);
    };
  }

  baseOf(tg: Target, st: Stage): string {
    return tg.param >= 0 ? this.param(tg.param) : `xb${tg.named}${st.sfx}`;
  }

  /** A target's total at a stage: base, then each term in order. */
  total(tg: Target, st: Stage, base = this.baseOf(tg, st)): string {
    let e = base;
    for (const x of tg.extras) e = this.a.add(e, x.js(st));
    return e;
  }

  /** Locals for the named expressions and targets that `nodes` need at a stage, in dependency order. */
  prologue(st: Stage, nodes: MathNode[]): string {
    const used = new Set<string>();
    for (const n of nodes) symbolsOf(n, used);
    const needNamed = new Set<number>();
    const needTarget = new Set<string>();
    const visit = (name: string): void => {
      const tg = this.targets.get(name);
      if (tg && !needTarget.has(name)) {
        needTarget.add(name);
        if (tg.named >= 0) visitNamed(tg.named);
        return;
      }
      const k = this.nIndex.get(name);
      if (k !== undefined && !tg) visitNamed(k);
    };
    const visitNamed = (k: number): void => {
      if (needNamed.has(k)) return;
      needNamed.add(k);
      for (const s of symbolsOf(this.ir.named[k].node)) visit(s);
    };
    for (const s of [...used]) visit(s);
    const sym = this.sym(st);
    const lines: string[] = [];
    const emitTarget = (tg: Target): void => void lines.push(`const tg${tg.j}${st.sfx} = ${this.total(tg, st)};`);
    // targets on parameters first (they read only locals), then named in order; a named input that
    // is a target is emitted as its base and followed at once by the target total
    for (const tg of this.targets.values()) if (needTarget.has(tg.name) && tg.param >= 0) emitTarget(tg);
    this.ir.named.forEach((x: IRNamed, k: number) => {
      if (!needNamed.has(k)) return;
      const tg = this.targets.get(x.name);
      if (tg) {
        lines.push(`const xb${k}${st.sfx} = ${this.a.expr(x.node, sym)};`);
        emitTarget(tg);
      } else lines.push(`const x${k}${st.sfx} = ${this.a.expr(x.node, sym)};`);
    });
    return lines.join('\n');
  }

  /** d(state k)/dt at a stage (model variables and synaptic ODE states) */
  ddt(k: number, st: Stage): string {
    if (k < this.nv) return this.a.expr(this.ir.variables[k].ddt, this.sym(st));
    return odeDdt(this.odeStates[k - this.nv], this.cx, st);
  }

  ddtNodes(): MathNode[] {
    return this.ir.variables.map((v) => v.ddt);
  }

  /** Exponential Euler's B of state k at a stage (null: not linear in itself, forward Euler). */
  linear(k: number, st: Stage): string | null {
    if (k >= this.nv) return odeLinear(this.odeStates[k - this.nv], this.cx, st);
    const B = this.linearParts()[k];
    return B ? this.a.expr(B, this.sym(st)) : null;
  }

  private lin?: (MathNode | null)[];
  /**
   * For exponential Euler: B_k = d(ddt_k)/d(y_k) with the synaptic terms included, when ddt_k is
   * linear in y_k (B_k free of y_k); null otherwise (that variable takes forward Euler).
   */
  linearParts(): (MathNode | null)[] {
    if (this.lin) return this.lin;
    const map = new Map<string, MathNode>();
    for (const tg of this.targets.values()) {
      if (tg.param < 0) {
        const why = `is an input expression of model '${this.ir.name}'; make it a parameter or use another method`;
        throw new NetworkError(`expeuler: the synaptic target '${tg.name}' ${why}`, { population: this.pop.name });
      }
      let node: MathNode = new SymbolNode(`$base_${tg.name}`);
      for (const x of tg.extras) node = new OperatorNode('+', 'add', [node, x.ast]);
      map.set(tg.name, node);
    }
    this.lin = this.ir.inlined.map((ddt, k) => {
      return linearCoefficient(ddt, this.ir.variables[k].name, map);
    });
    return this.lin;
  }
}
