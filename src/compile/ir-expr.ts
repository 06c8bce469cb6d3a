/**
 * The library's own expression strings (method stencils in src/ir/methods.ts, synapse behaviours in
 * src/ir/synapses) as ASTs, and the AST operations every target's generator shares: substituting
 * symbols, listing the symbols read, and the linear coefficient exponential Euler needs. Never for
 * user text (that goes through src/model's validated parser).
 */
import { ConstantNode, math, view, type MathNode } from '../model/math.js';
import { stripParentheses } from '../model/parse.js';
import { differentiate } from '../model/derivative.js';

const parsed = new Map<string, MathNode>();

/**
 * An expression of the IR as an AST without parentheses (they only group; the tree already says
 * the order), parsed once. Callers get a copy they may transform.
 * @example symbolsOf(irExpr('g*(E - V)')) // Set { 'g', 'E', 'V' }
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

/**
 * For exponential stencils: the coefficient B = d(ddt)/dy of one variable, with what the targets
 * add to parameters substituted first (`targets`: parameter name → its full AST, base included);
 * null when ddt is not linear in y (B reads y), where the stencil's fallback applies.
 */
export function linearCoefficient(ddt: MathNode, variable: string, targets: Map<string, MathNode>): MathNode | null {
  const B = differentiate(substitute(ddt, targets), variable);
  return symbolsOf(B).has(variable) ? null : B;
}
