/**
 * Shared CLI plumbing: option parsing helpers, output, and turning errors into one stderr line.
 * Commands write through `out`/`err` (not process.stdout directly) so main() can run in-process
 * with captured output, as the tests do.
 */
import { IsoclineError, OptionError } from '../model/errors.js';
import { prepareOutputFile } from '../plot/output-path.js';

/** Where a CLI run writes. */
export interface Streams {
  out(text: string): void;
  err(text: string): void;
}

const processStreams: Streams = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};

let current: Streams = processStreams;
let exitCode = 0;

/** Run `body` with output going to `streams`; returns the exit code commands asked for. */
export async function withStreams(streams: Streams | undefined, body: () => Promise<void>): Promise<number> {
  const saved = current;
  current = streams ?? processStreams;
  exitCode = 0;
  try {
    await body();
    return exitCode;
  } finally {
    current = saved;
  }
}

/** Whether err() reaches a terminal (not a pipe, a file or captured output): progress lines only then. */
export const writesToTerminal = (): boolean => current === processStreams && process.stderr.isTTY === true;

/** Write to standard output (or the captured stream). */
export const out = (text: string): void => current.out(text);
/** Write to standard error (or the captured stream). */
export const err = (text: string): void => current.err(text);
/** Ask for a non-zero exit code without throwing (the first failure wins). */
export function setExitCode(code: number): void {
  if (exitCode === 0) exitCode = code;
}

/**
 * Check every output file a command was given, before it computes anything: each must be
 * writable (missing folders are created). Keys are option names without dashes.
 * @example checkOutputs({ png: o.png, chart: o.chart })
 */
export function checkOutputs(files: Record<string, string | undefined>): void {
  for (const [option, file] of Object.entries(files))
    if (file !== undefined) prepareOutputFile(file, `--${option.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
}

/**
 * Parse `a=1,b=2` (repeatable) into a record of numbers. The record has no prototype, so every
 * name the user types (`constructor`, `__proto__`) is an own key that the model then accepts or
 * rejects by name; a name given twice, or an empty item, is an error rather than a silent choice.
 */
export function parseAssignments(values: string[] | string | undefined, what: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  for (const item of list.flatMap((v) => v.split(','))) {
    if (!item.trim())
      throw new OptionError(
        `--${what} expects name=number pairs separated by commas, got an empty item in '${list.join(',')}'`,
      );
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(item);
    const x = m ? strictNumber(m[2]) : NaN;
    if (!m) throw new OptionError(`--${what} expects name=number pairs, got '${item}'`);
    if (!Number.isFinite(x)) throw new OptionError(`--${what}: '${m[1]}' needs a number, got '${m[2]}'`);
    if (Object.hasOwn(out, m[1])) throw new OptionError(`--${what}: '${m[1]}' is given twice (${out[m[1]]} and ${x})`);
    out[m[1]] = x;
  }
  return out;
}

/** Parse `name=expression` (one per option use; the expression may contain commas). */
export function parseExpressions(values: string[] | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const item of values ?? []) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*(.+?)\s*$/.exec(item);
    if (!m) throw new OptionError(`--${what} expects name=expression, got '${item}'`);
    if (Object.hasOwn(out, m[1])) throw new OptionError(`--${what}: '${m[1]}' is given twice`);
    out[m[1]] = m[2];
  }
  return out;
}

// Number('') is 0 and Number('0x10') is 16: neither is what a person typing a value means.
function strictNumber(s: string): number {
  const t = s.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) || /^[+-]?Infinity$/.test(t) ? Number(t) : NaN;
}

/** A finite number option. */
export function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const x = strictNumber(value);
  if (!Number.isFinite(x)) throw new OptionError(`--${name} expects a number, got '${value}'`);
  return x;
}

/** A positive number option. */
export function positive(value: string | undefined, name: string): number | undefined {
  const x = num(value, name);
  if (x !== undefined && !(x > 0)) throw new OptionError(`--${name} must be positive, got '${value}'`);
  return x;
}

/** A time span: `1000` (from 0) or `t0:t1`. */
export function timeSpanOption(value: string | undefined, name = 't'): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(':');
  if (parts.length > 2) throw new OptionError(`--${name} expects t1 or t0:t1, got '${value}'`);
  const [t0, t1] = parts.length === 2 ? parts.map(strictNumber) : [0, strictNumber(parts[0])];
  if (!Number.isFinite(t0) || !Number.isFinite(t1))
    throw new OptionError(`--${name} expects t1 or t0:t1 with numbers, got '${value}'`);
  if (t0 === t1) throw new OptionError(`--${name}: the time span is empty ('${value}')`);
  // the engines integrate t0 -> t1 whichever way it points; from the command line a reversed
  // span is far likelier a typo than a wish to integrate backwards in time
  if (t1 < t0)
    throw new OptionError(`--${name}: the time span runs backwards (${t0} to ${t1}); give t0:t1 with t0 < t1`);
  return [t0, t1];
}

/** A comma-separated list option. */
export const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Collect a repeatable option. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/**
 * JSON with typed arrays as plain arrays. Output beyond the longest string V8 can build (about
 * 512 MB) becomes an OptionError naming the largest array, instead of `Invalid string length`.
 */
export function toJSON(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) =>
      ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v,
    );
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const big = largestArray(value, '', 0);
    const culprit = big ? `: '${big.path}' alone has ${big.length} values` : '';
    throw new OptionError(
      `the JSON output is too large for one string (V8's limit is about 512 MB)${culprit}; ` +
        'record fewer points (--sample, a shorter --t) or write a figure instead',
    );
  }
}

/** The longest array (typed or plain) in a JSON-like value, with its dotted path. */
function largestArray(v: unknown, path: string, depth: number): { path: string; length: number } | undefined {
  if (v === null || typeof v !== 'object' || depth > 8) return undefined;
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const length = (v as ArrayLike<unknown>).length;
    let best: { path: string; length: number } | undefined = { path: path || '(top level)', length };
    if (Array.isArray(v) && v.length > 0) {
      const inner = largestArray(v[0], `${path}[0]`, depth + 1);
      if (inner && inner.length > length) best = inner;
    }
    return best;
  }
  let best: { path: string; length: number } | undefined;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const b = largestArray(x, path ? `${path}.${k}` : k, depth + 1);
    if (b && (!best || b.length > best.length)) best = b;
  }
  return best;
}

/**
 * Run a command body; known errors become one line on stderr and exit code 1 (2 for usage). Any
 * other exception (a TypeError, a stack overflow, a library's own error) is still one line, and
 * names the command and what it ran on, since its own message rarely does; ISOCLINE_DEBUG=1 adds
 * the stack.
 * @example .action((model, o) => guard(() => run(model, o), `simulate ${model}`))
 */
export async function guard(body: () => Promise<void> | void, where?: string): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof IsoclineError) {
      err(`isocline: ${e.message.split('\n')[0]}\n`);
      setExitCode(e instanceof OptionError ? 2 : 1);
      return;
    }
    err(`isocline: ${unexpected(e, where)}\n`);
    if (process.env.ISOCLINE_DEBUG && e instanceof Error && e.stack) err(`${e.stack}\n`);
    setExitCode(1);
  }
}

/**
 * One line for an exception that is not an IsoclineError: where, what kind, the first line of its message
 * (bounded).
 */
export function unexpected(e: unknown, where?: string): string {
  const kind = e instanceof Error ? e.name : typeof e;
  const raw = (e instanceof Error ? e.message : String(e)).replace(/\s*(\r?\n|\r)\s*/g, ' ');
  const message = raw.length > 300 ? `${raw.slice(0, 300)}…` : raw;
  const hint = /Maximum call stack size exceeded/.test(raw) ? ' (the input is nested too deeply)' : '';
  const prefix = where ? `${where}: ` : '';
  return `${prefix}unexpected ${kind}: ${message}${hint} — please report this (ISOCLINE_DEBUG=1 shows the stack)`;
}
