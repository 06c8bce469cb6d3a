/**
 * The scalar target: one model → plain JS functions over Float64Arrays, used by the single-cell
 * engine (odex, events, phase plane). No allocation per call.
 */
import type { Model } from '../model/model.js';
import type { ModelIR } from '../model/ir.js';
import type { MathNode } from '../model/math.js';
import { SymbolNode, view } from '../model/math.js';
import { OptionError } from '../model/errors.js';
import { commentText as cm, emitJS, instantiate, type SymbolMap } from './emit-js.js';

export type Vec = Float64Array | number[];

export interface CompiledEvent {
  name: string;
  direction: 1 | -1;
  /** threshold function: the event fires when g crosses 0 in `direction` */
  g(t: number, y: Vec, p: Vec): number;
  /** writes the post-event state into `out` (which may be `y`) */
  reset(t: number, y: Vec, p: Vec, out: Vec): void;
  /** refractory period for parameters p (0 if none) */
  refractory(p: Vec): number;
  /** state indices clamped during the refractory period */
  clamp: number[];
}

export interface CompiledModel {
  name: string;
  /** number of state variables */
  n: number;
  variables: string[];
  parameters: string[];
  /** default parameter values */
  defaults: Float64Array;
  /** names of named expressions and inputs, in `observe` order */
  observables: string[];
  /** dy = f(t, y; p) */
  rhs(t: number, y: Vec, p: Vec, dy: Vec): void;
  /** J (row-major n×n) = ∂f/∂y (derived and compiled on first access) */
  readonly jac: (t: number, y: Vec, p: Vec, J: Vec) => void;
  /**
   * initial state for parameters p; `given[i]`, where not NaN, replaces variable i's init
   * expression, and later init expressions see it (so `u: b*v` follows an overridden v)
   */
  init(p: Vec, out: Vec, given?: Vec): void;
  /** values of named expressions and inputs */
  observe(t: number, y: Vec, p: Vec, out: Vec): void;
  events: CompiledEvent[];
  /** the generated JS, for inspection */
  source: string;
  /** the generated Jacobian JS (derived and compiled on first access) */
  readonly jacobianSource: string;
  /** parameter vector from defaults with overrides by name */
  params(overrides?: Record<string, number>): Float64Array;
}

const cache = new WeakMap<Model, CompiledModel>();

/**
 * Compile a model to scalar JS functions (cached per model).
 * @example const c = compile(model); const dy = new Float64Array(c.n); c.rhs(0, y0, c.defaults, dy);
 */
export function compile(model: Model): CompiledModel {
  let c = cache.get(model);
  if (!c) {
    c = compileIR(model.ir);
    cache.set(model, c);
  }
  return c;
}

function symbolsOf(node: MathNode, out: Set<string>): Set<string> {
  node.traverse((n: MathNode) => {
    const v = view(n);
    if (v.type === 'SymbolNode') out.add(v.name);
  });
  return out;
}

export function compileIR(ir: ModelIR): CompiledModel {
  const vIndex = new Map(ir.variables.map((v) => [v.name, v.index]));
  const pIndex = new Map(ir.parameters.map((p) => [p.name, p.index]));
  const nIndex = new Map(ir.named.map((x, i) => [x.name, i]));
  const n = ir.variables.length;
  const sym: SymbolMap = (name) => {
    if (name === 't') return 't';
    if (vIndex.has(name)) return `y${vIndex.get(name)}`;
    if (pIndex.has(name)) return `p${pIndex.get(name)}`;
    if (nIndex.has(name)) return `x${nIndex.get(name)}`;
    throw new Error(`internal: unresolved symbol ${name}`);
  };

  /** Body prologue: locals for the state, parameters and named expressions the given nodes need. */
  const prologue = (nodes: MathNode[], stateVar = 'y'): string => {
    const used = new Set<string>();
    for (const node of nodes) symbolsOf(node, used);
    // named expressions pull in their own dependencies, in dependency order
    const needed = new Set<number>();
    const need = (name: string): void => {
      const k = nIndex.get(name);
      if (k === undefined || needed.has(k)) return;
      needed.add(k);
      for (const s of symbolsOf(ir.named[k].node, new Set())) {
        used.add(s);
        need(s);
      }
    };
    for (const s of [...used]) need(s);
    const lines: string[] = [];
    for (const v of ir.variables)
      if (used.has(v.name)) lines.push(`  const y${v.index} = ${stateVar}[${v.index}]; // ${cm(v.name)}`);
    for (const p of ir.parameters)
      if (used.has(p.name)) lines.push(`  const p${p.index} = p[${p.index}]; // ${cm(p.name)}`);
    ir.named.forEach((x, k) => {
      if (needed.has(k)) lines.push(`  const x${k} = ${emitJS(x.node, sym)}; // ${cm(x.name)}`);
    });
    return lines.join('\n');
  };

  const fn = (name: string, args: string, nodes: MathNode[], body: string[], stateVar?: string): string =>
    `function ${name}(${args}) {\n${prologue(nodes, stateVar)}\n${body.join('\n')}\n}`;

  const parts: string[] = [];
  parts.push(
    fn(
      'rhs',
      't, y, p, dy',
      ir.variables.map((v) => v.ddt),
      ir.variables.map((v) => `  dy[${v.index}] = ${emitJS(v.ddt, sym)}; // d${cm(v.name)}/dt`),
    ),
  );
  // init: each variable's initial value may use parameters and earlier initial values
  const initSym: SymbolMap = (name) => (vIndex.has(name) ? `out[${vIndex.get(name)}]` : sym(name));
  const initParams = new Set<string>();
  ir.variables.forEach((v) => symbolsOf(v.init, initParams));
  parts.push(
    `function init(p, out, given) {\n${ir.parameters
      .filter((p) => initParams.has(p.name))
      .map((p) => `  const p${p.index} = p[${p.index}]; // ${cm(p.name)}`)
      .join('\n')}\n${ir.variables
      .map(
        (v) =>
          `  out[${v.index}] = given !== undefined && given[${v.index}] === given[${v.index}] ` +
          `? given[${v.index}] : ${emitJS(v.init, initSym)}; // ${cm(v.name)}`,
      )
      .join('\n')}\n}`,
  );
  parts.push(
    fn(
      'observe',
      't, y, p, out',
      ir.named.map((x) => new SymbolNode(x.name)),
      ir.named.map((x, k) => `  out[${k}] = x${k}; // ${cm(x.name)}`),
    ),
  );
  ir.events.forEach((e, k) => {
    parts.push(fn(`g${k}`, 't, y, p', [e.g], [`  return ${emitJS(e.g, sym)}; // ${cm(e.name)}`]));
    // resets are simultaneous: all right sides read the pre-reset state from the locals
    const resetBody = e.resets.map((r) => `  const r${r.index} = ${emitJS(r.node, sym)}; // ${cm(r.variable)}`);
    if (resetBody.length === 0) resetBody.push('  // no assignments');
    resetBody.push(`  if (out !== y) for (let i = 0; i < ${n}; i++) out[i] = y[i];`);
    for (const r of e.resets) resetBody.push(`  out[${r.index}] = r${r.index};`);
    parts.push(
      fn(
        `reset${k}`,
        't, y, p, out',
        e.resets.map((r) => r.node),
        resetBody,
      ),
    );
    parts.push(
      fn(`refractory${k}`, 'p', e.refractory ? [e.refractory] : [], [
        `  return ${e.refractory ? emitJS(e.refractory, sym) : '0'};`,
      ]),
    );
  });
  const names = ['rhs', 'init', 'observe'];
  const eventList = ir.events.map((_, k) => `[g${k}, reset${k}, refractory${k}]`).join(', ');
  const source =
    `// isocline: generated from model ${cm(ir.name)}\n${parts.join('\n\n')}\n\n` +
    `return { ${names.join(', ')}, events: [${eventList}] };\n`;

  type Fns = {
    rhs: CompiledModel['rhs'];
    init: CompiledModel['init'];
    observe: CompiledModel['observe'];
    events: [CompiledEvent['g'], CompiledEvent['reset'], CompiledEvent['refractory']][];
  };
  const f = instantiate<Fns>([], source);
  let jac: { fn: CompiledModel['jac']; source: string } | undefined;
  const compileJacobian = (): { fn: CompiledModel['jac']; source: string } => {
    const lines: string[] = [];
    ir.jacobian.forEach((row, i) =>
      row.forEach((d, j) =>
        lines.push(
          `  J[${i * n + j}] = ${emitJS(d, sym)}; // d(d${cm(ir.variables[i].name)}/dt)/d${cm(ir.variables[j].name)}`,
        ),
      ),
    );
    const src = `${fn('jac', 't, y, p, J', ir.jacobian.flat(), lines)}\nreturn jac;\n`;
    return { fn: instantiate<CompiledModel['jac']>([], src), source: src };
  };
  const defaults = Float64Array.from(ir.parameters.map((p) => p.value));
  const parameters = ir.parameters.map((p) => p.name);
  return {
    name: ir.name,
    n,
    variables: ir.variables.map((v) => v.name),
    parameters,
    defaults,
    observables: ir.named.map((x) => x.name),
    rhs: f.rhs,
    // compiled on first use, like the symbolic Jacobian it comes from
    get jac() {
      return (jac ??= compileJacobian()).fn;
    },
    get jacobianSource() {
      return (jac ??= compileJacobian()).source;
    },
    init: f.init,
    observe: f.observe,
    events: ir.events.map((e, k) => ({
      name: e.name,
      direction: e.direction,
      g: f.events[k][0],
      reset: f.events[k][1],
      refractory: f.events[k][2],
      clamp: e.clamp,
    })),
    source,
    params(overrides = {}) {
      const p = Float64Array.from(defaults);
      for (const [k, v] of Object.entries(overrides)) {
        const i = parameters.indexOf(k);
        if (i < 0) throw new OptionError(`model '${ir.name}': no parameter '${k}'`);
        p[i] = v;
      }
      return p;
    },
  };
}
