/**
 * How a command names its model: a bundled name or a file, or equations inline (--eq), with
 * --preset, --set, --input and --init applied in that order. Shared by every command that runs
 * one model (simulate, and later phase-plane style commands).
 */
import type { Command } from 'commander';
import { Model } from '../model/model.js';
import { loadModel } from '../model/modelfile.js';
import { ModelError, OptionError } from '../model/errors.js';
import { collect, parseAssignments, parseExpressions } from './io.js';

export interface ModelCliOptions {
  eq?: string[];
  name?: string;
  set?: string[];
  input?: string[];
  init?: string[];
  preset?: string;
}

/** Add --eq, --name, --set, --input, --init and --preset to a command taking `[model]`. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option('--eq <equation>', "an equation of an inline model, e.g. \"dv/dt = v - v^3/3 - w + I\" or \"v' = ...\" (repeatable)", collect)
    .option('--name <name>', 'name of an inline model', 'inline')
    .option('--set <name=value,...>', 'parameter values: override a named model\'s, or define an inline model\'s (repeatable)', collect)
    .option('--input <name=expression>', 'a time-dependent input, e.g. "I = t < 500 ? 0.5 : 0" (repeatable)', collect)
    .option('--init <name=value,...>', 'initial values of state variables (repeatable)', collect)
    .option('--preset <name>', 'a named parameter set of the model, e.g. RS');
}

/** What the model options describe, and how (for summaries and plot subtitles). */
export interface ResolvedModel {
  model: Model;
  preset?: string;
  /** parameter values the user gave (after any preset) */
  set: Record<string, number>;
  inputs: Record<string, string>;
}

/** Build the model that `[model]` and the model options describe. */
export function resolveModel(nameOrFile: string | undefined, o: ModelCliOptions): ResolvedModel {
  const set = parseAssignments(o.set, 'set');
  const inputs = parseExpressions(o.input, 'input');
  const init = parseAssignments(o.init, 'init');
  let model: Model;
  if (o.eq && o.eq.length > 0) {
    if (nameOrFile !== undefined) throw new OptionError(`give a model name/file or --eq equations, not both ('${nameOrFile}' and --eq)`);
    if (o.preset) throw new OptionError('--preset needs a named model; an inline (--eq) model has no presets');
    for (const name of Object.keys(inputs)) {
      if (name in set) throw new OptionError(`'${name}' is given both as a parameter (--set) and as an input (--input)`);
    }
    try {
      model = Model.fromEquations(o.name ?? 'inline', o.eq, set, { inputs });
    } catch (e) {
      // the likeliest cause of an unknown symbol in an inline model: a parameter not yet defined
      const m = e instanceof ModelError ? /unknown symbol '([^']+)'/.exec(e.reason) : null;
      if (m) throw new OptionError(`${e instanceof Error ? e.message : e}; define it with --set ${m[1]}=<value>`);
      throw e;
    }
  } else {
    if (nameOrFile === undefined) throw new OptionError('name a model (see `isocline models`), a model file, or give --eq equations');
    model = loadModel(nameOrFile);
    if (o.preset) model = model.preset(o.preset);
    if (Object.keys(set).length > 0) model = model.with(set);
    if (Object.keys(inputs).length > 0) model = model.with(inputs);
  }
  if (Object.keys(init).length > 0) model = model.withInit(init);
  return { model, preset: o.preset, set, inputs };
}
