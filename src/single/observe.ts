/**
 * Values of a model's named expressions and time-dependent inputs along a simulated trajectory
 * (for plots and tables: the integrator itself never needs them stored).
 */
import type { Model } from '../model/model.js';
import { compile } from '../compile/scalar.js';
import { OptionError, nearestName } from '../model/errors.js';
import { paramVector } from './options.js';
import type { SimulationResult } from './simulate.js';

/**
 * Evaluate named expressions/inputs at every output time of `result`.
 * @example
 * const m = loadModel('fitzhugh-nagumo').with({ I: 't < 500 ? 0.5 : 0' });
 * const r = simulate(m, { t: 1000 });
 * observe(m, r, ['I']).I // the input at r.t
 */
export function observe(
  model: Model,
  result: SimulationResult,
  names?: string[],
  params: Record<string, number> = {},
): Record<string, Float64Array> {
  const c = compile(model);
  const wanted = names ?? c.observables;
  const idx = wanted.map((name) => {
    const i = c.observables.indexOf(name);
    if (i < 0) {
      const s = nearestName(name, c.observables);
      throw new OptionError(
        `model '${c.name}': no named expression or input '${name}'${s ? ` (did you mean '${s}'?)` : ''}`,
      );
    }
    return i;
  });
  const p = paramVector(c, params);
  const n = result.t.length;
  const y = new Float64Array(c.n);
  const vals = new Float64Array(c.observables.length);
  const outs = wanted.map(() => new Float64Array(n));
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < c.n; i++) y[i] = result.y[c.variables[i]][k];
    c.observe(result.t[k], y, p, vals);
    idx.forEach((j, m) => (outs[m][k] = vals[j]));
  }
  return Object.fromEntries(wanted.map((name, m) => [name, outs[m]]));
}
