/**
 * Single-cell simulation: adaptive (odex, Hairer's extrapolation method with dense output) or
 * fixed-step (euler, classical RK4 over the whole state vector), with threshold events located in
 * time (on the dense output, or on the fixed-step method's own partial step), resets applied at
 * the event time, and refractory periods honoured exactly.
 */
import odex from 'odex';
import type { Model } from '../model/model.js';
import { compile, type CompiledModel } from '../compile/scalar.js';
import { AbortError, OptionError, SimulationError, WorkLimitError } from '../model/errors.js';
import { initialState, paramVector, timeSpan } from './options.js';

export type Method = 'odex' | 'rk4' | 'euler';

export interface SimulateOptions {
  /** [t0, t1], or t1 with t0 = 0 (default 100). t1 < t0 integrates backward (events off). */
  t?: number | [number, number];
  /** odex (adaptive, default), rk4 or euler (fixed step dt) */
  method?: Method;
  /** relative tolerance for odex (default 1e-6) */
  rtol?: number;
  /** absolute tolerance for odex (default 1e-9) */
  atol?: number;
  /** step for fixed-step methods (default 0.01) */
  dt?: number;
  /** output interval; default: every step the integrator takes (plus event points) */
  sample?: number;
  /** parameter overrides by name */
  params?: Record<string, number>;
  /** initial state: overrides by name or a full vector */
  init?: Record<string, number> | ArrayLike<number>;
  /** locate events and apply resets (default true when integrating forward) */
  events?: boolean;
  /** record the state just before and just after each event in the output (default true) */
  eventPoints?: boolean;
  /**
   * Step budget of the whole run, across events and breakpoints (default 1e7). A fixed-step run
   * needing more is refused before it starts; an adaptive run stops with a WorkLimitError.
   */
  maxSteps?: number;
  /**
   * Most output points the run may record (default 2e6, 16 MB per variable). A sample grid
   * or fixed-step run that would record more is refused before it starts, with the count.
   */
  maxPoints?: number;
  /** Most events (resets) the run may apply (default 1e6): a reset that re-fires without end stops here. */
  maxEvents?: number;
  /** Stops the run with an AbortError when aborted (checked every few hundred steps). */
  signal?: AbortSignal;
  /**
   * Times where the right-hand side jumps (e.g. a step input switching at t = 200): odex stops and
   * restarts exactly there instead of stepping over the discontinuity, which costs it accuracy.
   * Fixed-step methods split the step containing a breakpoint.
   */
  breakpoints?: number[];
  /** largest step odex may take (default: unlimited) */
  maxStep?: number;
  /** |value| above which a run counts as diverged (default 1e12) */
  limit?: number;
  /** keep only every sample in [from, t1] (for long transients); default t0 */
  recordFrom?: number;
}

/** Default work limits of one simulate() run; each can be raised by its option. */
export const SIMULATE_LIMITS = { maxSteps: 1e7, maxPoints: 2e6, maxEvents: 1e6 } as const;

export interface SimulationResult {
  model: string;
  variables: string[];
  method: Method;
  /** output times */
  t: Float64Array;
  /** state at the output times, by variable */
  y: Record<string, Float64Array>;
  /** times of the first event (usually 'spike'), located to ~1e-12 */
  spikes: number[];
  /** times of every event, by event name */
  events: Record<string, number[]>;
  /** final state (after any reset at t1) */
  final: Float64Array;
  stats: { steps: number; rejected: number; evaluations: number; events: number; wallMs: number };
}

const ROOT_TOL = 1e-12;

/**
 * Integrate a model.
 * @example
 * const r = simulate(loadModel('izhikevich').preset('RS'), { t: 1000, params: { I: 10 } });
 * r.spikes // located spike times (ms)
 */
export function simulate(model: Model | CompiledModel, options: SimulateOptions = {}): SimulationResult {
  const c = 'rhs' in model ? model : compile(model);
  const method = options.method ?? 'odex';
  if (!['odex', 'rk4', 'euler'].includes(method)) throw new OptionError(`unknown method '${method}' (odex, rk4 or euler)`);
  const [t0, t1] = timeSpan(options.t, 100);
  checkOptions(options);
  estimateWork(c.name, method, t0, t1, options);
  const p = paramVector(c, options.params);
  const y0 = initialState(c, p, options.init);
  checkStart(c, t0, y0, p);
  const run = new Run(c, p, options, t0, t1, method);
  const started = performance.now();
  try {
    if (method === 'odex') run.adaptive(y0);
    else run.fixed(y0, method);
  } catch (e) {
    // a run stopped by a limit keeps what it computed: callers that chunk (phase-plane
    // trajectories) draw the part that fits in the budget
    if (e instanceof WorkLimitError && run.ts.length > 0) {
      for (let i = 0; i < run.n; i++) run.final[i] = run.ys[i][run.ys[i].length - 1];
      e.partial = run.result(performance.now() - started);
    }
    throw e;
  }
  return run.result(performance.now() - started);
}

function checkOptions(o: SimulateOptions): void {
  const positive = (name: keyof SimulateOptions, integer = false): void => {
    const v = o[name];
    if (v === undefined) return;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      throw new OptionError(`${name} must be a positive finite ${integer ? 'integer' : 'number'}, got ${String(v)}`);
    }
  };
  for (const k of ['rtol', 'atol', 'dt', 'sample', 'maxStep', 'limit'] as const) positive(k);
  positive('maxSteps', true);
  positive('maxPoints', true);
  positive('maxEvents', true);
  if (o.recordFrom !== undefined && !Number.isFinite(o.recordFrom)) throw new OptionError(`recordFrom must be a finite time, got ${o.recordFrom}`);
  if (o.breakpoints !== undefined && (!Array.isArray(o.breakpoints) || o.breakpoints.some((b) => typeof b !== 'number' || !Number.isFinite(b)))) {
    throw new OptionError('breakpoints must be a list of finite times');
  }
}

/** `1e+11` style count for messages. */
const count = (x: number): string => (x < 1e6 ? String(Math.ceil(x)) : x.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e'));

/**
 * Refuse, before any work, a run whose step count or output is known in advance to exceed its
 * limits: a fixed-step run needs span/dt steps, a sample grid records span/sample points, and an
 * odex step never exceeds maxStep. The message gives the estimate and the option that raises it.
 */
function estimateWork(name: string, method: Method, t0: number, t1: number, o: SimulateOptions): void {
  const span = Math.abs(t1 - t0);
  const maxSteps = o.maxSteps ?? SIMULATE_LIMITS.maxSteps;
  const maxPoints = o.maxPoints ?? SIMULATE_LIMITS.maxPoints;
  const from = o.recordFrom === undefined ? t0 : Math.min(Math.max(o.recordFrom, Math.min(t0, t1)), Math.max(t0, t1));
  const recorded = Math.abs(t1 - from);
  if (method !== 'odex') {
    const dt = o.dt ?? 0.01;
    // a step below the spacing of doubles near t would not advance time at all
    if (Math.max(Math.abs(t0), Math.abs(t1)) + dt === Math.max(Math.abs(t0), Math.abs(t1))) {
      throw new WorkLimitError(`model '${name}': dt = ${dt} is below the resolution of time near t = ${t1} (a step would not advance t)`, 'dt', { model: name });
    }
    const steps = span / dt;
    if (steps > maxSteps) {
      throw new WorkLimitError(
        `model '${name}': ${method} with dt = ${dt} over ${span} time units needs ${count(steps)} steps, more than maxSteps = ${count(maxSteps)}; use a larger dt, a shorter span, or raise maxSteps (--max-steps)`,
        'maxSteps', { model: name },
      );
    }
    const every = o.sample !== undefined ? Math.max(1, Math.round(o.sample / dt)) : 1;
    const points = recorded / dt / every + 1;
    if (points > maxPoints) throw pointsError(name, points, maxPoints);
  } else {
    if (o.maxStep !== undefined && span / o.maxStep > maxSteps) {
      throw new WorkLimitError(
        `model '${name}': maxStep = ${o.maxStep} over ${span} time units needs at least ${count(span / o.maxStep)} steps, more than maxSteps = ${count(maxSteps)}; use a larger maxStep (--max-step) or raise maxSteps (--max-steps)`,
        'maxSteps', { model: name },
      );
    }
    if (o.sample !== undefined && recorded / o.sample + 1 > maxPoints) throw pointsError(name, recorded / o.sample + 1, maxPoints);
  }
}

function pointsError(name: string, points: number, maxPoints: number, t?: number): WorkLimitError {
  const what = t === undefined ? `would record ${count(points)} output points` : `reached ${count(points)} output points at t = ${t}`;
  return new WorkLimitError(
    `model '${name}': the run ${what}, more than maxPoints = ${count(maxPoints)}; record fewer (a larger sample interval, --sample, or a later recordFrom) or raise maxPoints (--max-points)`,
    'maxPoints', { model: name, time: t },
  );
}

/**
 * The right-hand side at the initial state must be finite: a NaN there (sqrt of a negative, 0/0)
 * would otherwise surface one step later as an unexplained divergence.
 */
function checkStart(c: CompiledModel, t0: number, y0: Float64Array, p: Float64Array): void {
  const dy = new Float64Array(c.n);
  c.rhs(t0, y0, p, dy);
  for (let i = 0; i < c.n; i++) {
    if (!Number.isFinite(dy[i])) {
      const state = c.variables.map((v, k) => `${v} = ${y0[k]}`).join(', ');
      throw new SimulationError(`model '${c.name}': d${c.variables[i]}/dt is ${dy[i]} at the initial state (t = ${t0}, ${state})`, {
        model: c.name, variable: c.variables[i], time: t0, value: dy[i],
      });
    }
  }
}

/** One integration run: the state machine shared by the adaptive and fixed-step drivers. */
class Run {
  readonly n: number;
  readonly dir: 1 | -1;
  readonly eventsOn: boolean;
  readonly eventPoints: boolean;
  readonly limit: number;
  readonly sample: number;
  readonly recordFrom: number;
  readonly maxSteps: number;
  readonly maxPoints: number;
  readonly maxEvents: number;
  readonly signal: AbortSignal | undefined;
  events = 0;
  // output
  readonly ts: number[] = [];
  readonly ys: number[][];
  readonly eventTimes: number[][];
  nextSample: number;
  steps = 0;
  rejected = 0;
  evaluations = 0;
  final: Float64Array;
  // refractory state
  refractoryUntil = -Infinity;
  readonly clampMask: Uint8Array;
  /** whether the current segment (or fixed sub-step) lies in a refractory period with clamps */
  clampNow = false;
  clamped = false;
  /** breakpoints strictly inside (t0, t1), in integration order */
  readonly breaks: number[];

  constructor(
    readonly c: CompiledModel,
    readonly p: Float64Array,
    readonly o: SimulateOptions,
    readonly t0: number,
    readonly t1: number,
    readonly method: Method,
  ) {
    this.n = c.n;
    this.dir = t1 > t0 ? 1 : -1;
    this.eventsOn = (o.events ?? true) && this.dir === 1 && c.events.length > 0;
    this.eventPoints = o.eventPoints ?? true;
    this.limit = o.limit ?? 1e12;
    if (o.sample !== undefined && !(o.sample > 0)) throw new OptionError(`sample must be a positive interval, got ${o.sample}`);
    this.sample = o.sample ?? 0;
    this.recordFrom = o.recordFrom ?? t0;
    this.maxSteps = o.maxSteps ?? SIMULATE_LIMITS.maxSteps;
    this.maxPoints = o.maxPoints ?? SIMULATE_LIMITS.maxPoints;
    this.maxEvents = o.maxEvents ?? SIMULATE_LIMITS.maxEvents;
    this.signal = o.signal;
    this.checkAbort();
    this.nextSample = this.sample > 0 ? t0 : NaN;
    this.ys = Array.from({ length: this.n }, () => []);
    this.eventTimes = c.events.map(() => []);
    this.clampMask = new Uint8Array(this.n);
    this.final = new Float64Array(this.n);
    const lo = Math.min(t0, t1);
    const hi = Math.max(t0, t1);
    this.breaks = [...new Set(o.breakpoints ?? [])].filter((b) => b > lo && b < hi).sort((a, b) => this.dir * (a - b));
  }

  /** The first breakpoint after t in the direction of integration, or t1. */
  nextBreak(t: number): number {
    for (const b of this.breaks) if (this.dir * (b - t) > 0) return b;
    return this.t1;
  }

  checkAbort(): void {
    if (this.signal?.aborted) throw new AbortError(`simulate (model '${this.c.name}')`, this.signal.reason);
  }

  /** Counts one accepted step against the run's budget; polls the abort signal now and then. */
  countStep(t: number): void {
    if (++this.steps > this.maxSteps) {
      throw new WorkLimitError(
        `model '${this.c.name}': the run took more than ${count(this.maxSteps)} steps, the maxSteps budget (stopped at t = ${t} of ${this.t1}); the system may be stiff or diverging (raise maxSteps (--max-steps), loosen rtol, or shorten the span)`,
        'maxSteps', { model: this.c.name, time: t },
      );
    }
    if ((this.steps & 255) === 0) this.checkAbort();
    if ((this.steps & 65535) === 0) this.project(this.steps, this.maxSteps, 'steps', t);
  }

  /**
   * Refuse early a run that, at the rate so far, would exceed a limit many times over (`t = 1e15`
   * recording every step, a reset that re-fires every 1e-15 time units): waiting until the limit
   * itself is reached would cost a long silence first. Ten times the limit leaves room for an
   * early stiff transient that is followed by long smooth stretches.
   */
  project(done: number, limit: number, what: 'steps' | 'output points' | 'events', t: number): void {
    const elapsed = Math.abs(t - this.t0);
    const projected = elapsed > 0 ? (done * Math.abs(this.t1 - this.t0)) / elapsed : Infinity;
    if (!(projected > 10 * limit)) return;
    if (!Number.isFinite(projected) || elapsed <= 1e-12 * Math.abs(this.t1 - this.t0)) {
      throw new WorkLimitError(
        `model '${this.c.name}': the run is not advancing in time (${count(done)} ${what} by t = ${t}, of a span to ${this.t1}); the step size collapsed — check the model near t = ${t}`,
        what === 'steps' ? 'maxSteps' : what === 'events' ? 'maxEvents' : 'maxPoints', { model: this.c.name, time: t },
      );
    }
    const option = what === 'steps' ? 'maxSteps (--max-steps)' : what === 'events' ? 'maxEvents' : 'maxPoints (--max-points)';
    const hint = what === 'events' ? 'the reset may re-fire without end' : what === 'steps' ? 'the system may be stiff or the span too long' : 'use a sample interval (--sample) or a shorter span';
    throw new WorkLimitError(
      `model '${this.c.name}': at the rate so far (${count(done)} ${what} by t = ${t}) the run to t = ${this.t1} would take about ${count(projected)} ${what}, more than the limit ${count(limit)}; ${hint}, or raise ${option}`,
      what === 'steps' ? 'maxSteps' : what === 'events' ? 'maxEvents' : 'maxPoints', { model: this.c.name, time: t },
    );
  }

  record(t: number, y: ArrayLike<number>): void {
    if (this.dir * (t - this.recordFrom) < 0) return;
    if (this.ts.length >= this.maxPoints) throw pointsError(this.c.name, this.ts.length + 1, this.maxPoints, t);
    if (((this.ts.length + 1) & 65535) === 0) this.project(this.ts.length + 1, this.maxPoints, 'output points', t);
    this.ts.push(t);
    for (let i = 0; i < this.n; i++) this.ys[i].push(y[i]);
  }

  /** Record grid samples in (a, b] from an interpolant. */
  samplesUpTo(b: number, at: (t: number, out: Float64Array) => void, tmp: Float64Array, inclusive = true): void {
    const d = this.dir;
    while (d * (this.nextSample - b) < 0 || (inclusive && this.nextSample === b)) {
      at(this.nextSample, tmp);
      this.record(this.nextSample, tmp);
      this.nextSample = this.t0 + d * this.sample * (Math.round((d * (this.nextSample - this.t0)) / this.sample) + 1);
    }
  }

  checkFinite(t: number, y: ArrayLike<number>): void {
    for (let i = 0; i < this.n; i++) {
      const v = y[i];
      if (!(Math.abs(v) <= this.limit)) {
        const what = Number.isNaN(v) ? 'became NaN' : `reached ${v}`;
        throw new SimulationError(
          `model '${this.c.name}': variable '${this.c.variables[i]}' ${what} at t = ${t} (limit ${this.limit}); the run diverged — check parameters, initial values or step size`,
          { model: this.c.name, variable: this.c.variables[i], time: t, value: v },
        );
      }
    }
  }

  /** Apply event k at time te to state y (in place), recording the state before and after. */
  fire(k: number, te: number, y: Float64Array): void {
    const e = this.c.events[k];
    if (++this.events > this.maxEvents) {
      throw new WorkLimitError(
        `model '${this.c.name}': more than maxEvents = ${count(this.maxEvents)} events by t = ${te} (event '${e.name}'); the reset may re-fire without end (raise maxEvents if this many are expected)`,
        'maxEvents', { model: this.c.name, time: te },
      );
    }
    if ((this.events & 255) === 0) this.checkAbort();
    if ((this.events & 1023) === 0) this.project(this.events, this.maxEvents, 'events', te);
    this.eventTimes[k].push(te);
    if (this.eventPoints) this.record(te, y);
    e.reset(te, y, this.p, y);
    this.checkFinite(te, y);
    if (this.eventPoints) this.record(te, y);
    const tref = e.refractory(this.p);
    if (!(tref >= 0) || !Number.isFinite(tref)) {
      throw new SimulationError(`model '${this.c.name}': the refractory period of event '${e.name}' is ${tref} for these parameters; it must be a finite time >= 0`, {
        model: this.c.name, time: te, value: tref,
      });
    }
    if (tref > 0) {
      this.refractoryUntil = te + tref;
      this.clampMask.fill(0);
      for (const i of e.clamp) this.clampMask[i] = 1;
      this.clamped = e.clamp.length > 0;
    }
    if (this.dir * e.direction * e.g(te, y, this.p) >= 0 && tref <= 0) {
      throw new SimulationError(
        `model '${this.c.name}': the reset of event '${e.name}' at t = ${te} leaves its condition true, so it would fire forever; reset below the threshold`,
        { model: this.c.name, time: te },
      );
    }
  }

  inRefractory(t: number): boolean {
    return t < this.refractoryUntil;
  }

  /**
   * Derivative with clamped variables held (during a refractory period). Whether to clamp is a
   * property of the segment, not of t: the solver also evaluates at the segment's end, where
   * `t < refractoryUntil` is already false, and a clamp missing there would let v drift.
   */
  deriv(t: number, y: ArrayLike<number>, dy: Float64Array): void {
    this.c.rhs(t, y as Float64Array, this.p, dy);
    if (this.clampNow) for (let i = 0; i < this.n; i++) if (this.clampMask[i]) dy[i] = 0;
  }

  /** Index of an event whose condition holds at the start (fires immediately), or -1. */
  startEvent(t: number, y: Float64Array): number {
    if (!this.eventsOn || this.inRefractory(t)) return -1;
    for (let k = 0; k < this.c.events.length; k++) if (this.c.events[k].direction * this.c.events[k].g(t, y, this.p) >= 0) return k;
    return -1;
  }

  adaptive(y0: Float64Array): void {
    const { n, c, p, dir } = this;
    const solver = new odex.Solver(n);
    // Dense output costs odex ~25% more evaluations (measured on FitzHugh-Nagumo): only pay for
    // it when events must be located or a sample grid interpolated.
    const needDense = this.eventsOn || this.sample > 0;
    solver.denseOutput = needDense;
    solver.relativeTolerance = this.o.rtol ?? 1e-6;
    solver.absoluteTolerance = this.o.atol ?? 1e-9;
    solver.maxSteps = this.maxSteps;
    if (this.o.maxStep) solver.maxStepSize = this.o.maxStep;
    const dy = new Float64Array(n);
    // odex accepts a step whose error estimate is NaN (every comparison with NaN is false), so a
    // trial stage that overshoots into exp() overflow (AdEx above its spike cut) would poison the
    // step. A non-finite derivative is replaced by huge values that differ from evaluation to
    // evaluation: the extrapolation columns then disagree wildly, the error estimate is huge but
    // finite, and odex rejects the step and shrinks it by its own rules. Should such values ever
    // be accepted, the state exceeds `limit`, and the first non-finite derivative since the last
    // accepted step is what the error reports.
    let poison = 0;
    let badDerivative: { t: number; i: number; value: number; y: number[] } | null = null;
    const f = (t: number, y: number[]): Float64Array => {
      this.deriv(t, y, dy);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(dy[i])) {
          badDerivative ??= { t, i, value: dy[i], y: y.slice() };
          dy.fill(1e100 * (1 + (poison++ % 3)));
          break;
        }
      }
      return dy;
    };
    const nev = c.events.length;
    const gPrev = new Float64Array(nev);
    const tmp = new Float64Array(n);
    let y = Float64Array.from(y0);
    let t = this.t0;
    // found event, filled by the observer
    let hitK = -1;
    let hitT = 0;
    const hitY = new Float64Array(n);
    let failure: unknown = null;

    const k0 = this.startEvent(t, y);
    if (this.sample > 0) this.samplesUpTo(t, () => tmp.set(y), tmp);
    else this.record(t, y);
    if (k0 >= 0) this.fire(k0, t, y);

    while (dir * (this.t1 - t) > 0) {
      const refractory = this.inRefractory(t);
      let segEnd = this.nextBreak(t);
      if (refractory && this.refractoryUntil < segEnd) segEnd = this.refractoryUntil;
      this.clampNow = refractory && this.clamped;
      const eventsActive = this.eventsOn && !refractory;
      hitK = -1;
      failure = null;
      let dense: ((i: number, x: number) => number) | undefined;
      const interp = (x: number, out: Float64Array): void => {
        for (let i = 0; i < n; i++) out[i] = dense!(i, x);
      };
      const observer = (_nr: number, xold: number, x: number, ys: number[], d?: (i: number, x: number) => number): boolean | void => {
        try {
          if (xold === x) {
            // initial call: remember the threshold functions at the segment start
            for (let k = 0; k < nev; k++) gPrev[k] = c.events[k].g(x, ys, p);
            badDerivative = null;
            return;
          }
          dense = d;
          // A non-finite derivative that odex could only avoid by shrinking its step to nothing
          // (`-v^-v` once v < 0) is the failure: report it, not the step count it would run up.
          // (A steep but finite blow-up such as AdEx's spike shrinks steps too, but not to the
          // last few bits of t.)
          if (badDerivative && Math.abs(x - xold) <= 64 * Number.EPSILON * Math.max(Math.abs(x), 1e-6 * Math.abs(this.t1 - this.t0))) this.derivativeError(badDerivative);
          this.countStep(x);
          if (badDerivative && !ys.every((v) => Math.abs(v) <= this.limit)) this.derivativeError(badDerivative);
          badDerivative = null;
          this.checkFinite(x, ys);
          if (eventsActive) {
            let first = -1;
            let tFirst = x;
            for (let k = 0; k < nev; k++) {
              const e = c.events[k];
              const g1 = e.g(x, ys, p);
              if (e.direction * gPrev[k] < 0 && e.direction * g1 >= 0) {
                const te = locate(e.g, p, xold, x, gPrev[k], g1, interp, tmp);
                if (first < 0 || te < tFirst) {
                  first = k;
                  tFirst = te;
                }
              }
              gPrev[k] = g1;
            }
            if (first >= 0) {
              hitK = first;
              hitT = tFirst;
              interp(tFirst, hitY);
              if (this.sample > 0) this.samplesUpTo(tFirst, interp, tmp, false);
              return false;
            }
          }
          if (this.sample > 0) this.samplesUpTo(x, interp, tmp);
          else this.record(x, ys);
        } catch (e) {
          failure = e;
          return false;
        }
      };
      // the budget is the run's, not the segment's: a reset that re-fires must not renew it
      solver.maxSteps = Math.max(1, this.maxSteps - this.steps);
      const res = solver.solve(f, t, Array.from(y), segEnd, observer);
      this.evaluations += res.nEval;
      this.rejected += res.nReject;
      if (failure) throw failure;
      if (hitK >= 0) {
        t = hitT;
        y = Float64Array.from(hitY);
        this.checkFinite(t, y);
        this.fire(hitK, t, y);
        continue;
      }
      if (res.outcome === odex.Outcome.MaxStepsExceeded) {
        throw new WorkLimitError(
          `model '${c.name}': the run took more than ${count(this.maxSteps)} steps, the maxSteps budget (stopped between t = ${t} and t = ${segEnd} of ${this.t1}); the system may be stiff or diverging (raise maxSteps (--max-steps), loosen rtol, or shorten the span)`,
          'maxSteps', { model: c.name, time: t },
        );
      }
      // odex reports xEnd even after an early stop, so only the converged outcome moves t to segEnd
      t = segEnd;
      y = Float64Array.from(res.y);
      if (t === this.refractoryUntil) this.clamped = false;
    }
    this.clampNow = false;
    this.final.set(y);
  }

  derivativeError(bad: { t: number; i: number; value: number; y: number[] }): never {
    const c = this.c;
    const state = c.variables.map((v, k) => `${v} = ${bad.y[k]}`).join(', ');
    throw new SimulationError(
      `model '${c.name}': d${c.variables[bad.i]}/dt became ${bad.value} at t = ${bad.t} (${state}); the run cannot go on — check parameters and initial values`,
      { model: c.name, variable: c.variables[bad.i], time: bad.t, value: bad.value },
    );
  }

  fixed(y0: Float64Array, method: 'euler' | 'rk4'): void {
    const { n, c, p } = this;
    const h = this.o.dt ?? 0.01;
    if (!(h > 0)) throw new OptionError(`dt must be positive, got ${h}`);
    if (this.dir < 0) throw new OptionError('fixed-step methods integrate forward only (t1 > t0)');
    const nSteps = Math.round((this.t1 - this.t0) / h);
    if (Math.abs(nSteps * h - (this.t1 - this.t0)) > 1e-9 * Math.max(1, Math.abs(this.t1))) {
      throw new OptionError(`the time span ${this.t1 - this.t0} is not a whole number of steps dt = ${h}`);
    }
    const y = Float64Array.from(y0);
    const yNew = new Float64Array(n);
    const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n), tmp = new Float64Array(n);
    const step = (t: number, dt: number, from: Float64Array, to: Float64Array): void => {
      this.deriv(t, from, k1);
      this.evaluations++;
      if (method === 'euler') {
        for (let i = 0; i < n; i++) to[i] = from[i] + dt * k1[i];
        return;
      }
      for (let i = 0; i < n; i++) tmp[i] = from[i] + 0.5 * dt * k1[i];
      this.deriv(t + 0.5 * dt, tmp, k2);
      for (let i = 0; i < n; i++) tmp[i] = from[i] + 0.5 * dt * k2[i];
      this.deriv(t + 0.5 * dt, tmp, k3);
      for (let i = 0; i < n; i++) tmp[i] = from[i] + dt * k3[i];
      this.deriv(t + dt, tmp, k4);
      this.evaluations += 3;
      for (let i = 0; i < n; i++) to[i] = from[i] + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    };
    const every = this.sample > 0 ? Math.max(1, Math.round(this.sample / h)) : 1;
    const k0 = this.startEvent(this.t0, y);
    this.record(this.t0, y);
    if (k0 >= 0) this.fire(k0, this.t0, y);
    const nev = c.events.length;
    const yEvent = new Float64Array(n);
    for (let s = 0; s < nSteps; s++) {
      const tNext = this.t0 + (s + 1) * h;
      // Within one output step, integrate piece by piece: pieces end where the refractory period
      // ends (so it lasts exactly tref), at breakpoints (so no stage straddles a jump) and at events.
      let tc = this.t0 + s * h;
      while (tc < tNext) {
        let tb = tNext;
        if (this.refractoryUntil > tc && this.refractoryUntil < tb) tb = this.refractoryUntil;
        for (const b of this.breaks) if (b > tc && b < tb) tb = b;
        this.clampNow = this.clamped && this.inRefractory(tc);
        const watch = this.eventsOn && !this.inRefractory(tc);
        step(tc, tb - tc, y, yNew);
        this.checkFinite(tb, yNew);
        let fired = -1;
        let te = tb;
        if (watch) {
          for (let k = 0; k < nev; k++) {
            const e = c.events[k];
            const g0 = e.g(tc, y, p);
            const g1 = e.g(tb, yNew, p);
            if (e.direction * g0 < 0 && e.direction * g1 >= 0) {
              // The event time is where the method's own partial step from tc reaches the
              // threshold, so the reset happens on the fixed-step trajectory at the right time.
              const from = tc;
              const tk = locate(e.g, p, tc, tb, g0, g1, (x, out) => step(from, x - from, y, out), yEvent);
              if (fired < 0 || tk < te) {
                fired = k;
                te = tk;
              }
            }
          }
        }
        if (fired >= 0) {
          step(tc, te - tc, y, y);
          this.clampNow = false;
          this.checkFinite(te, y);
          this.fire(fired, te, y);
          tc = te;
          continue;
        }
        y.set(yNew);
        tc = tb;
      }
      this.clampNow = false;
      this.countStep(tNext);
      if ((s + 1) % every === 0) this.record(tNext, y);
    }
    this.final.set(y);
  }

  result(wallMs: number): SimulationResult {
    const y: Record<string, Float64Array> = {};
    this.c.variables.forEach((name, i) => (y[name] = Float64Array.from(this.ys[i])));
    const events: Record<string, number[]> = {};
    this.c.events.forEach((e, k) => (events[e.name] = this.eventTimes[k]));
    return {
      model: this.c.name,
      variables: this.c.variables,
      method: this.method,
      t: Float64Array.from(this.ts),
      y,
      spikes: this.eventTimes[0] ?? [],
      events,
      final: this.final,
      stats: {
        steps: this.steps,
        rejected: this.rejected,
        evaluations: this.evaluations,
        events: this.eventTimes.reduce((a, e) => a + e.length, 0),
        wallMs,
      },
    };
  }
}

/**
 * Locate the root of g(t, y(t)) in [a, b] on the dense output, where g(a) and g(b) bracket it
 * (Illinois variant of regula falsi: superlinear, never leaves the bracket).
 */
function locate(
  g: (t: number, y: Float64Array, p: Float64Array) => number,
  p: Float64Array,
  a: number,
  b: number,
  ga: number,
  gb: number,
  interp: (t: number, out: Float64Array) => void,
  tmp: Float64Array,
): number {
  if (gb === 0) return b;
  let side = 0;
  for (let it = 0; it < 200 && Math.abs(b - a) > ROOT_TOL * Math.max(1, Math.abs(b)); it++) {
    let m = (a * gb - b * ga) / (gb - ga);
    if (!(m > Math.min(a, b) && m < Math.max(a, b))) m = 0.5 * (a + b);
    interp(m, tmp);
    const gm = g(m, tmp, p);
    if (gm === 0) return m;
    if (Math.sign(gm) === Math.sign(gb)) {
      b = m;
      gb = gm;
      if (side === 1) ga /= 2;
      side = 1;
    } else {
      a = m;
      ga = gm;
      if (side === -1) gb /= 2;
      side = -1;
    }
  }
  // the event time is the first moment the condition holds: the bracket's upper end
  return b;
}
