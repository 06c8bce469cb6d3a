/**
 * What the generated kernel reports when a run cannot go on, as data a part can hand across
 * threads, and the SimulationError each one becomes (naming population, model, cell, variable,
 * time and value).
 */
import { SimulationError } from '../../../model/errors.js';
import { NetworkError } from '../../../ir/errors.js';
import type { BuiltNetwork } from '../../../ir/network.js';

/** A failure of one part: the generated code's FAIL call and its arguments, or an internal error. */
export type KernelFailure =
  | { kind: 'reset'; args: [p: number, e: number, i: number, te: number] }
  | { kind: 'stuck'; args: [p: number, i: number, t: number] }
  | { kind: 'diverged'; args: [p: number, k: number, i: number, t: number, v: number] }
  | { kind: 'crowded'; args: [p: number, i: number, t: number] }
  | { kind: 'error'; message: string };

/** Of several parts' failures in one step, the one a single part would have hit first (population, then cell). */
export function firstFailure(fs: KernelFailure[]): KernelFailure | undefined {
  const key = (f: KernelFailure): [number, number] => {
    if (f.kind === 'error') return [-1, -1];
    const cell = f.kind === 'reset' || f.kind === 'diverged' ? f.args[2] : f.args[1];
    return [f.args[0], cell];
  };
  return [...fs].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1])[0];
}

export function failureError(net: BuiltNetwork, f: KernelFailure): Error {
  // one line for the user; the worker's stack stays on the error's cause
  if (f.kind === 'error')
    return Object.assign(
      new NetworkError(`a kernel part failed (internal error: ${f.message.split('\n')[0]})`, { network: net.name }),
      { cause: f.message },
    );
  const pop = net.populations[f.args[0]];
  const where = `population '${pop.name}' (model '${pop.model.name}'), cell`;
  switch (f.kind) {
    case 'reset': {
      const [, e, i, te] = f.args;
      return new SimulationError(
        `${where} ${i}: the reset of event '${pop.model.events[e].name}' at t = ${te} ` +
          `leaves its condition true, so it would fire forever; reset below the threshold`,
        { model: pop.model.name, time: te },
      );
    }
    case 'stuck': {
      const [, i, t] = f.args;
      return new SimulationError(
        `${where} ${i}: more than 100000 events within one step at t = ${t}; the events keep re-firing`,
        { model: pop.model.name, time: t },
      );
    }
    case 'crowded': {
      const [, i, t] = f.args;
      return new SimulationError(
        `${where} ${i}: more spikes in the step ending after t = ${t} ` +
          `than the population (or its part) has cells, ` +
          `so some cell fired twice in one step; reduce dt or add a refractory period`,
        {
          model: pop.model.name,
          time: t,
        },
      );
    }
    case 'diverged': {
      const [, k, i, t, v] = f.args;
      const name = pop.model.variables[k].name;
      return new SimulationError(
        `${where} ${i}: variable '${name}' ${Number.isNaN(v) ? 'became NaN' : `reached ${v}`} at t = ${t}; ` +
          `the run diverged — check weights, parameters or dt`,
        { model: pop.model.name, variable: name, time: t, value: v },
      );
    }
  }
}
