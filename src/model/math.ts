import { create, all, type MathNode, type MathJsInstance } from 'mathjs';

/**
 * The one mathjs instance of isocline: plain JS numbers, no BigNumber or Complex surprises.
 * Used for parsing and simplification only; nothing is ever evaluated through mathjs.
 */
export const math: MathJsInstance = create(all, { number: 'number' });

export type { MathNode };

/** Node constructors, typed loosely: mathjs's own typings for them are incomplete. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const M = math as any;
export const ConstantNode: new (value: number) => MathNode = M.ConstantNode;
export const SymbolNode: new (name: string) => MathNode = M.SymbolNode;
export const OperatorNode: new (op: string, fn: string, args: MathNode[]) => MathNode = M.OperatorNode;
export const FunctionNode: new (fn: string | MathNode, args: MathNode[]) => MathNode = M.FunctionNode;
export const ConditionalNode: new (c: MathNode, a: MathNode, b: MathNode) => MathNode = M.ConditionalNode;
export const ParenthesisNode: new (content: MathNode) => MathNode = M.ParenthesisNode;

/** Structural view of the node kinds isocline accepts (after validation). */
export type Node =
  | { type: 'ConstantNode'; value: number }
  | { type: 'SymbolNode'; name: string }
  | { type: 'OperatorNode'; op: string; fn: string; args: MathNode[]; implicit?: boolean }
  | { type: 'FunctionNode'; fn: { type: string; name: string }; args: MathNode[] }
  | { type: 'ConditionalNode'; condition: MathNode; trueExpr: MathNode; falseExpr: MathNode }
  | { type: 'ParenthesisNode'; content: MathNode };

/** Narrow a mathjs node to the accepted kinds (validation guarantees nothing else reaches engines). */
export function view(node: MathNode): Node {
  return node as unknown as Node;
}
