/**
 * Arithmetic emission for the kernel: float64 (plain JS) or float32 (Math.fround after every
 * operation, constants rounded), and the parsing of the IR's own expression strings (method
 * stencils, synapse behaviours) into ASTs the emitter walks.
 */
import type { MathNode } from '../../model/math.js';
import { ConstantNode, math, view } from '../../model/math.js';
import { stripParentheses } from '../../model/parse.js';
import { emitJS, jsNumber } from '../emit-js.js';
import { JS_FUNCTIONS, JS_OPERATORS } from '../js-functions.js';

/** Functions the IR's stencils use beyond the model whitelist (never reachable from user text). */
const IR_FUNCTIONS: Record<string, (a: string[]) => string> = {
  expm1: ([x]) => `Math.expm1(${x})`,
};

const COMPARISON = /^(smaller|larger|smallerEq|largerEq|equal|unequal|and|or|xor|not)$/;

/** Arithmetic emission in float64 (plain JS) or float32 (Math.fround after every operation). */
export class Arith {
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
  /**
   * An AST as JS, every operation rounded in float32. Model ASTs in float64 go through the compile
   * layer's emitter unchanged; the IR's own expressions may also call `expm1`.
   */
  expr(node: MathNode, sym: (name: string) => string, ir = false): string {
    if (!this.f32 && !ir) return emitJS(node, sym);
    const fns = ir ? { ...JS_FUNCTIONS, ...IR_FUNCTIONS } : JS_FUNCTIONS;
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
          return COMPARISON.test(v.fn) ? s : this.F(s);
        }
        case 'FunctionNode': {
          const f = fns[v.fn.name];
          if (!f) throw new Error(`internal: function ${v.fn.name} has no JS emitter`);
          return this.F(f(v.args.map(walk)));
        }
      }
    };
    return walk(node);
  }
}

const parsed = new Map<string, MathNode>();

/**
 * An expression of the IR (a stencil or a synapse behaviour: text written in src/ir, never user
 * text) as an AST without parentheses, parsed once. Callers get a copy they may transform.
 */
export function irExpr(text: string): MathNode {
  let n = parsed.get(text);
  if (!n) {
    n = stripParentheses(math.parse(text) as MathNode);
    parsed.set(text, n);
  }
  return n.cloneDeep();
}

/** Replace symbols by nodes (a structural copy; the input is never mutated). */
export function substitute(node: MathNode, map: Map<string, MathNode>): MathNode {
  return node.transform((n: MathNode) => {
    const v = view(n);
    return v.type === 'SymbolNode' && map.has(v.name) ? map.get(v.name)!.cloneDeep() : n;
  });
}

/** `irExpr(text)` with the given constants substituted as numbers. */
export function withConstants(text: string, constants: Record<string, number>): MathNode {
  return substitute(irExpr(text), new Map(Object.entries(constants).map(([k, v]) => [k, new ConstantNode(v)])));
}

/** Every symbol an AST reads. */
export function symbolsOf(node: MathNode, out: Set<string> = new Set()): Set<string> {
  node.traverse((n: MathNode) => {
    const v = view(n);
    if (v.type === 'SymbolNode') out.add(v.name);
  });
  return out;
}
