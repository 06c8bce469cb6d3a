/**
 * Parsing of one expression string into a validated mathjs AST: only whitelisted node kinds,
 * operators, functions and finite numeric constants survive. Symbol resolution (does `tau`
 * exist in this model?) is done by the caller, which knows the model's names.
 */
import { math, type MathNode, view } from './math.js';
import { ModelError, type ErrorLocation, nearestName } from './errors.js';
import { COMPARISON_OPS, FUNCTIONS, isAllowedOperator } from './functions.js';
import { translatePythonMapped } from './translate.js';
import { inlineCalls, type UserFunctions } from './user-functions.js';

export interface ParsedExpression {
  /** the expression as written by the user */
  source: string;
  /** validated AST (parentheses removed; printing re-inserts them by precedence) */
  node: MathNode;
  /** every symbol the expression reads, in order of first use */
  symbols: string[];
  /** the text mathjs parsed (after Python translation) */
  text?: string;
  /** for each character of `text`, its 0-based index in `source` */
  map?: number[];
}

/**
 * Column (1-based, in the source as written) of the first whole-word use of `name`, looked up in
 * the translated text so that `np.exp` or a rewritten conditional still point at the right place.
 */
export function symbolColumn(p: ParsedExpression, name: string): number | undefined {
  if (p.text === undefined || p.map === undefined) return columnOf(p.source, name);
  return mappedColumn(p.source, p.text, p.map, name);
}

function mappedColumn(source: string, text: string, map: number[], name: string): number | undefined {
  const c = columnOf(text, name);
  return c === undefined ? columnOf(source, name) : map[c - 1] + 1;
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

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 100_000;
/**
 * Deepest nesting of parentheses accepted. mathjs's recursive-descent parser spends about twenty
 * stack frames per level and overflows near 300.
 */
export const MAX_PARENTHESES = 100;
/**
 * Deepest expression tree accepted (a sum of n terms is n levels deep). Every consumer walks the
 * tree recursively, and V8 overflows compiling the generated code near 2000 levels.
 */
export const MAX_DEPTH = 1000;

/** Deepest bracket nesting in `text` and the index of the first bracket beyond `limit`. */
function bracketDepth(text: string, limit: number): { depth: number; at: number } {
  let depth = 0,
    max = 0,
    at = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 40 || ch === 91) {
      if (++depth > max) max = depth;
      if (depth > limit && at < 0) at = i;
    } else if (ch === 41 || ch === 93) depth--;
  }
  return { depth: max, at };
}

/** Depth of a tree, walked with an explicit stack (the tree may be too deep for recursion). */
function treeDepth(root: MathNode, limit: number): number {
  const stack: [MathNode, number][] = [[root, 1]];
  let max = 0;
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > limit) return max;
    n.forEach((child: MathNode) => stack.push([child, d + 1]));
  }
  return max;
}

/**
 * Parse and whitelist-check one expression. Calls of the model's user functions (`fns`) are
 * arity-checked and, unless `inline` is false, replaced by their bodies (see user-functions.ts).
 * @example parseExpression('v - v^3/3 - w + I', { model: 'fhn', field: "dv/dt" })
 */
export function parseExpression(
  source: string,
  where: ErrorLocation,
  fns?: UserFunctions,
  inline = true,
): ParsedExpression {
  const loc = (extra: Partial<ErrorLocation>): ErrorLocation => ({ ...where, expression: source, ...extra });
  if (typeof source !== 'string') {
    throw new ModelError(`expected an expression string, got ${typeof source}`, { ...where });
  }
  if (source.trim() === '') throw new ModelError('empty expression', loc({}));
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ModelError(
      `the expression is ${source.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are accepted`,
      loc({}),
    );
  }
  // mathjs skips everything after '#' as a comment: `v - w # + I` would silently lose `+ I`.
  const hash = source.indexOf('#');
  if (hash >= 0) {
    throw new ModelError(
      "'#' is not allowed in an expression (mathjs would ignore the rest of the line as a comment)",
      loc({ column: hash + 1 }),
    );
  }
  const { text, map } = translatePythonMapped(source);
  /** 1-based column in the translated text → 1-based column in the source as written */
  const toSource = (col: number): number => map[Math.min(Math.max(col - 1, 0), text.length)] + 1;
  const at = (name: string): number | undefined => mappedColumn(source, text, map, name);
  const brackets = bracketDepth(text, MAX_PARENTHESES);
  if (brackets.depth > MAX_PARENTHESES) {
    throw new ModelError(
      `parentheses nested ${brackets.depth} deep; at most ${MAX_PARENTHESES} levels are accepted`,
      loc({ column: toSource(brackets.at + 1) }),
    );
  }
  let parsed: MathNode;
  try {
    parsed = math.parse(text);
  } catch (e) {
    const err = e as Error & { char?: number };
    const reason = err.message.replace(/\s*\(char \d+\)\s*$/, '');
    // mathjs reports a 1-based column of the translated text
    const column = typeof err.char === 'number' ? toSource(err.char) : undefined;
    throw new ModelError(`syntax error: ${reason}`, loc({ column }));
  }
  const depth = treeDepth(parsed, MAX_DEPTH);
  if (depth > MAX_DEPTH) {
    throw new ModelError(
      `the expression nests more than ${MAX_DEPTH} operations deep (a sum or product of n terms is n deep); ` +
        `at most ${MAX_DEPTH} are accepted: split it into named expressions`,
      loc({}),
    );
  }
  const symbols: string[] = [];
  const check = (n: MathNode): void => {
    const v = view(n);
    switch (v.type) {
      case 'ConstantNode':
        if (typeof v.value !== 'number' || !Number.isFinite(v.value)) {
          const isString = typeof v.value === 'string';
          const shown = isString ? `string "${v.value}"` : String(v.value);
          const quote = /["'`]/.exec(source);
          const column = isString && quote ? quote.index + 1 : at(String(v.value));
          throw new ModelError(`only finite numbers are allowed as constants, found ${shown}`, loc({ column }));
        }
        return;
      case 'SymbolNode':
        if (!symbols.includes(v.name)) symbols.push(v.name);
        return;
      case 'ParenthesisNode':
        check(v.content);
        return;
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
          throw new ModelError(
            `implicit multiplication is not allowed${hint}`,
            loc({ column: implicitColumn(text, a, b, toSource) }),
          );
        }
        if (
          COMPARISON_OPS.has(v.fn) &&
          v.args.some((a) => view(a).type === 'OperatorNode' && (view(a) as { fn: string }).fn === 'not')
        ) {
          // Python reads `not v > 1` as not (v > 1); mathjs as (not v) > 1, which is never true
          const i = /\bnot\b/.exec(text)?.index;
          throw new ModelError(
            '`not x > y` is ambiguous (mathjs reads (not x) > y, Python not (x > y)): add parentheses',
            loc({ column: i === undefined ? undefined : toSource(i + 1) }),
          );
        }
        if (!isAllowedOperator(v.fn)) {
          throw new ModelError(
            `operator '${v.op}' (${v.fn}) is not allowed`,
            loc({ column: text.indexOf(v.op) >= 0 ? toSource(text.indexOf(v.op) + 1) : undefined }),
          );
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
        const user = fns?.get(name);
        if (user) {
          if (v.args.length !== user.args.length) {
            throw new ModelError(
              `function ${name}(${user.args.join(', ')}) takes ` +
                `${user.args.length} argument${user.args.length === 1 ? '' : 's'}, got ${v.args.length}`,
              loc({ column: at(name) }),
            );
          }
          v.args.forEach(check);
          return;
        }
        const info = FUNCTIONS.get(name);
        if (!info) {
          throw new ModelError(
            `unknown function '${name}' (allowed: ${[...FUNCTIONS.keys(), ...(fns?.keys() ?? [])].join(', ')})`,
            loc({ column: at(name), suggestion: nearestName(name, [...FUNCTIONS.keys(), ...(fns?.keys() ?? [])]) }),
          );
        }
        if (!info.arity.includes(v.args.length)) {
          throw new ModelError(
            `${name} takes ${info.arity.join(' or ')} argument${info.arity[0] === 1 ? '' : 's'}, got ${v.args.length}`,
            loc({ column: at(name) }),
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
  let node = stripParentheses(parsed);
  if (inline && fns && fns.size > 0) {
    node = inlineCalls(node, fns);
    // a body may read model names besides its arguments: those are symbols of this expression too
    node.traverse((n: MathNode, path: string) => {
      const w = view(n);
      // path 'fn' is the name of a called function, not a symbol read
      if (w.type === 'SymbolNode' && path !== 'fn' && !symbols.includes(w.name)) symbols.push(w.name);
    });
  }
  return { source, node, symbols, text, map };
}

/** Remove every ParenthesisNode (printing re-inserts parentheses where precedence needs them). */
export function stripParentheses(n: MathNode): MathNode {
  let m = n;
  while (view(m).type === 'ParenthesisNode') m = (view(m) as { content: MathNode }).content;
  return m.map((child: MathNode) => stripParentheses(child));
}

/**
 * Where the right operand of an implicit multiplication starts: found as `left right` in the
 * parsed text (operands as mathjs prints them, any spacing), else as the first whole word.
 */
function implicitColumn(
  text: string,
  left: string,
  right: string,
  toSource: (col: number) => number,
): number | undefined {
  const flexible = (s: string): string =>
    [...s.replace(/\s+/g, '')].map((ch) => ch.replace(/[^A-Za-z0-9_]/g, '\\$&')).join('\\s*');
  const m = new RegExp(`(${flexible(left)})\\s*${flexible(right)}`).exec(text);
  const c = m ? m.index + m[0].length - m[0].slice(m[1].length).trimStart().length + 1 : columnOf(text, right);
  return c === undefined ? undefined : toSource(c);
}
