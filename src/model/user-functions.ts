/**
 * User-defined functions of the model language: `functions: { S: { args: [x, th, k], body: "..." } }`
 * in a model file, `S(x, th, k) = ...` in Model.fromEquations / --eq.
 *
 * They are macros, not runtime calls: every call is replaced by the body with the arguments
 * substituted on the validated AST, so code generation and the symbolic Jacobian only ever see
 * whitelisted built-ins (the Jacobian "sees through" a sigmoid written as a user function).
 * Recursion (direct or mutual) would make that expansion infinite, so it is refused.
 */
import { ModelError, nearestName } from './errors.js';
import { FORBIDDEN_NAMES, FUNCTIONS, IDENTIFIER, RESERVED } from './functions.js';
import { type MathNode, view } from './math.js';
import { columnOf, parseExpression } from './parse.js';
import type { FunctionSpec } from './spec.js';

/** A checked user function, its body already free of calls to other user functions. */
export interface UserFunction {
  name: string;
  args: string[];
  /** the body as written */
  source: string;
  /** the body with every user-function call inlined */
  node: MathNode;
}

export type UserFunctions = ReadonlyMap<string, UserFunction>;

/**
 * Check and expand the `functions` block of a model.
 * @param names every other name the model declares (variables, parameters, expressions, inputs),
 *   which a function may neither shadow nor be shadowed by; a body may read them besides its arguments.
 * @example compileFunctions('m', { S: { args: ['x'], body: '1/(1 + exp(-x))' } }, new Set(['v']))
 */
export function compileFunctions(
  model: string,
  specs: Record<string, FunctionSpec> | undefined,
  names: ReadonlySet<string>,
): UserFunctions {
  const out = new Map<string, UserFunction>();
  if (specs === undefined) return out;
  if (!specs || typeof specs !== 'object' || Array.isArray(specs)) {
    throw new ModelError('functions is a map of name to { args, body }', { model, field: 'functions' });
  }
  // arity of every function, known before any body is parsed so that calls between them are checked
  const declared = new Map<string, UserFunction>();
  for (const [name, s] of Object.entries(specs)) {
    const field = `function '${name}'`;
    if (!IDENTIFIER.test(name))
      throw new ModelError(
        `'${name}' is not a valid function name (letters, digits and _, not starting with a digit)`,
        { model, field },
      );
    if (FORBIDDEN_NAMES.has(name)) throw new ModelError(`'${name}' is a forbidden name`, { model, field });
    if (FUNCTIONS.has(name))
      throw new ModelError(`'${name}' is a built-in function and cannot be redefined`, { model, field });
    if (RESERVED.has(name)) throw new ModelError(`'${name}' is reserved`, { model, field });
    if (names.has(name))
      throw new ModelError(`'${name}' is already the name of a variable, parameter, expression or input`, {
        model,
        field,
      });
    if (!s || typeof s !== 'object' || !Array.isArray(s.args) || typeof s.body !== 'string') {
      throw new ModelError('a function is { args: [names], body: "expression" }', { model, field });
    }
    const seen = new Set<string>();
    for (const a of s.args) {
      if (typeof a !== 'string' || !IDENTIFIER.test(a) || FORBIDDEN_NAMES.has(a)) {
        throw new ModelError(`argument ${JSON.stringify(a)} is not a valid name`, { model, field });
      }
      if (RESERVED.has(a)) throw new ModelError(`argument '${a}' is reserved`, { model, field });
      if (seen.has(a)) throw new ModelError(`argument '${a}' appears twice`, { model, field });
      seen.add(a);
    }
    declared.set(name, { name, args: [...s.args], source: s.body, node: undefined as unknown as MathNode });
  }
  // parse each body with calls to other user functions allowed but not yet expanded
  const raw = new Map<string, { node: MathNode; calls: string[] }>();
  for (const f of declared.values()) {
    const field = `function '${f.name}'`;
    const p = parseExpression(f.source, { model, field }, declared, false);
    for (const sym of p.symbols) {
      if (f.args.includes(sym) || sym === 't' || names.has(sym)) continue;
      throw new ModelError(`unknown symbol '${sym}' (not an argument of ${f.name} nor a name of the model)`, {
        model,
        field,
        expression: f.source,
        column: columnOf(f.source, sym),
        suggestion: nearestName(sym, [...f.args, ...names]),
      });
    }
    raw.set(f.name, { node: p.node, calls: callsIn(p.node, declared) });
  }
  // expand in dependency order; a cycle is recursion
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' → ');
      throw new ModelError(
        `recursive function definition: ${cycle} (functions are expanded inline, so they cannot call themselves)`,
        {
          model,
          field: `function '${name}'`,
          expression: declared.get(name)!.source,
        },
      );
    }
    state.set(name, 'visiting');
    for (const c of raw.get(name)!.calls) visit(c, [...path, name]);
    const f = declared.get(name)!;
    out.set(name, { ...f, node: inlineCalls(raw.get(name)!.node, out) });
    state.set(name, 'done');
  };
  for (const name of declared.keys()) visit(name, []);
  return out;
}

function callsIn(node: MathNode, fns: UserFunctions): string[] {
  const calls: string[] = [];
  node.traverse((n: MathNode) => {
    const v = view(n);
    if (v.type === 'FunctionNode' && fns.has(v.fn.name) && !calls.includes(v.fn.name)) calls.push(v.fn.name);
  });
  return calls;
}

/**
 * Replace every call of a user function by its body, arguments substituted simultaneously (an
 * argument expression is never itself rewritten by the substitution, so `S(x, x)` is safe).
 */
export function inlineCalls(node: MathNode, fns: UserFunctions): MathNode {
  if (fns.size === 0) return node;
  return node.transform((n: MathNode) => {
    const v = view(n);
    if (v.type !== 'FunctionNode') return n;
    const f = fns.get(v.fn.name);
    if (!f || !f.node) return n;
    const args = v.args.map((a) => inlineCalls(a, fns));
    const bound = new Map(f.args.map((a, i) => [a, args[i]]));
    return f.node.transform((m: MathNode, path: string) => {
      const w = view(m);
      return w.type === 'SymbolNode' && path !== 'fn' && bound.has(w.name) ? bound.get(w.name)!.cloneDeep() : m;
    });
  });
}

/**
 * Parse an inline definition `S(x, th, k) = body` (Model.fromEquations, --eq).
 * @returns null when the line is not a function definition
 */
export function parseFunctionLine(line: string): { name: string; spec: FunctionSpec } | null {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(([^()]*)\)\s*=(?!=)(.*)$/.exec(line);
  if (!m) return null;
  const args = m[2]
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  return { name: m[1], spec: { args, body: m[3].trim() } };
}
