/**
 * The f–I curve of a spiking model: steady firing rate against an input parameter, the rheobase
 * (located by bisection) and the excitability class (Hodgkin's class 1: the rate rises
 * continuously from zero at rheobase; class 2: it jumps to a finite rate).
 *
 * Rate at each value: one run from the initial state, stopped early once the last three ISIs
 * agree to 1e-6 (rate = 1/ISI of the steady state) or, without spikes, it closes in on a stable
 * fixed point (rate 0); otherwise
 * rate = (spikes − 1)/(last − first spike time) over the second half of the run (or after
 * `transient`), i.e. 1/mean ISI. Fewer than two spikes there count as not firing, so near a
 * class-1 rheobase, where the ISI grows without bound, the rate reads 0 once the ISI exceeds the
 * window. Models with a refractory period run in one piece (the engine keeps refractory state).
 */
import type { Model } from '../model/model.js';
import type { CompiledModel } from '../compile/scalar.js';
import { OptionError, nearestName } from '../model/errors.js';
import { paramVector } from './options.js';
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
  /** smallest value that fires repetitively (bisection, to `tolerance`), null if the range has no onset */
  rheobase: number | null;
  /** rate just above the rheobase */
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
  if (!options || typeof options.param !== 'string') throw new OptionError('an f–I curve needs `param`: the input parameter to sweep (e.g. I)');
  if (!c.parameters.includes(options.param)) {
    const s = nearestName(options.param, c.parameters);
    throw new OptionError(`model '${c.name}': no parameter '${options.param}' to sweep${s ? ` (did you mean '${s}'?)` : ''}; parameters: ${c.parameters.join(', ')}`);
  }
  const { from, to } = options;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from === to) throw new OptionError(`the sweep needs finite, different from and to, got ${from} and ${to}`);
  const steps = options.steps ?? 41;
  if (!(Number.isInteger(steps) && steps >= 2 && steps <= 100000)) throw new OptionError(`steps must be an integer ≥ 2, got ${steps}`);
  const work = new Work(`f–I curve of model '${c.name}'`, options);
  const duration = options.duration ?? 2000;
  const transient = options.transient ?? 0;
  if (!(duration > 0) || !Number.isFinite(duration)) throw new OptionError(`duration must be a positive number, got ${duration}`);
  if (!(transient >= 0 && transient < duration)) throw new OptionError(`transient must be in [0, duration), got ${transient}`);
  const tolerance = options.tolerance ?? 1e-4;
  if (!(tolerance > 0 && tolerance < 1)) throw new OptionError(`tolerance must be in (0, 1), got ${tolerance}`);
  const rtol = options.rtol ?? 1e-6;
  paramVector(c, options.params); // checks the other overrides early

  let eventName: string;
  let spike: FICurve['spike'];
  if (options.spike) {
    const k = variableIndex(c, options.spike.variable, 'spike detection');
    if (!Number.isFinite(options.spike.threshold)) throw new OptionError(`the spike threshold must be a finite number, got ${options.spike.threshold}`);
    c = withSection(c, k, options.spike.threshold);
    eventName = c.events[c.events.length - 1].name;
    spike = { variable: options.spike.variable, threshold: options.spike.threshold };
  } else if (c.events.length > 0) {
    eventName = c.events[0].name;
    spike = { event: eventName };
  } else {
    throw new OptionError(
      `model '${c.name}' has no spike event: say what a spike is with spike: { variable, threshold } (CLI: --spike ${c.variables[0]}:0), counted as upward crossings`,
    );
  }

  const rateAt = (value: number): number => {
    const params = { ...options.params, [options.param]: value };
    const p = paramVector(c, params);
    const run = (t0: number, t1: number, init: Record<string, number> | Float64Array | undefined, record: boolean) =>
      work.run(() => simulate(c, { t: [t0, t1], params, init, rtol, atol: rtol * 1e-3, eventPoints: false, recordFrom: record ? t0 : t1, signal: work.signal }));
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
          let lo = Infinity, hi = -Infinity;
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
          const fp = newtonSolver(c, p, t + chunk, width.map((w, i) => w + 1e-3 * Math.abs(y[i]) + 1e-12))(y);
          if (fp && analyseFixedPoint(c, p, fp, t + chunk).stable && c.variables.every((_, i) => Math.abs(fp[i] - y[i]) <= width[i] + 1e-9 * Math.abs(fp[i]))) return 0;
        }
      } else lastWidth = null;
    }
    return rateOf(spikes.filter((te) => te >= (options.transient ?? duration / 2)));
  };
  const factor = info.timeUnit === 'ms' ? 1000 : 1;
  const rateUnit = info.timeUnit === 'ms' || info.timeUnit === 's' ? 'Hz' : info.timeUnit && info.timeUnit !== '1' ? `1/${info.timeUnit}` : '1/time unit';

  const values = Float64Array.from({ length: steps }, (_, i) => (i === steps - 1 ? to : from + ((to - from) * i) / (steps - 1)));
  // the sweep, then about a dozen bisection runs for the rheobase
  const rate = values.map((v, i) => {
    work.progress((0.9 * i) / steps);
    return rateAt(v) * factor;
  });

  let rheobase: number | null = null;
  let rateAtRheobase: number | null = null;
  let excitability: FICurve['excitability'] = null;
  // onset: the first firing value after a silent one, in the direction of the sweep
  const onset = Array.from(rate).findIndex((r, i) => i > 0 && r > 0 && rate[i - 1] === 0);
  if (onset > 0 && options.rheobase !== false) {
    let lo = values[onset - 1], hi = values[onset];
    let fHi = rate[onset];
    const width = tolerance * Math.abs(to - from);
    while (Math.abs(hi - lo) > width) {
      work.progress(0.95);
      const mid = (lo + hi) / 2;
      const f = rateAt(mid) * factor;
      if (f > 0) {
        hi = mid;
        fHi = f;
      } else lo = mid;
    }
    rheobase = hi;
    rateAtRheobase = fHi;
    // class: compare the rate just above rheobase with the rate 1% of the range further on; a
    // continuous onset (f ~ √ΔI or 1/log(1/ΔI)) has dropped well below it, a jump has not
    const further = rateAt(hi + (Math.sign(to - from) * Math.abs(to - from)) / 100) * factor;
    excitability = further > 0 && fHi / further < 0.75 ? 'class 1' : 'class 2';
  }
  return { model: c.name, param: options.param, paramUnit: info.units[options.param], values, rate, rateUnit, rheobase, rateAtRheobase, excitability, spike };
}
