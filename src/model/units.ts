/**
 * Dimensional checking of a model's equations against the units it declares.
 *
 * The rule (docs/model-file.md, "Units"):
 * - A declared unit is a mathjs unit string (`mV`, `1/ms`, `uA/cm^2`, `MOhm`, `mM`; `1` is
 *   dimensionless). It fixes both the dimension and the scale: isocline never converts, so `mV`
 *   added to `V` is an error just as `mV` added to `nS` is.
 * - A bare number, and a parameter or variable declared without a unit, has no unit of its own:
 *   it takes whichever unit its place needs. That is how the literature writes models
 *   (`0.04*v^2 + 5*v + 140` in Izhikevich 2003 means 0.04 /(mV ms), 5 /ms, 140 mV/ms; HH rate
 *   constants carry mV and 1/ms silently), so such models check without rewriting, while every
 *   relation between quantities that do declare units is checked.
 * - Sums, differences, comparisons, min/max/clip/mod and the two branches of `c ? a : b` need one
 *   unit; exp, log, the trigonometric and hyperbolic functions, sigmoid and exprel need a
 *   dimensionless argument of scale 1; x^n with a constant n gives unit^n (a non-constant
 *   exponent of a quantity with a unit leaves the result unchecked).
 * - d x/dt must have x's unit per `time_unit`; a reset of x and x's initial-value expression x's
 *   unit; a refractory period the time unit; both sides of an event condition one unit. Named
 *   expressions and inputs have no declared unit: theirs is inferred from their definition.
 * - A model that declares no unit at all is not checked.
 */
import { create, all } from 'mathjs';
import { ModelError, nearestName } from './errors.js';
import type { ModelIR } from './ir.js';
import type { MathNode } from './math.js';
import { view } from './math.js';
import { parseExpression, symbolColumn, type ParsedExpression } from './parse.js';
import type { ModelSpec } from './spec.js';

/** A dimension (exponents of mathjs's base dimensions) and the SI scale of one unit of it. */
export interface Dimension {
  dims: readonly number[];
  scale: number;
  /** the unit as a product of the model's own unit words and their powers, for messages */
  factors: Readonly<Record<string, number>>;
}

/** A unit mismatch or an unknown unit, with where it was found (column of the offending term). */
export class UnitError extends ModelError {}

// A private mathjs instance: the units added below must not leak into the parser's instance.
const unitMath = create(all, { number: 'number' });
// Units neuroscience writes that mathjs lacks: Ohm (capitalised, so MOhm and GOhm work) and
// molar concentration (M, mM, uM, nM).
unitMath.createUnit('Ohm', { definition: '1 ohm', prefixes: 'short' });
unitMath.createUnit('M', { definition: '1 mol/L', prefixes: 'short' });

const NDIM = unitMath.Unit.BASE_DIMENSIONS.length;
const DIMENSIONLESS: Dimension = { dims: new Array<number>(NDIM).fill(0), scale: 1, factors: {} };
const COMMON = ['mV', 'V', 'ms', 's', 'Hz', 'nS', 'uS', 'mS/cm^2', 'pA', 'nA', 'uA/cm^2', 'pF', 'uF/cm^2', 'MOhm', 'mM', 'uM', '1'];
const UNKNOWN = "units are written as mV, 1/ms, nS, uA/cm^2, MOhm, mM; '1' is dimensionless";

/**
 * Parse a unit string into its dimension and scale.
 * @example parseUnit('uA/cm^2') // { dims: [0, -2, 0, 1, 0, ...], scale: 0.01, factors: { uA: 1, cm: -2 } }
 * @throws UnitError for anything mathjs does not know as a unit
 */
export function parseUnit(text: string): Dimension {
  // models are rebuilt for every preset and parameter change; mathjs's unit parser is the slow part
  let d = unitCache.get(text);
  if (!d) {
    d = parseUnitUncached(text);
    if (unitCache.size > 1000) unitCache.clear();
    unitCache.set(text, d);
  }
  return d;
}
const unitCache = new Map<string, Dimension>();

function parseUnitUncached(text: string): Dimension {
  const t = text.trim().replace(/[\u00b5\u03bc]/g, 'u');
  if (t === '1') return DIMENSIONLESS;
  let u;
  try {
    u = unitMath.unit(t);
  } catch {
    throw new UnitError(`unknown unit '${text}' (${UNKNOWN})`, { suggestion: nearestName(t, COMMON) });
  }
  // mathjs's typings call the prefix a string; at run time it is { name, value }
  const parts = u.units as unknown as { unit: { name: string; value: number }; prefix: { name: string; value: number }; power: number }[];
  let scale = 1;
  const factors: Record<string, number> = {};
  for (const f of parts) {
    scale *= Math.pow(f.unit.value * f.prefix.value, f.power);
    const key = f.prefix.name + f.unit.name;
    factors[key] = (factors[key] ?? 0) + f.power;
  }
  // `1/ms` parses with a value (1000: the SI value of the number in front); any number other
  // than 1 there (`10 mV`) would be a unit isocline cannot mean
  if (u.value !== null && u.value !== undefined && Math.abs(Number(u.value) / scale - 1) > 1e-12) {
    throw new UnitError(`unit '${text}' carries a number (${UNKNOWN})`);
  }
  if (parts.length === 0) throw new UnitError(`unit '${text}' is a number; write '1' for dimensionless (${UNKNOWN})`);
  return { dims: [...u.dimensions], scale, factors };
}

/** A quantity's unit, or null: no unit of its own (a bare number, an undeclared symbol). */
type Q = Dimension | null;

const sameDims = (a: Dimension, b: Dimension): boolean => a.dims.every((d, i) => Math.abs(d - b.dims[i]) < 1e-12);
const same = (a: Dimension, b: Dimension): boolean => sameDims(a, b) && Math.abs(a.scale - b.scale) <= 1e-9 * Math.max(Math.abs(a.scale), Math.abs(b.scale));
const isDimensionless = (a: Dimension): boolean => a.dims.every((d) => d === 0) && Math.abs(a.scale - 1) <= 1e-9;

function combine(a: Dimension, b: Dimension, sign: 1 | -1): Dimension {
  const factors: Record<string, number> = { ...a.factors };
  for (const [k, p] of Object.entries(b.factors)) {
    const q = (factors[k] ?? 0) + sign * p;
    if (Math.abs(q) < 1e-12) delete factors[k];
    else factors[k] = q;
  }
  return { dims: a.dims.map((d, i) => d + sign * b.dims[i]), scale: sign === 1 ? a.scale * b.scale : a.scale / b.scale, factors };
}
const mul = (a: Dimension, b: Dimension): Dimension => combine(a, b, 1);
const div = (a: Dimension, b: Dimension): Dimension => combine(a, b, -1);
function power(a: Dimension, n: number): Dimension {
  const factors = Object.fromEntries(Object.entries(a.factors).map(([k, p]) => [k, p * n]));
  return { dims: a.dims.map((d) => d * n), scale: Math.pow(a.scale, n), factors };
}

/** A unit as text: `mV/ms`, `mS*mV/cm^2`, `1/(ms*pF)`. */
export function formatUnit(a: Dimension): string {
  const word = (k: string, p: number): string => (p === 1 ? k : `${k}^${+p.toFixed(6)}`);
  const up = Object.entries(a.factors).filter(([, p]) => p > 0).map(([k, p]) => word(k, p));
  const down = Object.entries(a.factors).filter(([, p]) => p < 0).map(([k, p]) => word(k, -p));
  const num = up.length ? up.join('*') : '1';
  if (!down.length) return num;
  return `${num}/${down.length > 1 ? `(${down.join('*')})` : down[0]}`;
}

/** How a unit reads in a message: the text, and the scale when it is a pure number such as mV/V. */
function show(a: Dimension): string {
  const text = formatUnit(a);
  if (text === '1') return 'dimensionless';
  if (a.dims.every((d) => d === 0) && text !== '1') return `${text} (dimensionless, × ${a.scale})`;
  return text;
}

/** Value of an expression made of numbers only (for exponents), else undefined. */
function constantValue(node: MathNode): number | undefined {
  const v = view(node);
  if (v.type === 'ConstantNode') return v.value;
  if (v.type === 'ParenthesisNode') return constantValue(v.content);
  if (v.type !== 'OperatorNode') return undefined;
  const xs = v.args.map(constantValue);
  if (xs.some((x) => x === undefined)) return undefined;
  const [a, b] = xs as number[];
  switch (v.fn) {
    case 'unaryMinus': return -a;
    case 'unaryPlus': return a;
    case 'add': return a + b;
    case 'subtract': return a - b;
    case 'multiply': return a * b;
    case 'divide': return a / b;
    case 'pow': return Math.pow(a, b);
    default: return undefined;
  }
}

const NEEDS_DIMENSIONLESS = new Set(['exp', 'log', 'log10', 'log2', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'atan', 'sigmoid', 'exprel']);
const SAME_AS_ARGUMENT = new Set(['abs', 'relu', 'floor']);
const SAME_UNIT_ARGUMENTS = new Set(['min', 'max', 'clip']);

/**
 * Columns of the leaves (numbers and symbols) of a parsed expression, in the order a left-to-right
 * walk of the tree meets them: an infix expression lists its operands in the order it is written,
 * so the k-th leaf of the tree is the k-th number or name (not a function name or keyword) of the
 * text mathjs parsed. Null when the count disagrees (then columns fall back to symbol lookup).
 */
function leafColumns(p: ParsedExpression): { start: number; end: number }[] | null {
  const text = p.text ?? p.source;
  const map = p.map;
  const out: { start: number; end: number }[] = [];
  const re = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*/g;
  const keywords = new Set(['and', 'or', 'not', 'xor', 'mod']);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = m[0];
    if (/^[A-Za-z_]/.test(word)) {
      if (keywords.has(word)) continue;
      if (/^\s*\(/.test(text.slice(m.index + word.length))) continue; // a function name
    }
    const toSource = (i: number): number => (map ? map[Math.min(i, map.length - 1)] : i);
    out.push({ start: toSource(m.index) + 1, end: toSource(m.index + word.length - 1) + 2 });
  }
  let leaves = 0;
  const count = (n: MathNode): void => {
    const v = view(n);
    if (v.type === 'ConstantNode' || v.type === 'SymbolNode') leaves++;
    else children(n).forEach(count);
  };
  count(p.node);
  return leaves === out.length ? out : null;
}

function children(n: MathNode): MathNode[] {
  const v = view(n);
  switch (v.type) {
    case 'OperatorNode':
    case 'FunctionNode':
      return v.args;
    case 'ConditionalNode':
      return [v.condition, v.trueExpr, v.falseExpr];
    case 'ParenthesisNode':
      return [v.content];
    default:
      return [];
  }
}

/**
 * The source text of a node from its leaves' span [a, b): widened to take in a function's name
 * and opening parenthesis, a leading unary minus, and the parentheses the span leaves unbalanced.
 */
function displayed(source: string, a: number, b: number, n: MathNode): { text: string; start: number } {
  const v = view(n);
  if (v.type === 'FunctionNode') {
    const m = new RegExp(`${v.fn.name}\\s*\\(\\s*$`).exec(source.slice(0, a));
    if (m) a = m.index;
  }
  if (v.type === 'OperatorNode' && (v.fn === 'unaryMinus' || v.fn === 'unaryPlus' || v.fn === 'not')) {
    const m = (v.fn === 'not' ? /\bnot[\s(]*$/ : /[-+][\s(]*$/).exec(source.slice(0, a));
    if (m) a = m.index;
  }
  const depth = (t: string): [number, number] => {
    let open = 0;
    let unmatched = 0;
    for (const ch of t) {
      if (ch === '(') open++;
      else if (ch === ')') open > 0 ? open-- : unmatched++;
    }
    return [unmatched, open];
  };
  let [close, open] = depth(source.slice(a, b));
  while (close > 0 && a > 0) {
    a--;
    if (source[a] === '(') {
      close--;
      // a parenthesis that opens a call belongs with its function's name (np.exp( too)
      const name = /[A-Za-z_][A-Za-z0-9_.]*\s*$/.exec(source.slice(0, a));
      if (name) a = name.index;
    }
  }
  while (open > 0 && b < source.length) {
    if (source[b] === ')') open--;
    b++;
  }
  const lead = source.slice(a, b).length - source.slice(a, b).trimStart().length;
  return { text: source.slice(a, b).trim(), start: a + lead };
}

interface Where {
  model: string;
  field: string;
}

/** One expression's checker: knows its source, so any node can be shown and located. */
class ExpressionCheck {
  private readonly spans = new Map<MathNode, { start: number; end: number }>();

  constructor(
    private readonly p: ParsedExpression,
    private readonly where: Where,
    private readonly env: (name: string) => Q,
  ) {
    const cols = leafColumns(p);
    if (!cols) return;
    let k = 0;
    const visit = (n: MathNode): { start: number; end: number } | undefined => {
      const v = view(n);
      let span: { start: number; end: number } | undefined;
      if (v.type === 'ConstantNode' || v.type === 'SymbolNode') span = cols[k++];
      else {
        for (const c of children(n)) {
          const s = visit(c);
          if (s) span = span ? { start: Math.min(span.start, s.start), end: Math.max(span.end, s.end) } : s;
        }
      }
      if (span) this.spans.set(n, span);
      return span;
    };
    visit(p.node);
  }

  /** The node as written in the source (or as mathjs prints it), and its column. */
  private locate(n: MathNode): { text: string; column?: number } {
    const s = this.spans.get(n);
    if (s) {
      const shown = displayed(this.p.source, s.start - 1, s.end - 1, n);
      return { text: shown.text, column: shown.start + 1 };
    }
    const v = view(n);
    const first = v.type === 'SymbolNode' ? v.name : undefined;
    return { text: n.toString(), column: first ? symbolColumn(this.p, first) : undefined };
  }

  fail(n: MathNode, reason: string): never {
    const { column } = this.locate(n);
    throw new UnitError(`units: ${reason}`, { model: this.where.model, field: this.where.field, expression: this.p.source, column });
  }

  text(n: MathNode): string {
    return this.locate(n).text;
  }

  /**
   * The unit of `n`; when `want` is given, `n` must have it, and a sum, conditional or min/max
   * passes the requirement down so that the first term that breaks it is the one reported.
   */
  check(n: MathNode, want: Q = null, wantWhy?: string): Q {
    const v = view(n);
    const expect = (q: Q): Q => {
      if (want && q && !same(q, want)) {
        this.fail(n, `'${this.text(n)}' is ${show(q)}, but ${wantWhy ?? `'${this.text(n)}' must be ${show(want)}`}`);
      }
      return q ?? want;
    };
    switch (v.type) {
      case 'ConstantNode':
        return want;
      case 'SymbolNode':
        return expect(this.env(v.name));
      case 'ParenthesisNode':
        return this.check(v.content, want, wantWhy);
      case 'ConditionalNode': {
        this.check(v.condition);
        const a = this.check(v.trueExpr, want, wantWhy);
        return this.check(v.falseExpr, a ?? want, a && !want ? `the other branch '${this.text(v.trueExpr)}' is ${show(a)}` : wantWhy);
      }
      case 'OperatorNode':
        return this.operator(n, v.fn, v.args, want, wantWhy, expect);
      case 'FunctionNode':
        return this.call(v.fn.name, v.args, want, wantWhy, expect);
    }
  }

  private sum(args: MathNode[], op: string, want: Q, wantWhy: string | undefined): Q {
    if (want) {
      for (const a of args) this.check(a, want, wantWhy);
      return want;
    }
    const a = this.check(args[0]);
    if (!a) return this.check(args[1]);
    const b = this.check(args[1]);
    if (b && !same(a, b)) {
      // reported at the right operand: the term that breaks the unit the sum already has
      const verb = op === '+' ? `adds ${show(b)} to ${show(a)}` : op === '-' ? `subtracts ${show(b)} from ${show(a)}` : `takes ${show(a)} modulo ${show(b)}`;
      this.fail(args[1], `'${this.text(args[0])} ${op} ${this.text(args[1])}' ${verb}`);
    }
    return a;
  }

  private operator(n: MathNode, fn: string, args: MathNode[], want: Q, wantWhy: string | undefined, expect: (q: Q) => Q): Q {
    switch (fn) {
      case 'add':
        return this.sum(args, '+', want, wantWhy);
      case 'subtract':
        return this.sum(args, '-', want, wantWhy);
      case 'unaryMinus':
      case 'unaryPlus':
        return this.check(args[0], want, wantWhy);
      case 'mod':
        return this.sum(args, 'mod', want, wantWhy);
      case 'multiply':
      case 'divide': {
        // The denominator (or the factor that is not a sum) first. When the other side is a sum
        // that disagrees with itself and the product must have a unit, the sum is checked again
        // against the unit the product needs, so the term that breaks it is the one named (in
        // (I - g*(v - E))/C with g wrong: g*(v - E), not I).
        const isSum = (x: MathNode): boolean => {
          const xv = view(x);
          return xv.type === 'OperatorNode' && (xv.fn === 'add' || xv.fn === 'subtract');
        };
        const rightFirst = fn === 'divide' || isSum(args[0]);
        const [first, second] = rightFirst ? [args[1], args[0]] : [args[0], args[1]];
        const qf = this.check(first);
        let qs: Q;
        try {
          qs = this.check(second);
        } catch (e) {
          if (!(e instanceof UnitError) || !qf || !want) throw e;
          const need = fn === 'multiply' ? div(want, qf) : mul(want, qf);
          this.check(second, need, `${wantWhy ?? `'${this.text(n)}' must be ${show(want)}`}, so '${this.text(second)}' must be ${show(need)}`);
          throw e;
        }
        if (!qf || !qs) return expect(null);
        const [qa, qb] = rightFirst ? [qs, qf] : [qf, qs];
        return expect(fn === 'multiply' ? mul(qa, qb) : div(qa, qb));
      }
      case 'pow':
        return expect(this.power(args[0], args[1]));
      case 'smaller':
      case 'larger':
      case 'smallerEq':
      case 'largerEq':
      case 'equal':
      case 'unequal': {
        const a = this.check(args[0]);
        const b = this.check(args[1]);
        if (a && b && !same(a, b)) {
          this.fail(args[1], `'${this.text(n)}' compares ${show(a)} with ${show(b)}`);
        }
        return expect(DIMENSIONLESS);
      }
      default:
        // and, or, xor, not: truth values
        for (const a of args) this.check(a);
        return expect(DIMENSIONLESS);
    }
  }

  /** x^y and pow(x, y): y dimensionless; a constant y gives unit^y. */
  private power(x: MathNode, y: MathNode): Q {
    const base = this.check(x);
    const exponent = this.check(y);
    if (exponent && !isDimensionless(exponent)) this.fail(y, `the exponent '${this.text(y)}' must be dimensionless, it is ${show(exponent)}`);
    if (!base) return null;
    const k = constantValue(y);
    if (k !== undefined) return power(base, k);
    // base^p with a parameter p: the unit would depend on p's value, so it is left unchecked
    return isDimensionless(base) ? DIMENSIONLESS : null;
  }

  private call(name: string, args: MathNode[], want: Q, wantWhy: string | undefined, expect: (q: Q) => Q): Q {
    if (NEEDS_DIMENSIONLESS.has(name)) {
      const a = this.check(args[0]);
      if (a && !isDimensionless(a)) this.fail(args[0], `${name} needs a dimensionless argument, '${this.text(args[0])}' is ${show(a)}`);
      return expect(DIMENSIONLESS);
    }
    if (SAME_AS_ARGUMENT.has(name)) return this.check(args[0], want, wantWhy);
    if (SAME_UNIT_ARGUMENTS.has(name)) {
      if (want) {
        for (const a of args) this.check(a, want, wantWhy);
        return want;
      }
      let q: Q = null;
      let by: MathNode | undefined;
      for (const a of args) {
        const qa = this.check(a, q, q && by ? `${name}'s argument '${this.text(by)}' is ${show(q)}` : undefined);
        if (qa && !q) {
          q = qa;
          by = a;
        }
      }
      return q;
    }
    switch (name) {
      case 'sign':
      case 'heaviside':
        this.check(args[0]);
        return expect(DIMENSIONLESS);
      case 'sqrt': {
        const a = this.check(args[0]);
        return expect(a ? power(a, 0.5) : null);
      }
      case 'square':
      case 'cube': {
        const a = this.check(args[0]);
        return expect(a ? power(a, name === 'square' ? 2 : 3) : null);
      }
      case 'pow':
        return expect(this.power(args[0], args[1]));
    }
    // every whitelisted function has a rule above; a new one must get one (tested)
    throw new Error(`internal: no unit rule for function ${name}`);
  }
}

/** The function names the checker has a rule for (the test keeps this equal to the whitelist). */
export const UNIT_RULES: ReadonlySet<string> = new Set([...NEEDS_DIMENSIONLESS, ...SAME_AS_ARGUMENT, ...SAME_UNIT_ARGUMENTS, 'sign', 'heaviside', 'sqrt', 'square', 'cube', 'pow']);

/**
 * Check every equation, reset, event condition, initial value, refractory period and named
 * expression of a validated model against its declared units (see the rule at the top of this
 * file). Runs from validation; a model without units returns at once.
 * @throws UnitError naming the model, the equation, the offending term and its column
 * @example checkUnits(spec, buildIR(spec))
 */
export function checkUnits(spec: ModelSpec, ir: ModelIR): void {
  const model = ir.name;
  const declared = (unit: string | undefined, field: string): Q => {
    if (unit === undefined) return null;
    // the TS API takes specs the file schema never saw
    if (typeof unit !== 'string') throw new UnitError(`a unit is a string such as 'mV', got ${JSON.stringify(unit)}`, { model, field });
    try {
      return parseUnit(unit);
    } catch (e) {
      if (e instanceof UnitError) throw new UnitError(e.reason, { ...e.location, model, field });
      throw e;
    }
  };
  const anyUnit = spec.time_unit !== undefined || ir.variables.some((v) => v.unit !== undefined) || ir.parameters.some((p) => p.unit !== undefined);
  if (!anyUnit) return;

  const units = new Map<string, Q>();
  const time = declared(spec.time_unit, 'time_unit');
  units.set('t', time);
  for (const v of ir.variables) units.set(v.name, declared(v.unit, `variable '${v.name}'`));
  for (const p of ir.parameters) units.set(p.name, declared(p.unit, `parameter '${p.name}'`));
  const env = (name: string): Q => units.get(name) ?? null;
  const parse = (source: string, field: string): ParsedExpression => parseExpression(source, { model, field });

  // named expressions and inputs, in dependency order: each one's unit is inferred
  for (const n of ir.named) {
    const field = `${n.kind} '${n.name}'`;
    const p = parse(n.source, field);
    units.set(n.name, new ExpressionCheck(p, { model, field }, env).check(p.node));
  }

  for (const v of ir.variables) {
    const field = `d${v.name}/dt`;
    const q = units.get(v.name) ?? null;
    const want = q && time ? div(q, time) : null;
    const why = want ? `d${v.name}/dt must be ${show(want)} (${v.name} in ${show(q!)}, time in ${show(time!)})` : undefined;
    const p = parse(v.source, field);
    new ExpressionCheck(p, { model, field }, env).check(p.node, want, why);
    const init = (spec.variables[v.name] as { init?: number | string } | string);
    if (typeof init === 'object' && typeof init.init === 'string' && q) {
      const f = `init of '${v.name}'`;
      const ip = parse(init.init, f);
      new ExpressionCheck(ip, { model, field: f }, env).check(ip.node, q, `${v.name} is ${show(q)}`);
    }
  }

  (spec.events ?? []).forEach((e, k) => {
    const ev = ir.events[k];
    const field = `event '${ev.name}'`;
    const wp = parse(e.when, `${field} when`);
    new ExpressionCheck(wp, { model, field: `${field} when` }, env).check(wp.node);
    for (const r of ev.resets) {
      const f = `${field} reset of '${r.variable}'`;
      const q = units.get(r.variable) ?? null;
      const rp = parse(r.source, f);
      new ExpressionCheck(rp, { model, field: f }, env).check(rp.node, q, q ? `${r.variable} is ${show(q)}` : undefined);
    }
    if (typeof e.refractory === 'string' && time) {
      const f = `${field} refractory`;
      const rp = parse(e.refractory, f);
      new ExpressionCheck(rp, { model, field: f }, env).check(rp.node, time, `a refractory period is in the time unit, ${show(time)}`);
    }
  });
}
