/**
 * The phase plane: two state variables of a model with ranges, the other variables held at given
 * values (default: their initial values) and the parameters fixed. Every phase-plane analysis
 * (direction field, nullclines, fixed points, trajectories) starts by resolving one.
 */
import { Model } from '../model/model.js';
import { compile, type CompiledEvent, type CompiledModel } from '../compile/scalar.js';
import { OptionError, nearestName } from '../model/errors.js';
import { initialState, paramVector } from './options.js';

/** One axis of a plane: a state variable and its range. */
export interface AxisSpec {
  variable: string;
  min: number;
  max: number;
}

/** A resolved axis: the range plus what a plot needs to label it. */
export interface Axis extends AxisSpec {
  index: number;
  unit?: string;
}

export interface PlaneOptions {
  /** horizontal axis: `{ variable, min, max }` or the string `'v:-2.5:2'` */
  x: AxisSpec | string;
  /** vertical axis, as `x` */
  y: AxisSpec | string;
  /** parameter overrides by name */
  params?: Record<string, number>;
  /** values at which the other state variables are held (default: their initial values) */
  state?: Record<string, number>;
  /** time at which a time-dependent model is evaluated (default 0; the plane assumes autonomy) */
  t?: number;
}

/** A model with what the analyses need besides the compiled functions. */
export interface ModelInfo {
  c: CompiledModel;
  /** unit of each state variable and parameter, by name, where the model gives one */
  units: Record<string, string | undefined>;
  /** time unit (e.g. 'ms'), where the model gives one */
  timeUnit?: string;
}

/** A plane ready for evaluation (internal working object of the phase-plane modules). */
export interface Plane extends ModelInfo {
  p: Float64Array;
  /** full state with the held values; the plane variables' entries are overwritten per point */
  base: Float64Array;
  x: Axis;
  y: Axis;
  t: number;
  params: Record<string, number>;
  /** held values of the other variables, by name */
  held: Record<string, number>;
}

/** Compiled functions plus units and time unit of a Model (or a CompiledModel, which has none). */
export function modelInfo(model: Model | CompiledModel): ModelInfo {
  if (model instanceof Model) {
    const units: Record<string, string | undefined> = {};
    for (const p of model.ir.parameters) units[p.name] = p.unit;
    for (const v of model.ir.variables) units[v.name] = v.unit;
    return { c: compile(model), units, timeUnit: model.spec.time_unit };
  }
  if (!model || typeof (model as CompiledModel).rhs !== 'function')
    throw new OptionError('expected a Model or a compiled model');
  return { c: model, units: {} };
}

/**
 * Parse an axis written `name:min:max` (e.g. `v:-2.5:2`).
 * @example parseAxis('v:-2.5:2') // { variable: 'v', min: -2.5, max: 2 }
 */
export function parseAxis(text: string): AxisSpec {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^:]+?)\s*:\s*([^:]+?)\s*$/.exec(text);
  const min = m ? Number(m[2]) : NaN;
  const max = m ? Number(m[3]) : NaN;
  if (!m || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new OptionError(`an axis is written name:min:max (e.g. v:-2.5:2), got '${text}'`);
  }
  return { variable: m[1], min, max };
}

/** Index of a state variable, with a typed error (and a suggestion) for an unknown name. */
export function variableIndex(c: CompiledModel, name: string, what = 'variable'): number {
  const i = c.variables.indexOf(name);
  if (i < 0) {
    const s = nearestName(name, c.variables);
    throw new OptionError(
      `model '${c.name}': no state variable '${name}' for the ${what}` +
        `${s ? ` (did you mean '${s}'?)` : ''}; variables: ${c.variables.join(', ')}`,
    );
  }
  return i;
}

function resolveAxis(info: ModelInfo, spec: AxisSpec | string, which: 'x' | 'y'): Axis {
  if (spec === undefined || spec === null)
    throw new OptionError(`the plane needs a ${which} axis ({ variable, min, max } or 'v:-2.5:2')`);
  const a = typeof spec === 'string' ? parseAxis(spec) : spec;
  const index = variableIndex(info.c, a.variable, `${which} axis`);
  if (!Number.isFinite(a.min) || !Number.isFinite(a.max) || !(a.max > a.min)) {
    throw new OptionError(`the ${which} axis of '${a.variable}' needs finite min < max, got [${a.min}, ${a.max}]`);
  }
  return { variable: a.variable, min: a.min, max: a.max, index, unit: info.units[a.variable] };
}

/**
 * Resolve a plane: check the axes and parameters, and fill the held state.
 * @example const pl = resolvePlane(loadModel('fitzhugh-nagumo'), { x: 'v:-2.5:2', y: 'w:-1:2', params: { I: 0.5 } });
 */
export function resolvePlane(model: Model | CompiledModel, options: PlaneOptions): Plane {
  const info = modelInfo(model);
  const { c } = info;
  if (c.n < 2) throw new OptionError(`model '${c.name}' has ${c.n} state variable; a phase plane needs two`);
  if (!options || typeof options !== 'object') throw new OptionError('phase-plane options need x and y axes');
  const x = resolveAxis(info, options.x, 'x');
  const y = resolveAxis(info, options.y, 'y');
  if (x.index === y.index)
    throw new OptionError(`the x and y axes are both '${x.variable}'; pick two different variables`);
  const p = paramVector(c, options.params);
  const base = initialState(c, p, options.state);
  const t = options.t ?? 0;
  if (!Number.isFinite(t)) throw new OptionError(`t must be a finite number, got ${t}`);
  const params = Object.fromEntries(c.parameters.map((name, i) => [name, p[i]]));
  const held: Record<string, number> = {};
  c.variables.forEach((name, i) => {
    if (i !== x.index && i !== y.index) held[name] = base[i];
  });
  return { ...info, p, base, x, y, t, params, held };
}

/**
 * The reduced system of a plane: a two-variable model whose state is the plane's (x, y) and whose
 * other variables stay at their held values (their derivatives dropped). Every analysis run on it
 * (fixed points, trajectories, separatrices, limit cycle) is then of the same 2-D system the
 * nullclines and the direction field show. Events act on the full state; a reset's effect on a
 * held variable is dropped, as the variable is held.
 * @example reducedModel(compile(loadModel('hodgkin-huxley')), [0, 3], base) // v, n with m, h held
 */
export function reducedModel(c: CompiledModel, keep: number[], base: ArrayLike<number>): CompiledModel {
  const n = c.n,
    k = keep.length;
  const held = Float64Array.from(base);
  // one buffer pair per function: rhs, jac and events are never called inside one another
  const buffers = () => ({ y: Float64Array.from(held), out: new Float64Array(n * n) });
  const bR = buffers(),
    bJ = buffers(),
    bG = buffers(),
    bS = buffers(),
    bO = buffers();
  const lift = (b: { y: Float64Array }, y: ArrayLike<number>): Float64Array => {
    b.y.set(held);
    for (let a = 0; a < k; a++) b.y[keep[a]] = y[a];
    return b.y;
  };
  const events: CompiledEvent[] = c.events.map((e) => ({
    name: e.name,
    direction: e.direction,
    g: (t, y, p) => e.g(t, lift(bG, y), p),
    reset: (t, y, p, out) => {
      const full = lift(bS, y);
      e.reset(t, full, p, bS.out);
      for (let a = 0; a < k; a++) out[a] = bS.out[keep[a]];
    },
    refractory: (p) => e.refractory(p),
    clamp: e.clamp.map((i) => keep.indexOf(i)).filter((i) => i >= 0),
  }));
  const reduced: CompiledModel = {
    name: c.name,
    n: k,
    variables: keep.map((i) => c.variables[i]),
    parameters: c.parameters,
    defaults: c.defaults,
    observables: c.observables,
    rhs(t, y, p, dy) {
      c.rhs(t, lift(bR, y), p, bR.out);
      for (let a = 0; a < k; a++) dy[a] = bR.out[keep[a]];
    },
    get jac() {
      return (t: number, y: ArrayLike<number>, p: ArrayLike<number>, J: Float64Array | number[]) => {
        c.jac(t, lift(bJ, y), p as Float64Array, bJ.out);
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) J[a * k + b] = bJ.out[keep[a] * n + keep[b]];
      };
    },
    init(p, out, given) {
      const g = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) if (!keep.includes(i)) g[i] = held[i];
      if (given) for (let a = 0; a < k; a++) g[keep[a]] = given[a];
      c.init(p, bO.out, g);
      for (let a = 0; a < k; a++) out[a] = bO.out[keep[a]];
    },
    observe(t, y, p, out) {
      c.observe(t, lift(bO, y), p, out);
    },
    events,
    source: c.source,
    get jacobianSource() {
      return c.jacobianSource;
    },
    params: (overrides) => c.params(overrides),
  };
  return reduced;
}

/** The plane of the reduced system (see reducedModel): x, y as variables 0 and 1, nothing held inside it. */
export function reducePlane(plane: Plane): Plane {
  const keep = [plane.x.index, plane.y.index];
  return {
    ...plane,
    c: reducedModel(plane.c, keep, plane.base),
    base: Float64Array.from(keep, (i) => plane.base[i]),
    x: { ...plane.x, index: 0 },
    y: { ...plane.y, index: 1 },
    held: {},
  };
}
