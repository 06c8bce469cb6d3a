/**
 * simulate() with one retry: a run that fails with a non-finite value is repeated with steps
 * capped at 1/2000 of its span. An adaptive step that jumps into a finite-time blow-up (the
 * quadratic Izhikevich upstroke after a long quiet phase) can return NaN before the spike event
 * is seen; a capped step resolves the upstroke. Other errors pass through.
 */
import type { CompiledModel } from '../compile/scalar.js';
import { AbortError, SimulationError, WorkLimitError } from '../model/errors.js';
import { simulate, type SimulateOptions, type SimulationResult } from './simulate.js';

export function simulateWithRetry(
  c: CompiledModel,
  options: SimulateOptions & { t: [number, number] },
): SimulationResult {
  try {
    return simulate(c, options);
  } catch (e) {
    // an abort or an exhausted budget is not a blow-up: a smaller step would only cost more
    if (
      !(e instanceof SimulationError) ||
      e instanceof AbortError ||
      e instanceof WorkLimitError ||
      options.maxStep !== undefined
    )
      throw e;
    return simulate(c, { ...options, maxStep: Math.abs(options.t[1] - options.t[0]) / 2000 });
  }
}
