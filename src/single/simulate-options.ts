/**
 * What a simulate() run may be asked, checked before any work: the options and their types, the
 * default work limits, the refusal of a run known in advance to exceed them, and a finite
 * derivative at the start.
 */
import type { CompiledModel } from '../compile/scalar.js';
import { FIXED_STEP_METHODS } from '../compile/stepper.js';
import { OptionError, SimulationError, WorkLimitError } from '../model/errors.js';

/** The fixed-step methods: the explicit stencils of src/ir/methods.ts (euler, rk2, rk4). */
export type FixedMethod = 'euler' | 'rk2' | 'rk4';
export type Method = 'odex' | FixedMethod;

/** Every method simulate() takes: odex, then the fixed-step ones. */
export const METHODS: readonly Method[] = ['odex', ...(FIXED_STEP_METHODS as FixedMethod[])];

export interface SimulateOptions {
  /** [t0, t1], or t1 with t0 = 0 (default 100). t1 < t0 integrates backward (events off). */
  t?: number | [number, number];
  /**
   * odex (adaptive, default), or a fixed step dt with euler (forward Euler), rk2 (explicit
   * midpoint: a half step on the start slope, the whole step on the midpoint slope) or rk4
   * (classical Runge-Kutta), each as its stencil in src/ir/methods.ts defines it
   */
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

export function checkOptions(o: SimulateOptions): void {
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
  if (o.recordFrom !== undefined && !Number.isFinite(o.recordFrom)) {
    throw new OptionError(`recordFrom must be a finite time, got ${o.recordFrom}`);
  }
  const finiteTime = (b: unknown): boolean => typeof b === 'number' && Number.isFinite(b);
  if (o.breakpoints !== undefined && (!Array.isArray(o.breakpoints) || !o.breakpoints.every(finiteTime))) {
    throw new OptionError('breakpoints must be a list of finite times');
  }
}

/** `1e+11` style count for messages. */
export const count = (x: number): string =>
  x < 1e6
    ? String(Math.ceil(x))
    : x
        .toExponential(2)
        .replace(/\.?0+e/, 'e')
        .replace('e+', 'e');

/**
 * Refuse, before any work, a run whose step count or output is known in advance to exceed its
 * limits: a fixed-step run needs span/dt steps, a sample grid records span/sample points, and an
 * odex step never exceeds maxStep. The message gives the estimate and the option that raises it.
 */
export function estimateWork(name: string, method: Method, t0: number, t1: number, o: SimulateOptions): void {
  const span = Math.abs(t1 - t0);
  const maxSteps = o.maxSteps ?? SIMULATE_LIMITS.maxSteps;
  const maxPoints = o.maxPoints ?? SIMULATE_LIMITS.maxPoints;
  const from = o.recordFrom === undefined ? t0 : Math.min(Math.max(o.recordFrom, Math.min(t0, t1)), Math.max(t0, t1));
  const recorded = Math.abs(t1 - from);
  if (method !== 'odex') {
    const dt = o.dt ?? 0.01;
    // a step below the spacing of doubles near t would not advance time at all
    if (Math.max(Math.abs(t0), Math.abs(t1)) + dt === Math.max(Math.abs(t0), Math.abs(t1))) {
      throw new WorkLimitError(
        `model '${name}': dt = ${dt} is below the resolution of time near t = ${t1} (a step would not advance t)`,
        'dt',
        { model: name },
      );
    }
    const steps = span / dt;
    if (steps > maxSteps) {
      throw new WorkLimitError(
        `model '${name}': ${method} with dt = ${dt} over ${span} time units needs ${count(steps)} steps, more ` +
          `than maxSteps = ${count(maxSteps)}; use a larger dt, a shorter span, or raise maxSteps (--max-steps)`,
        'maxSteps',
        { model: name },
      );
    }
    const every = o.sample !== undefined ? Math.max(1, Math.round(o.sample / dt)) : 1;
    const points = recorded / dt / every + 1;
    if (points > maxPoints) throw pointsError(name, points, maxPoints);
  } else {
    if (o.maxStep !== undefined && span / o.maxStep > maxSteps) {
      throw new WorkLimitError(
        `model '${name}': maxStep = ${o.maxStep} over ${span} time units needs at least ` +
          `${count(span / o.maxStep)} steps, more than maxSteps = ${count(maxSteps)}; use a larger maxStep ` +
          `(--max-step) or raise maxSteps (--max-steps)`,
        'maxSteps',
        { model: name },
      );
    }
    const points = o.sample === undefined ? 0 : recorded / o.sample + 1;
    if (points > maxPoints) throw pointsError(name, points, maxPoints);
  }
}

export function pointsError(name: string, points: number, maxPoints: number, t?: number): WorkLimitError {
  const what =
    t === undefined
      ? `would record ${count(points)} output points`
      : `reached ${count(points)} output points at t = ${t}`;
  return new WorkLimitError(
    `model '${name}': the run ${what}, more than maxPoints = ${count(maxPoints)}; record fewer (a larger sample ` +
      `interval, --sample, or a later recordFrom) or raise maxPoints (--max-points)`,
    'maxPoints',
    { model: name, time: t },
  );
}

/**
 * The right-hand side at the initial state must be finite: a NaN there (sqrt of a negative, 0/0)
 * would otherwise surface one step later as an unexplained divergence.
 */
export function checkStart(c: CompiledModel, t0: number, y0: Float64Array, p: Float64Array): void {
  const dy = new Float64Array(c.n);
  c.rhs(t0, y0, p, dy);
  for (let i = 0; i < c.n; i++) {
    if (!Number.isFinite(dy[i])) {
      const state = c.variables.map((v, k) => `${v} = ${y0[k]}`).join(', ');
      const message = `model '${c.name}': d${c.variables[i]}/dt is ${dy[i]} at the initial state (t = ${t0}, ${state})`;
      throw new SimulationError(message, {
        model: c.name,
        variable: c.variables[i],
        time: t0,
        value: dy[i],
      });
    }
  }
}
