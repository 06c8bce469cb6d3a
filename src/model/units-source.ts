/**
 * Where a node of a parsed expression stands in the text the user wrote: the unit checker names
 * the offending term as written, with its column, not as mathjs would print it.
 */
import type { MathNode } from './math.js';
import { view } from './math.js';
import type { ParsedExpression } from './parse.js';

/**
 * Columns of the leaves (numbers and symbols) of a parsed expression, in the order a left-to-right
 * walk of the tree meets them: an infix expression lists its operands in the order it is written,
 * so the k-th leaf of the tree is the k-th number or name (not a function name or keyword) of the
 * text mathjs parsed. Null when the count disagrees (then columns fall back to symbol lookup).
 */
export function leafColumns(p: ParsedExpression): { start: number; end: number }[] | null {
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

/** The operands of a node, in the order the text writes them. */
export function children(n: MathNode): MathNode[] {
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
export function displayed(source: string, a: number, b: number, n: MathNode): { text: string; start: number } {
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
