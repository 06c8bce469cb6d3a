/**
 * The phase portrait of a plane in one call: direction field, nullclines (and a hybrid model's
 * threshold and reset lines), fixed points with their stability, trajectories, separatrices of
 * saddles and the attracting limit cycle, all as plain data for plotting or JSON.
 */
import type { Model } from '../model/model.js';
import type { CompiledModel } from '../compile/scalar.js';
import { OptionError } from '../model/errors.js';
import { reducePlane, resolvePlane, type Axis, type PlaneOptions } from './plane.js';
import { directionFieldOf, type DirectionField } from './direction-field.js';
import { nullclinesOf, type EventLines, type Polyline } from './nullclines.js';
import { fixedPoints, type FixedPoint, type FixedPointSearch } from './fixed-points.js';
import {
  defaultDuration,
  separatrices,
  startState,
  trajectoryOf,
  type Separatrix,
  type Trajectory,
} from './trajectories.js';
import { limitCycle, type LimitCycleFound } from './limit-cycle.js';
import { Work, type WorkOptions } from './work.js';

export interface PhasePortraitOptions extends PlaneOptions, WorkOptions {
  /** direction-field arrows per axis (default 21; 0 for none) */
  arrows?: number | [number, number];
  /** nullcline grid points per axis (default 201) */
  resolution?: number;
  /** trajectory starting points (`[x, y]` or states by name), or a count spread over the plane (default none) */
  trajectories?: ([number, number] | Record<string, number>)[] | number;
  /** trajectories run 'forward' (default), 'backward' or 'both' */
  direction?: 'forward' | 'backward' | 'both';
  /** integration time of trajectories and separatrices (default: estimated from the plane) */
  duration?: number;
  /** trace the stable and unstable manifolds of saddles (default true) */
  separatrices?: boolean;
  /** look for an attracting limit cycle (default true) */
  limitCycle?: boolean;
  /**
   * for models with more than two variables: 'projection' (default) computes fixed points,
   * trajectories, separatrices and the limit cycle in the full system and draws their projection
   * on the plane, while nullclines and the direction field are those of the plane with the other
   * variables held; 'reduced' computes every element in the reduced two-variable system (the
   * other variables held throughout), so they all belong to one planar system
   */
  system?: 'projection' | 'reduced';
}

/** Which system the elements of a portrait belong to. */
export type PortraitSystem = 'planar' | 'projection' | 'reduced';

export interface PhasePortrait {
  model: string;
  x: Axis;
  y: Axis;
  /** parameter values used */
  params: Record<string, number>;
  /** values of the variables not in the plane */
  held: Record<string, number>;
  /**
   * 'planar': a two-variable model, everything exact in the plane; 'projection': nullclines and
   * field of the plane with `held` fixed, fixed points, trajectories, separatrices and cycle of the
   * full system, projected; 'reduced': everything of the reduced system with `held` fixed
   */
  system: PortraitSystem;
  /** one sentence saying what the figure shows (for titles, legends and text output) */
  shows: string;
  timeUnit?: string;
  /** integration time of trajectories */
  duration: number;
  field: DirectionField | null;
  /** per plane variable, the polylines where its derivative vanishes */
  nullclines: Record<string, Polyline[]>;
  /** threshold and reset lines of a hybrid model's events */
  events: EventLines[];
  /** fixed points (of the full or the reduced system, see `system`) inside the plane's range */
  fixedPoints: FixedPoint[];
  /** whether the fixed-point search was exhaustive (see fixedPoints) */
  fixedPointSearch: FixedPointSearch;
  trajectories: Trajectory[];
  separatrices: Separatrix[];
  /** the attracting limit cycle reached from the initial state or from next to an unstable fixed point, if any */
  limitCycle: LimitCycleFound | null;
}

/**
 * Everything about a phase plane.
 * @example
 * const pp = phasePortrait(loadModel('fitzhugh-nagumo'), {
 *   x: 'v:-2.5:2',
 *   y: 'w:-1:2',
 *   params: { I: 0.5 },
 *   trajectories: 10,
 * });
 * pp.fixedPoints[0].stability // 'unstable focus'
 * pp.limitCycle?.period // 39.474…
 */
export function phasePortrait(model: Model | CompiledModel, options: PhasePortraitOptions): PhasePortrait {
  const outer = resolvePlane(model, options);
  if (options.system !== undefined && options.system !== 'projection' && options.system !== 'reduced') {
    throw new OptionError(`system must be 'projection' or 'reduced', got '${options.system}'`);
  }
  const system: PortraitSystem = outer.c.n <= 2 ? 'planar' : (options.system ?? 'projection');
  const plane = system === 'reduced' ? reducePlane(outer) : outer;
  const { c, x, y } = plane;
  const work = new Work(`phase portrait of model '${c.name}'`, options);
  const arrows = options.arrows ?? 21;
  const field = arrows === 0 ? null : directionFieldOf(plane, arrows);
  const nc = nullclinesOf(plane, options.resolution ?? 201);

  // fixed points: Newton from a grid and from every nullcline intersection
  const seeds: Record<string, number>[] = [];
  for (const a of nc.nullclines[x.variable]) {
    for (const b of nc.nullclines[y.variable]) {
      for (const [u, v] of intersections(a, b)) seeds.push({ ...plane.held, [x.variable]: u, [y.variable]: v });
    }
  }
  const fps = fixedPoints(c, {
    params: plane.params,
    ranges: { [x.variable]: [x.min, x.max], [y.variable]: [y.min, y.max] },
    state: plane.held,
    seeds,
    t: plane.t,
  });

  const duration = options.duration ?? defaultDuration(plane);
  let starts: ([number, number] | Record<string, number>)[] = [];
  const tr = options.trajectories ?? [];
  if (typeof tr === 'number') {
    if (!(Number.isInteger(tr) && tr >= 0 && tr <= 10000))
      throw new OptionError(`trajectories must be a list of points or a count from 0 to 10000, got ${tr}`);
    // a low-discrepancy spread (Halton 2, 3) over the inner 90% of the plane
    starts = Array.from({ length: tr }, (_, k) => [
      x.min + (0.05 + 0.9 * halton(k + 1, 2)) * (x.max - x.min),
      y.min + (0.05 + 0.9 * halton(k + 1, 3)) * (y.max - y.min),
    ]);
  } else if (Array.isArray(tr)) starts = tr;
  else throw new OptionError('trajectories must be a list of starting points or a count');
  const dirs =
    options.direction === 'both'
      ? (['backward', 'forward'] as const)
      : options.direction === 'backward'
        ? (['backward'] as const)
        : (['forward'] as const);
  if (options.direction !== undefined && !['forward', 'backward', 'both'].includes(options.direction)) {
    throw new OptionError(`direction must be 'forward', 'backward' or 'both', got '${options.direction}'`);
  }
  const trajectories: Trajectory[] = [];
  const analysis = work.analysis;
  for (const [k, s] of starts.entries()) {
    work.progress(0.1 + (0.4 * k) / starts.length);
    const start = startState(plane, s);
    for (const d of dirs)
      trajectories.push(trajectoryOf(plane, start, d, duration, undefined, { signal: options.signal, analysis }));
  }
  work.progress(0.5);
  const seps =
    options.separatrices === false
      ? []
      : separatrices(plane, fps, { duration, signal: options.signal, analysis, onEach: () => work.check() });
  work.progress(0.8);

  let cycle: LimitCycleFound | null = null;
  if (options.limitCycle !== false) {
    const inits: Float64Array[] = [];
    for (const fp of fps) {
      if (fp.stable || fp.stability === 'saddle' || fp.stability === 'saddle-focus') continue;
      // just off an unstable node or focus, where a surrounding cycle would attract
      const s = Float64Array.from(c.variables.map((v) => fp.state[v]));
      s[x.index] += 1e-3 * (x.max - x.min);
      s[y.index] += 1e-3 * (y.max - y.min);
      inits.push(s);
    }
    inits.push(Float64Array.from(plane.base));
    for (const init of inits) {
      const lc = work.run(() => limitCycle(c, { params: plane.params, init, signal: options.signal }));
      if (lc.found) {
        cycle = lc;
        break;
      }
    }
  }
  const heldText = Object.entries(outer.held)
    .map(([k, v]) => `${k} = ${Number(v.toPrecision(4))}`)
    .join(', ');
  const shows =
    system === 'planar'
      ? `the ${outer.c.n}-variable system`
      : system === 'reduced'
        ? `the reduced system with ${heldText} held: nullclines, fixed points, trajectories and cycle all of it`
        : `nullclines and field with ${heldText} held; ` +
          `fixed points, trajectories and cycle of the full ${outer.c.n}-variable system, projected`;
  return {
    model: c.name,
    // axes indexed in the model's full state
    x: outer.x,
    y: outer.y,
    params: plane.params,
    held: outer.held,
    system,
    shows,
    timeUnit: plane.timeUnit,
    duration,
    field,
    nullclines: nc.nullclines,
    events: nc.events,
    fixedPoints: fps,
    fixedPointSearch: { complete: fps.complete, reason: fps.reason, region: fps.region, unbounded: fps.unbounded },
    trajectories,
    separatrices: seps,
    limitCycle: cycle,
  };
}

function halton(k: number, base: number): number {
  let f = 1,
    r = 0;
  while (k > 0) {
    f /= base;
    r += f * (k % base);
    k = Math.floor(k / base);
  }
  return r;
}

/** Crossing points of two polylines (segment by segment, bounding boxes first). */
export function intersections(a: Polyline, b: Polyline): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < a.x.length; i++) {
    const ax0 = a.x[i],
      ay0 = a.y[i],
      ax1 = a.x[i + 1],
      ay1 = a.y[i + 1];
    const axl = Math.min(ax0, ax1),
      axh = Math.max(ax0, ax1),
      ayl = Math.min(ay0, ay1),
      ayh = Math.max(ay0, ay1);
    for (let j = 0; j + 1 < b.x.length; j++) {
      const bx0 = b.x[j],
        by0 = b.y[j],
        bx1 = b.x[j + 1],
        by1 = b.y[j + 1];
      if (Math.max(bx0, bx1) < axl || Math.min(bx0, bx1) > axh || Math.max(by0, by1) < ayl || Math.min(by0, by1) > ayh)
        continue;
      const dxa = ax1 - ax0,
        dya = ay1 - ay0,
        dxb = bx1 - bx0,
        dyb = by1 - by0;
      const den = dxa * dyb - dya * dxb;
      if (den === 0) continue;
      const s = ((bx0 - ax0) * dyb - (by0 - ay0) * dxb) / den;
      const u = ((bx0 - ax0) * dya - (by0 - ay0) * dxa) / den;
      if (s >= 0 && s <= 1 && u >= 0 && u <= 1) out.push([ax0 + s * dxa, ay0 + s * dya]);
    }
  }
  return out;
}
