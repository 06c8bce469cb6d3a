/**
 * Parsing of one expression string into a validated mathjs AST: only whitelisted node kinds,
 * operators, functions and finite numeric constants survive. Symbol resolution (does `tau`
 * exist in this model?) is done by the caller, which knows the model's names.
 */
import { math, type MathNode, view } from './math.js';
import { ModelError, type ErrorLocation, nearestName } from './errors.js';
import { FUNCTIONS, isAllowedOperator } from './functions.js';
import { translatePython } from './translate.js';

export interface ParsedExpression {
  /** the expression as written by the user */
  source: string;
  /** validated AST (parentheses removed; printing re-inserts them by precedence) */
  node: MathNode;
  /** every symbol the expression reads, in order of first use */
  symbols: string[];
}

const NODE_HINT: Record<string, string> = {
  AccessorNode: 'property access and indexing are not allowed',
  IndexNode: 'indexing is not allowed',
  AssignmentNode: 'assignment is not allowed inside an expression',
  FunctionAssignmentNode: 'function definitions are not allowed',
  BlockNode: 'several statements are not allowed in one expression',
  ArrayNode: 'arrays are not allowed',
  ObjectNode: 'objects are not allowed',
  RangeNode: 'ranges are not allowed',
  RelationalNode: 'chained comparisons are not allowed: write a < b and b < c',
};

/** Column (1-based) of the first whole-word occurrence of `name` in `source`, if any. */
export function columnOf(source: string, name: string): number | undefined {
  const m = new RegExp(`(^|[^A-Za-z0-9_.])${name.replace(/[^A-Za-z0-9_]/g, '\\$&')}(?![A-Za-z0-9_])`).exec(source);
  return m ? m.index + m[1].length + 1 : undefined;
}

/**
 * Parse and whitelist-check one expression.
 * @example parseExpression('v - v^3/3 - w + I', { model: 'fhn', field: "dv/dt" })
 */
export function parseExpression(source: string, where: ErrorLocation): ParsedExpression {
  const loc = (extra: Partial<ErrorLocation>): ErrorLocation => ({ ...where, expression: source, ...extra });
  if (typeof source !== 'string') {
    throw new ModelError(`expected an expression string, got ${typeof source}`, { ...where });
  }
  if (source.trim() === '') throw new ModelError('empty expression', loc({}));
  const text = translatePython(source);
  let parsed: MathNode;
  try {
    parsed = math.parse(text);
  } catch (e) {
    const err = e as Error & { char?: number };
    const reason = err.message.replace(/\s*\(char \d+\)\s*$/, '');
    // mathjs reports the column of the translated text; it equals the original's unless Python was translated.
    const column = err.char !== undefined && text === source ? err.char : undefined;
    throw new ModelError(`syntax error: ${reason}`, loc({ column }));
  }
  const symbols: string[] = [];
  const check = (n: MathNode): void => {
    const v = view(n);
    switch (v.type) {
      case 'ConstantNode':
        if (typeof v.value !== 'number' || !Number.isFinite(v.value)) {
          const shown = typeof v.value === 'string' ? `string "${v.value}"` : String(v.value);
          throw new ModelError(`only finite numbers are allowed as constants, found ${shown}`, loc({}));
        }
        return;
      case 'SymbolNode':
        if (!symbols.includes(v.name)) symbols.push(v.name);
        return;
      case 'ParenthesisNode':
        return check(v.content);
      case 'ConditionalNode':
        check(v.condition);
        check(v.trueExpr);
        check(v.falseExpr);
        return;
      case 'OperatorNode': {
        if (v.implicit) {
          const [a, b] = v.args.map((x) => x.toString());
          const hint = /\b(if|else)\b/.test(text)
            ? ' (a conditional is written `c ? a : b` or `a if c else b`)'
            : `: write ${a} * ${b}`;
          throw new ModelError(`implicit multiplication is not allowed${hint}`, loc({ column: columnOf(source, b) }));
        }
        if (!isAllowedOperator(v.fn)) {
          throw new ModelError(`operator '${v.op}' (${v.fn}) is not allowed`, loc({ column: source.indexOf(v.op) + 1 || undefined }));
        }
        v.args.forEach(check);
        return;
      }
      case 'FunctionNode': {
        const fn = v.fn as unknown as MathNode;
        if (view(fn).type !== 'SymbolNode') {
          throw new ModelError('only calls of named whitelisted functions are allowed', loc({}));
        }
        const name = v.fn.name;
        const info = FUNCTIONS.get(name);
        if (!info) {
          throw new ModelError(
            `unknown function '${name}' (allowed: ${[...FUNCTIONS.keys()].join(', ')})`,
            loc({ column: columnOf(source, name), suggestion: nearestName(name, FUNCTIONS.keys()) }),
          );
        }
        if (!info.arity.includes(v.args.length)) {
          throw new ModelError(
            `${name} takes ${info.arity.join(' or ')} argument${info.arity[0] === 1 ? '' : 's'}, got ${v.args.length}`,
            loc({ column: columnOf(source, name) }),
          );
        }
        v.args.forEach(check);
        return;
      }
      default: {
        const type = (n as { type: string }).type;
        throw new ModelError(NODE_HINT[type] ?? `${type} is not allowed in a model expression`, loc({}));
      }
    }
  };
  check(parsed);
  return { source, node: stripParentheses(parsed), symbols };
}

/** Remove every ParenthesisNode (printing re-inserts parentheses where precedence needs them). */
export function stripParentheses(n: MathNode): MathNode {
  let m = n;
  while (view(m).type === 'ParenthesisNode') m = (view(m) as { content: MathNode }).content;
  return m.map((child: MathNode) => stripParentheses(child));
}
