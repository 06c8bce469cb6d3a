/**
 * The JS emitter: a tree walk over the validated AST that turns each node into JS source.
 * User text never reaches the output: symbols are mapped to accessors chosen by the caller
 * (`y[0]`, `p3`, `v[i]`), numbers are printed from their parsed values.
 */
import type { MathNode } from '../model/math.js';
import { view } from '../model/math.js';
import { JS_FUNCTIONS, JS_OPERATORS } from './js-functions.js';

/** Maps a model symbol to the JS expression that reads it. */
export type SymbolMap = (name: string) => string;

/** A finite number as JS source, parenthesised when negative. */
export function jsNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`internal: non-finite constant ${x} reached the emitter`);
  const s = Object.is(x, -0) ? '0' : String(x);
  return x < 0 ? `(${s})` : s;
}

export function emitJS(node: MathNode, sym: SymbolMap): string {
  const v = view(node);
  switch (v.type) {
    case 'ConstantNode':
      return jsNumber(v.value);
    case 'SymbolNode':
      return sym(v.name);
    case 'ParenthesisNode':
      return emitJS(v.content, sym);
    case 'ConditionalNode':
      return `(${emitJS(v.condition, sym)} ? ${emitJS(v.trueExpr, sym)} : ${emitJS(v.falseExpr, sym)})`;
    case 'OperatorNode': {
      const op = JS_OPERATORS[v.fn];
      if (!op) throw new Error(`internal: operator ${v.fn} has no JS emitter`);
      return op(v.args.map((a) => emitJS(a, sym)));
    }
    case 'FunctionNode': {
      const f = JS_FUNCTIONS[v.fn.name];
      if (!f) throw new Error(`internal: function ${v.fn.name} has no JS emitter`);
      return f(v.args.map((a) => emitJS(a, sym)));
    }
  }
}

/**
 * Text for a `// comment` in generated source. Names are validated identifiers already; this keeps
 * a comment a comment even if some future caller passes something else.
 */
export function commentText(s: string): string {
  return s.replace(/[^A-Za-z0-9_ ()/.-]/g, '_');
}

export { assertGeneratedSource, instantiate } from './instantiate.js';
