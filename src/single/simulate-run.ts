/**
 * One simulate() run: the state shared by the adaptive and fixed-step drivers (output, work
 * budget, refractory clamps, breakpoints) and what both do the same way (record, check, fire
 * events, assemble the result).
 */
import type { CompiledModel } from '../compile/scalar.js';
import { AbortError, OptionError, SimulationError, WorkLimitError } from '../model/errors.js';
import { count, pointsError, SIMULATE_LIMITS } from './simulate-options.js';
import type { Method, SimulateOptions, SimulationResult } from './simulate-options.js';

/** One integration run: the state machine shared by the adaptive and fixed-step drivers. */
export class Run {
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
    if (o.sample !== undefined && !(o.sample > 0)) {
      throw new OptionError(`sample must be a positive interval, got ${o.sample}`);
    }
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
        `model '${this.c.name}': the run took more than ${count(this.maxSteps)} steps, the maxSteps budget ` +
          `(stopped at t = ${t} of ${this.t1}); the system may be stiff or diverging (raise maxSteps ` +
          `(--max-steps), loosen rtol, or shorten the span)`,
        'maxSteps',
        { model: this.c.name, time: t },
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
        `model '${this.c.name}': the run is not advancing in time (${count(done)} ${what} by t = ${t}, of a span ` +
          `to ${this.t1}); the step size collapsed — check the model near t = ${t}`,
        what === 'steps' ? 'maxSteps' : what === 'events' ? 'maxEvents' : 'maxPoints',
        { model: this.c.name, time: t },
      );
    }
    const option =
      what === 'steps' ? 'maxSteps (--max-steps)' : what === 'events' ? 'maxEvents' : 'maxPoints (--max-points)';
    const hint =
      what === 'events'
        ? 'the reset may re-fire without end'
        : what === 'steps'
          ? 'the system may be stiff or the span too long'
          : 'use a sample interval (--sample) or a shorter span';
    throw new WorkLimitError(
      `model '${this.c.name}': at the rate so far (${count(done)} ${what} by t = ${t}) the run to t = ${this.t1} ` +
        `would take about ${count(projected)} ${what}, more than the limit ${count(limit)}; ${hint}, or raise ` +
        `${option}`,
      what === 'steps' ? 'maxSteps' : what === 'events' ? 'maxEvents' : 'maxPoints',
      { model: this.c.name, time: t },
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
          `model '${this.c.name}': variable '${this.c.variables[i]}' ${what} at t = ${t} (limit ${this.limit}); ` +
            `the run diverged — check parameters, initial values or step size`,
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
        `model '${this.c.name}': more than maxEvents = ${count(this.maxEvents)} events by t = ${te} (event ` +
          `'${e.name}'); the reset may re-fire without end (raise maxEvents if this many are expected)`,
        'maxEvents',
        { model: this.c.name, time: te },
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
      const message =
        `model '${this.c.name}': the refractory period of event '${e.name}' is ${tref} for these ` +
        'parameters; it must be a finite time >= 0';
      throw new SimulationError(message, {
        model: this.c.name,
        time: te,
        value: tref,
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
        `model '${this.c.name}': the reset of event '${e.name}' at t = ${te} leaves its condition true, so it ` +
          `would fire forever; reset below the threshold`,
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
    const events = this.c.events;
    for (let k = 0; k < events.length; k++) if (events[k].direction * events[k].g(t, y, this.p) >= 0) return k;
    return -1;
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
