/**
 * The unit of one expression, checked node by node against the rule at the top of units.ts: sums
 * and comparisons need one unit, transcendental functions a dimensionless argument, products and
 * powers combine units. The first term that breaks a requirement is reported where it is written.
 */
import type { MathNode } from './math.js';
import { view } from './math.js';
import { symbolColumn, type ParsedExpression } from './parse.js';
import { DIMENSIONLESS, UnitError, div, isDimensionless, mul, power, same, show, type Q } from './units-dimension.js';
import { children, displayed, leafColumns } from './units-source.js';

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
    case 'unaryMinus':
      return -a;
    case 'unaryPlus':
      return a;
    case 'add':
      return a + b;
    case 'subtract':
      return a - b;
    case 'multiply':
      return a * b;
    case 'divide':
      return a / b;
    case 'pow':
      return Math.pow(a, b);
    default:
      return undefined;
  }
}

const NEEDS_DIMENSIONLESS = new Set([
  'exp',
  'log',
  'log10',
  'log2',
  'sin',
  'cos',
  'tan',
  'sinh',
  'cosh',
  'tanh',
  'atan',
  'sigmoid',
  'exprel',
]);
const SAME_AS_ARGUMENT = new Set(['abs', 'relu', 'floor']);
const SAME_UNIT_ARGUMENTS = new Set(['min', 'max', 'clip']);

/** Where an expression belongs, for messages. */
export interface Where {
  model: string;
  field: string;
}

/** One expression's checker: knows its source, so any node can be shown and located. */
export class ExpressionCheck {
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
    const { model, field } = this.where;
    throw new UnitError(`units: ${reason}`, { model, field, expression: this.p.source, column });
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
        const why = a && !want ? `the other branch '${this.text(v.trueExpr)}' is ${show(a)}` : wantWhy;
        return this.check(v.falseExpr, a ?? want, why);
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
      const verb =
        op === '+'
          ? `adds ${show(b)} to ${show(a)}`
          : op === '-'
            ? `subtracts ${show(b)} from ${show(a)}`
            : `takes ${show(a)} modulo ${show(b)}`;
      this.fail(args[1], `'${this.text(args[0])} ${op} ${this.text(args[1])}' ${verb}`);
    }
    return a;
  }

  private operator(
    n: MathNode,
    fn: string,
    args: MathNode[],
    want: Q,
    wantWhy: string | undefined,
    expect: (q: Q) => Q,
  ): Q {
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
          const because = wantWhy ?? `'${this.text(n)}' must be ${show(want)}`;
          this.check(second, need, `${because}, so '${this.text(second)}' must be ${show(need)}`);
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
    if (exponent && !isDimensionless(exponent)) {
      this.fail(y, `the exponent '${this.text(y)}' must be dimensionless, it is ${show(exponent)}`);
    }
    if (!base) return null;
    const k = constantValue(y);
    if (k !== undefined) return power(base, k);
    // base^p with a parameter p: the unit would depend on p's value, so it is left unchecked
    return isDimensionless(base) ? DIMENSIONLESS : null;
  }

  private call(name: string, args: MathNode[], want: Q, wantWhy: string | undefined, expect: (q: Q) => Q): Q {
    if (NEEDS_DIMENSIONLESS.has(name)) {
      const a = this.check(args[0]);
      if (a && !isDimensionless(a)) {
        this.fail(args[0], `${name} needs a dimensionless argument, '${this.text(args[0])}' is ${show(a)}`);
      }
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
export const UNIT_RULES: ReadonlySet<string> = new Set([
  ...NEEDS_DIMENSIONLESS,
  ...SAME_AS_ARGUMENT,
  ...SAME_UNIT_ARGUMENTS,
  'sign',
  'heaviside',
  'sqrt',
  'square',
  'cube',
  'pow',
]);
