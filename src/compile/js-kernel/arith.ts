/**
 * Arithmetic emission for the kernel: float64 (plain JS) or float32 (Math.fround after every
 * operation, constants rounded); the IR's own expressions are parsed by ../ir-expr.ts.
 */
import type { MathNode } from '../../model/math.js';
import { view } from '../../model/math.js';
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
