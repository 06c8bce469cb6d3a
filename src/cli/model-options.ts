/**
 * How a command names its model: a bundled name or a file, or equations inline (--eq), with
 * --preset, --set, --input, --event and --init applied in that order. Shared by every command
 * that runs one model.
 *
 * Loaded by every command at start-up, so it imports nothing heavy: the model layer (mathjs) is
 * imported when a model is actually resolved.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Model } from '../model/model.js';
import type { EventSpec } from '../model/spec.js';
import type { MathNode } from '../model/math.js';
import { IsoclineError, ModelError, ModelFileError, OptionError } from '../model/errors.js';
import { collect, err, parseAssignments, parseExpressions } from './io.js';
import { given } from './options.js';

export interface ModelCliOptions {
  eq?: string[];
  name?: string;
  set?: string[];
  input?: string[];
  event?: string[];
  init?: string[];
  preset?: string;
}

/** Which of the optional model options a command uses. */
export interface ModelOptionKinds {
  /** --input: time-dependent inputs (only meaningful for commands that integrate in time) */
  inputs?: boolean;
  /** --event: threshold events of inline models (meaningless for fixed points) */
  events?: boolean;
}

/**
 * Add the model options to a command taking `[model]`: --eq, --name, --set, --init and --preset
 * always; --input and --event only where the command uses them, so that elsewhere they are an
 * unknown option (exit 2) instead of being ignored.
 */
/** The model argument every analysis command takes. */
export const MODEL_ARGUMENT =
  'a bundled model name (see `isocline models`) or a model file (.yaml, .json or XPPAUT .ode)';

export function addModelOptions(cmd: Command, kinds: ModelOptionKinds = {}): Command {
  cmd
    .option(
      '--eq <equation>',
      'an equation of an inline model, e.g. "dv/dt = v - v^3/3 - w + I" or "v\' = ..." (repeatable)',
      collect,
    )
    .option('--name <name>', 'name of an inline (--eq) model (default: inline)')
    .option(
      '--set <name=value,...>',
      "parameter values: override a named model's, or define an inline model's (repeatable)",
      collect,
    );
  if (kinds.inputs)
    cmd.option(
      '--input <name=expression>',
      'a time-dependent input, e.g. "I = t < 500 ? 0.5 : 0" (repeatable)',
      collect,
    );
  if (kinds.events) {
    cmd.option(
      '--event <when: resets>',
      'an event of an inline model, e.g. "v >= 30: v = c; u = u + d"; ' +
        '"refractory <expr>" and "clamp <vars>" may follow the resets (repeatable)',
      collect,
    );
  }
  return cmd
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

/**
 * `"v >= 30: v = c; u = u + d"` as an event. The condition ends at the first `:` that is not the
 * else-branch of a `? :`; after it come assignments separated by `;`, and optionally
 * `refractory <expression>` and `clamp <var>[, <var>]` items (as in a model file's event).
 */
export function parseEventOption(text: string): EventSpec {
  let pending = 0;
  let split = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '?') pending++;
    else if (text[i] === ':') {
      if (pending === 0) {
        split = i;
        break;
      }
      pending--;
    }
  }
  const when = (split < 0 ? text : text.slice(0, split)).trim();
  if (!when)
    throw new OptionError(`--event expects "condition: resets" (e.g. "v >= 30: v = c; u = u + d"), got '${text}'`);
  const event: EventSpec = { when };
  const resets: string[] = [];
  for (const item of split < 0 ? [] : text.slice(split + 1).split(';')) {
    const part = item.trim();
    if (!part) continue;
    const r = /^refractory\s+(?!=)(.+)$/.exec(part);
    const c = /^clamp\s+(?!=)(.+)$/.exec(part);
    if (r) {
      if (event.refractory !== undefined) throw new OptionError(`--event: refractory is given twice in '${text}'`);
      const x = r[1].trim();
      event.refractory = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(x) ? Number(x) : x;
    } else if (c) {
      if (event.clamp !== undefined) throw new OptionError(`--event: clamp is given twice in '${text}'`);
      event.clamp = c[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else resets.push(part);
  }
  if (resets.length) event.reset = resets.join('; ');
  return event;
}

/** Build the model that `[model]` and the model options describe. */
export async function resolveModel(
  nameOrFile: string | undefined,
  o: ModelCliOptions,
  cmd?: Command,
): Promise<ResolvedModel> {
  const set = parseAssignments(o.set, 'set');
  const inputs = parseExpressions(o.input, 'input');
  const init = parseAssignments(o.init, 'init');
  const events = (o.event ?? []).map(parseEventOption);
  // the model layer (and mathjs) only now: `isocline --version` and `--help` never need it
  const { Model } = await import('../model/model.js');
  let model: Model;
  if (o.eq && o.eq.length > 0) {
    if (nameOrFile !== undefined)
      throw new OptionError(`give a model name/file or --eq equations, not both ('${nameOrFile}' and --eq)`);
    if (o.preset !== undefined)
      throw new OptionError('--preset needs a named model; an inline (--eq) model has no presets');
    for (const name of Object.keys(inputs)) {
      if (Object.hasOwn(set, name))
        throw new OptionError(`'${name}' is given both as a parameter (--set) and as an input (--input)`);
    }
    try {
      model = Model.fromEquations(o.name ?? 'inline', o.eq, set, { inputs, events, init });
    } catch (e) {
      // the likeliest cause of an unknown symbol in an inline model: a parameter not yet defined
      const m = e instanceof ModelError ? /unknown symbol '([^']+)'/.exec(e.reason) : null;
      if (m) throw new OptionError(`${e instanceof Error ? e.message : e}; define it with --set ${m[1]}=<value>`);
      throw usage(e);
    }
    // an inline variable has no initial value unless --init gives one: say so, once, on stderr
    const zero = model.variableNames.filter((v) => !Object.hasOwn(init, v));
    if (zero.length) {
      const start = `${zero.join(', ')} start${zero.length === 1 ? 's' : ''}`;
      const inits = zero.map((v) => `${v}=...`).join(',');
      err(`isocline: note: model '${model.name}': ${start} at 0 (no --init ${inits})\n`);
    }
  } else {
    if (nameOrFile === undefined)
      throw new OptionError('name a model (see `isocline models`), a model file, or give --eq equations');
    if (events.length)
      throw new OptionError(
        '--event adds an event to an inline (--eq) model; a named model declares its events in its file',
      );
    if (given(cmd, 'name') || (!cmd && o.name !== undefined))
      throw new OptionError('--name names an inline (--eq) model; a named model keeps its own name');
    const { loadModel } = await import('../model/modelfile.js');
    try {
      model = loadModel(nameOrFile);
    } catch (e) {
      // an argument that names no file and no bundled model is a usage error; a file that
      // exists but does not hold a valid model is a failure of the run
      if (e instanceof ModelFileError && !existsSync(nameOrFile)) throw new OptionError(e.message);
      throw e;
    }
    try {
      if (o.preset !== undefined) model = model.preset(o.preset);
      if (Object.keys(set).length > 0) model = model.with(set);
      if (Object.keys(inputs).length > 0) model = model.with(inputs);
      if (Object.keys(init).length > 0) model = model.withInit(init);
    } catch (e) {
      throw usage(e);
    }
  }
  // a value that reaches no equation changes nothing: refuse it rather than let the user believe
  // it did (every command takes one model, so there is no "same --set for several models" case)
  const used = usedSymbols(model);
  for (const name of [...Object.keys(set), ...Object.keys(inputs)]) {
    if (!used.has(name)) {
      const flag = Object.hasOwn(set, name) ? 'set' : 'input';
      throw new OptionError(
        `model '${model.name}': --${flag} ${name}: '${name}' appears in no equation, initial value, reset or event, ` +
          'so setting it would change nothing',
      );
    }
  }
  return { model, preset: o.preset, set, inputs };
}

/** A model error caused by what the user typed is a usage error (exit code 2), same message. */
function usage(e: unknown): unknown {
  return e instanceof IsoclineError && !(e instanceof OptionError) ? new OptionError(e.message) : e;
}

/** Every symbol the model's equations, initial values, named expressions and events read. */
function usedSymbols(model: Model): Set<string> {
  const ir = model.ir;
  const roots: MathNode[] = [
    ...ir.variables.flatMap((v) => [v.ddt, v.init]),
    ...ir.named.map((n) => n.node),
    ...ir.events.flatMap((e) => [e.g, ...e.resets.map((r) => r.node), ...(e.refractory ? [e.refractory] : [])]),
  ];
  const used = new Set<string>();
  // an explicit stack: the walk must not be the thing that overflows on a deep expression
  const stack: unknown[] = [...roots];
  while (stack.length) {
    const n = stack.pop() as
      | {
          type?: string;
          name?: string;
          args?: unknown[];
          content?: unknown;
          condition?: unknown;
          trueExpr?: unknown;
          falseExpr?: unknown;
        }
      | undefined;
    if (!n || typeof n !== 'object') continue;
    if (n.type === 'SymbolNode' && typeof n.name === 'string') used.add(n.name);
    if (n.args) stack.push(...n.args);
    for (const c of [n.content, n.condition, n.trueExpr, n.falseExpr]) if (c) stack.push(c);
  }
  return used;
}
