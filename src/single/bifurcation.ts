/**
 * One-parameter bifurcation diagram by natural continuation: fixed-point branches followed along
 * the parameter (Newton from a secant predictor, plus a fresh search at every value so branches
 * born inside the range are found), stability along each branch, and the points where it changes:
 *
 * - fold: a branch ends (a real eigenvalue reaches zero and the fixed point disappears), located
 *   by bisection on whether Newton still finds the point;
 * - Hopf: a complex pair crosses the imaginary axis, located by bisection on the number of
 *   eigenvalues with positive real part;
 * - branch point: a real eigenvalue crosses zero while the branch continues (transcritical or
 *   pitchfork).
 *
 * Attracting limit cycles (min/max of every variable, period) are traced at each value by forward
 * integration (see limit-cycle.ts), started from the previous value's cycle, else next to the
 * unstable fixed points. Natural continuation cannot turn around a fold or follow unstable cycles;
 * pseudo-arclength continuation (AUTO, MatCont) would add both, plus branch switching at Hopf and
 * branch points, folds and period-doublings of cycles, and Lyapunov coefficients (sub/supercritical).
 */
import type { Model } from '../model/model.js';
import type { CompiledModel } from '../compile/scalar.js';
import { OptionError, nearestName } from '../model/errors.js';
import { initialState, paramVector } from './options.js';
import { analyseFixedPoint, fixedPoints, newtonSolver, type Stability } from './fixed-points.js';
import type { Complex } from './eigen.js';
import { limitCycle, type LimitCycleOptions } from './limit-cycle.js';
import { modelInfo, variableIndex } from './plane.js';
import { Work, type WorkOptions } from './work.js';

export interface BifurcationOptions extends WorkOptions {
  /** the parameter to vary */
  param: string;
  from: number;
  to: number;
  /** number of parameter values, ends included (default 101) */
  steps?: number;
  /** other parameter overrides */
  params?: Record<string, number>;
  /** fixed-point search box per variable (see fixedPoints); also the scale for branch matching */
  ranges?: Record<string, [number, number]>;
  /** the variable a plot shows (default: the first); results carry every variable */
  variable?: string;
  /** trace attracting limit cycles (default true) */
  cycles?: boolean;
  /** options for the limit-cycle runs (default tolerance 1e-7, rtol 1e-9) */
  cycleOptions?: Omit<LimitCycleOptions, 'params' | 'init'>;
  /** location tolerance of fold and Hopf points, relative to |to − from| (default 1e-10) */
  tolerance?: number;
}

/** A fixed-point branch: parallel arrays along the parameter. */
export interface Branch {
  param: Float64Array;
  state: Record<string, Float64Array>;
  stability: Stability[];
  stable: boolean[];
  /** largest real part of the eigenvalues */
  maxRe: Float64Array;
}

export interface SpecialPoint {
  type: 'fold' | 'hopf' | 'branch point';
  param: number;
  state: Record<string, number>;
  eigenvalues: Complex[];
  /** indices into `branches` of the branches through the point (a fold joins two) */
  branches: number[];
  /** angular frequency |Im λ| at a Hopf point (the cycle born there has period ≈ 2π/frequency) */
  frequency?: number;
}

/** Attracting limit cycles found along the parameter (only where one was found). */
export interface CycleBranch {
  param: Float64Array;
  period: Float64Array;
  min: Record<string, Float64Array>;
  max: Record<string, Float64Array>;
}

export interface Bifurcation {
  model: string;
  param: string;
  /** units of the parameter and variables, where the model gives them */
  units: Record<string, string | undefined>;
  timeUnit?: string;
  variable: string;
  variables: string[];
  values: Float64Array;
  branches: Branch[];
  points: SpecialPoint[];
  cycles: CycleBranch;
}

interface Track {
  params: number[];
  states: Float64Array[];
  open: boolean;
}

/**
 * Fixed-point branches, their stability, fold/Hopf points and limit-cycle extremes along a parameter.
 * @example
 * const d = bifurcation(loadModel('fitzhugh-nagumo'), { param: 'I', from: 0, to: 2 });
 * d.points.filter((q) => q.type === 'hopf').map((q) => q.param) // [0.33128…, 1.41871…]
 */
export function bifurcation(model: Model | CompiledModel, options: BifurcationOptions): Bifurcation {
  const { c, units, timeUnit } = modelInfo(model);
  if (!options || typeof options.param !== 'string')
    throw new OptionError('a bifurcation diagram needs `param`: the parameter to vary');
  const pi = c.parameters.indexOf(options.param);
  if (pi < 0) {
    const s = nearestName(options.param, c.parameters);
    throw new OptionError(
      `model '${c.name}': no parameter '${options.param}' to vary` +
        `${s ? ` (did you mean '${s}'?)` : ''}; parameters: ${c.parameters.join(', ')}`,
    );
  }
  const { from, to } = options;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === to)
    throw new OptionError(`the parameter range needs finite, different from and to, got ${from} and ${to}`);
  const steps = options.steps ?? 101;
  if (!(Number.isInteger(steps) && steps >= 2 && steps <= 100000))
    throw new OptionError(`steps must be an integer ≥ 2, got ${steps}`);
  const variable = options.variable ?? c.variables[0];
  variableIndex(c, variable, 'diagram');
  const span = Math.abs(to - from);
  const ptol = (options.tolerance ?? 1e-10) * span;
  const base = paramVector(c, options.params);
  const pAt = (v: number): Float64Array => {
    const p = Float64Array.from(base);
    p[pi] = v;
    return p;
  };
  const values = Float64Array.from({ length: steps }, (_, i) =>
    i === steps - 1 ? to : from + ((to - from) * i) / (steps - 1),
  );
  const work = new Work(`bifurcation of model '${c.name}'`, options);
  // the fixed-point branches are quick; the limit cycles take most of the time
  const branchShare = options.cycles === false ? 1 : 0.2;

  // variable scales: the search box (as fixedPoints builds it)
  const y0 = initialState(c, base);
  const scale = Float64Array.from(y0, (v) => 4 * Math.max(1, Math.abs(v)));
  for (const [name, r] of Object.entries(options.ranges ?? {}))
    scale[variableIndex(c, name, 'range')] = Math.abs(r[1] - r[0]);
  const dist = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    let d = 0;
    for (let i = 0; i < c.n; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / scale[i]);
    return d;
  };
  const search = (v: number): Float64Array[] =>
    fixedPoints(c, { params: { ...options.params, [options.param]: v }, ranges: options.ranges }).map((fp) =>
      Float64Array.from(c.variables.map((x) => fp.state[x])),
    );

  /** Newton at parameter v from a predictor; accepted only near `near` (within `reach`). */
  const solveNear = (
    v: number,
    guess: ArrayLike<number>,
    near: ArrayLike<number>,
    reach: number,
  ): Float64Array | null => {
    const x = newtonSolver(c, pAt(v), 0, scale)(guess);
    return x && dist(x, near) <= reach ? x : null;
  };
  const predict = (tr: Track, v: number): Float64Array => {
    const n = tr.states.length;
    const last = tr.states[n - 1];
    if (n < 2) return Float64Array.from(last);
    const prev = tr.states[n - 2];
    const s = (v - tr.params[n - 1]) / (tr.params[n - 1] - tr.params[n - 2]);
    return Float64Array.from(last, (x, i) => x + s * (x - prev[i]));
  };
  // how far a branch may move in one step: four times its last move (a fresh branch: a quarter
  // of the search box), so that Newton landing on another branch is not taken for this one
  const reachOf = (tr: Track): number => {
    const n = tr.states.length;
    if (n < 2) return 0.25;
    return Math.max(4 * dist(tr.states[n - 1], tr.states[n - 2]), 0.02);
  };

  const tracks: Track[] = search(values[0]).map((x) => ({ params: [values[0]], states: [x], open: true }));
  const folds: { track: number; param: number; state: Float64Array }[] = [];
  // bisection on existence between a value where the branch exists (ok) and one where it does
  // not; the points found on the way join the branch, so it runs smoothly into the fold
  const locateFold = (
    tr: Track,
    ok: number,
    okState: Float64Array,
    gone: number,
    atEnd: boolean,
  ): { param: number; state: Float64Array } => {
    let state = okState;
    const extra: [number, Float64Array][] = [];
    for (let it = 0; it < 200 && Math.abs(gone - ok) > ptol; it++) {
      const mid = (ok + gone) / 2;
      const x = solveNear(mid, state, state, reachOf(tr));
      if (x) {
        ok = mid;
        state = x;
        if (Math.abs(gone - ok) > 1e-6 * span) extra.push([mid, x]);
      } else gone = mid;
    }
    if (atEnd) {
      for (const [q, x] of extra) {
        tr.params.push(q);
        tr.states.push(x);
      }
    } else {
      for (const [q, x] of extra) {
        tr.params.unshift(q);
        tr.states.unshift(x);
      }
    }
    return { param: ok, state };
  };

  // a branch end is a fold only if a real eigenvalue has (nearly) reached zero there; otherwise
  // the branch was lost (e.g. it left the search box) and simply ends
  const isFold = (f: { param: number; state: Float64Array }): boolean => {
    const a = analyseFixedPoint(c, pAt(f.param), f.state);
    const norm = Math.max(...a.jacobian.flat().map(Math.abs), 1e-300);
    return a.eigenvalues.some((l) => l.im === 0 && Math.abs(l.re) < 1e-3 * norm);
  };

  for (let i = 1; i < steps; i++) {
    work.progress((branchShare * i) / steps);
    const v = values[i];
    const claimed: Float64Array[] = [];
    tracks.forEach((tr, k) => {
      if (!tr.open) return;
      const last = tr.states[tr.states.length - 1];
      const reach = reachOf(tr) + 4 * dist(predict(tr, v), last);
      let x = solveNear(v, predict(tr, v), last, reach) ?? solveNear(v, last, last, reach);
      if (x && claimed.some((y) => dist(x!, y) < 1e-6)) x = null; // jumped onto another branch
      if (x) {
        tr.params.push(v);
        tr.states.push(x);
        claimed.push(x);
        return;
      }
      tr.open = false;
      const f = locateFold(tr, tr.params[tr.params.length - 1], last, v, true);
      if (isFold(f)) folds.push({ track: k, ...f });
    });
    // fixed points that no open branch reached start new branches (born at a fold inside the step)
    for (const x of search(v)) {
      if (claimed.some((y) => dist(x, y) < 1e-6)) continue;
      // a point found exactly at a fold (zero eigenvalue) is the end of branches, not a new one
      const a = analyseFixedPoint(c, pAt(v), x);
      if (
        a.stability === 'degenerate' ||
        a.eigenvalues.some((l) => Math.hypot(l.re, l.im) < 1e-6 * Math.max(...a.jacobian.flat().map(Math.abs)))
      )
        continue;
      const tr: Track = { params: [v], states: [x], open: true };
      tracks.push(tr);
      claimed.push(x);
      const f = locateFold(tr, v, x, values[i - 1], false);
      if (isFold(f)) folds.push({ track: tracks.length - 1, ...f });
    }
  }

  // branches with stability; crossings of the imaginary axis along them
  const points: SpecialPoint[] = [];
  const analysed = tracks.map((tr) => tr.states.map((x, j) => analyseFixedPoint(c, pAt(tr.params[j]), x)));
  const branches: Branch[] = tracks.map((tr, k) => ({
    param: Float64Array.from(tr.params),
    state: Object.fromEntries(c.variables.map((name, j) => [name, Float64Array.from(tr.states, (x) => x[j])])),
    stability: analysed[k].map((a) => a.stability),
    stable: analysed[k].map((a) => a.stable),
    maxRe: Float64Array.from(analysed[k], (a) => Math.max(...a.eigenvalues.map((l) => l.re))),
  }));
  const positive = (ls: Complex[]): number => ls.filter((l) => l.re > 0).length;
  tracks.forEach((tr, k) => {
    for (let j = 1; j < tr.states.length; j++) {
      const n0 = positive(analysed[k][j - 1].eigenvalues);
      if (positive(analysed[k][j].eigenvalues) === n0) continue;
      let lo = tr.params[j - 1],
        hi = tr.params[j];
      let xlo = tr.states[j - 1],
        xhi = tr.states[j];
      let fp = analysed[k][j - 1];
      for (let it = 0; it < 200 && Math.abs(hi - lo) > ptol; it++) {
        const mid = (lo + hi) / 2;
        const s = (mid - lo) / (hi - lo);
        const guess = Float64Array.from(xlo, (a, i) => a + s * (xhi[i] - a));
        const x = newtonSolver(c, pAt(mid), 0, scale)(guess);
        if (!x) break;
        const a = analyseFixedPoint(c, pAt(mid), x);
        if (positive(a.eigenvalues) === n0) {
          lo = mid;
          xlo = x;
          fp = a;
        } else {
          hi = mid;
          xhi = x;
        }
      }
      // the eigenvalue nearest the imaginary axis says what crossed
      const crossing = fp.eigenvalues.reduce((b, l) => (Math.abs(l.re) < Math.abs(b.re) ? l : b));
      const norm = Math.max(...fp.jacobian.flat().map(Math.abs), 1e-300);
      const hopf = Math.abs(crossing.im) > 1e-8 * norm;
      points.push({
        type: hopf ? 'hopf' : 'branch point',
        param: (lo + hi) / 2,
        state: fp.state,
        eigenvalues: fp.eigenvalues,
        branches: [k],
        ...(hopf ? { frequency: Math.abs(crossing.im) } : {}),
      });
    }
  });
  // folds: two branches meeting at one fold report it once
  for (const f of folds) {
    const dup = points.find(
      (q) =>
        q.type === 'fold' &&
        Math.abs(q.param - f.param) <= 1e3 * ptol + 1e-9 * span &&
        dist(Float64Array.from(c.variables.map((x) => q.state[x])), f.state) < 1e-2,
    );
    if (dup) {
      dup.branches.push(f.track);
      continue;
    }
    const a = analyseFixedPoint(c, pAt(f.param), f.state);
    points.push({ type: 'fold', param: f.param, state: a.state, eigenvalues: a.eigenvalues, branches: [f.track] });
  }
  points.sort((a, b) => a.param - b.param);

  const cycles: CycleBranch = { param: new Float64Array(0), period: new Float64Array(0), min: {}, max: {} };
  if (options.cycles !== false) {
    const cp: number[] = [],
      per: number[] = [];
    const mins: number[][] = c.variables.map(() => []),
      maxs: number[][] = c.variables.map(() => []);
    let previous: Record<string, number> | null = null;
    const lcOptions: Omit<LimitCycleOptions, 'params' | 'init'> = {
      tolerance: 1e-7,
      rtol: 1e-9,
      samples: 400,
      ...options.cycleOptions,
    };
    for (let i = 0; i < steps; i++) {
      work.progress(branchShare + ((1 - branchShare) * i) / steps);
      const v = values[i];
      const params = { ...options.params, [options.param]: v };
      const seeds: Record<string, number>[] = [];
      if (previous) seeds.push(previous);
      tracks.forEach((tr, k) => {
        const j = tr.params.indexOf(v);
        if (j < 0 || analysed[k][j].stable) return;
        // next to an unstable fixed point, along the real part of its most unstable eigenvector
        const a = analysed[k][j];
        const m = a.eigenvalues.reduce((b, l, q) => (l.re > a.eigenvalues[b].re ? q : b), 0);
        const vec = a.eigenvectors[m];
        seeds.push(
          Object.fromEntries(
            c.variables.map((name, q) => [name, tr.states[j][q] + 1e-3 * scale[q] * (vec ? vec.re[q] : 1)]),
          ),
        );
      });
      if (!previous) seeds.push({});
      previous = null;
      for (const init of seeds) {
        const lc = work.run(() => limitCycle(c, { ...lcOptions, params, init, signal: options.signal }));
        if (!lc.found) continue;
        cp.push(v);
        per.push(lc.period);
        c.variables.forEach((name, q) => {
          mins[q].push(lc.min[name]);
          maxs[q].push(lc.max[name]);
        });
        previous = lc.start;
        break;
      }
    }
    cycles.param = Float64Array.from(cp);
    cycles.period = Float64Array.from(per);
    c.variables.forEach((name, q) => {
      cycles.min[name] = Float64Array.from(mins[q]);
      cycles.max[name] = Float64Array.from(maxs[q]);
    });
  }
  return {
    model: c.name,
    param: options.param,
    units,
    timeUnit,
    variable,
    variables: c.variables,
    values,
    branches,
    points,
    cycles,
  };
}
