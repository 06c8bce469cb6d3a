/**
 * Trajectories for phase portraits: forward and backward in time from given points, cut into
 * segments at resets (a hybrid model jumps from threshold to reset; that jump is not a curve),
 * stopped when they leave the neighbourhood of the plane or settle; and the stable and unstable
 * manifolds (separatrices) of saddles, traced from eigenvector offsets.
 */
import type { Model } from '../model/model.js';
import type { CompiledModel } from '../compile/scalar.js';
import { AbortError, OptionError, SimulationError, WorkLimitError } from '../model/errors.js';
import { initialState } from './options.js';
import { simulate } from './simulate.js';
import type { FixedPoint } from './fixed-points.js';
import { resolvePlane, type Plane, type PlaneOptions } from './plane.js';

/** A continuous piece of a trajectory (between resets). */
export interface Segment {
  t: Float64Array;
  /** state by variable */
  y: Record<string, Float64Array>;
}

export interface Trajectory {
  /** starting state, by variable */
  from: Record<string, number>;
  direction: 'forward' | 'backward';
  segments: Segment[];
  /**
   * why it ended: the time ran out, it left the plane's neighbourhood, it settled, it diverged, or
   * it used its step budget (`maxSteps`: a stiff stretch or a duration far beyond the plane's time scale)
   */
  end: 'time' | 'left plane' | 'settled' | 'diverged' | 'step limit';
}

/** A stable or unstable manifold branch of a saddle. */
export interface Separatrix {
  /** index of the saddle in the fixed-point list it was traced from */
  saddle: number;
  kind: 'stable' | 'unstable';
  trajectory: Trajectory;
}

export interface TrajectoryOptions extends PlaneOptions {
  /** starting points: plane coordinates `[x, y]` or states by name (others held as in the plane) */
  from: ([number, number] | Record<string, number>)[];
  /** integration time for each direction (default: estimated from the plane, see defaultDuration) */
  duration?: number;
  /** 'forward' (default), 'backward' or 'both' */
  direction?: 'forward' | 'backward' | 'both';
  /** relative tolerance (default 1e-8) */
  rtol?: number;
  /** step budget of each trajectory (default 20000, see TRAJECTORY_MAX_STEPS) */
  maxSteps?: number;
  /** stops the computation with an AbortError */
  signal?: AbortSignal;
}

/**
 * Steps one trajectory may take. A smooth trajectory across a plane takes a few hundred (its step
 * is capped at duration/400); this is fifty times that. The budget is what keeps a stiff backward
 * run (a Hodgkin–Huxley stable manifold, where the fast gating becomes explosive in reverse time)
 * or an absurd duration from running for minutes: such a trajectory ends with `end: 'step limit'`.
 */
export const TRAJECTORY_MAX_STEPS = 20000;

/**
 * Trajectories through given points of a plane.
 * @example
 * trajectories(loadModel('fitzhugh-nagumo'), {
 *   x: 'v:-2.5:2',
 *   y: 'w:-1:2',
 *   from: [[0, 0], [-2, 1.5]],
 *   direction: 'both',
 * });
 */
export function trajectories(model: Model | CompiledModel, options: TrajectoryOptions): Trajectory[] {
  const plane = resolvePlane(model, options);
  if (!Array.isArray(options.from)) throw new OptionError('trajectories need `from`: a list of starting points');
  const dirs = directions(options.direction);
  const duration = options.duration ?? defaultDuration(plane);
  const out: Trajectory[] = [];
  for (const pt of options.from) {
    const s = startState(plane, pt);
    for (const d of dirs)
      out.push(
        trajectoryOf(plane, s, d, duration, options.rtol, { maxSteps: options.maxSteps, signal: options.signal }),
      );
  }
  return out;
}

function directions(d: string | undefined): ('forward' | 'backward')[] {
  if (d === undefined || d === 'forward') return ['forward'];
  if (d === 'backward') return ['backward'];
  if (d === 'both') return ['backward', 'forward'];
  throw new OptionError(`direction must be 'forward', 'backward' or 'both', got '${d}'`);
}

/** A full state from a plane point `[x, y]` or values by name (other variables held). */
export function startState(plane: Plane, pt: [number, number] | Record<string, number>): Float64Array {
  if (Array.isArray(pt)) {
    if (pt.length !== 2 || !Number.isFinite(pt[0]) || !Number.isFinite(pt[1])) {
      throw new OptionError(
        `a starting point is [${plane.x.variable}, ${plane.y.variable}] (two finite numbers), ` +
          `got ${JSON.stringify(pt)}`,
      );
    }
    const s = Float64Array.from(plane.base);
    s[plane.x.index] = pt[0];
    s[plane.y.index] = pt[1];
    return s;
  }
  const given: Record<string, number> = {};
  plane.c.variables.forEach((v, i) => (given[v] = plane.base[i]));
  return initialState(plane.c, plane.p, { ...given, ...pt });
}

/**
 * Default integration time: four times the slower of the two plane variables' typical crossing
 * times (axis span / median |derivative| over a grid), so a trajectory can cross the plane a few
 * times and a cycle turn a few rounds.
 */
export function defaultDuration(plane: Plane): number {
  const { c, p, x, y, t } = plane;
  const s = Float64Array.from(plane.base);
  const dy = new Float64Array(c.n);
  const times: number[][] = [[], []];
  const g = 15;
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      s[x.index] = x.min + ((i + 0.5) / g) * (x.max - x.min);
      s[y.index] = y.min + ((j + 0.5) / g) * (y.max - y.min);
      c.rhs(t, s, p, dy);
      const a = Math.abs(dy[x.index]),
        b = Math.abs(dy[y.index]);
      if (Number.isFinite(a) && a > 0) times[0].push((x.max - x.min) / a);
      if (Number.isFinite(b) && b > 0) times[1].push((y.max - y.min) / b);
    }
  }
  const median = (v: number[]): number => (v.length ? v.sort((a, b) => a - b)[Math.floor(v.length / 2)] : NaN);
  const T = 4 * Math.max(median(times[0]) || 0, median(times[1]) || 0);
  return Number.isFinite(T) && T > 0 ? T : 100;
}

/**
 * One trajectory from a full state. It runs in chunks (so a run that leaves the plane or settles
 * stops early, and a backward run that blows up in finite time keeps its finite part); output
 * every solver step, steps capped at duration/400 so the curve is smooth.
 */
export function trajectoryOf(
  plane: Plane,
  start: Float64Array,
  direction: 'forward' | 'backward',
  duration: number,
  rtol = 1e-8,
  work: { maxSteps?: number; signal?: AbortSignal; analysis?: string } = {},
): Trajectory {
  if (!(duration > 0) || !Number.isFinite(duration))
    throw new OptionError(`trajectory duration must be a positive number, got ${duration}`);
  const budget = work.maxSteps ?? TRAJECTORY_MAX_STEPS;
  if (!(Number.isInteger(budget) && budget > 0))
    throw new OptionError(`trajectory maxSteps must be a positive whole number, got ${budget}`);
  let used = 0;
  const { c, p, x, y } = plane;
  const sign = direction === 'forward' ? 1 : -1;
  const params = plane.params;
  // the neighbourhood: the plane's box widened by half its size on each side
  const wx = x.max - x.min,
    wy = y.max - y.min;
  const inside = (a: number, b: number): boolean =>
    a >= x.min - 0.5 * wx && a <= x.max + 0.5 * wx && b >= y.min - 0.5 * wy && b <= y.max + 0.5 * wy;
  const limit = 1e3 * Math.max(Math.abs(x.min), Math.abs(x.max), Math.abs(y.min), Math.abs(y.max), wx, wy, 1);
  const chunks = 8;
  const maxStep = duration / 400;
  const ts: number[] = [];
  const ys: number[][] = c.variables.map(() => []);
  let state = Float64Array.from(start);
  let t = plane.t;
  let end: Trajectory['end'] = 'time';
  const dy = new Float64Array(c.n);
  outer: for (let k = 0; k < chunks; k++) {
    let span = duration / chunks;
    let r: ReturnType<typeof simulate> | null = null;
    // a chunk that diverges is retried shorter, down to 1/1024 of a chunk; one that runs out of
    // steps is not (a shorter span would only spend the rest of the budget the same way)
    for (let tries = 0; tries < 10 && !r && used < budget; tries++) {
      try {
        r = simulate(c, {
          t: [t, t + sign * span],
          params,
          init: state,
          rtol,
          atol: rtol * 1e-3,
          maxStep,
          limit,
          eventPoints: true,
          maxSteps: budget - used,
          signal: work.signal,
        });
        used += r.stats.steps;
      } catch (e) {
        if (e instanceof AbortError) throw new AbortError(work.analysis ?? 'trajectory', work.signal?.reason);
        if (e instanceof WorkLimitError && e.limit === 'maxSteps') {
          // keep the part computed within the budget, then stop after it
          end = 'step limit';
          used = budget;
          r = (e.partial as ReturnType<typeof simulate> | undefined) ?? null;
          break;
        }
        if (!(e instanceof SimulationError)) throw e;
        // a failed try still spent work: count a share so retries cannot multiply the budget
        used += Math.ceil(budget / 50);
        span /= 2;
        end = 'diverged';
      }
    }
    if (!r) break;
    const n = r.t.length;
    for (let i = ts.length === 0 ? 0 : 1; i < n; i++) {
      const a = r.y[x.variable][i],
        b = r.y[y.variable][i];
      ts.push(r.t[i]);
      c.variables.forEach((v, j) => ys[j].push(r!.y[v][i]));
      if (!inside(a, b)) {
        end = 'left plane';
        break outer;
      }
    }
    if (end === 'diverged' || end === 'step limit') break;
    state = Float64Array.from(r.final);
    t = r.t[n - 1];
    // settled: the speed across the plane would take longer than 1e4 durations to cross it
    c.rhs(t, state, p, dy);
    if (Math.hypot(dy[x.index] / wx, dy[y.index] / wy) * duration < 1e-4) {
      end = 'settled';
      break;
    }
  }
  return {
    from: Object.fromEntries(c.variables.map((v, i) => [v, start[i]])),
    direction,
    segments: splitAtResets(ts, ys, c.variables),
    end,
  };
}

/** Cut a run into segments where the time repeats (a reset recorded before and after). */
function splitAtResets(ts: number[], ys: number[][], names: string[]): Segment[] {
  const segments: Segment[] = [];
  let from = 0;
  const push = (a: number, b: number): void => {
    if (b - a < 2) return;
    segments.push({
      t: Float64Array.from(ts.slice(a, b)),
      y: Object.fromEntries(names.map((v, j) => [v, Float64Array.from(ys[j].slice(a, b))])),
    });
  };
  for (let i = 1; i < ts.length; i++) {
    if (ts[i] === ts[i - 1]) {
      push(from, i);
      from = i;
    }
  }
  push(from, ts.length);
  return segments;
}

/**
 * Stable and unstable manifolds of the saddles among `points`: from each saddle, offsets of
 * ±`offset` (relative to the plane's size) along each real eigenvector, integrated backward for
 * stable directions (negative eigenvalue) and forward for unstable ones.
 * @example separatrices(plane, fixedPoints(...)) // four branches per planar saddle
 */
export function separatrices(
  plane: Plane,
  points: FixedPoint[],
  options: {
    duration?: number;
    offset?: number;
    rtol?: number;
    maxSteps?: number;
    signal?: AbortSignal;
    analysis?: string;
    onEach?: () => void;
  } = {},
): Separatrix[] {
  const { c, x, y } = plane;
  const duration = options.duration ?? defaultDuration(plane);
  const eps = options.offset ?? 1e-5;
  const out: Separatrix[] = [];
  points.forEach((fp, k) => {
    if (fp.stability !== 'saddle' && fp.stability !== 'saddle-focus') return;
    const base = Float64Array.from(c.variables.map((v) => fp.state[v]));
    fp.eigenvalues.forEach((l, m) => {
      const vec = fp.eigenvectors[m];
      if (l.im !== 0 || !vec || l.re === 0) return;
      // the offset measured in plane-scaled units, so both axes move visibly
      const vx = vec.re[x.index] / (x.max - x.min),
        vy = vec.re[y.index] / (y.max - y.min);
      const len = Math.hypot(vx, vy);
      if (!(len > 1e-12)) return; // this eigen-direction does not show in the plane
      for (const s of [1, -1]) {
        const start = Float64Array.from(base);
        for (let i = 0; i < c.n; i++) start[i] += (s * eps * vec.re[i]) / len;
        const kind = l.re < 0 ? 'stable' : 'unstable';
        options.onEach?.();
        const work = {
          maxSteps: options.maxSteps,
          signal: options.signal,
          analysis: options.analysis ?? 'separatrices',
        };
        out.push({
          saddle: k,
          kind,
          trajectory: trajectoryOf(
            plane,
            start,
            kind === 'stable' ? 'backward' : 'forward',
            duration,
            options.rtol ?? 1e-9,
            work,
          ),
        });
      }
    });
  });
  return out;
}
