/**
 * Single-cell simulation: adaptive (odex, Hairer's extrapolation method with dense output) or
 * fixed-step (euler, rk2 or classical RK4 over the whole state vector, as the method stencils of
 * src/ir/methods.ts define them), with threshold events located in time (on the dense output, or
 * on the fixed-step method's own partial step), resets applied at the event time, and refractory
 * periods honoured exactly.
 *
 * The entry point; the work is in modules of one job: simulate-options (options, limits, checks
 * before any work), simulate-run (the state of one run: output, budget, events, result),
 * simulate-odex and simulate-fixed (the two drivers), simulate-locate (event times).
 */
import type { Model } from '../model/model.js';
import { compile, type CompiledModel } from '../compile/scalar.js';
import { OptionError, WorkLimitError } from '../model/errors.js';
import { initialState, paramVector, timeSpan } from './options.js';
import { checkOptions, checkStart, estimateWork, METHODS } from './simulate-options.js';
import type { SimulateOptions, SimulationResult } from './simulate-options.js';
import { Run } from './simulate-run.js';
import { runAdaptive } from './simulate-odex.js';
import { runFixed } from './simulate-fixed.js';

export {
  METHODS,
  SIMULATE_LIMITS,
  type FixedMethod,
  type Method,
  type SimulateOptions,
  type SimulationResult,
} from './simulate-options.js';

/**
 * Integrate a model.
 * @example
 * const r = simulate(loadModel('izhikevich').preset('RS'), { t: 1000, params: { I: 10 } });
 * r.spikes // located spike times (ms)
 * simulate(loadModel('fitzhugh-nagumo'), { t: 200, method: 'rk2', dt: 0.05 }).final
 */
export function simulate(model: Model | CompiledModel, options: SimulateOptions = {}): SimulationResult {
  const c = 'rhs' in model ? model : compile(model);
  const method = options.method ?? 'odex';
  if (!METHODS.includes(method)) throw new OptionError(`unknown method '${method}' (${METHODS.join(', ')})`);
  const [t0, t1] = timeSpan(options.t, 100);
  checkOptions(options);
  estimateWork(c.name, method, t0, t1, options);
  const p = paramVector(c, options.params);
  const y0 = initialState(c, p, options.init);
  checkStart(c, t0, y0, p);
  const run = new Run(c, p, options, t0, t1, method);
  const started = performance.now();
  try {
    if (method === 'odex') runAdaptive(run, y0);
    else runFixed(run, y0, method);
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
