/**
 * Variable and Model: the user-facing description of a dynamical system. A Model is data (a
 * ModelSpec) plus its validated IR, built once at construction so every error surfaces early.
 */
import { ModelError, nearestName } from './errors.js';
import type { ModelIR } from './ir.js';
import type { DefaultsSpec, EventSpec, FunctionSpec, ModelSpec, ParameterSpec, VariableSpec } from './spec.js';
import { parseFunctionLine } from './user-functions.js';
import { buildIR, normaliseParameter, normaliseVariable } from './validate.js';

/**
 * A state variable: its name, the right-hand side of d(name)/dt and its initial value.
 * @example new Variable('v', 'v - v^3/3 - w + I', 0)
 */
export class Variable {
  constructor(
    readonly name: string,
    readonly ddt: string,
    readonly init: number | string = 0,
    readonly unit?: string,
  ) {}
  toSpec(): VariableSpec {
    return { ddt: this.ddt, init: this.init, ...(this.unit ? { unit: this.unit } : {}) };
  }
}

export interface ModelOptions {
  variables: Variable[] | Record<string, VariableSpec | string>;
  parameters?: Record<string, number | ParameterSpec>;
  expressions?: Record<string, string>;
  inputs?: Record<string, string>;
  events?: EventSpec[];
  presets?: Record<string, Record<string, number>>;
  /** user functions, e.g. `{ S: { args: ['x', 'th', 'k'], body: '1/(1 + exp(-(x - th)/k))' } }` */
  functions?: Record<string, FunctionSpec>;
  defaults?: DefaultsSpec;
  description?: string;
  reference?: string;
  time_unit?: string;
}

/**
 * A validated model.
 * @example
 * const fhn = new Model('fhn', {
 *   variables: [new Variable('v', 'v - v^3/3 - w + I'), new Variable('w', '(v + a - b*w)/tau')],
 *   parameters: { a: 0.7, b: 0.8, tau: 12.5, I: 0.5 },
 * });
 */
export class Model {
  readonly spec: Readonly<ModelSpec>;
  readonly ir: ModelIR;

  constructor(name: string, options: ModelOptions);
  constructor(spec: ModelSpec);
  constructor(a: string | ModelSpec, options?: ModelOptions) {
    const spec: ModelSpec = typeof a === 'string' ? specFromOptions(a, options!) : a;
    if (!spec || typeof spec !== 'object') throw new ModelError('a model needs a name and variables');
    this.spec = deepFreeze(structuredClone(spec));
    this.ir = buildIR(this.spec as ModelSpec);
  }

  get name(): string {
    return this.spec.name;
  }
  get description(): string | undefined {
    return this.spec.description;
  }
  /** state variable names in state-vector order */
  get variableNames(): string[] {
    return this.ir.variables.map((v) => v.name);
  }
  get parameterNames(): string[] {
    return this.ir.parameters.map((p) => p.name);
  }
  /** current parameter values by name */
  get parameters(): Record<string, number> {
    return Object.fromEntries(this.ir.parameters.map((p) => [p.name, p.value]));
  }
  get presets(): string[] {
    return Object.keys(this.spec.presets ?? {});
  }

  /**
   * A copy with other parameter values. A string value turns the parameter into a time-dependent
   * input, e.g. `model.with({ I: 't > 200 and t < 700 ? 7 : 0' })`.
   */
  with(values: Record<string, number | string>): Model {
    const spec = structuredClone(this.spec) as ModelSpec;
    const params = (spec.parameters = { ...(spec.parameters ?? {}) });
    // own properties only: `'constructor' in params` is true for every object, and
    // `params['__proto__'] = x` would replace the prototype instead of adding a parameter
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string') {
        if (!Object.hasOwn(params, name) && !(spec.inputs && Object.hasOwn(spec.inputs, name)))
          throw this.unknownParameter(name);
        delete params[name];
        spec.inputs = { ...(spec.inputs ?? {}), [name]: value };
      } else {
        if (!Object.hasOwn(params, name)) throw this.unknownParameter(name);
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new ModelError(`value for parameter '${name}' must be a finite number, got ${value}`, {
            model: this.name,
          });
        }
        params[name] = { ...normaliseParameter(params[name]), value };
      }
    }
    return new Model(spec);
  }

  /** A copy with other initial values, e.g. `model.withInit({ v: -70 })`. */
  withInit(values: Record<string, number>): Model {
    const spec = structuredClone(this.spec) as ModelSpec;
    for (const [name, value] of Object.entries(values)) {
      if (!Object.hasOwn(spec.variables, name)) {
        throw new ModelError(`no state variable '${name}' to set an initial value for`, {
          model: this.name,
          suggestion: nearestName(name, Object.keys(spec.variables)),
        });
      }
      spec.variables[name] = { ...normaliseVariable(spec.variables[name]), init: value };
    }
    return new Model(spec);
  }

  /** A copy with a named preset's parameter values (e.g. Izhikevich 'RS'). */
  preset(name: string): Model {
    const presets = this.spec.presets;
    const p = presets && typeof name === 'string' && Object.hasOwn(presets, name) ? presets[name] : undefined;
    if (!p) {
      throw new ModelError(`no preset '${name}' (available: ${this.presets.join(', ') || 'none'})`, {
        model: this.name,
        suggestion: typeof name === 'string' ? nearestName(name, this.presets) : undefined,
      });
    }
    return this.with(p);
  }

  /** The model as plain data (what a model file holds). */
  toJSON(): ModelSpec {
    return structuredClone(this.spec) as ModelSpec;
  }

  /**
   * Build a model from equations, one per line: `dv/dt = ...` or `v' = ...` for state variables,
   * `name = ...` for named expressions, `f(a, b) = ...` for user functions.
   * @example
   * Model.fromEquations('fhn', ["v' = v - v^3/3 - w + I", "w' = (v + a - b*w)/tau"], {
   *   a: 0.7,
   *   b: 0.8,
   *   tau: 12.5,
   *   I: 0.5,
   * });
   */
  static fromEquations(
    name: string,
    equations: string | string[],
    parameters: Record<string, number> = {},
    options: Omit<ModelOptions, 'variables' | 'parameters'> & { init?: Record<string, number> } = {},
  ): Model {
    const lines = (Array.isArray(equations) ? equations : equations.split(/\n|;/))
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    // null prototypes: an equation for `constructor` or `__proto__` must reach validation (which
    // rejects the name) instead of colliding with Object.prototype here
    const variables: Record<string, VariableSpec> = Object.create(null);
    const expressions: Record<string, string> = Object.assign(Object.create(null), options.expressions ?? {});
    const functions: Record<string, FunctionSpec> = Object.assign(Object.create(null), options.functions ?? {});
    for (const line of lines) {
      const f = parseFunctionLine(line);
      if (f) {
        if (Object.hasOwn(functions, f.name))
          throw new ModelError(`duplicate definition of function '${f.name}'`, { model: name, expression: line });
        functions[f.name] = f.spec;
        continue;
      }
      const m =
        /^d\s*([A-Za-z_][A-Za-z0-9_]*)\s*\/\s*dt\s*=(?!=)(.*)$/.exec(line) ??
        /^([A-Za-z_][A-Za-z0-9_]*)\s*'\s*=(?!=)(.*)$/.exec(line);
      if (m) {
        if (Object.hasOwn(variables, m[1]))
          throw new ModelError(`duplicate equation for d${m[1]}/dt`, { model: name, expression: line });
        variables[m[1]] = { ddt: m[2].trim(), init: 0 };
        continue;
      }
      const e = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$/.exec(line);
      if (e) {
        if (Object.hasOwn(expressions, e[1]))
          throw new ModelError(`duplicate definition of '${e[1]}'`, { model: name, expression: line });
        expressions[e[1]] = e[2].trim();
        continue;
      }
      throw new ModelError("an equation reads 'dv/dt = expr', \"v' = expr\" or 'name = expr'", {
        model: name,
        expression: line,
      });
    }
    for (const [v, x] of Object.entries(options.init ?? {})) {
      if (!Object.hasOwn(variables, v)) {
        throw new ModelError(`initial value given for '${v}', which has no equation d${v}/dt`, {
          model: name,
          suggestion: nearestName(v, Object.keys(variables)),
        });
      }
      variables[v].init = x;
    }
    const { init: _init, ...rest } = options;
    void _init;
    return new Model(name, {
      ...rest,
      variables,
      parameters,
      expressions,
      ...(Object.keys(functions).length ? { functions } : {}),
    });
  }

  private unknownParameter(name: string): ModelError {
    return new ModelError(`no parameter '${name}'`, {
      model: this.name,
      suggestion: nearestName(name, this.parameterNames),
    });
  }
}

function specFromOptions(name: string, o: ModelOptions): ModelSpec {
  if (!o || !o.variables) throw new ModelError('a model needs variables', { model: name });
  const variables = Array.isArray(o.variables)
    ? Object.fromEntries(o.variables.map((v) => [v.name, v.toSpec()]))
    : o.variables;
  if (Array.isArray(o.variables)) {
    const seen = new Set<string>();
    for (const v of o.variables) {
      if (seen.has(v.name))
        throw new ModelError(`duplicate name '${v.name}': already declared as a variable`, {
          model: name,
          field: `variable '${v.name}'`,
        });
      seen.add(v.name);
    }
  }
  const spec: ModelSpec = { name, variables };
  for (const key of [
    'description',
    'reference',
    'time_unit',
    'parameters',
    'expressions',
    'inputs',
    'events',
    'presets',
    'functions',
    'defaults',
  ] as const) {
    if (o[key] !== undefined) (spec as unknown as Record<string, unknown>)[key] = o[key];
  }
  return spec;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
