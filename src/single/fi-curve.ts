/**
 * The f–I curve of a spiking model: steady firing rate against an input parameter, the rheobase
 * (located by bisection) and the excitability class (Hodgkin's class 1: the rate rises
 * continuously from zero at rheobase; class 2: it jumps to a finite rate).
 *
 * Rate at each value: first, a value whose state settles on a stable equilibrium of the flow
 * between spikes (Newton from the initial state, then the flow without resets run until it is
 * there) without crossing the spike threshold on the way is silent: rate 0, exactly. That includes
 * an equilibrium on the threshold itself (the LIF at RI = θ), which the flow approaches only
 * asymptotically and a run would "cross" at rounding level after an arbitrary time. Otherwise
 * one run from the initial state, stopped early once the last three ISIs
 * agree to 1e-6 (rate = 1/ISI of the steady state) or, without spikes, it closes in on a stable
 * fixed point (rate 0); otherwise
 * rate = (spikes − 1)/(last − first spike time) over the second half of the run (or after
 * `transient`), i.e. 1/mean ISI. Fewer than two spikes there count as not firing, so near a
 * class-1 rheobase, where the ISI grows without bound, the rate reads 0 once the ISI exceeds the
 * window. Models with a refractory period run in one piece (the engine keeps refractory state).
 */
import type { Model } from '../model/model.js';
import type { CompiledEvent, CompiledModel } from '../compile/scalar.js';
import { OptionError, SimulationError, nearestName } from '../model/errors.js';
import type { SimulationResult } from './simulate.js';
import { initialState, paramVector } from './options.js';
import { simulateWithRetry as simulate } from './retry.js';
import { modelInfo, variableIndex } from './plane.js';
import { withSection } from './limit-cycle.js';
import { analyseFixedPoint, newtonSolver } from './fixed-points.js';
import { Work, type WorkOptions } from './work.js';

export interface FICurveOptions extends WorkOptions {
  /** the swept (input) parameter, e.g. 'I' */
  param: string;
  from: number;
  to: number;
  /** number of values, ends included (default 41) */
  steps?: number;
  /** other parameter overrides */
  params?: Record<string, number>;
  /** initial state (default: the model's) */
  init?: Record<string, number>;
  /** run length per value, in model time units (default 2000) */
  duration?: number;
  /**
   * time discarded before counting spikes (default: none fixed: a run stops as soon as its last
   * three ISIs agree to 1e-6, else the rate is taken over the second half of the run)
   */
  transient?: number;
  /**
   * spikes of a smooth model (no events): upward crossings of `threshold` by `variable`, e.g.
   * `{ variable: 'v', threshold: 0 }` for Hodgkin–Huxley. Models with events count their first event.
   */
  spike?: { variable: string; threshold: number };
  /** locate the rheobase by bisection (default true) */
  rheobase?: boolean;
  /** rheobase bracket width, relative to |to − from| (default 1e-4) */
  tolerance?: number;
  /** relative tolerance of the runs (default 1e-6: spike times, so rates, to about 1e-6) */
  rtol?: number;
}

export interface FICurve {
  model: string;
  param: string;
  /** unit of the swept parameter, where the model gives one */
  paramUnit?: string;
  /** parameter values */
  values: Float64Array;
  /** steady firing rate at each value (0: not firing repetitively) */
  rate: Float64Array;
  /** unit of `rate`: 'Hz' for models in ms or s, else per model time unit */
  rateUnit: string;
  /**
   * the onset of firing as the input increases (whatever the sweep's direction): the middle of
   * `rheobaseBracket`, located by bisection to `tolerance`; null if the range has no onset
   */
  rheobase: number | null;
  /** [last silent value, first firing value] around the rheobase (width ≤ tolerance·|to − from|) */
  rheobaseBracket: [number, number] | null;
  /**
   * the limit of the rate as the input decreases to the rheobase, not a rate at any one value:
   * 0 for class 1 (the rate rises continuously from 0), the rate at the bracket's firing end for
   * class 2 (the jump); null without an onset
   */
  rateAtRheobase: number | null;
  /** class 1: rate → 0 continuously at rheobase; class 2: jumps to a finite rate; null without an onset */
  excitability: 'class 1' | 'class 2' | null;
  /** how spikes were counted */
  spike: { event: string } | { variable: string; threshold: number };
}

/**
 * Sweep a parameter and measure the steady firing rate.
 * @example
 * const fi = fiCurve(loadModel('lif'), { param: 'I', from: 0, to: 5, steps: 21 });
 * fi.rheobase // ≈ 1 (threshold / R); fi.excitability // 'class 1'
 */
export function fiCurve(model: Model | CompiledModel, options: FICurveOptions): FICurve {
  const info = modelInfo(model);
  let c = info.c;
  if (!options || typeof options.param !== 'string')
    throw new OptionError('an f–I curve needs `param`: the input parameter to sweep (e.g. I)');
  if (!c.parameters.includes(options.param)) {
    const s = nearestName(options.param, c.parameters);
    throw new OptionError(
      `model '${c.name}': no parameter '${options.param}' to sweep` +
        `${s ? ` (did you mean '${s}'?)` : ''}; parameters: ${c.parameters.join(', ')}`,
    );
  }
  const { from, to } = options;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === to)
    throw new OptionError(`the sweep needs finite, different from and to, got ${from} and ${to}`);
  const steps = options.steps ?? 41;
  if (!(Number.isInteger(steps) && steps >= 2 && steps <= 100000))
    throw new OptionError(`steps must be an integer ≥ 2, got ${steps}`);
  const work = new Work(`f–I curve of model '${c.name}'`, options);
  const duration = options.duration ?? 2000;
  const transient = options.transient ?? 0;
  if (!(duration > 0) || !Number.isFinite(duration))
    throw new OptionError(`duration must be a positive number, got ${duration}`);
  if (!(transient >= 0 && transient < duration))
    throw new OptionError(`transient must be in [0, duration), got ${transient}`);
  const tolerance = options.tolerance ?? 1e-4;
  if (!(tolerance > 0 && tolerance < 1)) throw new OptionError(`tolerance must be in (0, 1), got ${tolerance}`);
  const rtol = options.rtol ?? 1e-6;
  paramVector(c, options.params); // checks the other overrides early

  let eventName: string;
  let spike: FICurve['spike'];
  if (options.spike) {
    const k = variableIndex(c, options.spike.variable, 'spike detection');
    if (!Number.isFinite(options.spike.threshold))
      throw new OptionError(`the spike threshold must be a finite number, got ${options.spike.threshold}`);
    c = withSection(c, k, options.spike.threshold);
    eventName = c.events[c.events.length - 1].name;
    spike = { variable: options.spike.variable, threshold: options.spike.threshold };
  } else if (c.events.length > 0) {
    eventName = c.events[0].name;
    spike = { event: eventName };
  } else {
    throw new OptionError(
      `model '${c.name}' has no spike event: ` +
        `say what a spike is with spike: { variable, threshold } ` +
        `(CLI: --spike ${c.variables[0]}:0), counted as upward crossings`,
    );
  }

  const spikeEvent = c.events.find((e) => e.name === eventName)!;
  const rateAt = (value: number): number => {
    const params = { ...options.params, [options.param]: value };
    const p = paramVector(c, params);
    if (settles(c, p, params, spikeEvent, initialState(c, p, options.init), duration, rtol)) return 0;
    const run = (t0: number, t1: number, init: Record<string, number> | Float64Array | undefined, record: boolean) =>
      work.run(() =>
        simulate(c, {
          t: [t0, t1],
          params,
          init,
          rtol,
          atol: rtol * 1e-3,
          eventPoints: false,
          recordFrom: record ? t0 : t1,
          signal: work.signal,
        }),
      );
    const rateOf = (s: number[]): number => (s.length < 2 ? 0 : (s.length - 1) / (s[s.length - 1] - s[0]));
    // a refractory period is state the engine keeps between events: such models run in one piece
    if (c.events.some((e) => e.refractory(p) > 0)) {
      const r = run(0, duration, options.init, false);
      return rateOf((r.events[eventName] ?? []).filter((t) => t >= (options.transient ?? duration / 2)));
    }
    // otherwise in sixteenths, stopping early once the last three ISIs agree to 1e-6 (steady
    // tonic firing) or the state has settled (no firing)
    const chunk = duration / 16;
    const spikes: number[] = [];
    let lastWidth: number[] | null = null;
    let state: Record<string, number> | Float64Array | undefined = options.init;
    for (let t = 0; t < duration - 1e-9 * duration; t += chunk) {
      const r = run(t, Math.min(t + chunk, duration), state, true);
      // an event that fires at the chunk start was already counted at the end of the last chunk
      const here = (r.events[eventName] ?? []).filter((te) => te > t || t === 0);
      spikes.push(...here);
      state = Float64Array.from(r.final);
      const after = spikes.filter((te) => te >= transient);
      if (after.length >= 5) {
        const n = after.length;
        const isi = [after[n - 1] - after[n - 2], after[n - 2] - after[n - 3], after[n - 3] - after[n - 4]];
        const mean = (isi[0] + isi[1] + isi[2]) / 3;
        if (isi.every((d) => Math.abs(d - mean) <= 1e-6 * mean)) return 1 / mean;
      }
      if (here.length === 0 && t + chunk >= transient) {
        // not firing: the run is closing in on a stable fixed point (found by Newton from the
        // current state, inside this chunk's envelope, which shrank since the last chunk)
        const width = c.variables.map((v) => {
          const y = r.y[v];
          let lo = Infinity,
            hi = -Infinity;
          for (let i = 0; i < y.length; i++) {
            lo = Math.min(lo, y[i]);
            hi = Math.max(hi, y[i]);
          }
          return hi - lo;
        });
        const shrinking = lastWidth !== null && width.every((w, i) => w <= lastWidth![i]);
        lastWidth = width;
        if (shrinking) {
          const y = r.final;
          const fp = newtonSolver(
            c,
            p,
            t + chunk,
            width.map((w, i) => w + 1e-3 * Math.abs(y[i]) + 1e-12),
          )(y);
          if (
            fp &&
            analyseFixedPoint(c, p, fp, t + chunk).stable &&
            c.variables.every((_, i) => Math.abs(fp[i] - y[i]) <= width[i] + 1e-9 * Math.abs(fp[i]))
          )
            return 0;
        }
      } else lastWidth = null;
    }
    return rateOf(spikes.filter((te) => te >= (options.transient ?? duration / 2)));
  };
  const factor = info.timeUnit === 'ms' ? 1000 : 1;
  const rateUnit =
    info.timeUnit === 'ms' || info.timeUnit === 's'
      ? 'Hz'
      : info.timeUnit && info.timeUnit !== '1'
        ? `1/${info.timeUnit}`
        : '1/time unit';

  const values = Float64Array.from({ length: steps }, (_, i) =>
    i === steps - 1 ? to : from + ((to - from) * i) / (steps - 1),
  );
  // the sweep, then about a dozen bisection runs for the rheobase
  const rate = values.map((v, i) => {
    work.progress((0.9 * i) / steps);
    return rateAt(v) * factor;
  });

  let rheobase: number | null = null;
  let rheobaseBracket: [number, number] | null = null;
  let rateAtRheobase: number | null = null;
  let excitability: FICurve['excitability'] = null;
  // onset: the first firing value above a silent one, in increasing order of the input (the
  // rheobase is a property of the model, not of the sweep's direction)
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  const k = order.findIndex((i, j) => j > 0 && rate[i] > 0 && rate[order[j - 1]] === 0);
  if (k > 0 && options.rheobase !== false) {
    let lo = values[order[k - 1]],
      hi = values[order[k]];
    let fHi = rate[order[k]];
    const width = tolerance * Math.abs(to - from);
    while (hi - lo > width) {
      work.progress(0.95);
      const mid = (lo + hi) / 2;
      const f = rateAt(mid) * factor;
      if (f > 0) {
        hi = mid;
        fHi = f;
      } else lo = mid;
    }
    rheobaseBracket = [lo, hi];
    rheobase = (lo + hi) / 2;
    // class: compare the rate just above rheobase with the rate 1% of the range further on; a
    // continuous onset (f ~ √ΔI or 1/log(1/ΔI)) has dropped well below it, a jump has not
    const further = rateAt(hi + Math.abs(to - from) / 100) * factor;
    excitability = further > 0 && fHi / further < 0.75 ? 'class 1' : 'class 2';
    // the rate at the bracket's end depends on how close the bisection came (for class 1 it
    // tends to 0); the limit is what the onset is
    rateAtRheobase = excitability === 'class 1' ? 0 : fHi;
  }
  return {
    model: c.name,
    param: options.param,
    paramUnit: info.units[options.param],
    values,
    rate,
    rateUnit,
    rheobase,
    rheobaseBracket,
    rateAtRheobase,
    excitability,
    spike,
  };
}

/**
 * Whether the state from `y0` settles on a stable equilibrium of the flow between spikes without
 * firing: Newton from y0 to an equilibrium x*, which must be stable and not strictly beyond the
 * spike threshold (direction·g(x*) ≤ 0 to rounding); then the flow without resets runs (in
 * sixteenths of `duration`) until it is within 1e-6 of x* (per variable, relative to the distance
 * it came from). A threshold crossing on the way is a spike, unless it happens within that
 * distance of x*, where an equilibrium on the threshold is being approached asymptotically.
 */
function settles(
  c: CompiledModel,
  p: Float64Array,
  params: Record<string, number>,
  spike: CompiledEvent,
  y0: Float64Array,
  duration: number,
  rtol: number,
): boolean {
  const n = c.n;
  const span = Float64Array.from(y0, (v) => 1 + Math.abs(v));
  const xs = newtonSolver(c, p, 0, span)(y0);
  if (!xs || !analyseFixedPoint(c, p, xs, 0).stable) return false;
  const g0 = Math.abs(spike.g(0, y0, p));
  if (spike.direction * spike.g(0, xs, p) > 1e-12 * (g0 + Math.abs(spike.g(0, xs, p)) + 1e-300)) return false;
  const radius = Float64Array.from(
    { length: n },
    (_, i) => 1e-6 * (Math.abs(y0[i] - xs[i]) + 1e-9 * (1 + Math.abs(xs[i]))),
  );
  const near = (y: ArrayLike<number>): boolean => {
    for (let i = 0; i < n; i++) if (!(Math.abs(y[i] - xs[i]) <= radius[i])) return false;
    return true;
  };
  if (near(y0)) return true;
  const CROSS = '__crossing';
  const cross: CompiledEvent = {
    name: CROSS,
    direction: spike.direction,
    g: spike.g,
    // the flow goes on through the threshold: only the crossing's time and place are wanted
    reset: (_t, y, _p, out) => {
      if (out !== y) for (let i = 0; i < y.length; i++) out[i] = y[i];
    },
    refractory: () => Number.MIN_VALUE,
    clamp: [],
  };
  const flow = Object.create(c, { events: { value: [cross], enumerable: true } }) as CompiledModel;
  const chunk = duration / 16;
  let state = Float64Array.from(y0);
  for (let t = 0; t < duration - 1e-9 * duration; t += chunk) {
    let r: SimulationResult;
    try {
      r = simulate(flow, {
        t: [t, Math.min(t + chunk, duration)],
        params,
        init: state,
        rtol,
        atol: rtol * 1e-3,
        eventPoints: true,
        recordFrom: t,
      });
    } catch (e) {
      // without its resets a spiking model's flow may blow up past the threshold: not settling,
      // and the run with resets decides (and reports its own failures)
      if (e instanceof SimulationError) return false;
      throw e;
    }
    for (const te of r.events[CROSS] ?? []) {
      const i = r.t.findIndex((ti) => ti >= te);
      const y = c.variables.map((v) => r.y[v][Math.max(0, i)]);
      if (!near(y)) return false;
    }
    state = Float64Array.from(r.final);
    if (near(state)) return true;
  }
  return false;
}
