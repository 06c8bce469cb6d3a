/**
 * The kernel target: a built network → one generated JS function that runs a range of steps.
 *
 * Per step it propagates the previous step's spikes along their CSR rows into ring buffers (only
 * the rows of cells that spiked), then runs one fused loop per population over typed arrays: read
 * the cell's state and synaptic inputs, integrate with the population's method (the model's ddt ASTs
 * emitted by emitJS with a symbol map onto locals), detect threshold crossings with interpolated
 * times, reset, record, decay synaptic states, store. Scalar parameters are inlined as constants,
 * per-cell parameters read as `P[i]`. Nothing is allocated inside the step loop (the spike monitor
 * doubles its buffers when full, amortised). The per-step semantics are documented on
 * `BuiltNetwork` (src/ir/network.ts); the fixed-step driver of src/single/simulate.ts is the
 * reference for integration, events and refractory periods (same arithmetic, operation by operation).
 */
import type { MathNode } from '../../model/math.js';
import { ConstantNode, OperatorNode, SymbolNode, view } from '../../model/math.js';
import { differentiate } from '../../model/derivative.js';
import type { IRNamed, ModelIR } from '../../model/ir.js';
import { NetworkError } from '../../ir/errors.js';
import type { BuiltNetwork, BuiltPopulation, Drive, Precision } from '../../ir/network.js';
import { emitJS, jsNumber } from '../emit-js.js';
import { JS_FUNCTIONS, JS_OPERATORS } from '../js-functions.js';
import { planChannels, type Channel } from '../channels.js';
import { NOISE_BLOCK } from '../../ir/constants.js';

/** The generated program and what it needs to run. */
export interface KernelSource {
  /** JS source of body of `function (A)` returning `{ runSteps(n0, n1), start() }` */
  source: string;
  channels: Channel[];
  /** indices into net.drives of noise drives, in stream order */
  noiseDrives: number[];
  /** pre populations whose activity array is computed each step (rate coupling) */
  activityPops: number[];
  /** the clamp variables (indices) per population, or null (no refractory period) */
  refractory: (number[] | null)[];
  /** length of the persistent-scalar array KS (spike count, fired-list lengths, trace positions) */
  scalars: number;
  /** per-cell arrays holding the total of a traced synaptic input (filled with the base value at t = 0) */
  inputArrays: { name: string; population: number; parameter: string }[];
}

/**
 * How the cells are split over the parts (threads) of a run, and which part this program is:
 * `ranges[w][p]` = [first, end) cells of population p in part w. Every part runs its own program
 * over its own cells; the split never changes a number (noise streams are per block of cells).
 */
export interface KernelSplit {
  index: number;
  count: number;
  ranges: [number, number][][];
}

/** One part holding every cell (a single-threaded run). */
export function wholeSplit(net: BuiltNetwork): KernelSplit {
  return { index: 0, count: 1, ranges: [net.populations.map((p) => [0, p.size] as [number, number])] };
}

/** Arithmetic emission in float64 (plain JS) or float32 (Math.fround after every operation). */
class Arith {
  constructor(readonly f32: boolean) {}
  F(x: string): string {
    return this.f32 ? `Math.fround(${x})` : x;
  }
  num(x: number): string {
    return jsNumber(this.f32 ? Math.fround(x) : x);
  }
  add(a: string, b: string): string {
    return this.F(`(${a} + ${b})`);
  }
  sub(a: string, b: string): string {
    return this.F(`(${a} - ${b})`);
  }
  mul(a: string, b: string): string {
    return this.F(`(${a} * ${b})`);
  }
  div(a: string, b: string): string {
    return this.F(`(${a} / ${b})`);
  }
  expr(node: MathNode, sym: (name: string) => string): string {
    if (!this.f32) return emitJS(node, sym);
    const walk = (n: MathNode): string => {
      const v = view(n);
      switch (v.type) {
        case 'ConstantNode':
          return this.num(v.value);
        case 'SymbolNode':
          return sym(v.name);
        case 'ParenthesisNode':
          return walk(v.content);
        case 'ConditionalNode':
          return `(${walk(v.condition)} ? ${walk(v.trueExpr)} : ${walk(v.falseExpr)})`;
        case 'OperatorNode': {
          const s = JS_OPERATORS[v.fn](v.args.map(walk));
          return /^(smaller|larger|smallerEq|largerEq|equal|unequal|and|or|xor|not)$/.test(v.fn) ? s : this.F(s);
        }
        case 'FunctionNode':
          return this.F(JS_FUNCTIONS[v.fn.name](v.args.map(walk)));
      }
    };
    return walk(node);
  }
}

function symbolsOf(node: MathNode, out: Set<string> = new Set()): Set<string> {
  node.traverse((n: MathNode) => {
    const v = view(n);
    if (v.type === 'SymbolNode') out.add(v.name);
  });
  return out;
}

/** Replace symbols by nodes (a structural copy; the IR is never mutated). */
function substitute(node: MathNode, map: Map<string, MathNode>): MathNode {
  return node.transform((n: MathNode) => {
    const v = view(n);
    return v.type === 'SymbolNode' && map.has(v.name) ? map.get(v.name)!.cloneDeep() : n;
  });
}

/** A stage: where the state of each continuous variable lives and what time it is. */
interface Stage {
  y: (k: number) => string;
  t: string;
  /** suffix of the named/target locals of this stage */
  sfx: string;
}

/** One additive term of a target (synaptic channel or drive). */
interface Extra {
  /** JS for the term at a stage */
  js: (st: Stage) => string;
  /** the term as an AST over synthetic `$` symbols, for exponential Euler's symbolic linear part */
  ast: MathNode;
}

interface Target {
  name: string;
  j: number;
  /** parameter index, or -1 when the target is a named input */
  param: number;
  /** index of the named input, or -1 */
  named: number;
  extras: Extra[];
}

/** Code generation for one population. */
class PopGen {
  readonly ir: ModelIR;
  readonly nv: number;
  readonly p: number;
  readonly a: Arith;
  readonly vIndex: Map<string, number>;
  readonly pIndex: Map<string, number>;
  readonly nIndex: Map<string, number>;
  readonly targets = new Map<string, Target>();
  /** continuous states beyond the model's: rate-coupling states (channel ids) */
  readonly rateStates: Channel[] = [];
  readonly perCellParams: Set<number> = new Set();
  readonly voltage: number;
  readonly clamp: Set<number>;
  readonly hasRefractory: boolean;
  /** targets whose per-step total is traced (their TI array is written every step) */
  readonly tracedInputs: Target[] = [];
  /** this part's cells [lo, hi) */
  readonly lo: number;
  readonly hi: number;

  constructor(
    readonly net: BuiltNetwork,
    readonly pop: BuiltPopulation,
    readonly channels: Channel[],
    readonly drives: { d: Drive; id: number }[],
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
    if (clampSets.size > 1) throw new NetworkError(`model '${this.ir.name}': events with refractory periods clamp different variables; the kernel supports one clamp set`, { population: pop.name });
    this.clamp = new Set(withRef[0]?.clamp ?? []);
    this.planTargets();
  }

  private target(name: string): Target {
    let t = this.targets.get(name);
    if (!t) {
      t = { name, j: this.targets.size, param: this.pIndex.get(name) ?? -1, named: this.nIndex.get(name) ?? -1, extras: [] };
      this.targets.set(name, t);
    }
    return t;
  }

  private planTargets(): void {
    const a = this.a;
    const V = (st: Stage): string => st.y(this.voltage);
    for (const ch of this.channels) {
      const s = ch.legacy;
      const c = ch.id;
      switch (s.kind) {
        case 'jump':
          break;
        case 'pulse':
          this.target(s.target).extras.push({ js: () => `x${c}`, ast: new SymbolNode(`$x${c}`) });
          break;
        case 'current':
          this.target(s.target).extras.push({ js: () => `g${c}`, ast: new SymbolNode(`$g${c}`) });
          break;
        case 'conductance':
          this.target(s.target).extras.push({
            js: (st) => a.mul(`g${c}`, a.sub(a.num(s.E), V(st))),
            ast: new OperatorNode('*', 'multiply', [new SymbolNode(`$g${c}`), new OperatorNode('-', 'subtract', [new ConstantNode(s.E), new SymbolNode(this.pop.voltage)])]),
          });
          break;
        case 'kernel':
          this.target(s.target).extras.push({ js: () => `k${c}`, ast: new SymbolNode(`$k${c}`) });
          break;
        case 'rate': {
          const r = this.rateStates.length;
          this.rateStates.push(ch);
          this.target(s.target).extras.push({ js: (st) => st.y(this.nv + r), ast: new SymbolNode(`$s${r}`) });
          break;
        }
      }
    }
    for (const { d, id } of this.drives) this.target(d.target).extras.push({ js: () => `d${id}`, ast: new SymbolNode(`$d${id}`) });
  }

  /** total number of continuous states (model variables + rate-coupling states) */
  get nc(): number {
    return this.nv + this.rateStates.length;
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
      if (name.startsWith('$')) return this.synthetic(name, st);
      throw new Error(`internal: unresolved symbol ${name}`);
    };
  }

  /** synthetic symbols of the exponential-Euler ASTs */
  private synthetic(name: string, st: Stage): string {
    const m = /^\$([a-z]+)(\d+)$/.exec(name) ?? /^\$(base)_(.*)$/.exec(name);
    if (!m) throw new Error(`internal: unresolved symbol ${name}`);
    if (m[1] === 'base') return this.baseOf(this.targets.get(m[2])!, st);
    if (m[1] === 's') return st.y(this.nv + Number(m[2]));
    return `${m[1]}${m[2]}`;
  }

  private baseOf(tg: Target, st: Stage): string {
    return tg.param >= 0 ? this.param(tg.param) : `xb${tg.named}${st.sfx}`;
  }

  /**
   * Locals for the named expressions and targets that `nodes` need at a stage, in dependency order.
   */
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
    const emitTarget = (tg: Target): void => {
      let e = this.baseOf(tg, st);
      for (const x of tg.extras) e = this.a.add(e, x.js(st));
      lines.push(`const tg${tg.j}${st.sfx} = ${e};`);
    };
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

  /** d(state k)/dt at a stage (model variables and rate-coupling states) */
  ddt(k: number, st: Stage): string {
    if (k < this.nv) return this.a.expr(this.ir.variables[k].ddt, this.sym(st));
    const ch = this.rateStates[k - this.nv];
    const s = ch.legacy as Extract<typeof ch.legacy, { kind: 'rate' }>;
    const a = this.a;
    const drive = s.E === null ? a.mul(a.num(s.gain), `ra${ch.id}`) : a.mul(a.mul(a.num(s.gain), `ra${ch.id}`), a.sub(a.num(s.E), st.y(this.voltage)));
    return a.div(a.add(`(-${st.y(k)})`, drive), a.num(s.tau));
  }

  ddtNodes(): MathNode[] {
    return this.ir.variables.map((v) => v.ddt);
  }

  /**
   * Advance the continuous state over [t, t + h] from locals `from(k)` into locals `to(k)` with the
   * population's method; variables in `clamped` have derivative 0 (refractory).
   */
  advance(h: string, t: string, from: (k: number) => string, to: (k: number) => string, clamp: 'none' | 'all' | { runtime: string }, tag: string): string {
    const a = this.a;
    const nc = this.nc;
    const ks = [...Array(nc).keys()];
    const method = this.pop.integration.method;
    // During a refractory period the clamp variables have derivative 0 over the whole piece (the
    // step is split where the period ends); `runtime` names a boolean local deciding it per piece.
    const clamped = clamp === 'none' ? new Set<number>() : this.clamp;
    const d = (k: number, st: Stage): string =>
      !clamped.has(k) ? this.ddt(k, st) : clamp === 'all' ? a.num(0) : `(${(clamp as { runtime: string }).runtime} ? ${a.num(0)} : ${this.ddt(k, st)})`;
    const der = (st: Stage, name: (k: number) => string): string[] => {
      const lines = [this.prologue(st, this.ddtNodes())];
      for (const k of ks) lines.push(`const ${name(k)} = ${d(k, st)};`);
      return lines;
    };
    const out: string[] = ['{'];
    if (method === 'euler') {
      out.push(...der({ y: from, t, sfx: `_${tag}1` }, (k) => `k1_${k}`));
      for (const k of ks) out.push(`${to(k)} = ${a.add(from(k), a.mul(h, `k1_${k}`))};`);
    } else if (method === 'rk2') {
      out.push(...der({ y: from, t, sfx: `_${tag}1` }, (k) => `k1_${k}`));
      for (const k of ks) out.push(`const m_${k} = ${a.add(from(k), a.mul(a.mul(a.num(0.5), h), `k1_${k}`))};`);
      out.push(`const tm = ${a.add(t, a.mul(a.num(0.5), h))};`);
      out.push(...der({ y: (k) => `m_${k}`, t: 'tm', sfx: `_${tag}2` }, (k) => `k2_${k}`));
      for (const k of ks) out.push(`${to(k)} = ${a.add(from(k), a.mul(h, `k2_${k}`))};`);
    } else if (method === 'rk4') {
      // the stages and arithmetic of the single-cell engine's rk4, operation for operation
      const half = a.mul(a.num(0.5), h);
      out.push(`const hh = ${half};`, `const th = ${a.add(t, half)};`, `const tf = ${a.add(t, h)};`);
      out.push(...der({ y: from, t, sfx: `_${tag}1` }, (k) => `k1_${k}`));
      for (const k of ks) out.push(`const s1_${k} = ${a.add(from(k), a.mul('hh', `k1_${k}`))};`);
      out.push(...der({ y: (k) => `s1_${k}`, t: 'th', sfx: `_${tag}2` }, (k) => `k2_${k}`));
      for (const k of ks) out.push(`const s2_${k} = ${a.add(from(k), a.mul('hh', `k2_${k}`))};`);
      out.push(...der({ y: (k) => `s2_${k}`, t: 'th', sfx: `_${tag}3` }, (k) => `k3_${k}`));
      for (const k of ks) out.push(`const s3_${k} = ${a.add(from(k), a.mul(h, `k3_${k}`))};`);
      out.push(...der({ y: (k) => `s3_${k}`, t: 'tf', sfx: `_${tag}4` }, (k) => `k4_${k}`));
      for (const k of ks) {
        const sum = a.add(a.add(a.add(`k1_${k}`, a.mul(a.num(2), `k2_${k}`)), a.mul(a.num(2), `k3_${k}`)), `k4_${k}`);
        out.push(`${to(k)} = ${a.add(from(k), a.mul(a.div(h, a.num(6)), sum))};`);
      }
    } else if (method === 'expeuler') {
      const st: Stage = { y: from, t, sfx: `_${tag}1` };
      const lin = this.linearParts();
      const bNodes = lin.filter((b): b is MathNode => b !== null);
      out.push(this.prologue(st, [...this.ddtNodes(), ...bNodes]));
      for (const k of ks) {
        out.push(`const f_${k} = ${d(k, st)};`);
        const B = k < this.nv ? (lin[k] ? this.a.expr(lin[k]!, this.sym(st)) : null) : a.div(a.num(-1), a.num((this.rateStates[k - this.nv].legacy as { tau: number }).tau));
        if (B === null) out.push(`${to(k)} = ${a.add(from(k), a.mul(h, `f_${k}`))};`);
        else {
          // y + h f phi1(B h), phi1(x) = expm1(x)/x: exact for f linear in y over the step
          out.push(`const bh_${k} = ${a.mul(B, h)};`);
          out.push(`${to(k)} = ${a.add(from(k), a.mul(a.mul(h, `f_${k}`), `(bh_${k} === 0 ? 1 : ${a.div(a.F(`Math.expm1(bh_${k})`), `bh_${k}`)})`))};`);
        }
      }
    } else {
      // sequential: one variable after another, each reading the newest values
      const order = (this.pop.integration.order ?? this.ir.variables.map((v) => v.name)).map((n) => this.vIndex.get(n)!);
      for (let r = 0; r < this.rateStates.length; r++) order.push(this.nv + r);
      for (const k of ks) out.push(`${to(k)} = ${from(k)};`);
      let u = 0;
      for (const k of order) {
        const subs = k < this.nv ? (this.pop.integration.substeps?.[this.ir.variables[k].name] ?? 1) : 1;
        const hs = subs === 1 ? h : a.div(h, a.num(subs));
        for (let s = 0; s < subs; s++) {
          const st: Stage = { y: to, t: s === 0 ? t : a.add(t, a.mul(a.num(s), hs)), sfx: `_${tag}q${u++}` };
          out.push('{', this.prologue(st, k < this.nv ? [this.ir.variables[k].ddt] : []), `${to(k)} = ${a.add(to(k), a.mul(hs, d(k, st)))};`, '}');
        }
      }
    }
    out.push('}');
    return out.join('\n');
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
      if (tg.param < 0) throw new NetworkError(`expeuler: the synaptic target '${tg.name}' is an input expression of model '${this.ir.name}'; make it a parameter or use another method`, { population: this.pop.name });
      let node: MathNode = new SymbolNode(`$base_${tg.name}`);
      for (const x of tg.extras) node = new OperatorNode('+', 'add', [node, x.ast]);
      map.set(tg.name, node);
    }
    this.lin = this.ir.inlined.map((ddt, k) => {
      const full = substitute(ddt, map);
      const B = differentiate(full, this.ir.variables[k].name);
      return symbolsOf(B).has(this.ir.variables[k].name) ? null : B;
    });
    return this.lin;
  }
}

/**
 * Generate the kernel program of a built network. The generated functions read their arrays from
 * a binding object whose keys (Y0_0, P0_2, CH1, W3, ...) are identifiers chosen here; the runner
 * (src/network/targets/js-kernel/run.ts) allocates them. Only numbers and these identifiers reach the source.
 * @example const { source } = generateKernel(built); // inspect the fused loops
 */
export function generateKernel(net: BuiltNetwork, precision: Precision = 'float64', split: KernelSplit = wholeSplit(net)): KernelSource {
  // until the kernel draws them: refuse rather than silently drop the input
  if (net.drives.some((d) => d.kind === 'poisson')) throw new NetworkError('the kernel target does not run poisson drives yet', { network: net.name, field: 'drives' });
  const f32 = precision === 'float32';
  const mine = split.ranges[split.index];
  const A = new Arith(f32);
  const channels = planChannels(net);
  const noiseDrives: number[] = [];
  net.drives.forEach((d, k) => d.kind === 'noise' && noiseDrives.push(k));
  const gens = net.populations.map(
    (pop) => new PopGen(net, pop, channels.filter((c) => c.post === pop.index), net.drives.map((d, id) => ({ d, id })).filter((x) => x.d.population === pop.index), f32, mine[pop.index]),
  );
  const activityPops = [...new Set(net.projections.filter((p) => p.synapse.kind === 'rate' && p.pre.kind === 'population').map((p) => p.pre.index))];
  const monitored = new Set(net.monitors.spikes);
  const inputArrays: KernelSource['inputArrays'] = [];
  for (const tr of net.monitors.traces) {
    if (!tr.input) continue;
    const g = gens[tr.population];
    const tg = g.targets.get(tr.variable);
    if (!tg || tg.param < 0) throw new Error(`internal: traced input ${tr.variable} is not a parameter target`);
    if (g.tracedInputs.includes(tg)) continue;
    g.tracedInputs.push(tg);
    inputArrays.push({ name: `TI${g.p}_${tg.j}`, population: g.p, parameter: tr.variable });
  }
  const L: string[] = [];

  // ---- arrays of the binding --------------------------------------------------------------
  const names: string[] = [];
  const arr = (n: string): string => (names.push(n), n);
  net.populations.forEach((pop, p) => {
    const g = gens[p];
    for (let k = 0; k < g.nv; k++) arr(`Y${p}_${k}`);
    for (const k of g.perCellParams) arr(`P${p}_${k}`);
    for (const tg of g.tracedInputs) arr(`TI${p}_${tg.j}`);
    arr(`FL${p}`), arr(`FLO${p}`);
    if (g.hasRefractory) arr(`RU${p}`);
  });
  for (const ch of channels) {
    if (!ch.direct && ch.legacy.kind !== 'rate') arr(`CH${ch.id}`);
    if (ch.legacy.kind === 'current' || ch.legacy.kind === 'conductance') arr(`G${ch.id}`);
    if (ch.legacy.kind === 'kernel') {
      arr(`KE${ch.id}`);
      if (ch.legacy.shape === 'alpha') arr(`KA${ch.id}`);
    }
    if (ch.legacy.kind === 'rate') arr(`RS${ch.id}`), arr(`RA${ch.id}`);
  }
  net.projections.forEach((pr, k) => {
    arr(`RP${k}`), arr(`W${k}`);
    if (pr.col) arr(`C${k}`);
    if (pr.col && split.count > 1) arr(`SPL${k}`);
    if (pr.delays) arr(`DL${k}`);
  });
  net.sources.forEach((s, k) => (s.kind === 'spikes' ? (arr(`SP${k}`), arr(`SC${k}`)) : arr(`AC${k}`)));
  for (const p of activityPops) arr(`ACT${p}`);
  net.drives.forEach((d, k) => {
    if (d.kind === 'noise') {
      arr(`NS${k}`), arr(`RG${k}`);
      if (typeof d.sigma !== 'number') arr(`SG${k}`);
    } else if (d.kind === 'current') {
      arr(`CU${k}`);
      if (typeof d.scale !== 'number') arr(`SS${k}`);
    }
  });
  net.monitors.traces.forEach((_, k) => (arr(`TR${k}`), arr(`TC${k}`)));
  net.monitors.rates.forEach((_, k) => arr(`RB${k}`));
  arr('CNT'), arr('FC');
  names.push('KN', 'WN', 'TAIL', 'MON', 'FAIL', 'KS', 'BAR');

  // ---- persistent scalars: a Float64Array KS (element access keeps V8's feedback simple) ------------
  // One small function per job (delivery, each population, traces), each loaded and stored around its
  // own loop: V8 compiles small functions fast and optimises each with complete type feedback, where
  // one huge step function took ~0.2 s per (re)compilation and deoptimised at its rarely run exits.
  const slot = new Map<string, number>();
  const ks = (name: string): string => {
    if (!slot.has(name)) slot.set(name, slot.size);
    return `KS[${slot.get(name)}]`;
  };
  ks('ns');
  net.monitors.traces.forEach((_, k) => (ks(`tc${k}`), ks(`tp${k}`)));
  const monLoad = `let ns = ${ks('ns')}; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;`;
  const monStore = `${ks('ns')} = ns;`;
  const fns: string[] = [];

  // Spike lists and activities are double-buffered by step parity: a part reads every part's
  // spikes of step n - 1 (parity n & 1) while the others may already write step n's (parity
  // (n + 1) & 1); one barrier per step then suffices. FL<p>: [parity][cells], part w's spikes
  // from its first cell on; FC: counts [parity][population][part]; ACT<p>: [parity][cells].
  const P = net.populations.length;
  const T = split.count;
  const fcAt = (par: string, p: number, w: string): string => `FC[(${par} * ${P} + ${p}) * ${T} + ${w}]`;
  // delivery of step n: last step's spikes and this step's source spikes, activities at the step start
  fns.push(`function deliver(n) {\n${deliveries(net, channels, A, split, fcAt)}\n}`);
  // activities of rate pre populations at the start of step m (the state after step m - 1)
  for (const p of activityPops) fns.push(`function act${p}(m) {\nconst t = m * ${jsNumber(net.dt)}; const ao = (m & 1) * ${net.populations[p].size};\n${activityLoop(gens[p], p, net)}\n}`);
  // populations
  for (const g of gens) {
    const p = g.p;
    const spikeList = `let fc${p} = 0; const flo${p} = ((n + 1) & 1) * ${g.pop.size} + ${g.lo};`;
    fns.push(
      `function pop${p}(n, t) {\n${monLoad}\n${spikeList}\n${populationLoop(g, net, channels, monitored, A)}\n${fcAt('((n + 1) & 1)', p, String(split.index))} = fc${p};\n${monStore}\n}`,
    );
  }
  // traces
  net.monitors.traces.forEach((tr, k) => {
    fns.push(`function trace${k}(t) {\nlet tp${k} = ${ks(`tp${k}`)};\n${traceSample(gens[tr.population], tr.variable, k, tr.cells.length, tr.input === true)}\n${ks(`tp${k}`)} = tp${k};\n}`);
  });
  // the step loop
  const stepBody: string[] = ['deliver(n);'];
  for (const g of gens) stepBody.push(`pop${g.p}(n, t);`);
  for (const p of activityPops) stepBody.push(`act${p}(n + 1);`);
  net.monitors.traces.forEach((tr, k) => stepBody.push(`if (++${ks(`tc${k}`)} === ${tr.every}) { ${ks(`tc${k}`)} = 0; trace${k}(t); }`));
  // BAR: the barrier with the other parts at the end of every step (true when a part failed)
  stepBody.push('if (BAR()) break;');
  fns.push(`function runSteps(n0, n1) {\nfor (let n = n0; n < n1; n++) {\nconst t = n * ${jsNumber(net.dt)};\n${stepBody.join('\n')}\n}\nMON.n = ${ks('ns')};\n}`);
  // t = 0: traces, then events whose condition already holds (the single-cell engine's startEvent)
  {
    const body: string[] = ['const n = -1; const t = 0;', monLoad];
    net.monitors.traces.forEach((_, k) => body.push(`trace${k}(0);`));
    for (const g of gens) body.push(`{ let fc${g.p} = 0; const flo${g.p} = ${g.lo}; ${startEvents(g, net, monitored, A)} ${fcAt('0', g.p, String(split.index))} = fc${g.p}; }`);
    for (const p of activityPops) body.push(`act${p}(0);`);
    body.push(monStore, `MON.n = ns;`, 'BAR();');
    fns.push(`function start() {\n${body.join('\n')}\n}`);
  }
  // Every function reads the arrays it uses from the current binding S at entry (one property
  // load per array per call, i.e. per step): `bind` swaps in another set of arrays of the same
  // shapes, which lets the runner warm the code up on a scratch copy of the state before the timed
  // loop, so V8 compiles (and re-compiles after first spikes) during the build, not the run.
  for (const f of fns) {
    const used = names.filter((n) => new RegExp(`\\b${n}\\b`).test(f));
    const open = f.indexOf('{\n') + 2;
    L.push(used.length ? `${f.slice(0, open)}const ${used.map((n) => `${n} = S.${n}`).join(', ')};\n${f.slice(open)}` : f);
  }
  const nScalars = slot.size;
  const source = `let S = A;\nfunction bind(B) { S = B; }\n${L.join('\n')}\nreturn { runSteps, start, bind };\n`;
  return { source, channels, noiseDrives, activityPops, scalars: nScalars, refractory: gens.map((g) => (g.hasRefractory ? [...g.clamp] : null)), inputArrays };
}

/** Spike bookkeeping for a spike of cell i at time te in step n: fired list, counts, monitors. */
function recordSpike(g: PopGen, net: BuiltNetwork, monitored: Set<number>): string {
  const p = g.p;
  // a part's list holds at most its cell count per step (more: a cell fired twice in one step)
  const lines = [`if (fc${p} === ${g.hi - g.lo}) FAIL.crowded(${p}, i, te);`, `FL${p}[flo${p} + fc${p}++] = i;`, `CNT[${p}]++;`];
  if (monitored.has(p)) {
    lines.push('if (ns === cap) { MON.grow(); MC = MON.cell; MT = MON.time; MS = MON.step; cap = MC.length; }');
    lines.push(`MC[ns] = ${g.pop.offset} + i; MT[ns] = te; MS[ns] = n; ns++;`);
  }
  net.monitors.rates.forEach((r, k) => {
    if (r.population !== p) return;
    const width = r.bin * net.dt;
    lines.push(`{ const b = Math.floor(te / ${jsNumber(width)}); RB${k}[b < RB${k}.length ? b : RB${k}.length - 1]++; }`);
  });
  return lines.join('\n');
}

/** Resets of event e applied to the end-of-step locals `yn`, refractory start, and the post-reset check. */
function fireEvent(g: PopGen, e: number, net: BuiltNetwork, monitored: Set<number>, yn: (k: number) => string): string {
  const ev = g.ir.events[e];
  const a = g.a;
  const st: Stage = { y: yn, t: 'te', sfx: `_r${e}` };
  const sym = g.sym(st);
  const lines: string[] = ['{', g.prologue(st, ev.resets.map((r) => r.node))];
  for (const r of ev.resets) lines.push(`const r${r.index} = ${a.expr(r.node, sym)};`);
  for (const r of ev.resets) lines.push(`${yn(r.index)} = r${r.index};`);
  lines.push('}');
  if (ev.refractory) {
    const pst: Stage = { y: yn, t: 'te', sfx: `_f${e}` };
    lines.push('{', g.prologue(pst, [ev.refractory]), `const tr = ${emitJS(ev.refractory, g.sym(pst))};`);
    lines.push(`if (tr > 0) RU${g.p}[i] = te + tr;`);
    lines.push(`else { ${postResetCheck(g, e, yn)} }`, '}');
  } else lines.push(postResetCheck(g, e, yn));
  if (e === g.pop.spikeEvent) lines.push(recordSpike(g, net, monitored));
  return lines.join('\n');
}

/** The single-cell engine refuses a reset that leaves the condition true (it would fire forever). */
function postResetCheck(g: PopGen, e: number, yn: (k: number) => string): string {
  const ev = g.ir.events[e];
  const st: Stage = { y: yn, t: 'te', sfx: `_c${e}` };
  return `{ ${g.prologue(st, [ev.g])} if (${ev.direction} * ${g.a.expr(ev.g, g.sym(st))} >= 0) FAIL.reset(${g.p}, ${e}, i, te); }`;
}

/** The fused per-cell loop of one population for step n. */
function populationLoop(g: PopGen, net: BuiltNetwork, channels: Channel[], monitored: Set<number>, a: Arith): string {
  const p = g.p;
  const pop = g.pop;
  const ir = g.ir;
  const N = pop.size;
  const mine = channels.filter((c) => c.post === p);
  const pre: string[] = [];
  // per-step values
  for (const ch of mine) {
    if (ch.direct || ch.legacy.kind === 'rate') continue;
    pre.push(`const o${ch.id} = ${ch.depth === 1 ? '0' : `(n % ${ch.depth}) * ${N}`};`);
    if (ch.legacy.kind === 'kernel' && ch.legacy.windowSteps !== null) {
      pre.push(`const w${ch.id} = ((n - ${ch.legacy.windowSteps}) % ${ch.depth} + ${ch.depth}) % ${ch.depth} * ${N};`);
    }
  }
  net.drives.forEach((d, k) => {
    if (d.population === p && d.kind === 'current') pre.push(`const cu${k} = ${a.F(`CU${k}[n]`)};`);
  });
  const body: string[] = [];
  const y = (k: number): string => `y${k}`;
  const yn = (k: number): string => `yn${k}`;
  // state
  for (let k = 0; k < g.nv; k++) body.push(`let y${k} = Y${p}_${k}[i];`);
  g.rateStates.forEach((ch, r) => body.push(`let y${g.nv + r} = RS${ch.id}[i];`));
  body.push(`let ${[...Array(g.nc).keys()].map((k) => `yn${k}`).join(', ')};`);
  // event functions at the step start (before jumps: a jump across threshold is a crossing)
  if (g.hasRefractory) body.push(`let ru = RU${p}[i];`);
  const startSt: Stage = { y, t: 't', sfx: '_g0' };
  if (ir.events.length) {
    body.push(g.prologue(startSt, ir.events.map((e) => e.g)));
    ir.events.forEach((e, k) => body.push(`const ga${k} = ${a.expr(e.g, g.sym(startSt))};`));
  }
  // synaptic inputs
  for (const ch of mine) {
    const c = ch.id;
    const s = ch.legacy;
    const X = `CH${c}[o${c} + i]`;
    switch (s.kind) {
      case 'jump': {
        const k = g.vIndex.get(s.target)!;
        const add = `y${k} = ${a.add(`y${k}`, X)};`;
        body.push(g.hasRefractory && g.clamp.has(k) ? `if (!(t < ru)) ${add}` : add, `${X} = 0;`);
        break;
      }
      case 'pulse':
        body.push(`const x${c} = ${X};`, `${X} = 0;`);
        break;
      case 'current':
      case 'conductance':
        if (ch.direct) body.push(`const g${c} = G${c}[i];`);
        else body.push(`const g${c} = ${a.add(`G${c}[i]`, X)};`, `${X} = 0;`);
        break;
      case 'kernel': {
        const q = Math.exp(-net.dt / s.tau);
        const H = s.windowSteps;
        const qH = H === null ? 0 : Math.pow(q, H);
        body.push(`const e0_${c} = KE${c}[i];`);
        if (s.shape === 'alpha') body.push(`let ka${c} = ${a.mul(a.num(q), a.add(`KA${c}[i]`, `e0_${c}`))};`);
        body.push(`let ke${c} = ${a.add(a.mul(a.num(q), `e0_${c}`), X)};`);
        if (H !== null) {
          body.push(`const xo${c} = CH${c}[w${c} + i];`, `CH${c}[w${c} + i] = 0;`);
          body.push(`ke${c} = ${a.sub(`ke${c}`, a.mul(a.num(qH), `xo${c}`))};`);
          if (s.shape === 'alpha') body.push(`ka${c} = ${a.sub(`ka${c}`, a.mul(a.num(H * qH), `xo${c}`))};`);
        } else body.push(`${X} = 0;`);
        body.push(`KE${c}[i] = ke${c} > 1e-280 || ke${c} < -1e-280 ? ke${c} : 0;`);
        if (s.shape === 'alpha') body.push(`KA${c}[i] = ka${c} > 1e-280 || ka${c} < -1e-280 ? ka${c} : 0;`, `const k${c} = ${a.mul(a.num((Math.E * net.dt) / s.tau), `ka${c}`)};`);
        else body.push(`const k${c} = ke${c};`);
        break;
      }
      case 'rate':
        body.push(`const ra${c} = RA${c}[i];`, `RA${c}[i] = 0;`);
        break;
    }
  }
  // drives
  net.drives.forEach((d, k) => {
    if (d.population !== p) return;
    if (d.kind === 'current') {
      body.push(`const d${k} = ${typeof d.scale === 'number' ? (d.scale === 1 ? `cu${k}` : a.mul(`cu${k}`, a.num(d.scale))) : a.mul(`cu${k}`, a.F(`SS${k}[i]`))};`);
    } else if (d.kind === 'noise') {
      body.push(normalDraw(k, `nz${k}`));
      body.push(`const d${k} = ${a.mul(typeof d.sigma === 'number' ? a.num(d.sigma) : a.F(`SG${k}[i]`), a.F(`nz${k}`))};`);
    }
  });
  // traced synaptic inputs: the target's total at the step start, in the order integration sums it
  for (const tg of g.tracedInputs) {
    const st: Stage = { y, t: 't', sfx: '_i' };
    let e = g.param(tg.param);
    for (const x of tg.extras) e = a.add(e, x.js(st));
    body.push(`TI${p}_${tg.j}[i] = ${e};`);
  }
  // integrate and apply events
  const h = a.num(net.dt);
  const tNext = `(t + ${jsNumber(net.dt)})`;
  const finite = (v: (k: number) => string, tt: string): string =>
    [...Array(g.nv).keys()].map((k) => `if (!(${v(k)} <= 1e12 && ${v(k)} >= -1e12)) FAIL.diverged(${p}, ${k}, i, ${tt}, ${v(k)});`).join('\n');
  let out: (k: number) => string = yn;
  if (pop.eventMode === 'located') {
    body.push(locatedSteps(g, net, monitored, a));
    out = y;
  } else {
    // 'step': the whole step at once; crossings interpolated linearly in g; resets applied to the
    // end-of-step state; a step in which a refractory period ends is split there (not watched)
    const detect: string[] = [];
    if (ir.events.length) {
      const endSt: Stage = { y: yn, t: tNext, sfx: '_g1' };
      detect.push(g.prologue(endSt, ir.events.map((e) => e.g)));
      detect.push('let fe = -1, te = 0;');
      ir.events.forEach((e, k) => {
        detect.push(`const gb${k} = ${a.expr(e.g, g.sym(endSt))};`);
        const crossed = e.direction === 1 ? `ga${k} < 0 && gb${k} >= 0` : `ga${k} > 0 && gb${k} <= 0`;
        detect.push(`if (${crossed}) { const tk = t + (${jsNumber(net.dt)} * ga${k}) / (ga${k} - gb${k}); if (fe < 0 || tk < te) { fe = ${k}; te = tk; } }`);
      });
      ir.events.forEach((_, k) => detect.push(`${k === 0 ? '' : 'else '}if (fe === ${k}) {`, fireEvent(g, k, net, monitored, yn), '}'));
    }
    if (g.hasRefractory) {
      body.push('if (t < ru) {');
      body.push(`if (ru < ${tNext}) {`);
      body.push(g.advance(a.F('(ru - t)'), 't', y, yn, 'all', 'a'));
      body.push(g.advance(a.F(`(${tNext} - ru)`), 'ru', yn, yn, 'none', 'b'));
      body.push('} else {', g.advance(h, 't', y, yn, 'all', 'c'), '}');
      body.push(finite(yn, tNext));
      body.push('} else {', g.advance(h, 't', y, yn, 'none', 'd'), finite(yn, tNext), ...detect, '}');
    } else {
      body.push(g.advance(h, 't', y, yn, 'none', 'd'), finite(yn, tNext), ...detect);
    }
  }
  // store
  for (let k = 0; k < g.nv; k++) body.push(`Y${p}_${k}[i] = ${out(k)};`);
  g.rateStates.forEach((ch, r) => body.push(`RS${ch.id}[i] = ${out(g.nv + r)};`));
  for (const ch of mine) {
    // below 1e-280 a decaying state is flushed to 0: it would otherwise enter the subnormal range
    // after long quiet periods (0.95^14000 at dt 0.5, tau 10), where arithmetic is ~10x slower
    if (ch.legacy.kind === 'current' || ch.legacy.kind === 'conductance') {
      body.push(`{ const gq = ${a.mul(`g${ch.id}`, a.num(ch.legacy.decay.q))}; G${ch.id}[i] = gq > 1e-280 || gq < -1e-280 ? gq : 0; }`);
    }
  }
  const cells = `{\n${body.join('\n')}\n}`;
  const noise = net.drives.flatMap((d, k) => (d.population === p && d.kind === 'noise' ? [k] : []));
  if (g.lo === g.hi) return '';
  if (!noise.length) return `{\n${pre.join('\n')}\nfor (let i = ${g.lo}; i < ${g.hi}; i++) ${cells}\n}`;
  // noise: each block of NOISE_BLOCK cells draws from its own stream, held in locals over the block
  if (g.lo % NOISE_BLOCK !== 0 || (g.hi % NOISE_BLOCK !== 0 && g.hi !== N)) throw new Error(`internal: part [${g.lo}, ${g.hi}) of population ${p} is not aligned to noise blocks`);
  const load = noise.map((k) => `let a${k}_0 = NS${k}[b4], a${k}_1 = NS${k}[b4 + 1], a${k}_2 = NS${k}[b4 + 2], a${k}_3 = NS${k}[b4 + 3];`).join('\n');
  const store = noise.map((k) => `NS${k}[b4] = a${k}_0; NS${k}[b4 + 1] = a${k}_1; NS${k}[b4 + 2] = a${k}_2; NS${k}[b4 + 3] = a${k}_3;`).join('\n');
  const B = NOISE_BLOCK;
  return `{\n${pre.join('\n')}\nfor (let b = ${g.lo / B}; b < ${Math.ceil(g.hi / B)}; b++) {\nconst b4 = 4 * b, ie = b < ${Math.ceil(N / B) - 1} ? (b + 1) * ${B} : ${N};\n${load}\nfor (let i = b * ${B}; i < ie; i++) ${cells}\n${store}\n}\n}`;
}

/**
 * 'located' events, the single-cell engine's fixed-step driver piece by piece: a step is integrated
 * in pieces ending where a refractory period ends and at events; an event's time is the root of g
 * on the method's own partial step from the piece start (Illinois regula falsi to 1e-12, as
 * src/single/simulate.ts `locate`), the state is advanced to it, reset, and the rest of the step
 * integrated from there. Works on the start locals y (updated in place).
 */
function locatedSteps(g: PopGen, net: BuiltNetwork, monitored: Set<number>, a: Arith): string {
  const ir = g.ir;
  const y = (k: number): string => `y${k}`;
  const yn = (k: number): string => `yn${k}`;
  const z = (k: number): string => `z${k}`;
  const ref = g.hasRefractory;
  const L: string[] = [];
  L.push(`let ${[...Array(g.nc).keys()].map(z).join(', ')};`);
  // (n + 1) dt, not t + dt: the single-cell engine's step ends, to the last bit
  L.push(`let tc = t, first = true, pieces = 0;`, `const tn = (n + 1) * ${jsNumber(net.dt)};`);
  L.push('while (tc < tn) {');
  L.push(`if (++pieces > 100000) FAIL.stuck(${g.p}, i, tc);`);
  L.push('let tb = tn;');
  if (ref) L.push('if (ru > tc && ru < tb) tb = ru;', 'const cl = tc < ru;');
  else L.push('const cl = false;');
  const clamp = ref ? { runtime: 'cl' } : ('none' as const);
  L.push(g.advance(a.F('(tb - tc)'), 'tc', y, yn, clamp, 'p'));
  L.push([...Array(g.nv).keys()].map((k) => `if (!(yn${k} <= 1e12 && yn${k} >= -1e12)) FAIL.diverged(${g.p}, ${k}, i, tb, yn${k});`).join('\n'));
  L.push('let fe = -1, te = tb;');
  if (ir.events.length) {
    L.push('if (!cl) {');
    const st0: Stage = { y, t: 'tc', sfx: '_l0' };
    const st1: Stage = { y: yn, t: 'tb', sfx: '_l1' };
    L.push(g.prologue(st0, ir.events.map((e) => e.g)), g.prologue(st1, ir.events.map((e) => e.g)));
    ir.events.forEach((e, k) => {
      L.push('{');
      L.push(`const g0 = first ? ga${k} : ${a.expr(e.g, g.sym(st0))};`, `const g1 = ${a.expr(e.g, g.sym(st1))};`);
      const crossed = e.direction === 1 ? 'g0 < 0 && g1 >= 0' : 'g0 > 0 && g1 <= 0';
      L.push(`if (${crossed}) {`);
      L.push('let lo = tc, hi = tb, glo = g0, ghi = g1, side = 0;');
      L.push('if (ghi !== 0) {');
      L.push('for (let it = 0; it < 200 && Math.abs(hi - lo) > 1e-12 * Math.max(1, Math.abs(hi)); it++) {');
      L.push('let m = (lo * ghi - hi * glo) / (ghi - glo);', 'if (!(m > Math.min(lo, hi) && m < Math.max(lo, hi))) m = 0.5 * (lo + hi);');
      L.push(g.advance(a.F('(m - tc)'), 'tc', y, z, clamp, `m${k}`));
      const stm: Stage = { y: z, t: 'm', sfx: `_m${k}` };
      L.push(g.prologue(stm, [e.g]), `const gm = ${a.expr(e.g, g.sym(stm))};`);
      L.push('if (gm === 0) { hi = m; break; }');
      L.push('if (Math.sign(gm) === Math.sign(ghi)) { hi = m; ghi = gm; if (side === 1) glo /= 2; side = 1; }');
      L.push('else { lo = m; glo = gm; if (side === -1) ghi /= 2; side = -1; }');
      L.push('}', '}');
      L.push(`if (fe < 0 || hi < te) { fe = ${k}; te = hi; }`);
      L.push('}', '}');
    });
    L.push('}');
  }
  L.push('first = false;');
  if (ir.events.length) {
    L.push('if (fe >= 0) {');
    L.push(g.advance(a.F('(te - tc)'), 'tc', y, y, clamp, 'e'));
    L.push([...Array(g.nv).keys()].map((k) => `if (!(y${k} <= 1e12 && y${k} >= -1e12)) FAIL.diverged(${g.p}, ${k}, i, te, y${k});`).join('\n'));
    ir.events.forEach((_, k) => L.push(`${k === 0 ? '' : 'else '}if (fe === ${k}) {`, fireEvent(g, k, net, monitored, y), '}'));
    if (ref) L.push('ru = RU' + g.p + '[i];');
    L.push('tc = te;', 'continue;', '}');
  }
  L.push(`${[...Array(g.nc).keys()].map((k) => `y${k} = yn${k};`).join(' ')}`, 'tc = tb;', '}');
  return L.join('\n');
}

/**
 * One standard normal into `z` from drive k's inline xoshiro128** state (a{k}_0..3, the current
 * block's stream): the ziggurat fast path here, the rare wedge/tail through TAIL on a scratch
 * generator (RG<k>) the state is copied into and back. The same numbers as NoiseStream
 * (src/network/rng.ts).
 */
function normalDraw(k: number, z: string): string {
  const s = (j: number): string => `a${k}_${j}`;
  return [
    `let ${z};`,
    '{',
    `const m = Math.imul(${s(1)}, 5);`,
    'const r = Math.imul((m << 7) | (m >>> 25), 9);',
    `const u = ${s(1)} << 9;`,
    `const n2 = ${s(2)} ^ ${s(0)}, n3 = ${s(3)} ^ ${s(1)};`,
    `${s(1)} = ${s(1)} ^ n2; ${s(0)} = ${s(0)} ^ n3; ${s(2)} = n2 ^ u; ${s(3)} = (n3 << 11) | (n3 >>> 21);`,
    'const iz = r & 127;',
    `if (Math.abs(r) < KN[iz]) ${z} = r * WN[iz];`,
    `else { const q = RG${k}.s; q[0] = ${s(0)}; q[1] = ${s(1)}; q[2] = ${s(2)}; q[3] = ${s(3)}; ${z} = TAIL(RG${k}, r, iz); ${s(0)} = q[0]; ${s(1)} = q[1]; ${s(2)} = q[2]; ${s(3)} = q[3]; }`,
    '}',
  ].join('\n');
}

/** Stage reading cell `c` straight from the arrays (traces, activities, t = 0 events). */
function arrayStage(g: PopGen, cell: string, sfx: string): Stage {
  return { y: (k) => (k < g.nv ? `Y${g.p}_${k}[${cell}]` : '0'), t: 't', sfx };
}

/**
 * A value (variable or named expression) of cell `cell` read from the arrays, as statements `pre`
 * and an expression. Synaptic targets read their base value (the synaptic terms are per-step locals).
 */
function valueAt(g: PopGen, name: string, cell: string, sfx: string): { pre: string; expr: string } {
  const st = arrayStage(g, cell, sfx);
  const k = g.vIndex.get(name);
  if (k !== undefined) return { pre: '', expr: `Y${g.p}_${k}[${cell}]` };
  const node = g.ir.named[g.nIndex.get(name)!].node;
  const saved = new Map(g.targets);
  g.targets.clear();
  const out = { pre: g.prologue(st, [node]), expr: g.a.expr(node, g.sym(st)) };
  for (const [kk, v] of saved) g.targets.set(kk, v);
  return out;
}

function traceSample(g: PopGen, variable: string, k: number, nCells: number, input: boolean): string {
  const v = input ? { pre: '', expr: `TI${g.p}_${g.targets.get(variable)!.j}[i]` } : valueAt(g, variable, 'i', '_t');
  // samples are [sample][cell]: each part writes the columns of its own cells
  const mineOnly = g.lo === 0 && g.hi === g.pop.size ? '' : `if (i < ${g.lo} || i >= ${g.hi}) continue;`;
  return `for (let c = 0; c < ${nCells}; c++) { const i = TC${k}[c]; ${mineOnly} ${v.pre} TR${k}[tp${k} + c] = ${v.expr}; } tp${k} += ${nCells};`;
}

function activityLoop(g: PopGen, p: number, net: BuiltNetwork): string {
  const names = new Set(net.projections.filter((q) => q.synapse.kind === 'rate' && q.pre.kind === 'population' && q.pre.index === p).map((q) => (q.synapse as { activity: string }).activity));
  if (names.size > 1) throw new NetworkError(`population '${g.pop.name}' drives rate synapses with different activities (${[...names].join(', ')}); the kernel supports one`, { population: g.pop.name });
  const name = [...names][0];
  const v = valueAt(g, name, 'i', '_a');
  return `for (let i = ${g.lo}; i < ${g.hi}; i++) { ${v.pre} ACT${p}[ao + i] = ${v.expr}; }`;
}

/**
 * A dense row without per-synapse delays over the post cells [lo, hi), unrolled by four (V8 does
 * not vectorise; four independent adds per iteration measured ~1.6x faster here than one), then
 * the remainder.
 */
function denseRow(N: number, lo: number, hi: number, k: number, idx: (c: string) => string, add: (i: string, w: string) => string): string {
  const main = lo + (hi - lo) - ((hi - lo) % 4);
  const unrolled = [0, 1, 2, 3].map((u) => add(idx(`q + ${u}`), `W${k}[b + q + ${u}]`)).join(' ');
  const rest = main < hi ? ` for (let q = ${main}; q < ${hi}; q++) ${add(idx('q'), `W${k}[b + q]`)}` : '';
  return `{ const b = j * ${N}; for (let q = ${lo}; q < ${main}; q += 4) { ${unrolled} }${rest} }`;
}

/**
 * Propagation of the previous step's spikes (and this step's source spikes), and rate matvecs,
 * into this part's post cells only: a sparse row is cut at the part's first column (SPL, the row
 * starts per part; the whole row when there is one part), a dense row is read over the part's cells.
 */
function deliveries(net: BuiltNetwork, channels: Channel[], a: Arith, split: KernelSplit, fcAt: (par: string, p: number, w: string) => string): string {
  const out: string[] = [];
  const chOf = new Map<number, Channel>();
  for (const ch of channels) for (const pr of ch.projections) chOf.set(pr.index, ch);
  const T = split.count;
  const W = split.index;
  const rowOf = (k: number): [string, string] => (T === 1 ? [`RP${k}[j]`, `RP${k}[j + 1]`] : [`SPL${k}[j * ${T + 1} + ${W}]`, `SPL${k}[j * ${T + 1} + ${W + 1}]`]);
  for (const pr of net.projections) {
    const k = pr.index;
    const ch = chOf.get(k)!;
    const N = net.populations[pr.post].size;
    const [lo, hi] = split.ranges[W][pr.post];
    if (lo === hi) continue;
    const [rs, re] = rowOf(k);
    if (pr.synapse.kind === 'rate') {
      const act = pr.pre.kind === 'population' ? `ACT${pr.pre.index}[${(pr.pre.size)} * (n & 1) + j]` : `AC${pr.pre.index}[j]`;
      const inner = pr.col
        ? `for (let s = ${rs}, e = ${re}; s < e; s++) RA${ch.id}[C${k}[s]] += ${a.mul(`W${k}[s]`, 'x')};`
        : `for (let q = ${lo}, b = j * ${N}; q < ${hi}; q++) RA${ch.id}[q] += ${a.mul(`W${k}[b + q]`, 'x')};`;
      out.push(`for (let j = 0; j < ${pr.pre.size}; j++) { const x = ${act}; if (x !== 0) { ${inner} } }`);
      continue;
    }
    // the target array and the slot of each synapse
    const Tg = ch.direct ? `G${ch.id}` : `CH${ch.id}`;
    let idx: (col: string) => string;
    const pre: string[] = [];
    if (ch.direct) idx = (c) => c;
    else if (pr.delays) {
      pre.push(`const sb = n % ${ch.depth};`);
      idx = (c) => `((sb + DL${k}[s]) % ${ch.depth}) * ${N} + ${c}`;
    } else if (ch.depth === 1) idx = (c) => c;
    else {
      pre.push(`const o = ((n + ${pr.delaySteps}) % ${ch.depth}) * ${N};`);
      idx = (c) => `o + ${c}`;
    }
    const add = (i: string, w: string): string => (a.f32 ? `${Tg}[${i}] = ${a.add(`${Tg}[${i}]`, w)};` : `${Tg}[${i}] += ${w};`);
    const row = pr.col
      ? `for (let s = ${rs}, e = ${re}; s < e; s++) ${add(idx(`C${k}[s]`), `W${k}[s]`)}`
      : pr.delays
        ? `for (let q = ${lo}, s = j * ${N} + ${lo}; q < ${hi}; q++, s++) ${add(idx('q'), `W${k}[s]`)}`
        : denseRow(N, lo, hi, k, idx, add);
    let list: string;
    if (pr.pre.kind === 'population') {
      // every part's spikes of the last step, in part order (= cell order, as one part would list them)
      const q = pr.pre.index;
      const fl = `FL${q}`;
      const each = (u: string): string => `{ const f0 = ${pr.pre.size} * (n & 1) + FLO${q}[${u}]; for (let f = f0, fe = f0 + ${fcAt('(n & 1)', q, u)}; f < fe; f++) { const j = ${fl}[f]; ${row} } }`;
      list = T === 1 ? each('0') : `for (let u = 0; u < ${T}; u++) ${each('u')}`;
    } else list = `for (let f = SP${pr.pre.index}[n], fe = SP${pr.pre.index}[n + 1]; f < fe; f++) { const j = SC${pr.pre.index}[f]; ${row} }`;
    out.push(`{ ${pre.join(' ')} ${list} }`);
  }
  return out.join('\n');
}

/** Cells whose event condition holds at t = 0 fire at t = 0 (the single-cell engine's startEvent). */
function startEvents(g: PopGen, net: BuiltNetwork, monitored: Set<number>, a: Arith): string {
  const ir = g.ir;
  if (!ir.events.length) return '';
  const p = g.p;
  const lines: string[] = [`for (let i = ${g.lo}; i < ${g.hi}; i++) {`];
  for (let k = 0; k < g.nv; k++) lines.push(`let yn${k} = Y${p}_${k}[i];`);
  const saved = new Map(g.targets);
  g.targets.clear(); // at t = 0 no synaptic input exists yet: targets are their base values
  const st: Stage = { y: (k) => `yn${k}`, t: '0', sfx: '_s' };
  lines.push(g.prologue(st, ir.events.map((e) => e.g)));
  lines.push('const te = 0; let fe = -1;');
  ir.events.forEach((e, k) => lines.push(`if (fe < 0 && ${e.direction} * ${a.expr(e.g, g.sym(st))} >= 0) fe = ${k};`));
  ir.events.forEach((_, k) => lines.push(`if (fe === ${k}) {`, fireEvent(g, k, net, monitored, (j) => `yn${j}`), '}'));
  for (const [kk, v] of saved) g.targets.set(kk, v);
  for (let k = 0; k < g.nv; k++) lines.push(`Y${p}_${k}[i] = yn${k};`);
  lines.push('}');
  return lines.join('\n');
}
