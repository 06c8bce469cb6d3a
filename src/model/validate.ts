/**
 * From a ModelSpec (data) to a ModelIR (validated AST): names checked, expressions parsed and
 * whitelisted, every symbol resolved, named expressions ordered (cycles rejected), events parsed,
 * Jacobian derived.
 */
import { ModelError, nearestName } from './errors.js';
import { FORBIDDEN_NAMES, IDENTIFIER, RESERVED, FUNCTIONS } from './functions.js';
import type { IREvent, IRNamed, IRParameter, IRVariable, ModelIR } from './ir.js';
import { ConstantNode, type MathNode, view } from './math.js';
import { parseExpression as parseWithout, symbolColumn, type ParsedExpression } from './parse.js';
import type { EventSpec, ModelSpec, ParameterSpec, VariableSpec } from './spec.js';
import { differentiate, simplify, sub } from './derivative.js';
import { checkUnits } from './units.js';
import { compileFunctions, type UserFunctions } from './user-functions.js';

/** mathjs would silently read these as constants if they were not declared. */
const MATH_CONSTANTS: Record<string, string> = {
  e: "Euler's number",
  E: "Euler's number",
  pi: 'π',
  PI: 'π',
  tau: '2π',
  i: 'the imaginary unit',
  phi: 'the golden ratio',
  Infinity: 'infinity',
  NaN: 'not-a-number',
  LN2: 'ln 2',
  LN10: 'ln 10',
  LOG2E: 'log2(e)',
  LOG10E: 'log10(e)',
  SQRT2: '√2',
  SQRT1_2: '√½',
  null: 'null',
  undefined: 'undefined',
  true: 'true',
  false: 'false',
};

export function normaliseVariable(spec: VariableSpec | string): VariableSpec {
  if (typeof spec === 'string') return { ddt: spec, init: 0 };
  // anything else that is not an object is reported as a missing ddt by the caller
  return spec && typeof spec === 'object' ? spec : ({} as VariableSpec);
}
export function normaliseParameter(spec: number | ParameterSpec): ParameterSpec {
  if (typeof spec === 'number') return { value: spec };
  return spec && typeof spec === 'object' ? spec : ({ value: spec } as unknown as ParameterSpec);
}

type Kind = 'variable' | 'parameter' | 'expression' | 'input';

export function buildIR(spec: ModelSpec): ModelIR {
  const model = spec.name;
  if (typeof model !== 'string' || !/^[A-Za-z_][A-Za-z0-9_\-.]*$/.test(model)) {
    throw new ModelError(`invalid model name ${JSON.stringify(model)}: use letters, digits, _ - .`);
  }
  const kinds = new Map<string, Kind>();
  const declare = (name: string, kind: Kind): void => {
    const field = `${kind} '${name}'`;
    if (!IDENTIFIER.test(name))
      throw new ModelError(`'${name}' is not a valid name (letters, digits and _, not starting with a digit)`, {
        model,
        field,
      });
    if (FORBIDDEN_NAMES.has(name)) throw new ModelError(`'${name}' is a forbidden name`, { model, field });
    if (RESERVED.has(name)) {
      const what = FUNCTIONS.has(name) ? 'a function' : name === 't' ? 'time' : 'a keyword';
      throw new ModelError(`'${name}' is reserved (${what})`, { model, field });
    }
    const prev = kinds.get(name);
    if (prev)
      throw new ModelError(
        `duplicate name '${name}': already declared as ${/^[aeiou]/.test(prev) ? 'an' : 'a'} ${prev}`,
        { model, field },
      );
    kinds.set(name, kind);
  };

  if (!spec.variables || typeof spec.variables !== 'object' || Object.keys(spec.variables).length === 0) {
    throw new ModelError('a model needs at least one variable', { model });
  }
  const varSpecs = Object.entries(spec.variables).map(([n, s]) => [n, normaliseVariable(s)] as const);
  const parSpecs = Object.entries(spec.parameters ?? {}).map(([n, s]) => [n, normaliseParameter(s)] as const);
  for (const [n] of varSpecs) declare(n, 'variable');
  for (const [n] of parSpecs) declare(n, 'parameter');
  for (const n of Object.keys(spec.expressions ?? {})) declare(n, 'expression');
  for (const n of Object.keys(spec.inputs ?? {})) declare(n, 'input');
  const fns = compileFunctions(model, spec.functions, new Set(kinds.keys()));
  const parseExpression: typeof parseWithout = (src, where) => parseWithout(src, where, fns);

  const resolve = (
    p: ParsedExpression,
    field: string,
    allowed: (name: string, kind: Kind | 't') => string | null,
  ): void => {
    for (const s of p.symbols) {
      const kind: Kind | 't' | undefined = s === 't' ? 't' : kinds.get(s);
      const column = symbolColumn(p, s);
      if (FORBIDDEN_NAMES.has(s))
        throw new ModelError(`'${s}' is a forbidden name`, { model, field, expression: p.source, column });
      if (kind === undefined) {
        // own properties only: `__proto__` or `constructor` must not find Object.prototype's members
        const constant = Object.hasOwn(MATH_CONSTANTS, s) ? MATH_CONSTANTS[s] : undefined;
        const reason = constant
          ? `unknown symbol '${s}' (mathjs would read it as ${constant}; ` +
            `declare it as a parameter if you mean your own '${s}')`
          : `unknown symbol '${s}'`;
        throw new ModelError(reason, {
          model,
          field,
          expression: p.source,
          column,
          suggestion: nearestName(s, [...kinds.keys(), 't']),
        });
      }
      const why = allowed(s, kind);
      if (why) throw new ModelError(why, { model, field, expression: p.source, column });
    }
  };
  const anySymbol = (): null => null;

  // Parameters
  const parameters: IRParameter[] = parSpecs.map(([name, s], index) => {
    if (typeof s.value !== 'number' || !Number.isFinite(s.value)) {
      throw new ModelError(`parameter value must be a finite number, got ${JSON.stringify(s.value)}`, {
        model,
        field: `parameter '${name}'`,
      });
    }
    return { name, index, value: s.value, unit: s.unit, description: s.description };
  });

  // Named expressions and inputs
  const namedParsed = new Map<string, { kind: 'expression' | 'input'; p: ParsedExpression }>();
  for (const [name, src] of Object.entries(spec.inputs ?? {})) {
    const field = `input '${name}'`;
    const p = parseExpression(src, { model, field });
    resolve(p, field, (s, k) =>
      k === 'variable' || k === 'expression'
        ? `input '${name}' may depend only on t, parameters and other inputs, not on ${k} '${s}' ` +
          '(declare it under expressions instead)'
        : null,
    );
    namedParsed.set(name, { kind: 'input', p });
  }
  for (const [name, src] of Object.entries(spec.expressions ?? {})) {
    const field = `expression '${name}'`;
    const p = parseExpression(src, { model, field });
    resolve(p, field, anySymbol);
    namedParsed.set(name, { kind: 'expression', p });
  }
  const named = orderNamed(model, namedParsed);

  // Variables
  const varIndex = new Map(varSpecs.map(([n], i) => [n, i]));
  const variables: IRVariable[] = varSpecs.map(([name, s], index) => {
    const field = `d${name}/dt`;
    if (s.ddt === undefined) throw new ModelError('missing ddt expression', { model, field: `variable '${name}'` });
    if (typeof s.ddt !== 'string')
      throw new ModelError(`ddt must be an expression string, got ${typeof s.ddt}`, {
        model,
        field: `variable '${name}'`,
      });
    const p = parseExpression(s.ddt, { model, field });
    resolve(p, field, anySymbol);
    let init: MathNode;
    const initSpec = s.init ?? 0;
    if (typeof initSpec === 'number') {
      if (!Number.isFinite(initSpec))
        throw new ModelError(`initial value must be finite, got ${initSpec}`, { model, field: `init of '${name}'` });
      init = new ConstantNode(initSpec);
    } else {
      const f = `init of '${name}'`;
      const ip = parseExpression(initSpec, { model, field: f });
      resolve(ip, f, (sym, k) =>
        k === 'parameter' || (k === 'variable' && (varIndex.get(sym) ?? Infinity) < index)
          ? null
          : `an initial value may use parameters and earlier variables' initial values only, not '${sym}'`,
      );
      init = ip.node;
    }
    return { name, index, source: s.ddt, ddt: p.node, init, unit: s.unit };
  });

  // Events
  if (spec.events !== undefined && !Array.isArray(spec.events))
    throw new ModelError('events must be a list', { model });
  const events =
    spec.events === undefined ? [] : spec.events.map((e, k) => buildEvent(model, e, k, resolve, varIndex, fns));
  const eventNames = new Set<string>();
  for (const e of events) {
    // results report event times by name, so two events of one name would share one list
    if (eventNames.has(e.name))
      throw new ModelError(`duplicate event name '${e.name}'`, { model, field: `event '${e.name}'` });
    eventNames.add(e.name);
  }

  // Jacobian over ddts with named expressions substituted
  const inlineCache = new Map<string, MathNode>();
  const inline = (node: MathNode): MathNode =>
    node.transform((n: MathNode) => {
      const v = view(n);
      if (v.type === 'SymbolNode' && namedParsed.has(v.name)) {
        let sub = inlineCache.get(v.name);
        if (!sub) {
          sub = inline(namedParsed.get(v.name)!.p.node);
          inlineCache.set(v.name, sub);
        }
        return sub;
      }
      return n;
    });
  const inlined = variables.map((v) => inline(v.ddt));
  const accept = (n: MathNode): boolean => {
    try {
      parseWithout(n.toString(), { model });
      return true;
    } catch {
      return false;
    }
  };
  // The Jacobian is derived on first use: simplification costs far more than parsing, and
  // simulation never needs it.
  let jacobian: MathNode[][] | undefined;
  const ir = { name: model, variables, parameters, named, events, inlined } as Omit<ModelIR, 'jacobian'>;
  Object.defineProperty(ir, 'jacobian', {
    enumerable: true,
    get: () => (jacobian ??= inlined.map((f) => variables.map((x) => simplify(differentiate(f, x.name), accept)))),
  });
  // last: unit messages can then rely on every name being declared and every expression parsed
  checkUnits(spec, ir as ModelIR);
  return ir as ModelIR;
}

function orderNamed(
  model: string,
  parsed: Map<string, { kind: 'expression' | 'input'; p: ParsedExpression }>,
): IRNamed[] {
  const out: IRNamed[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    const st = state.get(name);
    if (st === 'done') return;
    const entry = parsed.get(name)!;
    if (st === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' → ');
      throw new ModelError(`named expressions form a cycle: ${cycle}`, {
        model,
        field: `${entry.kind} '${name}'`,
        expression: entry.p.source,
      });
    }
    state.set(name, 'visiting');
    for (const s of entry.p.symbols) if (parsed.has(s)) visit(s, [...path, name]);
    state.set(name, 'done');
    out.push({ name, kind: entry.kind, source: entry.p.source, node: entry.p.node });
  };
  for (const name of parsed.keys()) visit(name, []);
  return out;
}

const DIRECTION: Record<string, 1 | -1> = { larger: 1, largerEq: 1, smaller: -1, smallerEq: -1 };

function buildEvent(
  model: string,
  e: EventSpec,
  k: number,
  resolve: (p: ParsedExpression, field: string, allowed: (name: string, kind: Kind | 't') => string | null) => void,
  varIndex: Map<string, number>,
  fns: UserFunctions,
): IREvent {
  const parseExpression: typeof parseWithout = (src, where) => parseWithout(src, where, fns);
  if (!e || typeof e !== 'object')
    throw new ModelError('an event is an object with when, reset, refractory and clamp', {
      model,
      field: `event ${k + 1}`,
    });
  const name = e.name ?? (k === 0 ? 'spike' : `event${k}`);
  // event names reach generated code (as comments) and results: identifiers only
  if (typeof name !== 'string' || !IDENTIFIER.test(name) || FORBIDDEN_NAMES.has(name)) {
    throw new ModelError(
      `invalid event name ${JSON.stringify(name)}: use letters, digits and _, not starting with a digit`,
      { model, field: `event ${k + 1}` },
    );
  }
  const field = `event '${name}'`;
  if (typeof e.when !== 'string')
    throw new ModelError('an event needs a \'when\' condition such as "v >= 30"', { model, field });
  const p = parseExpression(e.when, { model, field: `${field} when` });
  resolve(p, `${field} when`, () => null);
  const cv = view(p.node);
  if (cv.type !== 'OperatorNode' || !(cv.fn in DIRECTION)) {
    throw new ModelError('an event condition must be one comparison with <, <=, > or >= (e.g. v >= 30)', {
      model,
      field: `${field} when`,
      expression: e.when,
    });
  }
  const g = sub(cv.args[0], cv.args[1]);
  const resets = [];
  const seen = new Set<string>();
  if (e.reset !== undefined && typeof e.reset !== 'string')
    throw new ModelError('a reset is a string of assignments such as "v = c; u = u + d"', {
      model,
      field: `${field} reset`,
    });
  for (const part of (e.reset ?? '').split(/[;\n]/)) {
    if (!part.trim()) continue;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$/.exec(part);
    if (!m)
      throw new ModelError('a reset is a list of assignments such as "v = c; u = u + d"', {
        model,
        field: `${field} reset`,
        expression: part.trim(),
      });
    const [, target, rhs] = m;
    const idx = varIndex.get(target);
    if (idx === undefined) {
      throw new ModelError(`reset assigns '${target}', which is not a state variable`, {
        model,
        field: `${field} reset`,
        expression: part.trim(),
        column: 1,
        suggestion: nearestName(target, varIndex.keys()),
      });
    }
    if (seen.has(target))
      throw new ModelError(`'${target}' is reset twice`, { model, field: `${field} reset`, expression: e.reset });
    seen.add(target);
    const rp = parseExpression(rhs.trim(), { model, field: `${field} reset of '${target}'` });
    resolve(rp, `${field} reset of '${target}'`, () => null);
    resets.push({ variable: target, index: idx, source: rhs.trim(), node: rp.node });
  }
  let refractory: MathNode | null = null;
  if (e.refractory !== undefined && e.refractory !== 0) {
    if (typeof e.refractory === 'number') {
      if (!(e.refractory > 0) || !Number.isFinite(e.refractory))
        throw new ModelError(`refractory period must be a positive number, got ${e.refractory}`, { model, field });
      refractory = new ConstantNode(e.refractory);
    } else {
      const rp = parseExpression(e.refractory, { model, field: `${field} refractory` });
      resolve(rp, `${field} refractory`, (s, kind) =>
        kind === 'parameter' ? null : `a refractory period may use parameters only, not ${kind} '${s}'`,
      );
      refractory = rp.node;
    }
  }
  if (e.clamp !== undefined && (!Array.isArray(e.clamp) || e.clamp.some((v) => typeof v !== 'string'))) {
    throw new ModelError('clamp is a list of state variable names, e.g. [v]', { model, field: `${field} clamp` });
  }
  const clamp = (e.clamp ?? []).map((v) => {
    const idx = varIndex.get(v);
    if (idx === undefined) {
      throw new ModelError(`clamp names '${v}', which is not a state variable`, {
        model,
        field: `${field} clamp`,
        suggestion: nearestName(v, varIndex.keys()),
      });
    }
    return idx;
  });
  if (clamp.length && !refractory) throw new ModelError('clamp needs a refractory period', { model, field });
  return { name, source: e.when, g, direction: DIRECTION[cv.fn], resets, refractory, clamp };
}
