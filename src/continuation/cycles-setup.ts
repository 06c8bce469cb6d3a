/**
 * What one continuation of cycles works with: the public options and result, the options checked
 * once (with a clear error for each bad one), the weights of the scaled norm, and a computed point.
 */
import type { Model } from '../model/model.js';
import { compile, type CompiledModel } from '../compile/scalar.js';
import { IsoclineError, OptionError, nearestName } from '../model/errors.js';
import { paramVector } from '../single/options.js';
import type { Collocation } from './collocation.js';
import type { ComplexValue, ContinuationBranch, ContinuationSpecialPoint } from './types.js';

/** Continuation of cycles cannot start or go on (hybrid model, no Hopf pair, singular start). */
export class CycleContinuationError extends IsoclineError {}

export interface CycleContinuationOptions {
  /** the parameter to vary */
  param: string;
  /** the parameter range; the branch stops when it leaves [min(from, to), max(from, to)] */
  from: number;
  to: number;
  /** other parameter overrides */
  params?: Record<string, number>;
  /** mesh intervals (default 40) and collocation points per interval (default 4), as AUTO's NTST, NCOL */
  ntst?: number;
  ncol?: number;
  /** most points on the branch (default 500) */
  maxPoints?: number;
  signal?: AbortSignal;
  /** first and largest pseudo-arclength step in the scaled norm (defaults 0.02 and 0.2) */
  ds?: number;
  dsMax?: number;
  /** re-adapt the mesh every this many steps (default 3, as AUTO's IAD; 0: never) */
  adaptEvery?: number;
  /** stop when the period exceeds this multiple of the smallest period on the branch (default 20) */
  periodGrowth?: number;
}

export interface CycleContinuationResult {
  branch: ContinuationBranch;
  special: ContinuationSpecialPoint[];
  warnings: string[];
}

/** A computed point: the collocation unknowns, the unit tangent and what the tests need. */
export interface Pt {
  col: Collocation;
  u: Float64Array;
  t: Float64Array;
  mult: ComplexValue[];
  /** index of the trivial multiplier */
  trivial: number;
  lpc: number;
  /** the fold-of-cycles test: ln μ of the non-trivial multiplier for a planar model, else lpc */
  fold: number;
  pd: number;
  ns: number;
  iters: number;
}

/** The checked options and the compiled model, shared by every step of one continuation. */
export interface Setup {
  c: CompiledModel;
  n: number;
  params: Float64Array;
  pIndex: number;
  param: string;
  lo: number;
  hi: number;
  span: number;
  ntst: number;
  ncol: number;
  maxPoints: number;
  ds: number;
  dsMax: number;
  adaptEvery: number;
  periodGrowth: number;
  signal?: AbortSignal;
}

export function setup(model: Model, o: CycleContinuationOptions): Setup {
  const c = compile(model);
  if (c.events.length > 0) {
    throw new CycleContinuationError(
      `model '${c.name}' has events with resets (${c.events.map((e) => e.name).join(', ')}): ` +
        'its spiking orbits jump, so they are not smooth periodic orbits and are not continued by collocation ' +
        "(the smooth subthreshold system's equilibria and Hopf points can be)",
    );
  }
  if (!o || typeof o.param !== 'string') {
    throw new OptionError(`model '${c.name}': cycle continuation needs \`param\`: the parameter to vary`);
  }
  const pIndex = c.parameters.indexOf(o.param);
  if (pIndex < 0 || !Object.prototype.hasOwnProperty.call(model.parameters, o.param)) {
    const s = nearestName(o.param, c.parameters);
    throw new OptionError(
      `model '${c.name}': no parameter '${o.param}' to vary${s ? ` (did you mean '${s}'?)` : ''}; ` +
        `parameters: ${c.parameters.join(', ')}`,
    );
  }
  if (!Number.isFinite(o.from) || !Number.isFinite(o.to) || o.from === o.to) {
    throw new OptionError(
      `model '${c.name}': the range of '${o.param}' needs finite, different from and to, got ${o.from} and ${o.to}`,
    );
  }
  const int = (name: string, v: number | undefined, def: number, lo: number, hi: number): number => {
    const x = v ?? def;
    if (!Number.isInteger(x) || x < lo || x > hi) {
      throw new OptionError(`model '${c.name}': ${name} must be an integer from ${lo} to ${hi}, got ${x}`);
    }
    return x;
  };
  const pos = (name: string, v: number | undefined, def: number): number => {
    const x = v ?? def;
    if (!(typeof x === 'number' && Number.isFinite(x) && x > 0)) {
      throw new OptionError(`model '${c.name}': ${name} must be a positive number, got ${x}`);
    }
    return x;
  };
  return {
    c,
    n: c.n,
    params: paramVector(c, o.params),
    pIndex,
    param: o.param,
    lo: Math.min(o.from, o.to),
    hi: Math.max(o.from, o.to),
    span: Math.abs(o.to - o.from),
    ntst: int('ntst', o.ntst, 40, 2, 2000),
    ncol: int('ncol', o.ncol, 4, 1, 7),
    maxPoints: int('maxPoints', o.maxPoints, 500, 1, 1e6),
    ds: pos('ds', o.ds, 0.02),
    dsMax: pos('dsMax', o.dsMax, 0.2),
    adaptEvery: int('adaptEvery', o.adaptEvery, 3, 0, 1e6),
    periodGrowth: pos('periodGrowth', o.periodGrowth, 20),
    signal: o.signal,
  };
}

/**
 * Weights of the scaled inner product: each variable by its size at the start (at least 1), the
 * period by the first period, the parameter by the range, so one step length suits mV and gates.
 */
export function scales(cx: Setup, x0: ArrayLike<number>, T0: number): Float64Array {
  const th = new Float64Array(cx.n + 2);
  for (let d = 0; d < cx.n; d++) th[d] = 1 / Math.max(1, Math.abs(x0[d])) ** 2;
  th[cx.n] = 1 / T0 ** 2;
  th[cx.n + 1] = 1 / cx.span ** 2;
  return th;
}
