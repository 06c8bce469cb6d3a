/**
 * Limit cycles by forward integration: run until the returns to a Poincaré section repeat, then
 * refine the period at tight tolerance until successive periods agree, and trace one period of the
 * orbit. For smooth models the section is an upward crossing of a level by one variable; for a
 * hybrid (spiking) model it is the spike itself, so the periodic spiking orbit (with its reset
 * jump) is the cycle. Returns to the section are matched k-periodically (k ≤ 8), so bursts with
 * several spikes per period are cycles too. Only attracting cycles can be found this way.
 */
import { resampleByArcLength } from './arc-length.js';
import type { Model } from '../model/model.js';
import type { CompiledEvent, CompiledModel } from '../compile/scalar.js';
import { AbortError, OptionError, WorkLimitError } from '../model/errors.js';
import { initialState, paramVector } from './options.js';
import type { SimulationResult } from './simulate.js';
import { simulateWithRetry as simulate } from './retry.js';
import { eigen } from './eigen.js';
import { modelInfo, variableIndex } from './plane.js';
import { Work, type WorkOptions } from './work.js';
import type { Segment } from './trajectories.js';

export interface LimitCycleOptions extends WorkOptions {
  /** parameter overrides by name */
  params?: Record<string, number>;
  /** starting state: overrides by name or a full vector (default: the model's initial state) */
  init?: Record<string, number> | ArrayLike<number>;
  /**
   * Poincaré section of a smooth oscillation: upward crossings of `level` by `variable` (default:
   * the first variable, at the middle of its range on the attractor)
   */
  section?: { variable: string; level?: number };
  /**
   * integration time spent looking for the cycle before giving up (default: 400 slow time scales of the
   * linearisation at the start)
   */
  maxTime?: number;
  /** relative tolerance of the refined periods (default 1e-11) */
  rtol?: number;
  /** successive periods must agree to this relative tolerance (default 1e-9) */
  tolerance?: number;
  /** points on the returned orbit (default 1000, plus any reset points) */
  samples?: number;
  /** largest number of section returns per period (default 8) */
  maxReturns?: number;
  /** step budget of the search for the cycle, over all its runs (default 1e6) */
  maxSteps?: number;
}

/** Default step budget of the search phase of limitCycle (about 1000 periods of a typical oscillator). */
export const SEARCH_MAX_STEPS = 1e6;

export interface LimitCycleFound {
  found: true;
  /** 'spiking': the section is the model's spike event; 'smooth': a Poincaré section */
  kind: 'spiking' | 'smooth';
  period: number;
  /** |last period − previous period| / period at the end of the refinement */
  periodChange: number;
  /** whether successive periods agreed to `tolerance` (false: the best estimate within maxTime) */
  converged: boolean;
  /** section returns (spikes, for a spiking cycle) per period */
  returns: number;
  /** the section used */
  section: { variable: string; level: number } | { event: string };
  /** extremes of each variable over one period */
  min: Record<string, number>;
  max: Record<string, number>;
  /** one period of the orbit from a section point (t from 0 to period), cut at resets */
  orbit: Segment[];
  /** the state on the section where the orbit starts */
  start: Record<string, number>;
  /** time spent converging onto the cycle before the orbit was traced */
  transient: number;
}

export interface LimitCycleNotFound {
  found: false;
  /** why not: settled at a fixed point, no periodic return within maxTime, or diverged */
  reason: string;
  /** the state reached */
  final: Record<string, number>;
}

export type LimitCycle = LimitCycleFound | LimitCycleNotFound;

const SECTION = '__section';

/**
 * Find the attracting limit cycle reached from the initial state.
 * @example
 * const lc = limitCycle(loadModel('fitzhugh-nagumo'), { params: { I: 0.5 } });
 * if (lc.found) lc.period // 39.4744149…
 */
export function limitCycle(model: Model | CompiledModel, options: LimitCycleOptions = {}): LimitCycle {
  const { c } = modelInfo(model);
  const p = paramVector(c, options.params);
  const y0 = initialState(c, p, options.init);
  const tol = options.tolerance ?? 1e-9;
  const rtol = options.rtol ?? 1e-11;
  const samples = options.samples ?? 1000;
  const maxK = options.maxReturns ?? 8;
  if (!(tol > 0 && tol < 0.1)) throw new OptionError(`limit-cycle tolerance must be in (0, 0.1), got ${tol}`);
  if (!(rtol > 0 && rtol < 1e-3)) throw new OptionError(`limit-cycle rtol must be in (0, 1e-3), got ${rtol}`);
  if (!(Number.isInteger(samples) && samples >= 10))
    throw new OptionError(`samples must be an integer ≥ 10, got ${samples}`);
  if (!(Number.isInteger(maxK) && maxK >= 1))
    throw new OptionError(`maxReturns must be a positive integer, got ${maxK}`);
  let sectionVar = -1;
  let level = options.section?.level;
  if (options.section) {
    sectionVar = variableIndex(c, options.section.variable, 'section');
    if (level !== undefined && !Number.isFinite(level))
      throw new OptionError(`section level must be a finite number, got ${level}`);
  }
  const work = new Work(`limit cycle of model '${c.name}'`, options);
  const tau = slowTimeScale(c, p, y0);
  const maxTime = options.maxTime ?? 400 * tau;
  if (!(maxTime > 0) || !Number.isFinite(maxTime))
    throw new OptionError(`maxTime must be a positive number, got ${maxTime}`);
  const chunk = Math.min(10 * tau, maxTime);
  const finalOf = (s: ArrayLike<number>): Record<string, number> =>
    Object.fromEntries(c.variables.map((v, i) => [v, s[i]]));

  // ---- phase 1: integrate until the section returns repeat (to 1e-5 of the amplitude)
  let t = 0;
  let state = Float64Array.from(y0);
  let hits: Hit[] = [];
  let mode: 'spiking' | 'smooth' | null = null;
  let sys = c;
  let found: { k: number; T: number } | null = null;
  const amp = new Float64Array(c.n).fill(1);
  // the search's step budget over all its chunks: a large maxTime on a model that never repeats
  // (quasi-periodic, chaotic) must end, not run for hours
  let stepsLeft = options.maxSteps ?? SEARCH_MAX_STEPS;
  if (!(Number.isInteger(stepsLeft) && stepsLeft > 0))
    throw new OptionError(`maxSteps must be a positive whole number, got ${stepsLeft}`);
  while (t < maxTime && !found) {
    work.progress(t / maxTime);
    let r: SimulationResult;
    try {
      r = simulate(sys, {
        t: [t, t + chunk],
        params: options.params,
        init: state,
        rtol: 1e-9,
        atol: 1e-12,
        eventPoints: true,
        signal: work.signal,
        maxSteps: stepsLeft,
      });
      stepsLeft -= r.stats.steps;
      if (stepsLeft <= 0)
        return {
          found: false,
          reason:
            `no periodic return within the search's step budget ` +
            `(maxSteps = ${options.maxSteps ?? SEARCH_MAX_STEPS}) by t = ${t + chunk}`,
          final: finalOf(r.final),
        };
    } catch (e) {
      if (e instanceof OptionError) throw e;
      if (e instanceof AbortError) work.check();
      if (e instanceof WorkLimitError && e.limit === 'maxSteps') {
        return {
          found: false,
          reason:
            `no periodic return within the search's step budget ` +
            `(maxSteps = ${options.maxSteps ?? SEARCH_MAX_STEPS}) by t = ${e.details.time ?? t}`,
          final: finalOf(state),
        };
      }
      return { found: false, reason: `the run diverged or failed: ${(e as Error).message}`, final: finalOf(state) };
    }
    const lo = new Float64Array(c.n).fill(Infinity),
      hi = new Float64Array(c.n).fill(-Infinity);
    const half = t + chunk / 2;
    for (let i = 0; i < r.t.length; i++) {
      if (r.t[i] < half) continue;
      c.variables.forEach((v, j) => {
        lo[j] = Math.min(lo[j], r.y[v][i]);
        hi[j] = Math.max(hi[j], r.y[v][i]);
      });
    }
    const spikeName = c.events[0]?.name;
    const spikesHere = spikeName ? r.events[spikeName].filter((te) => te > half).length : 0;
    if (mode === null) {
      if (spikesHere >= 1 && !options.section) mode = 'spiking';
      else {
        // smooth oscillation (or none yet): choose the section from the second half of this chunk
        const k = sectionVar >= 0 ? sectionVar : 0;
        const width = hi[k] - lo[k];
        const sc = Math.max(Math.abs(hi[k]), Math.abs(lo[k]), 1e-300);
        if (level === undefined && !(width > 1e-7 * sc)) {
          state = Float64Array.from(r.final);
          t += chunk;
          if (settled(c, p, t, state, lo, hi))
            return { found: false, reason: 'the trajectory settles at a fixed point', final: finalOf(state) };
          continue;
        }
        sectionVar = k;
        level ??= (hi[k] + lo[k]) / 2;
        mode = 'smooth';
        sys = withSection(c, k, level);
        // restart from the end of this chunk with the section in place
        state = Float64Array.from(r.final);
        t += chunk;
        continue;
      }
    }
    for (let j = 0; j < c.n; j++) amp[j] = hi[j] > lo[j] ? hi[j] - lo[j] : amp[j];
    // Returns after the chunk's start only: an event whose condition already holds at the start
    // (v above the section level, half the time for a smooth section) fires there, and that is
    // not a return; counted, it made the k = 1 test fail and a longer k pass (periods 5x too long).
    const start = t;
    hits = hits.concat(hitsOf(r, mode === 'spiking' ? spikeName! : SECTION, c.variables).filter((x) => x.t > start));
    state = Float64Array.from(r.final);
    t += chunk;
    found = periodicity(hits, amp, maxK, 1e-5);
    if (!found && hits.length === 0 && settled(c, p, t, state, lo, hi)) {
      return { found: false, reason: 'the trajectory settles at a fixed point', final: finalOf(state) };
    }
    // keep the hit list short
    if (hits.length > 8 * maxK) hits = hits.slice(hits.length - 4 * maxK);
  }
  if (!found || mode === null) {
    return {
      found: false,
      reason: `no periodic orbit found within t = ${fmt(maxTime)} (raise maxTime, or the orbit is not periodic)`,
      final: finalOf(state),
    };
  }
  const eventName = mode === 'spiking' ? c.events[0].name : SECTION;

  // ---- phase 2: continue at tight tolerance, period after period, until the period converges
  const k = found.k;
  let last = hits[hits.length - 1];
  let T = found.T;
  let prevT = NaN;
  let change = Infinity;
  const atol = 1e-3 * rtol * Math.min(...Array.from(amp).filter((a) => a > 0), 1);
  const budgetEnd = t + Math.max(maxTime - t, 50 * k * T);
  let periods: number[] = [];
  while (last.t < budgetEnd) {
    work.check();
    const span = 4 * T + 1e-9 * T;
    let r: SimulationResult;
    try {
      r = simulate(sys, {
        t: [last.t, last.t + span],
        params: options.params,
        init: last.state,
        rtol,
        atol,
        eventPoints: true,
        signal: work.signal,
      });
    } catch (e) {
      if (e instanceof OptionError) throw e;
      if (e instanceof AbortError) work.check();
      return {
        found: false,
        reason: `the run diverged or failed: ${(e as Error).message}`,
        final: finalOf(last.state),
      };
    }
    // returns after the start point (the start point itself may be reported again at last.t)
    const h = [last, ...hitsOf(r, eventName, c.variables).filter((x) => x.t > last.t + 1e-9 * T)];
    for (let i = k; i < h.length; i++) periods.push(h[i].t - h[i - k].t);
    if (h.length <= k) break; // lost the cycle
    last = h[h.length - 1];
    if (periods.length >= 2) {
      T = periods[periods.length - 1];
      prevT = periods[periods.length - 2];
      change = Math.abs(T - prevT) / T;
      if (change <= tol) break;
    }
    periods = periods.slice(-4);
  }
  const converged = change <= tol;
  if (!Number.isFinite(prevT) && !converged) {
    return {
      found: false,
      reason: 'the periodic orbit was lost while refining its period',
      final: finalOf(last.state),
    };
  }

  // ---- phase 3: one period of the orbit from the last section point, and its extremes
  // traced finely, then stored as `samples` points spread by arc length (fast spikes keep their shape)
  const orbitRun = simulate(sys, {
    t: [last.t, last.t + T],
    params: options.params,
    init: last.state,
    rtol,
    atol,
    sample: T / (samples * ARC_OVERSAMPLE),
    eventPoints: true,
  });
  const { min, max } = extremes(sys, options.params, orbitRun, rtol, atol);
  const scale = Object.fromEntries(c.variables.map((v) => [v, max[v] - min[v]]));
  const orbit = resampleByArcLength(segmentsOf(orbitRun, c.variables, last.t), c.variables, scale, T, samples);
  return {
    found: true,
    kind: mode,
    period: T,
    periodChange: change,
    converged,
    returns: k,
    section: mode === 'spiking' ? { event: eventName } : { variable: c.variables[sectionVar], level: level! },
    min,
    max,
    orbit,
    start: finalOf(last.state),
    transient: last.t,
  };
}

interface Hit {
  t: number;
  state: Float64Array;
}

/** A model with an extra event: upward crossings of `level` by variable k, leaving the state alone. */
export function withSection(c: CompiledModel, k: number, level: number): CompiledModel {
  const ev: CompiledEvent = {
    name: SECTION,
    direction: 1,
    g: (_t, y) => y[k] - level,
    reset: (_t, y, _p, out) => {
      if (out !== y) for (let i = 0; i < y.length; i++) out[i] = y[i];
    },
    // simulate() rejects a zero-refractory event whose reset leaves its condition true (it would
    // fire forever); an identity reset does, so the section claims the smallest positive
    // refractory period, which ends at the same floating-point time and clamps nothing
    refractory: () => Number.MIN_VALUE,
    clamp: [],
  };
  return Object.create(c, { events: { value: [...c.events, ev], enumerable: true } }) as CompiledModel;
}

/** Section hits of a run: event times with the state just after the event (after any reset). */
function hitsOf(r: SimulationResult, name: string, variables: string[]): Hit[] {
  const times = r.events[name] ?? [];
  const out: Hit[] = [];
  let i = 0;
  for (const te of times) {
    while (i < r.t.length && r.t[i] < te) i++;
    // eventPoints: te is recorded before and after the reset; take the later record
    let j = i;
    while (j + 1 < r.t.length && r.t[j + 1] === te) j++;
    if (j >= r.t.length) break;
    out.push({ t: te, state: Float64Array.from(variables.map((v) => r.y[v][j])) });
    i = j + 1;
  }
  return out;
}

/** Smallest k ≤ maxK such that the last two hits each repeat the hit k returns earlier. */
function periodicity(hits: Hit[], amp: Float64Array, maxK: number, tol: number): { k: number; T: number } | null {
  const n = hits.length;
  for (let k = 1; k <= maxK; k++) {
    if (n < 2 * k + 2) break;
    let ok = true;
    for (const a of [n - 1, n - 2]) {
      const b = a - k;
      for (let j = 0; j < amp.length && ok; j++)
        if (Math.abs(hits[a].state[j] - hits[b].state[j]) > tol * amp[j]) ok = false;
      const T1 = hits[a].t - hits[b].t,
        T2 = hits[a - k].t - hits[b - k].t;
      if (Math.abs(T1 - T2) > 1e3 * tol * T1) ok = false;
    }
    if (ok) return { k, T: hits[n - 1].t - hits[n - 1 - k].t };
  }
  return null;
}

/** At rest: the state barely moves over the chunk and the speed is tiny. */
function settled(
  c: CompiledModel,
  p: Float64Array,
  t: number,
  y: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
): boolean {
  const dy = new Float64Array(c.n);
  c.rhs(t, y, p, dy);
  for (let j = 0; j < c.n; j++) {
    const sc = Math.max(Math.abs(y[j]), 1e-3);
    if (hi[j] - lo[j] > 1e-6 * sc) return false;
  }
  return true;
}

/** 1/(smallest nonzero |eigenvalue|) of the Jacobian at y, clamped to [1, 1e4] fast time scales. */
export function slowTimeScale(c: CompiledModel, p: Float64Array, y: Float64Array): number {
  const J = new Float64Array(c.n * c.n);
  c.jac(0, y, p, J);
  if (!Array.from(J).every(Number.isFinite)) return 100;
  const mags = eigen(J, c.n).values.map((l) => Math.hypot(l.re, l.im));
  const big = Math.max(...mags);
  if (!(big > 0)) return 100;
  const small = Math.min(...mags.filter((m) => m > 1e-9 * big));
  return Math.min(Math.max(1 / small, 1 / big), 1e4 / big);
}

/** Min and max of each variable over the orbit, interior extremes refined on a 100× finer grid. */
function extremes(
  sys: CompiledModel,
  params: Record<string, number> | undefined,
  r: SimulationResult,
  rtol: number,
  atol: number,
): { min: Record<string, number>; max: Record<string, number> } {
  const min: Record<string, number> = {};
  const max: Record<string, number> = {};
  const n = r.t.length;
  for (const v of r.variables) {
    const y = r.y[v];
    for (const sign of [1, -1]) {
      let best = 0;
      for (let i = 1; i < n; i++) if (sign * y[i] > sign * y[best]) best = i;
      let value = y[best];
      // refine a smooth interior extreme (not one at a reset, where the time repeats)
      if (best > 0 && best < n - 1 && r.t[best - 1] < r.t[best] && r.t[best] < r.t[best + 1]) {
        const a = r.t[best - 1],
          b = r.t[best + 1];
        const init = Float64Array.from(r.variables.map((w) => r.y[w][best - 1]));
        try {
          const fine = simulate(sys, {
            t: [a, b],
            params,
            init,
            rtol,
            atol,
            sample: (b - a) / 200,
            events: false,
            eventPoints: false,
          });
          const fy = fine.y[v];
          let k = 0;
          for (let i = 1; i < fy.length; i++) if (sign * fy[i] > sign * fy[k]) k = i;
          value = fy[k];
          if (k > 0 && k < fy.length - 1) {
            // vertex of the parabola through the three finest samples
            const y0 = fy[k - 1],
              y1 = fy[k],
              y2 = fy[k + 1];
            const den = y0 - 2 * y1 + y2;
            if (den !== 0) {
              const d = (0.5 * (y0 - y2)) / den;
              if (Math.abs(d) <= 1) value = y1 - 0.25 * (y0 - y2) * d;
            }
          }
          if (sign * value < sign * y[best]) value = y[best];
        } catch {
          value = y[best];
        }
      }
      (sign === 1 ? max : min)[v] = value;
    }
  }
  return { min, max };
}

function segmentsOf(r: SimulationResult, variables: string[], t0: number): Segment[] {
  const segments: Segment[] = [];
  let from = 0;
  const push = (a: number, b: number): void => {
    if (b - a < 2) return;
    segments.push({
      t: Float64Array.from(r.t.subarray(a, b), (x) => x - t0),
      y: Object.fromEntries(variables.map((v) => [v, Float64Array.from(r.y[v].subarray(a, b))])),
    });
  };
  for (let i = 1; i < r.t.length; i++) {
    if (r.t[i] === r.t[i - 1]) {
      // a section event repeats the same state: not a cut
      const same = variables.every((v) => r.y[v][i] === r.y[v][i - 1]);
      if (same) continue;
      push(from, i);
      from = i;
    }
  }
  push(from, r.t.length);
  return segments;
}

/** fine points per stored point when tracing the orbit (the arc-length resampling picks among them) */
const ARC_OVERSAMPLE = 16;

const fmt = (x: number): string => Number(x.toPrecision(6)).toString();
