/**
 * Symbolic differentiation over the whitelisted AST.
 *
 * Written here rather than using mathjs `derivative` because mathjs has no rules for the
 * functions neuron models need (relu, heaviside, clip, min, max, sigmoid) nor for conditionals
 * (`t > 200 ? 7 : 0`); the result is folded on the fly (0*x, 1*x, x+0, constants) and then handed
 * to mathjs `simplifyCore` where that keeps it inside the whitelist.
 */
import {
  ConstantNode,
  ConditionalNode,
  FunctionNode,
  OperatorNode,
  SymbolNode,
  type MathNode,
  view,
  math,
} from './math.js';
import { COMPARISON_OPS, LOGICAL_OPS } from './functions.js';

const num = (x: number): MathNode => new ConstantNode(x);
const isConst = (n: MathNode, x?: number): boolean => {
  const v = view(n);
  return v.type === 'ConstantNode' && (x === undefined || v.value === x);
};
const constVal = (n: MathNode): number => (view(n) as { value: number }).value;

export function add(a: MathNode, b: MathNode): MathNode {
  if (isConst(a, 0)) return b;
  if (isConst(b, 0)) return a;
  if (isConst(a) && isConst(b)) return num(constVal(a) + constVal(b));
  return new OperatorNode('+', 'add', [a, b]);
}
export function sub(a: MathNode, b: MathNode): MathNode {
  if (isConst(b, 0)) return a;
  if (isConst(a, 0)) return neg(b);
  if (isConst(a) && isConst(b)) return num(constVal(a) - constVal(b));
  return new OperatorNode('-', 'subtract', [a, b]);
}
export function mul(a: MathNode, b: MathNode): MathNode {
  if (isConst(a, 0) || isConst(b, 0)) return num(0);
  if (isConst(a, 1)) return b;
  if (isConst(b, 1)) return a;
  if (isConst(a) && isConst(b)) return num(constVal(a) * constVal(b));
  return new OperatorNode('*', 'multiply', [a, b]);
}
export function div(a: MathNode, b: MathNode): MathNode {
  if (isConst(a, 0)) return num(0);
  if (isConst(b, 1)) return a;
  return new OperatorNode('/', 'divide', [a, b]);
}
export function neg(a: MathNode): MathNode {
  if (isConst(a)) return num(-constVal(a));
  return new OperatorNode('-', 'unaryMinus', [a]);
}
export function pow(a: MathNode, b: MathNode): MathNode {
  if (isConst(b, 1)) return a;
  if (isConst(b, 0)) return num(1);
  return new OperatorNode('^', 'pow', [a, b]);
}
const fn = (name: string, ...args: MathNode[]): MathNode => new FunctionNode(new SymbolNode(name), args);
const cond = (c: MathNode, a: MathNode, b: MathNode): MathNode =>
  isConst(a, 0) && isConst(b, 0) ? num(0) : new ConditionalNode(c, a, b);
const cmp = (op: string, name: string, a: MathNode, b: MathNode): MathNode => new OperatorNode(op, name, [a, b]);

/** d/dx of `node`, where `x` is a symbol name and other symbols are constants. */
export function differentiate(node: MathNode, x: string): MathNode {
  const d = (n: MathNode): MathNode => differentiate(n, x);
  const v = view(node);
  switch (v.type) {
    case 'ConstantNode':
      return num(0);
    case 'SymbolNode':
      return num(v.name === x ? 1 : 0);
    case 'ParenthesisNode':
      return d(v.content);
    case 'ConditionalNode':
      return cond(v.condition, d(v.trueExpr), d(v.falseExpr));
    case 'OperatorNode': {
      const [a, b] = v.args;
      if (COMPARISON_OPS.has(v.fn) || LOGICAL_OPS.has(v.fn)) return num(0);
      switch (v.fn) {
        case 'add':
          return add(d(a), d(b));
        case 'subtract':
          return sub(d(a), d(b));
        case 'unaryMinus':
          return neg(d(a));
        case 'unaryPlus':
          return d(a);
        case 'multiply':
          return add(mul(d(a), b), mul(a, d(b)));
        case 'divide': {
          const db = d(b);
          if (isConst(db, 0)) return div(d(a), b);
          return div(sub(mul(d(a), b), mul(a, db)), pow(b, num(2)));
        }
        case 'pow':
          return dpow(a, b, d(a), d(b));
        case 'mod':
          // mod(a, b) = a - b*floor(a/b): piecewise derivative, floor contributes 0
          return sub(d(a), mul(fn('floor', div(a, b)), d(b)));
      }
      throw new Error(`internal: no derivative rule for operator ${v.fn}`);
    }
    case 'FunctionNode': {
      const args = v.args;
      const [u, w, z] = args;
      const du = d(u);
      switch (v.fn.name) {
        case 'exp':
          return mul(fn('exp', u), du);
        case 'log':
          return div(du, u);
        case 'log10':
          return div(du, mul(u, num(Math.LN10)));
        case 'log2':
          return div(du, mul(u, num(Math.LN2)));
        case 'sqrt':
          return div(du, mul(num(2), fn('sqrt', u)));
        case 'pow':
          return dpow(u, w, du, d(w));
        case 'abs':
          return mul(fn('sign', u), du);
        case 'sign':
        case 'heaviside':
        case 'floor':
          return num(0);
        case 'min':
          return cond(cmp('<=', 'smallerEq', u, w), du, d(w));
        case 'max':
          return cond(cmp('>=', 'largerEq', u, w), du, d(w));
        case 'relu':
          return mul(fn('heaviside', u), du);
        case 'clip':
          return cond(cmp('<', 'smaller', u, w), d(w), cond(cmp('>', 'larger', u, z), d(z), du));
        case 'tanh':
          return mul(sub(num(1), pow(fn('tanh', u), num(2))), du);
        case 'sinh':
          return mul(fn('cosh', u), du);
        case 'cosh':
          return mul(fn('sinh', u), du);
        case 'sin':
          return mul(fn('cos', u), du);
        case 'cos':
          return neg(mul(fn('sin', u), du));
        case 'tan':
          return div(du, pow(fn('cos', u), num(2)));
        case 'atan':
          return div(du, add(num(1), pow(u, num(2))));
        case 'sigmoid': {
          const s = fn('sigmoid', u);
          return mul(mul(s, sub(num(1), s)), du);
        }
        case 'square':
          return mul(mul(num(2), u), du);
        case 'cube':
          return mul(mul(num(3), pow(u, num(2))), du);
        case 'exprel': {
          // E(x) = (e^x - 1)/x: E'(x) = (e^x - E)/x = E + (1 - E)/x. For x < 0 the first form
          // (no cancellation as x -> -inf, where E ~ -1/x), for x > 0 the second (no overflow of
          // e^x before E itself overflows); both lose at most ~1e-12 relative for |x| >= 1e-3,
          // where the difference ~ x/2 cancels mildly. Nearer 0, and at 0 itself, the Taylor
          // series 1/2 + x/3 + x^2/8 + x^3/30 + x^4/144 (next term x^5/840) is exact to rounding.
          const E = fn('exprel', u);
          const negative = div(sub(fn('exp', u), E), u);
          const positive = add(E, div(sub(num(1), E), u));
          const exact = cond(cmp('>', 'larger', u, num(0)), positive, negative);
          const series = add(
            add(add(num(0.5), div(u, num(3))), div(pow(u, num(2)), num(8))),
            add(div(pow(u, num(3)), num(30)), div(pow(u, num(4)), num(144))),
          );
          return mul(cond(cmp('<', 'smaller', fn('abs', u), num(1e-3)), series, exact), du);
        }
      }
      throw new Error(`internal: no derivative rule for function ${v.fn.name}`);
    }
  }
}

function dpow(a: MathNode, b: MathNode, da: MathNode, db: MathNode): MathNode {
  if (isConst(db, 0)) {
    if (isConst(b)) return mul(mul(b, pow(a, num(constVal(b) - 1))), da);
    return mul(mul(b, pow(a, sub(b, num(1)))), da);
  }
  // general case: a^b (db ln a + b da / a)
  return mul(pow(a, b), add(mul(db, fn('log', a)), div(mul(b, da), a)));
}

/**
 * Simplify with mathjs where it helps; falls back to the folded form if mathjs fails or returns
 * something outside the whitelist (checked by `accept`).
 */
export function simplify(node: MathNode, accept: (n: MathNode) => boolean): MathNode {
  // mathjs's full simplify costs 50-150 ms per term (measured on Hodgkin-Huxley) and rarely
  // shortens a folded derivative; its core pass is cheap and removes what folding leaves.
  try {
    const s = math.simplifyCore(node) as MathNode;
    return accept(s) ? s : node;
  } catch {
    return node;
  }
}
