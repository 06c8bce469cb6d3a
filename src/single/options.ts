/** Shared option handling for the single-cell engines. */
import type { CompiledModel } from '../compile/scalar.js';
import { OptionError, SimulationError } from '../model/errors.js';
import { nearestName } from '../model/errors.js';

/** Parameter vector: model defaults with overrides by name (unknown names are an error). */
export function paramVector(c: CompiledModel, overrides: Record<string, number> = {}): Float64Array {
  const p = Float64Array.from(c.defaults);
  for (const [k, v] of Object.entries(overrides)) {
    const i = c.parameters.indexOf(k);
    if (i < 0) {
      const s = nearestName(k, c.parameters);
      throw new OptionError(`model '${c.name}': no parameter '${k}'${s ? ` (did you mean '${s}'?)` : ''}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new OptionError(`model '${c.name}': parameter '${k}' must be a finite number, got ${v}`);
    p[i] = v;
  }
  return p;
}

/**
 * Initial state: the model's init expressions for p, with overrides by name or a full vector.
 * Init expressions of later variables see the overrides (Izhikevich's `u: b*v` follows `v`).
 */
export function initialState(
  c: CompiledModel,
  p: Float64Array,
  init?: Record<string, number> | ArrayLike<number>,
): Float64Array {
  const given = new Float64Array(c.n).fill(NaN);
  if (init && typeof (init as ArrayLike<number>).length === 'number') {
    const a = init as ArrayLike<number>;
    if (a.length !== c.n)
      throw new OptionError(
        `model '${c.name}': initial state has ${a.length} values, ` +
          `the model has ${c.n} variables (${c.variables.join(', ')})`,
      );
    for (let i = 0; i < c.n; i++) given[i] = checkValue(c, c.variables[i], a[i]);
  } else if (init) {
    for (const [k, v] of Object.entries(init as Record<string, number>)) {
      const i = c.variables.indexOf(k);
      if (i < 0) {
        const s = nearestName(k, c.variables);
        throw new OptionError(`model '${c.name}': no state variable '${k}'${s ? ` (did you mean '${s}'?)` : ''}`);
      }
      given[i] = checkValue(c, k, v);
    }
  }
  const y = new Float64Array(c.n);
  c.init(p, y, given);
  for (let i = 0; i < c.n; i++) {
    if (!Number.isFinite(y[i])) {
      throw new SimulationError(
        `model '${c.name}': the initial value of '${c.variables[i]}' evaluates to ${y[i]} for these parameters`,
        {
          model: c.name,
          variable: c.variables[i],
          value: y[i],
        },
      );
    }
  }
  return y;
}

function checkValue(c: CompiledModel, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new OptionError(`model '${c.name}': initial value of '${name}' must be a finite number, got ${String(v)}`);
  return v;
}

export function timeSpan(t: number | [number, number] | undefined, fallback: number): [number, number] {
  const span: [number, number] = t === undefined ? [0, fallback] : typeof t === 'number' ? [0, t] : [t[0], t[1]];
  if (!Number.isFinite(span[0]) || !Number.isFinite(span[1]) || span[1] === span[0]) {
    throw new OptionError(`time span must be two different finite numbers, got [${span.join(', ')}]`);
  }
  return span;
}
